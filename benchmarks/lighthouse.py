"""Lighthouse (mobile) on the front page, the catalogue, a project and a method (issue 11):
targets 95 or better for performance and 100 for accessibility, best practices and SEO.

    npm i -E lighthouse@12.2.3 --prefix ~/.cache/metodekataloget-lighthouse   # once, outside the repo
    .venv/bin/python benchmarks/lighthouse.py               # build the bundled catalogue, run, rewrite RESULTS.md
    .venv/bin/python benchmarks/lighthouse.py --site site --runs 5 --no-write

The site is served from localhost with gzip and with the security headers the build writes
for the host (site/_headers), as a static host would send them. Each page is run `--runs`
times with Lighthouse's default mobile settings (emulated Moto G Power, simulated slow 4G)
in Debian's Chromium; the median run of each page is reported, as Lighthouse advises. The
project and the method are the largest pages of their kind. A benchmark, not a test: the
machine is shared, and performance scores move with its load.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import http.server
import json
import mimetypes
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import build, csp  # noqa: E402
from generator.config import SiteConfig  # noqa: E402

RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
BEGIN, END = "<!-- lighthouse:begin -->", "<!-- lighthouse:end -->"
PREFIX = Path(os.environ.get("LIGHTHOUSE_PREFIX", Path.home() / ".cache" / "metodekataloget-lighthouse"))
CHROME = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility", "best-practices": "Best practices",
              "seo": "SEO"}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS"}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm", ".map"}
TYPES = {".wasm": "application/wasm", ".pagefind": "application/octet-stream"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a host serves them: gzip where the browser accepts it, the site's
    security headers, 404.html for a missing page."""

    headers_for_host: dict[str, str] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        data = path.read_bytes()
        ctype = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        for key, value in self.headers_for_host.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (GzipHandler,), {"headers_for_host": csp.read_headers(site)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def largest(site: Path, section: str) -> str:
    page = max((site / section).glob("*/index.html"), key=lambda p: (p.stat().st_size, p.parent.name))
    return f"{section}/{page.parent.name}/"


def pages(site: Path) -> dict[str, str]:
    return {"Forside": "", "Katalog": "katalog/", "Projekt": largest(site, "projekter"),
            "Metode": largest(site, "metoder")}


def lighthouse(url: str, out: Path) -> dict:
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        sys.exit(f"Lighthouse is not installed: npm i -E lighthouse@12.2.3 --prefix {PREFIX}")
    cmd = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME})
    report = json.loads(out.read_text("utf-8"))
    scores = {k: round(report["categories"][k]["score"] * 100) for k in CATEGORIES}
    metrics = {k: report["audits"][k]["numericValue"] for k in METRICS}
    failing = sorted({a for k in CATEGORIES if k != "performance" for a in _failing(report, k)})
    return {"scores": scores, "metrics": metrics, "failing": failing, "version": report["lighthouseVersion"],
            "chrome": report["environment"]["hostUserAgent"]}


def _failing(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [r["id"] for r in refs if r["weight"] and (report["audits"][r["id"]]["score"] or 0) < 1]


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (Lighthouse's advice for variable scores)."""
    ordered = sorted(runs, key=lambda r: r["scores"]["performance"])
    return ordered[len(ordered) // 2]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    ram = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores, {cpu}, {ram:.1f} GB RAM"


def table(results: dict[str, dict], runs: int, load: tuple[float, float], info: dict) -> str:
    chrome = re.search(r"(HeadlessChrome|Chrome)/[\d.]+", info["chrome"]).group()
    lines = [f"Machine: {machine()}; Lighthouse {info['version']}, {chrome}. "
             f"Run on {datetime.date.today().isoformat()} with `benchmarks/lighthouse.py` ({runs} runs per page, "
             f"median shown; load average {load[0]:.1f} before, {load[1]:.1f} after).", "",
             "| Page | " + " | ".join(CATEGORIES.values()) + " | " + " | ".join(METRICS.values())
             + " | Performance, all runs |",
             "|---" * (2 + len(CATEGORIES) + len(METRICS)) + "|"]
    for name, r in results.items():
        m = r["median"]
        cells = [f"**{m['scores'][k]}**" if m["scores"][k] < TARGETS[k] else str(m["scores"][k]) for k in CATEGORIES]
        metrics = [_metric(k, m["metrics"][k]) for k in METRICS]
        lines.append(f"| {name} (`/{r['path']}`) | " + " | ".join(cells + metrics) + " | "
                     + ", ".join(str(x["scores"]["performance"]) for x in r["runs"]) + " |")
    met = all(r["median"]["scores"][k] >= TARGETS[k] for r in results.values() for k in CATEGORIES)
    lines += ["", f"Targets (performance ≥ 95, the others 100) {'met on every page' if met else '**not met**'} "
              "(a score below its target is in bold)."]
    failing = sorted({a for r in results.values() for a in r["median"]["failing"]})
    if failing:
        lines.append(f"Audits below full score outside performance: {', '.join(failing)}.")
    return "\n".join(lines)


def _metric(key: str, value: float) -> str:
    if key == "cumulative-layout-shift":
        return f"{value:.3f}"
    if key == "total-blocking-time":
        return f"{value:.0f} ms"
    return f"{value / 1000:.1f} s"


def write(text: str) -> None:
    md = RESULTS_MD.read_text("utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in md:
        md = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, md, flags=re.S)
    else:
        md = md.rstrip("\n") + "\n\n## Lighthouse: front page, catalogue, project and method (issue 11)\n\n" \
            "Produced by `benchmarks/lighthouse.py` (see its docstring); the table between the markers is " \
            "rewritten by the script.\n\n" + block + "\n"
    RESULTS_MD.write_text(md, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled catalogue)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build.build_site(SiteConfig.load(ROOT), site)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        load_before = os.getloadavg()[0]
        results, info = {}, {}
        for name, path in pages(site).items():
            runs = []
            for n in range(args.runs):
                runs.append(lighthouse(base + path, Path(tmp) / f"{name}-{n}.json"))
                print(f"{name} run {n + 1}: {runs[-1]['scores']}", file=sys.stderr, flush=True)
            results[name] = {"path": path, "runs": runs, "median": median_run(runs)}
            info = runs[-1]
        server.shutdown()
        text = table(results, args.runs, (load_before, os.getloadavg()[0]), info)
        print(text)
        if not args.no_write:
            write(text)
        shutil.rmtree(Path(tmp) / "site", ignore_errors=True)
        perf = [r["median"]["scores"]["performance"] for r in results.values()]
        print(f"median performance {statistics.median(perf)}", file=sys.stderr)


if __name__ == "__main__":
    main()
