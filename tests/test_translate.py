"""The translation lexicon: dictd parsing, merged directions, cache, lookup and expansion.

Most tests run on small dictd dictionaries with invented entries laid out like
the FreeDict ones (written by conftest.py). The last ones read the real FreeDict
dictionaries installed in /usr/share/dictd (or $PRESSSEARCH_DICT_DIR), and are
skipped where they are not.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import (
    FIXTURE,
    FRA_SPA,
    SPA_ENG,
    encode_number,
    installed_dicts,
    write_dict,
    write_dicts,
)
from presssearch import Index, SearchOptions
from presssearch.errors import PresssearchError
from presssearch.translate import (
    Expansion,
    Lexicon,
    LexiconMissing,
    clean_translation,
    decode_number,
    parse_entry,
    read_dictionary,
    shared_lexicon,
)


@pytest.fixture
def dict_dir(tmp_path: Path) -> Path:
    return write_dicts(tmp_path / "dictd", FIXTURE)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def lexicon(dict_dir: Path, cache_dir: Path) -> Lexicon:
    return Lexicon.load(dict_dir, cache_dir=cache_dir)


# ---------------------------------------------------------------- parsing


def test_dictd_numbers_are_base64() -> None:
    assert decode_number("A") == 0
    assert decode_number("B") == 1
    assert decode_number("BA") == 64
    assert decode_number("c/") == 28 * 64 + 63
    assert all(decode_number(encode_number(n)) == n for n in (0, 63, 64, 4095, 987654))


def test_entry_senses_skip_glosses_and_subsense_markers() -> None:
    text = FRA_SPA[0][1]
    assert parse_entry(text) == [["gato"], ["charla"]]
    assert parse_entry("avouer /avue/ <v>\nacknowledge, admit\n") == [["acknowledge", "admit"]]
    # Examples of an empty numbered sense are indented: not translations.
    falloir = 'falloir /falwaʀ/ <v>\n1.\n      "Il faut quelque chose"\n We need something\n\n'
    assert parse_entry(falloir) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("remarque <n, fem>", "remarque"),
        ("(photographic) film", "film"),
        ("[med] treatment", "treatment"),
        ("réveil‐matin", "réveil-matin"),
        ("s’excuser", "s'excuser"),
        ("langue espagnole", "langue espagnole"),
        ("ne ... pas", None),
        ("-able", None),
        ("‐iste", None),
        ("¿qué hora es?", None),
        ("4.º", None),
        ("()", None),
    ],
)
def test_translations_are_cleaned(raw: str, clean: str | None) -> None:
    assert clean_translation(raw) == clean


def test_read_dictionary_uses_the_entrys_own_headword(dict_dir: Path) -> None:
    entries = {e.key: e for e in read_dictionary(dict_dir, "fra-spa")}
    # The index lost the hyphen; the entry has it.
    assert entries["excusez-moi"].headword == "excusez-moi"
    assert entries["chat"].senses == [["gato"], ["charla"]]
    english = {e.key: e for e in read_dictionary(dict_dir, "eng-fra")}
    assert english["spanish"].headword == "Spanish"
    assert english["remark"].senses == [["remarque"]]
    assert english["bank"].senses[0] == ["banque"]
    # Patterns and affixes are no translations.
    assert "... ago" not in english and "ago" not in english
    assert "able" not in english


# ------------------------------------------------------------ directions


def test_directions_merge_both_dictionaries(lexicon: Lexicon) -> None:
    # eng-fra first, then fra-eng inverted (chat -> cat), deduplicated.
    assert lexicon.translate("cat", "en", "fr") == ("chat", "matou")
    # fra-eng, then eng-fra inverted.
    assert lexicon.translate("langue", "fr", "en") == ("tongue", "language")
    assert lexicon.translate("cat", "en", "es") == ("gato",)
    assert lexicon.translate("gato", "es", "en") == ("cat",)


def test_spanish_to_french_inverts_fra_spa(lexicon: Lexicon) -> None:
    assert lexicon.translate("chat", "fr", "es") == ("gato", "charla")
    assert lexicon.translate("gato", "es", "fr") == ("chat",)
    assert lexicon.translate("idioma", "es", "fr") == ("langue",)
    assert lexicon.translate("perdón", "es", "fr") == ("excusez-moi",)
    assert lexicon.translate("oficina de correos", "es", "fr") == ("bureau de poste",)


def test_senses_give_their_first_translations_first(lexicon: Lexicon) -> None:
    assert lexicon.translate("bank", "en", "fr") == (
        "banque",
        "rive",
        "berge",
        "talus",
        "banc",
        "bord",
    )
    assert lexicon.translate("bank", "en", "fr", limit=2) == ("banque", "rive")


def test_entry_filed_under_its_first_word_is_dropped(lexicon: Lexicon) -> None:
    # "post /poustɔfis/" is "post office": not a translation of "post".
    assert lexicon.translate("post", "en", "es") == ("correo",)


def test_lost_spaces_are_put_back(lexicon: Lexicon) -> None:
    # buzón (spa-eng), de and correos (fra-spa) are known Spanish words.
    assert lexicon.translate("mailbox", "en", "es") == ("buzón de correos", "buzón")


def test_pivot_through_the_third_language(lexicon: Lexicon) -> None:
    # language -> langue, langage -> the first sense of langue (not lenguaje).
    assert lexicon.translate("language", "en", "es") == ()
    assert lexicon.translate("language", "en", "es", pivot=True) == ("lengua", "idioma")
    # gato -> cat -> the first sense of cat: chat, not matou.
    assert lexicon.translate("gato", "es", "fr", pivot=True) == ("chat",)
    # A word with translations enough is left alone.
    assert lexicon.translate("bank", "en", "fr", pivot=True) == lexicon.translate(
        "bank", "en", "fr"
    )


def test_unknown_language_is_an_error(lexicon: Lexicon) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        lexicon.translate("cat", "en", "de")
    with pytest.raises(ValueError, match="both"):
        lexicon.translate("cat", "en", "en")


def test_sizes_count_headwords_and_translations(lexicon: Lexicon) -> None:
    sizes = lexicon.sizes()
    assert set(sizes) == {"en-es", "en-fr", "es-en", "es-fr", "fr-en", "fr-es"}
    # The union of both dictionaries is the same set of pairs either way.
    assert sizes["en-fr"][1] == sizes["fr-en"][1]
    assert sizes["es-fr"][1] == sizes["fr-es"][1]
    assert all(headwords > 0 and pairs >= headwords for headwords, pairs in sizes.values())


# ---------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    ("word", "source", "target", "expected"),
    [
        ("CAT", "en", "fr", ("chat", "matou")),
        ("Película", "es", "en", ("film", "movie")),
        ("PELICULA", "es", "en", ("film", "movie")),
        ("eleve", "fr", "en", ("pupil", "student")),
        ("excusez moi", "fr", "es", ("perdón", "disculpe")),
        ("cats", "en", "fr", ("chat", "matou")),
        ("stories", "en", "fr", ("histoire",)),
        ("remarks", "en", "fr", ("remarque",)),
        ("películas", "es", "en", ("film", "movie")),
        ("actrices", "es", "en", ("actress",)),
        ("l'actrice", "fr", "es", ("actriz",)),
        ("l’actrice", "fr", "es", ("actriz",)),
        ("Spanish Language", "en", "fr", ("espagnol", "langue espagnole")),
        ("Audiard", "en", "fr", ()),
    ],
)
def test_lookup_ignores_case_accents_and_plurals(
    lexicon: Lexicon, word: str, source: str, target: str, expected: tuple[str, ...]
) -> None:
    assert lexicon.translate(word, source, target) == expected


def test_lookup_tiers(lexicon: Lexicon) -> None:
    assert lexicon.lookup("película", "es") == (0, ["película"])
    assert lexicon.lookup("pelicula", "es") == (1, ["película"])
    assert lexicon.lookup("películas", "es") == (2, ["película"])
    assert lexicon.lookup("película", "fr") is None
    assert lexicon.lookup("arrestado", "es") == (3, ["arrestar"])


def test_inflected_verbs_are_found_by_their_stem(lexicon: Lexicon) -> None:
    assert lexicon.translate("arrestados", "es", "en") == ("arrest",)
    (expansion,) = lexicon.expand(["arrestaron"], source="es")
    assert expansion.translations["en"] == ("arrest",)


def test_an_uninflected_word_is_not_matched_by_stem(lexicon: Lexicon) -> None:
    # Spanish "fonte" would stem like "font", but "font" is no inflected form of it.
    assert lexicon.lookup("fonte", "es") == (0, ["fonte"])
    assert lexicon.lookup("font", "es") is None


# ------------------------------------------------------------- expansion


def test_expand_matches_the_longest_expression(lexicon: Lexicon) -> None:
    audiard, spanish_language = lexicon.expand(["Audiard", "Spanish", "language"])
    assert audiard == Expansion(("Audiard",), {}, ())
    assert spanish_language.words == ("Spanish", "language")
    assert spanish_language.text == "Spanish language"
    assert spanish_language.languages == ("en",)
    # The expression's own translations first; langue espagnole holds langue and
    # espagnol, so the translations of language and Spanish follow.
    fr = spanish_language.translations["fr"]
    assert fr[:2] == ("espagnol", "langue espagnole")
    assert {"langue", "langage"} <= set(fr)
    assert set(spanish_language.translations["es"]) >= {"español", "lengua", "idioma"}
    assert "en" not in spanish_language.translations


def test_expand_keeps_an_idiom_whole(lexicon: Lexicon) -> None:
    (a_lot,) = lexicon.expand(["a", "lot"])
    assert a_lot.words == ("a", "lot")
    # beaucoup holds no translation of "lot": the words' own are left out.
    assert a_lot.translations == {"fr": ("beaucoup",)}


def test_expand_caps_translations_per_language(lexicon: Lexicon) -> None:
    (bank,) = lexicon.expand(["bank"])
    assert bank.translations["fr"] == ("banque", "rive", "berge", "talus")
    (bank,) = lexicon.expand(["bank"], cap=2)
    assert bank.translations["fr"] == ("banque", "rive")


def test_expand_looks_words_up_in_every_language(lexicon: Lexicon) -> None:
    # "film" is French (fra-eng) and English (a translation of película and film).
    (film,) = lexicon.expand(["film"])
    assert film.languages == ("en", "fr")
    assert film.translations == {"en": ("film", "movie"), "es": ("película",), "fr": ("film",)}
    (eleve,) = lexicon.expand(["Élève"])
    assert eleve.languages == ("fr",)
    assert eleve.translations == {"en": ("pupil", "student")}
    (pelicula,) = lexicon.expand(["PELICULA"])
    assert pelicula.languages == ("es",)
    assert pelicula.translations == {"en": ("film", "movie"), "fr": ("film",)}


def test_expand_prefers_the_best_lookup_tier(lexicon: Lexicon) -> None:
    # "actrices" is only a plural in Spanish and French: both count.
    (actrices,) = lexicon.expand(["actrices"])
    assert actrices.languages == ("es", "fr")
    assert actrices.translations == {"en": ("actress",), "es": ("actriz",), "fr": ("actrice",)}
    # "gato" is Spanish as it is; no other language's plural rule is tried.
    (gato,) = lexicon.expand(["gato"])
    assert gato.languages == ("es",)
    assert gato.translations == {"en": ("cat",), "fr": ("chat",)}


def test_expand_skips_stop_words(lexicon: Lexicon) -> None:
    stop = {"a", "the", "of"}.__contains__
    the, cat = lexicon.expand(["The", "cat"], stopwords=stop)
    assert the == Expansion(("The",), {}, ())
    assert cat.translations["fr"] == ("chat", "matou")
    # An expression with a content word is still matched.
    (a_lot,) = lexicon.expand(["a", "lot"], stopwords=stop)
    assert a_lot.translations == {"fr": ("beaucoup",)}


def test_expansion_is_hashable(lexicon: Lexicon) -> None:
    expansions = lexicon.expand(["cat", "Audiard"])
    assert len(set(expansions)) == 2


# ------------------------------------------------------- loading and cache


def test_missing_dictionaries_raise(tmp_path: Path, cache_dir: Path) -> None:
    with pytest.raises(LexiconMissing) as caught:
        Lexicon.load(tmp_path, cache_dir=cache_dir)
    message = str(caught.value)
    assert "freedict-eng-fra.index" in message
    assert "apt-get install dict-freedict-eng-fra" in message
    assert isinstance(caught.value, PresssearchError)


def test_a_subset_of_dictionaries_is_enough(tmp_path: Path, cache_dir: Path) -> None:
    write_dict(tmp_path, "fra-spa", FRA_SPA)
    lexicon = Lexicon.load(tmp_path, cache_dir=cache_dir)
    assert lexicon.missing == ("eng-fra", "eng-spa", "fra-eng", "spa-eng")
    assert lexicon.translate("langue", "fr", "es") == ("lengua", "lenguaje", "idioma")
    assert lexicon.translate("idioma", "es", "fr") == ("langue",)
    assert lexicon.translate("cat", "en", "fr") == ()
    (langue,) = lexicon.expand(["langue"])
    assert langue.translations == {"es": ("lengua", "lenguaje", "idioma")}


def test_folder_from_the_environment(
    dict_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSSEARCH_DICT_DIR", str(dict_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_dir))
    lexicon = Lexicon.load()
    assert lexicon.folder == dict_dir
    assert lexicon.cache_path is not None
    assert lexicon.cache_path.parent == cache_dir / "presssearch"
    assert lexicon.translate("gato", "es", "en") == ("cat",)


def test_second_load_reads_the_cache(dict_dir: Path, cache_dir: Path) -> None:
    first = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert not first.from_cache
    assert first.cache_path is not None and first.cache_path.is_file()
    assert [p.name for p in cache_dir.iterdir()] == [first.cache_path.name]  # no temp file left
    second = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert second.from_cache
    for words in (["Spanish", "language"], ["bank"], ["pelicula"], ["chats"]):
        assert second.expand(words) == first.expand(words)
    assert second.sizes() == first.sizes()


def test_warm_lexicon_reads_no_dictionary(dict_dir: Path, cache_dir: Path) -> None:
    built = Lexicon.load(dict_dir, cache_dir=cache_dir)
    # The dictionaries' data made unreadable, with the same size and time: a
    # warm lexicon answers from its database alone.
    for name in FIXTURE:
        data = dict_dir / f"freedict-{name}.dict.dz"
        st = data.stat()
        data.write_bytes(b"\0" * st.st_size)
        os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    warm = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert warm.from_cache
    for words in (["Spanish", "language"], ["bank"], ["pelicula"], ["arrestaron"], ["eleve"]):
        assert warm.expand(words) == built.expand(words)


def test_a_lexicon_file_translates_as_a_lexicon_built_in_memory(
    dict_dir: Path, cache_dir: Path
) -> None:
    # The file holds each headword's candidates, worked out when it was written;
    # in memory they are worked out for each word looked up. Every word of the
    # dictionaries, and words found through a looser tier, get the same
    # translations, weights and other forms either way.
    Lexicon.load(dict_dir, cache_dir=cache_dir)
    from_file = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert from_file.from_cache
    in_memory = Lexicon.load(dict_dir, use_cache=False)
    words = [entry[0].strip() for entries in FIXTURE.values() for entry in entries]
    words += ["Spanish", "remarks", "pelicula", "arrestaron", "eleve", "chats", "BANK"]
    for word in words:
        for lexicon_words in ([word], [word, "story"]):
            a, b = from_file.expand(lexicon_words), in_memory.expand(lexicon_words)
            assert a == b
            assert [(e.weights, e.forms) for e in a] == [(e.weights, e.forms) for e in b]


def test_lexicon_answers_from_several_threads(lexicon: Lexicon) -> None:
    words = ["cat", "bank", "película", "langue", "actrices", "arrestado"] * 20
    expected = [lexicon.expand([w]) for w in words]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda w: lexicon.expand([w]), words)) == expected


def test_changed_dictionary_invalidates_the_cache(dict_dir: Path, cache_dir: Path) -> None:
    assert not Lexicon.load(dict_dir, cache_dir=cache_dir).from_cache
    assert Lexicon.load(dict_dir, cache_dir=cache_dir).from_cache
    write_dict(dict_dir, "spa-eng", [*SPA_ENG, ("perro", "perro /pero/\ndog\n")])
    stamp = time.time() + 10  # a different mtime, however coarse the file system's clock
    os.utime(dict_dir / "freedict-spa-eng.index", (stamp, stamp))
    rebuilt = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert not rebuilt.from_cache
    assert rebuilt.translate("perro", "es", "en") == ("dog",)
    again = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert again.from_cache
    assert again.translate("dog", "en", "es") == ("perro",)


def test_removed_dictionary_invalidates_the_cache(dict_dir: Path, cache_dir: Path) -> None:
    assert Lexicon.load(dict_dir, cache_dir=cache_dir).translate("chat", "fr", "es")
    (dict_dir / "freedict-fra-spa.dict.dz").unlink()
    lexicon = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert not lexicon.from_cache
    assert lexicon.missing == ("fra-spa",)
    assert lexicon.translate("chat", "fr", "es") == ()


def test_corrupt_cache_is_rebuilt(dict_dir: Path, cache_dir: Path) -> None:
    path = Lexicon.load(dict_dir, cache_dir=cache_dir).cache_path
    assert path is not None
    path.write_text('{"format": 1, "stamp": [', encoding="utf-8")
    lexicon = Lexicon.load(dict_dir, cache_dir=cache_dir)
    assert not lexicon.from_cache
    assert lexicon.translate("cat", "en", "fr") == ("chat", "matou")
    assert Lexicon.load(dict_dir, cache_dir=cache_dir).from_cache


def test_unwritable_cache_parses_in_memory(dict_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n", encoding="utf-8")
    lexicon = Lexicon.load(dict_dir, cache_dir=blocker / "presssearch")
    assert lexicon.cache_path is None
    assert not lexicon.from_cache
    assert lexicon.translate("cat", "en", "fr") == ("chat", "matou")


def test_cache_can_be_turned_off(dict_dir: Path, cache_dir: Path) -> None:
    lexicon = Lexicon.load(dict_dir, cache_dir=cache_dir, use_cache=False)
    assert lexicon.cache_path is None
    assert not cache_dir.exists()


# ------------------------------------------------- the installed dictionaries


@pytest.fixture(scope="module")
def freedict(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    return Lexicon.load(installed_dicts(), cache_dir=tmp_path_factory.mktemp("cache"))


def test_freedict_sizes(freedict: Lexicon) -> None:
    sizes = freedict.sizes()
    assert sizes["en-fr"][0] > 8000
    assert sizes["en-es"][0] > 5000
    assert sizes["fr-es"][0] > 40000
    assert sizes["es-fr"][0] > 40000
    assert freedict.missing == ()


def test_freedict_spanish_language(freedict: Lexicon) -> None:
    audiard, spanish_language = freedict.expand(["Audiard", "Spanish", "language"])
    assert audiard.translations == {}
    assert spanish_language.words == ("Spanish", "language")
    assert {"español", "lengua"} <= set(spanish_language.translations["es"])
    assert {"espagnol", "langue"} <= set(spanish_language.translations["fr"])


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("película", "en", "film"),
        ("película", "fr", "film"),
        ("pelicula", "en", "film"),
        ("actress", "es", "actriz"),
        ("actress", "fr", "actrice"),
        ("langue", "es", "lengua"),
        ("campaign", "es", "campaña"),  # through French: eng-spa lacks it
        ("campaign", "fr", "campagne"),
        ("racistes", "es", "racista"),
        ("remarks", "fr", "remarque"),
        # Inflected verbs, found through their stem.
        ("changing", "es", "cambiar"),
        ("changing", "fr", "changer"),
        ("arrestado", "en", "arrest"),
        ("remporte", "es", "ganar"),
        ("soupçonné", "en", "suspect"),
    ],
)
def test_freedict_translations(freedict: Lexicon, word: str, lang: str, expected: str) -> None:
    (expansion,) = freedict.expand([word])
    assert expected in expansion.translations[lang]
    assert len(expansion.translations[lang]) <= 4


def test_freedict_repairs(freedict: Lexicon) -> None:
    # eng-spa wrote "parte trasera", "post office" (under "post") without spaces.
    assert "partetrasera" not in freedict.translate("back", "en", "es")
    assert "parte trasera" in freedict.translate("back", "en", "es")
    assert freedict.translate("oficina de correos", "es", "en") == ("post office",)
    assert "oficina de correos" not in freedict.translate("post", "en", "es")
    assert freedict.translate("perdón", "es", "fr")[0] == "excusez-moi"


def test_freedict_warm_load(freedict: Lexicon) -> None:
    assert freedict.cache_path is not None
    warm = Lexicon.load(freedict.folder, cache_dir=freedict.cache_path.parent)
    assert warm.from_cache
    assert warm.translate("película", "es", "en") == freedict.translate("película", "es", "en")


def test_shared_lexicon_follows_the_environment(
    dict_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PRESSSEARCH_DICT_DIR", str(dict_dir))
    lexicon, reason = shared_lexicon()
    assert reason is None and lexicon is not None
    assert lexicon.folder == dict_dir
    assert lexicon.translate("cat", "en", "fr") == ("chat", "matou")
    assert shared_lexicon()[0] is lexicon  # loaded once
    monkeypatch.setenv("PRESSSEARCH_DICT_DIR", str(tmp_path / "nowhere"))
    lexicon, reason = shared_lexicon()
    assert lexicon is None
    assert reason is not None and "PRESSSEARCH_DICT_DIR" in reason


# ------------------------------------------------------------ senses


# A word whose first translation is a dictionary's error (eng-spa filed
# "hambre" under "rumour"), which the third language refutes: rumour -> rumeur
# -> rumor. And an English word that is also French ("court": short).
SENSES = {
    "eng-spa": [("rumour", "rumour /ruːmə/\nhambre, rumor\n")],
    "eng-fra": [
        ("rumour", "rumour /ruːmə/\nrumeur\n"),
        ("court", "court /kɔːt/\n1. tribunal\n2. cour\n"),
    ],
    "fra-eng": [("court", "court /kuʁ/ <adj>\nshort, brief\n")],
    "fra-spa": [
        ("rumeur", "rumeur /ʁy.mœʁ/ <n, fem>\nrumor\n"),
        ("faim", "faim /fɛ̃/ <n, fem>\nhambre\n"),
    ],
}


@pytest.fixture
def senses_dir(tmp_path: Path) -> Path:
    return write_dicts(tmp_path / "senses", SENSES)


def test_translation_the_third_language_confirms_comes_first(
    senses_dir: Path, cache_dir: Path
) -> None:
    lexicon = Lexicon.load(senses_dir, cache_dir=cache_dir)
    # eng-spa lists hambre first; rumeur -> rumor confirms rumor.
    assert lexicon.translate("rumour", "en", "es") == ("hambre", "rumor")
    (rumour,) = lexicon.expand(["rumour"])
    assert rumour.translations["es"] == ("rumor", "hambre")
    rumor, hambre = rumour.weights["es"]
    assert rumor > hambre
    assert rumour.translations["fr"][0] == "rumeur"


def test_translations_of_a_homograph_into_its_own_language_weigh_less(
    senses_dir: Path, cache_dir: Path
) -> None:
    lexicon = Lexicon.load(senses_dir, cache_dir=cache_dir)
    (court,) = lexicon.expand(["court"])
    assert court.languages == ("en", "fr")
    # French "court" means short: English words, but not what "court" means in English.
    assert court.translations["en"] == ("short", "brief")
    assert all(w < 1.0 for w in court.weights["en"])
    assert set(court.translations["fr"]) == {"tribunal", "cour"}


def test_inverted_translations_prefer_the_lookalike(tmp_path: Path, cache_dir: Path) -> None:
    # elección is the first translation of both choix and élection (fra-spa):
    # Spanish to French, élection is the better.
    folder = write_dicts(
        tmp_path / "elections",
        {
            "fra-spa": [
                ("choix", "choix /ʃwa/ <n, masc>\nelección, opción\n"),
                ("élection", "élection /e.lɛk.sjɔ̃/ <n, fem>\nelección, comicio\n"),
            ]
        },
    )
    lexicon = Lexicon.load(folder, cache_dir=cache_dir)
    assert lexicon.translate("elección", "es", "fr") == ("élection", "choix")
    assert lexicon.translate("opción", "es", "fr") == ("choix",)


@contextmanager
def index_of(folder: Path, pages: dict[str, str]) -> Iterator[Index]:
    """An index, in ``folder``, of text pages (name -> text) written into ``folder/corpus``."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in pages.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with Index.create(folder / "index") as index:
        index.add_path(corpus, jobs=1)
        yield index


