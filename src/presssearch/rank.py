"""The ranking's settings, shared by query planning and every engine.

Ranking is BM25F over per-language title and body fields, with statistics
per language (each engine computes them); the plan adds the weights below.
They were set on the TIME and NTREX collections (see ``bench/evaluate.py``).
"""

from __future__ import annotations

__all__ = [
    "BM25_B",
    "BM25_K1",
    "COORDINATION",
    "SOURCE_BONUS",
    "TITLE_BOOST",
    "TRANSLATION_CAP",
    "TRANSLATION_WEIGHT",
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
#: How much matching more of the query's words counts (0: not at all, 1: fully).
COORDINATION = 0.5
