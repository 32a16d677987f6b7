#!/usr/bin/env bash
# Installs the bilingual dictionaries that cross-language search reads: the
# FreeDict en-es, en-fr, es-en, fr-en and fr-es dictionaries from Debian or
# Ubuntu packages (GPL data, read where the system installs it). Without them
# presssearch still works, searching each query in the words typed.
set -u
packages="dict-freedict-eng-fra dict-freedict-eng-spa dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "notice: apt-get not found; install the FreeDict dictionaries ($packages) with your package manager, or set PRESSSEARCH_DICT_DIR to a folder that holds them" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq $missing >/dev/null 2>&1; then
  echo "notice: could not install$missing; cross-language search will be off" >&2
fi
exit 0
