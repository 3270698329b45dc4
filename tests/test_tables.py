"""Roll-ups, overview tables, the evidence map, the statistics and the comparison data,
checked against the model: the fixture catalogue (two projects, two methods) where the
numbers can be counted by hand, the bundled catalogue for the meta-evaluation figures."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import make_root

from generator import build, periods, tables
from generator.config import SiteConfig


@pytest.fixture(scope="module")
def files(fx):
    return build.render(fx)


@pytest.fixture(scope="module")
def frame(fx):
    return tables.project_frame(fx, tables.settings(fx.config, "statistics"))


def test_size_classes_follow_the_meta_evaluation(fx):
    classes = tables.settings(fx.config, "statistics")["size_classes"]
    got = {n: tables.size_class(n, classes, "ikke_oplyst") for n in (None, 0, 49, 50, 150, 151, 4537)}
    assert got == {None: "ikke_oplyst", 0: "lille", 49: "lille", 50: "mellemstor", 150: "mellemstor",
                   151: "stor", 4537: "stor"}


def test_a_period_counts_in_every_span_it_overlaps(fx):
    buckets = tables.settings(fx.config, "statistics")["period_buckets"]
    periods.check(buckets)

    def spans(start, end):
        return periods.spans(start, end, buckets)

    assert spans(None, None) == ()
    assert spans(2008, 2012) == ("2000–2009", "2010–2019")
    assert spans(None, 2009) == spans(2009, None) == spans(2000, 2009) == ("2000–2009",)
    assert spans(1995, 2031) == ("Før 2000", "2000–2009", "2010–2019", "2020 og senere")
    assert spans(2020, 2020) == ("2020 og senere",)


@pytest.mark.parametrize("buckets", [
    [{"label": "a", "to": 1999}, {"label": "b", "from": 2001}],                        # a gap
    [{"label": "a", "to": 1999}, {"label": "b", "from": 1995}],                        # an overlap
    [{"label": "a", "from": 1990, "to": 1999}, {"label": "b", "from": 2000}],          # no start
    [{"label": "a", "to": 1999}, {"label": "b", "from": 2000, "to": 2009}],            # no end
])
def test_period_buckets_that_leave_a_year_out_or_count_it_twice_are_refused(buckets):
    with pytest.raises(ValueError, match="period_buckets"):
        periods.check(buckets)


def test_project_frame_has_one_row_per_project(fx, frame):
    assert list(frame.index) == list(fx.projects)
    alfa, beta = frame.loc["alfa-projektet"], frame.loc["beta-projektet"]
    assert (alfa["participants"], alfa["size_class"], alfa["period_start"]) == (50, "mellemstor", 2008)
    assert beta["size_class"] == "ikke_oplyst" and pd.isna(beta["participants"])


def test_methods_by_level(fx, frame):
    g = tables.grid(frame, fx, "level", fx.config.documentation["level_order"])
    totals = {m: {c: cell.total for c, cell in row.items()} for m, row in g.cells.items()}
    assert totals["mentorordning"] == {"viden": 0, "formodning": 1, "idé": 0, "ikke_vurderet": 1}
    assert totals["virksomhedspraktik"] == {"viden": 0, "formodning": 1, "idé": 0, "ikke_vurderet": 0}
    assert g.row_totals == {m: len(ps) for m, ps in fx.projects_by_method.items()}
    assert sum(g.column_totals.values()) == len(fx.projects)
    assert g.groups == (("individuel_stoette", ("mentorordning",)), ("virksomhedsrettet", ("virksomhedspraktik",)))


def test_evidence_map_cells_and_gaps(fx, frame):
    codes = list(fx.config.vocabularies["target_groups"])
    g = tables.grid(frame, fx, "target_groups", codes)
    assert g.cells["mentorordning"]["misbrug"] == tables.Cell(1, (("formodning", 1),))
    assert g.cells["mentorordning"]["psykisk_saarbare"] == tables.Cell(1, (("ikke_vurderet", 1),))
    assert g.cells["virksomhedspraktik"]["psykisk_saarbare"].total == 0
    used = {(m, c) for p in fx.projects.values() for m in p.methods for c in p.target_group.categories}
    assert g.size == len(fx.methods) * len(codes)
    assert g.gaps == g.size - len(used)


def test_evidence_map_page_marks_gaps_and_links_to_the_projects(fx, files, frame):
    page = files["evidenskort/index.md"]
    groups = tables.grid(frame, fx, "target_groups", list(fx.config.vocabularies["target_groups"]))
    themes = tables.grid(frame, fx, "themes", list(fx.config.vocabularies["themes"]))
    assert page.count('<td class="mk-egm__gap">Ingen projekter</td>') == groups.gaps + themes.gaps
    assert f"{groups.gaps} af {groups.size} felter er videnshuller" in page
    assert 'href="../metoder/mentorordning/#maalgruppe-misbrug">1 projekt</a>' in page
    assert 'href="../metoder/virksomhedspraktik/#tema-afklaring">1 projekt</a>' in page
    method = files["metoder/mentorordning.md"]
    assert 'id="maalgruppe-misbrug"' in method and 'id="tema-afklaring"' in method


def test_method_rollup(fx, frame):
    r = tables.rollups(frame, fx)["mentorordning"]
    assert r.total == 2
    assert dict(r.levels) == {"viden": 0, "formodning": 1, "idé": 0, "ikke_vurderet": 1}
    # Every target group and theme, also those with no projects (last, in vocabulary order).
    groups = list(fx.config.vocabularies["target_groups"])
    assert [c for c, _ in r.target_groups] == ["udsatte_ledige", "psykisk_saarbare", "misbrug"] + [
        c for c in groups if c not in ("udsatte_ledige", "psykisk_saarbare", "misbrug")]
    assert {c: [p.slug for p in ps] for c, ps in r.target_groups if ps} == {
        "udsatte_ledige": ["alfa-projektet"], "misbrug": ["alfa-projektet"], "psykisk_saarbare": ["beta-projektet"]}
    assert [(t, len(ps)) for t, ps in r.themes] == [
        ("afklaring", 1)] + [(t, 0) for t in fx.config.vocabularies["themes"] if t != "afklaring"]


def test_method_page_compares_its_projects_and_rolls_them_up(files):
    page = files["metoder/mentorordning.md"]
    assert "## Overblik over projekterne" in page
    levels = page.split('id="metode-niveauer"')[1].split("</table>")[0]
    assert re.findall(r'mk-level--(\w+)">[^<]+</span></th><td class="mk-num">(\d+)', levels) == [
        ("viden", "0"), ("formodning", "1"), ("ide", "0"), ("ikke_vurderet", "1")]
    projects = page.split('id="metode-projekter"')[1].split("</table>")[0]
    assert "I ordinært job: 12 af 50 (24 %, beregnet); sammenligning: 8 %" in projects  # the headline
    assert len(re.findall(r'<tr[^>]*><th[^>]*scope="row"', projects)) == 2


def test_methods_overview(files):
    page = files["metoder/index.md"]
    for table_id in ("metoder-niveauer", "metoder-maalgrupper"):
        assert f'id="{table_id}"' in page
    rows = page.split('id="metoder-niveauer"')[1].split("</table>")[0]
    mentor = rows.split("Mentorordning</a></th>")[1].split("</tr>")[0]
    assert re.findall(r">(\d+)</td>", mentor) == ["0", "1", "0", "1", "2"]


FIGURE = re.compile(r'<figure class="mk-chart" id="([^"]+)">(.*?)</figure>\s*<div[^>]*>\s*<table[^>]*id="([^"]+)"'
                    r"(.*?)</table>", re.S)


def test_every_chart_has_a_text_alternative_and_its_table(files):
    page = files["statistik/index.md"]
    figures = FIGURE.findall(page)
    assert len(figures) == page.count('class="mk-bars"') == 6
    for fig_id, figure, table_id, table in figures:
        assert table_id == f"{fig_id}-tabel"
        labelled = re.search(r'<div class="mk-bars" role="img" aria-labelledby="([^"]+)"', figure).group(1).split()
        assert labelled == [f"{fig_id}-titel", f"{fig_id}-tekst"]
        assert f'<span hidden id="{fig_id}-titel">' in figure and f'<span hidden id="{fig_id}-tekst">' in figure
        assert "<figcaption>" in figure and "<caption>" in table and 'scope="col"' in table
        bars = list(zip(re.findall(r'class="mk-bars__label"[^>]*>([^<]*)<', figure),
                        map(int, re.findall(r'class="mk-bars__value"[^>]*>([^<]*)<', figure)), strict=True))
        rows = [(label, int(n)) for label, n in re.findall(
            r'<th scope="row">([^<]*)</th><td class="mk-num">(\d+)</td>', table)]
        assert bars == rows and bars
        lengths = [float(x) for x in re.findall(r'<rect width="([\d.]+)%"', figure)]
        largest = max(n for _, n in bars)
        assert [round(n / largest * max(lengths), 1) for _, n in bars] == lengths  # proportional


def test_statistics_count_the_model(fx, frame):
    s = tables.statistics(frame, fx, tables.settings(fx.config, "statistics"))
    assert dict(s.level.rows) == {"Viden": 0, "Formodning": 1, "Idé": 0, "Ikke vurderet": 1}
    assert dict(s.size.rows)["Mellemstore projekter (50-150 deltagere)"] == 1
    assert dict(s.size.rows)["Ikke oplyst"] == 1
    # alfa ran 2008-2010: it counts in both decades; beta states no period
    assert dict(s.period.rows) == {"Før 2000": 0, "2000–2009": 1, "2010–2019": 1, "2020 og senere": 0,
                                   "Ikke oplyst": 1}
    assert s.period.multi
    assert sum(n for _, n in s.target_groups.rows) == 3 and s.target_groups.multi
    assert s.methods.rows[0] == ("Mentorordning", 2)
    assert [b.muted for b in s.size.chart.bars] == [False, False, False, True]
    assert s.report is None  # the fixture has no meta-evaluation; the page leaves the section out


def test_report_comparison_against_the_bundled_catalogue(catalogue):
    frame = tables.project_frame(catalogue, tables.settings(catalogue.config, "statistics"))
    spec = tables.settings(catalogue.config, "report_distributions")
    r = tables.report_comparison(frame, catalogue, spec)
    source = catalogue.projects_by_source[spec["source"]]
    assert r.projects == len(source) == 109
    rows = {m.label: m for g in r.groups for m in g.rows}
    assert rows["Projekter i analysen"].value == 109
    psykisk = sum(p.target_group.disability_category == "psykisk" for p in source)
    assert (rows["Psykisk funktionsnedsættelse"].value, rows["Psykisk funktionsnedsættelse"].known) == (
        psykisk, sum(p.target_group.disability_category is not None for p in source))
    assessed = [p for p in source if p.documentation.level != "ikke_vurderet"]
    assert rows["Idé"].known == len(assessed)
    assert rows["Idé"].value == sum(p.documentation.level == "idé" for p in assessed)
    assert all(m.location and m.report for m in rows.values())


def test_compare_data_has_every_field_for_every_item(fx, files):
    data = json.loads(files["data/compare.json"])
    fields = tables.settings(fx.config, "compare")
    for kind, records in (("projects", fx.projects), ("methods", fx.methods)):
        assert [k for k, _ in data[kind]["fields"]] == list(fields[kind])
        assert set(data[kind]["items"]) == set(records)
        for item in data[kind]["items"].values():
            assert set(item["values"]) == set(fields[kind])
    alfa = data["projects"]["items"]["alfa-projektet"]
    assert alfa["url"] == "projekter/alfa-projektet/"
    assert alfa["values"]["headline"] == "I ordinært job: 12 af 50 (24 %, beregnet); sammenligning: 8 %"
    assert alfa["values"]["level"] == {"t": "Formodning", "b": "formodning"}
    assert alfa["values"]["methods"][0] == {"t": "Mentorordning", "u": "metoder/mentorordning/"}
    assert data["methods"]["items"]["mentorordning"]["values"]["projects"] == "2"


def test_compare_page_works_without_javascript(fx, files):
    page = files["sammenlign/index.md"]
    links = set(re.findall(r'<a href="\.\./(\w+/[a-z0-9-]+/)">Åbn', page))
    assert links == {f"projekter/{s}/" for s in fx.projects} | {f"metoder/{s}/" for s in fx.methods}
    assert "<noscript>" in page and 'data-src="../data/compare.json"' in page
    assert "<script" not in page  # CSP: the behaviour lives in assets/compare.js
    assert 'role="status"' in page


def test_methods_without_projects_are_all_gaps(tmp_path):
    root = make_root(tmp_path)
    for path in (root / "content" / "projects").iterdir():
        path.unlink()
    files = build.render(build.load_catalogue(SiteConfig.load(root)))
    page = files["evidenskort/index.md"]
    cfg = SiteConfig.load(root)
    cells = 2 * (len(cfg.vocabularies["target_groups"]) + len(cfg.vocabularies["themes"]))  # two methods
    assert 'class="mk-egm__cell"' not in page and page.count("Ingen projekter</td>") == cells
    assert files["data/projects.csv"].count("\r\n") == 1  # the header only
