"""Search and facets in the browser (issue 5), on the bundled catalogue built once per
session and served with its real CSP (conftest.site_url): Danish stemming on /soeg/, the
facets on /katalog/ against the model, the URL state, the live region, keyboard use and
the no-JavaScript fallback."""

from __future__ import annotations

import gzip
import html
import json
import re
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_pages import violations

from generator import periods, tables
from generator.model import Catalogue, Project

pytestmark = pytest.mark.usefixtures("built_site")

STATUS = ".mk-facets__status"
SEARCH_STATUS = "#mk-search-status"


# ---------------------------------------------------------------- helpers

def article_texts(site: Path) -> dict[str, str]:
    """URL path → lower-cased text of every HTML page of the site (not Pagefind's files)."""
    out = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0].startswith("pagefind"):
            continue
        text = re.sub(r"<[^>]+>", " ", path.read_text("utf-8")).lower()
        out[rel.parent.as_posix() + "/"] = text
    return out


def values(cat: Catalogue, p: Project, facet: str) -> set[str]:
    """The facet values of a project, computed from the model the way the template does."""
    cfg = cat.config
    na = cfg.site["labels"]["not_stated"]
    if facet == "maalgruppe":
        return {cfg.label("target_groups", c) for c in p.target_group.categories}
    if facet == "niveau":
        return {cfg.label("levels", p.documentation.level)}
    if facet == "metode":
        return {cat.methods[m].title for m in p.methods}
    if facet == "region":
        return set(p.regions) or {na}
    if facet == "periode":  # the spans of /statistik/: every one the period overlaps
        buckets = tables.settings(cfg, "statistics")["period_buckets"]
        return set(periods.spans(p.period_start, p.period_end, buckets)) or {na}
    raise KeyError(facet)


def matching(cat: Catalogue, chosen: dict[str, list[str]]) -> set[str]:
    """Slugs of the projects that match: any value within a facet, every facet."""
    return {p.slug for p in cat.projects.values()
            if all(values(cat, p, f) & set(vs) for f, vs in chosen.items())}


def wait_for_facets(page) -> None:
    page.wait_for_selector("fieldset[data-facet] input")


