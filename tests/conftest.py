"""Shared fixtures: a scratch project root (for bad-input tests), the bundled catalogue
built once per session, a localhost server for it and a headless Chromium page."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from site_pages import VIEWPORTS

from generator import build, csp
from generator.config import ROOT, SiteConfig

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def make_root(tmp: Path, content: Path | None = FIXTURES / "content") -> Path:
    """A throwaway project root sharing this checkout's code and config."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "site_config", tmp / "site_config")
    (tmp / "generator").symlink_to(ROOT / "generator")
    (tmp / "docs").mkdir()
    if content is not None:
        shutil.copytree(content, tmp / "content")
    return tmp


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return make_root(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled catalogue, built exactly as `python -m generator build` does."""
    site = tmp_path_factory.mktemp("site")
    build.build_site(SiteConfig.load(ROOT), site)
    return site


@pytest.fixture(scope="session")
def fx(tmp_path_factory):
    """The fixture catalogue (tests/fixtures/content) as a model; tests must not change it."""
    return build.load_catalogue(SiteConfig.load(make_root(tmp_path_factory.mktemp("fixtures"))))


@pytest.fixture(scope="session")
def catalogue():
    return build.load_catalogue(SiteConfig.load(ROOT))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self):
        for k, v in self.extra_headers.items():
            self.send_header(k, v)
        super().end_headers()

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing path gets the site's 404.html, as static hosts serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path, headers: dict[str, str] | None = None):
    handler = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site on localhost with the HTTP headers of its _headers file, so every
    browser test runs under the Content-Security-Policy the agency's host sends."""
    server = serve(built_site, headers=csp.read_headers(built_site))
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api as playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium' (see .ci/run)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def view(request, browser):
    """One browser tab per width (site_pages.VIEWPORTS), reused by every test of a module."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="da-DK")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK")
    pg = context.new_page()
    yield pg
    context.close()
