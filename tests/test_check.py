"""`python -m generator check`: each bad input gets its error with the right file, line
and field, while every other file is still checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import validate
from generator.config import ROOT, SiteConfig

ALFA = (Path(__file__).parent / "fixtures/content/projects/alfa-projektet.md").read_text("utf-8")


def problems_for(root: Path, name: str, text: str | bytes, folder: str = "projects"):
    path = root / "content" / folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    _, problems = validate.check(SiteConfig.load(root))
    return [p for p in problems if p.path == f"content/{folder}/{name}"], problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_fixture_catalogue_is_clean(scratch):
    records, problems = validate.check(SiteConfig.load(scratch))
    assert problems == []
    assert len(records) == 5


def test_invalid_yaml_is_reported_with_line(scratch):
    text = ALFA.replace("funding: Testpuljen", "funding: [Testpuljen")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert len(found) == 1 and "ugyldig YAML" in found[0].message
    assert found[0].line >= line_of(text, "funding:")


def test_missing_front_matter(scratch):
    found, _ = problems_for(scratch, "gamma.md", "# Bare en overskrift\n")
    assert [(p.line, "front matter" in p.message) for p in found] == [(1, True)]


def test_unclosed_front_matter(scratch):
    found, _ = problems_for(scratch, "gamma.md", "---\ntitle: x\n")
    assert len(found) == 1 and "lukkes aldrig" in found[0].message


def test_tabs_in_yaml(scratch):
    text = ALFA.replace("  start: 2008", "\tstart: 2008")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.line, p.col) for p in found] == [(line_of(text, "start: 2008"), 1)]
    assert "tabulator" in found[0].message


def test_duplicate_keys_are_not_silently_accepted(scratch):
    text = ALFA.replace("funding: Testpuljen", "funding: Testpuljen\nfunding: Anden pulje")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert len(found) == 1
    assert found[0].line == line_of(text, "Anden pulje") and found[0].field == "funding"
    assert "to gange" in found[0].message


def test_unknown_key_suggests_the_closest_allowed_key(scratch):
    text = ALFA.replace("funding: Testpuljen", "fundng: Testpuljen")
    found, _ = problems_for(scratch, "gamma.md", text)
    line = line_of(text, "fundng")
    assert [(p.field, p.line, p.suggestion) for p in found] == [("fundng", line, "funding: Testpuljen")]
    assert found[0].message == "ukendt felt 'fundng'; feltet hedder 'funding'."  # not also "'funding' mangler"


def test_wrong_type_names_the_field_and_line(scratch):
    text = ALFA.replace("    value: 12\n", "    value: tolv\n")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line) for p in found] == [("results[0].value", line_of(text, "value: tolv"))]
    assert found[0].message.startswith("forventede et tal (med punktum som decimaltegn) eller null (ikke oplyst)")


def test_bad_enum_value_suggests_the_closest(scratch):
    text = ALFA.replace("  implementability: overordnet", "  implementability: overordnt")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [p.field for p in found] == ["documentation.implementability"]
    assert found[0].suggestion == "overordnet"


def test_empty_required_field(scratch):
    text = ALFA.replace("title: Alfa-projektet", 'title: ""')
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line, p.message) for p in found] == [("title", 2, "må ikke være tom.")]


def test_empty_method_list_suggests_method_slugs(scratch):
    text = ALFA.replace("methods: [mentorordning, virksomhedspraktik]", "methods: []")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line) for p in found] == [("methods", line_of(text, "methods: []"))]
    assert "[mentorordning, virksomhedspraktik]" in found[0].suggestion


def test_missing_required_field(scratch):
    text = ALFA.replace("holder: Alfa Kommune Jobcenter\n", "")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [p.field for p in found] == ["holder"] and "mangler" in found[0].message


def test_file_name_that_is_not_a_slug(scratch):
    found, _ = problems_for(scratch, "Gamma Projekt.md", ALFA)
    assert any(p.field == "filnavn" and "gamma-projekt.md" in p.suggestion for p in found)


def test_too_long_file_name_states_the_limit_and_suggests_a_shorter_one(scratch):
    name = "job-med-mentor-og-virksomhedspraktik-for-unge-ledige-uden-uddannelse-i-nordjylland-2019.md"
    found, _ = problems_for(scratch, name, ALFA)
    [problem] = [p for p in found if p.field == "filnavn"]
    assert "højst have 80 tegn" in problem.message and "(dette har 87)" in problem.message
    suggested = "job-med-mentor-og-virksomhedspraktik-for-unge-ledige-uden-uddannelse-i"
    assert problem.suggestion == f"omdøb til '{suggested}.md'."
    assert len(suggested) <= 80


def test_slugs_that_collide_after_folding(scratch):
    problems_for(scratch, "café-exit.md", ALFA)
    found, problems = problems_for(scratch, "cafe-exit.md", ALFA)
    colliding = [p for p in problems if "bliver ens" in p.message]
    assert {p.path for p in colliding} == {"content/projects/café-exit.md", "content/projects/cafe-exit.md"}


def test_unknown_method_suggests_closest_slug(scratch):
    text = ALFA.replace("methods: [mentorordning, virksomhedspraktik]", "methods: [mentorordnig, praktik]")
    found, _ = problems_for(scratch, "gamma.md", text)
    by_field = {p.field: p for p in found}
    assert by_field["methods[0]"].line == line_of(text, "methods:")
    assert by_field["methods[0]"].suggestion == "mentorordning"
    assert by_field["methods[1]"].suggestion == "virksomhedspraktik"  # found through the alias
    assert by_field["methods[1]"].message == ("'praktik' er et andet navn for metoden 'virksomhedspraktik'; skriv "
                                              "metodens slug.")


def test_level_that_contradicts_the_matrix(scratch):
    text = ALFA.replace("  level: formodning", "  level: viden")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line) for p in found] == [("documentation.level", line_of(text, "level: viden"))]
    assert found[0].suggestion == "level: formodning"


def test_a_report_source_with_fields_of_its_own(scratch):
    """Title, publisher, year and address of a report come from its source page: beside
    `report` they would be silently ignored, so they are an error at their line."""
    own = "    title: En anden titel\n    year: 2010\n"
    text = ALFA.replace("  - report: testrapport\n", "  - report: testrapport\n" + own)
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line) for p in found] == [("sources[0].title", line_of(text, "title: En anden titel"))]
    assert found[0].message.startswith("title, year bruges ikke, når kilden er kilderapporten 'testrapport'")
    assert "Slet linjerne" in found[0].message


def test_file_that_is_not_utf8(scratch):
    found, _ = problems_for(scratch, "gamma.md", ALFA.encode("latin-1"))
    assert len(found) == 1 and "UTF-8" in found[0].message
    assert found[0].line == line_of(ALFA, "Holbæk")  # the first line with a non-UTF-8 byte


@pytest.mark.parametrize("body, col", [
    ("Tekst <script>alert(1)</script>", 7),
    ('<img src=x onerror="alert(1)">', 1),
    ("[klik](javascript:alert(1))", 8),
    ("[klik](JaVaScRiPt&#58;alert(1))", 8),
    ("[klik](data:text/html;base64,PHNjcmlwdD4=)", 8),
    ("[ref]: javascript:alert(1)", 8),
    ("<javascript:alert(1)>", 2),
])
def test_raw_html_and_unsafe_links_in_body(scratch, body, col):
    text = ALFA + "\n" + body + "\n"
    found, _ = problems_for(scratch, "gamma.md", text)
    assert [(p.field, p.line, p.col) for p in found] == [("brødtekst", len(ALFA.split("\n")) + 1, col)]


def test_html_in_code_is_allowed(scratch):
    found, _ = problems_for(scratch, "gamma.md", ALFA + "\nSkriv `<br>` i koden.\n\n```\n<div>\n```\n")
    assert found == []


def test_bom_and_crlf_are_accepted(scratch):
    text = "\ufeff" + ALFA.replace("\n", "\r\n")
    found, _ = problems_for(scratch, "gamma.md", text.encode("utf-8"))
    assert found == []


def test_python_tags_are_errors_and_never_execute(scratch, tmp_path):
    marker = tmp_path / "pwned"
    text = ALFA.replace("funding: Testpuljen", f"funding: !!python/object/apply:os.system ['touch {marker}']")
    found, _ = problems_for(scratch, "gamma.md", text)
    assert len(found) == 1 and "YAML-tag" in found[0].message and found[0].line == line_of(text, "funding:")
    assert not marker.exists()


def test_all_errors_in_one_run_across_files(scratch):
    problems_for(scratch, "gamma.md", ALFA.replace("  level: formodning", "  level: viden"))
    _, problems = problems_for(scratch, "delta.md", ALFA.replace("unit: personer", "unit: folk"))
    assert {p.path for p in problems} == {"content/projects/gamma.md", "content/projects/delta.md"}


def test_stray_file_is_not_silently_skipped(scratch):
    (scratch / "content/projects/omega.yaml").write_text("title: x\n", encoding="utf-8")
    _, problems = validate.check(SiteConfig.load(scratch))
    assert [p.path for p in problems] == ["content/projects/omega.yaml"]


def run_cli(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})


def test_cli_prints_path_line_col_and_github_annotations(scratch):
    text = ALFA.replace("  level: formodning", "  level: viden")
    (scratch / "content/projects/gamma.md").write_text(text, encoding="utf-8")
    result = run_cli(scratch, "check", env={"GITHUB_ACTIONS": "true"})
    line = line_of(text, "level: viden")
    assert result.returncode == 1
    assert f"content/projects/gamma.md:{line}:10: documentation.level: niveauet 'viden'" in result.stdout
    assert f"::error file=content/projects/gamma.md,line={line},col=10," in result.stdout


def test_cli_check_passes_on_clean_content(scratch):
    result = run_cli(scratch, "check")
    assert result.returncode == 0, result.stdout
    assert "::error" not in result.stdout


def test_bundled_catalogue_passes_check():
    records, problems = validate.check(SiteConfig.load(ROOT))
    assert problems == [], "\n".join(map(str, problems[:20]))
    assert len(records) > 100


def test_check_runs_without_mkdocs_installed(scratch):
    """A contributor's pre-commit hook needs only the validator: `check` must not import MkDocs."""
    blocker = ("import builtins, sys\n"
               "real = builtins.__import__\n"
               "def guarded(name, *a, **k):\n"
               "    if name.split('.')[0] == 'mkdocs':\n"
               "        raise ModuleNotFoundError(name)\n"
               "    return real(name, *a, **k)\n"
               "builtins.__import__ = guarded\n"
               "from generator.cli import main\n"
               f"sys.exit(main(['--root', {str(scratch)!r}, 'check']))\n")
    run = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("OK:")


def test_cli_summary_in_danish_singular_and_plural(scratch):
    (scratch / "content/projects/gamma.md").write_text(ALFA.replace("  level: formodning", "  level: viden"), "utf-8")
    one = run_cli(scratch, "check")
    assert one.stderr.strip().splitlines()[-1] == "1 fejl i 1 fil. Rettelser: se CONTRIBUTING.md."
    (scratch / "content/projects/delta.md").write_text(ALFA.replace("unit: personer", "unit: folk"), "utf-8")
    two = run_cli(scratch, "check")
    assert two.stderr.strip().splitlines()[-1] == "2 fejl i 2 filer. Rettelser: se CONTRIBUTING.md."
    (scratch / "content/projects/gamma.md").unlink()
    (scratch / "content/projects/delta.md").unlink()
    assert run_cli(scratch, "check").stdout.splitlines()[0] == "OK: 5 filer kontrolleret, ingen fejl."
