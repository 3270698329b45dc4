"""The form on /bidrag/formular/ (issue 13): a project manager fills it in, the file it
writes passes `python -m generator check` and its page shows every value; invalid input
gets an error summary and field errors in the check's words; the three actions; the draft
in localStorage; the page without JavaScript; slugs as `generator new` makes them; and
axe with the WCAG 2.2 rules. Everything runs in the built site under its real CSP, and
no request leaves the site unless the user presses the GitHub button."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, make_root
from site_pages import violations
from test_privacy import CSP_LISTENER

from generator import build, csp, form, slug, validate
from generator.config import SiteConfig
from generator.schema_messages import resolve

FORM = "bidrag/formular/"
REPOSITORY = SiteConfig.load(ROOT).site["repository"]
EMAIL = SiteConfig.load(ROOT).site["organisation"]["email"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 800}}
GITHUB_STUB = "<!doctype html><html lang='en'><title>GitHub (stub)</title><p>stub</p></html>"

TITLE = "Trivsel og job på Ærø: unge ledige i små værksteder"
PROJECT = {
    "summary": "Unge ledige på Ærø fik et forløb i små lokale værksteder med fast mentor. "
               "12 af de 36 deltagere kom i ordinært job.",
    "holder": "Ærø Kommune, Jobcenter",
    "start": "2019", "end": "2021",
    "funding": "Puljen til unge på kanten",
    "description": "Unge under 30 år med sociale problemer ud over ledigheden og uden job det seneste år.",
    "planned": "40", "actual": "36",
    "result_label": "Deltagere i ordinært job", "result_value": "12", "result_target": "15",
    "result_location": "afsnit 4.1, s. 23",
    "rationale": "Kapitel 3 beskriver forløbet i hovedtræk (overordnet); resultaterne i afsnit 4.1 "
                 "bygger på projektets egne opgørelser uden sammenligning (anekdotisk).",
    "source_title": "Evaluering af værkstedsforløbet på Ærø", "source_publisher": "Eksempel Analyse A/S",
    "source_year": "2022", "source_url": "https://eksempel.dk/evaluering-aeroe.pdf",
    "source_location": "hele rapporten; resultaterne i kapitel 4",
    "background": "Jobcentret så, at unge på øen sjældent fandt vej til praktik uden hjælp.",
}


# --- helpers -------------------------------------------------------------------------------

@pytest.fixture
def tab(browser, site_url):
    """A fresh browser (empty localStorage) that records every request and CSP problem;
    github.com is answered by a local stub, so even the GitHub button sends nothing out."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="da-DK")
    seen = {"requests": [], "errors": [], "console": []}
    context.on("request", lambda r: seen["requests"].append(r.url))
    context.route("https://github.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=GITHUB_STUB))
    page = context.new_page()
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.add_init_script(CSP_LISTENER)
    page.seen = seen
    page.goto(site_url + FORM)
    page.locator("#mk-form-app").wait_for(state="visible")
    yield page
    context.close()


def foreign(requests: list[str], site_url: str) -> list[str]:
    origin = urlsplit(site_url)[:2]
    return [u for u in requests if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u)[:2] != origin]


def label(page, text: str, scope=None):
    """The control labelled `text` (an optional field's label ends "(valgfrit)")."""
    return (scope or page).get_by_label(re.compile("^" + re.escape(text) + r"( \(valgfrit\))?$"))


def choose(page, box: str, typed: str, option: str) -> None:
    """Type into a combobox and pick the option whose name starts with `option`."""
    field = page.get_by_role("combobox", name=box)
    field.fill(typed)
    page.get_by_role("listbox", name=box).get_by_role("option", name=re.compile("^" + re.escape(option))).click()


