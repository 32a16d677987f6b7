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
synonym group per other language holding its translations, and the words as
typed where that language has them too (the best of the group counts).

The syntax is read by :mod:`presssearch.syntax`. The plan is a tree of
:mod:`presssearch.engine` nodes, normalized the way
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
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from presssearch.syntax import (
    MAX_FUZZY_EDITS,
    PLAIN_WORD,
    Group,
    Leaf,
    Parser,
    normalize_query,
)
from presssearch.vocabulary import IndexEvidence

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


def _pattern_in(leaf: Leaf, fields: Sequence[str]) -> Node | None:
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


def _date_node(leaf: Leaf, text: str) -> Node:
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
    def __init__(self, text: str, lexicon: Any, evidence: Any = None) -> None:
        self.text = text
        self.lexicon = lexicon
        self.evidence = evidence  # what the index says of words: translate.Evidence
        self.language: str | None = None
        self.lines: list[str] = []

    def node(self, item: Any, depth: int = 0) -> Node | None:
        if isinstance(item, Leaf):
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

    def leaf(self, leaf: Leaf) -> Node | None:
        field = leaf.field
        if field == "published":
            return _date_node(leaf, self.text)
        if leaf.kind == "range":
            return self.leaf(Leaf("word", leaf.text[1:-1], field, leaf.boost))
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
        run: list[Leaf] = []
        forms: list[Node] = []

        def flush() -> None:
            if run:
                free.extend(self.words(run, depth, forms))
                run.clear()

        for item in items:
            plain = (
                isinstance(item, Leaf)
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
            fielded = isinstance(item, Leaf) and item.field is not None
            if fielded or (isinstance(item, Group) and item.kind == "not"):
                constraints.append(node)
                if depth == 0:
                    self.lines.append(f"  only documents with {_describe(item)}")
            else:
                free.append(node)
                if depth == 0:
                    self.lines.append(f"  {_describe(item)}")
        flush()
        ranked = Coord(tuple(free), rank.COORDINATION) if free else None
        if ranked is not None and forms:
            # Documents with only other forms of the words typed (said for says)
            # match too, below those with the words as typed: the better of the
            # two scores counts, so these rank as before.
            ranked = BestOf((ranked, AnyOf(tuple(forms), rank.FORM_WEIGHT)))
        if constraints and ranked is not None:
            return AllOf((ranked, *constraints))
        if constraints:
            return constraints[0] if len(constraints) == 1 else AllOf(tuple(constraints))
        return ranked

    def words(self, run: list[Leaf], depth: int, forms: list[Node] | None = None) -> list[Node]:
        """A run of plain words: each word, or expression the lexicon knows, one clause.

        ``forms`` receives a node for the other forms of each word in its own
        language (made: make), when it has some.
        """
        words = [leaf.text for leaf in run]
        if self.lexicon is None:
            if depth == 0:
                self.lines.extend(f"  {w!r} in every language" for w in words)
            return [n for leaf in run if (n := self.leaf(leaf)) is not None]
        source = self.checked_language(lambda: _query_language(" ".join(words)), words)
        if source in LANGUAGES:
            self.language = source
        expansions = self.lexicon.expand(
            words,
            stopwords=_is_stop_word,
            source=source if source in LANGUAGES else None,
            cap=rank.TRANSLATION_CAP,
            evidence=self.evidence,
        )
        clauses: list[Node] = []
        position = 0
        for expansion in expansions:
            covered = run[position : position + len(expansion.words)]
            position += len(expansion.words)
            if depth == 0:
                self.lines.append("  " + _describe_expansion(expansion, source))
            # An expression's words are a clause each, with the expression's
            # translations, and together one clause of the query's: a document
            # with all of them ranks above one with some, and an expression
            # (Soviet Union, prime minister) counts for as much as a word among
            # the query's clauses, however many words it has.
            parts = getattr(expansion, "parts", ()) or (expansion,)
            groups = [[leaf] for leaf in covered] if len(parts) > 1 else [covered]
            if len(parts) > 1:
                # A function word inside an expression (the far east) goes with the
                # word after it.
                merged_groups: list[list[Leaf]] = []
                merged_parts: list[Any] = []
                pending: list[Leaf] = []
                for leaves, part in zip(groups, parts, strict=True):
                    if not part.languages and not part.translations:
                        pending += leaves
                        continue
                    merged_groups.append(pending + leaves)
                    merged_parts.append(part)
                    pending = []
                if pending and merged_groups:
                    merged_groups[-1] += pending
                if merged_groups:
                    groups, parts = merged_groups, tuple(merged_parts)
            mine: list[Node] = []
            for leaves, part in zip(groups, parts, strict=True):
                clause = self.clause(leaves, part, source)
                if clause is not None:
                    mine.append(clause)
                other = self.other_forms(leaves, part, source)
                if other is not None and forms is not None:
                    forms.append(other)
            if mine:
                clauses.append(mine[0] if len(mine) == 1 else Coord(tuple(mine), rank.COORDINATION))
        for leaf in run[position:]:  # words the lexicon did not return
            node = self.leaf(leaf)
            if node is not None:
                clauses.append(node)
        return clauses

    def shared(self, word: str, expansion: Any, own: list[str], lang: str) -> bool:
        """Whether ``word``, of the languages ``own``, is searched as typed in ``lang`` too.

        A name (a word the dictionaries do not know) is, and so is a word of the
        languages ``own`` that ``lang``'s documents use as well (tsunami,
        Indonesia): a share of them at least 2**-``translate.SHARED_SPAN``
        times its share in its own language. Another (English font, French
        car) would only find its homograph there.
        """
        if not expansion.languages or self.evidence is None or lang not in LANGUAGES:
            return True
        from presssearch.translate.evidence import SHARED_SPAN, share

        evidence = self.evidence
        mine = max(
            (share(evidence, code, word) for code in own if code in expansion.languages),
            default=0.0,
        )
        return mine <= 0 or share(evidence, lang, word) >= mine * 2.0**-SHARED_SPAN

    def other_forms(self, covered: list[Leaf], expansion: Any, source: str) -> Node | None:
        """The other forms of the words typed in their own languages (made: make), or None."""
        forms = getattr(expansion, "forms", {})
        own = (
            [source] if source in LANGUAGES else [c for c in expansion.languages if c in LANGUAGES]
        )
        nodes = [
            node
            for leaf in covered
            for lang in own
            for form in forms.get((lang, leaf.text.lower()), ())
            if (node := _word_in(form, _fields_of(None, [lang]), leaf.boost)) is not None
        ]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else BestOf(tuple(nodes))

    def checked_language(self, detected: Callable[[], str], words: list[str]) -> str:
        """The query's language: the one ``detected()`` for ``words``, checked against
        the index (the detector is not asked when the index alone decides).

        A language is detected unreliably from a word or two (``domingo`` as
        English). Each word votes for the languages whose documents use it, in
        proportion to the share of documents that do (the most using it
        counting one), and each function word for the languages it is one of
        alone (``el``: Spanish). When the detected language gets under
        ``translate.READING_SHARE`` times the votes of another (for a query of
        :data:`SHORT_QUERY` words or fewer, under the most votes), the query's
        language is unknown (``und``); a language with :data:`LANGUAGE_MARGIN`
        times the votes of any other, for two words or more, is the query's,
        whatever was detected (``Mexico un volcan crache des cendres`` is French).
        """
        if self.evidence is None:
            return detected()
        from presssearch.translate.evidence import READING_SHARE, share

        votes = dict.fromkeys(LANGUAGES, 0.0)
        for word in words:
            low = word.lower()
            alone = [lang for lang in LANGUAGES if low in stop_words(lang)]
            if len(alone) == 1:
                votes[alone[0]] += 1
            if alone:
                continue
            shares = {lang: share(self.evidence, lang, word) for lang in LANGUAGES}
            most = max(shares.values())
            for lang in LANGUAGES if most > 0 else ():
                votes[lang] += shares[lang] / most
        ranked = sorted(votes, key=votes.__getitem__, reverse=True)
        first, second = ranked[0], ranked[1]
        clear = (
            len(words) > 1 and votes[first] > 0 and votes[first] >= LANGUAGE_MARGIN * votes[second]
        )
        if clear:
            return first
        source = detected()
        if source in LANGUAGES:
            # From a few words, the detector is believed only where the index agrees.
            trusted = READING_SHARE if len(words) > SHORT_QUERY else 1.0
            if votes[source] < trusted * votes[first]:
                return "und"
        return source

    def clause(self, covered: list[Leaf], expansion: Any, source: str) -> Node | None:
        """The words typed, OR a synonym group per language of their translations (with
        the words typed, in a language that searches them too)."""
        # The words count more in their own language (the query's, or else the
        # one the lexicon knows them in): a document in that language outranks
        # its own translations.
        own = (
            [source] if source in LANGUAGES else [c for c in expansion.languages if c in LANGUAGES]
        )
        # Names (words of no language) too, when the query's language is known.
        known = source in LANGUAGES or expansion.languages
        alternatives: list[Node] = []
        forms = getattr(expansion, "forms", {})
        # In a language with translations, the words as typed there are one more
        # of them (tsunami is Spanish too): the best counts, once.
        typed: dict[str, list[Node]] = {lang: [] for lang in expansion.translations}
        for leaf in covered:
            searched: tuple[tuple[Sequence[str], float], ...] = ((FIELD_LANGUAGES, leaf.boost),)
            if own and known and rank.SOURCE_BONUS:
                shared = [
                    c
                    for c in FIELD_LANGUAGES
                    if c not in own and self.shared(leaf.text, expansion, own, c)
                ]
                searched = ((shared, leaf.boost), (own, leaf.boost * (1 + rank.SOURCE_BONUS)))
            for langs, boost in searched:
                for c in [c for c in langs if c in typed]:
                    if (node := _word_in(leaf.text, _fields_of(None, [c]), boost)) is not None:
                        typed[c].append(node)
                rest = [c for c in langs if c not in typed]
                if (node := _word_in(leaf.text, _fields_of(None, rest), boost)) is not None:
                    alternatives.append(node)
        for lang, translations in expansion.translations.items():
            fields = _fields_of(None, [lang])
            # Each translation weighs what the lexicon says of it, and matches in
            # any of its forms (decir: dice, dijo).
            weights = expansion.weights.get(lang, ())
            synonyms = [
                node
                for text, weight in itertools.zip_longest(translations, weights, fillvalue=1.0)
                for word in (text, *forms.get((lang, text.lower()), ()))
                if (
                    node := (
                        _word_in(word, fields, weight, slop=1)
                        if " " in word
                        else _word_in(word, fields, weight)
                    )
                )
                is not None
            ]
            # One synonym group per language: the best translation counts.
            group = [BestOf(tuple(synonyms), rank.TRANSLATION_WEIGHT)] if synonyms else []
            if typed[lang]:
                mine = typed[lang][0] if len(typed[lang]) == 1 else AnyOf(tuple(typed[lang]))
                group = [BestOf((mine, *group))] if group else [mine]
            alternatives += group
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))


