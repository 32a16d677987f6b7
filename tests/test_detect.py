"""Language identification: the text decides, short text is undetermined."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from presssearch import detect_language, extract_article

PARAGRAPHS = {
    "en": (
        "The director said his remarks about the Spanish language had been taken out of "
        "context, and he apologised to anyone who felt hurt by them."
    ),
    "es": (
        "El director dijo que sus comentarios sobre el idioma español habían sido sacados "
        "de contexto y pidió disculpas a quienes se sintieron heridos."
    ),
    "fr": (
        "Le réalisateur a affirmé que ses propos sur la langue espagnole avaient été sortis "
        "de leur contexte et s'est excusé auprès de ceux qui se sont sentis blessés."
    ),
    "de": (
        "Der Regisseur sagte, seine Bemerkungen über die spanische Sprache seien aus dem "
        "Zusammenhang gerissen worden, und entschuldigte sich bei allen, die sich verletzt "
        "fühlten."
    ),
    "pt": (
        "O realizador disse que os seus comentários sobre a língua espanhola tinham sido "
        "tirados do contexto e pediu desculpa a quem se sentiu ofendido."
    ),
}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_analyzed_languages(lang: str) -> None:
    assert detect_language(PARAGRAPHS[lang]) == lang


@pytest.mark.parametrize("lang", ["de", "pt"])
def test_other_languages_get_their_own_code(lang: str) -> None:
    assert detect_language(PARAGRAPHS[lang]) == lang


# Names and short phrases: where a random detector would waver between answers.
AMBIGUOUS = [
    "Emilia Pérez Karla Sofía Gascón Jacques Audiard Selena Gomez Zoe Saldaña",
    "Netflix Oscar Cannes Toronto Telluride Venice Berlinale Golden Globes",
    "Mexico Paris Madrid Los Angeles Cannes Barcelona Guadalajara Lyon",
]


@pytest.mark.parametrize("text", AMBIGUOUS + list(PARAGRAPHS.values()))
def test_same_answer_on_repeated_calls(text: str) -> None:
    answers = {detect_language(text) for _ in range(20)}
    assert len(answers) == 1


def test_same_answer_in_a_new_process() -> None:
    # Re-indexing a corpus in a later run must label it the same way.
    texts = AMBIGUOUS + list(PARAGRAPHS.values())
    here = [detect_language(t) for t in texts]
    script = (
        "import json, sys\n"
        "from presssearch import detect_language\n"
        "print(json.dumps([detect_language(t) for t in json.load(sys.stdin)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == here


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345 678 90 !!!", "¡Hola!", "Oscar 2025"])
def test_empty_or_almost_empty_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


@pytest.mark.parametrize(
    "text", ["Oscars", "Cannes", "Netflix", "Emilia Pérez", "Jacques Audiard", "Oscars 2025"]
)
def test_a_word_or_a_name_is_undetermined(text: str) -> None:
    # A proper name or a single word is no evidence of a language.
    assert detect_language(text) == "und"


@pytest.mark.parametrize(
    "text",
    [
        "Dianne Feinstein, ¿lo borraste?",
        "Emmanuel Macron, ¡qué vergüenza!",
        "Netflix, ¡qué vergüenza!",
    ],
)
def test_inverted_marks_settle_short_spanish(text: str) -> None:
    # Names and a few words leave the n-gram models unsure (German, Catalan).
    assert detect_language(text) == "es"


def test_inverted_marks_do_not_override_a_clear_answer() -> None:
    assert detect_language("¿Per què ho va dir el director?") == "ca"


def test_text_decides_not_the_lang_attribute() -> None:
    page = (
        '<html lang="en"><head><title>Audiard y el español</title></head><body><article>'
        f"<p>{PARAGRAPHS['es']}</p>"
        "<p>La polémica siguió durante semanas en la prensa mexicana y española.</p>"
        "</article></body></html>"
    )
    article = extract_article(page.encode(), path="mislabelled.html")
    assert article.lang == "es"


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "pt"])
def test_articles_get_the_language_of_their_text(lang: str) -> None:
    article = extract_article(f"Title\n\n{PARAGRAPHS[lang]}\n".encode(), path="a.txt")
    assert article.lang == lang


def test_article_with_too_little_text_is_undetermined() -> None:
    article = extract_article("Emilia Pérez\n\n2025\n".encode(), path="a.txt")
    assert article.lang == "und"
