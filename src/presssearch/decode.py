"""Bytes to text: the first stage of the pipeline.

Saved pages arrive in whatever encoding their site used, declared or not.
The order of evidence is the one browsers follow: a byte-order mark, then the
page's own declaration (``<meta charset>`` or the HTTP-equiv
``Content-Type``), then strict UTF-8, then statistical detection, and finally
Windows-1252, which decodes any byte sequence. Beautiful Soup's
``EncodingDetector`` reads the mark and the declaration.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from bs4.dammit import EncodingDetector

__all__ = ["decode_bytes", "file_type", "looks_binary"]

# HTML5 maps these labels to Windows-1252, a superset used by every browser.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text in any encoding presssearch reads.

    NUL bytes never occur in text of the single-byte and UTF-8 encodings
    news sites use; UTF-16 text carries a byte-order mark, checked first.
    """
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


#: The families of file types that are never a page or an article's text.
_BINARY_FAMILIES = ("image/", "audio/", "video/", "font/", "application/")
#: Types of those families that are text, which a page may well be saved as
#: (and any ``+xml`` or ``+json`` type: SVG, RSS, Atom, JSON-LD).
_TEXT_TYPES = frozenset(
    "xml json javascript x-javascript ecmascript html xhtml x-sh x-shellscript".split()
)
# Shorter printable signatures ("BM", a bitmap) also start ordinary text.
_STRONG_SIGNATURE = 4
_PRINTABLE = frozenset(range(0x20, 0x7F))


def file_type(data: bytes) -> str | None:
    """The kind of file ``data`` is when it is not text ("PNG image"), else None.

    Saved folders hold images, archives and documents under a page's name
    (an ``image.htm`` that is a PNG): their signatures are recognized by
    puremagic's table of file types. Only a signature that cannot begin a
    text counts: one with bytes that are not printable ASCII, or one of at
    least four characters.
    """
    import puremagic  # only when reading files, never for a query

    try:
        found = puremagic.magic_string(data[:512])
    except (puremagic.PureError, ValueError):
        return None
    for match in found[:1]:
        mime = match.mime_type.lower()
        subtype = mime.partition("/")[2]
        if (
            not mime.startswith(_BINARY_FAMILIES)
            or subtype in _TEXT_TYPES
            or subtype.endswith(("+xml", "+json"))
        ):
            return None
        signature = match.byte_match
        if len(signature) < _STRONG_SIGNATURE and set(signature) <= _PRINTABLE:
            return None
        return match.name or mime
    return None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _utf8_repaired(data: bytes) -> str:
    """UTF-8 with damaged bytes replaced, and a character cut off at the end dropped."""
    return codecs.getincrementaldecoder("utf-8")(errors="replace").decode(data, final=False)


def _mostly_utf8(data: bytes) -> bool:
    """True when nearly all non-ASCII bytes form valid UTF-8 sequences."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))  # one copy, not one per byte
    if not high:
        return True
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    return bool(_UTF8_SEQUENCE.search(data)) and bad * 20 <= high


def decode_bytes(data: bytes, *, is_html: bool) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    The text is in Unicode's composed form (NFC): a letter and its accent
    written as two characters (``e`` and a combining acute) become the one
    character most keyboards and pages write (``é``), so titles, texts and
    snippets read and compare alike whichever way a site wrote them. Never
    raises on bad bytes: the last resort replaces what cannot be decoded.
    """
    text, encoding = _decode(data, is_html=is_html)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, encoding


def _decode(data: bytes, *, is_html: bool) -> tuple[str, str]:
    stripped, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        name = _codec_name(bom_encoding) or bom_encoding
        return stripped.decode(name, errors="replace"), name

    if is_html:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        name = _codec_name(declared) if declared else None
        if name in _LATIN_SINGLE_BYTE and _UTF8_SEQUENCE.search(data):
            # A single-byte label on bytes that are strict UTF-8 with letters
            # beyond ASCII: the label is the site template's, the text is UTF-8
            # (Windows-1252 text almost never reads as valid UTF-8).
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        if name and not name.startswith("utf-16") and not name.startswith("utf-32"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass  # a wrong declaration: fall through to the evidence of the bytes
            if name == "utf-8" and _UTF8_SEQUENCE.search(data):
                # Declared, and written so: a few damaged bytes are replaced.
                return _utf8_repaired(data), "utf-8"

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # UTF-8 with a few damaged bytes (a cut or a stray byte)
        return _utf8_repaired(data), "utf-8"

    guess = _detect(data)
    if guess is not None:
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


# Single-byte encodings of Latin-script languages. Statistical detectors
# cannot tell them apart on a short page and often guess Central European
# ones for Spanish or French text: for all of them, Windows-1252 is the answer.
_LATIN_SINGLE_BYTE = frozenset(
    "cp1252 cp1250 cp1254 cp1257 cp1258 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9"
    " iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_roman mac_latin2 cp850"
    " cp437 cp858 ascii".split()
)


def _detect(data: bytes) -> str | None:
    """Statistical detection for undeclared, non-UTF-8 bytes.

    Western European news that is not UTF-8 is Windows-1252 (or its subset
    Latin-1); charset-normalizer is asked only to recognize other scripts:
    Cyrillic, Greek, Arabic, Asian multi-byte encodings.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    name = _codec_name(best.encoding)
    if name is None or name in _LATIN_SINGLE_BYTE:
        return None
    return name
