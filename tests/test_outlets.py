"""Outlet names are the outlet's name: not a host with a slash, not a slogan around the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from presssearch import Index, SearchOptions, extract_article

OUTLETS = Path(__file__).parent / "outlets"


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        # og:site_name is the name between a tagline and a slogan; the host spells it.
        ("slogan.html", "La Voz Austral"),
        # og:site_name is a host with a slash, and nothing names the outlet better.
        ("host-as-name.html", "lacdu.ch"),
        # Only the JSON-LD publisher (and the title's suffix) name it.
        ("publisher.html", "Le Courrier du Fleuve"),
        # application-name, while the title's suffix carries a slogan too.
        ("app-name.html", "Coastal Courier"),
        # No statement at all: the canonical URL's host, without www. or slash.
        ("bare.html", "baytimes.example"),
        # og:site_name is a whole sentence (a blog's description), also the title's suffix.
        ("sentence-as-name.html", "kuestenblick.example"),
        # og:site_name is a template's placeholder; the title's suffix names the outlet.
        ("placeholder-name.html", "Kreisbote Allgäu"),
        # og:site_name is a date: the host stands in.
        ("date-as-name.html", "moselbote.example"),
        # og:site_name repeats the headline: the host stands in.
        ("headline-as-name.html", "islandpost.example"),
    ],
)
def test_outlet_name(name: str, outlet: str) -> None:
    article = extract_article((OUTLETS / name).read_bytes(), path=name)
    assert article.source == outlet


def test_outlet_filter_finds_the_outlet_by_its_name(tmp_path: Path) -> None:
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(OUTLETS, jobs=1)
        hits = ix.search("investigación", SearchOptions(source="La Voz Austral"))
        assert [h.id for h in hits] == ["slogan.html"]
        assert hits[0].source == "La Voz Austral"
