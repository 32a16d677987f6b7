"""Clutter left in the text and the snippets of the real pages of ``../shared/eval/web``.

Each page is read by ``extract_article`` and, in the same run, by trafilatura's
``bare_extraction(html, with_metadata=True)``; each text's lines are matched
against the kinds of clutter readers complained of: ad placeholders
("Espacio publicitario", "Anzeige"), calls to follow ("Síguenos en Telegram"),
read-also headings ("Seguir leyendo:", "A lire aussi") and the list of
headlines under one, app promotions, rating widgets and share widgets ("Teile
mich:"). The patterns are written here, apart from presssearch's own tables
(``presssearch.languages.phrases``), so that the check does not just repeat
the rules it checks. A line counts when it is short (at most 80 characters)
and the pattern takes it whole, or, for read-also headings, opens it.

A lead paragraph dropped: the first paragraph of at least 15 words that
trafilatura and readability-lxml both give, found in neither presssearch's
text nor its title.

Snippets (``--snippets``): the pages are indexed into a temporary index
(``Index.create``, ``add_path``) and searched for the words of each kind of
clutter; a hit whose snippet has a line of that kind counts.

For each kind: the pages whose text has it, for presssearch and trafilatura,
on all pages and on the held-out third (pages are named only for the tune
part). Prints a table and writes ``bench/out/clutter_web.json``.

    python bench/clutter_web.py [--jobs 2] [--snippets]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import multiprocessing
import re
import sys
import tempfile
import unicodedata
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePath

from evaluate import load_web_pages, resolve_eval_dir, web_part

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "clutter_web.json"

#: The longest line taken for clutter, in characters.
LINE_CHARS = 80

_NETWORK = (
    r"(?:facebook|instagram|telegram|whatsapp|twitter|x|tiktok|youtube|linkedin|"
    r"google news|threads|bluesky|pinterest|xing|e-?mail|mail)"
)

#: Each kind: (pattern a short line must match whole, pattern a line may open with).
KINDS: dict[str, tuple[str, str | None]] = {
    "ad placeholder": (
        r"(?:advertisement|advertising|anzeige|werbung|espacio publicitario|publicidad|"
        r"publicit[ée]|sponsored(?: content)?|gesponsert|ad)",
        None,
    ),
    "follow us": (
        rf"(?:follow us|folgen sie uns|folge uns|s[ií]guenos|suivez-nous|seguici)"
        rf"(?: (?:on|auf|en|sur|su))?(?: {_NETWORK})?(?:(?:,| and| und| y| et) {_NETWORK})*",
        None,
    ),
    "read also": (
        r"(?:read (?:more|also)|see also|related(?: articles| stories| content)?|"
        r"more on this|editors'? picks?|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|"
        r"das k[öo]nnte sie (?:auch )?interessieren|weitere artikel|seguir leyendo|"
        r"le[ae] (?:también|además)|te puede interesar|[àa] lire aussi|lire aussi|"
        r"voir aussi|sur le m[êe]me sujet)",
        r"(?:read (?:more|also)|see also|lesen sie auch|mehr zum thema|seguir leyendo|"
        r"le[ae] también|[àa] lire aussi|lire aussi|voir aussi)\s*:",
    ),
    "app promotion": (
        r"(?:(?:download|get) (?:our|the) app|(?:jetzt )?(?:unsere |die )?app "
        r"(?:herunterladen|laden|installieren)|lade (?:dir )?(?:unsere |die )?app|"
        r"descarga (?:nuestra|la) app|t[ée]l[ée]chargez (?:notre |l')appli(?:cation)?)"
        r"(?:\W.*)?",
        None,
    ),
    "rating widget": (
        r"(?:rate this (?:article|story|post)|artikel bewerten|bewerten sie (?:diesen|den) "
        r"artikel|wie hat (?:ihnen )?(?:der|dieser) artikel gefallen\??|valora (?:este|esta) "
        r"(?:art[íi]culo|noticia)|notez cet article|\d(?:[.,]\d)? (?:von|of|out of|sur|de) 5"
        r"(?: sternen?| stars?| étoiles?| estrellas?)?"
        r"(?: \(\d+ (?:votes?|stimmen|bewertungen)\))?)",
        None,
    ),
    "share widget": (
        rf"(?:share(?: this| on| via)?|teilen|teile mich|artikel teilen|compartir(?: en)?|"
        rf"partager(?: sur)?)\s*:?(?:\s*{_NETWORK})*",
        None,
    ),
}

_LINE = {kind: re.compile(rf"^\W*{whole}\W*$", re.IGNORECASE) for kind, (whole, _) in KINDS.items()}
_OPENS = {
    kind: re.compile(rf"^\W*{opens}", re.IGNORECASE) for kind, (_, opens) in KINDS.items() if opens
}

#: Words searched for each kind, for the snippets.
QUERIES = {
    "ad placeholder": ["Anzeige", "Werbung", "Advertisement", "publicitario"],
    "follow us": ["folgen", "follow", "síguenos"],
    "read also": ["lesen", "read", "interessant"],
    "app promotion": ["app"],
    "rating widget": ["bewerten", "rate", "Sterne"],
    "share widget": ["teilen", "share"],
}

#: Fewest words of a lead paragraph.
LEAD_WORDS = 15


def clutter(text: str) -> dict[str, list[str]]:
    """The lines of ``text`` of each kind of clutter."""
    found: dict[str, list[str]] = {}
    for line in (x.strip() for x in re.split(r"\n+", text)):
        if not line:
            continue
        for kind, pattern in _LINE.items():
            short = len(line) <= LINE_CHARS
            if (short and pattern.match(line)) or (kind in _OPENS and _OPENS[kind].match(line)):
                found.setdefault(kind, []).append(line)
    return found


def _squash(text: str) -> str:
    """``text`` in Unicode's composed form (NFC, as presssearch gives its text; some
    pages write "ü" as "u" and a combining diaeresis, which trafilatura keeps),
    every run of whitespace one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _first_paragraph(text: str) -> str | None:
    for line in re.split(r"\n+", text):
        if len(line.split()) >= LEAD_WORDS:
            return _squash(line)
    return None


