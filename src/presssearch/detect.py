"""Language identification: the text decides, never the page's ``lang`` attribute.

Two n-gram detectors, each deterministic (the same text always gets the same
answer):

1. py3langid's full model (140 languages) says which language family and
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
language is still reported with its code when the full model is sure of it,
and never as one of our neighbours by elimination: text the full model puts
far from all of them (Polish, Russian, Chinese) gets its own code, or ``und``
when the model hesitates between several. Text with too few letters to judge
is ``und`` too.
"""

from __future__ import annotations

import array
import contextlib
import importlib.util
import io
import json
import math
import mmap
import os
import re
import struct
import sys
import tempfile
import threading
import time
import unicodedata
import weakref
import zlib
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from presssearch.common import cache_dir, replacing
from presssearch.languages import ANALYZED, LANGUAGES, NEIGHBOURS, UNDETERMINED

__all__ = ["ANALYZED_LANGUAGES", "UNDETERMINED", "detect_language"]

ANALYZED_LANGUAGES = ANALYZED
# NEIGHBOURS, from the registry: the languages that share vocabulary or spelling
# with ours, among which the restricted model chooses.
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
# When the full model's best guess is another language and our neighbours'
# best has less than this share of its probability, no neighbour is in the
# running: the text gets the other language's code, if the model gives it at
# least OTHER_SURE, and is otherwise undetermined. (Of the 5,991 NTREX lines in
# English, Spanish and French, the lowest such share is .11: "Indonesia Tsunami
# Toll Soars Above 800.", Indonesian .20.)
ELIMINATION = 0.05
OTHER_SURE = 0.5

# Fewer letters than this is not enough evidence for any detector.
MIN_LETTERS = 6
# Text of fewer words is in a language only if the full model's best guess is
# one of ours, or is this sure of another: names such as "Jacques Audiard"
# (best guess Catalan, .09) or "Oscars 2025" (Latin, .04) are in no language.
SHORT_WORDS = 3
SHORT_CONFIDENCE = 0.25
# Both detectors settle long before this many characters.
SAMPLE_CHARS = 2000
# A longer text is judged on this many windows of SAMPLE_CHARS spread over it
# (its start, middle and end): a page may open with a quotation, a warning
# of its software or a notice in another language.
SAMPLE_WINDOWS = 3
# Text is in capitals when at least this share of its letters are capitals. In
# normal case the share stays below .65 even in lines full of acronyms and names
# ("CENTRE ORGANITZADOR: Eusko Ikaskuntza.", .61); in the NTREX news lines, below .55.
CAPITALS_SHARE = 0.75

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# Letters of the Latin script, the only one our neighbour languages are written in.
_LATIN = re.compile("[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ]")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Each language that writes marks no other does, with a pattern of its marks.
_MARKS = tuple(
    (lang.code, re.compile(f"[{re.escape(lang.marks)}]")) for lang in LANGUAGES if lang.marks
)
# The first letter or digit of the text, of a line, or after a sentence's end
# and a space, with any opening marks before it (quotes, ¿, ¡, «).
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?…]\s+)\W*\w")
_lock = threading.Lock()


# -- the n-gram model ------------------------------------------------------------------------
#
# py3langid ships its model compressed (LZMA), and opening it takes over a second and
# 100 MB with numpy. It is therefore opened once, and its arrays written to one file in
# the cache folder (about 100 MB), in this machine's byte order; later processes read
# from that file only what their text needs. The file is checked against py3langid's
# version, its model file and this module's code, written atomically, and rebuilt when
# it is missing, stale or garbled; of other versions' files, the two newest are kept.
# When the cache folder is not writable the file is built in a temporary file, deleted
# on exit (or, failing that, in memory).
#
# Scores are py3langid's: for each language, the sum over the text's n-grams of
# log(1 + count) times the n-gram's log-probability, plus the language's prior, scaled by
# one over the square root of the text's length in bytes and normalized to
# probabilities. All languages' columns are kept: the full model's best guess and its
# probability decide answers outside our neighbours. Short text (a query) is scored in
# pure Python, in double precision, so that a query never loads numpy; longer text
# with numpy, exactly as py3langid does.