def fill_project(page, title: str = TITLE) -> None:
    """What a project manager does, field by field."""
    p = PROJECT
    label(page, "Projektets navn").fill(title)
    label(page, "Kort resumé").fill(p["summary"])
    label(page, "Projektholder").fill(p["holder"])
    choose(page, "Kommuner", "ærø", "Ærø")
    label(page, "Startår").fill(p["start"])
    label(page, "Slutår").fill(p["end"])
    label(page, "Pulje eller finansiering").fill(p["funding"])
    label(page, "Unge").check()
    label(page, "Udsatte ledige med problemer ud over ledighed").check()
    label(page, "Beskrivelse af målgruppen").fill(p["description"])
    label(page, "Planlagt antal deltagere").fill(p["planned"])
    label(page, "Faktisk antal deltagere").fill(p["actual"])
    choose(page, "Metoder", "virksomhedsmentor", "Mentorordning")  # found by its alias
    label(page, "På virksomheden").check()
    page.get_by_role("button", name="Tilføj et resultat").click()
    result = page.locator("[data-group=results] [data-item]").first
    label(page, "Hvad måler tallet?", result).select_option("job")
    label(page, "Resultatet med dine ord", result).fill(p["result_label"])
    label(page, "Tal", result).fill(p["result_value"])
    label(page, "personer", result).check()
    label(page, "Hvor står tallet i kilden?", result).fill(p["result_location"])
    result.get_by_text("Flere oplysninger").click()
    label(page, "Projektets mål", result).fill(p["result_target"])
    label(page, "Overordnet metodebeskrivelse").check()
    label(page, "Anekdotisk dokumentation").check()
    label(page, "Begrundelse").fill(p["rationale"])
    source = page.locator("[data-group=sources] [data-item]").first
    label(page, "Kildens titel", source).fill(p["source_title"])
    label(page, "Udgiver", source).fill(p["source_publisher"])
    label(page, "Udgivelsesår", source).fill(p["source_year"])
    label(page, "Link til kilden", source).fill(p["source_url"])
    label(page, "Hvor i kilden står projektet?", source).fill(p["source_location"])
    label(page, "Baggrund").fill(p["background"])


def produced(page) -> tuple[str, str]:
    """(file name, file text) as the page shows them after a successful check."""
    page.get_by_role("button", name="Kontrollér filen").click()
    status = page.locator("#mk-form-status")
    assert "i orden" in status.inner_text(), page.locator("#mk-form-errors").inner_text()
    assert page.evaluate("document.activeElement.id") == "mk-form-status"  # next: the three actions
    return page.locator("#mk-form-filename").inner_text(), page.locator("#mk-form-preview").inner_text()


def run_check(root: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                          capture_output=True, text=True, cwd=ROOT, env=env)


def page_text(path: Path) -> str:
    text = re.sub(r"</?a\b[^>]*>", "", path.read_text("utf-8"))  # a link (a glossary term) is inline text
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


# --- the project manager's run ----------------------------------------------------------------

def test_a_project_manager_fills_in_the_form_and_the_file_is_published(tab, site_url, tmp_path):
    fill_project(tab)
    name, text = produced(tab)
    expected_slug = slug.file_slug(TITLE)
    assert expected_slug == "trivsel-og-job-paa-aeroe-unge-ledige-i-smaa-vaerksteder"
    assert name == f"content/projects/{expected_slug}.md"

    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == TITLE
    assert front["methods"] == ["mentorordning"]
    assert front["target_group"]["categories"] == ["udsatte_ledige", "unge"]  # the vocabulary's order
    assert front["documentation"]["level"] == "idé"  # overordnet × anekdotisk, from the matrix
    assert front["results"][0]["unit"] == "personer" and front["results"][0]["target"] == 15
    # the key order of site_config/scaffold/project.md
    order, _ = form.template_order((ROOT / "site_config/scaffold/project.md").read_text("utf-8"))
    assert list(front) == [k for k in order[""] if k in front]
    assert list(front["results"][0]) == [k for k in order["results[]"] if k in front["results"][0]]
    assert list(front["sources"][0]) == [k for k in order["sources[]"] if k in front["sources"][0]]

    root = make_root(tmp_path, ROOT / "content")
    (root / name).write_text(text, "utf-8")
    result = run_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    warned = [line for line in (result.stdout + result.stderr).splitlines() if name in line]
    assert warned == [], "the coding rules warn about the form's file"

    config = SiteConfig.load(root)
    build.generate(config, root / "docs")
    build.mkdocs_build(root / "mkdocs.yml", root / "site")
    shown = page_text(root / "site/projekter" / expected_slug / "index.html")
    vocab = config.vocabularies
    values = [TITLE, vocab["target_groups"]["unge"], vocab["target_groups"]["udsatte_ledige"], "Ærø",
              "Mentorordning", vocab["themes"]["på_virksomheden"], vocab["levels"]["idé"],
              vocab["implementability"]["overordnet"], vocab["evidence"]["anekdotisk"],
              vocab["indicators"]["job"]]
    values += [v for k, v in PROJECT.items() if k not in ("source_url",)]
    missing = [v for v in values if v not in shown]
    assert missing == [], f"not on the built page: {missing}"
    assert f'href="{PROJECT["source_url"]}"' in (root / "site/projekter" / expected_slug / "index.html").read_text()

    assert not foreign(tab.seen["requests"], site_url), "the form sent a request before any button was pressed"
    assert not tab.evaluate("() => window.__cspViolations")
    assert not tab.seen["errors"] and not tab.seen["console"], tab.seen


