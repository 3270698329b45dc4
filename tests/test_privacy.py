"""Privacy and CSP: a visit to any page type sends no request to another origin, the
strict Content-Security-Policy computed at build time (generator/csp.py) is what the
server sends, the browser reports no violation under it, and the pages still work:
Material's script runs and Pagefind searches (WebAssembly under 'wasm-unsafe-eval')."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from conftest import serve
from site_pages import PAGE_TYPES, page_path

from generator import csp, reproducible

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""
# Console words Chromium uses when it blocks something because of a CSP
CSP_CONSOLE = re.compile(r"Content.Security.Policy", re.I)


def visit(page, url: str) -> dict:
    """Load a page like a visitor (scroll, open the menu where there is one) and record
    every request, console message about CSP, violation event and script error."""
    seen = {"requests": [], "console": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: CSP_CONSOLE.search(m.text) and seen["console"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.add_init_script(CSP_LISTENER)
    response = page.goto(url, wait_until="load")
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(150)
    page.mouse.wheel(0, -2000)  # Material shows its "back to top" button on scroll up
    # use the page's own controls (facets, comparison choices) so their scripts run too
    boxes = page.locator("main input[type='checkbox']:visible")
    for i in range(min(boxes.count(), 2)):
        boxes.nth(i).check()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    seen["violations"] = page.evaluate("() => window.__cspViolations")
    seen["response"] = response
    return seen


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_talks_only_to_its_own_origin_and_keeps_the_csp(kind, page, site_url, built_site):
    seen = visit(page, site_url + page_path(built_site, kind))
    origin = urlsplit(site_url)
    foreign = [u for u in seen["requests"]
               if urlsplit(u).scheme not in {"data", "blob"} and urlsplit(u)[:2] != origin[:2]]
    assert not foreign, f"requests to other origins: {foreign}"
    # the sitemap grows with the catalogue; no page should fetch it just to be shown
    assert not [u for u in seen["requests"] if u.endswith("sitemap.xml")]
    assert seen["response"].headers.get("content-security-policy") == csp.read_headers(built_site)[
        "Content-Security-Policy"]
    assert not seen["violations"], f"CSP violations: {seen['violations']}"
    assert not seen["console"], f"CSP console messages: {seen['console']}"
    assert not seen["errors"], f"script errors: {seen['errors']}"
    # Material's bundle ran (it swaps the no-js class), so script-src lets the site work
    assert "js" in (page.evaluate("() => document.documentElement.className") or "").split()


def test_pagefind_searches_under_the_csp(page, site_url, built_site):
    """Pagefind's WebAssembly and worker run under the policy: a word from a project
    title finds that project."""
    project = page_path(built_site, "projekt")
    seen = visit(page, site_url + project)
    title = page.locator("h1").inner_text()
    word = max(re.findall(r"\w{5,}", title) or [title], key=len)
    found = page.evaluate("""async ([bundle, word]) => {
        const pagefind = await import(bundle);
        await pagefind.options({baseUrl: "/"});
        const search = await pagefind.search(word);
        const data = await Promise.all(search.results.slice(0, 20).map(r => r.data()));
        const filters = await pagefind.filters();  // the filter indexes load (reproducible.py renames them)
        return {urls: data.map(d => d.url), filters: Object.keys(filters).sort()};
    }""", [site_url + "pagefind/pagefind.js", word])
    assert "/" + project in found["urls"], f"searching {word!r} gave {found['urls']}"
    filter_files = (built_site / "pagefind" / "filter").glob("*.pf_filter")
    stored = sorted({reproducible.read_pagefind(p)[0] for p in filter_files})
    assert found["filters"] == stored
    assert not page.evaluate("() => window.__cspViolations"), "Pagefind broke the CSP"
    assert not seen["errors"]


def test_search_page_works_under_the_csp(page, site_url, built_site):
    path = page_path(built_site, "soeg")
    seen = visit(page, site_url + path)
    before = page.locator("main a[href]").count()
    field = page.locator("main input[type='search'], main input[type='text']").first
    field.fill("beskæftigelse")
    field.press("Enter")
    # the results are links the page did not have before the search
    page.wait_for_function("n => document.querySelectorAll('main a[href]').length > n", arg=before, timeout=10_000)
    assert not page.evaluate("() => window.__cspViolations")
    assert not seen["errors"], seen["errors"]


def test_policy_is_strict_and_matches_the_pages(built_site):
    policy = (built_site / "csp.txt").read_text("utf-8").strip()
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["worker-src"] == ["'self'", "blob:"]
    for name, sources in directives.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"} & set(sources), name
    assert directives["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert set(directives["script-src"][2:]) == {
        csp.sha256(s) for p in csp.html_pages(built_site) for s in csp.inline_blocks(p.read_text("utf-8"))[0]}
    headers = csp.read_headers(built_site)
    assert headers["Content-Security-Policy"] == policy
    assert f'add_header Content-Security-Policy "{policy}" always;' in (
        built_site / "nginx-headers.conf").read_text("utf-8")


class _InlineCode(HTMLParser):
    """Markup a hash-based CSP blocks: event-handler attributes, javascript: URLs and
    style attributes (there is no 'unsafe-hashes' in the policy)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k.startswith("on"):
                self.found.append(f"<{tag} {k}=…> (event handler)")
            elif k == "style":
                self.found.append(f"<{tag} style=\"{v}\">")
            elif k in {"href", "src", "action"} and v and re.sub(r"\s", "", v).lower().startswith("javascript:"):
                self.found.append(f"<{tag} {k}=\"{v}\">")


