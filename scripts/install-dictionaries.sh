#!/usr/bin/env bash
# Installs the bilingual dictionaries that cross-language search reads: the
# FreeDict en-es, en-fr, es-en, fr-en and fr-es dictionaries from Debian or
# Ubuntu packages (GPL data, read where the system installs it). Without them
# presssearch still works, searching each query in the words typed.
exec "$(dirname "$0")/apt-install.sh" \
  "set PRESSSEARCH_DICT_DIR to a folder that holds them; cross-language search is off without them" \
  dict-freedict-eng-fra dict-freedict-eng-spa dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa
