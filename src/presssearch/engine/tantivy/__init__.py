"""The tantivy engine: a compiled index for large collections.

The same documents and query trees as the Whoosh engine, on tantivy (the
official Python bindings). Text arrives analyzed by
:mod:`presssearch.analyze` (index terms joined by spaces) and is split by
tantivy's ``whitespace`` tokenizer, so both engines hold the same terms at
the same positions and phrases work alike.

The data folder holds one tantivy index per analyzed language (``lang-en``,
``lang-es``, ``lang-fr``, and ``lang-xx`` for any other), so each language's
document count and field lengths are its own. tantivy finds the candidates
by its own BM25 (its constants are fixed), and :mod:`presssearch.ranking`
scores the best of them from statistics stored at index time
(:mod:`.statistics`): presssearch analyzes the text, so it writes each
term's frequency in each document as terms of a field of its own, and each
field's length as a column. What differs from the Whoosh engine:

- a document is stored in the index of its language: a change of language
  on re-indexing deletes it from one index and adds it to another, and a
  process killed in the instant between the languages' commits keeps part
  of the last batch (the next run completes it; Ctrl-C waits for the
  commits).

Documents are addressed as ``(language index, segment, document)`` tuples.
tantivy's searchers may be used by several threads at once. This package
declares the engine and imports without tantivy (``pip install
'presssearch[tantivy]'`` installs it), so that presssearch can clean up after
the engine anywhere; its modules, loaded when the engine is used, follow the
data: :mod:`.schema` (what a document becomes), :mod:`.store` (the folder and
its writer), :mod:`.reader` (searches, stored values, counts) and
:mod:`.statistics` (what the ranking asks of the candidates).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from typing import TYPE_CHECKING

from presssearch.engine import EngineSpec

if TYPE_CHECKING:
    from presssearch.engine.tantivy.store import TantivyEngine

__all__ = ["ENGINE"]


def _load() -> type[TantivyEngine]:
    if importlib.util.find_spec("tantivy") is None:
        raise ENGINE.missing()
    from presssearch.engine.tantivy.store import TantivyEngine

    return TantivyEngine


def _close_inherited_locks() -> None:
    """Close the lock files a worker inherited from the parent at the fork.

    tantivy's lock (``.tantivy-meta.lock``) held by a thread of the parent
    when the pool forked would otherwise stay held by the worker's copy of
    the file after the parent lets it go, and the parent would wait for it
    forever.
    """
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError, ValueError):
                target = os.readlink(f"/proc/self/fd/{name}")
                if os.path.basename(target).startswith(".tantivy-"):
                    os.close(int(name))


ENGINE = EngineSpec(
    name=__name__.rpartition(".")[2],  # an engine's name is its module's
    # One index folder per language, in which only tantivy writes.
    files=re.compile(r"^lang-(en|es|fr|xx)$"),
    load=_load,
    library="tantivy",
    extra="tantivy",
    summary="for large collections",
    # Each language's writer holds about a thousand documents in its memory
    # (store.WRITER_HEAP_BYTES); committing before that only makes more, smaller
    # segments: 1,000 documents a commit made six a language of a 6,000-article
    # index, and its queries' p95 about 15% slower than with two.
    batch=3000,
    atomic_commits=False,
    after_fork=_close_inherited_locks,
)
