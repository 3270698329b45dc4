"""The reading experience (issue 11) on the bundled catalogue, at 1280 and 375 px: no page
type scrolls sideways on a phone, charts stay legible, tables stack into cards or say that
they scroll, the comparison stacks its items, no production language on a reader's page,
and the glossary with the links to it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from site_pages import PAGE_TYPES, page_path

from generator.config import ROOT
from generator.glossary import Glossary, Linker
from generator.stacking import label_cells

WIDTHS = [1280, 375]
PHONE = 375


@pytest.fixture
def tab(browser, request):
    width = getattr(request, "param", PHONE)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def open_page(tab, site_url: str, built_site: Path, kind: str, catalogue) -> None:
    """One page of a type, as a reader sees it; /sammenlign/ with three projects chosen."""
    path = page_path(built_site, kind)
    if kind == "sammenlign":
        path += "?projekter=" + ",".join(sorted(catalogue.projects)[:3])
    tab.goto(site_url + path)
    if kind == "sammenlign":
        tab.wait_for_selector(".mk-compare__table")


# Every element that reaches past the right edge of the window, unless it sits in a box that
# scrolls sideways by design (a wide table's region). Material clips the page (overflow-x on
# <html>), so a wide element is cut off rather than scrolled to: both count.
BEYOND_THE_EDGE = """() => {
  const root = document.documentElement, width = root.clientWidth, found = [];
  if (root.scrollWidth > width) found.push('the page scrolls: ' + root.scrollWidth);
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || r.right <= width + 1 || getComputedStyle(e).visibility === 'hidden') continue;
    let a = e.parentElement;
    while (a && a !== document.body && !['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) {
      a = a.parentElement;
    }
    if (!a || a === document.body) {
      found.push(e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '') + ' ends at ' + Math.round(r.right));
    }
  }
  return found.slice(0, 8);
}"""


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_page_type_scrolls_sideways(tab, site_url, built_site, catalogue, kind):
    open_page(tab, site_url, built_site, kind, catalogue)
    assert tab.evaluate(BEYOND_THE_EDGE) == []
    # A table that stacks into cards on a phone fits its column at every width it stacks at.
    if tab.viewport_size["width"] == PHONE:
        wide = tab.evaluate("""() => Array.from(document.querySelectorAll('.mk-stack'))
            .map(t => t.closest('.mk-table-wrap') || t).filter(w => w.scrollWidth > w.clientWidth + 1)
            .map(w => w.querySelector('caption')?.textContent || w.id)""")
        assert wide == []


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_wide_tables_say_that_they_scroll(tab, site_url, built_site, catalogue):
    """A table wider than its column either stacks (above) or has a visible hint right before
    it, besides the shadow at the edge that hides more columns. The catalogue table has its
    own layout (catalogue.md.j2)."""
    missing = []
    for kind in PAGE_TYPES:
        open_page(tab, site_url, built_site, kind, catalogue)
        missing += tab.evaluate("""kind => Array.from(document.querySelectorAll('.mk-table-wrap'))
            .filter(w => w.scrollWidth > w.clientWidth + 1 && !w.querySelector('#katalog'))
            .filter(w => { let hint = w.previousElementSibling;  // the nearest visible element before it
                           while (hint && !hint.offsetHeight) hint = hint.previousElementSibling;
                           return !(hint && hint.matches('.mk-scroll-hint'))
                                  || !getComputedStyle(w).backgroundImage.includes('gradient'); })
            .map(w => kind + ': ' + w.querySelector('caption').textContent)""", kind)
    assert missing == []


def test_chart_labels_are_at_least_12_px_on_a_phone(tab, site_url, built_site):
    tab.goto(site_url + page_path(built_site, "statistik"))
    sizes = tab.evaluate("""() => Array.from(document.querySelectorAll('.mk-bars__label, .mk-bars__value')).map(e => {
        const r = e.getBoundingClientRect();
        return [e.textContent, r.height, parseFloat(getComputedStyle(e).fontSize), r.right]; })""")
    assert len(sizes) > 20
    small = [(text, h, px) for text, h, px, _ in sizes if h < 12 or px < 12]
    assert small == [], small[:5]
    assert max(right for *_, right in sizes) <= PHONE


def test_results_table_shows_every_column_on_a_phone(tab, site_url, built_site, catalogue):
    """Opfyldelse, Sammenligning and Kilde were cut off at 375 px: each result is a card with
    every value after its column's header."""
    p = max(catalogue.projects.values(), key=lambda p: len(p.results))
    tab.goto(site_url + f"projekter/{p.slug}/")
    headers = tab.locator(".mk-results thead th").all_inner_texts()
    cells = tab.evaluate("""() => Array.from(document.querySelectorAll('.mk-results tbody td')).map(td => {
        const r = td.getBoundingClientRect();
        return [td.getAttribute('data-label'), getComputedStyle(td, '::before').content,
                r.left, r.right, r.width]; })""")
    assert len(cells) == len(p.results) * (len(headers) - 1)
    for label, before, left, right, width in cells:
        assert label in headers[1:] and label in before
        assert width > 0 and left >= 0 and right <= PHONE
    assert {c[0] for c in cells} >= {"Opfyldelse", "Sammenligning", "Kilde"}


