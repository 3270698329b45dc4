"""The coding rules (site_config/coding_rules.yml, generator/rules.py): one test per rule on
fixture records, the coding note that explains a departure, the warnings `check` prints,
and the rules' agreement with the methods, the vocabularies and the contributor guide."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import load, rules
from generator.config import ROOT, SiteConfig

CONFIG = SiteConfig.load(ROOT)
RULES = rules.Rules.load(CONFIG)
GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")

BASE = """---
title: Prøveprojektet
summary: Et projekt med mentor og praktik for ledige med misbrug.
holder: Jobcenter Prøve
municipalities: []
period: {start: null, end: null}
funding: null
target_group:
  categories: [misbrug]
  description: Ledige med misbrug.
  participants: {planned: null, actual: null}
methods: [mentorordning, virksomhedspraktik]
themes: [på_virksomheden]
results: []
documentation:
  implementability: ikke_oplyst
  evidence: ikke_oplyst
  level: ikke_vurderet
  rationale: Kilden siger for lidt til en vurdering.
sources:
  - report: testrapport
    location: "afsnit 2"
---

## Formål

Ledige med misbrug skulle i job.
"""


def warnings_for(tmp_path: Path, text: str) -> list:
    path = tmp_path / "content/projects/proeve.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    record, problems = load.read(path, "project", tmp_path)
    assert problems == []
    return rules.project_warnings(record, RULES)


def codes(found) -> list[str]:
    return [re.search(r"\(regel (\w\d)", w.message).group(1) for w in found]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_base_record_follows_every_rule(tmp_path):
    assert warnings_for(tmp_path, BASE) == []


# --- T: themes ------------------------------------------------------------------------

def test_t1_a_method_gives_its_theme(tmp_path):
    found = warnings_for(tmp_path, edit("themes: [på_virksomheden]", "themes: [udvikling_af_kompetencer]"))
    assert codes(found) == ["T1"]
    w = found[0]
    assert (w.path, w.line, w.field, w.severity) == ("content/projects/proeve.md", 13, "themes", "warning")
    assert "'virksomhedspraktik'" in w.message and "'på_virksomheden'" in w.message and "figur 13" in w.message.lower()
    assert "tilføj på_virksomheden til themes" in w.suggestion and "coding_note" in w.suggestion


def test_t1_a_method_with_several_themes_needs_one_of_them(tmp_path):
    text = edit("methods: [mentorordning, virksomhedspraktik]", "methods: [mentorordning, gruppeforloeb]",
                edit("themes: [på_virksomheden]", "themes: [udvikling_af_kompetencer]"))
    assert warnings_for(tmp_path, text) == []  # mentorordning: any of three, gruppeforloeb: kompetencer
    text = edit("methods: [mentorordning, virksomhedspraktik]", "methods: [coaching]",
                edit("themes: [på_virksomheden]", "themes: [systemtilgang]"))
    found = warnings_for(tmp_path, text)
    assert codes(found) == ["T1", "T2"]
    assert "mindst ét af temaerne 'afklaring' eller 'udvikling_af_kompetencer'" in found[0].message


def test_t2_a_theme_follows_from_a_method(tmp_path):
    found = warnings_for(tmp_path, edit("themes: [på_virksomheden]", "themes: [på_virksomheden, afklaring]",
                                        edit("virksomhedspraktik]", "tilpasning-af-arbejdspladsen]")))
    assert codes(found) == ["T2"]
    assert found[0].field == "themes[1]" and "'afklaring'" in found[0].message
    assert "afklaringsforloeb" in found[0].suggestion


def test_t2_a_theme_the_report_lets_a_method_give_is_allowed(tmp_path):
    # figure 13: virksomhedsrettet aktivering contributes to all four themes
    text = edit("themes: [på_virksomheden]", "themes: [på_virksomheden, afklaring, systemtilgang]")
    assert warnings_for(tmp_path, text) == []


def test_t3_a_record_has_themes(tmp_path):
    found = warnings_for(tmp_path, edit("themes: [på_virksomheden]", "themes: []"))
    assert codes(found) == ["T3"]
    assert "virksomhedspraktik giver 'på_virksomheden'" in found[0].suggestion  # what the methods give


def test_t3_nothing_to_code_is_said_in_a_coding_note(tmp_path):
    text = edit("themes: [på_virksomheden]", "themes: []\ncoding_note: \"T3: kilden nævner kun målgruppen.\"")
    assert warnings_for(tmp_path, text) == []


def test_a_coding_note_explains_only_the_rules_it_names(tmp_path):
    text = edit("themes: [på_virksomheden]", "themes: [udvikling_af_kompetencer]\ncoding_note: \"K2: noget andet.\"")
    assert codes(warnings_for(tmp_path, text)) == ["T1"]
    text = edit("K2:", "T1:", text)
    assert warnings_for(tmp_path, text) == []


# --- K: target groups -----------------------------------------------------------------

def test_k1_report_004_records_take_the_category_of_their_appendix(tmp_path):
    source = "  - report: ramboell-metaevaluering-handicap\n    number: 70\n    location: \"bilag 4, nr. 70\""
    text = edit("  - report: testrapport\n    location: \"afsnit 2\"", source)
    found = warnings_for(tmp_path, text)
    assert codes(found) == ["K1"]
    assert found[0].field == "target_group.disability_category" and "bilag 4" in found[0].message
    assert "disability_category: bred" in found[0].suggestion
    assert warnings_for(tmp_path, edit("  description:", "  disability_category: bred\n  description:", text)) == []
    found = warnings_for(tmp_path, edit("  description:", "  disability_category: psykisk\n  description:", text))
    assert codes(found) == ["K1"] and "ikke 'psykisk'" in found[0].message


@pytest.mark.parametrize("description, category", [
    ("Kontanthjælpsmodtagere med misbrug.", "langtidsledige"),
    ("Sygedagpengemodtagere med misbrug.", "sygemeldte"),
    ("Personer med misbrug på ledighedsydelse.", "fleksjob_foertidspension"),
    ("Unge med misbrug.", "unge"),
    ("Personer med ADHD og misbrug.", "psykisk_saarbare"),
    ("Udviklingshæmmede med misbrug.", "kognitiv_funktionsnedsaettelse"),
    ("Døve med misbrug.", "sansehandicap"),
    ("Flygtninge med misbrug.", "indvandrere"),
    ("Ledige med misbrug i matchgruppe 4 og 5.", "udsatte_ledige"),
])
def test_k2_a_word_that_names_a_group_is_coded(tmp_path, description, category):
    found = warnings_for(tmp_path, edit("description: Ledige med misbrug.", f"description: {description}"))
    assert codes(found) == ["K2"], [w.message for w in found]
    assert f"'{category}'" in found[0].message and f"tilføj {category}" in found[0].suggestion
    coded = edit("categories: [misbrug]", f"categories: [misbrug, {category}]",
                 edit("description: Ledige med misbrug.", f"description: {description}"))
    assert warnings_for(tmp_path, coded) == []


def test_k2_reads_the_defining_first_sentence_and_the_age(tmp_path):
    text = edit("description: Ledige med misbrug.",
                "description: Ledige med misbrug. Casens eksempel er en ung kvinde med angst.")
    assert warnings_for(tmp_path, text) == []
    found = warnings_for(tmp_path, edit("  participants:", "  age: 18-30 år\n  participants:"))
    assert codes(found) == ["K2"] and "'unge'" in found[0].message


def test_k2_fixed_phrases_and_precise_categories(tmp_path):
    text = edit("description: Ledige med misbrug.", "description: Ledige med misbrug og psykisk udviklingshæmning.",
                edit("categories: [misbrug]", "categories: [misbrug, kognitiv_funktionsnedsaettelse]"))
    assert warnings_for(tmp_path, text) == []  # 'psykisk udviklingshæmning' is not psykisk_saarbare
    text = edit("description: Ledige med misbrug.", "description: Ledige med misbrug og fysisk handicap.",
                edit("categories: [misbrug]", "categories: [misbrug, fysisk_funktionsnedsaettelse]"))
    assert warnings_for(tmp_path, text) == []  # 'handicap' needs no broad category beside a precise one


def test_k3_a_category_has_a_word_in_the_wording(tmp_path):
    found = warnings_for(tmp_path, edit("categories: [misbrug]", "categories: [misbrug, unge]"))
    assert codes(found) == ["K3"]
    assert found[0].field == "target_group.categories[1]" and "'unge'" in found[0].message


def test_k3_appendix_2_names_the_group_itself(tmp_path):
    source = "  - report: ramboell-metaevaluering-handicap\n    number: 1\n    location: \"bilag 2, nr. 1\""
    text = edit("  - report: testrapport\n    location: \"afsnit 2\"", source,
                edit("categories: [misbrug]", "categories: [misbrug, psykisk_saarbare]",
                     edit("  description:", "  disability_category: psykisk\n  description:")))
    assert warnings_for(tmp_path, text) == []


# --- H: holders -----------------------------------------------------------------------

@pytest.mark.parametrize("holder, suggestion", [
    ("Holbæk", "'Holbæk Kommune'"),
    ("Holbæk kommune, Jobcenter", "'Holbæk Kommune'"),
    ("Københavns kommune", "'Københavns Kommune'"),
    ("Århus kommune", "'Århus Kommune'"),
])
def test_h1_a_municipality_is_named_x_kommune(tmp_path, holder, suggestion):
    found = warnings_for(tmp_path, edit("holder: Jobcenter Prøve", f"holder: {holder}"))
    assert codes(found) == ["H1"] and found[0].field == "holder"
    assert suggestion in found[0].suggestion


@pytest.mark.parametrize("holder", ["Holbæk Kommune, Jobcenter", "Jobcenter Holbæk", "Århus Kommune",
                                    "Københavns Kommune", "null"])
def test_h1_accepts_the_ways_a_source_names_a_municipality(tmp_path, holder):
    assert warnings_for(tmp_path, edit("holder: Jobcenter Prøve", f"holder: {holder}")) == []


def test_h1_applies_to_partners(tmp_path):
    found = warnings_for(tmp_path, edit("municipalities: []", "partners: [Kalundborg]\nmunicipalities: []"))
    assert codes(found) == ["H1"] and found[0].field == "partners[0]"


# --- D: discrepancies -----------------------------------------------------------------

def discrepancy(description: str, locations: str) -> str:
    return edit("---\n\n## Formål", f"discrepancies:\n  - description: \"{description}\"\n"
                f"    locations: {locations}\n---\n\n## Formål")


def test_d1_a_discrepancy_names_both_readings(tmp_path):
    good = discrepancy("Teksten siger 12 i job, tabel 3 siger 14.", "[afsnit 4.1, tabel 3]")
    assert warnings_for(tmp_path, good) == []
    words = discrepancy("Afsnit 2 kalder det 'praktik', bilaget 'løntilskud'.", "[afsnit 2, bilag 1]")
    assert warnings_for(tmp_path, words) == []
    found = warnings_for(tmp_path, discrepancy("Tallene i teksten og tabellen passer ikke sammen.",
                                               "[afsnit 4.1, tabel 3]"))
    assert codes(found) == ["D1"] and found[0].field == "discrepancies[0].description"


def test_d1_a_discrepancy_has_two_different_locations(tmp_path):
    found = warnings_for(tmp_path, discrepancy("Teksten siger 12, senere 14.", "[afsnit 4.1, afsnit 4.1]"))
    assert codes(found) == ["D1"] and found[0].field == "discrepancies[0].locations"


# --- N: documentation level -----------------------------------------------------------

RATED = edit("""  implementability: ikke_oplyst
  evidence: ikke_oplyst
  level: ikke_vurderet
  rationale: Kilden siger for lidt til en vurdering.""", """  implementability: overordnet
  evidence: systematisk
  level: formodning
  rationale: Afsnit 2 beskriver forløbet i hovedtræk; afsnit 4 opgør job for alle deltagere.""")
RESULT = """results:
  - indicator: job
    label: Deltagere i job
    value: 4
    unit: personer
    denominator: 20
    location: "afsnit 4"
