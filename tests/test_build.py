"""The built site: every record becomes a page, is listed where it belongs, and
project↔method links resolve; broken content never gets published."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator import build
from generator.config import ROOT, SiteConfig
from generator.memo import Memo
from generator.problems import ContentError


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def links_in(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser.hrefs


def resolve(site: Path, page: str, href: str) -> Path | None:
    """Map a relative link on page (a site path like 'projekter/x/') to its file."""
    target = urlparse(urljoin(f"http://x/{page}", href))
    if target.netloc != "x":
        return None
    path = site / target.path.lstrip("/")
    return path / "index.html" if target.path.endswith("/") else path


def linked_pages(site: Path, page: str, section: str) -> set[str]:
    found = set()
    for href in links_in(site / page / "index.html"):
        path = resolve(site, page, href)
        if path and path.parent.parent == site / section:
            found.add(path.parent.name)
    return found


def test_every_record_is_a_page(built_site, catalogue):
    for kind, section in (("projects", "projekter"), ("methods", "metoder"), ("sources", "kilder")):
        pages = {p.name for p in (built_site / section).iterdir() if p.is_dir()}
        assert pages == set(getattr(catalogue, kind)), kind


def test_catalogue_lists_every_project_once(built_site, catalogue):
    hrefs = [h for h in links_in(built_site / "katalog/index.html")
             if h.startswith("../projekter/") and h != "../projekter/"]  # not the nav's section link
    assert sorted(h.split("/")[2] for h in hrefs) == sorted(catalogue.projects)


def test_project_and_method_pages_link_both_ways(built_site, catalogue):
    for p in catalogue.projects.values():
        assert linked_pages(built_site, f"projekter/{p.slug}/", "metoder") >= set(p.methods), p.slug
    for m, projects in catalogue.projects_by_method.items():
        assert projects, f"metoden {m} bruges ikke af noget projekt"
        assert linked_pages(built_site, f"metoder/{m}/", "projekter") == {p.slug for p in projects}, m


def test_every_project_links_to_its_source_report(built_site, catalogue):
    for p in catalogue.projects.values():
        assert linked_pages(built_site, f"projekter/{p.slug}/", "kilder") >= set(p.reports), p.slug


def test_records_stay_out_of_the_nav(built_site, catalogue):
    html = (built_site / "index.html").read_text("utf-8")
    some_project = next(iter(catalogue.projects))
    assert f"projekter/{some_project}/" not in html


def test_counts_per_report_on_about_page(built_site, catalogue):
    html = (built_site / "om/index.html").read_text("utf-8")
    for s in catalogue.sources.values():
        count = len(catalogue.projects_by_source[s.slug])
        assert s.expected_projects == count, f"{s.slug}: {count} projekter, rapporten beskriver {s.expected_projects}"
        assert f"<td>{s.expected_projects}</td><td>{count}</td>" in html


def test_project_page_shows_results_and_fulfilment(scratch, tmp_path):
    build.build_site(SiteConfig.load(scratch), tmp_path / "site")
    html = (tmp_path / "site/projekter/alfa-projektet/index.html").read_text("utf-8")
    assert "12 pers. af 50" in html          # value with denominator
    assert re.search(r'<td[^>]*data-label="Opfyldelse"[^>]*>80 %</td>', html)  # 12 of target 15
    assert "8 %: Landsgennemsnit" in html    # benchmark
    assert "Overordnet metodebeskrivelse" in html and "Systematisk resultatdokumentation" in html


def test_record_pages_say_how_to_cite_them_and_where_their_history_is(scratch):
    files = build.render(build.load_catalogue(SiteConfig.load(scratch)))
    for page, path in (("projekter/alfa-projektet.md", "content/projects/alfa-projektet.md"),
                       ("metoder/mentorordning.md", "content/methods/mentorordning.md")):
        cite = files[page].split('<div class="mk-cite"', 1)[1].split("</div>", 1)[0]
        slug = path.rsplit("/", 1)[1].removesuffix(".md")
        assert f"https://metodekataloget.dk/{page.removesuffix('.md')}/ (id: <code>{slug}</code>)" in cite
        assert f'href="https://github.com/metodekataloget/metodekataloget/commits/main/{path}"' in cite


def test_generated_files_are_rewritten_only_when_changed(scratch):
    config = SiteConfig.load(scratch)
    build.generate(config, scratch / "docs")
    page = scratch / "docs/projekter/alfa-projektet.md"
    before = page.stat().st_mtime_ns
    assert build.write_tree(scratch / "docs", build.render(build.load_catalogue(config))) == (0, 0)
    assert page.stat().st_mtime_ns == before


def test_serve_memo_gives_the_tree_a_fresh_build_gives(scratch, tmp_path):
    """`serve` reuses unchanged files' checks and project pages (memo.py); after each kind
    of edit the generated tree must be exactly what a build from nothing writes."""
    memo = Memo()
    served, fresh = scratch / "docs", tmp_path / "fresh"
    build.generate(SiteConfig.load(scratch), served, memo=memo)

    def edit(rel: str, old: str, new: str) -> None:
        path = scratch / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        stat = path.stat()
        path.write_text(text.replace(old, new, 1), "utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # as a later save would

    edits = [
        ("content/projects/beta-projektet.md", "title: ", "title: Nyt navn - "),
        ("content/methods/mentorordning.md", "title: Mentorordning", "title: Mentorordning (omdøbt)"),
        ("site_config/vocabularies.yml", "udsatte_ledige: Udsatte ledige", "udsatte_ledige: Socialt udsatte ledige"),
    ]
    for rel, old, new in edits:
        edit(rel, old, new)
        build.generate(SiteConfig.load(scratch), served, memo=memo)
        build.generate(SiteConfig.load(scratch), fresh)
        assert tree(served) == tree(fresh), rel
    assert "Nyt navn" in (served / "projekter/beta-projektet.md").read_text("utf-8")
    assert "Mentorordning (omdøbt)" in (served / "projekter/alfa-projektet.md").read_text("utf-8")
    assert "Socialt udsatte ledige" in (served / "projekter/alfa-projektet.md").read_text("utf-8")
    # a vocabulary value removed from site_config makes an unchanged project file invalid
    edit("site_config/vocabularies.yml", "\n  misbrug:", "\n  misbrug_og_afhaengighed:")
    with pytest.raises(ContentError) as served_error:
        build.generate(SiteConfig.load(scratch), served, memo=memo)
    with pytest.raises(ContentError) as fresh_error:
        build.generate(SiteConfig.load(scratch), fresh)
    assert str(served_error.value) == str(fresh_error.value)
    assert "alfa-projektet.md" in str(served_error.value)


def test_serve_shows_an_edit_on_every_page_that_names_it(scratch):
    """`python -m generator serve` rebuilds dirty (MkDocs renders only changed pages): a new
    project title must still reach the method page, the catalogue and the project page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, paths: list[str], seconds: float) -> None:
        end = time.monotonic() + seconds
        while not all(text in get(p) for p in paths):
            assert proc.poll() is None, log.read_text("utf-8")
            assert time.monotonic() < end, f"{text!r} not on {paths}:\n{log.read_text('utf-8')}"
            time.sleep(0.2)

    log = scratch / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(scratch), "serve",
                                 "--dev-addr", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        pages = ["metoder/mentorordning/", "katalog/", "projekter/alfa-projektet/"]
        wait_for("Alfa-projektet", pages, 120)
        project = scratch / "content/projects/alfa-projektet.md"
        project.write_text(project.read_text("utf-8").replace("title: Alfa-projektet", "title: Omega-projektet"),
                           "utf-8")
        wait_for("Omega-projektet", pages, 60)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_removed_record_disappears_from_the_tree(scratch):
    config = SiteConfig.load(scratch)
    build.generate(config, scratch / "docs")
    (scratch / "content/projects/beta-projektet.md").unlink()
    build.generate(config, scratch / "docs")
    assert not (scratch / "docs/projekter/beta-projektet.md").exists()


