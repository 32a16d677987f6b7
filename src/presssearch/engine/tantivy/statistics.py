"""The statistics presssearch's ranking asks of the tantivy engine's candidates."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from tantivy import Occur, Query

from presssearch import ranking
from presssearch.engine import (
    FIELD_LANGUAGES,
    FIELDS,
    AllOf,
    AnyOf,
    BestOf,
    Coord,
    DateRange,
    Everything,
    Fuzzy,
    Node,
    Not,
    Phrase,
    Term,
    Wildcard,
    length_column,
    remember,
)
from presssearch.engine.tantivy.schema import FREQUENCIES, NUMBER, WRITTEN, Handle

if TYPE_CHECKING:
    from presssearch.engine.tantivy.reader import TantivyReader

#: Candidates tantivy's ranking hands to presssearch's: this many times the hits
#: asked for, and at least RESCORE_MIN, from each language.
RESCORE_DEPTH = 2
RESCORE_MIN = 30
#: Frequency questions a reader remembers.
_QUESTIONS = 4096
#: A question not asked yet (its answer may be None: no document has the term).
_UNASKED = object()
#: The bits of one search's answer: tantivy adds up the constant scores of the
#: clauses a document matches in a 32-bit float, exact for whole numbers below 2**24.
ANSWER_BITS = 24
#: A search whose terms are in at most this many documents of a language reads
#: every match and picks the candidates out; others name the candidates to tantivy.
#: Each match read costs about a microsecond in Python, and a search that names 60
#: candidates a few hundred: over the benchmark's queries at 6,000 documents, 150
#: was as fast as naming them always, and 2,000 a sixth slower.
WHOLE_MATCHES = 150


def to_key(part: int, address: Any) -> int:
    """A candidate as one integer: its language index, segment and document."""
    return (part << 56) | (address.segment_ord << 32) | address.doc


def to_handle(key: int) -> Handle:
    return (key >> 56, (key >> 32) & 0xFFFFFF, key & 0xFFFFFFFF)


@dataclasses.dataclass
class Question:
    """What the ranking needs to know of each candidate of one language about one leaf:
    a term's frequency (one clause per bit), or whether the leaf matches (one bit)."""

    answer: tuple  # where the answer goes: ("frequency", field, term) or ("match", leaf)
    clauses: list[tuple[Query, int]]  # (query, the bit of the answer it stands for)
    width: int  # bits of the answer
    matches: int | None  # at most this many documents of the language match (None: unknown)