def wait_for_count(page, n: int) -> None:
    """Wait until the live region announces n matching projects; fail with what it says."""
    try:
        page.wait_for_function(
            "([sel, n]) => { const t = document.querySelector(sel).textContent; return n === 0 ?"
            " t.startsWith('Ingen projekter') : t.startsWith(n.toLocaleString('da-DK') + ' projekt'); }",
            arg=[STATUS, n], timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail(f"expected {n} matching projects; the page says: {page.inner_text(STATUS)!r}")


def shown_slugs(page) -> set[str]:
    """Load every matching row ("Vis flere") and return the slugs in the table."""
    more = page.locator(".mk-facets__more button")
    while more.is_visible():
        before = page.locator("#katalog tbody tr").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#katalog tbody tr').length > n", arg=before)
    ids = page.locator("#katalog tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert all(i.startswith("p-") for i in ids), ids
    assert len(ids) == len(set(ids)), "a project is listed twice"
    return {i[2:] for i in ids}


def box(page, facet: str, value: str):
    return page.locator(f"fieldset[data-facet='{facet}'] input[value={json.dumps(value, ensure_ascii=False)}]")


def check_value(page, facet: str, value: str) -> None:
    """Tick a facet value with the keyboard: focus the checkbox and press Space."""
    box_ = box(page, facet, value)
    box_.focus()
    page.keyboard.press("Space")
    assert box_.is_checked()


def pick(cat: Catalogue, facet: str, lo: int, hi: int, avoid: set[str] = frozenset()) -> list[str]:
    """Facet values held by between lo and hi projects, most common first."""
    counts = Counter(v for p in cat.projects.values() for v in values(cat, p, facet))
    return [v for v, n in counts.most_common() if lo <= n <= hi and v not in avoid]


# ---------------------------------------------------------------- search page

def test_danish_stemming_finds_the_same_pages_for_kommunerne_and_kommune(page, site_url, built_site):
    texts = article_texts(built_site)
    literal = sum(1 for t in texts.values() if re.search(r"\bkommunerne\b", t))
    counts = {}
    for q in ("kommune", "kommunerne"):
        page.goto(site_url + "soeg/?q=" + q)
        page.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=SEARCH_STATUS)
        status = page.inner_text(SEARCH_STATUS)
        m = re.match(r"([\d.]+) resultat", status)
        assert m, status
        counts[q] = int(m.group(1).replace(".", ""))
    assert counts["kommunerne"] == counts["kommune"], counts
    assert counts["kommunerne"] > literal, (counts, literal)


def indexed_text(site: Path, url: str) -> str:
    """The text Pagefind stored for one page (its fragment files are gzip JSON)."""
    for f in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == url:
            return data["content"]
    pytest.fail(f"{url} is not in the search index")


def index_contents(site: Path) -> dict[str, dict]:
    """URL → the fragment Pagefind stored for the page: its indexed text, filters and meta."""
    out = {}
    for f in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[data["url"]] = data
    return out


LABELS = ("Projektholder", "Finansiering", "Resultattemaer", "Samarbejdspartnere")


def test_record_labels_stay_out_of_the_index_and_values_stay_separate_words(built_site, catalogue):
    """The labels of a record's facts and its section headings are the same on every record
    ("Kommuner", "Resultater"): indexed, every project matched them. The values stay in,
    each a word of its own: never glued to a label or to the next value ("oplystIkke")."""
    plain = [p for p in catalogue.projects.values()
             if p.holder and not any(word.lower() in (p.body + p.summary + p.holder).lower() for word in LABELS)]
    p = min(plain, key=lambda p: p.slug)
    text = indexed_text(built_site, f"/projekter/{p.slug}/")
    for label in LABELS:
        assert label not in text, label
    assert re.search(re.escape(p.holder) + r" \S", text), text[:400]
    assert not re.search(r"oplyst(Ikke|\d)", text), text[:400]
    assert p.summary in text


def test_long_tables_and_code_examples_are_not_indexed(built_site, catalogue):
    """Listing tables repeat the records' titles and values ("Ikke oplyst. Ikke vurderet."),
    and the contribution guide's YAML examples hold made-up projects: neither is searched."""
    pages = index_contents(built_site)
    examples = 0
    for url, d in pages.items():  # the guides' code blocks: their longest lines are not indexed
        page = (built_site / url.strip("/") / "index.html").read_text("utf-8")
        for block in re.findall(r"<pre\b.*?</pre>", page, re.S):
            lines = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", x)).split()) for x in block.splitlines()]
            longest = max(lines, key=len)
            if len(longest) > 25:
                examples += 1
                assert longest not in d["content"], (url, longest)
    assert examples
    for m in catalogue.methods.values():  # the project tables and roll-ups, by their captions
        text = pages[f"/metoder/{m.slug}/"]["content"]
        for caption in ("Projekter i kataloget, der har brugt", "Projekter med metoden pr. målgruppe"):
            assert caption not in text, (m.slug, caption)
    project = max(catalogue.projects.values(), key=lambda p: len(p.methods))
    assert pages["/projekter/"]["content"].count(project.title) == 0


def _inflectable_title_word(cat: Catalogue, texts: dict[str, str]) -> tuple[Project, str, str]:
    """A word from a project title that is on at most 8 pages (its page, the lists of all
    projects, its methods, source and target-group guides), and a form of it (+erne,
    the definite plural) that is on none, so only stemming can connect the two. The word
    ends in a letter that Danish Snowball's step 1 never strips, so both forms share a stem."""
    for p in sorted(cat.projects.values(), key=lambda p: p.slug):
        for word in re.findall(r"[a-zæøå]{6,}", p.title.lower()):
            if word[-1] not in "bfgjklmpv":
                continue
            pages = [u for u, t in texts.items() if re.search(rf"\b{word}\b", t)]
            form = word + "erne"
            if 1 <= len(pages) <= 8 and not any(form in t for t in texts.values()):
                return p, word, form
    pytest.fail("no project title has a rare word to test stemming with")


def test_an_inflected_form_finds_the_project_with_the_base_form(page, site_url, built_site, catalogue):
    project, word, form = _inflectable_title_word(catalogue, article_texts(built_site))
    page.goto(site_url + "soeg/")
    page.fill("#mk-search-q", form)
    page.keyboard.press("Enter")
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=SEARCH_STATUS)
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query) == {"q": [form]}
    links = page.locator("#mk-search-results h2 a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert f"/projekter/{project.slug}/" in links, (word, form, links)
    titles = page.locator("#mk-search-results h2").all_inner_texts()
    assert project.title in titles


def test_search_form_in_the_header_leads_to_results(page, site_url):
    page.goto(site_url + "metoder/")
    form = page.locator("header form[role='search']")
    field = form.get_by_label("Søg i kataloget")
    field.fill("kommunerne")
    form.get_by_role("button", name="Søg").click()
    page.wait_for_url(re.compile(r"/soeg/\?q=kommunerne$"))
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=SEARCH_STATUS)
    assert page.locator("#mk-search-results li").count() > 0


