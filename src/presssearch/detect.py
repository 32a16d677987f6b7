"""Language identification: the text decides, never the page's ``lang`` attribute.

Built on langdetect's character n-gram profiles with a fixed seed, so the
same text gets the same answer on every run. English, Spanish and French are
the languages presssearch analyzes; any other language is still reported
with its code, and text too short to judge is ``und``.
"""

from __future__ import annotations

import re
import threading

__all__ = ["ANALYZED_LANGUAGES", "UNDETERMINED", "detect_language"]

ANALYZED_LANGUAGES = ("en", "es", "fr")
UNDETERMINED = "und"

# Fewer letters than this is not enough evidence for any detector.
MIN_LETTERS = 12
# langdetect's answer stabilizes long before this many characters.
SAMPLE_CHARS = 3000

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_lock = threading.Lock()
_factory = None


def _get_factory():  # type: ignore[no-untyped-def]
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(0)
            _factory = factory
    return _factory


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language of ``text``, or ``"und"``.

    Deterministic: the same text always gets the same code.
    """
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    from langdetect.lang_detect_exception import LangDetectException

    detector = _get_factory().create()
    detector.append(sample)
    try:
        code = detector.detect()
    except LangDetectException:
        return UNDETERMINED
    if code == "unknown":
        return UNDETERMINED
    return code.split("-")[0]
