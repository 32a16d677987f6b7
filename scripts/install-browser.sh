#!/usr/bin/env bash
# Installs Chromium, which the browser tests of `presssearch serve`
# (tests/test_serve_browser.py) drive through Playwright: Debian's or Ubuntu's
# `chromium` package, never a browser downloaded by Playwright. Without it the
# browser tests skip and say why; everything else works.
for candidate in chromium chromium-browser; do
  command -v "$candidate" >/dev/null 2>&1 && exit 0
done
exec "$(dirname "$0")/apt-install.sh" \
  "set PRESSSEARCH_CHROMIUM to a Chromium's path; the browser tests are skipped without it" \
  chromium