def test_no_markup_that_the_csp_would_block(built_site):
    found = {}
    for p in csp.html_pages(built_site):
        parser = _InlineCode()
        parser.feed(p.read_text("utf-8"))
        if parser.found:
            found[p.relative_to(built_site).as_posix()] = sorted(set(parser.found))[:5]
    assert not found, found


def test_no_google_fonts_or_other_third_party_assets(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"} or path.relative_to(built_site).parts[0].startswith("pagefind"):
            continue
        text = path.read_text("utf-8", errors="replace")
        if re.search(r"fonts\.(googleapis|gstatic)\.com", text) and not path.name.endswith(".min.js"):
            offenders.append(path.relative_to(built_site).as_posix())
    assert not offenders, offenders
    for p in csp.html_pages(built_site):
        html = p.read_text("utf-8")
        external = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)=\"(?:https?:)?//[^\"]+\"", html)
        external = [e for e in external if "rel=\"canonical\"" not in e]
        assert not external, f"{p}: {external}"


def test_inline_blocks_are_found_exactly():
    html = ('<script>a()</script><script src="x.js"></script><script type="application/json">{}</script>'
            '<script type="module">b()</script><style>p{}</style>')
    scripts, styles = csp.inline_blocks(html)
    assert scripts == ["a()", "b()"] and styles == ["p{}"]


def test_the_browser_accepts_the_computed_hashes(tmp_path, page):
    """A page whose inline script and style hold non-ASCII text and odd whitespace runs
    under the policy csp.py computes for it, and a script it did not hash is blocked."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        '<style>\n p { color: rgb(1, 2, 3) } /* æøå */\n</style>'
        '<script>\n  window.ran = "æøå";\t\n</script></head><body><p>x</p></body></html>', "utf-8")
    policy = csp.policy(tmp_path)
    (tmp_path / "index.html").write_text(
        (tmp_path / "index.html").read_text("utf-8").replace("</body>", "<script>window.extra = 1</script></body>"),
        "utf-8")
    server = serve(tmp_path, headers={"Content-Security-Policy": policy})
    try:
        page.add_init_script(CSP_LISTENER)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        assert page.evaluate("() => window.ran") == "æøå"
        assert page.evaluate("() => getComputedStyle(document.querySelector('p')).color") == "rgb(1, 2, 3)"
        assert page.evaluate("() => window.extra") is None
        assert len(page.evaluate("() => window.__cspViolations")) == 1
    finally:
        server.shutdown()
