"""The one thin plug from mkdocs.yml into the generator: regenerate docs/ before MkDocs
reads it, and index the built site for search afterwards. No logic lives here."""

import logging
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # works without `pip install -e .`

from mkdocs.exceptions import PluginError  # noqa: E402

from generator import build, csp, memo, preview, reproducible  # noqa: E402
from generator.config import SiteConfig  # noqa: E402
from generator.problems import ContentError  # noqa: E402

_pages = build.PageProgress()  # progress lines for long builds (1,000 pages and more)
_serving = False
_memo: memo.Memo | None = None  # under `serve`: what an edit leaves unchanged (memo.py)
_indexing: threading.Thread | None = None  # under `serve`, Pagefind runs after the reload
_preview = preview.Preview()  # under `serve`: content problems shown in the browser


def on_startup(command, dirty):
    global _serving, _memo
    _serving = command == "serve"
    _memo = memo.Memo() if _serving else None
    if _serving:
        logging.getLogger("mkdocs.structure.nav").addFilter(_preview.quiet)


def _wait_for_index() -> None:
    if _indexing is not None:
        _indexing.join()


def on_config(config):
    _wait_for_index()  # a new build must not rewrite docs/ or clean site/ under a running Pagefind
    config.extra.update(build.theme_extra(Path(config.config_file_path).parent))
    if not os.environ.get(build.SKIP_ENV):
        root = Path(config.config_file_path).parent
        reproducible.pin_build_date(root)
        if _serving:  # a problem keeps the last good docs/ and is shown in the browser
            _preview.generate(root, Path(config.docs_dir), _memo)
            return config
        try:
            build.generate(SiteConfig.load(root), Path(config.docs_dir), memo=_memo)
        except ContentError as err:
            raise PluginError(str(err)) from None
    return config


def on_files(files, config):
    _pages.files(len(files.documentation_pages()))
    return files


def on_page_content(html, page, config, files):
    _pages.page("omsat fra Markdown")
    return html


def on_post_page(output, page, config):
    _pages.page("skrevet")
    return output


def on_serve(server, config, builder):
    """docs/ is the generator's output, rewritten by on_config during each build: watching it
    made every edit build twice. The sources are watched instead (`watch:` in mkdocs.yml)."""
    if not os.environ.get(build.SKIP_ENV):
        server.unwatch(config.docs_dir)
    server.set_app(_preview.middleware(server.get_app(), server.mount_path))
    return server


def on_post_build(config):
    global _indexing
    if os.environ.get(build.SKIP_ENV):
        return
    site, root = Path(config.site_dir), Path(config.config_file_path).parent
    if _serving:
        _preview.write_page(site)
        if _preview.problems:  # the site is the last good one: nothing to index again
            return
        # The browser reloads as soon as the pages are written; the search index follows a
        # few seconds later. No header files: they are for the host, `serve` sends none.
        _indexing = threading.Thread(target=build.search_index, args=(site, root), daemon=True)
        _indexing.start()
    else:
        build.search_index(site, root)
        csp.write(site)


def on_shutdown():
    _wait_for_index()
