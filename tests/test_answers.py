"""Answers for the caseworker (issue 10): target-group guides, "what we know" per method,
the meta-evaluation's statement counts, and honesty about what is not assessed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import knowledge
from generator.config import ROOT, SiteConfig
from generator.validate import check

# Report 004, afsnit 5.8, tabel 1, as printed (read from /work/shared/seeds/004_*.txt,
# lines 3975-4016): activity → (viden, formodning, idé); an empty cell is 0.
TABEL_1 = {
    "Tværfaglig indsats": (2, 6, 11),
    "Virksomhedsrettet indsats": (0, 13, 34),
    "Opkvalificering": (0, 13, 13),
    "Mentorordning": (0, 8, 10),
    "Brug af kompenserende ordninger og hjælpemidler": (0, 5, 15),
    "Informering om handicap": (0, 5, 7),
    "Motivationsarbejde": (0, 5, 6),
    "Samarbejde ml. virksomheder og jobcenter": (0, 4, 9),
    "Sundhedsfaglig indsats": (0, 3, 13),
    "Forventningsafstemning": (0, 3, 7),
    "Helhedsorienteret indsats": (0, 3, 6),
    "Afklarende indsats/forløb": (0, 2, 7),
    "Virksomhedstiltag": (0, 2, 7),
    "Gruppebaserede aktiviteter": (0, 1, 9),
    "Individuelt tilrettelagt indsats": (0, 1, 3),
    "Tidlig indsats": (0, 1, 2),
    "Coaching": (0, 1, 2),
    "Ansvarliggørelse af borgeren": (0, 0, 3),
    "Længerevarende forløb": (0, 0, 2),
}
TABEL_1_TOTAL = (2, 76, 166)
# Tabel 2 (lines 4173-4211); the report prints no totals.
TABEL_2 = {
    "Tværfaglig indsats": (3, 8, 2), "Tidlig indsats": (0, 3, 7), "Individuelt tilrettelagt indsats": (0, 3, 6),
    "Gruppebaserede aktiviteter": (0, 3, 0), "Sundhedsfaglig indsats": (0, 2, 8),
    "Brug af kompenserende ordninger og hjælpemidler": (0, 2, 1), "Afklarende indsats/forløb": (0, 2, 1),
    "Virksomhedsrettet indsats": (0, 1, 11), "Samarbejde ml. virksomheder og jobcenter": (0, 1, 11),
    "Motivationsarbejde": (0, 1, 2), "Forventningsafstemning": (0, 1, 1), "Mentorordning": (0, 1, 0),
    "Ansvarliggørelse af borgeren": (0, 0, 10), "Længerevarende forløb": (0, 0, 3), "Jobsøgningstilbud": (0, 0, 3),
    "Coaching": (0, 0, 2), "Virksomhedstiltag": (0, 0, 1), "Opkvalificering": (0, 0, 1),
}


class Tables(HTMLParser):
    """Every table of a page: id → rows of cell texts (thead, tbody and tfoot)."""

    def __init__(self):
        super().__init__()
        self.tables, self._id, self._row, self._cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._id = dict(attrs).get("id")
            self.tables[self._id] = []
        elif tag == "tr" and self._id is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._id].append(self._row)
            self._row = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(path: Path) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(path.read_text("utf-8"))
    return parser.tables


def counts(row: list[str]) -> tuple[int, ...]:
    return tuple(int(c) if c else 0 for c in row[1:4])


def test_the_report_tables_add_up_as_printed():
    for i, total in enumerate(TABEL_1_TOTAL):
        assert sum(v[i] for v in TABEL_1.values()) == total


def test_tabel_1_on_the_methods_page_equals_the_report(built_site):
    rows = tables(built_site / "metoder" / "index.html")["tabel-1"]
    body = {r[0]: counts(r) for r in rows[1:-1]}
    assert list(body) == list(TABEL_1) and body == TABEL_1
    assert rows[-1][0] == "I alt" and counts(rows[-1]) == TABEL_1_TOTAL


def test_tabel_2_on_the_methods_page_equals_the_report(built_site):
    rows = tables(built_site / "metoder" / "index.html")["tabel-2"]
    assert {r[0]: counts(r) for r in rows[1:]} == TABEL_2


def test_every_statement_belongs_to_the_method_its_activity_maps_to(catalogue):
    spec = catalogue.config.statements
    assert set(spec["activities"]) == set(TABEL_1) | set(TABEL_2)
    for m in catalogue.methods.values():
        for s in m.statements:
            assert spec["activities"][s.activity] == m.slug, (m.slug, s)
            assert s.table in spec["tables"] and s.theme == spec["tables"][s.table].get("theme")


def test_the_methods_table_is_in_the_stated_order(built_site, catalogue):
    known = knowledge.knowledge(catalogue)
    rows = tables(built_site / "metoder" / "index.html")["metoder-viden"][2:]
    titles = [r[0] for r in rows]
    assert len(titles) == len(catalogue.methods)
    order = [catalogue.methods[s].title for s in knowledge.method_order(known)]
    assert [t[:len(o)] for t, o in zip(titles, order, strict=True)] == order
    keys = [known[s].key for s in knowledge.method_order(known)]
    assert keys == sorted(keys, reverse=True)
    assert titles[0].startswith("Tværfaglig indsats")  # the only method with statements at viden level


@pytest.mark.parametrize("field, value, message", [
    ("activity", "Mentorordning", "hører til metoden 'mentorordning'"),
    ("activity", "Noget helt andet", "hører ikke til nogen metode"),
    ("table", "tabel-9", "står ikke i site_config/statements.yml"),
])
def test_check_rejects_a_statement_in_the_wrong_place(scratch, field, value, message):
    path = scratch / "content" / "methods" / "virksomhedspraktik.md"
    text = path.read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    data["statements"] = [{"source": "ramboell-metaevaluering-handicap", "table": "tabel-1",
                           "activity": "Virksomhedsrettet indsats", "level": "idé", "count": 34,
                           "location": "afsnit 5.8, tabel 1", field: value}]
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body, "utf-8")
    (scratch / "content" / "sources" / "ramboell-metaevaluering-handicap.md").write_text(
        (ROOT / "content" / "sources" / "ramboell-metaevaluering-handicap.md").read_text("utf-8"), "utf-8")
    _, problems = check(SiteConfig.load(scratch))
    mine = [p for p in problems if p.path.endswith("virksomhedspraktik.md")]
    assert mine and any(message in p.message and p.field.startswith("statements[0]") for p in mine), problems


def test_every_target_group_with_projects_has_a_guide(built_site, catalogue):
    cfg = catalogue.config
    with_projects = {c for p in catalogue.projects.values() for c in p.target_group.categories}
    assert set(cfg.target_groups) == set(cfg.vocabularies["target_groups"])
    index = (built_site / "maalgrupper" / "index.html").read_text("utf-8")
    home = (built_site / "index.html").read_text("utf-8")
    for code in cfg.vocabularies["target_groups"]:
        page = built_site / "maalgrupper" / knowledge.guide_slug(code) / "index.html"
        assert page.is_file() == (code in with_projects), code
        if code in with_projects:
            link = f'href="{knowledge.guide_slug(code)}/"'
            assert link in index and f'href="maalgrupper/{knowledge.guide_slug(code)}/"' in home
            html = page.read_text("utf-8")
            n = sum(code in p.target_group.categories for p in catalogue.projects.values())
            assert f"{n} projekter</strong> i kataloget" in html or f"{n} projekt</strong> i kataloget" in html


def test_target_group_texts_cite_real_sources(catalogue):
    for code, entry in catalogue.config.target_groups.items():
        assert entry["description"].strip(), code
        for f in entry.get("findings") or []:
            assert f["source"] in catalogue.sources and f["location"] and f["lines"], (code, f)


def test_the_front_page_leads_with_the_target_groups(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    h2 = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert h2[0] == "Find indsatser til en målgruppe"
    assert html.index('id="forside-maalgrupper"') < html.index('class="mk-cards"')


def test_a_guide_orders_its_methods_by_documented_knowledge(built_site, catalogue):
    known = knowledge.knowledge(catalogue)
    guide = knowledge.guides(catalogue, known)["psykisk_saarbare"]
    rows = tables(built_site / "maalgrupper" / "psykisk-saarbare" / "index.html")["maalgruppe-metoder"][2:]
    assert [r[0].split("Talt under")[0].strip() for r in rows] == [g.knowledge.method.title for g in guide.methods]
    keys = [(*g.knowledge.key[:-1], len(g.projects)) for g in guide.methods]
    assert keys == sorted(keys, reverse=True)
    for r, g in zip(rows, guide.methods, strict=True):
        assert (int(r[4]), int(r[5])) == (len(g.projects), sum(p.headline is not None for p in g.projects))


def test_every_method_page_opens_with_what_we_know(built_site, catalogue):
    for slug in catalogue.methods:
        html = (built_site / "metoder" / slug / "index.html").read_text("utf-8")
        h2 = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
        assert h2[0] == "Hvad ved vi?", slug
        summary = html.split('id="hvad-ved-vi"')[1].split("<h2")[0]
        summary = re.sub(r"<[^>]+>", "", summary)  # its text: a term in it may link to the glossary
        assert "Udsagn om gavnlige resultater" in summary and "Projekter i kataloget" in summary
        assert "Stærkeste fund" in summary and "vurderet dokumentationsniveau" in summary


def test_a_project_page_shows_value_denominator_and_rate(built_site, catalogue):
    from generator import outcomes
    words = catalogue.config.outcomes
    full = [p for p in catalogue.projects.values() if p.headline and p.headline.count is not None
            and p.headline.denominator and p.headline.rate is not None]
    assert full
    for p in full:
        html = (built_site / "projekter" / p.slug / "index.html").read_text("utf-8")
        dd = html.split("<dt>Hovedresultat</dt>")[1].split("</dd>")[0]
        figure = outcomes.figure(p.headline, words)
        assert re.fullmatch(r"[\d.]+ af [\d.]+ \([\d,]+ %(, beregnet)?\)", figure), figure
        assert figure in dd and (("beregnet" in figure) == p.headline.rate_computed)
        if p.headline.benchmark:
            assert "Til sammenligning: " + outcomes.benchmark(p.headline.benchmark) in dd
    none = next(p for p in catalogue.projects.values() if p.headline is None)
    html = (built_site / "projekter" / none.slug / "index.html").read_text("utf-8")
    assert "Intet effektmål oplyst" in html.split("<dt>Hovedresultat</dt>")[1].split("</dd>")[0]


NO_LEVEL_FOR_ALL = re.compile(
    r"\b(hvert|ethvert|alle)\s+(?:af\s+\w+\s+)?projekt(?:er)?\s+(?:i kataloget\s+)?(?:har|får)\s+(?:et|en|sit)?\s*"
    r"(?:dokumentations)?niveau", re.I)


def test_no_page_says_that_every_project_has_a_level(built_site):
    said = []
    for page in built_site.rglob("*.html"):
        text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text("utf-8")).split())
        said += [(page.relative_to(built_site).as_posix(), m.group(0)) for m in NO_LEVEL_FOR_ALL.finditer(text)]
    assert not said
    assert NO_LEVEL_FOR_ALL.search("Hvert projekt har et dokumentationsniveau: idé, formodning eller viden.")


@pytest.mark.parametrize("page", ["index.html", "dokumentationsniveauer/index.html",
                                  "maalgrupper/psykisk-saarbare/index.html"])
def test_assessment_is_said_plainly_with_the_reports_own_totals(built_site, catalogue, page):
    html = (built_site / page).read_text("utf-8")
    rows = {r[0]: r[1:] for r in tables(built_site / page)["vurderinger"][1:]}
    assert (rows["Viden"][0], rows["Formodning"][0], rows["Idé"][0]) == ("2", "32", "75")
    assessed = sum(p.documentation.level != "ikke_vurderet" for p in catalogue.projects.values())
    assert f"Kun {assessed} af katalogets {len(catalogue.projects)} projekter har et vurderet" in html


def test_read_more_links_only_confirmed_addresses(built_site, catalogue):
    eb = catalogue.config.evidence_bases
    confirmed = {b["url"] for b in eb["bases"].values() if b["url"]}
    assert confirmed == {"https://www.jobeffekter.dk/om-jobeffekterdk/maalgrupper-indsatser.aspx"}
    for slug, cats in eb["methods"].items():
        assert slug in catalogue.methods
        html = (built_site / "metoder" / slug / "index.html").read_text("utf-8")
        part = html.split("Læs mere i de nationale vidensbaser</h2>")[1].split("<h2")[0]
        for c in cats:
            assert f"»{c['category']}«" in part
        assert set(re.findall(r'href="(https?://[^"]+)"', part)) <= confirmed


def test_guides_link_from_project_pages_and_the_evidence_map(built_site):
    html = (built_site / "projekter" / "kvinfos-mentornetvaerk" / "index.html").read_text("utf-8")
    assert 'href="../../maalgrupper/indvandrere/"' in html
    emap = (built_site / "evidenskort" / "index.html").read_text("utf-8")
    assert 'href="../maalgrupper/psykisk-saarbare/"' in emap


def test_the_catalogue_facet_data_carries_the_guide_links(built_site):
    html = (built_site / "katalog" / "index.html").read_text("utf-8")
    assert "&#34;guides&#34;" in html or '"guides"' in html
    assert "../maalgrupper/psykisk-saarbare/" in html


def test_the_fixture_catalogue_builds_guides_for_its_groups(fx):
    known = knowledge.knowledge(fx)
    assert set(knowledge.guides(fx, known)) == {c for p in fx.projects.values() for c in p.target_group.categories}
