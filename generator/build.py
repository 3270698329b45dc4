"""The pipeline: check → model → generated docs tree → MkDocs → search index.

The generated tree (docs/) is plain Markdown plus assets, so any MkDocs-compatible
engine can build it; MkDocs reaches this module only through mkdocs_hook.py."""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import csp, freshness, model, pages, reproducible, validate
from generator.config import ROOT, SiteConfig
from generator.memo import Memo
from generator.numbers import number
from generator.problems import ContentError

SKIP_ENV = "METODEKATALOG_GENERATED"  # set while the CLI runs MkDocs: the tree is already fresh
KEEP = {".gitignore"}
CATALOGUE_RECORDS = Path(".generated") / "katalog"  # under the root: one record per project
CATALOGUE_BUNDLE = "pagefind-katalog"  # the catalogue's own Pagefind index, in the site


@dataclass
class Timings:
    phases: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start


def progress(message: str) -> None:
    print(f"[metodekataloget] {message}", file=sys.stderr, flush=True)


class PageProgress:
    """MkDocs gives no progress of its own: the hook counts pages through its two passes
    (Markdown, then templates) and reports every tenth once a build has 1,000 pages."""

    def __init__(self) -> None:
        self.total = 0
        self.done: dict[str, int] = {}
        self.start = time.perf_counter()

    def files(self, total: int) -> None:
        self.total, self.done, self.start = total, {}, time.perf_counter()

    def page(self, stage: str) -> None:
        n = self.done[stage] = self.done.get(stage, 0) + 1
        step = max(self.total // 10, 1)
        if self.total >= 1000 and ((n % step == 0 and self.total - n >= step) or n == self.total):
            progress(f"MkDocs: {number(n)} af {number(self.total)} sider {stage} "
                     f"({time.perf_counter() - self.start:.0f} s)")


def theme_extra(root: Path) -> dict:
    """What the theme's own templates (the footer) show from site_config: the publishing
    organisation and its contact address (site.yml `organisation`). The hook adds it to
    MkDocs' `extra`; another engine needs the same `extra.organisation` in its config."""
    return {"organisation": SiteConfig.load(root).site["organisation"]}


def load_catalogue(config: SiteConfig, timings: Timings | None = None, memo: Memo | None = None) -> model.Catalogue:
    """Check all content and build the model; raise ContentError listing every problem."""
    timings = timings or Timings()
    records, problems = timings.run("check", validate.check, config, memo)
    if problems:
        raise ContentError(problems)
    updated = freshness.last_changed(config.root, [r.rel for r in records])
    return model.build(records, config, updated)


def render(catalogue: model.Catalogue, memo: Memo | None = None) -> dict[str, str | bytes]:
    """Every file of the docs tree: pages, data files and assets."""
    from generator import export, feed, knowledge, tables

    files: dict[str, str | bytes] = {}
    known = knowledge.knowledge(catalogue)  # what is known per method: the exports and the pages both show it
    data = export.data_files(catalogue, memo, known)  # first: the data page shows the files' sizes
    extra = tables.page_fragments(catalogue, data, known)
    site = pages.Site(catalogue, extra, memo)
    files.update(site.pages())
    files["robots.txt"] = site.render("robots.txt.j2", "")
    files[site.form.spec["template_file"]] = site.form.template  # linked from the form page
    files.update(data)
    files.update(feed.feed_files(catalogue))
    assets = catalogue.config.root / "site_config" / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            files[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    files.update(stylesheet(catalogue.config.site, files))
    return files


def stylesheet(site: dict, files: dict[str, str | bytes]) -> dict[str, bytes]:
    """site.yml `stylesheets`, in that order, as the one file mkdocs.yml links
    (assets/site.css): one request before the first paint instead of one per file."""
    names = site.get("stylesheets") or []
    missing = [n for n in names if f"assets/{n}" not in files]
    if missing:
        raise FileNotFoundError(f"site_config/site.yml: stylesheets: no such file in site_config/assets/: {missing}")
    parts = [f"/* {n} */\n".encode() + files[f"assets/{n}"] for n in names]
    return {"assets/site.css": b"\n".join(parts)} if parts else {}


def write_tree(target: Path, files: dict[str, str | bytes]) -> tuple[int, int]:
    """Write files that changed and delete stale ones, so `serve` reloads only what moved."""
    written = removed = 0
    target.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    wanted = {target / rel for rel in files}
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and path.name not in KEEP:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def generate(config: SiteConfig, docs_dir: Path, timings: Timings | None = None,
             memo: Memo | None = None) -> model.Catalogue:
    """Check, then write docs/ and the catalogue records. `memo` (serve only): see memo.py."""
    timings = timings or Timings()
    catalogue = load_catalogue(config, timings, memo)
    progress(f"{len(catalogue.projects)} projekter, {len(catalogue.methods)} metoder, "
             f"{len(catalogue.sources)} kilder kontrolleret")
    files = timings.run("generate", render, catalogue, memo)
    written, removed = timings.run("write", write_tree, docs_dir, files)
    records = timings.run("generate", pages.Site(catalogue, memo=memo).catalogue_records)
    timings.run("write", write_tree, config.root / CATALOGUE_RECORDS, records)
    progress(f"{number(len(files))} filer genereret i {docs_dir.name}/ ({number(written)} ændret, "
             f"{number(removed)} fjernet) og {number(len(records))} katalogposter til søgningen "
             f"({timings.phases.get('generate', 0) + timings.phases.get('write', 0):.1f} s)")
    return catalogue


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave links stale. Ours cannot: the generator
    writes every cross-reference into the Markdown and rewrites only changed files, so
    MkDocs re-renders exactly the pages an edit touched (see cli.py, serve)."""
    return "'dirty' build is being performed" not in record.getMessage()


_STAMP = re.compile(r"(\[[\d:]+\] )?(.*)", re.S)


def _in_danish(words: dict):
    """A log filter that words MkDocs' known messages and level names in Danish
    (site.yml, mkdocs_messages); any other message passes as MkDocs wrote it."""
    messages = [(re.compile(m["pattern"]), m["say"]) for m in words.get("messages", [])]
    levels = words.get("levels", {})

    def translate(record: logging.LogRecord) -> bool:
        stamp, text = _STAMP.match(record.getMessage()).groups()  # the live server writes "[12:00:00] " first
        for pattern, say in messages:
            if pattern.fullmatch(text):
                record.msg, record.args = (stamp or "") + pattern.sub(say, text), ()
                break
        record.levelname = levels.get(record.levelname, record.levelname)
        return True
    return translate


def mkdocs_logging(words: dict) -> None:
    """Print MkDocs' messages (serving address, warnings) as the `mkdocs` command does, in
    Danish where `words` (site.yml, mkdocs_messages) knows them."""
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.addFilter(_not_the_dirty_warning)
        handler.addFilter(_in_danish(words))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def mkdocs_build(config_file: Path, site_dir: Path | None = None) -> None:
    """Run `mkdocs build --strict` in-process; warnings are printed and fail the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_logging(SiteConfig.load(config_file.parent).site.get("mkdocs_messages", {}))
    os.environ[SKIP_ENV] = "1"
    pinned = reproducible.pin_build_date(config_file.parent)  # sitemap dates: the commit's
    try:
        options = {"site_dir": str(site_dir)} if site_dir else {}
        cfg = load_config(str(config_file), strict=True, **options)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        os.environ.pop(SKIP_ENV, None)
        if pinned:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def search_index(site_dir: Path, root: Path | None = None) -> None:
    """Index the built site with Pagefind (its binary ships in the pip package) into
    site/pagefind/ for the search page, and, when `root` has the catalogue records that
    `generate` wrote, the catalogue's own small index into site/pagefind-katalog/ for the
    facets: the same filters, but each result's fragment holds one table row, not a page.
    The two runs are independent and run side by side."""
    start = time.perf_counter()
    search = SiteConfig.load(root or ROOT).site.get("search") or {}
    exclude = [arg for selector in search.get("exclude", []) for arg in ("--exclude-selectors", selector)]
    runs = {"pagefind": [sys.executable, "-m", "pagefind", "--site", str(site_dir), *exclude]}
    records = root / CATALOGUE_RECORDS if root else None
    if records and records.is_dir():
        runs[CATALOGUE_BUNDLE] = [sys.executable, "-m", "pagefind", "--site", str(records),
                                  "--output-path", str(site_dir / CATALOGUE_BUNDLE)]
    procs = {name: subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for name, cmd in runs.items()}
    summary = []
    for name, proc in procs.items():
        out = proc.communicate()[0]
        if proc.returncode:
            print(out, file=sys.stderr)
            raise subprocess.CalledProcessError(proc.returncode, runs[name])
        stats = dict((m[1], int(m[0])) for m in re.findall(r"Indexed (\d+) (page|word|filter|sort)s?\b", out))
        summary.append(f"{name}/: {number(stats.get('page', 0))} sider, {number(stats.get('word', 0))} ord, "
                       f"{stats.get('filter', 0)} filtre")
        reproducible.stabilise_pagefind(site_dir, name)  # same index files in every build
    progress(f"Pagefind: {'; '.join(summary)} ({time.perf_counter() - start:.1f} s)")


def build_site(config: SiteConfig, site_dir: Path) -> Timings:
    """Build into a folder beside site_dir and put it in site_dir's place only when it is
    complete: a build that fails (content, MkDocs --strict, Pagefind) leaves site_dir as it was."""
    timings = Timings()
    generate(config, config.root / "docs", timings)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.with_name(f".{site_dir.name}-bygges-{secrets.token_hex(4)}")
    staging.mkdir()  # not mkdtemp: its mode 0700 would keep a web server out of the site
    try:
        progress("MkDocs bygger siden (--strict)")
        timings.run("mkdocs", mkdocs_build, config.root / "mkdocs.yml", staging)
        progress(f"MkDocs færdig ({timings.phases['mkdocs']:.1f} s); Pagefind bygger søgeindeksene")
        timings.run("search", search_index, staging, config.root)
        timings.run("headers", csp.write, staging)
        _replace(site_dir, staging)
    finally:
        clean(staging)
    summary = ", ".join(f"{k} {v:.1f}s" for k, v in timings.phases.items())
    progress(f"færdig: {site_dir} ({summary})")
    return timings


def _replace(site_dir: Path, new: Path) -> None:
    """new in site_dir's place; the old site is moved aside first and then deleted."""
    old = site_dir.with_name(f".{site_dir.name}-gammel-{secrets.token_hex(4)}")
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    clean(old)


def clean(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
