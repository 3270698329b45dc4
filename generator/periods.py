"""Periods: the spans in site_config/statistics.yml (`period_buckets`) that /statistik/
and the catalogue's period facet both count by, so the two always agree.

A project counts in every span its period overlaps (2008–2012 counts in 2000–2009 and in
2010–2019). With only a start or only an end year it counts in that year's span; with
neither it counts in none, and the pages show it as not stated."""

from __future__ import annotations


def bounds(start: int | None, end: int | None) -> tuple[int, int] | None:
    """(first, last) year of a period; a missing year is the known one; None if neither is known."""
    first = start if start is not None else end
    last = end if end is not None else start
    return None if first is None else (first, last)


def spans(start: int | None, end: int | None, buckets: list[dict]) -> tuple[str, ...]:
    """The labels of the spans a period overlaps, in the buckets' order."""
    if (known := bounds(start, end)) is None:
        return ()
    first, last = known
    return tuple(b["label"] for b in buckets
                 if (b.get("from") is None or b["from"] <= last) and (b.get("to") is None or first <= b["to"]))


def check(buckets: list[dict]) -> None:
    """Raise ValueError unless the spans follow each other without gap or overlap and
    cover every year (the first has no `from`, the last no `to`)."""
    if not buckets or buckets[0].get("from") is not None or buckets[-1].get("to") is not None:
        raise ValueError("statistics.yml: period_buckets must start without 'from' and end without 'to'")
    for before, after in zip(buckets, buckets[1:], strict=False):
        if before.get("to") is None or after.get("from") != before["to"] + 1:
            raise ValueError(f"statistics.yml: period_buckets: {after['label']!r} must start the year after "
                             f"{before['label']!r} ends")