"""
RATED_WITH_RESULT = edit("results: []\n", RESULT, RATED)


def test_n1_systematic_documentation_has_results(tmp_path):
    found = warnings_for(tmp_path, RATED)
    assert codes(found) == ["N1"] and found[0].field == "documentation.evidence"
    assert "'systematisk'" in found[0].message and "results" in found[0].suggestion
    assert warnings_for(tmp_path, RATED_WITH_RESULT) == []
    anecdotal = edit("evidence: systematisk\n  level: formodning", "evidence: anekdotisk\n  level: idé", RATED)
    assert warnings_for(tmp_path, anecdotal) == []


def test_n2_a_rating_says_where_in_the_source_it_rests(tmp_path):
    vague = edit("Afsnit 2 beskriver forløbet i hovedtræk; afsnit 4 opgør",
                 "Rapporten beskriver forløbet i hovedtræk og opgør", RATED_WITH_RESULT)
    found = warnings_for(tmp_path, vague)
    assert codes(found) == ["N2"] and found[0].field == "documentation.rationale"
    for place in ("kapitel 3", "kap. 4", "bilag 2, nr. 17", "tabel 2.1", "s. 14", "casen", "indledningen"):
        text = edit("og opgør", f"og opgør ({place})", vague)
        assert warnings_for(tmp_path, text) == [], place
    # a record that places nothing on an axis names no place (the base record)
    assert warnings_for(tmp_path, BASE) == []


# N3: an absence the rationale states as a fact of the world is warned about; one laid on the
# source ("Rapporten nævner ingen …") and sentences with no absence are left alone
N3_UNATTRIBUTED_ABSENCES = ["Der er ingen kontrolgruppe.", "Der er dog ingen kontrolgruppe.",
                            "Der findes ikke en manual.", "Det er overordnet, fordi der ikke er redskaber.",
                            "Her er der ingen målinger.", "Der foreligger hverken test eller skema."]
N3_LEFT_ALONE = ["Rapporten nævner ingen kontrolgruppe.", "Casen oplyser ikke, hvor mange der deltog.",
                 "Der er tale om en ekstern evaluering.", "Der er kun interview."]


@pytest.mark.parametrize(("phrase", "expected"), [(p, ["N3"]) for p in N3_UNATTRIBUTED_ABSENCES]
                         + [(p, []) for p in N3_LEFT_ALONE])
def test_n3_asks_that_an_absence_is_laid_on_the_source(tmp_path, phrase, expected):
    text = RATED_WITH_RESULT.replace("alle deltagere.", f"alle deltagere. {phrase}")
    found = warnings_for(tmp_path, text)
    if expected:
        assert codes(found) == expected and found[0].field == "documentation.rationale"
    else:
        assert found == []


def test_n_rules_are_in_the_guide_and_the_levels_page_shows_how_the_axes_are_applied(catalogue):
    from generator import build

    for code in ("N1", "N2", "N3"):
        assert f"**{code}.**" in GUIDE, code
    application = CONFIG.documentation["application"]
    for axis in ("implementability", "evidence"):
        assert set(application[axis]) == set(CONFIG.vocabularies[axis]), axis
    page = build.render(catalogue)["dokumentationsniveauer/index.md"]
    page = re.sub(r"<[^>]+>", "", page)  # the text: a term in it may link to the glossary
    texts = [*application["principles"], *application["implementability"].values(), *application["evidence"].values()]
    for text in texts:
        assert " ".join(text.split()) in page, text[:60]


# --- S: reader language ---------------------------------------------------------------

@pytest.mark.parametrize("word", ["linje 4852", "tekstudgaven", "tekstudtrækket", "tekstversionen",
                                  "bilagets metodekolonne", "cellefarven"])
def test_s1_no_words_about_the_working_copy_in_reader_text(tmp_path, word):
    found = warnings_for(tmp_path, edit("rationale: Kilden siger for lidt til en vurdering.",
                                        f"rationale: Ifølge {word} siger kilden for lidt."))
    assert codes(found) == ["S1"] and found[0].field == "documentation.rationale"
    found = warnings_for(tmp_path, edit("Ledige med misbrug skulle i job.", f"Se {word}."))
    assert codes(found) == ["S1"] and (found[0].field, found[0].line) == ("brødtekst", 27)


def test_s1_leaves_audit_fields_and_ordinary_words_alone(tmp_path):
    text = edit("location: \"afsnit 2\"", "location: \"afsnit 2\"\n    lines: \"4852-4868\"",
                edit("Ledige med misbrug skulle i job.", "Retningslinjer og hovedlinjen var klare."))
    assert warnings_for(tmp_path, text) == []


# --- the check command ----------------------------------------------------------------

def run_check(root: Path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                          capture_output=True, text=True, cwd=ROOT, env=environ)


def test_check_prints_warnings_and_passes(scratch):
    (scratch / "content/projects/proeve.md").write_text(edit("themes: [på_virksomheden]", "themes: []"), "utf-8")
    run = run_check(scratch)
    assert run.returncode == 0 and run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0].startswith("OK:")
    ours = [line for line in lines if line.startswith("content/projects/proeve.md")]
    assert ours == [next(line for line in lines if "proeve.md:13:9: advarsel: themes:" in line)]
    assert "(regel T3" in ours[0] and "Forslag:" in ours[0]
    assert re.match(r"\d+ advarsler i \d+ filer: ", lines[-1])


def test_check_annotates_warnings_as_warnings_on_github(scratch):
    (scratch / "content/projects/proeve.md").write_text(edit("themes: [på_virksomheden]", "themes: []"), "utf-8")
    run = run_check(scratch, GITHUB_ACTIONS="true")
    assert run.returncode == 0
    assert any(line.startswith("::warning file=content/projects/proeve.md,line=13") for line in run.stdout.splitlines())
    assert "::error" not in run.stdout


def test_warnings_do_not_repeat_a_record_with_errors(scratch):
    text = edit("themes: [på_virksomheden]", "themes: []", edit("funding: null", "funding: 12"))
    (scratch / "content/projects/proeve.md").write_text(text, "utf-8")
    run = run_check(scratch)
    assert run.returncode == 1
    ours = [line for line in run.stdout.splitlines() if line.startswith("content/projects/proeve.md")]
    assert len(ours) == 1 and "advarsel" not in ours[0] and "funding" in ours[0]


# --- the rules themselves -------------------------------------------------------------

def test_every_method_has_a_theme_rule_within_its_allowed_themes():
    methods = {p.stem for p in (ROOT / "content/methods").glob("*.md")}
    assert set(RULES.methods) == methods
    themes = set(CONFIG.vocabularies["themes"])
    for slug, rule in RULES.methods.items():
        assert set(rule.requires_one_of) <= set(rule.allows) <= themes, slug
        assert rule.allows, slug


def test_category_terms_and_appendices_name_known_values():
    data = yaml.safe_load((ROOT / "site_config/coding_rules.yml").read_text("utf-8"))
    assert set(RULES.terms) == set(CONFIG.vocabularies["target_groups"])
    for spec in data["appendix_rule"]["appendices"].values():
        assert spec["disability_category"] in CONFIG.vocabularies["disability_categories"]
        assert spec["category_from_appendix"] in (None, *CONFIG.vocabularies["target_groups"])


def test_disability_labels_are_the_reports_appendix_headings():
    """Report 004 heads its appendices 'psykisk funktionsnedsættelse', 'fysisk handicap' and
    'generel indsats'; the labels use those terms, not the catalogue's own."""
    labels = CONFIG.vocabularies["disability_categories"]
    for spec in RULES.appendices.values():
        term = spec["heading"].split(": ")[-1].lower()
        assert term in labels[spec["disability_category"]].lower(), (term, labels)
    assert "flere typer" not in labels["bred"]


