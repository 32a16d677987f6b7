"""The languages of the articles, as people read them.

Documents carry an ISO 639 code (``en``, ``pl``, ``zh``) or ``und`` when
no language could be told; whatever a person reads (the command line's
summaries, ``stats``, facets, charts, the web pages) names the language in
English instead. Names come from the Unicode CLDR through Babel, so every code
the language detector can give has one.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["UNDETERMINED", "language_label", "language_name"]

#: The code of a document whose language could not be told.
UNDETERMINED = "und"
_UNDETERMINED_NAME = "unknown language"


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """The English name of the language ``code`` ("Polish" for ``pl``); the code if unknown."""
    if not code or code == UNDETERMINED:
        return _UNDETERMINED_NAME
    from babel import Locale, UnknownLocaleError  # only where a name is shown

    try:
        name = Locale("en").languages.get(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def language_label(code: str) -> str:
    """The language's name with its code, as a filter takes it: "Polish (pl)"."""
    if not code or code == UNDETERMINED:
        return f"{_UNDETERMINED_NAME} ({UNDETERMINED})"
    name = language_name(code)
    return f"{name} ({code})" if name != code else code
