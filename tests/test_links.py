"""Links: every internal link and #anchor in the built site resolves; external links are
listed in the build's report (site/external-links.txt), never fetched. Also the files
search engines read: sitemap.xml (+ .gz) and robots.txt."""

from __future__ import annotations

import gzip
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from generator.config import ROOT
from generator.csp import external_links, html_pages

# Link-carrying attributes. Pagefind's bundles are not pages (csp.html_pages skips them).
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src",
              "form": "action", "area": "href", "use": "href"}


def site_url() -> str:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        # mkdocs.yml may hold !!python tags; only the plain site_url key is needed here
        text = fh.read()
    return re.search(r"^site_url:\s*(\S+)", text, re.M).group(1)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for key in ("id", "name") if tag in {"a"} else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        attr = LINK_ATTRS.get(tag)
        if attr and attr in a:
            self.links.append((self.getpos()[0], a[attr].strip()))
        if tag == "use" and "xlink:href" in a:
            self.links.append((self.getpos()[0], a["xlink:href"].strip()))


@pytest.fixture(scope="module")
def parsed(built_site: Path) -> dict[str, Page]:
    pages = {}
    for path in html_pages(built_site):
        page = Page()
        page.feed(path.read_text("utf-8"))
        pages[path.relative_to(built_site).as_posix()] = page
    return pages


def is_external(url: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("//"))


def page_dir(rel: str) -> str:
    """The URL directory a page is served from; 404.html is served at any depth, and
    MkDocs gives it root-relative links."""
    return "/" + posixpath.dirname(rel)


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path maps to, as a static host resolves it."""
    rel = unquote(url_path).lstrip("/")
    path = site / rel
    if url_path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def test_every_internal_link_and_anchor_resolves(built_site, parsed):
    broken = []
    for rel, page in parsed.items():
        for line, url in page.links:
            if not url or is_external(url):
                continue
            parts = urlsplit(url)
            if parts.path:
                joined = posixpath.normpath(posixpath.join(page_dir(rel), parts.path))
                if parts.path.endswith("/") and not joined.endswith("/"):
                    joined += "/"
                if joined.startswith("/.."):
                    broken.append(f"{rel}:{line}: {url} leaves the site")
                    continue
                target = target_file(built_site, joined)
                if target is None:
                    broken.append(f"{rel}:{line}: {url} → nothing at {joined}")
                    continue
                target_rel = target.relative_to(built_site).as_posix()
            else:
                target_rel = rel
            if parts.fragment:
                ids = parsed[target_rel].ids if target_rel in parsed else None
                if ids is None:
                    broken.append(f"{rel}:{line}: {url} has an anchor on a non-HTML file")
                elif unquote(parts.fragment) not in ids:
                    broken.append(f"{rel}:{line}: {url} → no id \"{parts.fragment}\" in {target_rel}")
            elif url == "#":
                broken.append(f"{rel}:{line}: empty anchor href=\"#\"")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:80])


def test_only_web_and_mail_links_leave_the_site(parsed):
    odd = sorted({url for page in parsed.values() for _, url in page.links
                  if is_external(url) and not re.match(r"^(https?:|mailto:)", url)})
    assert not odd, f"links with other schemes: {odd}"


def test_external_links_are_reported_not_fetched(built_site, parsed, capsys):
    """The build writes every external link and the pages that carry it to
    external-links.txt for a reviewer; this test checks that report is complete."""
    found = sorted({url for page in parsed.values() for _, url in page.links if is_external(url)})
    report = (built_site / "external-links.txt").read_text("utf-8").splitlines()
    listed = [line.split("\t")[0] for line in report if line and not line.startswith("#")]
    assert listed == found
    assert external_links(built_site).keys() == set(found)
    insecure = [url for url in found if url.startswith("http:")]
    with capsys.disabled():
        print(f"\n[links] {len(found)} external links listed in external-links.txt "
              f"({len(insecure)} over plain http)")


def test_sitemap_lists_every_page_and_only_pages(built_site):
    base = site_url()
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in tree.getroot().findall("s:url/s:loc", ns)]
    assert locs and all(loc.startswith(base) for loc in locs)
    listed = {loc[len(base):] for loc in locs}
    pages = {p.relative_to(built_site).as_posix() for p in html_pages(built_site)} - {"404.html"}
    as_urls = {"" if p == "index.html" else p.removesuffix("index.html") for p in pages}
    assert listed == as_urls
    with gzip.open(built_site / "sitemap.xml.gz") as fh:
        assert fh.read() == (built_site / "sitemap.xml").read_bytes()


def test_robots_txt_points_at_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {site_url()}sitemap.xml" in text.splitlines()
    assert "User-agent: *" in text
    assert "Disallow: /" not in text.splitlines()


def test_site_url_is_the_same_in_mkdocs_and_site_config():
    site = yaml.safe_load((ROOT / "site_config" / "site.yml").read_text("utf-8"))
    assert site["url"] == site_url()
