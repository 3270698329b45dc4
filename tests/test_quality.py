"""What a reader is told about the sources and about how the content is checked: each
source page gives the report's year (or says it is not stated), where to get the report
and how the catalogue cites it; /om/kvalitet/ exists, is linked from /om/ and names the
date of the last full pass; and the records of reports 000-003 keep production language
out of their pages and give every discrepancy two places."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest

from generator import build
from generator.config import ROOT, SiteConfig

# The records of these reports were re-read in the full pass (issue 12).
REPORTS = ("ramboell-personer-paa-kanten", "kl-ind-paa-arbejdsmarkedet",
           "evaluering-jobformidler-holbaek", "lg-insight-projekt-500")
PRODUCTION = re.compile(r"\blinje(?:r|n|rne)?\s*\d|tekstudtræk|tekstudgave", re.IGNORECASE)


@pytest.fixture(scope="module")
def files(catalogue):
    return build.render(catalogue)


def dd(page: str, dt: str) -> str:
    """The text of the <dd> that follows <dt>{dt}</dt> on a generated page."""
    m = re.search(rf"<dt>{re.escape(dt)}</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert m, f"no '{dt}' on the page"
    return unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def test_every_source_page_gives_the_year_or_says_it_is_not_stated(files, catalogue):
    not_stated = catalogue.config.site["labels"]["not_stated"]
    for s in catalogue.sources.values():
        year = dd(files[f"kilder/{s.slug}.md"], "Udgivelsesår")
        if s.year:
            assert year.startswith(str(s.year)) and s.year_location in year, s.slug
        else:
            assert year.startswith(not_stated) and s.year_note in year, s.slug


def test_every_source_page_says_where_to_get_the_report_and_how_it_is_cited(files, catalogue):
    for s in catalogue.sources.values():
        page = files[f"kilder/{s.slug}.md"]
        assert s.availability and dd(page, "Sådan får du fat i rapporten").startswith(
            " ".join(s.availability["text"].split())[:60]), s.slug
        block = page.split("## Sådan henviser kataloget til rapporten", 1)[1].split("##", 1)[0]
        assert s.citation, f"{s.slug}: no citation block in the content"
        assert " ".join(s.citation["reference"].split()) in unescape(block), s.slug
        for dt in ("Rapporten", "Steder i rapporten", "Sidetal"):
            assert dd(block, dt).strip(), (s.slug, dt)


def test_only_confirmed_addresses_are_links_on_source_pages(files, catalogue):
    """An address the editors could not confirm stays text; the links a page carries are
    exactly the ones listed under availability.links (or the source's url)."""
    for s in catalogue.sources.values():
        listed = {link["url"] for link in (s.availability or {}).get("links", [])} | ({s.url} if s.url else set())
        facts = files[f"kilder/{s.slug}.md"].split("\n## ", 1)[0]
        assert set(re.findall(r'href="(https?://[^"]+)"', facts)) == listed, s.slug


def test_a_source_without_the_new_fields_still_shows_year_and_citing_block(scratch):
    files = build.render(build.load_catalogue(SiteConfig.load(scratch)))
    page = files["kilder/testrapport.md"]
    assert dd(page, "Udgivelsesår").strip()
    assert dd(page, "Sådan får du fat i rapporten").strip()
    assert "## Sådan henviser kataloget til rapporten" in page and dd(page, "Rapporten").strip()


def test_quality_page_names_the_last_full_pass_and_is_linked_from_about(files, catalogue):
    site = catalogue.config.site
    iso = site["quality"]["last_full_pass"]
    day = datetime.date.fromisoformat(iso)
    months = site["labels"]["months"]
    page = files["om/kvalitet/index.md"]
    assert f'<time datetime="{iso}">{day.day}. {months[day.month - 1]} {day.year}</time>' in page
    for heading in ("Hvad et projekt må og ikke må sige", "Kodningsregler", "Modsigelser og trykfejl"):
        assert f"## {heading}" in page
    assert site["quality"]["coding_rules"] in page
    assert 'href="kvalitet/"' in files["om/index.md"]


def test_quality_page_counts_the_discrepancies_per_report(files, catalogue):
    page = files["om/kvalitet/index.md"]
    for s in catalogue.sources.values():
        projects = catalogue.projects_by_source[s.slug]
        total = sum(len(p.discrepancies) for p in projects)
        row = re.search(rf'kilder/{s.slug}/">.*?</tr>', page).group(0)
        row = re.sub(r' (role|data-label)="[^"]*"', "", row)  # the phone layout's labels (stacking.py)
        assert row.endswith(f"<td>{len(projects)}</td><td>{sum(1 for p in projects if p.discrepancies)}"
                            f"</td><td>{total}</td></tr>"), s.slug


def passed(catalogue):
    return [p for p in catalogue.projects.values() if set(p.reports) & set(REPORTS)]


def test_the_records_of_reports_000_to_003_are_all_there(catalogue):
    assert len(passed(catalogue)) == 21


def test_every_discrepancy_gives_two_different_places(catalogue):
    for p in passed(catalogue):
        for d in p.discrepancies:
            assert len(set(d.locations)) >= 2, (p.slug, d.description[:60])


def test_no_reader_page_of_these_records_shows_production_language(files, catalogue):
    pages = [f"projekter/{p.slug}.md" for p in passed(catalogue)] + [f"kilder/{s}.md" for s in REPORTS]
    for name in pages:
        found = PRODUCTION.findall(files[name])
        assert not found, f"{name}: {found}"


def test_the_production_pattern_catches_what_it_should():
    assert PRODUCTION.search("se note (linje 485-486)") and PRODUCTION.search("Linjer 12-14")
    assert PRODUCTION.search("ikke med i tekstudtrækket") and PRODUCTION.search("i tekstudgaven")
    assert not PRODUCTION.search("resultater på linje med den ordinære indsats")


def test_the_editorial_reading_is_kept_apart_under_its_own_heading(catalogue):
    """Where a record adds the catalogue's own reading, it is a section of its own, not a
    sentence in the source's findings."""
    for p in passed(catalogue):
        if "Katalogets bemærkning" in p.body:
            assert "\n## Katalogets bemærkning\n" in p.body, p.slug
            section = p.body.split("## Katalogets bemærkning", 1)[1]
            assert "katalogets egen" in section.lower(), p.slug


def test_the_quality_page_is_a_configured_page_of_its_own():
    config = SiteConfig.load(ROOT)
    assert config.site["pages"]["om/kvalitet"] == "quality.md.j2"
