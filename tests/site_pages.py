"""The page types the browser gates visit (test_a11y.py, test_keyboard.py,
test_privacy.py) and the widths they visit them at: one URL per kind of page. Project,
method and source pages are the largest of their kind in the built site (the most tables
and links). A page type missing from the build fails. Also the helpers those gates share:
settled() and the axe runner violations()."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

# The two widths every browser gate runs at: a desktop and a small phone.
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 740}}

# kind → URL path (relative to the site root); "*" = the largest page in that section
PAGE_TYPES: dict[str, str] = {
    "forside": "",
    "maalgruppeoversigt": "maalgrupper/",
    "maalgruppe": "maalgrupper/*",
    "katalog": "katalog/",
    "projekt": "projekter/*",
    "projektoversigt": "projekter/",
    "metode": "metoder/*",
    "metodeoversigt": "metoder/",
    "kilde": "kilder/*",
    "kildeoversigt": "kilder/",
    "dokumentationsniveauer": "dokumentationsniveauer/",
    "ordliste": "ordliste/",
    "data": "data/",
    "om": "om/",
    "kvalitet": "om/kvalitet/",
    "bidrag": "bidrag/",
    "bidrag-git": "bidrag/git/",
    "bidrag-formular": "bidrag/formular/",
    "tilgaengelighed": "tilgaengelighed/",
    "privatliv": "privatliv/",
    "404": "denne-side-findes-ikke/",
    "evidenskort": "evidenskort/",
    "statistik": "statistik/",
    "sammenlign": "sammenlign/",
    "soeg": "soeg/",
}


def largest(site: Path, section: str) -> str:
    pages = [p for p in (site / section).glob("*/index.html")]
    if not pages:
        pytest.fail(f"no pages under {section}/ in the built site")
    best = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"{section}/{best.parent.name}/"


def page_path(site: Path, kind: str) -> str:
    """The URL path for a page type; fails the test if that page is not built."""
    path = PAGE_TYPES[kind]
    if path.endswith("/*"):
        return largest(site, path[:-2])
    if kind == "404":
        assert (site / "404.html").is_file(), "the site has no 404.html"
        return path
    if not (site / path / "index.html").is_file():
        pytest.fail(f"/{path} is missing from the built site")
    return path


def settled(page) -> None:
    """Wait until no CSS animation or transition runs (the drawer sliding in, the back-to-top
    button fading): mid-fade an element is half transparent and its contrast is misread."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


# axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices a screen reader user notices: landmarks told apart by name (two
# "Indholdsfortegnelse" navs, two search forms alike), one main, an h1, no skipped levels.
RULES = {rule: {"enabled": True} for rule in ("landmark-unique", "landmark-one-main", "page-has-heading-one",
                                              "heading-order")}


@functools.cache
def _axe():
    from axe_playwright_python import sync_playwright as axe_sync

    return axe_sync.Axe()


def violations(page, where: str = "") -> list[str]:
    """axe (TAGS and RULES) on the page once settled; one readable line block per violated
    rule, each prefixed with `where` (a URL or a state) when given."""
    # a fading element (the back-to-top button, the drawer) is half transparent mid-transition
    settled(page)
    # resultTypes: only violations are needed in full (much faster on the 130-row catalogue)
    result = _axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "rules": RULES,
                                       "resultTypes": ["violations"]})
    out = []
    for v in result.response["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ") if v["nodes"] else ""
        out.append(f"{where + ': ' if where else ''}{v['id']} ({v['impact']}): {v['help']}\n"
                   f"    {len(targets)} node(s): {targets[:5]}\n    {summary[:300]}")
    return out
