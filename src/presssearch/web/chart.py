"""The timeline as an SVG bar chart drawn on the server: no script, no image file.

:func:`timeline_chart` turns ``Index.timeline``'s ``{series: {bucket: count}}``
into plain geometry (stacked bars, axis ticks, a legend) that the template
writes out as SVG elements, so every label goes through the template's escaping.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PALETTE", "Bar", "Chart", "timeline_chart"]

#: Okabe and Ito's colours, told apart by people with colour-blindness;
#: grey is kept for the series that gathers the rest.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F")
OTHER_COLOUR = "#8A8A8A"

WIDTH = 800
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 46
#: At most this many labels under the bars; the others are left out.
X_LABELS = 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    x_labels: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, int], ...]
    legend: tuple[tuple[str, str], ...]
    #: The data as a table: one row per bucket, one count per series.
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    plot_left: int
    plot_right: int
    plot_bottom: int


def _gather(
    series: dict[str, dict[str, int]], max_series: int, other: str
) -> dict[str, dict[str, int]]:
    """The biggest ``max_series`` series, the rest summed into one named ``other``."""
    if len(series) <= max_series:
        return series
    names = sorted(series, key=lambda name: -sum(series[name].values()))
    kept = {name: series[name] for name in names[: max_series - 1]}
    rest: dict[str, int] = {}
    for name in names[max_series - 1 :]:
        for label, count in series[name].items():
            rest[label] = rest.get(label, 0) + count
    kept[other] = rest
    return kept


def _step(top: int) -> int:
    """A round step that divides 0..top into at most five intervals."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def timeline_chart(
    series: dict[str, dict[str, int]],
    *,
    max_series: int = len(PALETTE),
    other: str = "other",
) -> Chart | None:
    """Stacked bars, one per time bucket, one colour per series; None when nothing is dated.

    Past ``max_series`` series (at most one per colour), the smallest are
    summed into one grey series named ``other``.
    """
    if not series:
        return None
    max_series = min(max_series, len(PALETTE))
    gathered = len(series) > max_series
    series = _gather(series, max_series, other)
    labels = list(next(iter(series.values())))
    names = list(series)
    colours = {name: PALETTE[i] for i, name in enumerate(names)}
    if gathered:
        colours[other] = OTHER_COLOUR
    totals = [sum(series[name].get(label, 0) for name in names) for label in labels]
    top = max(max(totals), 4)  # a single article is not a wall of colour
    step = _step(top)
    top = -(-top // step) * step
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(labels)
    gap = min(slot * 0.2, 6)
    bars: list[Bar] = []
    for i, label in enumerate(labels):
        base = 0
        for name in names:
            count = series[name].get(label, 0)
            if not count:
                continue
            y0 = TOP + plot_h * (1 - base / top)
            y1 = TOP + plot_h * (1 - (base + count) / top)
            bars.append(
                Bar(
                    x=round(LEFT + i * slot + gap / 2, 2),
                    y=round(y1, 2),
                    width=round(max(slot - gap, 1), 2),
                    height=round(y0 - y1, 2),
                    colour=colours[name],
                    title=f"{label}: {count} {name}",
                )
            )
            base += count
    every = -(-len(labels) // X_LABELS)
    x_labels = tuple(
        (round(LEFT + (i + 0.5) * slot, 2), label)
        for i, label in enumerate(labels)
        if i % every == 0
    )
    y_ticks = tuple(
        (round(TOP + plot_h * (1 - value / top), 2), value) for value in range(0, top + 1, step)
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=tuple(bars),
        x_labels=x_labels,
        y_ticks=y_ticks,
        legend=tuple((name, colours[name]) for name in names),
        rows=tuple(
            (label, tuple(series[name].get(label, 0) for name in names)) for label in labels
        ),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=TOP + plot_h,
    )
