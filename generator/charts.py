"""Bar charts as plain geometry, drawn at build time by the template macro `bar_chart` in
site_config/templates/_tables.j2: one row per category, its label as HTML text above a bar
whose length is a percentage of the row. No chart library, no script, no request, and the
text keeps the page's own size at any width (a scaled-down SVG drew 7 px labels on a phone).
The figure is part of the page, and its table follows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LONGEST = 88.0  # the largest bar's length, in % of the row: the rest holds its number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: float  # bar length in % of the row's width
    muted: bool  # the 'ikke oplyst' bar: grey, and its label says so


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]

    @property
    def largest(self) -> Bar | None:
        return max(self.bars, key=lambda b: b.value, default=None)


def bar_chart(rows: Sequence[tuple[str, int, bool]]) -> BarChart:
    """Horizontal bars for (label, value, muted) rows, scaled to the largest value."""
    top = max((value for _, value, _ in rows), default=0) or 1
    return BarChart(tuple(Bar(label, value, round(value * LONGEST / top, 1), muted) for label, value, muted in rows))
