"""The glossary (/ordliste/): its terms as data (site_config/glossary.yml), and the step
that links the first occurrence of each term on a generated page to its entry.

The step runs on a page's generated text (HTML blocks in Markdown) before MkDocs sees it,
so any engine that builds the generated tree shows the links. It links running text only:
never inside a heading, a link, a table, a label, code or hidden data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.config import read_yaml
from generator.slug import slugify

# Elements whose text is never linked; a table or a figure as a whole.
SKIP = ("a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "figure", "dt", "code", "pre", "script", "style",
        "svg", "button", "label", "legend", "select", "textarea", "abbr", "summary", "title")
# The tags that matter: an element from SKIP opening or closing, or any element that opens hidden.
_SKIPPED = re.compile(rf"<(/?)(?:{'|'.join(SKIP)})\b[^>]*>|<(?P<hidden>[A-Za-z][A-Za-z0-9-]*)\b[^>]*\shidden\b[^>]*>",
                      re.I)
_HEADING_LINE = re.compile(r" {0,3}#")  # matched at a line start (never use ^ with a pos)


@dataclass(frozen=True)
class Term:
    term: str
    slug: str
    forms: tuple[str, ...]
    definition: str | None
    level: str | None
    method: str | None
    historical: bool


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    not_linked_on: frozenset[str]  # URL names (first path part) of pages without links

    @classmethod
    def load(cls, root: Path) -> Glossary:
        path = root / "site_config" / "glossary.yml"
        data = read_yaml(path) if path.is_file() else {}
        terms = tuple(
            Term(term=t["term"], slug=slugify(t["term"]), forms=tuple(t.get("forms") or ()),
                 definition=t.get("definition"), level=t.get("level"), method=t.get("method"),
                 historical=bool(t.get("historical")))
            for t in data.get("terms") or ())
        return cls(terms, frozenset(data.get("not_linked_on") or ()))



class Linker:
    """Links the first occurrence of each term in a page's text to the glossary entry."""

    def __init__(self, glossary: Glossary):
        # lower-cased form → its term, and the exact spelling an acronym must have ("KL", not "kl.")
        self.forms: dict[str, tuple[Term, str | None]] = {}
        for t in glossary.terms:
            for form in t.forms:
                self.forms[form.lower()] = (t, form if form.isupper() else None)
        # A trie of the forms as one pattern: Python's re tries an alternation's branches one
        # by one, so a flat list of the forms made the scan several times slower.
        self.pattern = re.compile(rf"\b(?:{_trie(list(self.forms))})\b", re.I) if self.forms else None

    def link(self, page: str, href: str, method: str | None = None) -> str:
        """The page with its terms' first occurrences linked to `href#slug` (href: the
        glossary page, relative to this page). On a method's own page (`method`, its slug)
        the term that the method describes is not linked: the page is its full description."""
        if self.pattern is None:
            return page
        done: set[str] = set()
        out, last = [], 0
        tags = _SKIPPED.finditer(page)
        tag = next(tags, None)
        skip = 0  # open elements whose text is never linked
        hidden_end = -1  # where the hidden element the scan is in ends
        for m in self.pattern.finditer(page):
            start = m.start()
            term, spelling = self.forms[m.group().lower()]
            if (term.slug in done or start < hidden_end or (spelling and m.group() != spelling)
                    or (method and term.method == method)):
                continue
            while tag and tag.end() <= start:
                if tag.group("hidden"):
                    hidden_end = _end_of(page, tag)
                else:
                    skip += -1 if tag.group(1) else 0 if tag.group(0).endswith("/>") else 1
                tag = next(tags, None)
            if (skip or start < hidden_end or page.rfind("<", 0, start) > page.rfind(">", 0, start)
                    or page[start - 1:start] == "-" or page[m.end():m.end() + 1] == "-"
                    or _HEADING_LINE.match(page, page.rfind("\n", 0, start) + 1)):
                continue
            done.add(term.slug)
            out += [page[last:start],
                    f'<a class="mk-term" href="{href}#{term.slug}" title="Forklaring i ordlisten">{m.group()}</a>']
            last = m.end()
        return "".join(out) + page[last:] if out else page


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly `words`, with shared prefixes factored out."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        parts = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(tree)


def _end_of(page: str, tag: re.Match) -> int:
    """Where the element that `tag` opens is closed (same-name elements may nest in it)."""
    name = tag.group("hidden")
    depth = 1
    for m in re.finditer(rf"<(/?){name}\b[^>]*>", page[tag.end():], re.I):
        depth += -1 if m.group(1) else 1
        if not depth:
            return tag.end() + m.end()
    return len(page)