# English to French only through Spanish, where patinete is both the rare
# patinette and the trottinette of the news.
SCOOTERS = {
    "eng-spa": [("scooter", "scooter /skuːtə/\npatinete\n")],
    "fra-spa": [
        ("patinette", "patinette /pa.ti.nɛt/ <n, fem>\npatinete\n"),
        ("trottinette", "trottinette /tʁɔ.ti.nɛt/ <n, fem>\npatinete, monopatín\n"),
    ],
}


def test_translations_the_texts_have_are_preferred(tmp_path: Path, cache_dir: Path) -> None:
    lexicon = Lexicon.load(write_dicts(tmp_path / "scooters", SCOOTERS), cache_dir=cache_dir)
    (scooter,) = lexicon.expand(["scooter"])
    assert scooter.translations["fr"] == ("patinette", "trottinette")
    french = {"trottinette", "électrique"}
    (scooter,) = lexicon.expand(["scooter"], known=lambda lang, text: text in french)
    assert scooter.translations["fr"] == ("trottinette",)
    assert "es" not in scooter.translations  # patinete is no word of these texts


def test_search_finds_the_translation_its_texts_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSSEARCH_DICT_DIR", str(write_dicts(tmp_path / "dictd", SCOOTERS)))
    page = (
        "Montréal encadre les trottinettes\n\nLes trottinettes électriques en libre-service"
        " devront respecter de nouvelles règles dès le printemps, annonce la Ville.\n"
    )
    with index_of(tmp_path, {"montreal.txt": page}) as index:
        assert [hit.id for hit in index.search("scooters")] == ["montreal.txt"]
        assert index.search("scooters", SearchOptions(translate=False)) == []


