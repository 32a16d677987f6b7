"""Choosing a word's translations by evidence: what the dictionaries say of each
candidate and how the texts searched use it, weighed by a logistic model
measured on the tune part of NTREX (see :meth:`Lexicon.expand
<presssearch.translate.lexicon.Lexicon.expand>`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

Known = Callable[[str, str], bool]


@dataclass
class Candidate:
    """A translation a dictionary gives, and what the dictionaries say of it.

    ``freedict`` and ``apertium``: whether each lists it (in either
    direction); ``paths``: how many translations through the third language
    lead to it (Apertium's English–French ones all do: they go through
    Spanish); ``pos``: Apertium's parts of speech for it (``n``oun,
    ``a``djective, ``v``erb, adve``r``b), empty when unknown; ``readings``:
    the languages of the query word it translates; ``lookalike``: whether it
    looks like the word (:func:`cognates`); ``order``: its rank in the
    dictionaries' order.
    """

    text: str
    order: int
    freedict: bool = False
    apertium: bool = False
    paths: int = 0
    pos: str = ""
    readings: tuple[str, ...] = ()
    lookalike: bool = False

    def strength(self, evidence: dict[str, float]) -> float:
        """What the dictionaries say, as log-odds that the texts use it for the word
        (``evidence``: :data:`EVIDENCE` or :data:`EVIDENCE_FREEDICT`)."""
        return (
            evidence["base"]
            + evidence["freedict"] * self.freedict
            + evidence["apertium"] * self.apertium
            + evidence["path"] * min(self.paths, MAX_PATHS)
            + evidence["lookalike"] * self.lookalike
        )


class Evidence(Protocol):
    """What the texts searched say of a word: in how many of a language's documents it is."""

    def documents(self, lang: str) -> int:
        """The number of documents in ``lang``."""
        ...

    def frequency(self, lang: str, text: str) -> int:
        """The number of documents in ``lang`` with every index term of ``text``, or an estimate."""
        ...

    def together(
        self, lang: str, each: Sequence[Sequence[str]], others: Sequence[str]
    ) -> list[bool]:
        """For each group of ``each``, whether a document in ``lang`` has one of its texts
        and one of ``others`` (each all of its index terms in one field); False where the
        texts cannot say."""
        ...


class KnownOnly:
    """Evidence from a vocabulary alone: whether the texts have a word, not how often."""

    def __init__(self, known: Known) -> None:
        self.known = known

    def documents(self, lang: str) -> int:
        return 0  # unknown: frequencies compare with nothing

    def frequency(self, lang: str, text: str) -> int:
        return 1 if self.known(lang, text) else 0

    def together(
        self, lang: str, each: Sequence[Sequence[str]], others: Sequence[str]
    ) -> list[bool]:
        return [False] * len(each)


