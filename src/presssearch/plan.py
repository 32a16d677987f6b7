"""Query planning: the user's query, parsed once into a plan any engine can run.

The syntax::

    Audiard Spanish language        free words: any of them, more of them first
    "langue espagnole"~2            a phrase (after analysis), optional slop
    Gascón AND Netflix, Oscar OR Goya, Gascón NOT Netflix, a ANDNOT b, ( )
    lang:es  source:"Daily Screen"  title:victim  author:Moreau  body:word
    Audi*  Aud?ard  Gascn~  Gascn~2  word^2
    date:2025-02  date:[2025-01-30 TO 2025-02-03]  date:[2025 TO]

A free word is looked up in every language at once: it becomes a term in each
language's title and body fields, analyzed by that language's analyzer, so
``película`` is ``pelicul`` in Spanish and ``pelicula`` elsewhere. Fielded
terms and negations restrict the results; free words rank them. With
translation, each run of free words is expanded by the bilingual lexicon
(structured query translation): each word or known expression becomes one
clause, the words typed (weighing more in the query's own language) OR one
synonym group per other language holding its translations.

The plan is a tree of :mod:`presssearch.engine` nodes, normalized the way
Whoosh normalizes its own queries (nested groups of one kind merged, empty
ones dropped), plus the filters of :class:`SearchOptions`. ``Plan.explain``
says in words what will be searched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from presssearch import ranking as rank
from presssearch.analyze import LANGUAGES, analyzer_for, fold, stop_words
from presssearch.engine import (
    BODY_FIELDS,
    FIELD_LANGUAGES,
    TITLE_FIELDS,
    AllOf,
    AnyOf,
    BestOf,
    Coord,
    DateRange,
    EngineReader,
    Everything,
    Fuzzy,
    Node,
    Not,
    Phrase,
    Term,
    Wildcard,
    positive_leaves,
    remember,
)
from presssearch.errors import QueryError
from presssearch.records import SearchOptions

__all__ = [
    "MAX_FUZZY_EDITS",
    "MAX_QUERY_CHARS",
    "Plan",
    "SearchOptions",
    "load_lexicon",
    "normalize_query",
    "plan_query",
    "translation_unavailable",
]

#: More edits than this make a fuzzy term match nearly anything, slowly.
MAX_FUZZY_EDITS = 2
#: Longer queries are refused: they are pasted documents, not questions.
MAX_QUERY_CHARS = 2000


def options_filter(options: SearchOptions) -> Node | None:
    """The restriction on documents ``options`` ask for (language, outlet, dates), or None."""
    parts: list[Node] = []
    if options.lang:
        parts.append(Term("lang", options.lang.strip().lower()))
    if options.source:
        words = analyzer_for("xx").terms(options.source)
        if not words:
            raise QueryError(f"--source {options.source!r} has no words to match")
        parts.append(
            Phrase("source_terms", tuple(words))
            if len(words) > 1
            else Term("source_terms", words[0])
        )
    if options.since or options.until:
        parts.append(DateRange("published", options.since, options.until))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


@dataclass(frozen=True)
class Plan:
    """A query as every engine runs it, and what a reader should know of it."""

    text: str
    query: Node | None  # None: nothing to search (only stop words, say)
    filter: Node | None
    language: str | None
    lines: tuple[str, ...]

    def explain(self) -> str:
        """The plan in words, one line per clause."""
        return "\n".join(self.lines)

    def positive_leaves(self) -> Iterator[Node]:
        """The terms, phrases, wildcards and fuzzy terms the query looks for (not excludes)."""
        if self.query is not None:
            yield from positive_leaves(self.query)


# -- reading the query string ------------------------------------------------------------------

# Typographic quotes and apostrophes as people type them, and control characters.
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "ʼ": "'"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalize_query(text: str) -> str:
    """``text`` with typographic quotes made plain and control characters removed."""
    return _CONTROL.sub(" ", text.translate(_QUOTES)).strip()


#: Field names as typed, and the field each means.
FIELD_NAMES = {
    "title": "title",
    "body": "body",
    "text": "body",
    "lang": "lang",
    "language": "lang",
    "source": "source",
    "outlet": "source",
    "site": "source",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "date": "published",
    "published": "published",
}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT"})
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>\()
      | (?P<close>\))
      | "(?P<phrase>[^"]*)(?:"|$)(?:~(?P<slop>\d+))?(?:\^(?P<pboost>\S*))?
      | (?P<field>[A-Za-z]+):(?=\S)
      | (?P<range>[\[{][^\]}]*[\]}])
      | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_WORD_SUFFIX = re.compile(r"^(?P<text>.*?)(?:~(?P<fuzzy>\d*))?(?:\^(?P<boost>.*))?$", re.DOTALL)


def _kind(match: re.Match[str]) -> str:
    return next(
        name
        for name in ("open", "close", "phrase", "field", "range", "word")
        if match[name] is not None
    )


@dataclass
class _Leaf:
    kind: str  # word, phrase, range
    text: str
    field: str | None = None
    boost: float = 1.0
    slop: int = 1
    fuzzy: int | None = None


@dataclass
class _Group:
    kind: str  # seq, or, and, not, andnot
    items: list[Any]


def _boost(value: str | None, text: str) -> float:
    if value is None:
        return 1.0
    try:
        boost = float(value)
    except ValueError:
        boost = -1.0
    if not 0 < boost < 1e6:
        raise QueryError(f"cannot parse query {text!r}: a boost is a positive number (word^2)")
    return boost


class _Parser:
    """Recursive descent over the tokens: sequence < OR < AND/ANDNOT < NOT < atom."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [(_kind(m), m) for m in _TOKEN.finditer(text) if m.group().strip()]
        self.pos = 0

    def peek(self) -> tuple[str, re.Match[str]] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def is_op(self, token: tuple[str, re.Match[str]] | None, *ops: str) -> bool:
        return token is not None and token[0] == "word" and token[1]["word"] in ops

    def parse(self) -> _Group:
        group = self.sequence(None)
        while self.pos < len(self.tokens):  # stray closing parentheses
            self.pos += 1
            group.items.extend(self.sequence(None).items)
        return group

    def sequence(self, field: str | None) -> _Group:
        items = []
        while (token := self.peek()) is not None and token[0] != "close":
            item = self.disjunction(field)
            if item is not None:
                items.append(item)
        return _Group("seq", items)

    def disjunction(self, field: str | None) -> Any:
        items = [self.conjunction(field)]
        while self.is_op(self.peek(), "OR"):
            self.pos += 1
            items.append(self.conjunction(field))
        items = [i for i in items if i is not None]
        if len(items) > 1:
            return _Group("or", items)
        return items[0] if items else None

    def conjunction(self, field: str | None) -> Any:
        left = self.negation(field)
        while self.is_op(self.peek(), "AND", "ANDNOT"):
            op = self.tokens[self.pos][1]["word"]
            self.pos += 1
            right = self.negation(field)
            if right is None:
                continue
            if left is None:
                left = right
            elif op == "ANDNOT":
                left = _Group("andnot", [left, right])
            elif isinstance(left, _Group) and left.kind == "and":
                left.items.append(right)
            else:
                left = _Group("and", [left, right])
        return left

    def negation(self, field: str | None) -> Any:
        if self.is_op(self.peek(), "NOT"):
            self.pos += 1
            child = self.negation(field)
            return _Group("not", [child]) if child is not None else None
        return self.atom(field)

    def atom(self, field: str | None) -> Any:
        peeked = self.peek()
        if peeked is None or peeked[0] == "close":
            return None
        self.pos += 1
        kind, token = peeked
        if kind == "open":
            group = self.sequence(field)
            if self.peek() is not None:
                self.pos += 1  # the closing parenthesis
            return group
        if kind == "field":
            name = FIELD_NAMES.get(token["field"].lower())
            if name is None:  # not a field: its name is a word
                return self.word(token.group().strip(), field)
            return self.atom(name)
        if kind == "phrase":
            slop = int(token["slop"]) if token["slop"] else 1
            return _Leaf("phrase", token["phrase"], field, _boost(token["pboost"], self.text), slop)
        if kind == "range":
            return _Leaf("range", token["range"], field)
        return self.word(token["word"], field)

    def word(self, word: str, field: str | None) -> _Leaf | None:
        if word in OPERATORS:
            return None  # an operator with nothing to join
        parts = _WORD_SUFFIX.match(word)
        assert parts is not None
        text = parts["text"]
        fuzzy = None
        if parts["fuzzy"] is not None:
            fuzzy = int(parts["fuzzy"]) if parts["fuzzy"] else 1
            if fuzzy > MAX_FUZZY_EDITS:
                raise QueryError(
                    f"cannot parse query {self.text!r}: a fuzzy term allows at most"
                    f" {MAX_FUZZY_EDITS} edits ({text}~{fuzzy})"
                )
        boost = _boost(parts["boost"], self.text)
        if not text:
            return None
        return _Leaf("word", text, field, boost, fuzzy=fuzzy)


