"""Timeline charts as files: PNG, SVG, or a self-contained HTML page.

Drawn with matplotlib (the ``plot`` extra): stacked bars, one colour per
language or outlet, titled axes and a legend.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from presssearch.errors import PresssearchError
from presssearch.languages import language_name

__all__ = ["FORMATS", "write_timeline"]

FORMATS = (".png", ".svg", ".html")
#: The widest chart, in inches at 120 dots per inch (1,680 pixels), and the most
#: labels under its bars: a long span is drawn with thinner bars, not a wider image.
MAX_WIDTH_INCHES = 14.0
MAX_X_LABELS = 30


def _figure(series: dict[str, dict[str, int]], title: str, by: str, interval: str):  # type: ignore[no-untyped-def]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise PresssearchError("charts need matplotlib: pip install 'presssearch[plot]'") from exc

    labels = list(next(iter(series.values())))
    width = min(MAX_WIDTH_INCHES, max(6.0, 0.45 * len(labels) + 2))
    fig, ax = plt.subplots(figsize=(width, 4.5), dpi=120)
    bottoms = [0] * len(labels)
    for name, counts in series.items():
        values = [counts[label] for label in labels]
        shown = language_name(name) if by == "lang" else name
        ax.bar(labels, values, bottom=bottoms, label=shown, edgecolor="white", linewidth=0.5)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    ax.set_title(title)
    ax.set_xlabel({"week": "ISO week"}.get(interval, interval))
    ax.set_ylabel("matching articles")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="language" if by == "lang" else "outlet", fontsize="small")
    step = -(-len(labels) // MAX_X_LABELS)  # every bucket labelled, or every step-th
    ax.set_xticks(range(0, len(labels), step), labels[::step])
    ax.tick_params(axis="x", labelrotation=45)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig, plt


def write_timeline(
    series: dict[str, dict[str, int]],
    path: str | Path,
    *,
    title: str,
    by: str = "lang",
    interval: str = "day",
) -> Path:
    """Write the timeline ``series`` to ``path``; its suffix picks the format."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise PresssearchError(f"{out}: unknown chart format; use one of {', '.join(FORMATS)}")
    if not series:
        raise PresssearchError("no dated documents match: nothing to chart")
    fig, plt = _figure(series, title, by, interval)
    try:
        if suffix == ".html":
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg")
            page = (
                '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
                f"<title>{html.escape(title)}</title></head>\n<body>\n"
                f"{buffer.getvalue()}\n</body></html>\n"
            )
            out.write_text(page, encoding="utf-8")
        else:
            fig.savefig(out, format=suffix[1:])
    except OSError as exc:
        raise PresssearchError(f"cannot write {out}: {exc.strerror}") from exc
    finally:
        plt.close(fig)
    return out
