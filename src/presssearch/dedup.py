"""Near-duplicate detection: the same wire story in several outlets.

Each article's text becomes a MinHash signature over its
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
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from presssearch.common import fold

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
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The signature's :data:`PERMUTATIONS` affine maps ``h -> a * h + b`` on 32 bits
    (``a`` odd, so each is a bijection), drawn from a fixed seed."""
    draw = np.random.RandomState(7)
    a = draw.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: spreads the bits of each hash before the maps."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _signature(shingles: list[bytes]) -> np.ndarray:
    """The smallest image of the shingles' 32-bit SHA-1 prefixes under each map."""
    hashes = np.fromiter(
        (int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles),
        dtype=np.uint32,
        count=len(shingles),
    )
    a, b = _permutations()
    with np.errstate(over="ignore"):  # the arithmetic is modulo 2**32
        images = _mix(hashes.reshape(-1, 1)) * a + b
    return images.min(axis=0)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text.lower()))


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of ``text``, or None when it is too short to compare."""
    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(run) for run in zip(*(words[i:] for i in range(SHINGLE)), strict=False)}
    values = _signature([s.encode() for s in shingles]).astype("<u4")
    rows = PERMUTATIONS // BANDS
    bands = tuple(
        f"{b}x"
        + hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=6).hexdigest()
        for b in range(BANDS)
    )
    return Fingerprint(values.tobytes(), bands)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    va = np.frombuffer(a, dtype="<u4")
    vb = np.frombuffer(b, dtype="<u4")
    if va.shape != vb.shape or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)
