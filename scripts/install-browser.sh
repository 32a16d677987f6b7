#!/usr/bin/env bash
# Installs Chromium, which the browser tests of `presssearch serve`
# (tests/test_serve_browser.py) drive through Playwright: Debian's or Ubuntu's
# `chromium` package, never a browser downloaded by Playwright. Without it the
# browser tests skip and say why; everything else works.
set -u
for candidate in chromium chromium-browser; do
  command -v "$candidate" >/dev/null 2>&1 && exit 0
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "notice: apt-get not found; install Chromium with your package manager (or set PRESSSEARCH_CHROMIUM to its path) to run the browser tests" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq chromium >/dev/null 2>&1; then
  echo "notice: could not install chromium; the browser tests will be skipped" >&2
fi
exit 0
