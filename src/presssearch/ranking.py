"""presssearch's ranking, defined once: how a query tree scores a document, on every engine.

The weights the query plan gives (titles, the query's own language,
translations) are set here, and so is the score of every kind of node of
:mod:`presssearch.engine`'s query tree:

- a **term of a text field** scores by BM25::

      idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average)) * boost
      idf = log(1 + (N - n + 0.5) / (n + 0.5))

  with ``tf`` the term's frequency in the document's field, ``length`` the
  field's length in terms read on :data:`LENGTH_SCALE`, and statistics **per
  language**: for a field of one language (``body_es``), ``N`` counts the
  documents of that language, ``n`` those with the term, and ``average`` is
  the field's total length over ``N``; for a field every document has (the
  outlet's words, the authors'), the whole index's;
- a **phrase** scores as its words together (the sum of their scores), times
  its boost, in the documents where it occurs;
- a term of a keyword field, a wildcard, a fuzzy term, a date range and
  "everything" score their boost: they restrict, they do not rank;
- :class:`~presssearch.engine.AnyOf` adds its matched children's scores,
  :class:`~presssearch.engine.BestOf` takes the best,
  :class:`~presssearch.engine.Coord` adds them and scales the sum by the
  share of children matched (``(1 - coord) + coord * matched / children``),
  :class:`~presssearch.engine.AllOf` adds them over the documents matching
  all, and :class:`~presssearch.engine.Not` scores 1 in every document not
  matching its child; a group's boost multiplies its score;
- equal scores rank in the order the documents were written.

An engine that ranks by these rules supplies the statistics of
:class:`Statistics` over the documents it scores (all of them, or the
candidates it found) and calls :func:`score` and :func:`best`. The constants
were set on the TIME and NTREX collections (see ``bench/evaluate.py``).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Protocol

import numpy as np

from presssearch.engine import (
    FIELD_LANGUAGES,
    FIELDS,
    AllOf,
    AnyOf,
    BestOf,
    Coord,
    Everything,
    Node,
    Not,
    Phrase,
    Term,
)

__all__ = [
    "BM25_B",
    "BM25_K1",
    "COORDINATION",
    "FORM_WEIGHT",
    "LENGTH_SCALE",
    "SOURCE_BONUS",
    "TITLE_BOOST",
    "TRANSLATION_CAP",
    "TRANSLATION_WEIGHT",
    "Statistics",
    "best",
    "bm25",
    "field_language",
    "idf",
    "scaled_length",
    "score",
]

# -- the plan's weights -------------------------------------------------------------------------

#: A title field's weight beside its body field's.
TITLE_BOOST = 0.5
#: Extra weight of a query word matched in the query's own language.
SOURCE_BONUS = 2.5
#: Translations per word and language, the dictionary's first senses first.
TRANSLATION_CAP = 4
#: The weight of all the translations of one query word together.
TRANSLATION_WEIGHT = 1.0
#: The weight of the other forms of the words typed (made: make) in their own
#: language, for the documents that have only those.
FORM_WEIGHT = 0.1
#: How much matching more of the query's words counts (0: not at all, 1: fully).
COORDINATION = 0.5

# -- BM25 ---------------------------------------------------------------------------------------

#: Term-frequency saturation and length normalization.
BM25_K1 = 2.2
BM25_B = 0.75

#: The field lengths BM25 tells apart: 256 steps, exact for short fields and
#: about 3% apart for long ones (``round((1.033**n - 1) * 27)``).
LENGTH_SCALE = tuple(round((1.033**n - 1) * 27) for n in range(256))
_SCALE = np.asarray(LENGTH_SCALE, dtype=np.float64)


def scaled_length(length: int) -> int:
    """``length`` as BM25 reads it: the nearest value of :data:`LENGTH_SCALE` at or above it."""
    return LENGTH_SCALE[min(bisect_left(LENGTH_SCALE, length), len(LENGTH_SCALE) - 1)]


def _scaled(lengths: np.ndarray) -> np.ndarray:
    return _SCALE[np.minimum(np.searchsorted(_SCALE, lengths, side="left"), len(_SCALE) - 1)]


def idf(documents: float, having: float) -> float:
    """The weight of a term found in ``having`` of ``documents`` documents."""
    return math.log(1 + (documents - having + 0.5) / (having + 0.5))


def bm25(tf: np.ndarray, lengths: np.ndarray, weight: float, average: float) -> np.ndarray:
    """Each document's BM25 score for one term, from its frequencies and exact field lengths.

    ``weight`` is the term's idf times the node's boost.
    """
    norm = BM25_K1 * ((1 - BM25_B) + BM25_B * _scaled(lengths) / average)
    return weight * (tf * (BM25_K1 + 1)) / (tf + norm)


def field_language(field: str) -> str | None:
    """The language whose documents alone have ``field`` (``body_es``: ``es``), or None
    for a field of every document (the outlet's words): whose statistics BM25 uses."""
    code = field.rsplit("_", 1)[-1]
    if FIELDS.get(field) == "text" and code in FIELD_LANGUAGES:
        return code
    return None


# -- what an engine supplies --------------------------------------------------------------------


class Statistics(Protocol):
    """What an engine supplies for :func:`score`, over the documents it scores.

    Documents are named by integers of the engine's choosing (unique, not
    necessarily dense); arrays of them are sorted. ``scope`` is every
    document being scored: the whole index, or the candidates an engine
    found. Counts and lengths (``documents``, ``doc_frequency``,
    ``total_length``) are over the whole index, whatever the scope.
    """

    def scope(self) -> np.ndarray:
        """The documents scored, sorted."""
        ...

    def documents(self, language: str | None) -> int:
        """How many documents have the fields of ``language`` (None: every document)."""
        ...

    def total_length(self, field: str) -> float:
        """The sum of ``field``'s lengths, in terms, over the documents that have it."""
        ...

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents have ``term`` in ``field``."""
        ...

    def frequencies(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents of the scope with ``term`` in text ``field`` (sorted), and its
        frequency in each."""
        ...

    def lengths(self, field: str, docs: np.ndarray) -> np.ndarray:
        """The exact length, in terms, of ``field`` in each of ``docs``."""
        ...

    def matching(self, leaf: Node) -> np.ndarray:
        """The documents of the scope ``leaf`` matches, sorted: a phrase (where its words
        occur in order), a keyword term, a wildcard, a fuzzy term, a date range."""
        ...


# -- scoring a query tree -----------------------------------------------------------------------

_NOTHING = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def score(node: Node, stats: Statistics) -> tuple[np.ndarray, np.ndarray]:
    """The documents of the scope ``node`` matches (sorted) and their scores.

    Each leaf is looked up once; the tree is then combined over the
    documents any leaf matched (the whole scope under a
    :class:`~presssearch.engine.Not` or :class:`~presssearch.engine.Everything`),
    one array per node.
    """
    leaves = {leaf: _leaf(leaf, stats) for leaf in _leaves(node)}
    if _needs_scope(node):
        universe = stats.scope()
    else:
        found = [docs for docs, _ in leaves.values() if len(docs)]
        universe = np.unique(np.concatenate(found)) if found else _NOTHING[0]
    if not len(universe):
        return _NOTHING
    nothing = (np.zeros(len(universe), dtype=bool), np.zeros(len(universe)))
    dense = {
        leaf: _spread(docs, values, universe) if len(docs) else nothing
        for leaf, (docs, values) in leaves.items()
    }
    matched, scores = _combine(node, dense, len(universe), nothing)
    return universe[matched], scores[matched]


def _leaves(node: Node) -> list[Node]:
    if isinstance(node, Not):
        return _leaves(node.child)
    if isinstance(node, AnyOf | BestOf | Coord | AllOf):
        return [leaf for child in node.children for leaf in _leaves(child)]
    return [] if isinstance(node, Everything) else [node]


def _needs_scope(node: Node) -> bool:
    if isinstance(node, Not | Everything):
        return True
    if isinstance(node, AnyOf | BestOf | Coord | AllOf):
        return any(_needs_scope(child) for child in node.children)
    return False


def _spread(
    docs: np.ndarray, values: np.ndarray, universe: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A leaf's sparse result as a mask and scores over ``universe`` (which holds ``docs``)."""
    matched = np.zeros(len(universe), dtype=bool)
    scores = np.zeros(len(universe))
    at = np.searchsorted(universe, docs)
    matched[at] = True
    scores[at] = values
    return matched, scores


def _combine(
    node: Node,
    dense: dict[Node, tuple[np.ndarray, np.ndarray]],
    size: int,
    nothing: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Which documents ``node`` matches and their scores, from its leaves' (all scores >= 0).

    ``nothing`` (no document matched) is shared by every such node: never changed.
    """
    if isinstance(node, Everything):
        return np.ones(size, dtype=bool), np.full(size, node.boost)
    if isinstance(node, Not):
        inside, _ = _combine(node.child, dense, size, nothing)
        return ~inside, np.ones(size)
    if not isinstance(node, AnyOf | BestOf | Coord | AllOf):
        return dense[node]
    parts = [_combine(child, dense, size, nothing) for child in node.children]
    if isinstance(node, AllOf):
        if any(part is nothing for part in parts):
            return nothing
    else:
        parts = [part for part in parts if part is not nothing]
        if not parts:
            return nothing
    if isinstance(node, Coord):
        share = _coordination(parts, len(node.children), node.coord)
    matched = parts[0][0].copy()
    scores = parts[0][1].copy()
    if isinstance(node, AllOf):
        for other_matched, other_scores in parts[1:]:
            matched &= other_matched
            scores += other_scores
    elif isinstance(node, BestOf):
        for other_matched, other_scores in parts[1:]:
            matched |= other_matched
            np.maximum(scores, other_scores, out=scores)
    else:
        for other_matched, other_scores in parts[1:]:
            matched |= other_matched
            scores += other_scores
        if isinstance(node, Coord):
            scores *= share
    if node.boost != 1.0:
        scores *= node.boost
    return matched, np.where(matched, scores, 0.0)


def _coordination(
    parts: list[tuple[np.ndarray, np.ndarray]], children: int, coord: float
) -> np.ndarray:
    """Each document's coordination factor: ``(1 - coord) + coord * matched / children``."""
    count = parts[0][0].astype(np.int64)
    for other_matched, _ in parts[1:]:
        count += other_matched
    return (1.0 - coord) + coord * (count / children)


def _leaf(node: Node, stats: Statistics) -> tuple[np.ndarray, np.ndarray]:
    """The documents of the scope a leaf matches (sorted) and their scores."""
    if isinstance(node, Term):
        return _term(node, stats)
    if isinstance(node, Phrase):
        return _phrase(node, stats)
    docs = stats.matching(node)
    return docs, np.full(len(docs), node.boost)


def _term(node: Term, stats: Statistics) -> tuple[np.ndarray, np.ndarray]:
    kind = FIELDS.get(node.field)
    if kind is None:
        return _NOTHING
    if kind != "text":
        docs = stats.matching(node)
        return docs, np.full(len(docs), node.boost)
    docs, tf = stats.frequencies(node.field, node.text)
    if not len(docs):
        return _NOTHING
    language = field_language(node.field)
    documents = max(stats.documents(language), 1)
    average = (stats.total_length(node.field) / documents) or 1.0
    weight = idf(documents, stats.doc_frequency(node.field, node.text)) * node.boost
    return docs, bm25(tf, stats.lengths(node.field, docs), weight, average)


def _phrase(node: Phrase, stats: Statistics) -> tuple[np.ndarray, np.ndarray]:
    """A phrase scores as its words together, where it occurs."""
    docs = stats.matching(node)
    if not len(docs):
        return _NOTHING
    total = np.zeros(len(docs))
    for word in node.terms:
        word_docs, word_scores = _term(Term(node.field, word), stats)
        if len(word_docs):
            found = np.minimum(np.searchsorted(word_docs, docs), len(word_docs) - 1)
            total += np.where(word_docs[found] == docs, word_scores[found], 0.0)
    return docs, total * node.boost


def best(
    docs: np.ndarray, scores: np.ndarray, written: np.ndarray, limit: int | None
) -> np.ndarray:
    """The positions of the best ``limit`` documents (all with None), best first.

    Equal scores rank by ``written``, the order in which each document was
    written (earlier first).
    """
    if limit is not None and len(docs) > limit:
        # The limit-th best score; everything at or above it is sorted.
        cut = -np.partition(-scores, limit - 1)[limit - 1]
        keep = np.flatnonzero(scores >= cut)
        order = keep[np.lexsort((written[keep], -scores[keep]))]
        return order[:limit]
    return np.lexsort((written, -scores))
