"""Spelling suggestions: a word the index has is never changed, and a suggestion is a
word of the query's languages, never one of a page in another language."""

from __future__ import annotations

from pathlib import Path

from presssearch import Index

KIRCHNER = (
    "Cristina Kirchner addressed supporters in Buenos Aires on Monday, "
    "a week after the court upheld her conviction for fraud in public works contracts."
)
MILEI = (
    "Javier Milei, Argentina's president, met Kirchner's successors in Congress to seek "
    "votes for his labour reform, which the unions have promised to fight in the streets."
)
MARATHON = (
    "The city marathon adds a mile to its route this year: runners will cross the river "
    "twice, and the last miles run along the harbour before the finish in the old square."
)
KITCHENER = (
    "The city council of Kitchener, Ontario, approved a new budget for public transit, "
    "and residents of Kitchener will see more buses on the main routes from spring."
)
UKRAINE = (
    "Ukraine asked its allies for more air defence systems on Monday, after a night "
    "of drone attacks on the power grid left several cities in Ukraine without heating."
)
# Polish news: the same story, with the word written Ukrainę (to Ukraine).
POLISH = (
    "Polska wysyła kolejną pomoc na Ukrainę. Rząd w Warszawie ogłosił w poniedziałek, "
    "że transporty z żywnością, lekami i generatorami pojadą na Ukrainę jeszcze w tym "
    "tygodniu, a samorządy przygotowują miejsca dla uchodźców."
)


def _index(folder: Path, files: dict[str, str]) -> Index:
    for name, text in files.items():
        path = folder / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    index = Index.create(folder / "index")
    report = index.add_path(folder / "pages", jobs=1)
    assert report.skipped_total == 0, dict(report.skipped)
    return index


def test_a_name_the_index_has_is_never_corrected(tmp_path: Path) -> None:
    # One page names Kirchner, one Milei; a dozen name Kitchener, two letters from
    # Kirchner, and a dozen others use mile, one letter from Milei.
    files = {"en/kirchner.txt": KIRCHNER, "en/milei.txt": MILEI}
    files.update({f"en/kitchener-{k:02d}.txt": KITCHENER for k in range(12)})
    files.update({f"en/marathon-{k:02d}.txt": MARATHON for k in range(12)})
    with _index(tmp_path, files) as index:
        assert index.suggest("Kirchner") is None
        assert index.suggest("Kirchner conviction") is None
        assert index.suggest("Milei") is None
        assert index.suggest("Milei reform") is None
        # A word the index lacks is still corrected.
        assert index.suggest("Kitchenr") == "kitchener"


def test_a_suggestion_is_never_a_word_of_another_language(tmp_path: Path) -> None:
    polish = {f"pl/pomoc-{k}.txt": POLISH for k in range(4)}
    with _index(tmp_path / "polish", {**polish, "en/marathon.txt": MARATHON}) as index:
        assert {h.lang for h in index.search("Ukrainę")} == {"pl"}
        # Ukrainę is one letter from Ukrane, but it is Polish: no suggestion.
        assert index.suggest("Ukrane") is None
    english = {f"en/ukraine-{k}.txt": UKRAINE for k in range(4)}
    with _index(tmp_path / "both", {**polish, **english}) as index:
        assert index.suggest("Ukrane") == "ukraine"
