"""Per-language analysis: the terms a text is indexed and queried under."""

from __future__ import annotations

from pathlib import Path

import pytest

from presssearch import Index
from presssearch.analyze import Analyzer, analyze, analyzer_for, stop_words
from presssearch.languages import ANALYZED, LANGUAGES, language

# -- English -------------------------------------------------------------------


@pytest.mark.parametrize("word", ["Audiard's", "Audiard’s", "AUDIARD'S"])
def test_english_possessive_is_the_name(word: str) -> None:
    assert analyze(word, "en") == analyze("Audiard", "en") == ["audiard"]


def test_english_stop_words_are_dropped() -> None:
    assert analyze("the remarks of a director and the cast", "en") == [
        "remark",
        "director",
        "cast",
    ]


@pytest.mark.parametrize(
    ("variant", "base"),
    [("remarks", "remark"), ("apologised", "apologise"), ("directors", "director")],
)
def test_english_inflections_share_a_term(variant: str, base: str) -> None:
    assert analyze(variant, "en") == analyze(base, "en")


def test_english_plural_is_stemmed() -> None:
    assert analyze("remarks", "en") == ["remark"]


# -- Spanish -------------------------------------------------------------------


def test_spanish_stop_words_are_dropped() -> None:
    assert analyze("la película y las actrices del director", "es") == analyze(
        "película actrices director", "es"
    )
    assert len(analyze("la película y las actrices del director", "es")) == 3


@pytest.mark.parametrize(
    ("a", "b"),
    [("película", "películas"), ("premio", "premios"), ("polémica", "polémicas")],
)
def test_spanish_singular_and_plural_share_a_term(a: str, b: str) -> None:
    assert analyze(a, "es") == analyze(b, "es")
    assert len(analyze(a, "es")) == 1


# -- French --------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["'", "’"])
@pytest.mark.parametrize(
    ("elided", "word"),
    [
        ("l", "actrice"),
        ("d", "Emilia"),
        ("qu", "Audiard"),
        ("j", "adore"),
        ("n", "importe"),
        ("s", "excuser"),
        ("c", "inoubliable"),
        ("jusqu", "Paris"),
        ("lorsqu", "Emilia"),
        ("puisqu", "Audiard"),
    ],
)
def test_french_elision_is_removed(apostrophe: str, elided: str, word: str) -> None:
    text = f"{elided}{apostrophe}{word}"
    assert analyze(text, "fr") == analyze(word, "fr")
    assert analyze(text, "fr"), f"{text!r} lost its word"


def test_french_elision_in_running_text() -> None:
    assert analyze("L’actrice s’est excusée jusqu’à dimanche", "fr") == analyze(
        "actrice excusée dimanche", "fr"
    )


def test_french_stop_words_are_dropped() -> None:
    assert analyze("le réalisateur et une actrice dans la salle pour un film", "fr") == analyze(
        "réalisateur actrice salle film", "fr"
    )
    assert len(analyze("le réalisateur et une actrice dans la salle pour un film", "fr")) == 4


@pytest.mark.parametrize(
    ("a", "b"),
    [("actrice", "actrices"), ("réalisateur", "réalisateurs"), ("excusé", "excusée")],
)
def test_french_inflections_share_a_term(a: str, b: str) -> None:
    assert analyze(a, "fr") == analyze(b, "fr")
    assert len(analyze(a, "fr")) == 1


# -- Stop words ------------------------------------------------------------------


@pytest.mark.parametrize("code", ANALYZED)
def test_registry_describes_the_stop_words_of_each_analyzed_language(code: str) -> None:
    described = language(code)
    assert described is not None
    assert len(described.stop_words) >= 100
    assert stop_words(code) == described.stop_words


def test_languages_not_analyzed_have_no_stop_words() -> None:
    for described in LANGUAGES:
        if not described.analyzed:
            assert described.stop_words == frozenset()
            assert stop_words(described.code) == frozenset()


@pytest.mark.parametrize("code", ANALYZED)
def test_every_stop_word_is_dropped_as_typed_or_capitalized(code: str) -> None:
    # Each word of the list is one the analysis can meet: alone, in lower case or
    # capitalized at the start of a sentence, it leaves nothing to index or search.
    for word in sorted(stop_words(code)):
        assert analyze(word, code) == [], word
        assert analyze(word.capitalize(), code) == [], word


@pytest.mark.parametrize(
    ("code", "text", "words"),
    [
        ("en", "They didn't say it's over, but we've been told so", "say told"),
        ("en", "She would have been the first of them to win", "first win"),
        ("es", "Según él, no hay nada que hacer con los suyos ni al final", "hacer final"),
        ("es", "Ha sido y será la más votada, aunque estaba en contra", "más votada"),
        ("fr", "C'est ce qu'elle n'a jamais dit à ses amis", "dit amis"),
        ("fr", "Il y aura eu des élus dans chacune des villes où nous", "élus chacune villes"),
    ],
)
def test_function_words_are_dropped_and_content_words_kept(
    code: str, text: str, words: str
) -> None:
    assert analyze(text, code) == analyze(words, code)
    assert len(analyze(text, code)) == len(words.split())


@pytest.mark.parametrize(
    ("code", "word"),
    [
        # Written like a function word, but a word of the news.
        ("en", "US"),
        ("en", "May"),
        ("en", "mine"),
        ("es", "Estados"),
        ("es", "bajo"),
        ("fr", "été"),
        ("fr", "or"),
        ("fr", "personne"),
        # Ordinary verbs, amounts and adverbs with a meaning of their own.
        ("en", "said"),
        ("en", "more"),
        ("en", "again"),
        ("en", "yet"),
        ("es", "afirmó"),
        ("es", "tiene"),
        ("es", "muchos"),
        ("es", "mientras"),
        ("fr", "déclaré"),
        ("fr", "plusieurs"),
        ("fr", "encore"),
        # Quantifiers: how many of a thing are meant.
        ("en", "every"),
        ("en", "none"),
        ("en", "some"),
        ("es", "cada"),
        ("es", "ningún"),
        ("es", "algunos"),
        ("fr", "chaque"),
        ("fr", "aucun"),
    ],
)
def test_content_words_are_kept(code: str, word: str) -> None:
    assert analyze(word, code), f"{word!r} dropped in {code}"


