"""Language identification: the text decides, never the page's ``lang`` attribute.

Two n-gram detectors, each deterministic (the same text always gets the same
answer):

1. py3langid's full model (97 languages) says which language family and
   script the text is in. A confident answer outside the Western European
   languages (Russian, Greek, Dutch, ...) is final.
2. Otherwise the same model, restricted to the languages that are easily
   confused with ours (en, es, fr, pt, it, ca, de), makes the choice; that
   restriction is what makes it accurate on headlines and short sentences.
3. When that choice is not clear-cut, langdetect, with a fixed seed, casts
   the deciding vote between the two best candidates.

Both models learnt from text in normal case, in which capitals mostly mark names
and the start of sentences; text written in capitals (wire copy, old archives)
looks to them like a string of names. So text whose letters are mostly capitals
is judged in sentence case: lower case, with a capital at the start of the text,
of each line and of each sentence (a word or two, such as a query, in lower
case). Text in normal case, whatever its acronyms and names, is judged as it is.

English, Spanish and French are the languages presssearch analyzes; any other
language is still reported with its code. Text with too few letters to judge
is ``und``.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

__all__ = ["ANALYZED_LANGUAGES", "UNDETERMINED", "detect_language"]

ANALYZED_LANGUAGES = ("en", "es", "fr")
UNDETERMINED = "und"

# Languages that share vocabulary or spelling with ours: the restricted model
# chooses among these.
NEIGHBOURS = ("en", "es", "fr", "pt", "it", "ca", "de")
# Languages the full model confuses with Spanish, French or English on short
# text; an answer among them is settled by the restricted model.
CONFUSABLE = frozenset(
    "an ast gl oc la eu wa lb br co eo ro nl af da no nb nn sv id ms tl sl hr sk cs pl mt cy"
    " ga is lt lv et fi hu sq sw qu".split()
)
# A full-model probability above this is final for a language outside NEIGHBOURS.
FINAL_OTHER = 0.90
# When the two best neighbours are closer than this share, langdetect decides.
SURE = 0.55

# Fewer letters than this is not enough evidence for any detector.
MIN_LETTERS = 6
# Text of fewer words is in a language only if the full model's best guess is
# one of ours, or is this sure of another: names such as "Jacques Audiard"
# (best guess Catalan, .09) or "Oscars 2025" (Latin, .04) are in no language.
SHORT_WORDS = 3
SHORT_CONFIDENCE = 0.25
# Both detectors settle long before this many characters.
SAMPLE_CHARS = 2000
# Text is in capitals when at least this share of its letters are capitals. In
# normal case the share stays below .65 even in lines full of acronyms and names
# ("CENTRE ORGANITZADOR: Eusko Ikaskuntza.", .61); in the NTREX news lines, below .55.
CAPITALS_SHARE = 0.75

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPANISH_MARKS = re.compile("[¿¡]")
# The first letter or digit of the text, of a line, or after a sentence's end
# and a space, with any opening marks before it (quotes, ¿, ¡, «).
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?…]\s+)\W*\w")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    with _lock:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _langdetect_factory():  # type: ignore[no-untyped-def]
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    with _lock:
        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        factory.set_seed(0)
        return factory


def _langdetect_probabilities(text: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    detector.set_max_text_length(SAMPLE_CHARS)
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    return {str(p.lang).split("-")[0]: float(p.prob) for p in found}


def _capitalise_last(match: re.Match[str]) -> str:
    found = match.group(0)
    return found[:-1] + found[-1].upper()


def _sentence_case(text: str) -> str:
    return _SENTENCE_START.sub(_capitalise_last, text.lower())


def detect_language(text: str, *, tie_break: bool = True) -> str:
    """The ISO 639-1 code of the language of ``text``, or ``"und"``.

    Deterministic: the same text always gets the same code. Without
    ``tie_break``, near ties are not sent to langdetect (faster, for queries).
    """
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTERS.findall(sample))
    if letters < MIN_LETTERS:
        return UNDETERMINED
    short = len(_WORDS.findall(sample)) < SHORT_WORDS
    if sum(map(str.isupper, sample)) >= CAPITALS_SHARE * letters:
        # A word or two (a query, a label) is compared with how it is most
        # often typed, in lower case; longer text with sentences.
        sample = sample.lower() if short else _sentence_case(sample)

    ranked = _identifier().rank(sample)
    lang, prob = ranked[0]
    # The restricted model: the same scores renormalized over the neighbours.
    near = [(code, p) for code, p in ranked if code in NEIGHBOURS]
    (best, p_best), (second, p_second) = near[0], near[1]
    sure = p_best / (p_best + p_second) >= SURE
    # Spanish alone opens questions and exclamations with ¿ and ¡: on short
    # text that outweighs an unsure n-gram guess ("¡Venga!", "Dianne
    # Feinstein, ¿lo filtraste?"), but not a clear one ("¿Per què...?", Catalan).
    if _SPANISH_MARKS.search(sample) and (best == "es" or not sure):
        return "es"
    if short and lang not in ANALYZED_LANGUAGES and prob < SHORT_CONFIDENCE:
        return UNDETERMINED
    if lang not in NEIGHBOURS and lang not in CONFUSABLE and prob >= FINAL_OTHER:
        return str(lang)
    if not tie_break or sure:
        return str(best)
    votes = _langdetect_probabilities(sample)
    if votes.get(second, 0.0) > votes.get(best, 0.0):
        return str(second)
    return str(best)