@pytest.mark.parametrize("tab", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_comparison_stacks_its_items_on_a_phone(tab, site_url, built_site, catalogue):
    chosen = [catalogue.projects[s] for s in sorted(catalogue.projects)[:3]]
    open_page(tab, site_url, built_site, "sammenlign", catalogue)
    table = tab.locator(".mk-compare__table").first
    row = table.locator("tbody tr").first
    cells = row.locator("td")
    assert cells.count() == 3
    boxes = [cells.nth(i).bounding_box() for i in range(3)]
    width = tab.viewport_size["width"]
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    if width == PHONE:  # one above the other, each after its project's title
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
        for i, p in enumerate(chosen):  # the label is drawn by the stylesheet from data-label
            assert cells.nth(i).get_attribute("data-label") == p.title
            assert p.title in cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        for p in chosen:  # the chosen items, each with its remove button, above the cards
            assert table.get_by_role("button", name=re.compile(re.escape(p.title))).is_visible()
    else:  # side by side
        assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]


# ---------------------------------------------------------------- plain Danish

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Text(HTMLParser):
    """The text a reader sees in a built page (no scripts, styles or hidden elements)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[str] = []
        self.skip_at: int | None = None  # depth of the script, style or hidden element we are in

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.stack.append(tag)
        if self.skip_at is None and (tag in ("script", "style") or any(k == "hidden" for k, _ in attrs)):
            self.skip_at = len(self.stack)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass
        if self.skip_at is not None and len(self.stack) < self.skip_at:
            self.skip_at = None

    def handle_data(self, data):
        if self.skip_at is None:
            self.parts.append(data)


def reader_pages(site: Path) -> dict[str, str]:
    """URL path → visible text of every page a reader meets (not the contributor's guide, which
    explains the content format, and not Pagefind's files)."""
    out = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0].startswith("pagefind") or rel.parts[0] == "bidrag":
            continue
        parser = _Text()
        parser.feed(path.read_text("utf-8"))
        out["/" + rel.parent.as_posix().strip(".") + "/"] = " ".join(" ".join(parser.parts).split())
    return out


PRODUCTION = re.compile(r"\blinje(?:rne|r|n)?\s+\d|tekstudtræk\w*|tekstudgave\w*", re.I)


