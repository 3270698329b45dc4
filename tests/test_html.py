"""Structure of every built page, read with html.parser: one h1, unique ids, Danish
language, well-formed nesting of tables and lists, and accessible tables and charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.csp import html_pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# End tags HTML lets an author omit; an unmatched end tag of another kind is an error.
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup", "caption"}
# Allowed parents and children (only what our pages and Material use).
PARENTS = {
    "li": {"ul", "ol", "menu"},
    "tr": {"thead", "tbody", "tfoot", "table"},
    "td": {"tr"}, "th": {"tr"},
    "thead": {"table"}, "tbody": {"table"}, "tfoot": {"table"}, "caption": {"table"}, "colgroup": {"table"},
    "dt": {"dl", "div"}, "dd": {"dl", "div"},
    "figcaption": {"figure"},
    "summary": {"details"},
}
CHILDREN = {
    "ul": {"li", "script", "template"},
    "ol": {"li", "script", "template"},
    "table": {"caption", "colgroup", "thead", "tbody", "tfoot", "tr", "script", "template"},
    "thead": {"tr"}, "tbody": {"tr"}, "tfoot": {"tr"},
    "tr": {"td", "th", "script", "template"},
    "dl": {"dt", "dd", "div", "script", "template"},
}
# Start tags that close the open element(s) named, as HTML's optional end tags allow.
IMPLIED = {
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
    "thead": {"caption", "colgroup"}, "tbody": {"caption", "colgroup", "thead", "tbody", "tr", "td", "th"},
    "tfoot": {"caption", "colgroup", "thead", "tbody", "tr", "td", "th"},
}
# Block elements that would silently close an open <p> in a browser.
BLOCKS = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer",
          "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
          "table", "ul"}


class PageCheck(HTMLParser):
    """Collects structural problems of one page; an element stack mirrors the tree."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.problems: list[str] = []
        self.ids: dict[str, int] = {}
        self.h1 = 0
        self.lang = None
        self.tables: list[dict] = []  # open tables: {"caption": bool}
        self.in_content = 0  # depth inside the content wrapper (#hovedindhold)
        self.svg_stack: list[dict] = []
        self.forms: list[int | None] = []  # open forms: start line, None once a submit button is seen

    def where(self) -> str:
        line, _ = self.getpos()
        return f"line {line}"

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if tag == "h1":
            self.h1 += 1
        while self.stack and self.stack[-1][0] in IMPLIED.get(tag, ()):
            self._pop()
        parent = self.stack[-1][0] if self.stack else None
        # An open <p> is closed by a block element (HTML's implied end tag): report it, the
        # browser would build a different tree than the template meant.
        if parent == "p" and tag in BLOCKS:
            self.problems.append(f"{self.where()}: <{tag}> inside <p>")
        if tag in PARENTS and parent not in PARENTS[tag]:
            self.problems.append(f"{self.where()}: <{tag}> inside <{parent}>")
        if parent in CHILDREN and tag not in CHILDREN[parent]:
            self.problems.append(f"{self.where()}: <{tag}> directly inside <{parent}>")
        if tag == "a" and any(t == "a" for t, _ in self.stack):
            self.problems.append(f"{self.where()}: <a> inside <a>")
        if tag == "table":
            self.tables.append({"caption": False, "line": self.getpos()[0]})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        elif tag == "th" and a.get("scope") not in {"col", "row", "colgroup", "rowgroup"}:
            self.problems.append(f"{self.where()}: <th> without scope=\"col\" or scope=\"row\"")
        if "mk-table-wrap" in a.get("class", "").split() and not (
                a.get("tabindex") == "0" and a.get("role") == "region"
                and (a.get("aria-label") or a.get("aria-labelledby"))):
            # it scrolls sideways on a phone, so a keyboard user must be able to focus it
            self.problems.append(f"{self.where()}: <div class=\"mk-table-wrap\"> needs role=\"region\" "
                                 "tabindex=\"0\" and aria-label (or aria-labelledby its caption)")
        if tag == "form":
            self.forms.append(self.getpos()[0])
        elif self.forms and ((tag == "button" and a.get("type", "submit") == "submit")
                             or (tag == "input" and a.get("type") in {"submit", "image"})):
            self.forms[-1] = None  # has a submit button
        if tag == "svg":
            self.svg_stack.append(a)
            if self.in_content and len(self.svg_stack) == 1 and a.get("aria-hidden") != "true":
                named = a.get("aria-label") or a.get("aria-labelledby")
                if a.get("role") != "img" or not named:
                    self.problems.append(f"{self.where()}: a chart <svg> needs role=\"img\" and aria-label or "
                                         "aria-labelledby (or aria-hidden=\"true\" if it is decoration)")
        if tag in VOID:
            return
        if self.in_content or a.get("id") == "hovedindhold":
            self.in_content += 1
        self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        # <br/>, <path .../> in SVG: no element stays open
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1

    def _pop(self) -> str:
        tag, _ = self.stack.pop()
        if self.in_content:
            self.in_content -= 1
        if tag == "table" and self.tables:
            table = self.tables.pop()
            if not table["caption"]:
                self.problems.append(f"line {table['line']}: <table> without <caption>")
        elif tag == "svg" and self.svg_stack:
            self.svg_stack.pop()
        elif tag == "form" and self.forms:
            line = self.forms.pop()
            if line is not None:
                self.problems.append(f"line {line}: <form> without a submit button")
        return tag

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not any(t == tag for t, _ in self.stack):
            self.problems.append(f"{self.where()}: </{tag}> without an open <{tag}>")
            return
        while self.stack:
            t = self._pop()
            if t == tag:
                break
            if t not in OPTIONAL_END:
                self.problems.append(f"{self.where()}: <{t}> not closed before </{tag}>")


