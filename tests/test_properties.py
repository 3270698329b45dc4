"""Property-based tests (Hypothesis, fixed seed and example counts so they fit CI):

- every path of every record type, its value replaced by a value of each wrong shape
  (number, text, list, group, null, true/false, date, NaN, huge text, deep nesting, YAML
  alias): `check` returns 1 with a problem on that line, and nothing raises;
- records generated valid from the schema (hypothesis-jsonschema) always generate their
  pages, and every text value appears on the project page escaped.

Failures Hypothesis found are kept as explicit regression tests at the end."""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import FIXTURES, make_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from generator import build, cli, load, validate
from generator.config import SiteConfig

PROPERTY = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SENTINEL = "SENTINEL-VALUE"
FOLDERS = {"project": "projects", "method": "methods", "source": "sources"}


def front(kind: str) -> dict:
    return yaml.safe_load((FIXTURES / "content" / FOLDERS[kind] / {
        "project": "alfa-projektet.md", "method": "mentorordning.md", "source": "testrapport.md"}[kind])
        .read_text("utf-8").split("---")[1])


def full_records() -> dict[str, dict]:
    """One record of each type with every optional field filled in: their paths are all the
    schema's paths (test_the_records_have_every_path_of_the_schema keeps it so)."""
    project = front("project")
    project.update(partners=["Lokalt netværk"], area="Vestsjælland", coding_note="T3: se bilaget.",
                   budget={"amount": 2500000, "currency": "DKK", "note": "inkl. moms", "location": "s. 5",
                           "lines": "10-12"},
                   discrepancies=[{"description": "To tal.", "locations": ["s. 3", "s. 4"], "lines": "30; 41"}])
    project["period"].update(note="forlænget", location="s. 2", lines="5")
    project["target_group"].update(disability_category="bred")
    project["target_group"]["participants"].update(note="heraf 12 kvinder", location="s. 9", lines="90")
    project["results"][0].update(note="opgjort i 2010", source="testrapport", lines="120-122", rate=25)
    project["results"][0]["benchmark"].update(location="tabel 5", lines="130")
    project["sources"][0]["lines"] = "1-200"
    project["sources"].append({"title": "Evaluering", "publisher": "Analyse A/S", "year": 2011,
                               "url": "https://eksempel.dk/r.pdf", "number": 3, "location": "kapitel 4"})
    method = front("method")
    method["findings"][0]["lines"] = "44"
    method["statements"] = [{"source": "testrapport", "table": "tabel-1", "activity": "Mentorordning",
                             "level": "formodning", "count": 8, "theme": "systemtilgang",
                             "location": "afsnit 5.8, tabel 1", "lines": "3985", "note": "talt i tabellen"}]
    source = front("source")
    source.update(commissioned_by="Styrelsen", url="https://eksempel.dk/rapport.pdf", expected_projects=2,
                  year_location="kolofonen", year_note="Året står i kolofonen.",
                  availability={"text": "Hos udgiveren.", "links": [{"label": "Rapporten",
                                                                     "url": "https://eksempel.dk/r.pdf"}]},
                  citation={"reference": "Testforlaget 2010.", "locations": "afsnit og tabeller", "pages": "ingen"})
    source["headline_figures"][0]["lines"] = "7"
    return {"project": project, "method": method, "source": source}


FULL = full_records()


def paths(node, path: tuple = ()) -> list[tuple]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += paths(value, (*path, i))
    return out


def schema_paths(root: dict, node: dict, path: tuple = ()) -> set[tuple]:
    """Every path the schema defines (index 0 for any list item)."""
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    out = set()
    for branch in node.get("anyOf", []):
        if branch.get("type") != "null":
            out |= schema_paths(root, branch, path)
    for key, value in node.get("properties", {}).items():
        out |= {(*path, key)} | schema_paths(root, value, (*path, key))
    if "items" in node:
        out |= {(*path, 0)} | schema_paths(root, node["items"], (*path, 0))
    return out


PATHS = [(kind, path) for kind, record in FULL.items() for path in paths(record)]


def with_value(record: dict, path: tuple, value) -> dict:
    record = copy.deepcopy(record)
    node = record
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return record


def document(data: dict, body: str = "Tekst.\n") -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    dumped = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n{dumped}---\n\n{body}"


