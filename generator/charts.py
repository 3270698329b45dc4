"""Bar charts as plain geometry, drawn at build time as inline SVG by the template
macro `bar_chart` in site_config/templates/_tables.j2. No chart library, no script,
no request: the figure is part of the page, and its table follows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
ROW = 36  # one category: its label on one line, its bar below
VALUE_ROOM = 56  # room right of the longest bar for its number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    top: int  # y of the row
    length: float  # bar length in SVG units
    muted: bool  # the 'ikke oplyst' bar: grey, and its label says so


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_dy: int = 14  # baseline of the label below the row's top
    bar_dy: int = 19  # top of the bar below the row's top
    bar_height: int = 13

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 4

    @property
    def largest(self) -> Bar | None:
        return max(self.bars, key=lambda b: b.value, default=None)


def bar_chart(rows: Sequence[tuple[str, int, bool]]) -> BarChart:
    """Horizontal bars for (label, value, muted) rows, scaled to the largest value."""
    top = max((value for _, value, _ in rows), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / top
    return BarChart(tuple(
        Bar(label, value, i * ROW, round(value * scale, 1), muted) for i, (label, value, muted) in enumerate(rows)))
