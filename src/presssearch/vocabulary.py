"""What an index says of words, for query translation and the query's language.

:class:`IndexEvidence` answers :class:`presssearch.translate.Evidence`'s
questions from an index reader's term statistics: how many documents each
language has, how many of them have a word, and whether one has two words
together.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from presssearch.analyze import analyzer_for
from presssearch.engine import AllOf, AnyOf, EngineReader, Node, Term, remember

__all__ = ["EVIDENCE_WORDS", "IndexEvidence"]

#: Words whose counts the evidence of one index reader remembers.
EVIDENCE_WORDS = 8192


class IndexEvidence:
    """What an index says of words, for choosing translations (``translate.Evidence``).

    Counts come from the index's term statistics (a lookup each, remembered
    with the reader): the documents of a language, and those with a word's
    terms in that language's title or body fields.
    """

    def __init__(self, reader: EngineReader) -> None:
        # A weak reference: the evidence is remembered with its reader, and goes with it.
        self._reader = weakref.ref(reader)
        self._documents: dict[str, int] = {}
        self._frequencies: dict[tuple[str, str], int] = {}
        self._together: dict[tuple[str, tuple[str, ...], tuple[str, ...]], bool] = {}

    def reader(self) -> EngineReader:
        reader = self._reader()
        assert reader is not None, "the evidence of a closed reader"
        return reader

    @classmethod
    def of(cls, reader: EngineReader) -> IndexEvidence:
        """The evidence of ``reader``, one per reader."""
        found = _EVIDENCE.get(reader)
        if found is None:
            found = _EVIDENCE[reader] = cls(reader)
        return found

    def documents(self, lang: str) -> int:
        found = self._documents.get(lang)
        if found is None:
            found = self._documents[lang] = self.reader().doc_frequency("lang", lang)
        return found

    def frequency(self, lang: str, text: str) -> int:
        """Documents with every term of ``text`` in one field: the rarest term's count at most."""
        found = self._frequencies.get((lang, text))
        if found is None:
            terms = analyzer_for(lang).terms(text)
            reader = self.reader()
            found = 0
            for part in ("body", "title") if terms else ():
                field = f"{part}_{lang}"
                found = max(found, min(reader.doc_frequency(field, t) for t in terms))
            remember(self._frequencies, (lang, text), found, EVIDENCE_WORDS)
        return found

    def together(
        self, lang: str, each: Sequence[Sequence[str]], others: Sequence[str]
    ) -> list[bool]:
        """For each group of ``each``, whether a document in ``lang`` has one of its texts
        and one of ``others`` (each all its terms in the body)."""
        keys = [(lang, tuple(texts), tuple(others)) for texts in each]
        found = {key: self._together.get(key) for key in keys}
        asked = [key for key, known in found.items() if known is None]
        if asked:
            other = self._any(lang, others)
            nodes = {key: self._any(lang, key[1]) for key in asked} if other is not None else {}
            ask = [key for key, node in nodes.items() if node is not None]
            answers = self.reader().together([nodes[key] for key in ask], other) if ask else []
            found |= dict.fromkeys(asked, False) | dict(zip(ask, answers, strict=True))
            for key in asked:
                remember(self._together, key, found[key], EVIDENCE_WORDS)
        # Read from ``found``: remembering the new answers may drop an older one asked here.
        return [bool(found[key]) for key in keys]

    def _any(self, lang: str, texts: Sequence[str]) -> Node | None:
        """Any of ``texts`` in the body of ``lang``: all of each one's terms; None for texts
        the index lacks."""
        parts: list[Node] = []
        for text in dict.fromkeys(texts):
            if not self.frequency(lang, text):
                continue
            terms = analyzer_for(lang).terms(text)
            each = tuple(Term(f"body_{lang}", t) for t in dict.fromkeys(terms))
            parts.append(each[0] if len(each) == 1 else AllOf(each))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def known(self, lang: str, text: str) -> bool:
        """Whether the index has ``text`` in ``lang``: all its terms in one field."""
        return self.frequency(lang, text) > 0


_EVIDENCE: weakref.WeakKeyDictionary[EngineReader, IndexEvidence] = weakref.WeakKeyDictionary()