def test_the_three_actions(tab, site_url):
    fill_project(tab)
    name, text = produced(tab)

    with tab.expect_download() as download:
        tab.get_by_role("button", name="Hent filen").click()
    assert download.value.suggested_filename == Path(name).name
    assert Path(download.value.path()).read_text("utf-8") == text

    mail = urlsplit(tab.get_by_role("link", name="Send som e-mail").get_attribute("href"))
    assert mail.scheme == "mailto" and mail.path == EMAIL
    query = parse_qs(mail.query)
    assert TITLE in query["subject"][0] and query["body"][0].endswith(text) and name in query["body"][0]

    assert not foreign(tab.seen["requests"], site_url)
    link = tab.get_by_role("link", name=re.compile("^Opret pull request på GitHub"))
    assert link.get_attribute("target") == "_blank"
    with tab.context.expect_page() as popup:
        link.click()
    opened = urlsplit(popup.value.url)
    assert f"{opened.scheme}://{opened.netloc}{opened.path}" == f"{REPOSITORY}/new/main"
    query = parse_qs(opened.query)
    assert query["filename"] == [name] and name.startswith("content/projects/")
    assert query["value"] == [text]
    # the only requests to another origin: GitHub's new-file page, after the click (answered by the stub)
    outside = foreign(tab.seen["requests"], site_url)
    assert {urlsplit(u).netloc for u in outside} == {"github.com"}
    assert urlsplit(outside[0]).path == urlsplit(REPOSITORY).path + "/new/main"


def test_a_file_too_long_for_an_address_is_copied_and_the_page_opened_without_it(tab):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fill_project(tab)
    label(tab, "Forløb").fill(" ".join(["Deltagerne mødte på værkstedet hver morgen."] * 160))
    _, text = produced(tab)
    with tab.context.expect_page() as popup:
        tab.get_by_role("link", name=re.compile("^Opret pull request på GitHub")).click()
    query = parse_qs(urlsplit(popup.value.url).query)
    assert "value" not in query and query["filename"][0].startswith("content/projects/")
    assert tab.evaluate("() => navigator.clipboard.readText()") == text
    assert "kopieret" in tab.locator("#mk-form-status").inner_text()


# --- errors ----------------------------------------------------------------------------------