# -- planning -----------------------------------------------------------------------------------

#: A word as people type it: letters first, apostrophes inside.
PLAIN_WORD = re.compile(r"^[^\W\d_][\w'’]*$")


def _fields_of(scope: str | None, languages: Iterable[str] | None = None) -> list[str]:
    """The real fields of a word's scope (everywhere, title, body), in some languages."""
    if scope == "title":
        names = list(TITLE_FIELDS)
    elif scope == "body":
        names = list(BODY_FIELDS)
    else:
        names = [*TITLE_FIELDS, *BODY_FIELDS]
    if languages is not None:
        wanted = set(languages)
        names = [n for n in names if n.rsplit("_", 1)[1] in wanted]
    return names


def _field_boost(name: str) -> float:
    return rank.TITLE_BOOST if name.startswith("title_") else 1.0


def _word_in(
    text: str, fields: Sequence[str], boost: float, *, slop: int | None = None
) -> Node | None:
    """``text`` in each field, analyzed by the field's analyzer.

    A word that analyzes to several terms (``Spanish-language``) matches any
    of them; with ``slop``, ``text`` is a phrase and they must come in order.
    """
    copies: list[Node] = []
    for name in fields:
        terms = analyzer_for(name.rsplit("_", 1)[1]).terms(text)
        b = boost * _field_boost(name)
        if len(terms) == 1:
            copies.append(Term(name, terms[0], b))
        elif terms and slop is not None:
            copies.append(Phrase(name, tuple(terms), slop, b))
        elif terms:
            copies.append(Coord(tuple(Term(name, t, b) for t in terms), rank.COORDINATION))
    return AnyOf(tuple(copies)) if copies else None