_MODEL_FORMAT = 1
_MAGIC = b"PSLANGID"
_HEAD = struct.Struct("<8sI")
_ALIGN = 64
# Text of at most this many bytes is scored without numpy.
_PURE_MAX_BYTES = 80
_STATE = struct.Struct("=I")
# Model files of other versions kept in the cache folder (about 100 MB each).
_OTHER_MODELS_KEPT = 2
# (name, typecode) of the arrays stored in the file, in order.
_SECTIONS = (("ptc", "f"), ("pc", "f"), ("nextmove", "I"), ("row", "I"), ("out", "i"))


def _model_source() -> tuple[Path, str]:
    """py3langid's model file and its version, without importing it (that loads numpy)."""
    spec = importlib.util.find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("py3langid is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    found = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", _read_text(package / "__init__.py"))
    return package / "data" / "model.npz.xz", found.group(1) if found else "?"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _model_key() -> str:
    """What the cache file must match: py3langid's version and model, and this code."""
    model_file, version = _model_source()
    try:
        st = model_file.stat()
        stamp = f"{st.st_size}-{st.st_mtime_ns}"
    except OSError:
        stamp = "?"
    code = zlib.crc32(_read_text(Path(__file__)).encode("utf-8"))
    return f"{_MODEL_FORMAT}-{version}-{stamp}-{code:08x}-{sys.byteorder}"