#: The evidence for a translation, as log-odds that the documents in its language that
#: have it are those whose counterparts in the query word's language have the word:
#: measured (a logistic fit) on single-word queries of the tune part of NTREX (see
#: bench/evaluate.py, section twins). Each dictionary that lists it counts, Apertium's
#: more than FreeDict's; so does each language a path leads to it through (up to
#: :data:`MAX_PATHS`), and looking like the word (élection, election: the same first
#: four letters). What another translation of the word has and it lacks counts
#: against it: a dictionary that lists it, a path.
EVIDENCE = {
    "base": -0.94,
    "freedict": 0.16,
    "apertium": 0.51,
    "path": 0.28,
    "lookalike": 0.88,
    "pivot only": -0.35,
    # No path leads to it, while some lead to another translation of the word.
    "unconfirmed": -0.16,
    # Per doubling of the share of the target language's documents that have the word
    # as typed, from an eighth of its share in its own language up to four times it.
    "shared": -0.11,
    # Per doubling of its share of its language's documents over the word's in its own:
    # a translation more common than the word is another, broader one.
    "more common": -1.25,
    # Per halving of the share of documents of the word's language that have it,
    # against the language where it is commonest: a reading in a language the texts
    # hardly use it in (English "court", French "court") is probably not the one meant.
    "rarer reading": -1.0,
}
#: The same, measured with FreeDict's dictionaries alone (no Apertium data installed).
EVIDENCE_FREEDICT = {
    **EVIDENCE,
    "base": -0.43,
    "freedict": 0.63,
    "apertium": 0.0,
    "path": -0.09,
    "lookalike": 1.21,
    "pivot only": -0.44,
    "unconfirmed": -0.73,
    "more common": -1.28,
}
#: In a query of a few words, the evidence of the other words: a candidate found in
#: documents that also have one of the other words' candidates (or the words
#: themselves) gains this much strength, one found in none of them loses as much,
#: when some candidate of the word is (court ruling: tribunal, found with fallo, and
#: not cancha, of a basketball court).
CONTEXT = 1.0
#: Queries of at most this many words (function words aside) are read in context.
CONTEXT_WORDS = 3
#: The likeliest candidates of a word asked whether they keep company with the others.
CONTEXT_CANDIDATES = 4
#: Paths counted, at most.
MAX_PATHS = 5
#: The word as typed counts as shared with another language from a share of that
#: language's documents 2**-SHARED_SPAN times its share in its own.
SHARED_SPAN = 3
#: The likelihood (0 to 1) a translation needs to be kept, and the weight at which
#: it counts fully in the query; it weighs its likelihood over that, at most 1.
KEEP_LIKELIHOOD = 0.3
FULL_LIKELIHOOD = 0.7
#: The likelihood at which a word's likeliest translation is kept when none has more.
FALLBACK_LIKELIHOOD = 0.05
#: A word is read in a language whose share of documents that use it is at least
#: this times the largest such share among the languages its dictionaries know.
READING_SHARE = 0.25
#: Other forms searched for a word, at most: the most frequent in the texts.
MAX_FORMS = 4
#: Parts of speech, the one to show first when several words make the same terms.
_POS_ORDER = "narv"


def share(evidence: Evidence, lang: str, text: str) -> float:
    """The share of ``lang``'s documents that have ``text`` (0 when it has none)."""
    total = evidence.documents(lang)
    return evidence.frequency(lang, text) / total if total > 0 else 0.0


def source_share(evidence: Evidence | None, lang: str, words: Sequence[str]) -> float | None:
    """The share of ``lang``'s documents that have the commonest of ``words`` (a word and
    its forms), or None when unknown."""
    if evidence is None:
        return None
    total = evidence.documents(lang)
    if total <= 0:
        return None
    return (max(evidence.frequency(lang, w) for w in words) + 1) / (total + 1)