def _pattern_in(leaf: _Leaf, fields: Sequence[str]) -> Node | None:
    """A wildcard or fuzzy word in each field."""
    copies: list[Node] = []
    for name in fields:
        b = leaf.boost * _field_boost(name)
        if leaf.fuzzy is not None:
            terms = analyzer_for(name.rsplit("_", 1)[1]).terms(leaf.text)
            if len(terms) == 1:
                copies.append(Fuzzy(name, terms[0], leaf.fuzzy, 1, b))
        else:
            copies.append(Wildcard(name, fold(leaf.text.lower()), b))
    return AnyOf(tuple(copies)) if copies else None


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _day_range(value: str, text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``2025``, ``2025-02`` or ``2025-02-03``."""
    match = _DATE.match(value.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:
        raise QueryError(
            f"cannot parse query {text!r}: {value!r} is not a date"
            " (use YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


def _date_node(leaf: _Leaf, text: str) -> Node:
    if leaf.kind == "range":
        inner = leaf.text[1:-1]
        start_text, sep, end_text = inner.partition(" TO ")
        if not sep:
            start_text, sep, end_text = inner.partition("TO")
        if not sep:
            raise QueryError(f"cannot parse query {text!r}: a range reads [START TO END]")
        start = _day_range(start_text, text)[0] if start_text.strip() else None
        end = _day_range(end_text, text)[1] if end_text.strip() else None
        if start is None and end is None:
            raise QueryError(f"cannot parse query {text!r}: a range needs a start or an end")
        return DateRange("published", start, end)
    if leaf.text.strip() == "*":
        raise QueryError(f"cannot parse query {text!r}: date:* is not a date")
    first, last = _day_range(leaf.text, text)
    return DateRange("published", first, last)


class _Planner:
    def __init__(self, text: str, lexicon: Any, known: Any = None) -> None:
        self.text = text
        self.lexicon = lexicon
        self.known = known  # (language, translation) -> whether the index has it
        self.language: str | None = None
        self.lines: list[str] = []

    def node(self, item: Any, depth: int = 0) -> Node | None:
        if isinstance(item, _Leaf):
            return self.leaf(item)
        if item.kind == "seq":
            return self.sequence(item.items, depth)
        children = [self.node(child, depth + 1) for child in item.items]
        present = tuple(c for c in children if c is not None)
        if item.kind == "not":
            return Not(present[0]) if present else None
        if item.kind == "andnot":
            if children[0] is None:
                return None
            return (
                AllOf((children[0], Not(children[1]))) if children[1] is not None else children[0]
            )
        if not present:
            return None
        return AllOf(present) if item.kind == "and" else AnyOf(present)

    def leaf(self, leaf: _Leaf) -> Node | None:
        field = leaf.field
        if field == "published":
            return _date_node(leaf, self.text)
        if leaf.kind == "range":
            return self.leaf(_Leaf("word", leaf.text[1:-1], field, leaf.boost))
        if field == "lang":
            return Term("lang", leaf.text.strip().lower(), leaf.boost)
        if field in ("source", "authors"):
            terms = analyzer_for("xx").terms(leaf.text)
            name = f"{field}_terms"
            if not terms:
                return None
            if len(terms) == 1:
                return Term(name, terms[0], leaf.boost)
            if leaf.kind == "phrase":
                return Phrase(name, tuple(terms), leaf.slop, leaf.boost)
            return Coord(tuple(Term(name, t, leaf.boost) for t in terms), rank.COORDINATION)
        fields = _fields_of(field)
        if leaf.kind == "phrase":
            return _word_in(leaf.text, fields, leaf.boost, slop=leaf.slop)
        if leaf.text in ("*", "*:*"):
            return Everything()
        if leaf.fuzzy is not None or "*" in leaf.text or "?" in leaf.text:
            return _pattern_in(leaf, fields)
        return _word_in(leaf.text, fields, leaf.boost)

    def sequence(self, items: list[Any], depth: int) -> Node | None:
        """Juxtaposed clauses: the free ones rank, fielded ones and negations restrict."""
        free: list[Node] = []
        constraints: list[Node] = []
        run: list[_Leaf] = []

        def flush() -> None:
            if run:
                free.extend(self.words(run, depth))
                run.clear()

        for item in items:
            plain = (
                isinstance(item, _Leaf)
                and item.kind == "word"
                and item.field is None
                and item.fuzzy is None
                and PLAIN_WORD.match(item.text) is not None
            )
            if plain:
                run.append(item)
                continue
            flush()
            node = self.node(item, depth + 1)
            if node is None:
                continue
            fielded = isinstance(item, _Leaf) and item.field is not None
            if fielded or (isinstance(item, _Group) and item.kind == "not"):
                constraints.append(node)
                if depth == 0:
                    self.lines.append(f"  only documents with {_describe(item)}")
            else:
                free.append(node)
                if depth == 0:
                    self.lines.append(f"  {_describe(item)}")
        flush()
        ranked = Coord(tuple(free), rank.COORDINATION) if free else None
        if constraints and ranked is not None:
            return AllOf((ranked, *constraints))
        if constraints:
            return constraints[0] if len(constraints) == 1 else AllOf(tuple(constraints))
        return ranked

    def words(self, run: list[_Leaf], depth: int) -> list[Node]:
        """A run of plain words: each word, or expression the lexicon knows, one clause."""
        words = [leaf.text for leaf in run]
        if self.lexicon is None:
            if depth == 0:
                self.lines.extend(f"  {w!r} in every language" for w in words)
            return [n for leaf in run if (n := self.leaf(leaf)) is not None]
        source = _query_language(" ".join(words))
        if source in LANGUAGES:
            self.language = source
        expansions = self.lexicon.expand(
            words,
            stopwords=_is_stop_word,
            source=source if source in LANGUAGES else None,
            cap=rank.TRANSLATION_CAP,
            known=self.known,
        )
        clauses: list[Node] = []
        position = 0
        for expansion in expansions:
            covered = run[position : position + len(expansion.words)]
            position += len(expansion.words)
            clause = self.clause(covered, expansion, source)
            if depth == 0:
                self.lines.append("  " + _describe_expansion(expansion, source))
            if clause is not None:
                clauses.append(clause)
        for leaf in run[position:]:  # words the lexicon did not return
            node = self.leaf(leaf)
            if node is not None:
                clauses.append(node)
        return clauses

    def clause(self, covered: list[_Leaf], expansion: Any, source: str) -> Node | None:
        """The words typed, OR a synonym group per language of their translations."""
        # The words count more in their own language (the query's, or else the
        # one the lexicon knows them in): a document in that language outranks
        # its own translations.
        own = (
            [source] if source in LANGUAGES else [c for c in expansion.languages if c in LANGUAGES]
        )
        # Names (words of no language) too, when the query's language is known.
        known = source in LANGUAGES or expansion.languages
        alternatives: list[Node] = []
        if own and known and rank.SOURCE_BONUS:
            elsewhere = [c for c in FIELD_LANGUAGES if c not in own]
            for leaf in covered:
                for node in (
                    _word_in(leaf.text, _fields_of(None, elsewhere), leaf.boost),
                    _word_in(
                        leaf.text, _fields_of(None, own), leaf.boost * (1 + rank.SOURCE_BONUS)
                    ),
                ):
                    if node is not None:
                        alternatives.append(node)
        else:
            alternatives += [n for leaf in covered if (n := self.leaf(leaf)) is not None]
        for lang, translations in expansion.translations.items():
            fields = _fields_of(None, [lang])
            # Each translation weighs what the lexicon says: less for a sense
            # the third language does not confirm, or a homograph's.
            weights = expansion.weights.get(lang, ())
            synonyms = [
                node
                for text, weight in itertools.zip_longest(translations, weights, fillvalue=1.0)
                if (
                    node := (
                        _word_in(text, fields, weight, slop=1)
                        if " " in text
                        else _word_in(text, fields, weight)
                    )
                )
                is not None
            ]
            if synonyms:
                # One synonym group per language: the best translation counts.
                alternatives.append(BestOf(tuple(synonyms), rank.TRANSLATION_WEIGHT))
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))


def _describe(item: Any) -> str:
    """A parsed clause in words."""
    if isinstance(item, _Leaf):
        where = {
            None: "in every language",
            "title": "in titles",
            "body": "in article texts",
            "lang": "as language",
            "source": "as outlet",
            "authors": "as author",
            "published": "as date",
        }[item.field]
        what = {"phrase": f'the phrase "{item.text}"', "range": item.text}.get(
            item.kind, repr(item.text)
        )
        if item.fuzzy is not None:
            what += f" or words within {item.fuzzy} edit(s)"
        elif "*" in item.text or "?" in item.text:
            what += " (wildcard)"
        if item.boost != 1.0:
            what += f" weighing {item.boost:g}×"
        return f"{what} {where}"
    inner = [_describe(child) for child in item.items]
    if item.kind == "not":
        return f"not ({inner[0]})"
    if item.kind == "andnot":
        return f"({inner[0]}) but not ({inner[1]})"
    joiner = {"and": " and ", "or": " or ", "seq": ", "}[item.kind]
    return "(" + joiner.join(inner) + ")"


def _describe_expansion(expansion: Any, source: str) -> str:
    line = f"{expansion.text!r} in every language"
    if source in LANGUAGES:
        line += f", {1 + rank.SOURCE_BONUS:g}× in {source} (the query's language)"
    parts = [f"{lang}: {', '.join(words)}" for lang, words in expansion.translations.items()]
    if parts:
        line += "; or its translations, the best one per language: " + "; ".join(parts)
    return line


def plan_query(
    text: str, options: SearchOptions | None = None, *, reader: EngineReader | None = None
) -> Plan:
    """Parse ``text`` into a :class:`Plan`; raises :class:`QueryError`.

    With ``options.translate``, free words are expanded into their
    translations when the bilingual lexicon is installed; with the index's
    ``reader``, into the translations the index has (see
    :meth:`presssearch.translate.Lexicon.expand`). Recent plans are
    remembered, with the reader they were made for and no longer: facets and
    timelines plan the same query as the hits.
    """
    options = options or SearchOptions()
    lexicon = load_lexicon()[0] if options.translate else None
    if lexicon is None or reader is None:
        return _plan_without_index(text, options, lexicon)
    plans = _PLANS.setdefault(reader, {})
    key = (text, options, lexicon)
    if key not in plans:
        remember(plans, key, _plan(text, options, lexicon, reader), PLANS_PER_READER)
    return plans[key]


#: Plans remembered per index reader; a reader's plans go with it.
PLANS_PER_READER = 64
_PLANS: weakref.WeakKeyDictionary[EngineReader, dict[tuple[str, SearchOptions, Any], Plan]] = (
    weakref.WeakKeyDictionary()
)


@lru_cache(maxsize=64)
def _plan_without_index(text: str, options: SearchOptions, lexicon: Any) -> Plan:
    return _plan(text, options, lexicon, None)


def _plan(text: str, options: SearchOptions, lexicon: Any, reader: EngineReader | None) -> Plan:
    text = normalize_query(text)
    if not text:
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}"
        )
    parsed = _Parser(text).parse()
    known = _vocabulary(reader) if reader is not None else None
    planner = _Planner(text, lexicon, known)
    query = normalize(planner.node(parsed))
    filters = options_filter(options)
    head = f"{text!r}"
    if planner.language:
        head += f" (query language: {planner.language})"
    head += ", translated" if lexicon is not None else ", not translated"
    head += ": documents matching more of these rank higher" if query is not None else ""
    lines = [head, *planner.lines]
    if query is None:
        lines.append("  nothing to search: every word is a stop word")
    if filters is not None:
        restrictions = [
            f"language {options.lang}" if options.lang else "",
            f"outlet {options.source!r}" if options.source else "",
            f"published from {options.since or 'any date'} to {options.until or 'any date'}"
            if options.since or options.until
            else "",
        ]
        lines.append("  filtered to " + ", ".join(r for r in restrictions if r))
    return Plan(text, query, filters, planner.language, tuple(lines))


# -- normalizing --------------------------------------------------------------------------------


def normalize(node: Node | None) -> Node | None:
    """``node`` with groups of one merged into their parent, empty ones dropped.

    A group inside a group of the same kind is merged into it (a
    :class:`Coord` into an :class:`AnyOf` too, as a plain union), boosts
    multiplied; duplicate children are dropped; a group of one child is that
    child.
    """
    if node is None:
        return None
    if isinstance(node, Not):
        child = normalize(node.child)
        return None if child is None else Not(child, node.boost)
    if not isinstance(node, AnyOf | BestOf | Coord | AllOf):
        return node
    children: list[Node] = []
    for child in node.children:
        norm = normalize(child)
        if norm is None:
            continue
        merge = type(norm) is type(node) or (type(node) is AnyOf and type(norm) is Coord)
        if merge:
            inner: Any = norm
            children += [_with_boost(c, c.boost * inner.boost) for c in inner.children]
        else:
            children.append(norm)
    unique = list(dict.fromkeys(children))
    if not unique:
        return None
    if len(unique) == 1:
        only = unique[0]
        return _with_boost(only, only.boost * node.boost)
    return dataclasses.replace(node, children=tuple(unique))


def _with_boost(node: Node, boost: float) -> Node:
    return node if node.boost == boost else dataclasses.replace(node, boost=boost)


# -- language and lexicon ----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _query_language(text: str) -> str:
    from presssearch.detect import detect_language

    return detect_language(text, tie_break=False)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset().union(*(stop_words(code) for code in LANGUAGES))


def _is_stop_word(word: str) -> bool:
    return word in _stop_words()


def _vocabulary(reader: EngineReader):  # type: ignore[no-untyped-def]
    """Whether the index has a translation in a language: all its terms in one field."""

    @lru_cache(maxsize=4096)
    def known(lang: str, text: str) -> bool:
        terms = analyzer_for(lang).terms(text)
        return bool(terms) and any(
            all(reader.doc_frequency(f"{part}_{lang}", t) for t in terms)
            for part in ("body", "title")
        )

    return known


def load_lexicon():  # type: ignore[no-untyped-def]
    """The bilingual lexicon, loaded once per process; None (and why) when missing."""
    from presssearch.translate import shared_lexicon

    return shared_lexicon()


def translation_unavailable() -> str | None:
    """Why queries cannot be translated here, or None when they can."""
    return load_lexicon()[1]
