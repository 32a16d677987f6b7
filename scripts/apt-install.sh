#!/usr/bin/env bash
# Installs the Debian or Ubuntu packages named that are missing, as root or
# through sudo. It never fails its caller: without apt-get, or when the
# install fails, it prints one notice saying what will not work.
# Usage: apt-install.sh "WHAT IS LOST WITHOUT THEM" PACKAGE...
set -u
lost="$1"
shift
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "notice: apt-get not found; install$missing with your package manager, or $lost" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq $missing >/dev/null 2>&1; then
  echo "notice: could not install$missing; $lost" >&2
fi
exit 0