def content_prose() -> str:
    """Every text of the content files, whitespace folded as a page shows it."""
    texts = []
    for path in (ROOT / "content").rglob("*.md"):
        raw = path.read_text("utf-8")
        texts.append(raw)
        front = raw.split("---", 2)[1] if raw.startswith("---") else ""
        texts += [v for v in _strings(yaml.safe_load(front) or {})]
    return " ".join(" ".join(texts).replace("''", "'").split())


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_no_production_language_on_reader_pages(built_site):
    """No text-edition line numbers ("linje 5163") and no "tekstudtræk"/"tekstudgave" on a
    page a reader meets, neither from the templates and site_config nor from the content's
    own prose (the editorial pass removed them; coding rule S1 warns on new ones)."""
    prose = content_prose()
    ours, theirs = [], []
    for url, text in reader_pages(built_site).items():
        for m in PRODUCTION.finditer(text):
            where = f"{url}: …{text[max(0, m.start() - 25):m.end() + 10]}…"
            (theirs if _from_content(text, m, prose) else ours).append(where)
    assert ours == [], ours[:10]
    assert theirs == [], f"{len(theirs)} places in content/ prose, e.g. {theirs[:5]}"


def _from_content(text: str, m: re.Match, prose: str) -> bool:
    """The words just before the hit stand before it in a content file too."""
    before = text[max(0, m.start() - 30):m.start()].split(" ", 1)[-1]
    return (before + m.group()).lower() in prose.lower()


# ---------------------------------------------------------------- glossary

def glossary() -> Glossary:
    return Glossary.load(ROOT)


def test_the_glossary_lists_every_term_with_its_anchor(built_site, catalogue):
    html = (built_site / "ordliste" / "index.html").read_text("utf-8")
    g = glossary()
    assert len(g.terms) >= 20
    for t in g.terms:
        assert f'<dt id="{t.slug}">{t.term}' in html, t.term
        if t.level:
            assert catalogue.config.documentation["level_meaning"][t.level][:40] in " ".join(html.split())
    for term in ("Implementerbarhed", "Evidens", "Idé", "Formodning", "Viden", "Matchgruppe", "Fleksjob",
                 "Ledighedsydelse", "Virksomhedspraktik", "Løntilskud", "Progression", "Resultattema"):
        assert term in [t.term for t in g.terms], term
    assert "tidligere betegnelse" in html.split('id="matchgruppe"')[1].split("</dt>")[0]


class _Links(HTMLParser):
    """The glossary links of a page, with the elements they sit in."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.links: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "mk-term" in (a.get("class") or ""):
            self.links.append((a["href"], tuple(self.stack)))
        if tag not in ("br", "input", "img", "meta", "link", "hr", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def test_terms_link_to_the_glossary_once_per_page_in_running_text_only(built_site):
    anchors = set(re.findall(r'<dt id="([^"]+)"', (built_site / "ordliste" / "index.html").read_text("utf-8")))
    linked_pages = 0
    for path in built_site.rglob("*.html"):
        rel = path.relative_to(built_site)
        if rel.parts[0].startswith("pagefind"):
            continue
        parser = _Links()
        parser.feed(path.read_text("utf-8"))
        slugs = [href.split("#")[1] for href, _ in parser.links]
        assert len(slugs) == len(set(slugs)), (rel, slugs)
        for href, inside in parser.links:
            assert href.split("#")[0].endswith("ordliste/"), (rel, href)
            assert href.split("#")[1] in anchors, (rel, href)
            assert not set(inside) & {"a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "dt", "figure"}, (rel, inside)
        linked_pages += bool(slugs)
        if rel.parts[0] in ("ordliste", "bidrag", "soeg"):
            assert not slugs, rel
    assert linked_pages > 100


def test_a_project_links_the_first_occurrence_of_a_term(tab, site_url, catalogue):
    p = next(p for p in sorted(catalogue.projects.values(), key=lambda p: p.slug)
             if re.search(r"\bfleksjob\b", p.summary, re.I))
    tab.goto(site_url + f"projekter/{p.slug}/")
    term = tab.locator("a.mk-term[href$='#fleksjob']")
    assert term.count() == 1
    assert tab.evaluate("""() => { const lead = document.querySelector('.mk-lead');
        return lead.contains(document.querySelector("a.mk-term[href$='#fleksjob']")); }""")
    term.click()
    tab.wait_for_url(re.compile(r"/ordliste/#fleksjob$"))
    assert tab.locator("#fleksjob").is_visible()


LINKER_PAGE = """<h1>Fleksjob</h1>
<p class="mk-lead">Projektet gav <strong>fleksjob</strong> og senere fleksjob igen; KL og kl. 10.</p>

