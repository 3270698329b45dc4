"""Benchmarks for search, facets and build time at 100, 1,000 and 10,000 projects (issue 5).

    .venv/bin/python benchmarks/run.py 100 1000            # the quick cases (a few minutes)
    .venv/bin/python benchmarks/run.py 10000 --no-serve    # the big one (run it in the background)
    .venv/bin/python benchmarks/run.py --report            # only rewrite RESULTS.md from results.json

For each N the script
  1. writes a synthetic catalogue of N projects, M = max(20, N/25) methods and 5 source
     reports that passes `check` into a scratch root (benchmarks/work/N, git-ignored),
     assembled by tests/conftest.py's make_root; the Danish text is drawn from the word
     frequencies of the bundled content, so Pagefind's index has a realistic shape;
  2. times `check` on its own and the full build (`build.build_site`: check, generate,
     MkDocs, Pagefind, headers), each in a fresh process, and records its peak memory;
  3. times a plain mkdocs-material build of the same pages written as plain Markdown
     (same theme, nav and not_in_nav; once with Material's default search plugin, once
     without), so our overhead is the ratio;
  4. measures bytes: per project page, the whole site, and what a reader fetches in
     headless Chromium (request log) for the first search on /soeg/ and for the facets
     and one filter on /katalog/;
  5. with --serve (default for N ≤ 1,000): starts `python -m generator serve` (and again
     with --full), edits one project and times until the served page shows the edit.
Results are merged into benchmarks/results.json and the table in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import http.server
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import SiteConfig  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import make_root as scratch_root  # noqa: E402

HERE = ROOT / "benchmarks"
WORK = HERE / "work"
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SOURCES = 5
QUERIES = ("kommunerne", "mentor")


def log(message: str) -> None:
    print(f"[benchmark {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- synthetic catalogue

class Words:
    """Danish words drawn with the frequencies of the bundled content's bodies."""

    def __init__(self, rng: random.Random):
        counts: collections.Counter[str] = collections.Counter()
        for folder in (ROOT / "content", ROOT / "tests" / "fixtures" / "content"):
            for path in folder.rglob("*.md") if folder.is_dir() else []:
                text = path.read_text("utf-8").split("\n---\n", 1)[-1]
                counts.update(w for w in re.findall(r"[a-zæøåé]+", text.lower()) if len(w) > 1)
        if len(counts) < 200:
            raise SystemExit("too few words in content/ to build a realistic corpus")
        self.words = list(counts)
        self.weights = list(counts.values())
        self.rng = rng

    def some(self, n: int) -> list[str]:
        return self.rng.choices(self.words, self.weights, k=n)

    def sentence(self, lo: int = 8, hi: int = 16) -> str:
        words = self.some(self.rng.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def text(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        return " ".join(w for w in self.some(self.rng.randint(2, 4))).capitalize()


def make_root(root: Path) -> Path:
    """An empty scratch project root sharing this checkout's code and config."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    return scratch_root(root, content=None)


def _write(path: Path, data: dict, body: str) -> None:
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"---\n{front}---\n\n{body}\n", "utf-8")


def make_catalogue(root: Path, n: int, m: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    words = Words(rng)
    cfg = SiteConfig.load(ROOT)
    vocab = cfg.vocabularies
    municipalities = sorted(cfg.regions)
    content = root / "content"
    for folder in ("projects", "methods", "sources"):
        (content / folder).mkdir(parents=True, exist_ok=True)

    sources = [f"rapport-{i}" for i in range(1, SOURCES + 1)]
    for i, slug in enumerate(sources, 1):
        _write(content / "sources" / f"{slug}.md", {
            "title": f"Rapport {i}: {words.title()}", "short_title": f"Rapport {i}",
            "publisher": words.title(), "year": 2000 + i * 3, "scope": words.text(2),
            "documentation_of_results": words.text(2),
            "headline_figures": [{"label": "Projekter", "value": str(n // SOURCES), "location": "afsnit 1"}],
        }, words.text(6))

    methods = [f"metode-{i:04d}" for i in range(1, m + 1)]
    for i, slug in enumerate(methods, 1):
        related = rng.sample([x for x in methods if x != slug], k=min(rng.randint(0, 2), m - 1))
        findings = [{"text": words.sentence(), "level": rng.choice(list(vocab["levels"])),
                     "source": rng.choice(sources), "location": f"afsnit {rng.randint(1, 9)}"}
                    for _ in range(rng.randint(0, 2))]
        _write(content / "methods" / f"{slug}.md", {
            "title": f"{words.title()} {i}", "summary": words.sentence(), "aliases": [],
            "category": rng.choice(list(vocab["method_categories"])), "related": related,
            "findings": findings,
        }, "\n\n".join(f"## {h}\n\n{words.text(rng.randint(3, 6))}" for h in ("Kerneelementer", "Erfaringer")))

    impl, evid = list(vocab["implementability"]), list(vocab["evidence"])
    for i in range(1, n + 1):
        start = rng.randint(1995, 2022) if rng.random() < 0.9 else None
        end = (start + rng.randint(0, 4)) if start and rng.random() < 0.9 else None
        imp, ev = rng.choice(impl), rng.choice(evid)
        planned = rng.choice([None, rng.randint(10, 400)])
        results = []
        for _ in range(rng.randint(0, 3)):
            unit = rng.choice(list(vocab["units"]))
            results.append({
                "indicator": rng.choice(list(vocab["indicators"])), "label": words.title(),
                "value": rng.choice([None, rng.randint(0, 100)]), "unit": unit,
                "location": f"afsnit {rng.randint(1, 9)}.{rng.randint(1, 9)}",
            })
        data = {
            "title": f"{words.title()} {i}",
            "summary": words.text(2),
            "holder": rng.choice([None, f"{rng.choice(municipalities)} Kommune Jobcenter"]),
            "municipalities": rng.sample(municipalities, k=rng.choice([0, 1, 1, 1, 2, 3])),
            "period": {"start": start, "end": end},
            "funding": rng.choice([None, words.title()]),
            "target_group": {
                "categories": rng.sample(list(vocab["target_groups"]), k=rng.randint(1, 3)),
                "description": words.sentence(),
                "participants": {"planned": planned, "actual": rng.choice([None, rng.randint(5, 300)])},
            },
            "methods": rng.sample(methods, k=rng.randint(1, min(4, m))),
            "themes": rng.sample(list(vocab["themes"]), k=rng.randint(0, 2)),
            "results": results,
            "documentation": {"implementability": imp, "evidence": ev, "level": cfg.level_for(imp, ev),
                              "rationale": words.text(3)},
            "sources": [{"report": rng.choice(sources), "number": i, "location": f"bilag 2, nr. {i}"}],
        }
        body = "\n\n".join(f"## {h}\n\n{words.text(rng.randint(2, 5))}"
                           for h in ("Formål", "Metode", "Målgruppe", "Resultater"))
        _write(content / "projects" / f"projekt-{i:05d}.md", data, body)


# ---------------------------------------------------------------- the same pages as plain Markdown

def make_plain(root: Path) -> tuple[Path, Path]:
    """The catalogue's pages as plain Markdown for a stock mkdocs-material build: same pages,
    same URLs, same nav and not_in_nav, the same text; no generator, no hook, no Pagefind."""
    from generator import build

    cat = build.load_catalogue(SiteConfig.load(root))
    cfg = cat.config
    plain = root / "plain"
    if plain.exists():
        shutil.rmtree(plain)
    docs = plain / "docs"
    for d in ("projekter", "metoder", "kilder", "katalog"):
        (docs / d).mkdir(parents=True)

    def label(v, k):
        return cfg.label(v, k)

    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    for p in cat.projects.values():
        methods = ", ".join(f"[{cat.methods[x].title}](../metoder/{x}.md)" for x in p.methods)
        rows = "".join(f"| {cell(r.label)} | {label('indicators', r.indicator)} | {r.value} | {cell(r.location)} |\n"
                       for r in p.results)
        srcs = "".join(f"- [{cat.sources[s.report].title}](../kilder/{s.report}.md), {s.location}\n"
                       for s in p.sources if s.report)
        (docs / "projekter" / f"{p.slug}.md").write_text(
            f"# {p.title}\n\n{p.summary}\n\n"
            f"- **Projektholder:** {p.holder or 'Ikke oplyst'}\n"
            f"- **Kommuner:** {', '.join(p.municipalities) or 'Ikke oplyst'}\n"
            f"- **Periode:** {p.period_start}–{p.period_end}\n- **Finansiering:** {p.funding}\n"
            f"- **Metoder:** {methods}\n"
            f"- **Målgruppe:** {'; '.join(label('target_groups', c) for c in p.target_group.categories)}\n"
            f"- **Dokumentationsniveau:** {label('levels', p.documentation.level)}\n\n"
            f"## Målgruppe\n\n{p.target_group.description}\n\n## Om projektet\n\n{p.body}\n\n"
            f"## Resultater\n\n| Resultat | Indikator | Værdi | Kilde |\n|---|---|---|---|\n{rows}\n"
            f"## Dokumentation\n\n{p.documentation.rationale}\n\n## Kilder\n\n{srcs}", "utf-8")
    for m in cat.methods.values():
        projects = "".join(f"- [{p.title}](../projekter/{p.slug}.md)\n" for p in cat.projects_by_method[m.slug])
        (docs / "metoder" / f"{m.slug}.md").write_text(
            f"# {m.title}\n\n{m.summary}\n\n## Beskrivelse\n\n{m.body}\n\n## Projekter\n\n{projects}", "utf-8")
    for s in cat.sources.values():
        projects = "".join(f"- [{p.title}](../projekter/{p.slug}.md)\n" for p in cat.projects_by_source[s.slug])
        (docs / "kilder" / f"{s.slug}.md").write_text(
            f"# {s.title}\n\n{s.scope}\n\n## Om rapporten\n\n{s.body}\n\n## Projekter\n\n{projects}", "utf-8")

    ordered = sorted(cat.projects.values(), key=lambda p: (p.title.lower(), p.slug))
    size = int(cfg.site.get("catalogue_page_size") or 0) or len(ordered)
    for n, i in enumerate(range(0, len(ordered), size), 1):
        path = docs / "katalog" / ("index.md" if n == 1 else f"side-{n}/index.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = "".join(
            f"| [{cell(p.title)}](../{'../' if n > 1 else ''}projekter/{p.slug}.md) "
            f"| {'; '.join(label('target_groups', c) for c in p.target_group.categories)} "
            f"| {', '.join(cat.methods[x].title for x in p.methods)} | {p.period_start}–{p.period_end} "
            f"| {', '.join(p.municipalities)} | {label('levels', p.documentation.level)} |\n"
            for p in ordered[i:i + size])
        path.write_text("# Katalog over projekter\n\n| Projekt | Målgruppe | Metoder | Periode | Kommuner | Niveau |\n"
                        f"|---|---|---|---|---|---|\n{rows}", "utf-8")
    (docs / "projekter" / "index.md").write_text(
        "# Projekter\n\n" + "".join(f"- [{p.title}]({p.slug}.md)\n" for p in ordered), "utf-8")
    (docs / "metoder" / "index.md").write_text(
        "# Metoder\n\n" + "".join(f"- [{m.title}]({m.slug}.md): {m.summary}\n" for m in cat.methods.values()), "utf-8")
    (docs / "kilder" / "index.md").write_text(
        "# Kilder\n\n" + "".join(f"- [{s.title}]({s.slug}.md)\n" for s in cat.sources.values()), "utf-8")
    (docs / "index.md").write_text(f"# Metodekataloget\n\n{len(cat.projects)} projekter.\n", "utf-8")

    base = {
        "site_name": "Metodekataloget (plain)", "docs_dir": "docs", "use_directory_urls": True,
        "theme": {"name": "material", "language": "da", "font": False},
        "nav": [{"Forside": "index.md"}, {"Katalog": "katalog/index.md"}, {"Projekter": "projekter/index.md"},
                {"Metoder": "metoder/index.md"}, {"Kilder": "kilder/index.md"}],
        "not_in_nav": "/projekter/*.md\n/metoder/*.md\n/kilder/*.md\n/katalog/side-*/index.md\n",
        "markdown_extensions": ["tables", "attr_list", "toc"],
    }
    with_search, without = plain / "mkdocs.yml", plain / "mkdocs-nosearch.yml"
    with_search.write_text(yaml.safe_dump({**base, "site_dir": "site"}, allow_unicode=True), "utf-8")
    without.write_text(yaml.safe_dump({**base, "site_dir": "site-nosearch", "plugins": []}, allow_unicode=True),
                       "utf-8")
    return with_search, without


# ---------------------------------------------------------------- timed runs in fresh processes

CHILD_BUILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from generator import build
from generator.config import SiteConfig
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
t, c = time.perf_counter(), cpu()
timings = build.build_site(SiteConfig.load(Path({target!r})), Path({target!r}) / "site")
wall, cpu_s = time.perf_counter() - t, cpu() - c
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("RESULT " + json.dumps({{"phases": timings.phases, "wall": wall, "cpu": cpu_s, "rss_mb": rss / 1024}}))
"""

CHILD_CHECK = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from generator import validate
from generator.config import SiteConfig
cfg = SiteConfig.load(Path({target!r}))
def cpu():  # this process and its (forked) workers
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
t, c = time.perf_counter(), cpu()
records, problems = validate.check(cfg)
print("RESULT " + json.dumps({{"seconds": time.perf_counter() - t, "cpu": cpu() - c,
                              "files": len(records), "problems": len(problems)}}))
for p in problems[:20]:
    print(p)
"""

CHILD_MKDOCS = """
import json, resource, sys, time
from mkdocs.__main__ import cli
t, c = time.perf_counter(), time.process_time()
cli(["build", "-q", "-f", {config!r}], standalone_mode=False)
wall = time.perf_counter() - t
print("RESULT " + json.dumps({{"wall": wall, "cpu": time.process_time() - c,
                              "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def child(code: str, logfile: Path, cwd: Path | None = None) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    with logfile.open("w", encoding="utf-8") as fh:
        proc = subprocess.run([PY, "-c", code], cwd=cwd or ROOT, stdout=subprocess.PIPE, stderr=fh,
                              text=True, env=env)
    elapsed = time.perf_counter() - start
    result = next((json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("RESULT ")), None)
    if proc.returncode or result is None:
        raise SystemExit(f"child failed ({proc.returncode}); see {logfile}\n{proc.stdout[-2000:]}")
    return {**result, "process_wall": elapsed}


# ---------------------------------------------------------------- sizes

def site_sizes(site: Path) -> dict:
    pages = sorted((site / "projekter").glob("*/index.html"))
    page_sizes = [p.stat().st_size for p in pages]
    files = [p for p in site.rglob("*") if p.is_file()]
    pagefind = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    katalog = [p for p in (site / "pagefind-katalog").rglob("*") if p.is_file()]
    return {
        "project_pages": len(pages),
        "project_page_bytes_mean": statistics.mean(page_sizes),
        "project_page_bytes_median": statistics.median(page_sizes),
        "project_page_bytes_max": max(page_sizes),
        "catalogue_page_bytes": (site / "katalog" / "index.html").stat().st_size,
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "pagefind_bytes": sum(p.stat().st_size for p in pagefind),
        "pagefind_files": len(pagefind),
        "pagefind_katalog_bytes": sum(p.stat().st_size for p in katalog),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
    }


# ---------------------------------------------------------------- what a reader fetches

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _wire(site: Path, url: str, body: int) -> int:
    """Bytes with gzip as a normal web server sends text (Pagefind's own files are gzipped already)."""
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
    local = site / path
    if local.is_dir():
        local = local / "index.html"
    if local.suffix in (".html", ".js", ".css", ".json", ".svg") and local.is_file():
        return len(gzip.compress(local.read_bytes(), 6))
    return body


def reader_costs(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])

            def session():
                context = browser.new_context(locale="da-DK")
                page = context.new_page()
                requests: list[dict] = []

                def done(request):
                    sizes = request.sizes()
                    body = sizes["responseBodySize"]
                    requests.append({"url": request.url, "bytes": body + sizes["responseHeadersSize"],
                                     "wire": _wire(site, request.url, body)})

                page.on("requestfinished", done)
                return context, page, requests

            def total(reqs, pred=lambda r: True):
                chosen = [r for r in reqs if pred(r)]
                return {"requests": len(chosen), "bytes": sum(r["bytes"] for r in chosen),
                        "gzip_bytes": sum(r["wire"] for r in chosen),
                        "files": {r["url"].replace(base, "/").split("?")[0]: [r["bytes"], r["wire"]]
                                  for r in sorted(chosen, key=lambda r: r["url"])}}

            def is_search(r):  # both bundles: /pagefind/ (search page) and /pagefind-katalog/ (facets)
                return "/pagefind" in r["url"] or r["url"].endswith("/assets/search.js")

            for query in QUERIES:
                context, page, reqs = session()
                page.goto(base + "soeg/")
                page.wait_for_load_state("networkidle")
                shell = list(reqs)
                mark = len(reqs)
                page.fill("#mk-search-q", query)
                page.press("#mk-search-q", "Enter")
                page.wait_for_function("document.querySelector('#mk-search-status').textContent.includes('for »')")
                page.wait_for_load_state("networkidle")
                status = page.inner_text("#mk-search-status")
                out[f"search_{query}"] = {
                    "status": status,
                    "first_search": total(reqs, is_search),
                    "after_submit": total(reqs[mark:]),
                    "page_shell": total(shell, lambda r: not is_search(r)),
                }
                context.close()

            context, page, reqs = session()
            page.goto(base + "katalog/")
            page.wait_for_selector(".mk-facet input")
            page.wait_for_load_state("networkidle")
            load = list(reqs)
            mark = len(reqs)
            page.check("fieldset[data-facet='niveau'] input >> nth=0")
            page.wait_for_function("document.querySelector('.mk-facets__status').textContent.includes('matcher')")
            page.wait_for_load_state("networkidle")
            out["facets"] = {
                "status": page.inner_text(".mk-facets__status"),
                "rows": page.locator("#katalog tbody tr").count(),
                "catalogue_html": total(load, lambda r: r["url"].rstrip("/").endswith("/katalog")),
                "facet_init": total(load, is_search),
                "page_load": total(load),
                "one_filter": total(reqs[mark:]),
            }
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


# ---------------------------------------------------------------- rebuild under serve

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return None


def serve_rebuild(root: Path, runs: int = 3, full: bool = False) -> dict:
    """Start `python -m generator serve` (the README's command) on the root, edit one project,
    time until the served page changes. full=True: with --full (MkDocs renders every page)."""
    port = _free_port()
    logfile = root / f"serve{'-full' if full else ''}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = [PY, "-m", "generator", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if full:
        args.append("--full")
    target = root / "content" / "projects" / "projekt-00001.md"
    url = f"http://127.0.0.1:{port}/projekter/projekt-00001/"
    original = target.read_text("utf-8")
    with logfile.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(args, cwd=root, stdout=fh, stderr=subprocess.STDOUT, env=env)
    times = []
    try:
        start = time.perf_counter()
        while _get(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > 900:
                raise SystemExit(f"serve did not start; see {logfile}")
            time.sleep(0.5)
        initial = time.perf_counter() - start
        time.sleep(2)
        reloads, builds = [], []
        for i in range(runs):
            marker = f"benchmarkord{i}x{int(time.time())}"
            offset = logfile.stat().st_size
            target.write_text(original.replace("\n---\n", f"\n---\n\n{marker} ", 1), "utf-8")
            t0 = time.perf_counter()
            seen = reloaded = None
            while seen is None or reloaded is None:
                if seen is None and marker in (_get(url) or ""):
                    seen = time.perf_counter() - t0  # the edited page is served
                with logfile.open(encoding="utf-8") as fh:
                    fh.seek(offset)
                    if reloaded is None and "Reloading browsers" in fh.read():
                        reloaded = time.perf_counter() - t0  # the build is over: livereload fires
                if time.perf_counter() - t0 > 600:
                    raise SystemExit(f"edit never showed up; see {logfile}")
                time.sleep(0.05)
            times.append(seen)
            reloads.append(reloaded)
            time.sleep(5)
            with logfile.open(encoding="utf-8") as fh:  # how many builds the one edit caused
                fh.seek(offset)
                builds.append(fh.read().count("Building documentation"))
    finally:
        target.write_text(original, "utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"initial_build_s": initial, "rebuild_s": times, "rebuild_median_s": statistics.median(times),
            "reload_s": reloads, "reload_median_s": statistics.median(reloads), "builds_per_edit": builds}


# ---------------------------------------------------------------- one case

def run_case(n: int, args) -> dict:
    m = max(20, n // 25)
    root = WORK / str(n)
    t = time.perf_counter()
    if args.reuse and len(list((root / "content" / "projects").glob("*.md"))) == n:
        log(f"N={n}: reusing the catalogue in {root} (with this checkout's code and config)")
        content = root.parent / f"{n}.content"
        shutil.rmtree(content, ignore_errors=True)
        (root / "content").rename(content)
        make_root(root)
        content.rename(root / "content")
    else:
        make_root(root)
        log(f"N={n}: writing {n} projects, {m} methods, {SOURCES} sources to {root}")
        make_catalogue(root, n, m)
    result: dict = {"projects": n, "methods": m, "sources": SOURCES, "content_write_s": time.perf_counter() - t,
                    "load_average_at_start": os.getloadavg()}

    log(f"N={n}: check (fresh process)")
    result["check"] = child(CHILD_CHECK.format(root=str(ROOT), target=str(root)), root / "check.log")
    if result["check"]["problems"]:
        raise SystemExit(f"synthetic content does not pass check: see {root / 'check.log'}")
    log(f"N={n}: check {result['check']['seconds']:.2f} s for {result['check']['files']} files")

    log(f"N={n}: full build (check, generate, MkDocs, Pagefind, headers)")
    result["build"] = child(CHILD_BUILD.format(root=str(ROOT), target=str(root)), root / "build.log")
    log(f"N={n}: build {result['build']['process_wall']:.1f} s {result['build']['phases']}")
    result["sizes"] = site_sizes(root / "site")

    if not args.no_plain:
        with_search, without = make_plain(root)
        for key, cfgfile in (("plain_search", with_search), ("plain_nosearch", without)):
            log(f"N={n}: plain mkdocs-material build ({key})")
            result[key] = child(CHILD_MKDOCS.format(config=str(cfgfile)), root / f"{key}.log", cwd=root / "plain")
            log(f"N={n}: {key} {result[key]['process_wall']:.1f} s")

    if not args.no_browser:
        log(f"N={n}: reader costs in Chromium")
        result["reader"] = reader_costs(root / "site")

    if args.serve or (args.serve is None and n <= 1000):
        log(f"N={n}: rebuild under python -m generator serve")
        result["serve"] = serve_rebuild(root)
        log(f"N={n}: serve rebuild {result['serve']['rebuild_s']}")
        result["serve_full"] = serve_rebuild(root, full=True)
        log(f"N={n}: serve --full rebuild {result['serve_full']['rebuild_s']}")

    result["load_average_at_end"] = os.getloadavg()
    if not args.keep:
        for d in ("site", "docs", "plain"):
            shutil.rmtree(root / d, ignore_errors=True)
    return result


# ---------------------------------------------------------------- report

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    versions = {}
    for pkg in ("mkdocs", "mkdocs-material", "pagefind", "jsonschema", "jsonschema-rs", "PyYAML"):
        try:
            from importlib.metadata import version
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            versions[pkg] = "?"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 1024 / 1024, 1),
            "python": platform.python_version(), "versions": versions,
            "date": datetime.date.today().isoformat()}


def _kb(b: float) -> str:
    return f"{b / 1024:,.0f} KB"


def _mb(b: float) -> str:
    return f"{b / 1024 / 1024:,.1f} MB"


def _s(x: float) -> str:
    return f"{x:.1f} s"


def table(results: dict) -> str:
    ns = sorted(results["cases"], key=int)
    cases = [results["cases"][n] for n in ns]

    def row(name, fn):
        cells = []
        for c in cases:
            try:
                cells.append(fn(c))
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                cells.append("–")
        return f"| {name} | " + " | ".join(cells) + " |"

    ph = lambda c, k: c["build"]["phases"].get(k, 0.0)  # noqa: E731
    lines = [
        "| | " + " | ".join(f"N = {int(n):,}" for n in ns) + " |",
        "|---|" + "---|" * len(ns),
        row("Projects / methods / sources", lambda c: f"{c['projects']} / {c['methods']} / {c['sources']}"),
        row("HTML pages", lambda c: f"{c['sizes']['html_pages']:,}"),
        row("**Full build (process, wall clock)**", lambda c: f"**{_s(c['build']['process_wall'])}**"),
        row("– check", lambda c: _s(ph(c, "check"))),
        row("– generate + write", lambda c: _s(ph(c, "generate") + ph(c, "write"))),
        row("– MkDocs", lambda c: _s(ph(c, "mkdocs"))),
        row("– Pagefind, both indexes (search)", lambda c: _s(ph(c, "search"))),
        row("– headers (CSP)", lambda c: _s(ph(c, "headers"))),
        row("Full build, CPU time (incl. Pagefind)", lambda c: _s(c["build"]["cpu"])),
        row("Plain Material with search", lambda c: _s(c["plain_search"]["process_wall"])),
        row("Plain Material with search, CPU time", lambda c: _s(c["plain_search"]["cpu"])),
        row("Plain Material without search", lambda c: _s(c["plain_nosearch"]["process_wall"])),
        row("**Ratio (ours / plain with search)**",
            lambda c: f"**{c['build']['process_wall'] / c['plain_search']['process_wall']:.2f}**"),
        row("Ratio (ours / plain without search)",
            lambda c: f"{c['build']['process_wall'] / c['plain_nosearch']['process_wall']:.2f}"),
        row("Peak RAM, our build", lambda c: f"{c['build']['rss_mb']:,.0f} MB"),
        row("`check` alone (fresh process): wall / CPU", lambda c: (
            f"{_s(c['check']['seconds'])} / {_s(c['check']['cpu'])}")),
        row("Machine load (1-min load average) before / after", lambda c: (
            f"{c['load_average_at_start'][0]:.1f} / {c['load_average_at_end'][0]:.1f}")),
        row("Project page, mean", lambda c: _kb(c["sizes"]["project_page_bytes_mean"])),
        row("Catalogue page (/katalog/)", lambda c: _kb(c["sizes"]["catalogue_page_bytes"])),
        row("Whole site/", lambda c: f"{_mb(c['sizes']['site_bytes'])} ({c['sizes']['site_files']:,} files)"),
        row("– of which pagefind/ (search page)", lambda c: _mb(c["sizes"]["pagefind_bytes"])),
        row("– of which pagefind-katalog/ (facets)", lambda c: _mb(c["sizes"]["pagefind_katalog_bytes"])),
    ]
    for q in QUERIES:
        lines.append(row(f"First search »{q}«: fetched (gzip)", lambda c, q=q: (
            f"{_kb(c['reader'][f'search_{q}']['first_search']['bytes'])} "
            f"({_kb(c['reader'][f'search_{q}']['first_search']['gzip_bytes'])})")))
    lines += [
        row("Search page shell (HTML, CSS, theme JS; gzip)",
            lambda c: _kb(c["reader"][f"search_{QUERIES[0]}"]["page_shell"]["gzip_bytes"])),
        row("Catalogue: HTML (gzip)", lambda c: (
            f"{_kb(c['reader']['facets']['catalogue_html']['bytes'])} "
            f"({_kb(c['reader']['facets']['catalogue_html']['gzip_bytes'])})")),
        row("Catalogue: facets ready, Pagefind (gzip)", lambda c: (
            f"{_kb(c['reader']['facets']['facet_init']['bytes'])} "
            f"({_kb(c['reader']['facets']['facet_init']['gzip_bytes'])})")),
        row("Catalogue: one filter chosen, extra (gzip)", lambda c: (
            f"{_kb(c['reader']['facets']['one_filter']['bytes'])} "
            f"({_kb(c['reader']['facets']['one_filter']['gzip_bytes'])})")),
        row("`python -m generator serve`: edited page served / browser reloaded (median)", lambda c: (
            f"{_s(c['serve']['rebuild_median_s'])} / {_s(c['serve']['reload_median_s'])}")),
        row("`python -m generator serve --full`: edited page served / browser reloaded", lambda c: (
            f"{_s(c['serve_full']['rebuild_median_s'])} / {_s(c['serve_full']['reload_median_s'])}")),
    ]
    return "\n".join(lines)


def targets(results: dict) -> str:
    cases = results["cases"]
    out = []

    def get(n, fn):
        try:
            return fn(cases[str(n)])
        except (KeyError, TypeError):
            return None

    b1, b10 = get(1000, lambda c: c["build"]["process_wall"]), get(10000, lambda c: c["build"]["process_wall"])
    c1, c10 = get(1000, lambda c: c["build"].get("cpu")), get(10000, lambda c: c["build"].get("cpu"))
    if b1 and b10:
        cpu = f"; CPU time {c10 / c1:.1f} ×" if c1 and c10 else ""
        out.append(("Linear growth: build(10,000) ≤ 11 × build(1,000)", b10 <= 11 * b1, f"wall {b10 / b1:.1f} ×{cpu}"))
    p10 = get(10000, lambda c: c["build"]["process_wall"] / c["plain_search"]["process_wall"])
    q10 = get(10000, lambda c: c["build"]["cpu"] / c["plain_search"]["cpu"])
    if p10:
        cpu = f"; CPU time {q10:.2f} ×" if q10 else ""
        out.append(("Build(10,000) ≤ 1.25 × plain Material (with search)", p10 <= 1.25, f"wall {p10:.2f} ×{cpu}"))
    sizes = {n: get(n, lambda c: c["sizes"]["project_page_bytes_mean"]) for n in (100, 1000, 10000)}
    sizes = {n: s for n, s in sizes.items() if s}
    if len(sizes) > 1:
        spread = max(sizes.values()) / min(sizes.values())
        out.append(("Project page size independent of N", spread < 1.05,
                    " / ".join(_kb(s) for s in sizes.values())))
    s10 = get(10000, lambda c: max(c["reader"][f"search_{q}"]["first_search"]["bytes"] for q in QUERIES))
    g10 = get(10000, lambda c: max(c["reader"][f"search_{q}"]["first_search"]["gzip_bytes"] for q in QUERIES))
    if s10:  # judged as sent over the network: a web server gzips JavaScript; Pagefind's files are gzip already
        out.append(("First search ≤ 300 KB at 10,000 (as sent, gzip)", g10 <= 300 * 1024,
                    f"{_kb(g10)} gzip, {_kb(s10)} uncompressed"))
    k10 = get(10000, lambda c: c["check"]["seconds"])
    b10 = get(10000, lambda c: c["build"]["phases"]["check"])
    if k10:
        cpu = get(10000, lambda c: c["check"].get("cpu"))
        out.append(("`check` of 10,000 files ≤ 5 s", min(k10, b10 or k10) <= 5,
                    f"{_s(k10)} alone (CPU time {_s(cpu)}), {_s(b10)} in the build" if b10 else _s(k10)))
    r1 = get(1000, lambda c: c["serve"].get("reload_median_s") or c["serve"]["rebuild_median_s"])
    if r1:
        out.append(("Rebuild under `serve` at 1,000 ≤ 3 s", r1 <= 3, _s(r1) + " (until the browser reloads)"))
    lines = ["| Target | Met | Measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if ok else '**no**'} | {value} |" for name, ok, value in out]
    return "\n".join(lines)


def write_report(results: dict) -> None:
    m = results.get("machine", {})
    generated = (
        f"Machine: {m.get('nproc')} cores, {m.get('cpu')}, {m.get('ram_gb')} GB RAM; Python {m.get('python')}, "
        + ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items())
        + f". Run on {m.get('date')} with `benchmarks/run.py`.\n\n"
        + table(results) + "\n\n" + targets(results) + "\n"
    )
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    text = RESULTS_MD.read_text("utf-8") if RESULTS_MD.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    RESULTS_MD.write_text(f"{head}{begin}\n{generated}{end}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of projects (default: 100 1000)")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain mkdocs-material builds")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--serve", dest="serve", action="store_true", default=None, help="measure serve rebuild")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the serve rebuild")
    parser.add_argument("--keep", action="store_true", help="keep site/, docs/ and plain/ in benchmarks/work/N")
    parser.add_argument("--reuse", action="store_true", help="reuse benchmarks/work/N/content if it is there")
    parser.add_argument("--report", action="store_true", help="only rewrite RESULTS.md from results.json")
    args = parser.parse_args(argv)

    results = json.loads(RESULTS_JSON.read_text("utf-8")) if RESULTS_JSON.exists() else {"cases": {}}
    if not args.report:
        for n in args.sizes or [100, 1000]:
            case = run_case(n, args)
            results["cases"][str(n)] = case
            results["machine"] = machine()
            RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
            write_report(results)
            log(f"N={n}: done; results in {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")
    write_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