def test_broken_project_is_refused_with_a_precise_error(scratch):
    path = scratch / "content/projects/alfa-projektet.md"
    path.write_text(path.read_text("utf-8").replace("  level: formodning", "  level: viden"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        build.build_site(SiteConfig.load(scratch), scratch / "site")
    assert "content/projects/alfa-projektet.md:" in str(err.value) and "documentation.level" in str(err.value)
    assert not (scratch / "site").exists()


def test_mkdocs_build_strict_uses_the_hook_and_refuses_broken_content(scratch):
    env = {k: v for k, v in os.environ.items() if k != build.SKIP_ENV}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    ok = subprocess.run(mkdocs, cwd=scratch, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert (scratch / "site/projekter/alfa-projektet/index.html").exists()
    assert (scratch / "site/pagefind/pagefind.js").exists()

    path = scratch / "content/projects/beta-projektet.md"
    path.write_text(path.read_text("utf-8").replace("methods: [mentorordning]", "methods: [mentor]"), encoding="utf-8")
    broken = subprocess.run(mkdocs, cwd=scratch, capture_output=True, text=True, env=env)
    assert broken.returncode != 0
    assert "content/projects/beta-projektet.md:" in broken.stderr and "'mentor'" in broken.stderr


def test_cli_build_exit_code_and_message_on_bad_content(scratch):
    (scratch / "content/projects/gamma.md").write_text("no front matter\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(scratch), "build"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "content/projects/gamma.md:1:1" in result.stdout


def test_generated_front_matter_is_yaml_whatever_the_title(scratch):
    """Every generated page starts with front matter a YAML parser reads back to the
    record's own title, colons, quotes and '#' included (Zensical parses it strictly)."""
    import html

    import yaml

    project = next((scratch / "content" / "projects").glob("*.md"))
    title = 'Job: "først" # og \'så\' – 100 % {x} [y] & AT'
    text = project.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title:"))
    project.write_text(text.replace(old, "title: " + yaml.safe_dump(title, allow_unicode=True).split("\n")[0], 1),
                       "utf-8")
    build.generate(SiteConfig.load(scratch), scratch / "docs")
    pages = sorted((scratch / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text("utf-8")
        assert text.startswith("---\n"), page
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(meta, dict) and meta.get("title"), page
    meta = yaml.safe_load((scratch / "docs" / "projekter" / f"{project.stem}.md").read_text("utf-8").split("---\n")[1])
    assert meta["title"] == html.escape(title)


@pytest.mark.parametrize("english, danish", [
    ("Documentation built in 2.11 seconds", "fejl -  MkDocs byggede siden på 2.11 sekunder"),
    ("[17:12:23] Serving on http://127.0.0.1:8000/",
     "fejl -  [17:12:23] Siden vises på http://127.0.0.1:8000/ (stop med Ctrl+C)"),
    ("Doc file 'x.md' contains a link", "fejl -  Doc file 'x.md' contains a link"),  # not listed: as MkDocs wrote it
])
def test_mkdocs_messages_are_printed_in_danish(english, danish):
    words = SiteConfig.load(ROOT).site["mkdocs_messages"]
    record = logging.LogRecord("mkdocs", logging.ERROR, __file__, 1, english, (), None)
    assert build._in_danish(words)(record)
    assert logging.Formatter("%(levelname)s -  %(message)s").format(record) == danish