def check_page(html: str) -> list[str]:
    parser = PageCheck()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    if parser.h1 != 1:
        problems.append(f"{parser.h1} <h1> elements; a page has exactly one")
    problems += [f"id \"{i}\" used {n} times" for i, n in sorted(parser.ids.items()) if n > 1]
    if parser.lang != "da":
        problems.append(f"<html lang=\"{parser.lang}\">, expected \"da\"")
    open_tags = [t for t, _ in parser.stack if t not in OPTIONAL_END]
    if open_tags:
        problems.append(f"elements never closed: {open_tags}")
    return problems


@pytest.fixture(scope="module")
def all_pages(built_site: Path) -> dict[str, str]:
    return {p.relative_to(built_site).as_posix(): p.read_text("utf-8") for p in html_pages(built_site)}


def test_every_page_is_well_formed(all_pages):
    failures = {rel: check_page(html) for rel, html in all_pages.items()}
    failures = {rel: probs for rel, probs in failures.items() if probs}
    report = "\n".join(f"{rel}:\n  " + "\n  ".join(probs[:10]) for rel, probs in sorted(failures.items()))
    assert not failures, f"{len(failures)} of {len(all_pages)} pages have structural problems:\n{report}"


def test_the_site_has_every_page_type(all_pages):
    for rel in ("index.html", "404.html", "katalog/index.html", "metoder/index.html", "projekter/index.html",
                "kilder/index.html", "bidrag/index.html", "tilgaengelighed/index.html", "privatliv/index.html"):
        assert rel in all_pages, rel
    assert sum(r.startswith("projekter/") for r in all_pages) > 1
    assert sum(r.startswith("metoder/") for r in all_pages) > 1


@pytest.mark.parametrize("html, problem", [
    ("<h1>a</h1><h1>b</h1>", "2 <h1>"),
    ("<h1>a</h1><p id=x></p><p id=x></p>", 'id "x" used 2 times'),
    ("<h1>a</h1><ul><div></div></ul>", "<div> directly inside <ul>"),
    ("<h1>a</h1><div><li>x</li></div>", "<li> inside <div>"),
    ("<h1>a</h1><table><caption>c</caption><div><tr><td>1</td></tr></div></table>", "<tr> inside <div>"),
    ("<h1>a</h1><table><tr><td>1</td></tr></table>", "<table> without <caption>"),
    ("<h1>a</h1><table><caption>c</caption><tr><th>1</th></tr></table>", "<th> without scope"),
    ("<h1>a</h1><p><div>x</div></p>", "<div> inside <p>"),
    ("<h1>a</h1><div id=hovedindhold><svg viewBox='0 0 1 1'></svg></div>", "chart <svg> needs role"),
    ("<h1>a</h1><div class=mk-table-wrap><table><caption>c</caption></table></div>", "needs role=\"region\""),
    ("<h1>a</h1><form><input name=q></form>", "<form> without a submit button"),
])
def test_the_checker_catches(html, problem):
    """The checker itself: each bad input gives the expected message."""
    problems = check_page(f'<html lang="da"><body>{html}</body></html>')
    assert any(problem in p for p in problems), problems


def test_the_checker_passes_good_markup():
    html = ('<html lang="da"><body><div id="hovedindhold"><h1>a</h1><ul><li>x<li>y</ul>'
            '<table><caption>c</caption><thead><tr><th scope="col">h</th></tr></thead>'
            '<tbody><tr><td>1</td></tr></tbody></table><dl><div><dt>a</dt><dd>b</dd></div></dl>'
            '<svg role="img" aria-label="Figur"><title>Figur</title></svg>'
            '<svg aria-hidden="true"><path d="M0"/></svg></div></body></html>')
    assert check_page(html) == []


class ContentText(HTMLParser):
    """The text of a page's content (#hovedindhold), without code examples."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the content wrapper
        self.code = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("id") == "hovedindhold":
            self.depth += tag not in VOID
        self.code += tag in ("pre", "code")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        self.code -= tag in ("pre", "code") and self.code > 0

    def handle_data(self, data):
        if self.depth and not self.code:
            self.parts.append(data)


def content_text(html: str) -> str:
    parser = ContentText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_no_page_shows_its_front_matter(all_pages):
    """Front matter that YAML could not read (an unquoted colon in a description) was
    printed on /metoder/ as text between two rules."""
    shown = {rel: m.group() for rel, html in all_pages.items()
             if (m := re.search(r"\b(title|description|hide): \S+", content_text(html)))}
    assert not shown, shown


SCRIPT_FOR = {  # our script → the element it works on; a page loads it exactly when it has that element
    "pagefind-client.js": ('id="mk-search"', 'id="mk-facets"'),
    "search.js": ('id="mk-search"',),
    "catalogue.js": ('id="mk-facets"',),
    "download.js": ('id="mk-csv"',),
    "compare.js": ('id="mk-compare"',),
    "sortable.js": ("data-mk-sortable",),
    "formular.js": ('id="mk-form"',),
}


def test_each_page_loads_only_the_scripts_it_uses(all_pages):
    wrong = {}
    for rel, html in all_pages.items():
        loaded = set(re.findall(r'<script src="[^"]*assets/([a-z-]+\.js)"', html))
        needed = {name for name, marks in SCRIPT_FOR.items() if any(m in html for m in marks)}
        if loaded != needed:
            wrong[rel] = (sorted(loaded), sorted(needed))
    assert not wrong, wrong
    assert any("catalogue.js" in re.findall(r'assets/([a-z-]+\.js)', h) for h in all_pages.values())
