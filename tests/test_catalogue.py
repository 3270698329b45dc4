"""The catalogue table on /katalog/ (issue 11) in the browser, on the bundled catalogue
served with its real CSP: it fits its column at 1280 px and becomes cards at 375 px,
sorts by every column with the sort in the URL, filters by text together with the
facets, downloads exactly what it shows as .xlsx and as CSV for Danish Excel, and
counts periods and empty categories as /statistik/, the evidence map and the method
pages do."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from pathlib import Path

import openpyxl
import pytest
from test_search import STATUS, box, check_value, matching, pick, shown_slugs, values, wait_for_count

from generator import ordering, tables
from generator.model import Catalogue

pytestmark = pytest.mark.usefixtures("built_site")

COLUMNS = {  # sort key → (heading, direction of the first click)
    "projekt": ("Projekt", "ascending"), "maalgruppe": ("Målgruppe", "ascending"),
    "metoder": ("Metoder", "ascending"), "periode": ("Periode", "descending"),
    "niveau": ("Dokumentationsniveau", "descending"), "resultat": ("Hovedresultat", "descending"),
}


# ---------------------------------------------------------------- helpers

@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    yield context.new_page()
    context.close()


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="da-DK", is_mobile=True)
    yield context.new_page()
    context.close()


def expected_order(cat: Catalogue, key: str, direction: str, subset: set[str] | None = None) -> list[str]:
    """The order the catalogue promises: the projects whose value the column knows, by it;
    then the others by title, whichever the direction."""
    ranks = ordering.ranks(cat)
    projects = [p for p in cat.projects.values() if subset is None or p.slug in subset]
    known = sorted((p for p in projects if ranks[p.slug][key] is not None), key=lambda p: ranks[p.slug][key],
                   reverse=direction == "descending")
    unknown = sorted((p for p in projects if ranks[p.slug][key] is None), key=ordering.project_order)
    return [p.slug for p in known + unknown]


def shown_order(page) -> list[str]:
    shown_slugs(page)  # loads every row ("Vis flere")
    return [i[2:] for i in page.locator("#katalog tbody tr").evaluate_all("rows => rows.map(r => r.id)")]


def wait_for_ready(page) -> None:
    page.wait_for_selector("fieldset[data-facet] input", state="attached")  # folded away on a phone
    page.wait_for_function("sel => !document.querySelector(sel).textContent.includes('indlæses')", arg=STATUS)
    page.wait_for_function("() => !document.getElementById('katalog').hasAttribute('aria-busy')")


def searchable(cat: Catalogue, word: str) -> set[str]:
    """Projects whose title, holder or a municipality has a word that starts with `word`
    (the text filter searches these three, and Pagefind matches the start of words)."""
    word = word.lower()
    out = set()
    for p in cat.projects.values():
        text = " ".join([p.title, p.holder or "", *p.municipalities]).lower()
        if any(w.startswith(word) for w in re.findall(r"\w+", text)):
            out.add(p.slug)
    return out


def type_text(page, text: str) -> None:
    field = page.get_by_label("Søg i projektnavn, projektholder og kommune")
    field.fill(text)


# ---------------------------------------------------------------- layout

def test_the_table_fits_its_column_at_1280(wide, site_url):
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    sizes = wide.evaluate("""() => {
        const t = document.getElementById('katalog'), col = document.querySelector('.md-content__inner');
        const wrap = t.closest('.mk-table-wrap');
        return {table: t.getBoundingClientRect().width, column: col.getBoundingClientRect().width,
                wrap: [wrap.scrollWidth, wrap.clientWidth], page: document.documentElement.scrollWidth,
                cells: Array.from(t.rows[0].cells, c => [c.scrollWidth, c.clientWidth])}
    }""")
    assert sizes["table"] <= sizes["column"], sizes
    assert sizes["wrap"][0] <= sizes["wrap"][1], "the table scrolls sideways"
    assert sizes["page"] <= 1280
    assert all(scroll <= client for scroll, client in sizes["cells"]), "a heading is cut off"
    headings = wide.locator("#katalog thead th").all_inner_texts()
    assert [h.replace("\u00ad", "").replace("-\n", "").split("\n")[0].strip(" ⇅▲▼") for h in headings] == [
        name for name, _ in COLUMNS.values()]


def test_cards_at_375_and_no_sideways_scroll(narrow, site_url, catalogue):
    narrow.goto(site_url + "katalog/")
    wait_for_ready(narrow)
    level = pick(catalogue, "niveau", 2, len(catalogue.projects))[0]
    for url in ("katalog/", "katalog/?sorter=periode&niveau=" + urllib.parse.quote(level)):
        narrow.goto(site_url + url)
        wait_for_ready(narrow)
        layout = narrow.evaluate("""() => {
            const t = document.getElementById('katalog'), row = t.tBodies[0].rows[0];
            return {page: document.documentElement.scrollWidth, row: getComputedStyle(row).display,
                    head: getComputedStyle(t.tHead).display, right: Math.max(...Array.from(t.tBodies[0].rows,
                      r => r.getBoundingClientRect().right)),
                    labels: Array.from(row.cells).slice(1).map(c => getComputedStyle(c, '::before').content)}
        }""")
        assert layout["page"] <= 375, f"{url}: the page scrolls sideways ({layout['page']} px)"
        assert layout["row"] == "block" and layout["head"] == "none", "one card per project"
        assert layout["right"] <= 375
        assert layout["labels"] == [f'"{name}: "' for name, _ in list(COLUMNS.values())[1:]]
    # The headings are gone, so the sort is a menu.
    menu = narrow.get_by_label("Sortér efter")
    assert menu.is_visible()
    menu.select_option(label="Periode (nyeste først)")
    narrow.wait_for_function("() => new URL(location).searchParams.get('retning') === 'faldende'")
    wait_for_ready(narrow)
    assert shown_order(narrow)[:5] == expected_order(
        catalogue, "periode", "descending", matching(catalogue, {"niveau": [level]}))[:5]


def test_without_javascript_the_rows_are_in_title_order_with_six_labelled_cells(browser, site_url, catalogue):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    tab = context.new_page()
    try:
        tab.goto(site_url + "katalog/")
        ids = [i[2:] for i in tab.locator("#katalog tbody tr").evaluate_all("rows => rows.map(r => r.id)")]
        size = catalogue.config.site["catalogue_page_size"]
        assert ids == [p.slug for p in sorted(catalogue.projects.values(), key=ordering.project_order)][:size]
        assert tab.locator("#katalog thead th[aria-sort='ascending']").inner_text().startswith("Projekt")
        first = tab.locator("#katalog tbody tr").first
        assert first.locator("th").count() == 1 and first.locator("td").count() == 5
        assert tab.locator("#katalog button").count() == 0  # the sort buttons come with the script
        assert tab.locator("#mk-xlsx").get_attribute("href").endswith("data/projects.xlsx")
        assert tab.locator("#mk-csv").get_attribute("href").endswith("data/projekter.csv")
    finally:
        context.close()


# ---------------------------------------------------------------- sorting

def test_sorting_by_each_column_both_ways(wide, site_url, catalogue):
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    for key, (_, first) in COLUMNS.items():
        for n, direction in enumerate([first, "descending" if first == "ascending" else "ascending"]):
            if key == "projekt" and n == 0:
                direction = "descending"  # already sorted by project, A-Å: the first click turns it
            wide.locator(f"#katalog th[data-sort='{key}'] button").click()
            wide.wait_for_function("([k, d]) => document.querySelector(`#katalog th[data-sort='${k}']`)"
                                   ".getAttribute('aria-sort') === d", arg=[key, direction])
            wait_for_ready(wide)
            assert shown_order(wide) == expected_order(catalogue, key, direction), (key, direction)
            assert wide.locator("#katalog th[aria-sort]").count() == 1
            query = urllib.parse.parse_qs(urllib.parse.urlparse(wide.url).query)
            if key == "projekt" and direction == "ascending":
                assert query == {}  # the default order has a plain URL
            else:
                assert query == {"sorter": [key], "retning": [{"ascending": "stigende", "descending": "faldende"}[
                    direction]]}
            if key == "projekt" and direction == "descending":
                break
    wide.locator("#katalog th[data-sort='projekt'] button").click()  # back to the default order
    wide.wait_for_function("() => location.search === ''")
    wait_for_ready(wide)
    assert shown_order(wide) == expected_order(catalogue, "projekt", "ascending")
    assert "Ingen filtre valgt. Tabellen viser alle" in wide.inner_text(STATUS)


def test_sorted_values_read_in_order(wide, site_url, catalogue):
    """Not only the same order as the model: the shown periods and levels read in order,
    and the projects with no period come last, either way."""
    wide.goto(site_url + "katalog/?sorter=periode&retning=faldende")
    wait_for_ready(wide)
    shown_order(wide)
    periods = wide.locator("#katalog td[data-label='Periode']").all_inner_texts()
    na = catalogue.config.site["labels"]["not_stated"]
    known = [p for p in periods if p != na]
    assert periods == known + [na] * (len(periods) - len(known))
    starts = [int(p.split("–")[0]) if p[0].isdigit() else int(p.split("–")[1]) for p in known]
    assert starts == sorted(starts, reverse=True)
    wide.goto(site_url + "katalog/?sorter=niveau")
    wait_for_ready(wide)
    shown_order(wide)
    levels = wide.locator("#katalog td[data-label='Dokumentationsniveau']").all_inner_texts()
    order = [catalogue.config.label("levels", lv) for lv in catalogue.config.documentation["level_order"]]
    assert [order.index(lv) for lv in levels] == sorted(order.index(lv) for lv in levels)


def test_the_sort_survives_reload_and_combines_with_facets_and_text(wide, site_url, catalogue):
    group = pick(catalogue, "maalgruppe", 5, len(catalogue.projects))[0]
    chosen = matching(catalogue, {"maalgruppe": [group]})
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    check_value(wide, "maalgruppe", group)
    wait_for_count(wide, len(chosen))
    wide.locator("#katalog th[data-sort='periode'] button").click()
    wide.wait_for_function("() => new URL(location).searchParams.get('sorter') === 'periode'")
    wait_for_ready(wide)
    assert shown_order(wide) == expected_order(catalogue, "periode", "descending", chosen)
    wide.reload()
    wait_for_ready(wide)
    wait_for_count(wide, len(chosen))
    assert wide.locator("#katalog th[data-sort='periode']").get_attribute("aria-sort") == "descending"
    assert box(wide, "maalgruppe", group).is_checked()
    assert shown_order(wide) == expected_order(catalogue, "periode", "descending", chosen)
    assert "sorteret efter periode, nyeste først" in wide.inner_text(STATUS)
    wide.go_back()  # before the sort: the facet alone, in title order
    wait_for_count(wide, len(chosen))
    assert shown_order(wide) == expected_order(catalogue, "projekt", "ascending", chosen)


# ---------------------------------------------------------------- the text filter

def municipality_word(cat: Catalogue) -> str:
    """A municipality several projects name, as a reader would type it."""
    counts: dict[str, int] = {}
    for p in cat.projects.values():
        for m in p.municipalities:
            counts[m] = counts.get(m, 0) + 1
    return max(sorted(counts), key=counts.get).lower()


def test_text_filter_searches_title_holder_and_municipality_and_combines_with_facets(wide, site_url, catalogue):
    word = municipality_word(catalogue)
    found = searchable(catalogue, word)
    assert len(found) >= 2
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    type_text(wide, word)
    wait_for_count(wide, len(found))
    assert f"»{word}«" in wide.inner_text(STATUS)
    assert set(shown_order(wide)) == found
    assert urllib.parse.parse_qs(urllib.parse.urlparse(wide.url).query) == {"tekst": [word]}
    # Each row shows why it matches: the name, the holder or the municipality is in it.
    for row in wide.locator("#katalog tbody th").all_inner_texts():
        assert word in row.lower()
    # With a facet: both must hold, and the counts beside the values count both.
    group = next(g for g in pick(catalogue, "maalgruppe", 1, len(catalogue.projects))
                 if 0 < len(found & matching(catalogue, {"maalgruppe": [g]})) < len(found))
    both = found & matching(catalogue, {"maalgruppe": [group]})
    item = box(wide, "maalgruppe", group).locator("xpath=..")
    assert item.inner_text().endswith(f"({len(both)})")
    check_value(wide, "maalgruppe", group)
    wait_for_count(wide, len(both))
    assert set(shown_order(wide)) == both
    wide.reload()
    wait_for_ready(wide)
    wait_for_count(wide, len(both))
    assert wide.get_by_label("Søg i projektnavn, projektholder og kommune").input_value() == word
    # The chip removes the text and keeps the facet.
    wide.get_by_role("button", name=f"Fjern filteret søgetekst: {word}").click()
    wait_for_count(wide, len(matching(catalogue, {"maalgruppe": [group]})))


def test_text_filter_does_not_search_the_other_columns(wide, site_url, catalogue):
    """A word only in a row's other cells (a method, a target group) finds nothing: the
    row travels packed in the index and gives it no words."""
    words = {w.lower() for m in catalogue.methods.values() for w in re.findall(r"\w{6,}", m.title)}
    word = next(w for w in sorted(words) if not searchable(catalogue, w[:6]))
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    type_text(wide, word)
    wide.wait_for_function("sel => document.querySelector(sel).textContent.startsWith('Ingen projekter')", arg=STATUS)
    assert wide.locator("#katalog tbody tr").count() == 0


# ---------------------------------------------------------------- facets: help, periods, zeros

def test_facet_help_says_what_the_counts_and_choices_do(wide, site_url, catalogue):
    """Within a group the values are OR-ed, across groups AND-ed, and a count is the
    projects with that value which fit the choices in the other groups: the help says so,
    and the page does so (e.g. a group's other value keeps its own count when one is chosen)."""
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    help_ = wide.locator("#mk-facets-help").inner_text()
    assert "I samme gruppe får du projekter, der har mindst én af de valgte værdier" in help_
    assert "Vælger du i flere grupper, skal et projekt passe i dem alle" in help_
    assert "Tallet ved en værdi er, hvor mange projekter der har værdien og passer til dine valg i de andre grupper" \
        in help_
    first, second = pick(catalogue, "maalgruppe", 5, len(catalogue.projects))[:2]
    check_value(wide, "maalgruppe", first)
    wait_for_count(wide, len(matching(catalogue, {"maalgruppe": [first]})))
    own = len(matching(catalogue, {"maalgruppe": [second]}))
    assert box(wide, "maalgruppe", second).locator("xpath=..").inner_text().endswith(f"({own})")
    check_value(wide, "maalgruppe", second)
    wait_for_count(wide, len(matching(catalogue, {"maalgruppe": [first, second]})))



def test_a_chosen_target_group_links_to_its_guide(wide, site_url, catalogue):
    """Choosing a target group offers the guide to it (what we know for the group)."""
    cfg = catalogue.config
    wide.goto(site_url + "katalog/?maalgruppe=" + urllib.parse.quote(cfg.label("target_groups", "psykisk_saarbare")))
    wait_for_ready(wide)
    guides = wide.locator(".mk-facets__guides")
    assert guides.inner_text() == "Læs om målgruppen: " + cfg.label("target_groups", "psykisk_saarbare")
    guides.get_by_role("link").click()
    wide.wait_for_url("**/maalgrupper/psykisk-saarbare/")
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    assert wide.locator(".mk-facets__guides").is_hidden()

def statistics_rows(site: Path, figure: str) -> dict[str, int]:
    page = (site / "statistik" / "index.html").read_text("utf-8")
    table = page.split(f'id="{figure}-tabel"')[1].split("</table>")[0]
    return {label: int(n.replace(".", "")) for label, n in re.findall(
        r'<th scope="row">([^<]*)</th><td class="mk-num">([\d.]+)</td>', table)}


def facet_counts(page, facet: str) -> dict[str, int]:
    items = page.locator(f"fieldset[data-facet='{facet}'] li").all_inner_texts()
    return {m.group(1): int(m.group(2).replace(".", "")) for m in (re.match(r"(.*) \(([\d.]+)\)$", i.strip())
                                                                   for i in items)}


def test_period_facet_counts_equal_the_statistics(wide, site_url, built_site, catalogue):
    stats = statistics_rows(built_site, "fig-periode")
    buckets = [b["label"] for b in tables.settings(catalogue.config, "statistics")["period_buckets"]]
    assert list(stats) == [*buckets, catalogue.config.site["labels"]["not_stated"]]
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    assert facet_counts(wide, "periode") == stats
    # and each count is what choosing the value gives
    for label, n in stats.items():
        assert len(matching(catalogue, {"periode": [label]})) == n
    assert sum(stats.values()) >= len(catalogue.projects)  # a project counts in every decade it overlaps


def test_a_category_with_no_projects_shows_0_everywhere(wide, site_url, built_site, catalogue):
    cfg = catalogue.config
    used = {c for p in catalogue.projects.values() for c in p.target_group.categories}
    empty = [c for c in cfg.vocabularies["target_groups"] if c not in used]
    if not empty:
        pytest.skip("every target group has a project")
    label = cfg.label("target_groups", empty[0])
    assert statistics_rows(built_site, "fig-maalgrupper")[label] == 0
    evidence = (built_site / "evidenskort" / "index.html").read_text("utf-8")
    assert f'<th scope="col">{label}</th>' in evidence
    method = next(iter(catalogue.methods))
    rollup = (built_site / "metoder" / method / "index.html").read_text("utf-8")
    row = rollup.split(f'id="maalgruppe-{empty[0].replace("_", "-")}"')[1].split("</tr>")[0]
    assert f">{label}</th>" in row and re.search(r'<td[^>]*class="mk-num"[^>]*>0</td>', row)
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    assert facet_counts(wide, "maalgruppe")[label] == 0


def test_a_value_the_choice_leaves_with_no_projects_stays_listed_with_0(wide, site_url, catalogue):
    """Needs no empty target group, so it runs when the test above is skipped."""
    cfg = catalogue.config
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    level = pick(catalogue, "niveau", 1, len(catalogue.projects))[-1]
    check_value(wide, "niveau", level)
    wait_for_count(wide, len(matching(catalogue, {"niveau": [level]})))
    counts = facet_counts(wide, "maalgruppe")
    assert set(counts) >= {cfg.label("target_groups", c) for c in cfg.vocabularies["target_groups"]}
    for name, n in counts.items():
        group = next(c for c in cfg.vocabularies["target_groups"] if cfg.label("target_groups", c) == name)
        assert n == sum(group in p.target_group.categories for p in catalogue.projects.values()
                        if p.slug in matching(catalogue, {"niveau": [level]}))


# ---------------------------------------------------------------- downloads

def filtered_state(catalogue: Catalogue) -> tuple[str, list[str]]:
    """A URL with a facet, a text (where the two have projects in common) and a sort, and
    the projects it shows, in order."""
    word = municipality_word(catalogue)
    found = searchable(catalogue, word)
    groups = sorted({v for p in catalogue.projects.values() for v in values(catalogue, p, "maalgruppe")})
    group = max(groups, key=lambda g: len(found & matching(catalogue, {"maalgruppe": [g]})))
    query = {"maalgruppe": group, "tekst": word}
    subset = found & matching(catalogue, {"maalgruppe": [group]})
    if len(subset) < 2:
        group = pick(catalogue, "maalgruppe", 2, len(catalogue.projects) - 1)[0]
        query, subset = {"maalgruppe": group}, matching(catalogue, {"maalgruppe": [group]})
    query |= {"sorter": "niveau", "retning": "faldende"}
    return "katalog/?" + urllib.parse.urlencode(query), expected_order(catalogue, "niveau", "descending", subset)


def labels(catalogue: Catalogue) -> list[str]:
    return [c["label"] for c in tables.settings(catalogue.config, "data_dictionary")["tables"]["projects"]["columns"]]


def test_download_what_you_see_as_xlsx(wide, site_url, catalogue):
    url, expected = filtered_state(catalogue)
    assert 1 < len(expected) < len(catalogue.projects)
    wide.goto(site_url + url)
    wait_for_ready(wide)
    wait_for_count(wide, len(expected))
    note = wide.locator("#mk-download-note").inner_text()
    assert note == f"({len(expected)} projekter, som filtrene giver)"
    with wide.expect_download() as info:
        wide.locator("#mk-xlsx").click()
    download = info.value
    assert download.suggested_filename == "metodekataloget-udvalg.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = book.active
    rows = list(sheet.values)
    assert list(rows[0]) == labels(catalogue)
    assert [r[0] for r in rows[1:]] == expected  # exactly the projects shown, in their order
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    p = catalogue.projects[expected[0]]
    assert first["Projekt"] == p.title
    assert first["Antal resultater"] == len(p.results)  # a number, not text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.b


def test_download_what_you_see_as_csv_for_danish_excel(wide, site_url, catalogue, built_site):
    url, expected = filtered_state(catalogue)
    wide.goto(site_url + url)
    wait_for_ready(wide)
    wait_for_count(wide, len(expected))
    with wide.expect_download() as info:
        wide.locator("#mk-csv").click()
    download = info.value
    assert download.suggested_filename == "metodekataloget-udvalg.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    text = raw.decode("utf-8-sig")
    assert text.split("\n", 1)[0].endswith("\r") and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == labels(catalogue)
    assert [r[0] for r in rows[1:]] == expected
    # the rows are those of data/projekter.csv, unchanged
    whole = (built_site / "data" / "projekter.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert set(text.split("\r\n")[1:-1]) <= set(whole)


def test_with_no_filter_the_downloads_are_every_project(wide, site_url, catalogue, built_site):
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    n = len(catalogue.projects)
    assert wide.locator("#mk-download-note").inner_text() == f"(alle {n} projekter)"
    with wide.expect_download() as info:
        wide.locator("#mk-csv").click()
    assert Path(info.value.path()).read_bytes() == (built_site / "data" / "projekter.csv").read_bytes()
    with wide.expect_download() as info:
        wide.locator("#mk-xlsx").click()
    assert info.value.suggested_filename == "metodekataloget-projekter.xlsx"
    rows = list(openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active.values)
    assert [r[0] for r in rows[1:]] == expected_order(catalogue, "projekt", "ascending")


def test_data_page_column_tables_name_both_headings_and_fit_a_phone(narrow, site_url, catalogue):
    narrow.goto(site_url + "data/")
    spec = tables.settings(catalogue.config, "data_dictionary")["tables"]
    for key, table in spec.items():
        rows = narrow.locator(f"#kolonner-{key}-tabel tbody tr")
        assert rows.count() == len(table["columns"])
        cells = rows.first.evaluate("r => [r.cells[0].textContent].concat(Array.from(r.cells).slice(1).map("
                                    "c => getComputedStyle(c, '::before').content + c.textContent))")
        assert cells[:2] == [table["columns"][0]["name"],
                             f'"Overskrift i {table["excel_file"]}: "{table["columns"][0]["label"]}']
    sizes = narrow.evaluate("""() => ({page: document.documentElement.scrollWidth,
        wraps: Array.from(document.querySelectorAll('.mk-dictionary'), t => {
            const w = t.closest('.mk-table-wrap'); return w.scrollWidth - w.clientWidth; })})""")
    assert sizes["page"] <= 375 and max(sizes["wraps"]) <= 0, sizes


def test_the_xlsx_writes_a_formula_like_text_as_text(wide, site_url, catalogue, built_site):
    """projekter.csv defuses a text that starts with = for Excel (a leading apostrophe); the
    .xlsx has no need to: its text cells are inline strings, never formulas."""
    source = (built_site / "data" / "projekter.csv").read_bytes().decode("utf-8")
    first = next(iter(sorted(catalogue.projects.values(), key=ordering.project_order)))
    payload = '=HYPERLINK("https://example.org";"klik")'
    quoted = '"\'' + payload.replace('"', '""') + '"'
    changed = source.replace(f"\r\n{first.slug};{first.title};", f"\r\n{first.slug};{quoted};", 1)
    assert changed != source
    wide.route("**/data/projekter.csv", lambda route: route.fulfill(
        body=changed.encode("utf-8"), content_type="text/csv; charset=utf-8"))
    wide.goto(site_url + "katalog/")
    wait_for_ready(wide)
    with wide.expect_download() as info:
        wide.locator("#mk-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    cell = sheet.cell(row=2, column=2)
    assert (sheet.cell(row=2, column=1).value, cell.value, cell.data_type) == (first.slug, payload, "s")