def test_invalid_input_shows_the_error_summary_and_the_field_errors(tab, tmp_path):
    fill_project(tab, title="")
    label(tab, "Faktisk antal deltagere").fill("-3")
    result = tab.locator("[data-group=results] [data-item]").first
    result.get_by_role("button", name=re.compile("^Fjern resultat")).click()
    tab.get_by_role("button", name="Tilføj et resultat").click()
    result = tab.locator("[data-group=results] [data-item]").first
    label(tab, "Hvad måler tallet?", result).select_option("job")
    label(tab, "Resultatet med dine ord", result).fill("Deltagere i job")
    label(tab, "Tal", result).fill("12")
    label(tab, "Hvor står tallet i kilden?", result).fill("s. 4")  # but no unit

    tab.get_by_role("button", name="Kontrollér filen").click()
    summary = tab.locator("#mk-form-errors")
    assert summary.is_visible()
    assert tab.evaluate("document.activeElement.id") == "mk-form-errors"
    assert tab.title().startswith("Fejl:")
    links = {a.get_attribute("href"): a.inner_text() for a in summary.locator("a").all()}
    expected = {"#f-title": "Projektets navn", "#f-target_group-participants-actual": "Faktisk antal deltagere",
                "#f-results-0-unit": "Resultat 1: Enhed"}
    assert set(links) == set(expected), links
    for href, name in expected.items():
        assert links[href].startswith(name + ":")
        key = href[3:]
        error = tab.locator(f"#e-{key}")
        assert error.is_visible() and error.inner_text().startswith("Fejl:"), key
        described = tab.locator(f"#fs-{key}" if key.endswith("unit") else href)
        assert f"e-{key}" in described.get_attribute("aria-describedby").split()
    assert tab.locator("#f-title").get_attribute("aria-invalid") == "true"
    # the first three links in page order, so a screen reader user meets them top-down
    assert list(links) == list(expected)

    # the summary's links move focus to the field
    summary.get_by_role("link", name=re.compile("^Resultat 1: Enhed")).click()
    assert tab.evaluate("document.activeElement.id") == "f-results-0-unit"

    # the same words as `python -m generator check` for the same file
    messages = {href: tab.locator(f"#e-{href[3:]}").inner_text().removeprefix("Fejl:").strip() for href in expected}
    text = tab.locator("#mk-form-preview").inner_text()
    root = make_root(tmp_path, ROOT / "content")
    (root / "content/projects/fejl.md").write_text(text, "utf-8")
    _, problems = validate.check(SiteConfig.load(root))
    printed = {p.field: p.message for p in problems if p.path == "content/projects/fejl.md"}
    assert messages["#f-title"] == printed["title"].capitalize() == "Må ikke være tom."
    assert messages["#f-target_group-participants-actual"] == printed["target_group.participants.actual"].capitalize()
    assert messages["#f-results-0-unit"] == "Det påkrævede felt mangler."
    assert printed["results[0].unit"].startswith("det påkrævede felt 'unit' mangler")

    # correcting a field clears its error when the field is left
    label(tab, "Projektets navn").fill(TITLE)
    label(tab, "Projektets navn").blur()
    tab.wait_for_function("() => document.getElementById('e-title').hidden")
    assert summary.locator("a[href='#f-title']").count() == 0


def test_html_in_a_field_is_refused_as_the_check_refuses_it(tab):
    fill_project(tab)
    label(tab, "Projektholder").fill("<b>Ærø</b> Kommune")
    label(tab, "Slutår").fill("2017")
    tab.get_by_role("button", name="Kontrollér filen").click()
    refused = "HTML og javascript: er ikke tilladt i felterne; skriv ren tekst."
    assert tab.locator("#e-holder").inner_text().endswith(refused)
    assert tab.locator("#e-period-end").inner_text().endswith("Slutåret ligger før startåret.")


# --- the draft, slugs, YAML ----------------------------------------------------------------------

def test_the_draft_survives_a_reload_until_it_is_cleared(tab):
    fill_project(tab)
    last = PROJECT["background"]
    tab.wait_for_function("t => document.getElementById('mk-form-preview').textContent.includes(t)", arg=last)
    tab.wait_for_function("t => Object.values(localStorage).some(v => v.includes(t))", arg=last)
    before = tab.locator("#mk-form-preview").inner_text()
    tab.reload()
    tab.locator("#mk-form-app").wait_for(state="visible")
    assert tab.locator("#mk-form-restored").is_visible()
    assert tab.locator("#mk-form-preview").inner_text() == before
    tab.once("dialog", lambda d: d.accept())
    tab.get_by_role("button", name="Ryd formularen").click()
    assert tab.evaluate("() => localStorage.length") == 0
    assert label(tab, "Projektets navn").input_value() == ""
    assert tab.locator("[data-group=results] [data-item]").count() == 0
    assert tab.locator("[data-group=sources] [data-item]").count() == 1  # the schema wants one


LONG = ("Beskæftigelsesrettet indsats for langtidsledige kontanthjælpsmodtagere med psykiske "
        "lidelser i Region Nordjylland og på Ærø")


@pytest.mark.parametrize("title", [
    "Job på Ærø", "Øst for Å", "Café Ñandú i München", "  Job & Uddannelse: 2.0!  ", "Straße 7", "ﬁnans Ⅻ",
    LONG, "x" * 81, "Et " + "langtordsomikkekanforkortes" * 4,
])
def test_the_file_name_is_the_slug_generator_new_makes(tab, title):
    label(tab, "Projektets navn").fill(title)
    expected = f"content/projects/{slug.file_slug(title)}.md"
    tab.wait_for_function("n => document.getElementById('mk-form-filename').textContent === n", arg=expected,
                          timeout=3000)