def test_search_status_is_a_live_region_and_results_are_headed_links(page, site_url):
    page.goto(site_url + "soeg/?q=virksomhedspraktik")
    status = page.locator(SEARCH_STATUS)
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=SEARCH_STATUS)
    assert re.match(r"[\d.]+ resultat(er)? for »virksomhedspraktik«", status.inner_text())
    first = page.locator("#mk-search-results li").first
    assert first.locator("h2 a").count() == 1
    assert page.locator("#mk-search-q").input_value() == "virksomhedspraktik"
    assert page.get_by_label("Søg efter projekter, metoder og kilder").count() == 1


def search(page, site_url: str, q: str, kind: str = "") -> str:
    """Open /soeg/ for a query (and kind); return the status line once the search is done."""
    page.goto(site_url + "soeg/?" + urllib.parse.urlencode({"q": q, **({"type": kind} if kind else {})}))
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=SEARCH_STATUS)
    return page.inner_text(SEARCH_STATUS)


def all_result_urls(page) -> list[str]:
    """Press "Vis flere" until every result is listed; their paths, in order."""
    more = page.locator("#mk-search-more")
    while more.is_visible():
        before = page.locator("#mk-search-results li").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#mk-search-results li').length > n", arg=before)
    return page.locator("#mk-search-results h2 a").evaluate_all("as => as.map(a => new URL(a.href).pathname)")


