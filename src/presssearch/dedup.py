"""Near-duplicate detection: the same wire story in several outlets.

Each article's text becomes a MinHash signature (datasketch) over its
five-word shingles, after case and accent folding, so that two copies of a
story with a different headline, byline or a few edited sentences still
share most shingles. Signatures are cut into bands; documents that share a
band are candidates, and a candidate whose estimated Jaccard similarity
reaches :data:`THRESHOLD` joins the other's group.

The index stores each document's bands (to find candidates), its signature
(to verify them) and its group id (the id of the first document of the group).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import numpy as np

__all__ = ["THRESHOLD", "Fingerprint", "fingerprint", "similarity"]

#: Estimated Jaccard similarity of shingle sets at which two texts are copies.
THRESHOLD = 0.5
SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16  # of 4 rows: candidates from a true similarity of about .4 up
MIN_WORDS = 30  # shorter texts share too few shingles to judge

_WORD = re.compile(r"\w+")


class Fingerprint(NamedTuple):
    """A text's MinHash signature and the band keys derived from it."""

    signature: bytes
    bands: tuple[str, ...]


@lru_cache(maxsize=1)
def _permutations():  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    base = MinHash(num_perm=PERMUTATIONS, seed=7)
    return base.permutations, base.scheme


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    if not folded.isascii():
        # The accents NFKD split off, each removed in one pass: a text has few kinds.
        for mark in {c for c in set(folded) if unicodedata.combining(c)}:
            folded = folded.replace(mark, "")
    return _WORD.findall(folded)


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of ``text``, or None when it is too short to compare."""
    from datasketch import MinHash

    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(run) for run in zip(*(words[i:] for i in range(SHINGLE)), strict=False)}
    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=PERMUTATIONS, permutations=permutations, scheme=scheme)
    minhash.update_batch([s.encode() for s in shingles])
    values = minhash.hashvalues.astype("<u4")
    rows = PERMUTATIONS // BANDS
    bands = tuple(
        f"{b}x"
        + hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=6).hexdigest()
        for b in range(BANDS)
    )
    return Fingerprint(values.tobytes(), bands)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=6).hexdigest()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    va = np.frombuffer(a, dtype="<u4")
    vb = np.frombuffer(b, dtype="<u4")
    if va.shape != vb.shape or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)