def test_tricky_text_is_written_as_yaml_that_reads_back_the_same(tab, tmp_path):
    fill_project(tab)
    tricky = {
        "Projektholder": "yes",
        "Pulje eller finansiering": 'key: value # ikke en kommentar "citat" og \\ backslash',
        "Aldersgruppe": "18-30 år",
        "Geografisk omfang": "- liste? [nej] {heller ikke} &anker *alias !tag %",
    }
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    for name, value in tricky.items():
        label(tab, name).fill(value)
    label(tab, "Samarbejdspartnere").fill("Jobcenter Ærø, Marstal\nnull\nLokalt erhvervsnetværk")
    summary = "Et resumé, der er langt nok til at blive foldet over flere linjer: " * 4 + "  slut."
    label(tab, "Kort resumé").fill(summary)
    _, text = produced(tab)
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["holder"] == "yes" and front["funding"] == tricky["Pulje eller finansiering"]
    assert front["target_group"]["age"] == "18-30 år" and front["area"] == tricky["Geografisk omfang"]
    assert front["partners"] == ["Jobcenter Ærø, Marstal", "null", "Lokalt erhvervsnetværk"]
    assert front["summary"] == " ".join(summary.split())
    root = make_root(tmp_path, ROOT / "content")
    (root / "content/projects/tricky.md").write_text(text, "utf-8")
    assert run_check(root).returncode == 0


# --- without JavaScript, accessibility, the pages around it -------------------------------------