def test_the_guide_lists_the_configured_theme_rules():
    stated = dict(re.findall(r"^- `([a-z-]+)` (giver .+|kræver intet bestemt tema)$", GUIDE, re.M))
    assert set(stated) == set(RULES.methods)
    for slug, rule in RULES.methods.items():
        assert set(re.findall(r"`(\w+)`", stated[slug])) == set(rule.requires_one_of), slug


def test_the_guides_sample_warning_is_what_the_check_prints(scratch):
    from test_scaffold import examples

    example = next(b for b in examples() if "target_group:" in b)
    (scratch / "content/projects/job-med-mentor-i-holbaek.md").write_text(
        example.replace("themes: [afklaring, på_virksomheden]", "themes: [afklaring, udvikling_af_kompetencer]"),
        encoding="utf-8")
    for name in re.findall(r"report: ([a-z0-9-]+)", example):
        (scratch / "content/sources" / f"{name}.md").write_text(
            (ROOT / "content/sources" / f"{name}.md").read_text("utf-8"), "utf-8")
    printed = [line for line in run_check(scratch).stdout.splitlines()
               if line.startswith("content/projects/job-med-mentor-i-holbaek.md")]
    sample = next(line.strip() for line in GUIDE.splitlines() if "advarsel: themes:" in line)
    pattern = re.escape(sample).replace(re.escape("…"), ".+")
    assert len(printed) == 1 and re.fullmatch(pattern, printed[0]), printed


