"""The pipeline: check → model → generated docs tree → MkDocs → search index.

The generated tree (docs/) is plain Markdown plus assets, so any MkDocs-compatible
engine can build it; MkDocs reaches this module only through mkdocs_hook.py."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import freshness, model, pages, validate
from generator.config import SiteConfig
from generator.problems import ContentError

SKIP_ENV = "METODEKATALOG_GENERATED"  # set while the CLI runs MkDocs: the tree is already fresh
KEEP = {".gitignore"}


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


def load_catalogue(config: SiteConfig, timings: Timings | None = None) -> model.Catalogue:
    """Check all content and build the model; raise ContentError listing every problem."""
    timings = timings or Timings()
    records, problems = timings.run("check", validate.check, config)
    if problems:
        raise ContentError(problems)
    updated = freshness.last_changed(config.root, [r.rel for r in records])
    return model.build(records, config, updated)


def render(catalogue: model.Catalogue) -> dict[str, str | bytes]:
    """Every file of the docs tree: pages, data files and assets."""
    from generator import export, tables

    files: dict[str, str | bytes] = {}
    extra = tables.page_fragments(catalogue)
    files.update(pages.Site(catalogue, extra).pages())
    files.update(export.data_files(catalogue))
    assets = catalogue.config.root / "site_config" / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            files[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    return files


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


def generate(config: SiteConfig, docs_dir: Path, timings: Timings | None = None) -> model.Catalogue:
    timings = timings or Timings()
    catalogue = load_catalogue(config, timings)
    progress(f"{len(catalogue.projects)} projekter, {len(catalogue.methods)} metoder, "
             f"{len(catalogue.sources)} kilder kontrolleret")
    files = timings.run("generate", render, catalogue)
    written, removed = timings.run("write", write_tree, docs_dir, files)
    progress(f"{len(files)} filer genereret i {docs_dir.name}/ ({written} ændret, {removed} fjernet)")
    return catalogue


def mkdocs_build(config_file: Path, site_dir: Path | None = None) -> None:
    """Run `mkdocs build --strict` in-process; warnings are printed and fail the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    os.environ[SKIP_ENV] = "1"
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


def search_index(site_dir: Path) -> None:
    """Index the built site with Pagefind (its binary ships in the pip package)."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"], check=True)


def build_site(config: SiteConfig, site_dir: Path) -> Timings:
    timings = Timings()
    generate(config, config.root / "docs", timings)
    progress("MkDocs bygger siden (--strict)")
    timings.run("mkdocs", mkdocs_build, config.root / "mkdocs.yml", site_dir)
    progress("Pagefind bygger søgeindekset")
    timings.run("search", search_index, site_dir)
    summary = ", ".join(f"{k} {v:.1f}s" for k, v in timings.phases.items())
    progress(f"færdig: {site_dir} ({summary})")
    return timings


def clean(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
