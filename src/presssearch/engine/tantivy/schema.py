"""What the tantivy engine writes: its schema, its documents, its folder's parts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy

from presssearch.analyze import field_language
from presssearch.engine import (
    COLUMNS,
    FIELD_LANGUAGES,
    FIELDS,
    LENGTH_COLUMNS,
    field_lengths,
)

#: Stored fields that are kept whole and never searched: tantivy keeps them as bytes.
STORED_ONLY = frozenset(name for name, kind in FIELDS.items() if kind == "stored")
PART = "lang-{}"
#: A number unique to each document (from its key), to name a set of documents in a query.
NUMBER = "number"
#: When a document was written (nanoseconds, increasing): equal scores rank in that order.
WRITTEN = "written"
#: Each term's frequency in each text field of a document, in binary: the term
#: ``body_es:pelicul:2`` says that bit 2 of ``pelicul``'s frequency in ``body_es``
#: is set (a frequency of 5 is written as bits 0 and 2).
FREQUENCIES = "frequencies"

Handle = tuple[int, int, int]


def build_schema() -> tantivy.Schema:
    """The tantivy schema of :data:`presssearch.engine.FIELDS`."""
    builder = tantivy.SchemaBuilder()
    for name, kind in FIELDS.items():
        if kind == "keyword":
            builder.add_text_field(
                name, stored=True, fast=name in COLUMNS, tokenizer_name="raw", index_option="basic"
            )
        elif kind == "keywords":
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
        elif kind == "date":
            builder.add_date_field(name, stored=True, indexed=True, fast=True)
        elif kind == "stored":
            builder.add_bytes_field(name, stored=True)
        else:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_unsigned_field(NUMBER, indexed=True, fast=True)
    builder.add_unsigned_field(WRITTEN, fast=True)
    builder.add_text_field(FREQUENCIES, tokenizer_name="whitespace", index_option="basic")
    for column in LENGTH_COLUMNS.values():
        builder.add_unsigned_field(column, fast=True)
    return builder.build()


def folder_stamp(data: Path) -> tuple:
    """What changes when any language's index commits: its ``meta.json``."""
    stamps = []
    for code in FIELD_LANGUAGES:
        try:
            info = (data / PART.format(code) / "meta.json").stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(stamps)


def part_of(fields: dict[str, Any]) -> int:
    return FIELD_LANGUAGES.index(field_language(str(fields.get("lang") or "")))


def _number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _frequency_terms(name: str, value: str) -> Iterator[str]:
    """The terms of :data:`FREQUENCIES` for the text field ``name``: each set bit of each
    of its terms' frequency."""
    for term, count in Counter(value.split()).items():
        bit = 0
        while count:
            if count & 1:
                yield f"{name}:{term}:{bit}"
            count >>= 1
            bit += 1


def to_document(fields: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned(NUMBER, _number(fields["key"]))
    for column, length in field_lengths(fields).items():
        doc.add_unsigned(column, length)
    frequencies = []
    for name, value in fields.items():
        kind = FIELDS[name]
        if kind == "text" and value:
            frequencies.extend(_frequency_terms(name, value))
        if value is None or value == "":
            continue
        if kind == "date":
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            doc.add_date(name, value)
        elif kind == "stored":
            doc.add_bytes(name, value if isinstance(value, bytes) else str(value).encode("utf-8"))
        else:
            doc.add_text(name, str(value))
    if frequencies:
        doc.add_text(FREQUENCIES, " ".join(frequencies))
    return doc