def marked(kind: str, path: tuple) -> tuple[str, int]:
    """The record as a file with SENTINEL at path, and the line it stands on."""
    text = document(with_value(FULL[kind], path, SENTINEL))
    return text, next(n for n, row in enumerate(text.split("\n"), 1) if SENTINEL in row)


MARKED = {(kind, path): marked(kind, path) for kind, path in PATHS}


def test_the_records_have_every_path_of_the_schema():
    schema = SiteConfig.load().schema
    for kind, record in FULL.items():
        covered = {tuple(0 if isinstance(part, int) else part for part in path) for path in paths(record)}
        assert covered == schema_paths(schema, schema["$defs"][kind]), kind
        assert Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"}).is_valid(record), kind


letters = st.text("abcæøå", min_size=1, max_size=6)
# Each wrong shape as YAML text, as a contributor could type it after `key: ` or `- `.
SHAPES = {
    "number": st.one_of(st.integers(-10**30, 10**30).map(str), st.floats(allow_nan=False).map(repr)),
    "text": st.text(max_size=40).map(lambda s: json.dumps(s, ensure_ascii=False)),
    "list": st.lists(st.one_of(st.integers(), letters), max_size=3).map(json.dumps),
    "group": st.dictionaries(letters, st.one_of(st.integers(), letters), max_size=3).map(json.dumps),
    "null": st.sampled_from(["null", "~", ""]),
    "boolean": st.sampled_from(["true", "false", "yes", "no", "on", "off"]),
    "date": st.dates().map(lambda d: d.isoformat()),
    "nan": st.sampled_from([".nan", ".inf", "-.inf", ".NaN"]),
    "huge text": st.sampled_from([1000, 100_000, 300_000]).map(lambda n: '"' + "x" * n + '"'),
    "deep nesting": st.integers(21, 3000).map(lambda n: "[" * n + "]" * n),
    "alias": st.sampled_from(["[&a x, *a]", "*a", "&a {k: [*a]}"]),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A scratch catalogue with the fixture methods and source report, and no projects."""
    root = make_root(tmp_path_factory.mktemp("properties"))
    for project in (root / "content/projects").glob("*.md"):
        project.unlink()
    return root


VALIDATORS: dict[str, Draft202012Validator] = {}


def must_fail(kind: str, path: tuple, snippet: str, config: SiteConfig) -> bool:
    """Whether the schema (or the rules beside it: no NaN, no aliases, no deep nesting,
    files under 256 KB) rejects the snippet at path."""
    try:
        value = yaml.load(snippet or "null", Loader=load._CLOADER or load._Loader)
    except (yaml.YAMLError, RecursionError):
        return True
    if snippet.startswith(("&", "*", "[&", "[[" * 11)) or len(snippet) > load.MAX_BYTES:
        return True
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return True
    if kind not in VALIDATORS:
        VALIDATORS[kind] = Draft202012Validator({**config.schema, "$ref": f"#/$defs/{kind}"})
    return not VALIDATORS[kind].is_valid(with_value(FULL[kind], path, value))


@pytest.mark.parametrize("shape", list(SHAPES))
def test_any_wrong_shape_at_any_path_is_a_located_problem(root, shape, capsys):
    config = SiteConfig.load(root)

    @settings(PROPERTY, max_examples=2)
    @given(snippet=SHAPES[shape])
    def every_path(snippet: str) -> None:
        for kind, path in PATHS:
            marked_text, line = MARKED[kind, path]
            text = marked_text.replace(SENTINEL, snippet, 1)
            target = root / "content" / FOLDERS[kind] / "gamma.md"
            target.write_text(text, "utf-8")
            try:
                status = cli.check(config)  # what `python -m generator check` returns and prints
            finally:
                target.unlink()
            printed = [row for row in capsys.readouterr().out.splitlines() if not WARNING.search(row)]
            problems = [re.match(r"^(\S+?):(\d+):\d+: ", row) for row in printed] if status else []
            assert all(problems) and (status, len(printed)) in ((0, 1), (1, len(problems))), printed
            assert {m[1] for m in problems} <= {f"content/{FOLDERS[kind]}/gamma.md"}, printed
            if must_fail(kind, path, snippet, config):
                assert status == 1, (kind, path, snippet[:80])
                lines = {int(m[2]) for m in problems}
                expected = 1 if len(text.encode()) > load.MAX_BYTES else line
                assert expected in lines, (kind, path, snippet[:80], printed)
            for row in printed:
                assert not ENGLISH.search(row), row

    every_path()


WARNING = re.compile(r"^\S+:\d+:\d+: advarsel: |^\d+ advarsl?e?r? i ")  # coding rules: not errors


# Words of PyYAML's and jsonschema's English messages, and Danish stopgaps like "fil(er)".
ENGLISH = re.compile(r"\b(mapping|expected|found|while|scanning|parsing|is not of type|is not valid|"
                     r"is a required property|Additional properties)\b|\(er\)")


# --- valid records -----------------------------------------------------------------------------
def record_strategy(config: SiteConfig, kind: str):
    """Records valid by the schema, with at most three items a list (a bigger record finds
    nothing new and costs more to build and to shrink)."""
    def short(node):
        if isinstance(node, dict):
            node = {k: short(v) for k, v in node.items()}
            if node.get("type") == "array":
                node["maxItems"] = 3
            return node
        return [short(v) for v in node] if isinstance(node, list) else node

    schema = short({k: v for k, v in config.schema.items() if k != "$id"})
    return from_schema({**schema, "$ref": f"#/$defs/{kind}"})


TEXT_MARK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|<\s*/?\s*[A-Za-z][^>]*>|javascript\s*:", re.I)
REFERENCES = {"report", "source", "related", "methods"}
MARKUP = " <&\"'"  # added to every title: characters that must reach the page as text


def publishable(kind: str, data: dict, config: SiteConfig, methods: list[str]) -> dict:
    """A schema-valid record made to pass the rules beside the schema: names of methods and
    reports that exist, the level the matrix gives, start before end, no HTML or control
    characters in text; its title gets characters that must be escaped."""
    def clean(node, key=""):
        if isinstance(node, dict):
            return {k: clean(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [clean(v, key) for v in node]
        if isinstance(node, str) and key not in REFERENCES:
            return TEXT_MARK.sub("", node) or "x"
        return node

    data = clean(data)
    data["title"] = data["title"][:280] + MARKUP
    for item in data.get("sources", []) + data.get("results", []) + data.get("findings", []):
        for key in ("report", "source"):
            if key in item:
                item[key] = "testrapport"
    for source in data.get("sources", []) if kind == "project" else []:
        if "report" in source:  # the report's title, publisher, year and address are on its own page
            for key in ("title", "publisher", "year", "url"):
                source.pop(key, None)
    for key in ("methods", "related"):
        if key in data:
            data[key] = sorted({methods[hash(m) % len(methods)] for m in data[key]} or
                               ({methods[0]} if key == "methods" else set()))
    # Statement counts must name a table and an activity of the real report that belong to
    # this method (site_config/statements.yml); a generated method has none of its own.
    data.pop("statements", None)
    if kind == "project":
        doc = data["documentation"]
        doc["level"] = config.level_for(doc["implementability"], doc["evidence"])
        period = data["period"]
        if period["start"] is not None and period["end"] is not None and period["start"] > period["end"]:
            period["start"], period["end"] = period["end"], period["start"]
    return data


# Text the contributor writes freely (not vocabulary values, slugs, addresses or `lines`),
# by record type, and where a page shows it only on a condition.
FREE_TEXT = {
    "project": {"title", "summary", "holder", "partners", "area", "note", "funding", "description", "age", "label",
                "target_note", "as_of", "location", "locations", "publisher", "rationale"},
    "method": {"title", "summary", "aliases", "text", "location"},
    "source": {"title", "publisher", "commissioned_by", "scope", "documentation_of_results", "label", "value",
               "location", "text", "reference", "locations", "pages"},
}
NOT_ON_THE_PAGE = {("period", "location"), ("benchmark", "location")}


def shown(kind: str, data: dict, key: str, path: tuple) -> bool:
    if kind == "project":
        return (key != "target_note" or data.get("target") is not None) and (
            key not in ("title", "publisher") or path[:1] != ("sources",) or "report" not in data)
    if kind == "source" and key in ("year_location", "year_note"):
        return (data.get("year") is None) == (key == "year_note")
    return True


def shown_texts(kind: str, data, path: tuple = ()):
    """(path, text) of every free text the record's page shows."""
    if isinstance(data, dict):
        for key, value in data.items():
            if shown(kind, data, key, path):
                yield from shown_texts(kind, value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from shown_texts(kind, value, (*path, i))
    elif isinstance(data, str):
        named = [p for p in path if isinstance(p, str)]
        if named and named[-1] in FREE_TEXT[kind] | {"year_location", "year_note"} and \
                tuple(named[-2:]) not in NOT_ON_THE_PAGE:
            yield path, data


def page_html(markdown_text: str) -> str:
    body = markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---\n") else markdown_text
    return markdown.markdown(body, extensions=["attr_list", "admonition", "tables", "toc"])


def test_valid_records_build_and_show_every_value_escaped(root):
    """A project, a method and a source report generated from the schema, together."""
    config = SiteConfig.load(root)
    methods = sorted(p.stem for p in (root / "content/methods").glob("*.md"))
    kinds = ("project", "method", "source")
    pages = {kind: f"{config.site['sections'][FOLDERS[kind]]}/gamma.md" for kind in kinds}

    @settings(PROPERTY, max_examples=15)
    @given(st.tuples(*(record_strategy(config, kind) for kind in kinds)))
    def builds(records: tuple) -> None:
        records = {kind: publishable(kind, data, config, methods) for kind, data in zip(kinds, records, strict=True)}
        targets = [root / "content" / FOLDERS[kind] / "gamma.md" for kind in kinds]
        for kind, target in zip(kinds, targets, strict=True):
            target.write_text(document(records[kind]), "utf-8")
        try:
            files = build.render(build.load_catalogue(config))
        finally:
            for target in targets:
                target.unlink()
        for kind, data in records.items():
            escaped = page_html(files[pages[kind]])
            text = " ".join(html.unescape(escaped).split())  # compare text with text …
            for path, value in shown_texts(kind, data):
                assert " ".join(value.split()) in text, (kind, path, value)
            assert " &lt;&amp;&#34;&#39;" in escaped, kind  # … and markup characters stay text

    builds()


# --- cases the properties found, kept as regression tests -------------------------------------
ALFA = (FIXTURES / "content/projects/alfa-projektet.md").read_text("utf-8")


def problems_in(root: Path, text: str) -> list:
    target = root / "content/projects/gamma.md"
    target.write_text(text, "utf-8")
    try:
        return validate.check(SiteConfig.load(root))[1]
    finally:
        target.unlink()


def test_a_character_yaml_refuses_is_located(root):
    found = problems_in(root, ALFA.replace("title: Alfa-projektet", 'title: "Alfa\x7fprojektet"'))
    assert [(p.line, p.col, p.message) for p in found] == [
        (2, 13, "ugyldig YAML: usynligt kontroltegn (U+007F) i teksten; fjern det.")]


@pytest.mark.parametrize("value", ["!!int abc", "!!float x", "!!bool maybe", "!!timestamp 2019-01-01"])
def test_a_tag_that_cannot_make_its_value_is_located(root, value):
    found = problems_in(root, ALFA.replace("    value: 12\n", f"    value: {value}\n"))
    assert [p.line for p in found] == [ALFA.split("\n").index("    value: 12") + 1]
    assert "YAML-tag" in found[0].message


@pytest.mark.parametrize("key", ["1", "null", "true", "[a, b]"])
def test_a_field_name_that_is_not_text_is_located(root, key):
    found = problems_in(root, ALFA.replace("funding: Testpuljen", f"funding: Testpuljen\n{key}: x"))
    assert [(p.line, p.message.split(";")[0]) for p in found] == [(10, "feltnavnet skal være et ord")]


def test_more_participants_than_a_count_can_hold_is_a_problem(root):
    """pandas keeps counts as 64-bit integers: 5 * 10**24 participants crashed the build."""
    found = problems_in(root, ALFA.replace("planned: 60", "planned: 5164574649405553076338688"))
    assert [p.field for p in found] == ["target_group.participants.planned"]
    assert found[0].message == "5164574649405553076338688 er for stort; højst 10000000 er tilladt."


def test_a_budget_without_a_note_builds(root):
    """The page read budget.note from a dict, which the schema lets a budget leave out."""
    text = ALFA.replace("funding: Testpuljen", "funding: Testpuljen\nbudget:\n  amount: 1500000\n  location: s. 4")
    target = root / "content/projects/gamma.md"
    target.write_text(text, "utf-8")
    try:
        page = build.render(build.load_catalogue(SiteConfig.load(root)))["projekter/gamma.md"]
    finally:
        target.unlink()
    assert "1.500.000 kr." in page and "Kilde: s. 4" in page