def choose(
    candidates: Sequence[Candidate],
    target: str,
    sources: dict[str, float | None],
    evidence: Evidence | None,
    cap: int,
    forms_of: Callable[[str], tuple[str, ...]] = lambda word: (),
    model: dict[str, float] = EVIDENCE,
    context: Sequence[str] = (),
) -> list[tuple[str, float, tuple[str, ...]]]:
    """The candidates kept, strongest first, each with its weight and its other forms that
    the texts have (see :meth:`Lexicon.expand`); ``context``, the other query words and
    their candidates in ``target`` (see :data:`CONTEXT`)."""
    from presssearch.analyze import analyzer_for

    analyzer = analyzer_for(target)
    merged: dict[tuple[str, ...], Candidate] = {}
    for c in candidates:
        terms = tuple(analyzer.terms(c.text))
        if not terms:
            continue
        same = merged.get(terms)
        if same is None:
            merged[terms] = c  # read, never changed: a merge makes a new one
            continue
        # One index term, several words: what any dictionary says of any of them.
        shown = min((same, c), key=_shown_first)
        merged[terms] = dataclasses.replace(
            shown,
            freedict=same.freedict or c.freedict,
            apertium=same.apertium or c.apertium,
            paths=same.paths + c.paths,
            lookalike=same.lookalike or c.lookalike,
            readings=tuple(dict.fromkeys(same.readings + c.readings)),
            order=min(same.order, c.order),
        )
    total = evidence.documents(target) if evidence is not None else 0
    known_shares = [v for v in sources.values() if v is not None]
    commonest = max(known_shares, default=0.0)
    listed = any(c.freedict or c.apertium for c in merged.values())
    confirmed = any(c.paths for c in merged.values())
    # What the dictionaries and the readings of the word say. The texts' evidence only
    # ever lowers it, the context aside, so the strongest are asked first and the
    # others only while they could still change what is kept.
    priors: list[tuple[float, Candidate]] = []
    for c in merged.values():
        strength = c.strength(model)
        if listed and not (c.freedict or c.apertium):
            strength += model["pivot only"]
        if confirmed and not c.paths:
            strength += model["unconfirmed"]
        shares = [v for lang in c.readings if (v := sources.get(lang)) is not None]
        if commonest and shares:
            strength += model["rarer reading"] * math.log2(commonest / max(shares))
        priors.append((strength, c))
    priors.sort(key=lambda p: (-p[0], p[1].order))
    in_context = evidence is not None and bool(context)
    asked = CONTEXT_CANDIDATES if in_context else 0

    def score(prior: float, c: Candidate) -> tuple[float, int, str, tuple[str, ...]] | None:
        forms = forms_of(c.text)
        strength = prior
        if evidence is not None:
            df = max(evidence.frequency(target, w) for w in (c.text, *forms))
            if not df:
                return None
            shares = [v for lang in c.readings if (v := sources.get(lang)) is not None]
            if total > 0 and shares:
                ratio = (df + 1) / (total + 1) / max(shares)
                strength += model["more common"] * max(0.0, math.log2(ratio))
        return (strength, c.order, c.text, forms)

    scored: list[tuple[float, int, str, tuple[str, ...]]] = []
    rest = len(priors)
    for i, (prior, c) in enumerate(priors):
        if (
            evidence is not None
            and _likelihood(prior) < KEEP_LIKELIHOOD
            and sum(s[0] > prior for s in scored) >= asked
        ):
            rest = i  # none of the rest can be kept, nor be among the likeliest few
            break
        if (found := score(prior, c)) is not None:
            scored.append(found)
    if in_context and len(scored) > 1:
        # The likeliest few are asked which of them keep company with the other words.
        scored.sort(key=lambda s: (-s[0], s[1]))
        top = scored[:CONTEXT_CANDIDATES]
        together = evidence.together(target, [(text, *forms) for _, _, text, forms in top], context)
        if any(together):
            top = [
                (strength + (CONTEXT if n else -CONTEXT), order, text, forms)
                for (strength, order, text, forms), n in zip(top, together, strict=True)
            ]
            scored = top + scored[CONTEXT_CANDIDATES:]
    best = max((s[0] for s in scored), default=-math.inf)
    if rest < len(priors) and _likelihood(best) < KEEP_LIKELIHOOD and best <= priors[rest][0]:
        # None kept: the likeliest is, if likely enough, and one of the rest may be it.
        scored += [f for prior, c in priors[rest:] if (f := score(prior, c)) is not None]
    scored = [(_likelihood(s), order, text, forms) for s, order, text, forms in scored]
    scored.sort(key=lambda s: (-s[0], s[1]))
    kept = [s for s in scored if s[0] >= KEEP_LIKELIHOOD]
    if not kept and scored and scored[0][0] >= FALLBACK_LIKELIHOOD:
        kept = scored[:1]  # a word's likeliest translation, when it has no likely one
    return [
        (text, min(1.0, likelihood / FULL_LIKELIHOOD), forms)
        for likelihood, _, text, forms in kept[:cap]
    ]


def _likelihood(strength: float) -> float:
    """Log-odds as a likelihood, 0 to 1."""
    return 1 / (1 + math.exp(-strength))


def _shown_first(c: Candidate) -> tuple[int, int]:
    """Which of the words that make the same terms to show: a noun, then the first listed."""
    ranks = [_POS_ORDER.index(p) for p in c.pos if p in _POS_ORDER]
    return (min(ranks) if ranks else len(_POS_ORDER) - 1, c.order)
