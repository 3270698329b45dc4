"""`python -m generator serve` survives mistakes: an edit that breaks the content keeps the
last good site in the browser with the problems at the top of the page, the page of a file
that does not pass the check yet (a draft) says what to fix, and fixing the file brings the
page back by itself, without a restart. A failed `build` leaves site/ as it was."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator import build
from generator.config import ROOT, SiteConfig


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`python -m generator serve` on a scratch catalogue."""

    def __init__(self, root: Path):
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root / "serve.log"
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve",
                                          "--dev-addr", f"127.0.0.1:{self.port}"],
                                         stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(self, text: str, path: str, seconds: float = 120) -> None:
        end = time.monotonic() + seconds
        while text not in self.get(path):
            assert self.proc.poll() is None, self.log.read_text("utf-8")
            assert time.monotonic() < end, f"{text!r} not on {path}:\n{self.log.read_text('utf-8')}"
            time.sleep(0.3)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture
def served(scratch):
    server = Served(scratch)
    yield server
    server.stop()


def test_serve_shows_a_content_error_in_the_browser_and_recovers_by_itself(served, page):
    served.wait_for("Alfa-projektet", "projekter/alfa-projektet/")
    page.goto(served.url + "projekter/alfa-projektet/")
    assert page.locator("h1").first.inner_text() == "Alfa-projektet"
    assert page.locator(".mk-preview-problems").count() == 0

    # A mistake: the page the contributor is looking at reloads by itself and shows it.
    served.edit("content/projects/alfa-projektet.md", "  level: formodning", "  level: viden")
    banner = page.locator(".mk-preview-problems")
    banner.wait_for(timeout=60_000)
    text = banner.inner_text()
    assert "1 fejl i indholdet (1 fil)." in text
    assert ("content/projects/alfa-projektet.md:36:10: documentation.level: niveauet 'viden' passer ikke med "
            "matricen") in text
    assert "Forslag: level: formodning" in text
    assert banner.get_attribute("role") == "alert"
    assert page.locator("h1").first.inner_text() == "Alfa-projektet"  # the last good page stays

    # The rest of the last good site stays browsable, with the same list on every page.
    other = page.context.new_page()
    other.goto(served.url + "metoder/mentorordning/")
    assert other.locator("h1").first.inner_text() == "Mentorordning"
    assert "documentation.level" in other.locator(".mk-preview-problems").inner_text()
    other.close()

    # Fixed: the page reloads by itself, without the list and with the page again.
    served.edit("content/projects/alfa-projektet.md", "  level: viden", "  level: formodning")
    banner.wait_for(state="detached", timeout=60_000)
    assert page.locator("h1").first.inner_text() == "Alfa-projektet"
    assert served.proc.poll() is None
    assert "Traceback" not in served.log.read_text("utf-8")


def test_a_new_project_is_a_draft_until_it_passes_the_check(served, page):
    served.wait_for("Alfa-projektet", "projekter/alfa-projektet/")
    created = subprocess.run([sys.executable, "-m", "generator", "--root", str(served.root), "new", "project",
                              "Job på Ærø"], capture_output=True, text=True, cwd=ROOT)
    assert created.returncode == 0, created.stderr
    served.wait_for("Kladde", "projekter/job-paa-aeroe/", 60)

    page.goto(served.url + "projekter/job-paa-aeroe/")
    assert page.locator("h1").inner_text() == "Fejl i indholdet"
    draft = page.locator(".mk-preview-draft").inner_text()
    assert "siden for content/projects/job-paa-aeroe.md vises her, når fejlen i filen er rettet" in draft
    assert re.search(r"content/projects/job-paa-aeroe\.md:\d+:1: methods: listen skal have mindst 1 værdi", draft)
    assert page.evaluate("document.documentElement.lang") == "da"

    # The contributor names a method: the draft becomes the project's page, by itself.
    served.edit("content/projects/job-paa-aeroe.md", "methods: []", "methods: [mentorordning]")
    page.locator("h1", has_text="Job på Ærø").wait_for(timeout=60_000)
    assert page.locator(".mk-preview-draft").count() == 0


def test_serve_starts_with_a_problem_and_shows_it(scratch, page):
    """A first `serve` on content with a problem has no last good site: every page is the
    error page (not a request that never answers), and the fix builds the site."""
    beta = scratch / "content/projects/beta-projektet.md"
    beta.write_text(beta.read_text("utf-8").replace("methods: [mentorordning]", "methods: 42"), "utf-8")
    served = Served(scratch)
    try:
        served.wait_for("Fejl i indholdet", "", 120)
        page.goto(served.url)
        assert "content/projects/beta-projektet.md:" in page.locator("main").inner_text()
        assert "forventede en liste" in page.locator("main").inner_text()
        served.edit("content/projects/beta-projektet.md", "methods: 42", "methods: [mentorordning]")
        page.locator(".md-header").wait_for(timeout=120_000)  # the site's own page, by live reload
        assert "Traceback" not in served.log.read_text("utf-8")
        assert "is included in the 'nav' configuration" not in served.log.read_text("utf-8")
    finally:
        served.stop()


def test_failed_build_leaves_the_previous_site(scratch, monkeypatch):
    site = scratch / "site"
    site.mkdir()
    (site / "index.html").write_text("den forrige udgave", "utf-8")

    def fails(*args, **kwargs):
        raise OSError("Pagefind kunne ikke starte")

    monkeypatch.setattr(build, "search_index", fails)
    with pytest.raises(OSError):
        build.build_site(SiteConfig.load(scratch), site)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "den forrige udgave"
    assert [p.name for p in scratch.iterdir() if p.name.startswith(".site")] == []  # no half-built folder left


def test_build_replaces_the_site_when_complete(scratch):
    site = scratch / "site"
    site.mkdir()
    (site / "stale.html").write_text("gammel", "utf-8")
    build.build_site(SiteConfig.load(scratch), site)
    assert not (site / "stale.html").exists()
    assert (site / "projekter/alfa-projektet/index.html").is_file()
    assert site.stat().st_mode & 0o005 == 0o005  # others may read it (a mkdtemp folder is 0700)
    assert [p.name for p in scratch.iterdir() if p.name.startswith(".site")] == []
