"""Tabular derivations (pandas) shown on pages: roll-ups, overviews and comparisons."""

from __future__ import annotations

from generator.model import Catalogue


def page_fragments(catalogue: Catalogue) -> dict:
    return {}
