"""Contributor Markdown → safe HTML, and the body checks that keep raw HTML and unsafe
links out of the content in the first place (defence in depth: both run)."""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_SCHEMES = {"http", "https", "mailto"}
TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?/?>|<!--|<\?|<!\[CDATA\[|<![A-Za-z]")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def body_problems(body: str) -> list[tuple[int, int, str]]:
    """(line offset in body, column, message) for raw HTML and non-allowed link schemes."""
    found = []
    fenced = False
    for n, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        targets = [(m.start(1), m.group(1)) for m in _INLINE_LINK.finditer(text)]
        targets += [(m.start(1), m.group(1)) for m in _REF_DEF.finditer(text)]
        autolinks = [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(text)]
        for col, url in targets + autolinks:
            scheme = link_scheme(url)
            if scheme and scheme not in ALLOWED_SCHEMES:
                found.append((n, col + 1, f"link med skemaet '{scheme}:' er ikke tilladt; kun http, https og mailto."))
        stripped = _AUTOLINK.sub(lambda m: " " * len(m.group()), text)
        m = _TAG.search(stripped)  # one report per line is enough to find it
        if m:
            message = f"rå HTML ('{m.group()[:30]}') er ikke tilladt i brødteksten; brug Markdown."
            found.append((n, m.start() + 1, message))
    return found


def link_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser would read it (entities decoded, controls dropped)."""
    decoded = html.unescape(url)
    decoded = re.sub(r"[\x00-\x20\x7f]", "", decoded)
    m = _SCHEME.match(decoded)
    return m.group(1).lower() if m else None


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML is escaped, never passed through (Python-Markdown does not sanitise).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _markdown()


def render(body: str) -> str:
    """Render a contributor body to HTML that cannot run script: raw HTML escaped, then
    nh3 with a small allowlist (no images: they would be third-party requests)."""
    _MD.reset()
    out = _MD.convert(body)
    # Bodies sit under the page's own h2 sections, so their headings start at h3.
    out = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)) + 1, 3), 6)}", out)
    return nh3.clean(
        out,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