class CandidateStatistics:
    """What :mod:`presssearch.ranking` scores from, over tantivy's candidates.

    Document counts and lengths come from each language's index (its number
    of documents, the sum of a length column); each candidate's field
    lengths and writing time from columns. Term frequencies come from the
    terms of :data:`FREQUENCIES` written at index time: a term's frequency
    in a candidate is the sum of the bits whose terms the candidate has.

    All the questions of one query are asked before it is scored, several at
    once: each clause of a search scores a constant, a power of two, so the
    score tantivy gives a document holds the answers of all the questions of
    that search side by side (a frequency in as many bits as its largest
    value in the index needs, a match in one bit; 24 bits a search). A
    search reads every match when its terms are rare enough, else only the
    candidates, named by number.
    """

    def __init__(
        self,
        reader: TantivyReader,
        candidates: dict[int, dict[Handle, Any]],
        query: Node,
        *,
        everything: bool = False,
    ) -> None:
        self._reader = reader
        self._searchers = reader._searchers
        self._candidates = candidates
        self._everything = everything  # the candidates are every match: read every match
        found = sorted(
            (to_key(part, address), address)
            for part, handles in candidates.items()
            for address in handles.values()
        )
        self._scope = np.fromiter((k for k, _ in found), dtype=np.int64, count=len(found))
        self._addresses = [address for _, address in found]
        self._columns: dict[str, np.ndarray] = {}
        # Each question's answers, as arrays of candidates and values, a search at a time.
        self._answers: dict[tuple, list[tuple[np.ndarray, np.ndarray]]] = {}
        self._filters: dict[int, Query] = {}
        self._ask(query)

    # -- what the ranking asks ----------------------------------------------------------------

    def scope(self) -> np.ndarray:
        return self._scope

    def documents(self, language: str | None) -> int:
        if language is None:
            return self._reader.doc_count()
        return self._searchers[FIELD_LANGUAGES.index(language)].num_docs

    def total_length(self, field: str) -> float:
        return self._reader.total_length(field)

    def doc_frequency(self, field: str, term: str) -> int:
        return self._reader.doc_frequency(field, term)

    def frequencies(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        keys, counts = self._answer(("frequency", field, term), Term(field, term))
        if len(keys) > 1:
            order = np.argsort(keys)
            keys, counts = keys[order], counts[order]
        return keys, counts.astype(np.float64)

    def lengths(self, field: str, docs: np.ndarray) -> np.ndarray:
        return self._column(length_column(field))[np.searchsorted(self._scope, docs)]

    def matching(self, leaf: Node) -> np.ndarray:
        return np.unique(self._answer(("match", _unboosted(leaf)), leaf)[0])

    def _answer(self, answer: tuple, leaf: Node) -> tuple[np.ndarray, np.ndarray]:
        if answer not in self._answers:
            self._ask_about([leaf])
        found = self._answers[answer]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(found) > 1:
            found[:] = [tuple(np.concatenate(parts) for parts in zip(*found, strict=True))]
        return found[0]

    def written(self, docs: np.ndarray) -> np.ndarray:
        """When each of ``docs`` was written: equal scores rank in that order."""
        return self._column(WRITTEN)[np.searchsorted(self._scope, docs)]

    def _column(self, name: str) -> np.ndarray:
        """A numeric column's values for every candidate, in the order of the scope."""
        if name not in self._columns:
            values = np.zeros(len(self._scope), dtype=np.float64)
            start = 0
            for part in sorted(self._candidates):
                count = len(self._candidates[part])
                addresses = self._addresses[start : start + count]
                found = self._searchers[part].fast_field_values(name, addresses)
                values[start : start + count] = [v or 0 for v in found]
                start += count
            self._columns[name] = values
        return self._columns[name]

    # -- asking tantivy -------------------------------------------------------------------------

    def _ask(self, query: Node) -> None:
        """Ask every question the ranking will have about ``query``'s leaves."""
        self._ask_about(list(dict.fromkeys(_leaves(query))))

    def _ask_about(self, leaves: list[Node]) -> None:
        by_part: dict[int, dict[tuple, Question]] = {}
        for leaf in leaves:
            for part, question in self._questions(leaf):
                by_part.setdefault(part, {}).setdefault(question.answer, question)
        for leaf in leaves:  # every answer exists, if only empty
            if isinstance(leaf, Term) and FIELDS.get(leaf.field) == "text":
                self._answers.setdefault(("frequency", leaf.field, leaf.text), [])
            else:
                self._answers.setdefault(("match", _unboosted(leaf)), [])
                if isinstance(leaf, Phrase):
                    for word in leaf.terms:
                        self._answers.setdefault(("frequency", leaf.field, word), [])
        for part, questions in by_part.items():
            for group, whole in self._groups(part, list(questions.values())):
                self._search(part, group, whole)

    def _parts(self, field: str | None) -> list[int]:
        """The languages with candidates whose documents can have ``field`` (None: any)."""
        own = None if field is None else own_part(field)
        return [p for p in self._candidates if own is None or p == own]

    def _questions(self, leaf: Node) -> Iterator[tuple[int, Question]]:
        if isinstance(leaf, Term) and FIELDS.get(leaf.field) == "text":
            for part in self._parts(leaf.field):
                question = self._frequency(part, leaf.field, leaf.text)
                if question is not None:
                    yield part, question
            return
        if isinstance(leaf, Phrase):
            for word in leaf.terms:
                yield from self._questions(Term(leaf.field, word))
        if isinstance(leaf, Term | Phrase | Wildcard | Fuzzy | DateRange):
            if FIELDS.get(leaf.field) is None:
                return
            plain = _unboosted(leaf)
            field = leaf.field if FIELDS[leaf.field] == "text" else None
            for part in self._parts(field):
                matches = None
                if isinstance(leaf, Term):
                    matches = self._reader.part_frequency(part, leaf.field, leaf.text)
                elif isinstance(leaf, Phrase):
                    frequency = self._reader.part_frequency
                    matches = min(frequency(part, leaf.field, t) for t in leaf.terms)
                if matches == 0:
                    continue
                query = self._reader._plain(plain)
                yield part, Question(("match", plain), [(query, 0)], 1, matches)

    def _frequency(self, part: int, field: str, term: str) -> Question | None:
        """The question of ``term``'s frequency in ``field``, or None if no document has it
        (remembered by the reader: the index does not change under it)."""
        key = (part, field, term)
        questions = self._reader._questions
        found = questions.get(key, _UNASKED)  # read once: another thread may drop it meanwhile
        if found is _UNASKED:
            found = remember(questions, key, self._new_frequency(part, field, term), _QUESTIONS)
        return found

    def _new_frequency(self, part: int, field: str, term: str) -> Question | None:
        searcher = self._searchers[part]
        matches = self._reader.part_frequency(part, field, term)
        if not matches:
            return None
        schema = self._reader._schema
        clauses = []
        for name, _ in searcher.terms_with_prefix(FREQUENCIES, f"{field}:{term}:"):
            bit = int(name.rsplit(":", 1)[1])
            clauses.append((Query.term_query(schema, FREQUENCIES, name), bit))
        if not clauses:
            return None
        width = max(bit for _, bit in clauses) + 1
        return Question(("frequency", field, term), clauses, width, matches)

    def _groups(
        self, part: int, questions: list[Question]
    ) -> Iterator[tuple[list[Question], bool]]:
        """The questions in as few groups of at most :data:`ANSWER_BITS` bits as fit (the
        widest placed first, each in the first group with room), each with whether its
        search reads every match (its terms are rare) or names the candidates."""
        groups: list[tuple[list[Question], list[int]]] = []
        for question in sorted(questions, key=lambda q: -q.width):
            for group, room in groups:
                if room[0] >= question.width:
                    group.append(question)
                    room[0] -= question.width
                    break
            else:
                groups.append(([question], [ANSWER_BITS - question.width]))
        for group, _ in groups:
            matches = [q.matches for q in group]
            if self._everything:
                yield group, True
            else:
                known = all(m is not None for m in matches)
                yield group, known and sum(m or 0 for m in matches) <= WHOLE_MATCHES

    def _search(self, part: int, group: list[Question], whole: bool) -> None:
        """One search for the questions of ``group``, and their answers recorded."""
        searcher = self._searchers[part]
        clauses, shifts, shift = [], [], 0
        for question in group:
            for query, bit in question.clauses:
                value = float(1 << (shift + bit))
                clauses.append((Occur.Should, Query.const_score_query(query, value)))
            shifts.append(shift)
            shift += question.width
        if whole:
            size = searcher.num_docs
            if not self._everything:
                size = min(sum(q.matches or 0 for q in group), size)
            hits = searcher.search(Query.boolean_query(clauses), max(size, 1), count=False).hits
        else:
            query = Query.boolean_query([(Occur.Must, self._within(part)), *clauses])
            hits = searcher.search(query, len(self._candidates[part]), count=False).hits
        if not hits:
            return
        found = np.array([(s, a.segment_ord, a.doc) for s, a in hits], dtype=np.float64)
        answers = np.rint(found[:, 0]).astype(np.int64)
        keys = (part << 56) | (found[:, 1].astype(np.int64) << 32) | found[:, 2].astype(np.int64)
        if whole:
            # Only the candidates: with every match as candidates too, a phrase's word is
            # asked about alone, and matches documents the phrase does not.
            at = np.minimum(np.searchsorted(self._scope, keys), len(self._scope) - 1)
            keep = self._scope[at] == keys
            keys, answers = keys[keep], answers[keep]
        for question, at in zip(group, shifts, strict=True):
            values = (answers >> at) & ((1 << question.width) - 1)
            found = values != 0
            if found.any():
                self._answers[question.answer].append((keys[found], values[found]))

    def _within(self, part: int) -> Query:
        """A query matching the candidates of one language (scoring 0), by their numbers.

        One term per candidate: tantivy's term-set query walks the whole
        dictionary of the field, eight times slower here.
        """
        if part not in self._filters:
            addresses = list(self._candidates[part].values())
            numbers = self._searchers[part].fast_field_values(NUMBER, addresses)
            schema = self._reader._schema
            anyone = [(Occur.Should, Query.term_query(schema, NUMBER, n)) for n in numbers]
            self._filters[part] = Query.const_score_query(Query.boolean_query(anyone), 0.0)
        return self._filters[part]


def _leaves(node: Node) -> Iterator[Node]:
    """Every leaf of ``node``, those under a :class:`~presssearch.engine.Not` too."""
    if isinstance(node, Not):
        yield from _leaves(node.child)
    elif isinstance(node, AnyOf | BestOf | Coord | AllOf):
        for child in node.children:
            yield from _leaves(child)
    elif not isinstance(node, Everything):
        yield node


def _unboosted(leaf: Node) -> Node:
    return leaf if leaf.boost == 1.0 else dataclasses.replace(leaf, boost=1.0)


@cache
def own_part(field: str) -> int | None:
    """The language index of a field only that language's documents have
    (``body_es``), or None for a field of every language (the outlet)."""
    code = ranking.field_language(field)
    return None if code is None else FIELD_LANGUAGES.index(code)


def within_language(node: Node, part: int) -> Node | None:
    """``node`` without the alternatives that can only match documents of another
    language than ``part``'s (None if it can match none of them): the same
    matches and the same tantivy scores in that language's index."""
    if isinstance(node, Term | Phrase | Wildcard | Fuzzy):
        own = own_part(node.field)
        return node if own is None or own == part else None
    if isinstance(node, AnyOf | BestOf | Coord | AllOf):
        inside = [within_language(child, part) for child in node.children]
        if isinstance(node, AllOf):
            # Every clause must match (a Not never comes back None).
            if any(child is None for child in inside):
                return None
        else:
            inside = [child for child in inside if child is not None]
            if not inside:
                return None
        if len(inside) == len(node.children) and all(
            a is b for a, b in zip(inside, node.children, strict=True)
        ):
            return node
        return dataclasses.replace(node, children=tuple(inside))
    return node