## Fleksjob og løntilskud {: #x }

<div hidden><span>løntilskud</span></div>
<table><tr><td>løntilskud</td></tr></table>
<p title="løntilskud">Et <a href="x">løntilskud</a>, et ikke-løntilskud og så Løntilskud.</p>
<p>Metoden virksomhedspraktik.</p>
"""


def test_linker_links_the_first_occurrence_in_running_text_only():
    page = Linker(glossary()).link(LINKER_PAGE, "../ordliste/", method="virksomhedspraktik")
    links = re.findall(r'<a class="mk-term" href="\.\./ordliste/#([^"]+)"[^>]*>([^<]+)</a>', page)
    assert links == [("fleksjob", "fleksjob"), ("kl", "KL"), ("loentilskud", "Løntilskud")]
    assert "<h1>Fleksjob</h1>" in page and "## Fleksjob og løntilskud" in page
    assert "kl. 10" in page  # an acronym only in capitals
    assert "Metoden virksomhedspraktik." in page  # not on the method's own page


def test_stacked_tables_label_each_cell_with_its_column():
    table = ('<table class="mk-table mk-stack"><caption>c</caption><thead><tr><th scope="col">Navn</th>'
             '<th scope="col" colspan="2">Tal &amp; andel</th></tr></thead><tbody><tr><th scope="row">A</th>'
             '<td>1</td><td>2 %</td></tr></tbody></table><table class="mk-table"><tr><td>x</td></tr></table>')
    out = label_cells(table)
    assert '<td role="cell" data-label="Tal &amp; andel">1</td>' in out
    assert out.count('data-label="Tal &amp; andel"') == 2
    assert '<th role="rowheader" scope="row">A</th>' in out
    assert '<table role="table" class="mk-table mk-stack">' in out
    assert out.endswith('<table class="mk-table"><tr><td>x</td></tr></table>')  # not marked: untouched


def test_every_page_names_the_organisation_and_a_contact_address(built_site, catalogue):
    org = catalogue.config.site["organisation"]
    for path in [built_site / "404.html", *built_site.glob("*/index.html"), built_site / "index.html"]:
        footer = path.read_text("utf-8").split('<div class="md-copyright">', 1)[1].split("</div>", 1)[0]
        assert org["name"] in footer and f'href="mailto:{org["email"]}"' in footer, path
    about = (built_site / "om" / "index.html").read_text("utf-8").split('id="hovedindhold"', 1)[1]
    assert org["name"] in about
    assert f'mailto:{org["email"]}' in about and f'mailto:{org["accessibility_email"]}' in about


def test_one_stylesheet_joins_the_listed_files_and_every_stylesheet_is_used(built_site, catalogue):
    """A phone waits for each stylesheet before the first paint: the generator joins the
    files site.yml lists into assets/site.css, which every page links; a stylesheet in
    site_config/assets that neither the bundle nor mkdocs.yml names would never load."""
    names = catalogue.config.site["stylesheets"]
    bundle = (built_site / "assets" / "site.css").read_text("utf-8")
    positions = [bundle.index(f"/* {n} */") for n in names]
    assert positions == sorted(positions)
    for n in names:
        assert (ROOT / "site_config" / "assets" / n).read_text("utf-8") in bundle
    linked = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8")).get("extra_css", [])
    on_disk = {p.name for p in (ROOT / "site_config" / "assets").glob("*.css")}
    assert on_disk <= set(names) | {Path(x).name for x in linked}, on_disk - set(names)
    page = (built_site / "index.html").read_text("utf-8")
    assert 'href="assets/site.css"' in page and not any(f'assets/{n}"' in page for n in names)
