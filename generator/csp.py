"""Post-build step: the HTTP headers the agency sets for the built site, with a strict
Content-Security-Policy whose hashes are computed from the built pages, and the list of
external links (a report for reviewers; nothing is fetched).

Written into the site directory:
  csp.txt                the policy on one line
  _headers               Netlify / Cloudflare Pages format
  nginx-headers.conf     `include` it inside the site's `server { }` block
  external-links.txt     every external link and the pages that carry it

Inline <script> and <style> blocks are allowed by their sha256 hash, never by
'unsafe-inline'. Inline event handlers (onclick=…), `javascript:` URLs and style=""
attributes are not allowed at all: the policy has no 'unsafe-hashes', so the browser
tests catch any that sneak in."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

# Pagefind's search runs WebAssembly; Material's bundle needs nothing beyond 'self'.
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Strict-Transport-Security": "max-age=31536000",
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
SKIP_PREFIX = "pagefind"  # Pagefind's bundles (pagefind/, pagefind-katalog/): not pages

_BLOCK = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html")
                  if not p.relative_to(site_dir).parts[0].startswith(SKIP_PREFIX))


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class _StartTag(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.attrs: dict[str, str] = {}
        self.feed(f"<x {text}>")

    def handle_starttag(self, tag, attrs):
        self.attrs = {k: v or "" for k, v in attrs}


def inline_blocks(html: str) -> tuple[list[str], list[str]]:
    """The exact text of every executable inline script and every <style> block."""
    scripts, styles = [], []
    for tag, attrs, body in _BLOCK.findall(html):
        a = _StartTag(attrs).attrs
        if tag.lower() == "style":
            styles.append(body)
        elif "src" not in a and a.get("type", "").strip().lower() in JS_TYPES:
            scripts.append(body)
    return scripts, styles


def policy(site_dir: Path) -> str:
    scripts: set[str] = set()
    styles: set[str] = set()
    for page in html_pages(site_dir):
        s, st = inline_blocks(page.read_text("utf-8"))
        scripts.update(sha256(x) for x in s)
        styles.update(sha256(x) for x in st)
    directives = {k: list(v) for k, v in BASE_POLICY.items()}
    directives["script-src"] += sorted(scripts)
    directives["style-src"] += sorted(styles)
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def headers(csp: str) -> dict[str, str]:
    return {"Content-Security-Policy": csp, **OTHER_HEADERS}


def read_headers(site_dir: Path) -> dict[str, str]:
    """The headers from the site's _headers file, as the host would send them."""
    out = {}
    for line in (site_dir / "_headers").read_text("utf-8").splitlines():
        if line.startswith((" ", "\t")) and ":" in line:
            key, _, value = line.strip().partition(":")
            out[key.strip()] = value.strip()
    return out


# A regex, not HTMLParser: the pages are our own output (attributes always quoted), and
# parsing 10,000 pages with HTMLParser took most of a minute.
_LINK_ATTR = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_EXTERNAL = re.compile(r"^(?:(?:https?:)?//|mailto:)", re.I)


def external_links(site_dir: Path) -> dict[str, list[str]]:
    """External URL → the site paths of the pages that link to it."""
    found: dict[str, set[str]] = {}
    for page in html_pages(site_dir):
        where = page.relative_to(site_dir).as_posix()
        for double, single in _LINK_ATTR.findall(page.read_text("utf-8")):
            url = html.unescape(double or single).strip()
            if _EXTERNAL.match(url):
                found.setdefault(url, set()).add(where)
    return {url: sorted(pages) for url, pages in sorted(found.items())}


def write(site_dir: Path) -> str:
    """Write the header files and the link report into site_dir; return the policy."""
    csp = policy(site_dir)
    hdrs = headers(csp)
    (site_dir / "csp.txt").write_text(csp + "\n", "utf-8")
    (site_dir / "_headers").write_text(
        "/*\n" + "".join(f"  {k}: {v}\n" for k, v in hdrs.items()), "utf-8")
    (site_dir / "nginx-headers.conf").write_text(
        "# Metodekataloget: include inside the site's server { } block (a location block with its\n"
        "# own add_header would drop these, so repeat the include there).\n"
        + "".join(f"add_header {k} \"{v}\" always;\n" for k, v in hdrs.items()), "utf-8")
    links = external_links(site_dir)
    (site_dir / "external-links.txt").write_text(
        f"# {len(links)} eksterne links (ikke kontrolleret automatisk)\n"
        + "".join(f"{url}\t{' '.join(pages)}\n" for url, pages in links.items()), "utf-8")
    return csp