def _page(path: Path) -> dict[str, object]:
    from readability import Document
    from trafilatura import bare_extraction

    from presssearch.errors import ExtractionError
    from presssearch.extract import extract_article

    for name in ("trafilatura", "htmldate", "courlan", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    html = gzip.decompress(path.read_bytes())
    out: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            article = extract_article(html, path=PurePath(path.name))
            ours, title = article.text, article.title
        except ExtractionError:
            ours, title = "", ""
        try:
            document = bare_extraction(html, with_metadata=True)
            theirs = (getattr(document, "text", None) or "") if document is not None else ""
        except Exception:  # any failure of theirs: no text
            theirs = ""
        try:
            import lxml.html

            summary = lxml.html.fromstring(Document(html).summary())
            for el in summary.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
                el.tail = "\n" + (el.tail or "")
            by_readability = summary.text_content()
        except Exception:  # readability raises bare exceptions on odd markup
            by_readability = ""
    out["presssearch"] = clutter(ours)
    out["trafilatura"] = clutter(theirs)
    lead = _first_paragraph(theirs)
    both = lead is not None and lead == _first_paragraph(by_readability)
    kept = _squash(f"{title}\n{ours}")
    out["lead"] = lead if both else None
    out["lead_dropped"] = bool(both and lead and lead not in kept)
    return out


def snippet_counts(pages: Path, jobs: int) -> dict[str, int]:
    """Hits whose snippet has a line of clutter of each kind, over every kind's words."""
    from presssearch import Index, SearchOptions

    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp, Index.create(Path(tmp) / "ix") as index:
        index.add_path(pages, jobs=jobs)
        for kind, words in QUERIES.items():
            seen: set[str] = set()
            for word in words:
                for hit in index.search(word, SearchOptions(limit=200, collapse=False)):
                    if kind in clutter(hit.snippet.replace(" … ", "\n")):
                        seen.add(hit.id)
            counts[kind] = len(seen)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--snippets", action="store_true", help="also index and search")
    args = parser.parse_args()
    eval_dir = resolve_eval_dir(args.eval_dir)
    pages = load_web_pages(eval_dir)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=context) as pool:
        results = list(pool.map(_page, [p.file for p in pages], chunksize=4))
    table: dict[str, dict[str, int]] = {}
    tune_pages: dict[str, dict[str, list[str]]] = {}
    leads = {"all": 0, "heldout": 0, "checked": 0}
    dropped: list[str] = []
    for page, got in zip(pages, results, strict=True):
        part = web_part(eval_dir, page.name)
        for extractor in ("presssearch", "trafilatura"):
            for kind in got[extractor]:  # type: ignore[union-attr]
                row = table.setdefault(kind, {})
                for key in (f"{extractor}", f"{extractor} held-out"):
                    if key.endswith("held-out") and part != "heldout":
                        continue
                    row[key] = row.get(key, 0) + 1
                if extractor == "presssearch" and part == "tune":
                    tune_pages.setdefault(kind, {})[page.name] = got[extractor][kind]  # type: ignore[index]
        if got["lead"]:
            leads["checked"] += 1
        if got["lead_dropped"]:
            leads["all"] += 1
            if part == "heldout":
                leads["heldout"] += 1
            else:
                dropped.append(page.name)
    snippets = snippet_counts(eval_dir / "web" / "pages", args.jobs) if args.snippets else {}
    columns = ["presssearch", "presssearch held-out", "trafilatura", "trafilatura held-out"]
    print(f"{len(pages)} pages: pages whose text has a line of each kind of clutter")
    print(f"{'':16s}" + "".join(f"{c:>22s}" for c in columns) + ("  snippets" if snippets else ""))
    for kind in KINDS:
        row = table.get(kind, {})
        tail = f"  {snippets.get(kind, 0):8d}" if snippets else ""
        print(f"{kind:16s}" + "".join(f"{row.get(c, 0):22d}" for c in columns) + tail)
    print(
        f"lead paragraph dropped (first paragraph both trafilatura and readability give, "
        f"{leads['checked']} pages): {leads['all']} (held-out {leads['heldout']})"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "pages": len(pages),
                "pages_with_clutter": table,
                "snippet_hits_with_clutter": snippets,
                "lead_dropped": leads,
                "tune_lead_dropped": dropped,
                "tune_clutter_lines": tune_pages,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"JSON: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
