"""Queries against a real index of the test corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import (
    DE_KRITIK,
    EN_NOTES,
    EN_REMARKS,
    EN_TICKETS,
    ES_GASCON,
    FR_ACTRICE,
    ids,
)
from presssearch import Index, QueryError, SearchHit, SearchOptions

# -- Free text ------------------------------------------------------------------------


def test_free_text_finds_every_language(shared_index: Index) -> None:
    assert set(ids(shared_index.search("Audiard"))) == {EN_REMARKS, ES_GASCON, FR_ACTRICE}


def test_more_matching_words_rank_higher(shared_index: Index) -> None:
    # The report has both words, and as a phrase; the notes have both words apart.
    hits = shared_index.search("Spanish language")
    found = ids(hits)
    assert found[0] == EN_REMARKS
    assert EN_NOTES in found
    assert hits[0].score > hits[found.index(EN_NOTES)].score > 0


def test_hits_carry_the_document_metadata(shared_index: Index) -> None:
    (hit,) = shared_index.search("Gascon")
    assert hit.id == ES_GASCON
    assert Path(hit.path).parts[-2:] == ("es", "gascon-pide-perdon.html")
    assert hit.title == "Karla Sofía Gascón pide perdón por sus viejos mensajes"
    assert hit.lang == "es"
    assert hit.source == "Diario del Cine"
    assert hit.published == dt.date(2025, 2, 1)
    assert hit.authors == ("Lucía Romero", "Andrés Vidal")
    assert hit.score > 0
    assert "<em>Gascón</em>" in hit.snippet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Gascon", [ES_GASCON]),  # accent folding
        ("película", [ES_GASCON]),  # the page says "películas"
        ("actrice", [FR_ACTRICE]),  # the page says "l'actrice" and "l’actrice"
        ("Häuser", [DE_KRITIK]),  # neutral analyzer
        ("forecasts", [EN_TICKETS]),  # the page says "forecast" and "forecasts"
    ],
)
def test_single_words(shared_index: Index, query: str, expected: list[str]) -> None:
    # The analysis alone: the word as typed finds exactly the page that has it.
    assert ids(shared_index.search(query, SearchOptions(translate=False))) == expected
    # With translation, pages that have a translation of the word match too.
    # (Which comes first is left to the ranking: in this index of six pages,
    # one Spanish page holding "películas" makes the word carry no weight
    # among Spanish pages.)
    assert set(expected) <= set(ids(shared_index.search(query)))


def test_unknown_word_finds_nothing(shared_index: Index) -> None:
    assert shared_index.search("zzzyzzx") == []


def test_word_in_article_bodies_only_ranks_by_frequency(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = "La actriz habló con la prensa sobre la campaña de premios de este año."
    (corpus / "a.txt").write_text(
        f"Crónica de la semana\n\n{filler} El rodaje terminó en marzo. {filler}\n",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text(
        "Diario de una semana\n\n"
        f"{filler} El rodaje fue largo. Cada día de rodaje empezaba al alba y el rodaje "
        "terminaba de noche.\n",
        encoding="utf-8",
    )
    (corpus / "c.txt").write_text(
        f"Otra historia\n\n{filler} Nada que ver con cámaras ni con escenas.\n",
        encoding="utf-8",
    )
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(corpus, jobs=1)
        hits = ix.search("rodajes")
        assert ids(hits) == ["b.txt", "a.txt"]
        assert hits[0].score > hits[1].score > 0


# -- Syntax -----------------------------------------------------------------------------


def test_phrase_in_quotes(shared_index: Index) -> None:
    # festival-notes has "language course in Spanish": both words, not the phrase.
    assert ids(shared_index.search('"Spanish language"')) == [EN_REMARKS]
    assert ids(shared_index.search('"language Spanish"')) == []


def test_phrase_across_a_stemmed_plural(shared_index: Index) -> None:
    assert ids(shared_index.search('"viejo mensaje"')) == [ES_GASCON]


def test_and(shared_index: Index) -> None:
    assert ids(shared_index.search("Audiard AND Gascón")) == [ES_GASCON]


def test_or(shared_index: Index) -> None:
    assert set(ids(shared_index.search("Gascón OR Häuser"))) == {ES_GASCON, DE_KRITIK}


def test_not(shared_index: Index) -> None:
    assert set(ids(shared_index.search("Audiard NOT Gascón"))) == {EN_REMARKS, FR_ACTRICE}


def test_field_lang(shared_index: Index) -> None:
    assert ids(shared_index.search("lang:es")) == [ES_GASCON]
    assert set(ids(shared_index.search("lang:en"))) == {EN_REMARKS, EN_NOTES, EN_TICKETS}
    assert ids(shared_index.search("Audiard AND lang:fr")) == [FR_ACTRICE]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Audiard lang:es", [ES_GASCON]),
        ('Audiard source:"Diario del Cine"', [ES_GASCON]),
        ("Audiard title:actrice", [FR_ACTRICE]),
    ],
)
def test_field_term_next_to_a_word_restricts_the_results(
    shared_index: Index, query: str, expected: list[str]
) -> None:
    assert ids(shared_index.search(query)) == expected


def test_field_source(shared_index: Index) -> None:
    assert ids(shared_index.search('source:"Diario del Cine"')) == [ES_GASCON]
    assert set(ids(shared_index.search("source:reel"))) == {EN_REMARKS, EN_TICKETS}


def test_field_title(shared_index: Index) -> None:
    # Audiard is in the body of the Spanish page, not in its title.
    assert set(ids(shared_index.search("title:Audiard"))) == {EN_REMARKS, FR_ACTRICE}
    assert ids(shared_index.search("title:actrice")) == [FR_ACTRICE]


def test_field_author(shared_index: Index) -> None:
    assert ids(shared_index.search("author:Romero")) == [ES_GASCON]
    assert ids(shared_index.search("author:Dubois")) == [FR_ACTRICE]


def test_wildcard(shared_index: Index) -> None:
    found = ids(shared_index.search("Audi*"))
    assert set(found) >= {EN_REMARKS, ES_GASCON, FR_ACTRICE}
    assert found[0] == EN_REMARKS
    assert ids(shared_index.search("Gasc*")) == [ES_GASCON]


def test_fuzzy(shared_index: Index) -> None:
    assert ids(shared_index.search("Gascn~")) == [ES_GASCON]
    assert ids(shared_index.search("Gascn")) == []


def test_date_range(shared_index: Index) -> None:
    january = set(ids(shared_index.search("date:[2025-01-01 TO 2025-01-31]")))
    assert january == {EN_REMARKS, FR_ACTRICE}
    assert ids(shared_index.search("date:[2025-02-01 TO 2025-02-28]")) == [ES_GASCON]


def test_date_month(shared_index: Index) -> None:
    assert ids(shared_index.search("date:2025-02")) == [ES_GASCON]


def test_date_range_with_words(shared_index: Index) -> None:
    assert ids(shared_index.search("Audiard AND date:[2025-01-21 TO 2025-12-31]")) == [
        FR_ACTRICE,
        ES_GASCON,
    ]


# -- Filters and limit -------------------------------------------------------------------


def test_filter_lang(shared_index: Index) -> None:
    assert ids(shared_index.search("Audiard", SearchOptions(lang="fr"))) == [FR_ACTRICE]
    assert ids(shared_index.search("Audiard", SearchOptions(lang="FR"))) == [FR_ACTRICE]
    assert ids(shared_index.search("Audiard", SearchOptions(lang="de"))) == []


def test_filter_source(shared_index: Index) -> None:
    assert ids(shared_index.search("Audiard", SearchOptions(source="Diario del Cine"))) == [
        ES_GASCON
    ]
    assert ids(shared_index.search("Audiard", SearchOptions(source="daily reel"))) == [EN_REMARKS]
    assert ids(shared_index.search("Audiard", SearchOptions(source="Le Monde"))) == []


def test_filter_since_and_until(shared_index: Index) -> None:
    since = ids(shared_index.search("Audiard", SearchOptions(since=dt.date(2025, 1, 21))))
    assert since == [FR_ACTRICE, ES_GASCON]
    until = ids(shared_index.search("Audiard", SearchOptions(until=dt.date(2025, 1, 25))))
    assert until == [EN_REMARKS, FR_ACTRICE]  # until is inclusive
    both = shared_index.search(
        "Audiard", SearchOptions(since=dt.date(2025, 1, 25), until=dt.date(2025, 1, 25))
    )
    assert ids(both) == [FR_ACTRICE]


def test_date_filters_leave_out_undated_documents(shared_index: Index) -> None:
    assert EN_NOTES in ids(shared_index.search("festival"))
    assert shared_index.search("festival", SearchOptions(since=dt.date(2000, 1, 1))) == []


def test_filters_do_not_change_the_order(shared_index: Index) -> None:
    everything = ids(shared_index.search("Audiard OR Gascón OR forecasts"))
    english = ids(shared_index.search("Audiard OR Gascón OR forecasts", SearchOptions(lang="en")))
    assert english == [doc for doc in everything if doc in {EN_REMARKS, EN_TICKETS}]


def test_filters_combine(shared_index: Index) -> None:
    hits = shared_index.search(
        "Audiard", SearchOptions(lang="en", source="The Daily Reel", since=dt.date(2025, 1, 1))
    )
    assert ids(hits) == [EN_REMARKS]
    assert shared_index.search("Audiard", SearchOptions(lang="es", source="The Daily Reel")) == []


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_limit(shared_index: Index, limit: int) -> None:
    full = ids(shared_index.search("Audiard"))
    assert ids(shared_index.search("Audiard", SearchOptions(limit=limit))) == full[:limit]


def test_many_copies_at_the_top_still_leave_room_for_other_stories(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "wire").mkdir(parents=True)
    story = (
        "Glacier melt\n\nThe glacier above the valley lost a record amount of ice this "
        "summer, glacier scientists said, and the glacier lake below it doubled in size "
        "while the town prepared new flood barriers along the river banks.\n"
    )
    for n in range(9):  # one wire story, reprinted by nine outlets
        (corpus / "wire" / f"copy{n}.txt").write_text(story, encoding="utf-8")
    (corpus / "walk.txt").write_text(
        "Summer walks\n\nA long walk through the pass ends with a view of the glacier "
        "and of the villages that grew up around the old mountain road.\n",
        encoding="utf-8",
    )
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(corpus, jobs=1)
        hits = ix.search("glacier", SearchOptions(limit=2))
    assert len(hits) == 2
    assert hits[0].id.startswith("wire/") and hits[0].similar == 8
    assert hits[1].id == "walk.txt"


def test_a_repeated_filter_sees_documents_added_since(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "uno.txt").write_text(
        "Festival de cine\n\nEl festival de cine abrió con una película española "
        "que el público aplaudió durante diez minutos.\n",
        encoding="utf-8",
    )
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(corpus, jobs=1)
        assert ids(ix.search("festival", SearchOptions(lang="es"))) == ["uno.txt"]
        assert ids(ix.search("festival", SearchOptions(lang="fr"))) == []
        (corpus / "deux.txt").write_text(
            "Festival de cinéma\n\nLe festival de cinéma s'est ouvert avec un film "
            "espagnol que le public a applaudi pendant dix minutes.\n",
            encoding="utf-8",
        )
        ix.add_path(corpus, jobs=1)
        assert ids(ix.search("festival", SearchOptions(lang="fr"))) == ["deux.txt"]
        assert ids(ix.search("festival", SearchOptions(lang="es"))) == ["uno.txt"]


# -- Snippets ------------------------------------------------------------------------------


def test_snippet_highlights_matches_and_escapes_the_rest(shared_index: Index) -> None:
    hit = shared_index.search("forecasts")[0]
    assert hit.title == "Ticket sales < forecasts & rivals gain ground"
    assert "<em>forecast</em>" in hit.snippet
    assert "&lt; 40%" in hit.snippet
    assert "&amp; exhibitors" in hit.snippet
    outside = hit.snippet.replace("<em>", "").replace("</em>", "")
    assert "<" not in outside
    assert ">" not in outside


def test_snippet_highlights_the_word_as_written(shared_index: Index) -> None:
    (hit,) = shared_index.search("actrice", SearchOptions(lang="fr"))
    assert "<em>l’actrice</em>" in hit.snippet or "<em>actrice</em>" in hit.snippet


def test_snippet_without_a_text_match_is_the_start_of_the_text(shared_index: Index) -> None:
    hit = shared_index.search("title:ticket")[0]
    assert hit.id == EN_TICKETS
    assert hit.snippet.startswith("Box office receipts for the musical came in &lt; 40%")
    assert "<em>" not in hit.snippet


# -- Hits are plain data ----------------------------------------------------------------------


def test_hit_is_frozen_and_outlives_the_index(pages_index_dir: Path) -> None:
    with Index.open(pages_index_dir) as ix:
        hits = ix.search("Gascon")
    ix.close()
    (hit,) = hits
    assert isinstance(hit, SearchHit)
    assert hit.title == "Karla Sofía Gascón pide perdón por sus viejos mensajes"
    assert hit.published == dt.date(2025, 2, 1)
    assert "Gascón" in hit.snippet
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.title = "changed"  # type: ignore[misc]


def test_search_sees_documents_added_after_it_opened(tmp_path: Path, corpus: Path) -> None:
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(corpus, jobs=1)
        assert ix.search("matinee") == []
        (corpus / "cinemas.txt").write_text(
            "Cinemas report a busy weekend\n\nThe matinee screenings sold out early across "
            "the country as audiences came back for the winter releases.\n",
            encoding="utf-8",
        )
        ix.add_path(corpus, jobs=1)
        assert ids(ix.search("matinee")) == ["cinemas.txt"]


# -- Bad queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "date:[2025-13-01 TO 2025-01-31]",
        "date:[2025-01-01 TO someday]",
        "date:[yesterday TO 2025-01-31]",
        "date:notadate",
        "",
        "   ",
    ],
)
def test_bad_query_raises_query_error(shared_index: Index, query: str) -> None:
    with pytest.raises(QueryError):
        shared_index.search(query)


def test_query_error_names_the_query(shared_index: Index) -> None:
    with pytest.raises(QueryError, match="2025-13-01"):
        shared_index.search("date:[2025-13-01 TO 2025-01-31]")


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_below_one_raises_query_error(shared_index: Index, limit: int) -> None:
    with pytest.raises(QueryError):
        shared_index.search("Audiard", SearchOptions(limit=limit))


def test_source_filter_without_words_raises_query_error(shared_index: Index) -> None:
    with pytest.raises(QueryError):
        shared_index.search("Audiard", SearchOptions(source=" - "))
