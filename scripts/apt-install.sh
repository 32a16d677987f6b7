#!/usr/bin/env bash
# Installs the Debian or Ubuntu packages named that are missing, as root or
# through sudo. Outside CI it never fails its caller: without apt-get, or when
# the install fails, it prints one notice saying what will not work. Under CI
# (CI=true, as CI services and .ci/run set it) the same notice is an error and
# it exits 1: the tests that need the packages must run there, not be skipped.
# Usage: apt-install.sh "WHAT IS LOST WITHOUT THEM" PACKAGE...
set -u
lost="$1"
shift
case "${CI:-}" in
  [Tt][Rr][Uu][Ee] | 1) ci=1 ;;
  *) ci=0 ;;
esac
# One line on stderr; under CI the end of the script, with status 1.
give_up() {
  if [ "$ci" -eq 1 ]; then
    echo "error: $1 (CI=true: the tests need them)" >&2
    exit 1
  fi
  echo "notice: $1" >&2
  exit 0
}
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  give_up "apt-get not found; install$missing with your package manager, or $lost"
fi
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || true
if ! $sudo apt-get install -y -qq $missing >/dev/null 2>&1; then
  give_up "could not install$missing; $lost"
fi
exit 0