def _write_model(out: IO[bytes], key: str) -> None:
    """Write the model file to ``out``, from py3langid's model (slow: numpy and LZMA)."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, out_feat = load_model(MODEL_DIR / MODEL_FILE)
    tables = {
        "pc": np.asarray(pc, dtype=np.float32),
        "nextmove": np.asarray(nextmove, dtype=np.uint32),
        "row": np.asarray(row, dtype=np.uint32),
        "out": np.asarray(out_feat, dtype=np.int32),
    }
    crc = 0
    for name in ("pc", "row", "out"):
        crc = zlib.crc32(tables[name].tobytes(), crc)
    header = {
        "key": key,
        "classes": list(classes),
        "crc": crc,
        "sizes": [ptc.size * 4 if name == "ptc" else tables[name].nbytes for name, _ in _SECTIONS],
    }
    head = json.dumps(header, separators=(",", ":")).encode()
    written = out.write(_HEAD.pack(_MAGIC, len(head)) + head)
    for name, _code in _SECTIONS:
        written += out.write(bytes(_padded(written) - written))
        if name == "ptc":  # in slices: in single precision it is twice as large
            for i in range(0, len(ptc), 4096):
                written += out.write(ptc[i : i + 4096].astype(np.float32).tobytes())
        else:
            written += out.write(tables[name].tobytes())
    out.write(bytes(_padded(written) - written))


def _padded(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


class _Model:
    """py3langid's model, from a model file: the open cache file, or its bytes in memory.

    Raises ValueError if ``source`` is not a whole model file of ``key``.
    """

    def __init__(self, source: IO[bytes] | bytes, key: str) -> None:
        if not isinstance(source, bytes) and not hasattr(os, "pread"):  # Windows
            source.seek(0)
            source = source.read()
        self._file = None if isinstance(source, bytes) else source
        self._bytes = source if isinstance(source, bytes) else b""
        if self._file is not None:  # open while the model lives; closed, at the latest, on exit
            weakref.finalize(self, self._file.close)
        total = len(self._bytes) if self._file is None else os.fstat(self._fd).st_size
        magic, head_size = _HEAD.unpack(self._read(0, _HEAD.size))
        if magic != _MAGIC or _HEAD.size + head_size > total:
            raise ValueError("not a model file")
        header = json.loads(self._read(_HEAD.size, head_size))
        if not isinstance(header, dict) or header.get("key") != key:
            raise ValueError("stale")
        self.classes: list[str] = [str(c) for c in header["classes"]]
        self._sections: dict[str, tuple[int, int]] = {}
        start = _padded(_HEAD.size + head_size)
        for (name, code), size in zip(_SECTIONS, header["sizes"], strict=True):
            if not isinstance(size, int) or size < 0 or size % struct.calcsize(code):
                raise ValueError(f"bad size of {name}")
            self._sections[name] = start, size
            start = _padded(start + size)
        if start != total:
            raise ValueError("truncated")
        small = [self._read(*self._sections[name]) for name in ("pc", "row", "out")]
        if header.get("crc") != zlib.crc32(b"".join(small)):
            raise ValueError("garbled")
        n = len(self.classes)
        self._pc: tuple[float, ...] = struct.unpack(f"={n}f", small[0])
        self._row = array.array("I", small[1])
        self._out = array.array("i", small[2])
        self._nextmove_at = self._sections["nextmove"][0]
        self._ptc_at = self._sections["ptc"][0]
        self._ptc_row = struct.Struct(f"={n}f")
        if self._sections["ptc"][1] % self._ptc_row.size or len(self._row) != len(self._out):
            raise ValueError("inconsistent sizes")
        # Columns that repeat a label (py3langid has two for Serbian, two for Uzbek):
        # the first column takes the sum of their probabilities.
        first: dict[str, int] = {}
        self._aliases: list[tuple[int, int]] = []
        for i, lang in enumerate(self.classes):
            if lang in first:
                self._aliases.append((first[lang], i))
            else:
                first[lang] = i
        self._arrays: tuple[Any, ...] | None = None

    @property
    def _fd(self) -> int:
        assert self._file is not None
        return self._file.fileno()

    def _read(self, offset: int, size: int) -> bytes:
        if self._file is None:
            data = self._bytes[offset : offset + size]
        else:
            data = os.pread(self._fd, size, offset)
        if len(data) != size:
            raise ValueError("truncated")
        return data

    @staticmethod
    def encode(text: str) -> bytes:
        """The bytes py3langid scores: NFC UTF-8, lower-cased when all in capitals."""
        if text.isupper():
            text = text.lower()
        return unicodedata.normalize("NFC", text).encode("utf-8", errors="surrogatepass")

    def rank(self, text: str) -> list[tuple[str, float]]:
        """All languages, best first, with their probabilities (py3langid's ``rank``)."""
        data = self.encode(text)
        if len(data) <= _PURE_MAX_BYTES:
            probs = self._probabilities_pure(data)
        else:
            probs = self._probabilities_numpy(data)
        merged: dict[str, float] = {}
        for lang, p in zip(self.classes, probs, strict=True):
            merged.setdefault(lang, p)
        return sorted(merged.items(), key=itemgetter(1), reverse=True)

    # Short text: each step of the automaton and each n-gram's row is read from the
    # file (mapping it would bring whole megabytes of it into memory), and scored in
    # double precision.

    def _probabilities_pure(self, data: bytes) -> list[float]:
        row, out, read, at = self._row, self._out, self._read, self._nextmove_at
        unpack_state = _STATE.unpack
        counts: dict[int, int] = {}
        state = 0
        for byte in data:
            (state,) = unpack_state(read(at + 4 * ((row[state] << 8) + byte), 4))
            feature = out[state]
            if feature >= 0:
                counts[feature] = counts.get(feature, 0) + 1
        if not counts:
            return self._normalized([0.0] * len(self.classes), len(data))
        by_count: dict[int, list[tuple[float, ...]]] = {}
        size = self._ptc_row.size
        for feature, count in counts.items():
            found = self._ptc_row.unpack(read(self._ptc_at + feature * size, size))
            by_count.setdefault(count, []).append(found)
        scores = list(self._pc)
        for count, rows in by_count.items():
            weight = math.log1p(count)
            columns = zip(*rows, strict=True)
            scores = [s + weight * math.fsum(col) for s, col in zip(scores, columns, strict=True)]
        return self._normalized(scores, len(data))

    def _normalized(self, scores: list[float], length: int) -> list[float]:
        scale = 1.0 / math.sqrt(length or 1)
        top = max(scores) * scale
        probs = [math.exp(s * scale - top) for s in scores]
        total = math.fsum(probs)
        probs = [p / total for p in probs]
        for first, again in self._aliases:
            probs[first] += probs[again]
            probs[again] = 0.0
        return probs

    # Longer text: the file mapped in memory and scored with numpy, exactly as
    # py3langid scores it (in single precision).

    def _numpy_arrays(self) -> tuple[Any, ...]:
        import numpy as np

        if self._arrays is None:
            if self._file is None:
                buffer: Any = self._bytes
            else:
                buffer = mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ)
            start, size = self._sections["nextmove"]
            nextmove = memoryview(buffer)[start : start + size].cast("I")
            start, size = self._sections["ptc"]
            ptc = np.frombuffer(buffer, np.float32, size // 4, start)
            ptc = ptc.reshape(-1, len(self.classes))
            pc = np.array(self._pc, dtype=np.float32)
            self._arrays = nextmove, [r << 8 for r in self._row], ptc, pc
        return self._arrays

    def _probabilities_numpy(self, data: bytes) -> list[float]:
        import numpy as np

        nextmove, rowbase, ptc, pc = self._numpy_arrays()
        out = self._out
        counts: dict[int, int] = {}
        state = 0
        for byte in data:
            state = nextmove[rowbase[state] + byte]
            feature = out[state]
            if feature >= 0:
                counts[feature] = counts.get(feature, 0) + 1
        if counts:
            features = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            weights = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            scores = np.log1p(weights) @ ptc[features] + pc
        else:
            scores = np.zeros(len(self.classes), dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for first, again in self._aliases:
            scores[first] += scores[again]
            scores[again] = 0.0
        return scores.tolist()  # type: ignore[no-any-return]


def _open_cached(path: Path, key: str) -> _Model | None:
    try:
        cached = path.open("rb")
    except OSError:
        return None
    try:
        return _Model(cached, key)
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        cached.close()
        return None


def _model_path(key: str) -> Path | None:
    try:
        folder = cache_dir()
    except (RuntimeError, KeyError):  # no home folder
        return None
    digest = zlib.crc32(key.encode()) ^ (zlib.adler32(key.encode()) << 32)
    return folder / f"langid-{digest:016x}.bin"


def _cache_model(path: Path, key: str) -> _Model | None:
    """Build the model into ``path``, atomically; None if the folder is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp, tmp.open("wb") as f:
            _write_model(f, key)
    except OSError:
        return None
    _forget_unused(path)
    return _open_cached(path, key)


def _forget_unused(path: Path) -> None:
    """Keep the newest few model files of other versions (of py3langid or of this code),
    and delete the rest, and what a process that died while writing left behind."""
    others = [other for other in path.parent.glob("langid-*.bin") if other != path]
    with contextlib.suppress(OSError):
        others.sort(key=lambda other: other.stat().st_mtime, reverse=True)
    stale = time.time() - 3600
    # What replacing() leaves of a model file when its writer is killed (and what
    # earlier versions left, named without the leading dot).
    leftovers = [*path.parent.glob(".langid-*.bin.*.tmp"), *path.parent.glob("langid-*.bin*.tmp")]
    for other in [*others[_OTHER_MODELS_KEPT:], *leftovers]:
        with contextlib.suppress(OSError):
            if other.suffix == ".bin" or other.stat().st_mtime < stale:
                other.unlink()


def _uncached_model(key: str) -> _Model:
    """The model in a temporary file (deleted when closed), else in memory."""
    try:
        spare = tempfile.TemporaryFile()  # noqa: SIM115 (open while the model is in use)
    except OSError:
        spare = None
    if spare is not None:
        try:
            _write_model(spare, key)
            spare.flush()
            return _Model(spare, key)
        except (OSError, ValueError):
            spare.close()
    memory = io.BytesIO()
    _write_model(memory, key)
    return _Model(memory.getvalue(), key)


def _load_model() -> _Model:
    """The model from the cache file; built (and cached, if possible) when it is not there."""
    key = _model_key()
    path = _model_path(key)
    model = None
    if path is not None:
        model = _open_cached(path, key) or _cache_model(path, key)
    return model or _uncached_model(key)


@lru_cache(maxsize=1)
def _model() -> _Model:
    with _lock:
        return _load_model()


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
    detector.set_max_text_length(SAMPLE_CHARS * SAMPLE_WINDOWS)
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
    Any text gets a code; a failure of the detectors themselves raises
    :class:`~presssearch.errors.LanguageError`, never anything else.
    """
    try:
        return _detect(text, tie_break=tie_break)
    except Exception as exc:  # callers handle presssearch's errors only
        from presssearch.errors import LanguageError

        detail = " ".join(str(exc).split())[:200] or "no detail"
        raise LanguageError(
            f"the language of {text[:40]!r} could not be judged: {type(exc).__name__}: {detail}"
        ) from exc


def _sample(text: str) -> str:
    """``text``, or windows of it spread from its start to its end when it is long."""
    if len(text) <= SAMPLE_CHARS * SAMPLE_WINDOWS:
        return text
    step = (len(text) - SAMPLE_CHARS) // (SAMPLE_WINDOWS - 1)
    return "\n".join(text[i * step : i * step + SAMPLE_CHARS] for i in range(SAMPLE_WINDOWS))


def _detect(text: str, *, tie_break: bool) -> str:
    sample = _sample(text)
    letters = len(_LETTERS.findall(sample))
    if letters < MIN_LETTERS:
        return UNDETERMINED
    short = len(_WORDS.findall(sample)) < SHORT_WORDS
    if sum(map(str.isupper, sample)) >= CAPITALS_SHARE * letters:
        # A word or two (a query, a label) is compared with how it is most
        # often typed, in lower case; longer text with sentences.
        sample = sample.lower() if short else _sentence_case(sample)

    ranked = _model().rank(sample)
    lang, prob = ranked[0]
    # The restricted model: the same scores renormalized over the neighbours.
    near = [(code, p) for code, p in ranked if code in NEIGHBOURS]
    (best, p_best), (second, p_second) = near[0], near[1]
    if len(_LATIN.findall(sample)) * 2 < letters:
        # Mostly letters of another script (Cyrillic, Arabic, kana...): none of
        # our neighbour languages is written in it, however the n-grams lean.
        other = next((code for code, _ in ranked if code not in NEIGHBOURS), UNDETERMINED)
        other_prob = dict(ranked).get(other, 0.0)
        return str(other) if other_prob >= OTHER_SURE else UNDETERMINED
    if lang not in NEIGHBOURS and p_best <= ELIMINATION * prob:
        # The text is in another language, far ahead of all of ours: it is
        # never given a neighbour's code for lack of a better one.
        if short and prob < SHORT_CONFIDENCE:
            return UNDETERMINED
        return str(lang) if prob >= OTHER_SURE else UNDETERMINED
    sure = p_best >= SURE * (p_best + p_second)
    # Marks only one language writes (Spanish opens questions and exclamations
    # with ¿ and ¡) outweigh an unsure n-gram guess on short text ("¡Venga!",
    # "Dianne Feinstein, ¿lo filtraste?"), but not a clear one ("¿Per què...?",
    # Catalan).
    for code, marks in _MARKS:
        if marks.search(sample) and (best == code or not sure):
            return code
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