# --- the bundled catalogue ------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_warnings() -> list:
    from generator import validate

    records, problems = validate.check(CONFIG)
    assert problems == []
    return validate.warnings(CONFIG, records, problems)


@pytest.mark.parametrize("code, what", [
    ("T1", "every method's theme is coded or explained"),
    ("T2", "every theme follows from a method or is explained"),
    ("T3", "no record without themes unless a coding note says its source gives nothing to code"),
    ("K1", "report 004 records carry the disability category of their appendix"),
    ("K2", "the target group's wording is coded"),
    ("K3", "no category without wording to carry it"),
    ("H1", "municipalities named 'X Kommune'"),
    ("D1", "every discrepancy names both readings and two locations"),
    ("S1", "no words about the working copy in reader text"),
    ("N1", "systematic or scientific documentation comes with the results the source reports"),
    ("N2", "every rating says where in the source it rests"),
    ("N3", "no absence stated as a fact about the project"),
])
def test_the_bundled_catalogue_follows_the_rule(bundled_warnings, code, what):
    departures = [str(w) for w in bundled_warnings if f"(regel {code}" in w.message]
    assert departures == [], f"{what}:\n" + "\n".join(departures)


def _report_004_records():
    for path in sorted((ROOT / "content/projects").glob("*.md")):
        data = yaml.safe_load(path.read_text("utf-8").split("\n---", 1)[0][4:])
        for source in data["sources"]:
            if source.get("report") == RULES.report:
                yield path, data, source


