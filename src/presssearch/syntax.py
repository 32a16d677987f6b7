"""Query syntax: the text a user types, read into words, phrases, fields, operators and groups.

:func:`normalize_query` makes typographic quotes plain and removes control
characters; :class:`Parser` reads the syntax described in
:mod:`presssearch.plan` into a tree of :class:`Leaf` (a word, phrase, pattern
or date, with its field, slop, fuzziness and boost) and :class:`Group` (an
operator and its items), which the planner turns into engine nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presssearch.errors import QueryError

__all__ = [
    "FIELD_NAMES",
    "MAX_FUZZY_EDITS",
    "OPERATORS",
    "PLAIN_WORD",
    "Group",
    "Leaf",
    "Parser",
    "normalize_query",
]

#: More edits than this make a fuzzy term match nearly anything, slowly.
MAX_FUZZY_EDITS = 2

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
class Leaf:
    kind: str  # word, phrase, range
    text: str
    field: str | None = None
    boost: float = 1.0
    slop: int = 1
    fuzzy: int | None = None


@dataclass
class Group:
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


class Parser:
    """Recursive descent over the tokens: sequence < OR < AND/ANDNOT < NOT < atom."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [(_kind(m), m) for m in _TOKEN.finditer(text) if m.group().strip()]
        self.pos = 0

    def peek(self) -> tuple[str, re.Match[str]] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def is_op(self, token: tuple[str, re.Match[str]] | None, *ops: str) -> bool:
        return token is not None and token[0] == "word" and token[1]["word"] in ops

    def parse(self) -> Group:
        group = self.sequence(None)
        while self.pos < len(self.tokens):  # stray closing parentheses
            self.pos += 1
            group.items.extend(self.sequence(None).items)
        return group

    def sequence(self, field: str | None) -> Group:
        items = []
        while (token := self.peek()) is not None and token[0] != "close":
            item = self.disjunction(field)
            if item is not None:
                items.append(item)
        return Group("seq", items)

    def disjunction(self, field: str | None) -> Any:
        items = [self.conjunction(field)]
        while self.is_op(self.peek(), "OR"):
            self.pos += 1
            items.append(self.conjunction(field))
        items = [i for i in items if i is not None]
        if len(items) > 1:
            return Group("or", items)
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
                left = Group("andnot", [left, right])
            elif isinstance(left, Group) and left.kind == "and":
                left.items.append(right)
            else:
                left = Group("and", [left, right])
        return left

    def negation(self, field: str | None) -> Any:
        if self.is_op(self.peek(), "NOT"):
            self.pos += 1
            child = self.negation(field)
            return Group("not", [child]) if child is not None else None
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
            return Leaf("phrase", token["phrase"], field, _boost(token["pboost"], self.text), slop)
        if kind == "range":
            return Leaf("range", token["range"], field)
        return self.word(token["word"], field)

    def word(self, word: str, field: str | None) -> Leaf | None:
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
        return Leaf("word", text, field, boost, fuzzy=fuzzy)


#: A word as people type it: letters first, apostrophes inside.
PLAIN_WORD = re.compile(r"^[^\W\d_][\w'’]*$")