# -- Case and accents ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_case_and_accents_are_folded(lang: str) -> None:
    assert analyze("Gascón", lang) == analyze("Gascon", lang) == analyze("GASCÓN", lang)
    assert analyze("Gascón", lang) == ["gascon"]


@pytest.mark.parametrize("lang", ["en", "es", "de"])
def test_upper_case_accented_word_is_folded(lang: str) -> None:
    assert analyze("ÉTÉ", lang) == analyze("ete", lang) == ["ete"]


def test_french_upper_case_accented_word_matches_lower_case() -> None:
    assert analyze("CÉSARS", "fr") == analyze("césars", "fr") == analyze("Cesars", "fr")
    assert analyze("CÉSARS", "fr")


# -- Other languages ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "pt", "und"])
def test_other_languages_are_folded_but_not_stemmed(lang: str) -> None:
    assert analyze("Häuser", lang) == ["hauser"]
    assert analyze("Häuser", lang) != analyze("Haus", lang)
    # No stop words either: every word is kept.
    assert analyze("Die Häuser der Stadt", lang) == ["die", "hauser", "der", "stadt"]


# -- End to end: the same analysis at index and at query time -------------------


PAGES = {
    "es.txt": (
        "Karla Sofía Gascón responde\n\n"
        "La actriz Karla Sofía Gascón respondió a las críticas sobre las películas "
        "de la temporada y pidió calma a sus seguidores en las redes sociales."
    ),
    "fr.txt": (
        "Le réalisateur parle enfin\n\n"
        "Le réalisateur a défendu l'actrice lors d'une conférence de presse à Paris, "
        "en affirmant qu'il n'avait jamais douté de son talent."
    ),
    "en.txt": (
        "The director answers his critics\n\n"
        "The director answered questions from reporters about the remarks he made "
        "during the awards campaign in Los Angeles last week."
    ),
}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("analyze")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with Index.create(root / "index") as ix:
        report = ix.add_path(corpus, jobs=1)
        assert dict(report.languages) == {"es": 1, "fr": 1, "en": 1}
        yield ix


@pytest.mark.parametrize(
    ("query", "doc"),
    [
        ("Gascon", "es.txt"),
        ("GASCÓN", "es.txt"),
        ("película", "es.txt"),
        ("actrice", "fr.txt"),
        ("l’actrice", "fr.txt"),
        ("realisateur", "fr.txt"),
        ("remark", "en.txt"),
        ("answering", "en.txt"),
    ],
)
def test_index_and_query_share_analysis(small_index: Index, query: str, doc: str) -> None:
    assert [hit.id for hit in small_index.search(query)][:1] == [doc]


def test_stop_word_alone_finds_nothing_in_its_language(tmp_path: Path) -> None:
    # "the" is an English stop word: it is neither indexed nor searched in English.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text(PAGES["en.txt"], encoding="utf-8")
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(corpus, jobs=1)
        assert ix.search("the") == []
        assert [hit.id for hit in ix.search("the director")] == ["en.txt"]


DEMO_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_token_offsets_point_at_the_words_analyzed(lang: str) -> None:
    # Snippets highlight the words at these offsets: each must analyze to its own term.
    analyzer = analyzer_for(lang)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in DEMO_CORPUS.rglob("*.txt")]
    texts.append("L'actrice d’Audiard jusqu'ici qu'il Audiard's O'Neill aujourd'hui, l'été")
    for text in texts:
        tokens = list(analyzer.tokens(text))
        assert [term for term, _, _ in tokens] == analyzer.terms(text)
        for term, start, end in tokens:
            assert analyzer.terms(text[start:end]) == [term]


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_occurrences_are_the_tokens_of_the_terms_asked_for(lang: str) -> None:
    # Snippets find the words to highlight this way: every word whose term is
    # asked for, where it stands, and nothing inside a longer word.
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(DEMO_CORPUS.rglob("*"))
        if p.is_file()
    ]
    texts.append("L'actrice d’Audiard jusqu'ici l'actrice actrices Actrice ACTRICE factrice")
    texts.append("court courts Court courtroom courts' court's _court court_ 2court")
    # Initials that fold (É, Œ, Ё, Ἀ) and apostrophes in odd places.
    texts.append("Élection ÉLECTION élections Œuvre œuvres ab''cd dogs' bowl rock'n'roll 'Ecole'")
    texts.append("Ἀθήνα Αθήνα Ελλάδα Москва Ёлка ёлка l'Ёлка d'Élection qu'Œuvre")
    for text in texts:
        # A fresh analyzer each time: words it has not seen yet, then words it has.
        for analyzer in (Analyzer(lang), analyzer_for(lang)):
            tokens = list(analyzer.tokens(text))
            vocabulary = sorted({term for term, _, _ in tokens})
            # Words of a few initials are found in one search, of many by listing every word.
            few = set(sorted({term[:1] for term in vocabulary})[:4])
            several = {term for term in vocabulary if term[:1] in few}
            for terms in (
                set(vocabulary[::7]),
                set(vocabulary[3::11]),
                several,
                {"actric", "court"},
            ):
                expected = [t for t in tokens if t[0] in terms]
                assert analyzer.occurrences(text, terms) == expected