def _describe(item: Any) -> str:
    """A parsed clause in words."""
    if isinstance(item, Leaf):
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
    found = plans.get(key)  # read once: another thread may drop it meanwhile
    if found is None:
        found = remember(plans, key, _plan(text, options, lexicon, reader), PLANS_PER_READER)
    return found


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
    parsed = Parser(text).parse()
    evidence = IndexEvidence.of(reader) if reader is not None else None
    planner = _Planner(text, lexicon, evidence)
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
    :class:`Coord` into an :class:`AnyOf` too, as a plain union, but not into
    another :class:`Coord`: it counts as one of its clauses), boosts
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
        merge = (type(norm) is type(node) and type(node) is not Coord) or (
            type(node) is AnyOf and type(norm) is Coord
        )
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


#: Queries of this many words or fewer have their detected language believed only
#: where it has the most votes.
SHORT_QUERY = 3
#: The votes a language needs, over any other's, to be taken as the query's.
LANGUAGE_MARGIN = 2.0


def load_lexicon():  # type: ignore[no-untyped-def]
    """The bilingual lexicon, loaded once per process; None (and why) when missing."""
    from presssearch.translate import shared_lexicon

    return shared_lexicon()


def translation_unavailable() -> str | None:
    """Why queries cannot be translated here, or None when they can."""
    return load_lexicon()[1]