def test_without_javascript_the_page_explains_the_other_routes(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(site_url + FORM)
        assert page.locator("#mk-form-app").is_hidden()
        notice = page.locator("#mk-form-nojs")
        assert notice.is_visible()
        hrefs = [a.get_attribute("href") for a in notice.locator("a").all()]
        assert f"mailto:{EMAIL}" in hrefs
        assert f"{REPOSITORY}/issues/new?template=foreslaa-projekt.yml" in hrefs
        template = next(h for h in hrefs if h.endswith(".txt"))
        assert (built_site / FORM / template).resolve().read_text("utf-8") == (
            ROOT / "site_config/scaffold/project.md").read_text("utf-8")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_axe_finds_nothing_with_the_wcag_22_rules(browser, site_url, width):
    context = browser.new_context(viewport=VIEWPORTS[width], locale="da-DK")
    page = context.new_page()
    try:
        found = []
        for path in ("bidrag/", "bidrag/git/"):
            page.goto(site_url + path)
            found += violations(page, where=path)
        page.goto(site_url + FORM)
        page.locator("#mk-form-app").wait_for(state="visible")
        found += violations(page, where="empty form")
        page.get_by_role("button", name="Tilføj et resultat").click()
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        page.get_by_role("combobox", name="Metoder").fill("mentor")
        page.get_by_role("listbox").first.wait_for(state="visible")
        found += violations(page, where="suggestions open, optional fields unfolded")
        page.get_by_role("listbox", name="Metoder").get_by_role("option").first.click()
        page.get_by_role("button", name="Kontrollér filen").click()
        found += violations(page, where="errors shown")
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_the_combobox_works_with_the_keyboard(tab):
    box = tab.get_by_role("combobox", name="Metoder")
    box.fill("mentor")
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and tab.locator(f"#{active}").get_attribute("aria-selected") == "true"
    chosen = tab.locator(f"#{active}").get_attribute("data-value")
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false" and box.input_value() == ""
    chips = tab.locator("#c-methods [data-value]")
    assert [c.get_attribute("data-value") for c in chips.all()] == [chosen]
    assert "er valgt" in tab.locator("#st-methods").inner_text()
    box.fill("zzzz")
    assert tab.locator("#st-methods").inner_text() == "Ingen forslag."
    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""
    chips.first.get_by_role("button").click()
    assert chips.count() == 0


def test_the_guide_is_split(built_site):
    short = page_text(built_site / "bidrag/index.html")
    for words in ("Udfyld formularen", f"{EMAIL}", "Brug GitHubs formular", "Hvad sker der bagefter?",
                  "Hvad gør et godt forslag?"):
        assert words in short, words
    for technical in ("venv", "pre-commit", "branch protection", "Branch protection", "git clone", "slug"):
        assert technical not in short, technical
    git = page_text(built_site / "bidrag/git/index.html")
    assert "For dig, der bruger git" in git and "python -m generator new project" in git and "pre-commit" in git
    assert "For vedligeholdere" not in git and "Branch protection" not in git
    assert "## For vedligeholdere" in (ROOT / "CONTRIBUTING.md").read_text("utf-8")  # it stays in the repository


def test_the_csp_is_unchanged_except_for_hashes(built_site):
    policy = (built_site / "csp.txt").read_text("utf-8").strip()
    without_hashes = "; ".join(
        " ".join(p for p in directive.split() if not p.startswith("'sha256-")) for directive in policy.split("; "))
    assert without_hashes == "; ".join(f"{k} {' '.join(v)}" for k, v in csp.BASE_POLICY.items())
    page = (built_site / FORM / "index.html").read_text("utf-8")
    scripts, _ = csp.inline_blocks(page)
    assert not [s for s in scripts if "mk-form" in s or "formular" in s], "the form's code must be a static file"


def test_the_vendored_validator_needs_no_eval_and_has_its_licence():
    vendor = ROOT / "site_config/assets/vendor"
    code = (vendor / "json-schema.js").read_text("utf-8")
    assert not re.search(r"\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(", code)
    assert "@cfworker/json-schema" in code.splitlines()[0]
    assert "MIT License" in (vendor / "json-schema.LICENSE.txt").read_text("utf-8")
    assert "site_config/assets/vendor/json-schema.js" in (ROOT / "README.md").read_text("utf-8")


# --- built at build time from the schema ------------------------------------------------------

def _leaves(schema: dict, node: dict, prefix: str = "") -> set[str]:
    node = resolve(schema, node)
    out = set()
    for key, sub in node.get("properties", {}).items():
        sub = next((b for b in sub.get("anyOf", []) if b != {"type": "null"}), sub)
        sub = resolve(schema, sub)
        path = f"{prefix}{key}"
        if sub.get("type") == "object":
            out |= _leaves(schema, sub, path + ".")
        elif sub.get("type") == "array" and resolve(schema, sub.get("items", {})).get("type") == "object":
            out |= _leaves(schema, sub["items"], path + "[].")
        else:
            out.add(path)
    return out


def test_the_form_asks_for_every_field_of_a_project(catalogue):
    f = form.Form(catalogue)
    schema = catalogue.config.raw_schema
    asked = {(f"{s.group}[]." if s.group else "") + field.path for s in f.sections for field in s.fields}
    leaves = _leaves(schema, schema["$defs"]["project"])
    not_asked = set(f.spec["fixed"]) | {p for p in leaves if re.split(r"\.|\[\]\.", p)[-1] in f.spec["not_asked"]}
    assert not_asked >= {"budget.currency", "period.lines", "results[].lines", "sources[].lines"}
    assert leaves - asked - not_asked == set(), "fields the form does not ask for"
    assert not asked & not_asked
    assert asked - leaves == set(), "fields the schema does not have"


def test_fields_follow_the_schema(catalogue):
    f = form.Form(catalogue)
    fields = {(s.group, x.path): x for s in f.sections for x in s.fields}
    assert fields[("", "title")].need == "must"
    assert fields[("", "holder")].need == "known" and fields[("", "holder")].nullable
    assert fields[("", "partners")].need == "optional" and fields[("", "partners")].control == "lines"
    assert fields[("", "methods")].control == "combobox" and fields[("", "municipalities")].control == "combobox"
    categories = fields[("", "target_group.categories")]
    assert categories.control == "checkboxes"
    assert [o.label for o in categories.options] == list(catalogue.config.vocabularies["target_groups"].values())
    assert fields[("results", "unit")].control == "radios" and fields[("results", "indicator")].control == "select"
    assert fields[("", "documentation.level")].control == "output"
    assert fields[("", "summary")].hint.startswith("2-4 sætninger")
    # a hint from the schema, without its sentence about null
    assert fields[("", "target_group.age")].hint.startswith("Som kilden")
    assert "null" not in " ".join(x.hint for x in fields.values())


def test_template_order_merges_the_variants_of_a_list_item():
    text = ("---\nsources:\n  - title: x\n    year: null\n    location: y\n  # - report: r\n"
            "  #   number: 1\n  #   location: z\nother: 1\n---\n")
    order, always = form.template_order(text)
    assert order["sources[]"] == ["title", "year", "report", "number", "location"]
    assert order[""] == ["sources", "other"] and always == ["sources", "other"]
