"""The Atom feed of new and changed projects (/feed.xml) and the git dates behind it
("Sidst opdateret" on each page)."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import make_root

from generator import build, feed, freshness, load, model
from generator.config import SiteConfig

A = "{http://www.w3.org/2005/Atom}"
ALFA = "content/projects/alfa-projektet.md"
BETA = "content/projects/beta-projektet.md"


def catalogue(root: Path, updated: dict[str, str] | None = None) -> model.Catalogue:
    """The model straight from the files (no check), with the given git dates."""
    config = SiteConfig.load(root)
    records = [load.read(path, kind, root)[0] for path, kind in load.content_files(config.content_dir)]
    return model.build(records, config, updated or {})


def parse(xml: str) -> ET.Element:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == f"{A}feed"
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{A}entry")


def test_one_entry_per_dated_project_newest_first(scratch):
    cat = catalogue(scratch, {ALFA: "2026-03-01", BETA: "2026-05-01"})
    doc = parse(feed.atom(cat, {ALFA: "2026-01-15", BETA: "2026-05-01"}))
    items = entries(doc)
    assert [e.findtext(f"{A}title") for e in items] == ["Beta-projektet", "Alfa-projektet"]
    assert doc.findtext(f"{A}updated") == "2026-05-01T00:00:00Z"  # the newest entry, not the clock
    beta, alfa = items
    assert beta.findtext(f"{A}id") == "https://metodekataloget.dk/projekter/beta-projektet/"
    assert beta.find(f"{A}link").get("href") == beta.findtext(f"{A}id")
    assert beta.findtext(f"{A}summary").startswith("Nyt i kataloget 2026-05-01.")
    assert alfa.findtext(f"{A}published") == "2026-01-15T00:00:00Z"
    assert alfa.findtext(f"{A}updated") == "2026-03-01T00:00:00Z"
    assert alfa.findtext(f"{A}summary").startswith("Ændret 2026-03-01 (i kataloget siden 2026-01-15).")
    assert alfa.find(f"{A}category").get("term") == "formodning"
    assert doc.find(f"{A}link[@rel='self']").get("href") == "https://metodekataloget.dk/feed.xml"
    assert doc.findtext(f"{A}author/{A}name") == "Metodekataloget"


def test_feed_is_deterministic(scratch):
    cat = catalogue(scratch, {ALFA: "2026-03-01", BETA: "2026-03-01"})
    first = feed.atom(cat)
    assert first == feed.atom(catalogue(scratch, {BETA: "2026-03-01", ALFA: "2026-03-01"}))
    # ties are broken by slug, so the order never depends on file-system order
    assert [e.findtext(f"{A}title") for e in entries(parse(first))] == ["Alfa-projektet", "Beta-projektet"]


def test_outside_git_the_feed_names_no_project_and_is_dated_by_the_content(scratch, monkeypatch):
    """Without git no project has a date, so none is called new or changed; the feed's own
    date (Atom requires one) is the newest content file's, or SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for path in (scratch / "content").rglob("*.md"):
        os.utime(path, (1767225600, 1767225600))  # 2026-01-01
    os.utime(scratch / BETA, (1772323200, 1772323200))  # 2026-03-01
    doc = parse(feed.atom(catalogue(scratch)))
    assert entries(doc) == [] and doc.findtext(f"{A}updated") == "2026-03-01T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert parse(feed.atom(catalogue(scratch))).findtext(f"{A}updated") == "2026-01-01T00:00:00Z"


def test_only_the_newest_projects(scratch, monkeypatch):
    monkeypatch.setattr(feed, "LIMIT", 1)
    doc = parse(feed.atom(catalogue(scratch, {ALFA: "2026-03-01", BETA: "2025-01-01"})))
    assert [e.findtext(f"{A}title") for e in entries(doc)] == ["Alfa-projektet"]


def test_titles_are_escaped(scratch):
    path = scratch / ALFA
    hostile = '<script>alert("x")</script> & ]]> \x0b<b onmouseover=alert(1)>'
    text = path.read_text("utf-8").replace("title: Alfa-projektet", f"title: {json.dumps(hostile)}")
    path.write_text(text.replace("summary: Et", "summary: <img src=x onerror=alert(1)> Et"), "utf-8")
    xml = feed.atom(catalogue(scratch, {ALFA: "2026-03-01"}))
    assert "<script" not in xml and "<img" not in xml and "<b " not in xml
    assert "&lt;script&gt;" in xml
    entry = entries(parse(xml))[0]
    assert entry.findtext(f"{A}title") == hostile.replace("\x0b", "")  # XML 1.0 cannot carry \x0b
    assert "<img src=x onerror=alert(1)>" in entry.findtext(f"{A}summary")
    assert all(child.tag.startswith(A) for child in entry)


# --- git history: "Sidst opdateret" and first-added dates -------------------------------------

def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def history(tmp_path) -> Path:
    """A scratch root in its own git repository: all content added on 2026-01-10, alfa
    changed again on 2026-02-20."""
    root = make_root(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "indhold", date="2026-01-10")
    path = root / ALFA
    path.write_text(path.read_text("utf-8").replace("Testbegrundelse.", "Ny begrundelse."), "utf-8")
    git(root, "commit", "-q", "-am", "ret alfa", date="2026-02-20")
    return root


def test_dates_come_from_git(history):
    files = [ALFA, BETA]
    assert freshness.last_changed(history, files) == {ALFA: "2026-02-20", BETA: "2026-01-10"}
    assert freshness.first_added(history, files) == {ALFA: "2026-01-10", BETA: "2026-01-10"}


def test_uncommitted_and_outside_git_have_no_date(history, tmp_path_factory):
    new = history / "content/projects/gamma.md"
    new.write_text((history / ALFA).read_text("utf-8"), "utf-8")
    assert "content/projects/gamma.md" not in freshness.last_changed(history, ["content/projects/gamma.md"])
    elsewhere = make_root(tmp_path_factory.mktemp("nogit"))
    assert freshness.last_changed(elsewhere, [ALFA]) == {}
    assert freshness.first_added(elsewhere, [ALFA]) == {}


def test_last_updated_is_shown_only_when_known(history):
    config = SiteConfig.load(history)
    out = build.render(build.load_catalogue(config))
    assert '<time datetime="2026-02-20">20. februar 2026</time>' in out["projekter/alfa-projektet.md"]
    assert "Sidst opdateret" in out["projekter/alfa-projektet.md"]
    undated = build.render(catalogue(history))
    assert "Sidst opdateret" not in undated["projekter/alfa-projektet.md"]


def test_built_site_has_the_feed_and_links_it(history):
    files = build.render(build.load_catalogue(SiteConfig.load(history)))
    doc = parse(files["feed.xml"])
    alfa = next(e for e in entries(doc) if e.findtext(f"{A}title") == "Alfa-projektet")
    assert alfa.findtext(f"{A}updated") == "2026-02-20T00:00:00Z"
    assert alfa.findtext(f"{A}published") == "2026-01-10T00:00:00Z"
    build.write_tree(history / "docs", files)
    build.mkdocs_build(history / "mkdocs.yml", history / "site")
    assert (history / "site/feed.xml").read_bytes() == files["feed.xml"].encode("utf-8")
    for page in ("index.html", "projekter/alfa-projektet/index.html"):
        html = (history / "site" / page).read_text("utf-8")
        assert 'rel="alternate feed" type="application/atom+xml"' in html
    home = (history / "site/index.html").read_text("utf-8")
    assert 'href="feed.xml"' in home
