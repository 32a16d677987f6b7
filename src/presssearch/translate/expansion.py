"""A query word's or expression's translations (:class:`Expansion`), and how an
expression's are put together from its own and its words' (:func:`compose`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from presssearch.translate.dictd import LANGS, WORD, fold, round_robin

__all__ = ["Expansion", "compose", "contained", "expansion", "tokens"]


@dataclass(frozen=True)
class Expansion:
    """One query word, or expression of up to three words, and its translations.

    ``translations`` maps each target language to at most ``cap`` translations,
    best first; it is empty for a word no dictionary knows (a name such as
    ``Audiard``) or a stop word. ``languages`` are the languages the words were
    found in: a word found in English is translated into Spanish and French only.

    ``weights`` gives, for each language, the weight of each translation
    (0 to 1): how strong the evidence for it is (see :meth:`Lexicon.expand`),
    less for translations into a language the words belong to themselves
    (:data:`HOMOGRAPH_WEIGHT`: English ``court`` is also French for *short*).
    """

    words: tuple[str, ...]
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    languages: tuple[str, ...] = ()
    weights: dict[str, tuple[float, ...]] = field(default_factory=dict, hash=False, compare=False)
    #: (language, lower-case word) -> other forms of a translation, or of the words
    #: themselves in a language they belong to, that its analyzer stems otherwise
    #: (``decir``: ``dice``, ``dijo``; ``made``: ``make``): they match for it.
    forms: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, hash=False, compare=False
    )
    #: For an expression, one expansion per word: the expression's own translations
    #: and the word's that they contain (its part of the expression, for a word's
    #: clause of a query); empty for a single word.
    parts: tuple[Expansion, ...] = field(default=(), hash=False, compare=False)

    @property
    def text(self) -> str:
        """The words covered, as one string."""
        return " ".join(self.words)


def expansion(
    words: tuple[str, ...],
    translations: dict[str, tuple[str, ...]],
    found: dict[str, list[str]],
    weights: dict[tuple[str, str], float],
    forms: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> Expansion:
    return Expansion(
        words,
        translations,
        tuple(found),
        {k: tuple(weights.get((k, t.lower()), 1.0) for t in ts) for k, ts in translations.items()},
        forms or {},
    )


def tokens(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(fold(text.lower())))


def contained(translations: Sequence[str], wholes: Sequence[str]) -> bool:
    """Whether one of ``translations`` is inside one of ``wholes`` (word for word)."""
    return any(tokens(t) <= tokens(w) for t in translations for w in wholes)


def compose(
    own: dict[str, list[str]],
    parts: Sequence[dict[str, list[str]]],
    sources: Iterable[str],
    cap: int,
) -> dict[str, tuple[str, ...]]:
    """An expression's translations, then those of its words that they contain (all
    its words', into a language it has no translation of its own into).

    A language the expression was found in gets its words' translations only
    if the expression has translations into it too (from another language).
    """
    own_tokens = {lang: [tokens(t) for t in ts] for lang, ts in own.items()}

    def holds(part: dict[str, list[str]]) -> bool:
        return any(
            tokens(t) <= whole
            for lang, ts in part.items()
            for t in ts
            for whole in own_tokens.get(lang, ())
        )

    kept = [p for p in parts if holds(p)]
    limit = cap * max(1, len(parts))
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        if lang in sources and lang not in own:
            continue
        # Into a language the expression has no translation of its own into, it
        # is translated word for word.
        words = round_robin([p.get(lang, []) for p in (kept if lang in own else parts)])
        ordered = round_robin([[t] for t in (*own.get(lang, ()), *words)])
        if ordered:
            out[lang] = tuple(ordered[:limit])
    return out
