"""Orders: Danish alphabetical order, and the sort order of every column of the catalogue
table (/katalog/), which the server-rendered table, the catalogue's Pagefind index and
the Excel downloads share.

A column's order puts the projects whose value is known first, by that value and then by
title; a project whose value is not known (no period, no outcome expressed as a share,
level not assessed) has no place in it, and the catalogue lists those after the others,
by title, whichever way the column is sorted."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from generator import periods
from generator.model import Catalogue, Project

# The Danish alphabet ends … x y z æ ø å; these characters sort after z.
_AFTER_Z = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})
_NUMBER = re.compile(r"(\d+)")


def danish(text: str) -> tuple:
    """Sort key for Danish text: case and accents ignored (é as e), æ ø å after z,
    numbers by value (Projekt 5 before Projekt 40)."""
    folded = text.casefold().translate(_AFTER_Z)
    plain = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_NUMBER.split(plain)))


def project_order(p: Project) -> tuple:
    """The catalogue's default order: by title."""
    return (danish(p.title), p.slug)


def share(p: Project) -> float | None:
    """The headline result as a percentage of the participants it is counted of (the rate the
    source prints, or the one computed from a count and its denominator); otherwise not comparable."""
    h = p.headline
    return None if h is None or h.rate is None else float(h.rate)


def column_values(catalogue: Catalogue) -> dict[str, Callable[[Project], object | None]]:
    """Per column, the value a project is sorted by (None: not known)."""
    cfg = catalogue.config
    levels = cfg.assessed_levels

    def level(p: Project):
        lv = p.documentation.level
        return len(levels) - levels.index(lv) if lv in levels else None  # higher: better documented

    return {
        "projekt": lambda p: danish(p.title),
        "maalgruppe": lambda p: danish("; ".join(cfg.label("target_groups", c) for c in p.target_group.categories)),
        "metoder": lambda p: danish(", ".join(catalogue.methods[m].title for m in p.methods)),
        "periode": lambda p: periods.bounds(p.period_start, p.period_end),
        "niveau": level,
        "resultat": share,
    }


def ranks(catalogue: Catalogue) -> dict[str, dict[str, int | None]]:
    """slug → column → the project's place in that column's ascending order (0, 1, …),
    or None where its value is not known."""
    out: dict[str, dict[str, int | None]] = {slug: {} for slug in catalogue.projects}
    for column, value in column_values(catalogue).items():
        known = [(v, project_order(p), p.slug) for p in catalogue.projects.values() if (v := value(p)) is not None]
        for rank, (_, _, slug) in enumerate(sorted(known)):
            out[slug][column] = rank
        for places in out.values():
            places.setdefault(column, None)
    return out
