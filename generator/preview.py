"""`serve` that survives mistakes: while the content has problems, the last good site stays
browsable, every page shows the problems at its top, a missing page (or the page of the
file with the problems) is a Danish error page, and live reload brings the fixed site
back by itself. MkDocs' own serve hangs every request after a failed build.

The generator keeps docs/ as it was when the check fails, so MkDocs rebuilds nothing;
the problems reach the browser through a WSGI wrapper around MkDocs' live-reload server.
The error page is a file in the served site, so that server adds its reload script."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from generator import build
from generator.config import KINDS, SiteConfig
from generator.memo import Memo
from generator.numbers import count
from generator.pages import environment
from generator.problems import ContentError, Problem

ERROR_PAGE = "_forhaandsvisning/fejl.html"  # in the served site only while there are problems


class Preview:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.config: SiteConfig | None = None

    def generate(self, root: Path, docs_dir: Path, memo: Memo | None) -> None:
        """build.generate, keeping docs/ as it was on any problem and remembering the problems."""
        try:
            self.config = SiteConfig.load(root)
            build.generate(self.config, docs_dir, memo=memo)
        except ContentError as err:
            self.problems = err.problems
        except Exception as err:  # a broken template or site_config file: shown, not a hung server
            traceback.print_exc()
            where = getattr(getattr(err, "problem_mark", None), "line", None)
            self.problems = [Problem(getattr(err, "filename", None) or "site_config", (where or 0) + 1, 1, "",
                                     f"generatoren fejlede: {type(err).__name__}: {err}")]
        else:
            self.problems = []
            return
        build.progress(f"{count(len(self.problems), 'fejl', 'fejl')} i indholdet; forhåndsvisningen viser den "
                       "seneste udgave uden fejl, indtil de er rettet:")
        for problem in self.problems:
            print(problem, file=sys.stderr, flush=True)

    def quiet(self, record: logging.LogRecord) -> bool:
        """False for MkDocs' warnings that the nav's pages are missing, while problems keep
        docs/ empty (a first `serve` with a problem has no last good site yet)."""
        return not (self.problems and "is included in the 'nav' configuration" in record.getMessage())

    def write_page(self, site_dir: Path) -> None:
        """The error page in the served site while there are problems; gone without them."""
        page = site_dir / ERROR_PAGE
        if not self.problems:
            page.unlink(missing_ok=True)
            return
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(self._render("preview_page.html.j2"), "utf-8")

    def middleware(self, app, mount_path: str = "/"):
        """Wrap MkDocs' live-reload app: with problems, a page gets the list at its top and a
        missing page becomes the error page; the reload poll passes untouched."""
        def wrapped(environ, start_response):
            path = environ.get("PATH_INFO", "")
            if not self.problems or path.startswith("/livereload/"):
                return app(environ, start_response)
            status, headers, body = _call(app, environ)
            is_page = path.endswith(("/", ".html"))
            if status.startswith("404") and is_page:
                status, headers, body = _call(app, {**environ, "PATH_INFO": mount_path + ERROR_PAGE})
                draft = self._draft(path)
                if draft:
                    body = _between(body, b"<!--mk-draft-->", b"<!--/mk-draft-->", self._render(
                        "preview_draft.html.j2", draft=draft, others=[p for p in self.problems if p not in draft]))
            elif status.startswith("200") and _is_html(headers):
                body = _after_body(body, self._render("preview_banner.html.j2"))
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            start_response(status, [*headers, ("Content-Length", str(len(body)))])
            return [body]
        return wrapped

    def _draft(self, url_path: str) -> list[Problem]:
        """The problems of the content file whose page is at url_path (a draft), if any."""
        if self.config is None:
            return []
        sections = self.config.site["sections"]
        for folder in KINDS:
            prefix = f"/{sections[folder]}/"
            if url_path.startswith(prefix):
                rel = f"content/{folder}/{url_path[len(prefix):].strip('/')}.md"
                return [p for p in self.problems if p.path == rel]
        return []

    def _render(self, template: str, **context) -> str:
        templates = (self.config.templates_dir if self.config else
                     Path(__file__).resolve().parent.parent / "site_config" / "templates")
        return environment(templates).get_template(template).render(
            problems=self.problems, files=len({p.path for p in self.problems}), count=count, **context)


def _call(app, environ) -> tuple[str, list, bytes]:
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=list(headers))
        return lambda data: None

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def _is_html(headers: list) -> bool:
    return any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)


def _between(page: bytes, start: bytes, end: bytes, html: str) -> bytes:
    """page with what stands between the markers start and end replaced by html."""
    first, last = page.find(start), page.find(end)
    if first < 0 or last < first:
        return page
    return page[:first] + html.encode("utf-8") + page[last + len(end):]


def _after_body(page: bytes, html: str) -> bytes:
    """page with html inserted right after its <body …> tag."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + html.encode("utf-8") + page[end:]
