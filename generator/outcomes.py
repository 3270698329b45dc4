"""The words of a headline result, shared by the pages and the exports so that both say
exactly the same (site_config/outcomes.yml has the rules and the words)."""

from __future__ import annotations

from generator.model import Benchmark, Headline
from generator.numbers import number

UNITS = {"procent": " %", "personer": " personer", "antal": ""}


def figure(h: Headline, words: dict) -> str:
    """'24 af 84 (29 %)', '43 af 175 (25 %, beregnet)', '54 % af 132', '57 % (nævner ikke oplyst)'."""
    w = words["words"]
    rate = None if h.rate is None else number(h.shown_rate) + " %"
    if h.count is None:
        return f"{rate} {w['of']} {number(h.denominator)}" if h.denominator else f"{rate} ({w['no_denominator']})"
    if h.denominator is None:
        return f"{number(h.count)}{UNITS[h.unit]} ({w['no_denominator']})"
    return f"{number(h.count)} {w['of']} {number(h.denominator)}" + (
        f" ({rate}, {w['computed']})" if h.rate_computed else f" ({rate})" if rate else "")


def benchmark(b: Benchmark | None) -> str:
    return "" if b is None else number(b.value) + UNITS[b.unit]


def text(h: Headline | None, words: dict, label: bool = True, compared: bool = True) -> str:
    """The headline in one line: 'I job eller uddannelse: 24 af 84 (29 %); sammenligning: 5 %'."""
    if h is None:
        return words["words"]["none"]
    out = (words["short_labels"][h.indicator] + ": " if label else "") + figure(h, words)
    if compared and h.benchmark:
        out += f"; {words['words']['benchmark']}: {benchmark(h.benchmark)}"
    return out


def rate_figure(h: Headline, words: dict) -> str:
    """The rate first, for ranges: '29 % (24 af 84)', '25 % (43 af 175, beregnet)',
    '54 % (af 132)', '57 % (nævner ikke oplyst)', '6 personer (nævner ikke oplyst)'."""
    w = words["words"]
    if h.rate is None:
        return figure(h, words)
    rate = number(h.shown_rate) + " %"
    if h.denominator is None:
        return f"{rate} ({w['no_denominator']})"
    count = f"{number(h.count)} " if h.count is not None else ""
    return f"{rate} ({count}{w['of']} {number(h.denominator)}" + (f", {w['computed']})" if h.rate_computed else ")")