def test_report_004_keeps_its_own_numbering():
    """Bilag 2-4 number their 109 projects 1-109, but print 85 twice and skip 86: the records keep
    the printed numbers, and the second 85 carries the misprint as a discrepancy."""
    numbers = sorted(source["number"] for _, _, source in _report_004_records())
    assert len(numbers) == 109
    assert numbers == sorted([*range(1, 86), 85, *range(87, 110)])
    twice = [data for _, data, source in _report_004_records() if source["number"] == 85]
    flagged = [d for d in twice if any("86" in x["description"] for x in d.get("discrepancies", []))]
    assert len(flagged) == 1


def test_report_004_records_cite_their_appendix_row():
    for path, _, source in _report_004_records():
        appendix = 2 if source["number"] <= 45 else 3 if source["number"] <= 64 else 4
        assert source["location"] == f"bilag {appendix}, nr. {source['number']}", path.name
        assert re.fullmatch(r"\d+-\d+(; ?\d+(-\d+)?)*", source["lines"]), path.name


def test_the_catalogues_own_reading_has_one_marker():
    heading = yaml.safe_load((ROOT / "site_config/coding_rules.yml").read_text("utf-8"))["own_reading_heading"]
    assert f"`## {heading}`" in GUIDE
    for path in (ROOT / "content/projects").glob("*.md"):
        assert not re.search(r"^## Bemærkning", path.read_text("utf-8"), re.M), path.name