def test_a_word_two_languages_write_alike_counts_once(tmp_path: Path) -> None:
    # French film is English film too (fra-eng translates it so): in the English
    # pages it is one word, and scores what the query untranslated gives it, not
    # once as typed and again as its own translation (English pages use it more
    # than French ones, so the translation weighs less than the word and is not
    # merged with it).
    pages = {
        "audiard.txt": "Le film d'Audiard\n\nLe réalisateur présente son film au festival,"
        " devant la presse et le public.\n",
        "budget.txt": "Le budget de la ville\n\nLe conseil municipal vote le budget de la"
        " ville pour l'année prochaine.\n",
        "meteo.txt": "La météo du week-end\n\nLe soleil revient samedi sur tout le pays, avec"
        " des températures douces.\n",
        "review.txt": "A review\n\nThe film opens in cinemas this week, and the critics like it.\n",
        "festival.txt": "The festival\n\nThe festival shows a film a day, and the last film is"
        " a comedy.\n",
    }
    query = "le film du réalisateur"
    with index_of(tmp_path, pages) as index:
        assert "en: film" in index.explain(query)
        translated = {h.id: h.score for h in index.search(query)}
        typed = {h.id: h.score for h in index.search(query, SearchOptions(translate=False))}
    for english in ("review.txt", "festival.txt"):
        assert translated[english] == pytest.approx(typed[english])
    # The French page, in the query's language, is the first either way.
    assert max(translated, key=translated.__getitem__) == "audiard.txt"


