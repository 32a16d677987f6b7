"""The ranking's settings, shared by query planning and every engine.

Ranking is BM25F over per-language title and body fields, with statistics
per language (each engine computes them); the plan adds the weights below.
They were set on the TIME and NTREX collections (see ``bench/evaluate.py``).
"""

from __future__ import annotations

from bisect import bisect_left

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
    "scaled_length",
]

#: A title field's weight beside its body field's.
TITLE_BOOST = 0.5
#: BM25F: term-frequency saturation and length normalization.
BM25_K1 = 2.2
BM25_B = 0.75
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

#: The field lengths BM25 tells apart: one byte's worth, exact for short fields
#: and about 3% apart for long ones (Whoosh's scale, ``(1.033**n - 1) * 27``).
LENGTH_SCALE = tuple(round((1.033**n - 1) * 27) for n in range(256))


def scaled_length(length: int) -> int:
    """``length`` as BM25 reads it: the nearest value of :data:`LENGTH_SCALE` at or above it."""
    return LENGTH_SCALE[min(bisect_left(LENGTH_SCALE, length), len(LENGTH_SCALE) - 1)]
