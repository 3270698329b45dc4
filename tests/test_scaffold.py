"""`python -m generator new project|method "Titel"` and the contributor guide
(CONTRIBUTING.md): slugs, the created file, refusal to overwrite, and a guide whose
examples pass the check and which explains every field, value and matrix cell."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import load, scaffold, slug, validate
from generator.config import ROOT, SiteConfig

GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=ROOT, env=env)


def problems_for(root: Path, rel: str):
    _, problems = validate.check(SiteConfig.load(root))
    return [p for p in problems if p.path == rel]


@pytest.mark.parametrize("title, expected", [
    ("Job på Ærø", "job-paa-aeroe"),
    ("Æblegården", "aeblegaarden"),
    ("Øst for Å", "oest-for-aa"),
    ("Café Ñandú i München", "cafe-nandu-i-munchen"),
    ("  Job & Uddannelse: 2.0!  ", "job-uddannelse-2-0"),
    ("IPS (Individual Placement and Support)", "ips-individual-placement-and-support"),
    ("a -- b", "a-b"),
    ("Projekt \"Ny start\" – fase 2", "projekt-ny-start-fase-2"),
    ("../../etc/passwd", "etc-passwd"),
    ("日本語", ""),
    ("---", ""),
])
def test_slug_rules(title, expected):
    assert slug.slugify(title) == expected
    assert expected == "" or slug.is_valid(expected)


def test_slugs_are_a_to_z_digits_and_single_hyphens():
    for title in ("Ærø–Åbenrå", "x\u0301y", "Straße 7", "ﬁnans", "Ⅻ", "İstanbul", "a\tb\nc"):
        s = slug.slugify(title)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s), (title, s)


def test_new_project_creates_a_complete_file(scratch):
    result = run_cli(scratch, "new", "project", "Job på Ærø")
    assert result.returncode == 0, result.stderr
    assert "content/projects/job-paa-aeroe.md" in result.stdout
    path = scratch / "content/projects/job-paa-aeroe.md"
    record, problems = load.read(path, "project", scratch)
    assert problems == []
    assert record.data["title"] == "Job på Ærø"
    schema = SiteConfig.load(scratch).schema["$defs"]["project"]
    assert set(schema["required"]) <= set(record.data)
    assert "## Baggrund" in record.body


def test_new_project_passes_the_check_after_naming_a_method(scratch):
    run_cli(scratch, "new", "project", "Job på Ærø")
    rel = "content/projects/job-paa-aeroe.md"
    assert [p.field for p in problems_for(scratch, rel)] == ["methods"]  # the one thing to fill in
    path = scratch / rel
    path.write_text(path.read_text("utf-8").replace("methods: []", "methods: [mentorordning]"), "utf-8")
    assert problems_for(scratch, rel) == []


def test_new_method_passes_the_check(scratch):
    result = run_cli(scratch, "new", "method", "Individuelt job med støtte")
    assert result.returncode == 0, result.stderr
    rel = "content/methods/individuelt-job-med-stoette.md"
    assert (scratch / rel).is_file()
    assert problems_for(scratch, rel) == []


@pytest.mark.parametrize("title", [
    'Projekt "Ny start": job, uddannelse & mere',
    "Titel med ' apostrof og # hashtag",
    "key: value",
    "- liste?",
    "[ikke en liste]",
    "{ikke: en mapping}",
    "null",
    "123",
    "yes",
    "Tekst med \\ backslash",
    "*stjerne og &anker",
    "!!python/object/apply:os.system",
])
def test_titles_with_yaml_syntax_stay_strings(scratch, title):
    path = scaffold.create(SiteConfig.load(scratch), "method", title)
    record, problems = load.read(path, "method", scratch)
    assert problems == []
    assert record.data["title"] == title
    front = path.read_text("utf-8").split("---\n")[1]
    assert yaml.safe_load(front)["title"] == title


def test_refuses_to_overwrite(scratch):
    path = scratch / "content/projects/alfa-projektet.md"
    before = path.read_bytes()
    result = run_cli(scratch, "new", "project", "Alfa-projektet")
    assert result.returncode == 1
    assert "findes allerede" in result.stderr and "alfa-projektet.md" in result.stderr
    assert path.read_bytes() == before
    # a different title that folds to the same slug is refused as well
    assert run_cli(scratch, "new", "project", "ALFA projektet").returncode == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("title", ["!!!", "日本語", "index"])
def test_refuses_titles_without_a_usable_file_name(scratch, title):
    result = run_cli(scratch, "new", "method", title)
    assert result.returncode == 1 and "fejl:" in result.stderr
    assert sorted(p.name for p in (scratch / "content/methods").iterdir()) == [
        "mentorordning.md", "virksomhedspraktik.md"]


LONG_TITLE = ("Beskæftigelsesrettet indsats for langtidsledige kontanthjælpsmodtagere med psykiske "
              "lidelser i Region Nordjylland")


@pytest.mark.parametrize("text, expected", [
    ("kort-titel", "kort-titel"),
    ("a" * 80, "a" * 80),
    ("a" * 79 + "-b", "a" * 79),  # the cut would fall inside the last word: drop it
    ("a" * 80 + "-b", "a" * 80),  # the cut falls on the hyphen: keep every whole word
    ("a" * 81, "a" * 80),  # one word longer than the limit: cut inside it
    (slug.slugify(LONG_TITLE), "beskaeftigelsesrettet-indsats-for-langtidsledige-kontanthjaelpsmodtagere-med"),
])
def test_shorten_cuts_at_a_word_boundary(text, expected):
    assert slug.shorten(text) == expected
    assert slug.is_valid(expected)


def test_new_project_shortens_a_long_title(scratch):
    result = run_cli(scratch, "new", "project", LONG_TITLE)
    assert result.returncode == 0, result.stderr
    name = "beskaeftigelsesrettet-indsats-for-langtidsledige-kontanthjaelpsmodtagere-med.md"
    assert f"content/projects/{name}" in result.stdout
    record, problems = load.read(scratch / "content/projects" / name, "project", scratch)
    assert problems == [] and record.data["title"] == LONG_TITLE  # the title itself is kept whole


def _properties(schema: dict, node: dict) -> set[str]:
    """Every property name reachable from a record definition."""
    names: set[str] = set()
    for name, sub in node.get("properties", {}).items():
        names.add(name)
        if "$ref" in sub:
            sub = schema["$defs"][sub["$ref"].split("/")[-1]]
        items = sub.get("items", {})
        if "$ref" in items:
            items = schema["$defs"][items["$ref"].split("/")[-1]]
        names |= _properties(schema, sub) | _properties(schema, items)
    return names


@pytest.mark.parametrize("kind", ["project", "method"])
def test_scaffold_explains_every_field(kind):
    schema = SiteConfig.load(ROOT).schema
    text = (ROOT / "site_config/scaffold" / f"{kind}.md").read_text("utf-8")
    missing = [n for n in sorted(_properties(schema, schema["$defs"][kind])) if not re.search(rf"\b{n}:", text)]
    assert missing == []


# --- the guide -------------------------------------------------------------------------------

def examples() -> list[str]:
    """The indented code blocks of the guide that are whole content files."""
    blocks, current = [], None
    for line in GUIDE.split("\n") + [""]:
        if line.startswith("    ") or (current is not None and line == ""):
            current = [] if current is None else current
            current.append(line[4:])
        else:
            if current:
                blocks.append("\n".join(current).strip("\n") + "\n")
            current = None
    return [b for b in blocks if b.startswith("---\ntitle:")]


@pytest.mark.parametrize("kind, folder, marker", [("project", "projects", "target_group:"),
                                                  ("method", "methods", "category:")])
def test_the_guides_complete_examples_pass_the_check(scratch, kind, folder, marker):
    example = next(b for b in examples() if marker in b)
    # source reports the example cites must exist in the real catalogue; bring them along
    for name in re.findall(r"(?:source|report): ([a-z0-9-]+)", example):
        shutil.copy(ROOT / "content/sources" / f"{name}.md", scratch / "content/sources")
    rel = f"content/{folder}/eksempel.md"
    (scratch / rel).write_text(example, encoding="utf-8")
    assert problems_for(scratch, rel) == []


def test_the_guides_sample_error_is_what_the_check_prints(scratch):
    example = next(b for b in examples() if "target_group:" in b)
    (scratch / "content/projects/job-med-mentor-i-holbaek.md").write_text(
        example.replace("  level: formodning", "  level: viden"), encoding="utf-8")
    result = run_cli(scratch, "check")
    printed = [line for line in result.stdout.splitlines()
               if line.startswith("content/") and ": advarsel: " not in line]  # errors, not coding-rule warnings
    assert len(printed) == 1 and printed[0] in GUIDE


def test_the_guide_explains_every_field_and_value():
    config = SiteConfig.load(ROOT)
    schema = config.schema
    fields = _properties(schema, schema["$defs"]["project"]) | _properties(schema, schema["$defs"]["method"])
    missing = sorted(f for f in fields if f"`{f}`" not in GUIDE)
    assert missing == [], "fields not explained in CONTRIBUTING.md"
    for vocabulary in ("target_groups", "disability_categories", "themes", "indicators", "units",
                       "implementability", "evidence", "levels", "method_categories"):
        missing = [k for k in config.vocabularies[vocabulary] if f"`{k}`" not in GUIDE]
        assert missing == [], f"{vocabulary}: values not in CONTRIBUTING.md"


def test_the_guides_matrix_is_the_configured_one():
    config = SiteConfig.load(ROOT)
    doc = config.documentation
    stated = set(re.findall(r"`(\w+)` og `(\w+)` giver `(\w+)`", GUIDE))
    expected = {(i, e, level) for i, row in doc["matrix"].items() for e, level in row.items()}
    assert stated == expected
    assert f"`{doc['unknown']}`" in GUIDE and f"`{doc['unknown_level']}`" in GUIDE


def test_the_guide_covers_what_the_issue_asks():
    for needle in ("python -m generator new project", "python -m generator new method", "python -m generator check",
                   "https://metodekataloget.dk/data/schema.json", "pre-commit", "Artifacts", "feed.xml",
                   "pull request", "location", "## For vedligeholdere"):
        assert needle in GUIDE, needle


def test_the_guide_is_on_the_site(scratch):
    from generator import build

    files = build.render(build.load_catalogue(SiteConfig.load(scratch)))
    page = files["bidrag/git/index.md"]
    assert "For dig, der bruger git" in page and "python -m generator new project" in page
    assert "## For vedligeholdere" not in page and "## Kort fortalt" in page  # maintainers' part stays in the repo
    assert "python -m generator" not in files["bidrag/index.md"]  # the short page has no commands


def test_pre_commit_runs_the_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert any(re.fullmatch(r"python -m generator( --root \.)? check", h["entry"]) and h.get("pass_filenames") is False
               for h in hooks)


def test_issue_form_and_workflows_parse():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/foreslaa-projekt.yml").read_text("utf-8"))
    assert form["name"] == "Foreslå et projekt" and form["body"]
    ids = [item.get("id") for item in form["body"] if item.get("id")]
    assert len(ids) == len(set(ids))
    for path in (ROOT / ".github/workflows").glob("*.yml"):
        workflow = yaml.safe_load(path.read_text("utf-8"))
        triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
        assert "pull_request_target" not in triggers and "workflow_run" not in triggers, path.name
        assert "permissions" in workflow, f"{path.name}: set minimal permissions explicitly"
        text = path.read_text("utf-8")
        assert "secrets." not in text or "pull_request" not in triggers, f"{path.name}: no secrets in PR jobs"
        for action in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), f"{path.name}: pin {action} by major version"


def test_codeowners_protects_everything_but_content():
    lines = [line.split() for line in (ROOT / ".github/CODEOWNERS").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0][0] == "*" and len(lines[0]) > 1  # everything: a maintainer
    content = [entry for entry in lines if entry[0] in ("/content/", "/content/**")]
    assert content and lines.index(content[-1]) > 0  # later lines win: content/ is the exception
    assert json.dumps(lines).count("/.github/") >= 1  # and .github/ explicitly stays with maintainers