def pages_with_word(pages: dict[str, dict], word: str) -> set[str]:
    return {url for url, d in pages.items() if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", d["content"], re.I)}


def pages_with_prefix(pages: dict[str, dict], word: str) -> set[str]:
    return {url for url, d in pages.items() if re.search(rf"(?<![\w]){re.escape(word)}", d["content"], re.I)}


def test_an_acronym_that_no_page_has_finds_nothing_and_says_so(page, site_url, built_site):
    """"IPS" once matched 183 pages: Pagefind fell back on "i", a word that begins it."""
    pages = index_contents(built_site)
    expected = pages_with_word(pages, "IPS")
    search(page, site_url, "i")  # the fallback needs the short word's index chunk loaded
    page.fill("#mk-search-q", "IPS")
    page.keyboard.press("Enter")
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('»IPS«')", arg=SEARCH_STATUS)
    urls = all_result_urls(page)
    assert set(urls) == expected, sorted(set(urls) ^ expected)[:10]
    if not expected:
        assert page.inner_text(SEARCH_STATUS).startswith("Ingen resultater for »IPS«")
        hint = page.locator("#mk-search-none")
        assert hint.is_visible()
        assert hint.get_by_role("link", name="kataloget").get_attribute("href").endswith("katalog/")
    for q in ("skizofreni", "IPS job"):  # a long word and a query with one missing word
        expected = set.intersection(*(pages_with_prefix(pages, w) for w in q.split()))
        search(page, site_url, q)
        assert set(all_result_urls(page)) == expected, q


def test_an_acronym_finds_itself_not_the_longer_words_it_begins(page, site_url, built_site):
    pages = index_contents(built_site)
    words = Counter(w for d in pages.values() for w in set(re.findall(r"\b[A-ZÆØÅ]{2,4}\b", d["content"])))
    acronym = next((w for w, n in words.most_common()
                    if n >= 2 and len(pages_with_prefix(pages, w)) > len(pages_with_word(pages, w))), None)
    assert acronym, "the catalogue needs an acronym that also begins other words"
    expected = pages_with_word(pages, acronym)
    status = search(page, site_url, acronym)
    urls = all_result_urls(page)
    assert set(urls) == expected, (acronym, sorted(set(urls) ^ expected)[:10])
    assert status.startswith(f"{len(expected)} resultat"), status
    marks = page.locator("#mk-search-results mark").all_inner_texts()
    assert marks and all(re.search(rf"(?<![^\W\d_]){acronym}(?![^\W\d_])", m, re.I) for m in marks), marks[:10]


def test_results_show_kind_target_groups_and_level_and_load_beyond_ten(page, site_url, catalogue):
    method = max(catalogue.methods.values(), key=lambda m: len(catalogue.projects_by_method[m.slug]))
    q = method.title.split()[0].lower()
    status = search(page, site_url, q)
    total = int(re.match(r"([\d.]+) resultat", status).group(1).replace(".", ""))
    assert total > 10, status
    assert page.locator("#mk-search-results li").count() == 10
    urls = all_result_urls(page)
    assert len(urls) == total == len(set(urls))
    for item in page.locator("#mk-search-results li").all()[:20]:
        href = item.locator("h2 a").get_attribute("href")
        meta = item.locator(".mk-search__meta").inner_text()
        if "/projekter/" in href:
            slug = href.rstrip("/").split("/")[-1]
            p = catalogue.projects[slug]
            assert meta.startswith("Projekt ·"), meta
            for c in p.target_group.categories:
                assert catalogue.config.label("target_groups", c) in meta
            assert item.locator(".mk-level").inner_text() == catalogue.config.label("levels", p.documentation.level)
        elif "/metoder/" in href:
            m = catalogue.methods[href.rstrip("/").split("/")[-1]]
            assert meta.startswith("Metode ·") and catalogue.config.label("method_categories", m.category) in meta
        elif "/kilder/" in href:
            assert meta.startswith("Kilde ·"), meta
        else:
            assert meta == "Side", (href, meta)


def test_results_can_be_narrowed_to_one_kind(page, site_url):
    search(page, site_url, "mentor")
    kinds = page.locator("#mk-search-kinds")
    counts = {m[1]: int(m[2].replace(".", "")) for label in kinds.locator("label:visible").all_inner_texts()
              if (m := re.match(r"\s*(.+?)\s*\(([\d.]+)\)", label))}
    assert counts["Alle"] == sum(n for k, n in counts.items() if k != "Alle"), counts
    kinds.locator("input[value=metode]").check()
    page.wait_for_url(re.compile(r"type=metode"))
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('Metoder:')", arg=SEARCH_STATUS)
    urls = all_result_urls(page)
    assert len(urls) == counts["Metoder"] and all(u.startswith("/metoder/") for u in urls), urls
    page.reload()  # the kind is in the URL
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('Metoder:')", arg=SEARCH_STATUS)
    assert kinds.locator("input[value=metode]").is_checked()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('type=')")
    page.wait_for_function("sel => !document.querySelector(sel).textContent.includes('Metoder:')", arg=SEARCH_STATUS)
    assert kinds.locator("input[value='']").is_checked()


RANKED = """async queries => {
    const pf = await window.Metodekataloget.pagefind();
    const out = {};
    for (const q of queries) {
      const search = await pf.search(q);
      out[q] = (await Promise.all(search.results.slice(0, 30).map(r => r.data())))
        .map(d => [d.url, d.filters.type[0]]);
    }
    return out;
}"""


def test_records_rank_above_section_and_guide_pages_for_their_title_words(page, site_url, catalogue):
    """Search a word that stands in the titles of a few records: every one of those records
    ranks above the first section, guide or table page ("metode" once put the front page
    first). Search a record's whole title: it comes in the first three, below no such page."""
    records = {f"/projekter/{p.slug}/": p.title for p in catalogue.projects.values()}
    records |= {f"/metoder/{m.slug}/": m.title for m in catalogue.methods.values()}
    records |= {f"/kilder/{s.slug}/": s.title for s in catalogue.sources.values()}
    titled = {}
    for url, title in records.items():
        for word in set(re.findall(r"[a-zæøå]{5,}", title.lower())):
            titled.setdefault(word, set()).add(url)
    words = {w: urls for w, urls in titled.items() if len(urls) <= 5}
    page.goto(site_url + "soeg/")
    ranked = page.evaluate(RANKED, sorted(words) + sorted(set(records.values())))
    wrong = []
    for word, urls in words.items():
        top = ranked[word]
        first_page = next((i for i, (_, kind) in enumerate(top) if kind == "Side"), len(top))
        below = [u for u in urls if u not in [x for x, _ in top[:first_page]]]
        if below:
            wrong.append((word, below, top[first_page][0] if first_page < len(top) else None))
    for url, title in records.items():
        top = [u for u, _ in ranked[title]]
        own = top.index(url) if url in top else 99
        if own > 2 or any(kind == "Side" for _, kind in ranked[title][:own]):
            wrong.append((title, url, top[:4]))
    assert not wrong, wrong[:5]


# ---------------------------------------------------------------- catalogue facets

def test_facets_narrow_to_exactly_the_projects_the_model_says(page, site_url, catalogue):
    groups = pick(catalogue, "maalgruppe", 2, len(catalogue.projects))[:2]
    assert len(groups) == 2, "the catalogue needs two target groups with projects"
    either = matching(catalogue, {"maalgruppe": groups})
    level = next(v for v in pick(catalogue, "niveau", 1, len(catalogue.projects))
                 if 0 < len(matching(catalogue, {"maalgruppe": groups, "niveau": [v]})) < len(either))
    chosen = {"maalgruppe": groups, "niveau": [level]}
    expected = matching(catalogue, chosen)

    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    check_value(page, "maalgruppe", groups[0])
    wait_for_count(page, len(matching(catalogue, {"maalgruppe": groups[:1]})))
    check_value(page, "maalgruppe", groups[1])          # OR within a facet: more projects
    wait_for_count(page, len(either))
    assert shown_slugs(page) == either
    check_value(page, "niveau", level)                   # AND across facets: fewer
    wait_for_count(page, len(expected))
    assert shown_slugs(page) == expected

    # The count beside a value is what choosing it would give; a value with none stays, with 0.
    for value in {v for p in catalogue.projects.values() for v in values(catalogue, p, "region")}:
        n = len(matching(catalogue, {**chosen, "region": [value]}))
        item = box(page, "region", value).locator("xpath=..")
        assert item.is_visible() and item.inner_text().endswith(f"({n})"), (value, item.inner_text())
    # Within the chosen facet, the counts ignore the facet's own choices.
    for group in groups:
        n = len(matching(catalogue, {"maalgruppe": [group], "niveau": [level]}))
        item = box(page, "maalgruppe", group).locator("xpath=..")
        assert item.inner_text().endswith(f"({n})")


def test_rows_built_from_the_index_match_the_server_rendered_rows(page, site_url, catalogue):
    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    server = {r[0]: r[1] for r in page.locator("#katalog tbody tr").evaluate_all(
        "rows => rows.map(r => [r.id, Array.from(r.cells, c => c.textContent.trim())])")}
    decade = pick(catalogue, "periode", 1, 50)[0]
    check_value(page, "periode", decade)
    expected = matching(catalogue, {"periode": [decade]})
    wait_for_count(page, len(expected))
    shown_slugs(page)
    rows = page.locator("#katalog tbody tr").evaluate_all(
        "rows => rows.map(r => [r.id, Array.from(r.cells, c => c.textContent.trim()),"
        " Array.from(r.querySelectorAll('a'), a => new URL(a.href).pathname)])")
    assert {r[0][2:] for r in rows} == expected
    for row_id, cells, links in rows:
        if row_id in server:  # the first page of the server table holds every row up to its size
            assert cells == server[row_id]
        assert links[0] == f"/projekter/{row_id[2:]}/"
        assert all(link.startswith("/metoder/") for link in links[1:])
    titles = [c[0] for _, c, _ in rows]
    assert titles == sorted(titles, key=str.lower), "rows are in title order"


def test_url_state_round_trips_through_reload_back_and_clear_all(page, site_url, catalogue):
    methods = pick(catalogue, "metode", 2, len(catalogue.projects))
    regions = [r for r in pick(catalogue, "region", 1, len(catalogue.projects))
               if 0 < len(matching(catalogue, {"metode": methods[:1], "region": [r]}))]
    method, region = methods[0], regions[0]
    one = matching(catalogue, {"metode": [method]})
    two = matching(catalogue, {"metode": [method], "region": [region]})

    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    all_rows = page.locator("#katalog tbody tr").count()
    check_value(page, "metode", method)
    wait_for_count(page, len(one))
    check_value(page, "region", region)
    wait_for_count(page, len(two))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query == {"metode": [method], "region": [region]}

    page.reload()
    wait_for_facets(page)
    wait_for_count(page, len(two))
    assert shown_slugs(page) == two
    assert box(page, "metode", method).is_checked()
    assert box(page, "region", region).is_checked()
    chips = page.locator(".mk-facets__chips li").all_inner_texts()
    assert any(f"Metode: {method}" in c for c in chips) and any(f"Region: {region}" in c for c in chips)

    page.go_back()                                   # one step back: only the method
    wait_for_count(page, len(one))
    assert not box(page, "region", region).is_checked()
    assert shown_slugs(page) == one
    page.go_forward()
    wait_for_count(page, len(two))

    page.get_by_role("button", name="Ryd alle").click()
    page.wait_for_function("sel => document.querySelector(sel).textContent.startsWith('Ingen filtre')", arg=STATUS)
    assert urllib.parse.urlparse(page.url).query == ""
    assert page.locator("#katalog tbody tr").count() == all_rows
    assert page.evaluate("document.activeElement.id") == "mk-facets-heading"


def test_result_count_is_announced_in_a_live_region(page, site_url, catalogue):
    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    status = page.locator(STATUS)
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    total = len(catalogue.projects)
    assert str(total) in status.inner_text().replace(".", "")
    level = pick(catalogue, "niveau", 1, total)[0]
    check_value(page, "niveau", level)
    n = len(matching(catalogue, {"niveau": [level]}))
    wait_for_count(page, n)
    assert status.inner_text().startswith(f"{n} projekt")


def test_facets_are_native_checkboxes_in_fieldsets_with_legends(page, site_url):
    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    legends = page.locator("#mk-facets fieldset > legend").all_inner_texts()
    assert legends == ["Målgruppe", "Metode", "Dokumentationsniveau", "Resultattema", "Periode", "Region",
                       "Kommune", "Kilderapport"]
    for box in page.locator("#mk-facets fieldset input").all()[:20]:
        assert box.get_attribute("type") == "checkbox"
        assert page.locator(f"label[for='{box.get_attribute('id')}']").count() == 1
    # From the heading, Tab reaches the text filter and then the first checkbox.
    page.focus("#mk-facets-heading")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "mk-katalog-tekst"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"


def test_without_javascript_the_full_table_and_the_search_form_remain(browser, site_url, catalogue):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    tab = context.new_page()
    try:
        tab.goto(site_url + "katalog/")
        size = catalogue.config.site.get("catalogue_page_size") or len(catalogue.projects)
        assert tab.locator("#katalog tbody tr").count() == min(size, len(catalogue.projects))
        assert tab.locator("#mk-facets fieldset").count() == 0
        assert tab.locator(".mk-facets__nojs").is_visible()
        form = tab.locator("header form[role='search']")
        assert form.get_attribute("method") == "get" and form.get_attribute("action").endswith("soeg/")
        tab.goto(site_url + "soeg/?q=kommune")
        assert tab.locator(".mk-search__nojs").is_visible()
    finally:
        context.close()


def test_a_facet_change_dispatches_the_catalogue_event(page, site_url, catalogue):
    """The contract other scripts (the CSV download) rely on; see assets/search.js."""
    page.goto(site_url + "katalog/")
    wait_for_facets(page)
    page.evaluate("window.__mk = []; document.getElementById('katalog').addEventListener('mk:katalog', e =>"
                  " window.__mk.push({total: e.detail.total, shown: e.detail.shown, complete: e.detail.complete}))")
    level = pick(catalogue, "niveau", 1, len(catalogue.projects))[0]
    check_value(page, "niveau", level)
    n = len(matching(catalogue, {"niveau": [level]}))
    wait_for_count(page, n)
    last = page.evaluate("window.__mk[window.__mk.length - 1]")
    assert last["total"] == n
    assert last["shown"] == page.locator("#katalog tbody tr:not([hidden])").count()
    assert last["complete"] == (last["shown"] == n)


@pytest.mark.parametrize("width", [1280, 375])
def test_facets_and_results_pass_axe_once_rendered(browser, site_url, catalogue, width):
    """test_a11y checks the pages as loaded; this checks them with the facets built, a
    filter chosen and search results listed, at desktop and mobile width."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    tab = context.new_page()
    try:
        level = pick(catalogue, "niveau", 1, len(catalogue.projects))[0]
        tab.goto(site_url + "katalog/?niveau=" + urllib.parse.quote(level))
        wait_for_count(tab, len(matching(catalogue, {"niveau": [level]})))
        if width < 720:
            tab.locator(".mk-facets__summary").click()  # folded on a narrow screen
        found = []
        for url, ready in ((None, None), (site_url + "soeg/?q=kommunerne", SEARCH_STATUS)):
            if url:
                tab.goto(url)
                tab.wait_for_function("sel => document.querySelector(sel).textContent.includes('for »')", arg=ready)
            found += violations(tab, where=tab.url)
        assert not found, "\n".join(found)
    finally:
        context.close()
