"""`python -m generator changed --base REF`: the changed files of a branch, and a
warning (never a failure) when a content pull request also touches code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pr
from generator.config import ROOT


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, rel: str, text: str = "x\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """main with one project and some code; the test then works on branch 'bidrag'."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "checkout", "-q", "-b", "main")
    for rel in ("content/projects/alfa.md", "generator/build.py", "mkdocs.yml", ".gitignore"):
        write(tmp_path, rel, "ignoreret/\n" if rel == ".gitignore" else "x\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    git(tmp_path, "checkout", "-q", "-b", "bidrag")
    return tmp_path


def run(root: Path, base: str, github: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "changed", f"--base={base}"],
                          capture_output=True, text=True, cwd=ROOT, env=env)


def test_content_only_pull_request_has_no_warning(repo):
    write(repo, "content/projects/beta.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "beta")
    write(repo, "content/projects/alfa.md", "rettet\n")  # uncommitted edits count too
    write(repo, "content/methods/ny.md")  # and untracked files
    write(repo, "ignoreret/skrald.md")  # but not ignored ones
    assert pr.changed_files(repo, "main") == [
        "content/methods/ny.md", "content/projects/alfa.md", "content/projects/beta.md"]
    result = run(repo, "main", github=True)
    assert result.returncode == 0
    assert "::warning" not in result.stdout and "advarsel" not in result.stdout
    assert "3 indholdsfiler, 0 andre filer" in result.stdout


def test_content_and_code_together_warn_per_code_file(repo, tmp_path_factory):
    write(repo, "content/projects/beta.md")
    write(repo, "generator/build.py", "ændret\n")
    write(repo, ".github/workflows/x.yml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "blandet")
    result = run(repo, "main", github=True)
    assert result.returncode == 0  # a warning, never a failure
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert [w.split(",")[0] for w in warnings] == ["::warning file=.github/workflows/x.yml",
                                                   "::warning file=generator/build.py"]
    plain = run(repo, "main", github=False)
    assert "::warning" not in plain.stdout and "advarsel" in plain.stdout


def test_code_only_change_has_no_warning(repo):
    write(repo, "mkdocs.yml", "ændret\n")
    git(repo, "commit", "-q", "-am", "kode")
    result = run(repo, "main", github=True)
    assert result.returncode == 0 and "::warning" not in result.stdout


def test_diff_is_against_the_merge_base(repo):
    """Commits on main after the branch point are not the branch's changes."""
    write(repo, "content/projects/beta.md")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "beta")
    git(repo, "checkout", "-q", "main")
    write(repo, "generator/build.py", "på main\n")
    git(repo, "commit", "-q", "-am", "main går videre")
    git(repo, "checkout", "-q", "bidrag")
    assert pr.changed_files(repo, "main") == ["content/projects/beta.md"]


def test_file_names_cannot_inject_workflow_commands(repo):
    write(repo, "content/projects/beta.md")
    write(repo, "x\n::error::falsk.md")
    write(repo, "a,b:c%d.txt")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "navne")
    result = run(repo, "main", github=True)
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error") for line in lines)
    assert "::warning file=a%2Cb%3Ac%25d.txt,title=" in result.stdout  # ',' ':' '%' escaped
    assert "x?::error::falsk.md" in result.stdout


def test_unknown_ref_is_an_error(repo):
    result = run(repo, "findes-ikke", github=False)
    assert result.returncode == 2 and "kunne ikke sammenligne" in result.stdout


def test_ref_cannot_be_an_option(repo, tmp_path):
    target = tmp_path / "skrevet.txt"
    result = run(repo, f"--output={target}", github=False)
    assert result.returncode == 2 and not target.exists()


def test_warnings_logic():
    assert pr.warnings(["content/a.md"]) == []
    assert pr.warnings(["README.md"]) == []
    assert [f for f, _ in pr.warnings(["content/a.md", "README.md", "site_config/site.yml"])] == [
        "README.md", "site_config/site.yml"]
    assert pr.split(["contentx/a.md", "content/b.md"]) == (["content/b.md"], ["contentx/a.md"])