def test_typed_word_outranks_a_wrong_sense(
    senses_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESSSEARCH_DICT_DIR", str(senses_dir))
    pages = {
        "ruling.txt": "The ruling\n\nThe court heard the case on Monday and will rule next week.\n",
        "brief.txt": "A brief visit\n\nThe minister made a short and brief visit to the region.\n",
    }
    with index_of(tmp_path, pages) as index:
        hits = index.search("court")
    # The French sense (short, brief) may find the other page, never above the word typed.
    assert hits[0].id == "ruling.txt"
    assert len(hits) == 1 or hits[1].score < hits[0].score / 2


def test_freedict_prefers_the_news_sense(freedict: Lexicon) -> None:
    # eng-spa lists hambre (hunger) under rumour, which no path through French
    # confirms: it weighs less than a translation a path confirms.
    (rumour,) = freedict.expand(["rumour"])
    es = dict(zip(rumour.translations["es"], rumour.weights["es"], strict=True))
    # election: the French élection, not only choix.
    (election,) = freedict.expand(["election"])
    assert "élection" in election.translations["fr"]
    confirmed = dict(zip(election.translations["es"], election.weights["es"], strict=True))
    assert es.get("hambre", 0.0) < confirmed["elección"]
    # English "court" is also French for short: those translations weigh less.
    (court,) = freedict.expand(["court"])
    assert set(court.translations["en"]) >= {"short"}
    assert max(court.weights["en"]) < 1.0


def test_rows_read_together_are_those_read_one_by_one(lexicon: Lexicon) -> None:
    import sqlite3

    from presssearch.translate.store import Store

    assert lexicon.cache_path is not None
    path = lexicon.cache_path
    together = Store(lambda: sqlite3.connect(path, check_same_thread=False))
    alone = Store(lambda: sqlite3.connect(path, check_same_thread=False))
    keys = ["gato", "banco", "película", "no such word", "gato"]
    together.prefetch("translations", "es", keys)
    together.prefetch("words", "es", keys)
    for key in keys:
        assert together.senses("es", key) == alone.senses("es", key)
        assert together.apertium("es", key) == alone.apertium("es", key)
        assert together.pos("es", key) == alone.pos("es", key)
        assert together.forms("es", key) == alone.forms("es", key)
    assert together.senses("es", "gato")  # the fixture has it: the test compares something


def test_an_expression_counts_as_one_of_the_query_words(tmp_path: Path) -> None:
    # Spanish language is one expression of the dictionaries: a page with both
    # its words has one of the two things asked for, a page with Spanish and
    # Oscar has both, and ranks first. Counted as two words, the expression
    # gave the first page as many of the query's words as the second.
    filler = " It was announced on Monday in the city, and the reactions came quickly.\n"
    pages = {
        "a-language.txt": "News of the day\n\nThe Spanish language was discussed." + filler,
        "b-oscar.txt": "News of the day\n\nThe Spanish Oscar was discussed." + filler,
        "c-budget.txt": "News of the day\n\nThe city budget was discussed." + filler,
    }
    query = "Spanish language Oscar"
    with index_of(tmp_path, pages) as index:
        assert "'Spanish language' in every language" in index.explain(query)
        hits = index.search(query)
    assert [hit.id for hit in hits] == ["b-oscar.txt", "a-language.txt"]
    assert hits[0].score > hits[1].score
