#!/usr/bin/env bash
# Installs the bilingual dictionaries that cross-language search reads, from
# Debian or Ubuntu packages (GPL data, read where the system installs it):
# - the FreeDict en-es, en-fr, es-en, fr-en and fr-es dictionaries;
# - Apertium's English-Spanish and French-Spanish dictionaries and analysers,
#   and those it pairs English, Spanish and French with through Catalan and
#   Esperanto (compiled by lttoolbox; presssearch reads the compiled files).
# Without FreeDict presssearch still works, searching each query in the words
# typed; without Apertium it translates with FreeDict alone.
set -e
here="$(dirname "$0")"
"$here/apt-install.sh" \
  "set PRESSSEARCH_DICT_DIR to a folder that holds them; cross-language search is off without them" \
  dict-freedict-eng-fra dict-freedict-eng-spa dict-freedict-fra-eng dict-freedict-spa-eng dict-freedict-fra-spa
"$here/apt-install.sh" \
  "set PRESSSEARCH_APERTIUM_DIR to a folder that holds them; queries are translated with FreeDict alone without them" \
  lttoolbox apertium-eng-spa apertium-fr-es apertium-eng-cat apertium-spa-cat apertium-fra-cat \
  apertium-eo-en apertium-eo-es apertium-eo-fr
