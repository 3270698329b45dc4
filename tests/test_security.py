"""Contributor content cannot run script on the public site.

A corpus of injection payloads goes through a project's Markdown body and through every
free-text front-matter string of a project, a method and a source report:

1. the check rejects each dangerous body payload on the right line, and HTML or
   `javascript:` in front-matter strings, and non-http(s) URLs;
2. with the check bypassed (records read with load.read, model built directly), the
   generated pages and the site built by MkDocs contain nothing executable from content.
   Every built page is parsed and compared with a build of the same catalogue in which
   each payload is replaced by harmless text: the same scripts, no on* attributes, no
   URL with a scheme other than http/https/mailto, no new <svg>/<math>/<iframe>/<style>…,
   no attribute names that only content could have introduced;
3. the detectors themselves are tested: with sanitising or autoescaping sabotaged, the
   same analysis must find the payloads (so these tests fail if a defence is removed).

Plus: YAML safe loading, the file-size limit and path traversal through file names.
"""

from __future__ import annotations

import html
import json
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import jinja2.runtime
import markdown
import pytest
import yaml
from conftest import make_root
from markupsafe import Markup

from generator import build, load, markup, model, pages, scaffold, slug, tables, validate
from generator.config import SiteConfig

ALFA = (Path(__file__).parent / "fixtures/content/projects/alfa-projektet.md").read_text("utf-8")

# (payload, line of the payload on which the check must report it; None = harmless text
# that the check accepts and the output must show as text).
CORPUS: list[tuple[str, int | None]] = [
    ("<script>alert('xss')</script>", 0),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", 0),
    ("<scr<script>ipt>alert(1)</script>", 0),
    ('<img src=x onerror="alert(1)">', 0),
    ("<body onload=alert(1)>", 0),
    ('<a href="#" onmouseover="alert(1)">hold musen her</a>', 0),
    ('<a href="https://eksempel.dk" onclick="alert(1)">x</a>', 0),
    ("<details open ontoggle=alert(1)>", 0),
    ("[klik](javascript:alert(1))", 0),
    ("[klik](  javascript:alert(1))", 0),
    ("[klik](<javascript:alert(1)>)", 0),
    ("[klik](jav&#x09;ascript:alert(1))", 0),
    ("[klik](&#106;avascript:alert(1))", 0),
    ("[klik](JaVaScRiPt&#58;alert(1))", 0),
    ("[klik](javascript&colon;alert(1))", 0),
    ("[klik](\x01java\x00script:alert(1))", 0),
    ("[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 0),
    ("[klik](vbscript:msgbox(1))", 0),
    ("![billede](javascript:alert(1))", 0),
    ("Se [kilden][k].\n\n[k]: javascript:alert(1)", 2),
    ("Se [kilden][k].\n\n[k]: <data:text/html,<script>alert(1)</script>>", 2),
    ("<javascript:alert(1)>", 0),
    ("<vbscript:msgbox(1)>", 0),
    ("<svg onload=alert(1)>", 0),
    ("<svg><script>alert(1)</script></svg>", 0),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", 0),
    ('<iframe src="javascript:alert(1)"></iframe>', 0),
    ('<object data="javascript:alert(1)"></object>', 0),
    ('<embed src="javascript:alert(1)">', 0),
    ('<form action="javascript:alert(1)"><button>send</button></form>', 0),
    ('<base href="javascript:alert(1)//">', 0),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', 0),
    ("<style>*{background:url(javascript:alert(1))}</style>", 0),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', 0),
    ("<!-- <script>alert(1)</script> -->", 0),
    ("<![CDATA[<script>alert(1)</script>]]>", 0),
    ("</div></div><script>alert(1)</script>", 0),
    ("</textarea></title></style><script>alert(1)</script>", 0),
    # Bare URLs: plain text in a body, but the value of the URL fields in front matter.
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("jav&#x09;ascript:alert(1)", None),
    ("&#106;avascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", 0),
    ("vbscript:msgbox(1)", None),
    ("]]></summary><script>alert(1)</script>", 0),
    ("Tekst\n\n<script>alert(1)</script>\n\nmere tekst", 2),
    # Harmless as text; they probe escaping rather than the check.
    ("&lt;script&gt;alert(1)&lt;/script&gt; og &#60;img src=x onerror=alert(1)&#62;", None),
    ('" onmouseover="alert(1)" x="', None),
    ("' onmouseover='alert(1)' x='", None),
    ('{: onclick="alert(1)" }', None),
    ("Overskrift {: onmouseover=alert(1) }\n\n[klik](https://eksempel.dk){: onclick=alert(1) }", None),
    ("{{ 7*7 }} {% include 'x' %} ${7*7}", None),
    ('[klik](https://eksempel.dk "titel" onclick=alert(1))', None),
    ('<https://eksempel.dk/"onmouseover="alert(1)>', None),
    ("Tekst\n\n[klik](javascript:alert(1))\n\n{: onclick=alert(1) }", None),  # only as front matter
]
# The last entry is for front-matter strings with blank lines; as a body it is rejected:
BODY_CORPUS = [(p, line) for p, line in CORPUS[:-1]] + [(CORPUS[-1][0], 2)]

DANGEROUS_TAGS = {"script", "svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                  "base", "meta", "link", "form", "img", "template", "noscript", "textarea", "mglyph"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset",
                  "cite", "longdesc", "manifest", "codebase", "ping", "lowsrc", "dynsrc"}
SAFE_SCHEMES = {"http", "https", "mailto"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


# --- the catalogue with payloads in every free-text field --------------------------------

def fill(value: str, tag: str) -> dict[str, dict]:
    """Front matter for one project, one method and one source whose every free-text
    string is `<marker> value`; the marker (Z + tag + field number + Z) proves the field
    reached the page. URL fields get the bare value. C0 control characters stay in the
    body only: in front matter the check rejects them (test below), and the Excel export
    cannot hold them at all."""
    counter = iter(range(100))
    value = CONTROL.sub("", value)

    def s() -> str:
        return f"Z{tag}{next(counter):02d}Z {value}"

    project = {
        "title": s(), "summary": s(), "holder": s(), "partners": [s()], "municipalities": ["Holbæk"],
        "area": s(),
        "period": {"start": 2008, "end": 2010, "note": s(), "location": s()},
        "funding": s(),
        "budget": {"amount": 1000, "currency": "DKK", "note": s(), "location": s()},
        "target_group": {"categories": ["udsatte_ledige"], "description": s(), "age": s(),
                         "participants": {"planned": 10, "actual": 5, "note": s(), "location": s()}},
        "methods": [f"xss-metode-{tag}", "mentorordning"], "themes": ["afklaring"],
        "results": [{"indicator": "job", "label": s(), "value": 1, "unit": "personer", "denominator": 5,
                     "target": 2, "target_note": s(),
                     "benchmark": {"value": 3, "unit": "procent", "label": s(), "location": s()},
                     "as_of": s(), "note": s(), "source": f"xss-kilde-{tag}", "location": s()}],
        "documentation": {"implementability": "overordnet", "evidence": "systematisk", "level": "formodning",
                          "rationale": s()},
        "sources": [{"report": f"xss-kilde-{tag}", "number": 1, "location": s()},
                    {"title": s(), "publisher": s(), "year": 2010, "url": value, "location": s()},
                    {"title": s(), "publisher": s(), "year": 2010, "url": "https://eksempel.dk/" + value,
                     "location": s()}],
        "discrepancies": [{"description": s(), "locations": [s(), s()]}],
    }
    method = {"title": s(), "summary": s(), "aliases": [s()], "category": "individuel_stoette",
              "related": ["mentorordning"],
              "findings": [{"text": s(), "level": "idé", "source": f"xss-kilde-{tag}", "location": s()}]}
    source = {"title": s(), "short_title": s(), "publisher": s(), "commissioned_by": s(), "year": 2010,
              "url": value, "scope": s(), "documentation_of_results": s(),
              "headline_figures": [{"label": s(), "value": s(), "location": s()}], "expected_projects": 1}
    return {"projects": project, "methods": method, "sources": source}


def payload_root(tmp: Path, harmless: bool) -> Path:
    """The fixture catalogue plus, for each corpus entry, a project, method and source
    carrying the payload (or, if harmless, plain text in the same places)."""
    tmp.mkdir(parents=True, exist_ok=True)
    root = make_root(tmp)
    for i, (payload, _) in enumerate(CORPUS):
        tag = f"{i:02d}"
        value = f"uskyldig tekst {tag}" if harmless else payload
        names = {"projects": f"xss-{tag}", "methods": f"xss-metode-{tag}", "sources": f"xss-kilde-{tag}"}
        for folder, data in fill(value, tag).items():
            front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
            body = f"Brødtekst {tag}.\n\n{value}\n"  # the value as is, control characters included
            (root / "content" / folder / f"{names[folder]}.md").write_text(f"---\n{front}---\n\n{body}", "utf-8")
    return root


def unchecked_catalogue(root: Path) -> model.Catalogue:
    """The model built straight from the files, bypassing the check (which would reject
    the payloads), with a git-like date on every record."""
    config = SiteConfig.load(root)
    records = []
    for path, kind in load.content_files(config.content_dir):
        record, problems = load.read(path, kind, root)
        assert problems == [], problems
        records.append(record)
    return model.build(records, config, {r.rel: "2026-01-02" for r in records})


def build_site(root: Path) -> Path:
    files = build.render(unchecked_catalogue(root))
    build.write_tree(root / "docs", files)
    build.mkdocs_build(root / "mkdocs.yml", root / "site")
    return root / "site"


# --- analysis of the output ------------------------------------------------------------------

class Page(HTMLParser):
    """What a browser could execute, as seen by an HTML5-ish tokenizer (attribute values
    entity-decoded, script/style bodies raw)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attribute_names: set[str] = set()
        self.handlers: list[tuple[str, str, str]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str, str]] = []  # (type, src, body)
        self.text: list[str] = []
        self._script: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attribute_names.add(name)
            if name.startswith("on"):
                self.handlers.append((tag, name, value or ""))
            if name in URL_ATTRIBUTES or (tag == "meta" and name == "content" and "url=" in (value or "").lower()):
                self.urls.append((tag, name, value or ""))
        if tag == "script":
            a = dict(attrs)
            self._script = [(a.get("type") or "").lower(), a.get("src") or "", ""]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[2] += data
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.tags["<!--"] += 1

    def unknown_decl(self, data):
        self.tags["<![" + data[:5]] += 1

    @property
    def executable_scripts(self) -> Counter:
        return Counter((src, body) for kind, src, body in self.scripts if kind in EXECUTABLE_SCRIPT_TYPES)


def scheme(url: str) -> str | None:
    """The scheme a browser would see: whitespace and C0 controls removed (browsers strip
    them at the ends and drop tab/newline inside), then a second entity pass for safety."""
    for candidate in (url, html.unescape(url)):
        cleaned = re.sub(r"[\x00-\x20\x7f]", "", candidate)
        m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
        if m and m.group(1).lower() not in SAFE_SCHEMES:
            return m.group(1).lower()
    return None


def violations(path: str, page: Page, clean: Page | None) -> list[str]:
    found = [f"{path}: {tag} has {name}={value!r}" for tag, name, value in page.handlers]
    found += [f"{path}: {tag} {name}={value!r} has scheme {scheme(value)!r}"
              for tag, name, value in page.urls if scheme(value)]
    if clean is not None:
        if page.executable_scripts != clean.executable_scripts:
            extra = page.executable_scripts - clean.executable_scripts
            found.append(f"{path}: scripts differ from the clean build: {list(extra)[:3]}")
        for tag in sorted(DANGEROUS_TAGS | {"<!--"}):
            if page.tags[tag] != clean.tags[tag]:
                found.append(f"{path}: {page.tags[tag]} <{tag}> against {clean.tags[tag]} in the clean build")
        # Content may add links (a href/rel/title) and table alignment, nothing else.
        new = page.attribute_names - clean.attribute_names - {"href", "rel", "title", "align"}
        if new:
            found.append(f"{path}: attributes only content could have added: {sorted(new)}")
    for kind, _src, body in page.scripts:
        if kind == "application/json":
            try:
                json.loads(body)
            except ValueError:
                found.append(f"{path}: a JSON script block no longer parses: {body[:80]!r}")
    return found


def html_pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text("utf-8")) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> dict[str, Page]:
    return html_pages(build_site(payload_root(tmp_path_factory.mktemp("clean"), harmless=True)))


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory) -> Path:
    return build_site(payload_root(tmp_path_factory.mktemp("payloads"), harmless=False))


# --- 1. the check -------------------------------------------------------------------------------

def problems_in(root: Path, name: str, text: str):
    (root / "content/projects" / name).write_text(text, encoding="utf-8")
    _, problems = validate.check(SiteConfig.load(root))
    return [p for p in problems if p.path == f"content/projects/{name}"]


@pytest.mark.parametrize("payload, line", BODY_CORPUS, ids=[f"body{i:02d}" for i in range(len(BODY_CORPUS))])
def test_check_rejects_each_body_payload_on_its_line(scratch, payload, line):
    text = ALFA + "\n" + payload + "\n"
    found = problems_in(scratch, "gamma.md", text)
    if line is None:
        assert found == [], "harmless text was rejected: " + "; ".join(map(str, found))
    else:
        first = len(ALFA.split("\n")) + 1  # the payload's first line in the file
        assert found, f"the check let {payload!r} through"
        assert {(p.field, p.line) for p in found} == {("brødtekst", first + line)}, found


@pytest.mark.parametrize("payload", sorted({p.split("\n")[0] for p, _ in CORPUS
                                            if re.search(r"<[A-Za-z/!]|javascript:", p.split("\n")[0], re.I)}))
def test_check_rejects_html_and_javascript_in_front_matter_strings(scratch, payload):
    text = ALFA.replace("title: Alfa-projektet", "title: " + json.dumps(payload), 1)
    text = text.replace("  description: Ledige med misbrug.", "  description: " + json.dumps(payload), 1)
    found = problems_in(scratch, "gamma.md", text)
    assert {(p.field, p.line) for p in found} >= {("title", 2), ("target_group.description", 12)}, found


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f"])
def test_check_rejects_control_characters_in_front_matter(scratch, char):
    escaped = json.dumps(f"Ledige{char}med misbrug")  # how a YAML file can carry them: "\u0001"
    text = ALFA.replace("  description: Ledige med misbrug.", f"  description: {escaped}", 1)
    found = problems_in(scratch, "gamma.md", text)
    assert [(p.field, p.line) for p in found] == [("target_group.description", 12)], found
    assert "kontroltegn" in found[0].message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:alert(1)",
                                 " javascript:alert(1)", "vbscript:x", "//evil.example/", "ftp://eksempel.dk/"])
def test_check_rejects_non_http_urls(scratch, url):
    text = ALFA.replace("  - report: testrapport\n", "  - title: Rapport\n    publisher: Forlag\n    year: 2010\n"
                        f"    url: {json.dumps(url)}\n", 1)
    found = problems_in(scratch, "gamma.md", text)
    assert {p.field for p in found} == {"sources[0].url"}, found


# --- 2. the output ------------------------------------------------------------------------------

def test_generated_pages_carry_no_markup_from_content(tmp_path):
    """Stage one, without MkDocs: the Markdown pages the generator writes (the same
    comparison with the harmless catalogue)."""
    def generated(root: Path) -> dict[str, str]:
        cat = unchecked_catalogue(root)
        return pages.Site(cat, tables.page_fragments(cat)).pages()

    files = generated(payload_root(tmp_path / "p", harmless=False))
    clean = generated(payload_root(tmp_path / "c", harmless=True))
    assert set(files) == set(clean)
    problems = [v for path, text in files.items() for v in violations(path, Page(text), Page(clean[path]))]
    assert problems == [], "\n".join(problems[:30])
    assert any("Z0000Z <script>" in html.unescape(t) for t in files.values())  # the payloads were rendered


def test_search_records_carry_no_markup_from_content(tmp_path):
    """The per-project records the catalogue's own search index is built from (when the
    generator writes them): the same comparison."""
    def records(root: Path) -> dict[str, str]:
        site = pages.Site(unchecked_catalogue(root))
        return site.catalogue_records() if hasattr(site, "catalogue_records") else {}

    found = records(payload_root(tmp_path / "p", harmless=False))
    clean = records(payload_root(tmp_path / "c", harmless=True))
    assert set(found) == set(clean)
    problems = [v for path, text in found.items() for v in violations(path, Page(text), Page(clean[path]))]
    assert problems == [], "\n".join(problems[:30])


def test_built_site_runs_nothing_from_content(payload_build, clean_site):
    built = html_pages(payload_build)
    assert set(built) == set(clean_site)
    problems = [v for path, page in built.items() for v in violations(path, page, clean_site[path])]
    assert problems == [], "\n".join(problems[:30])


def test_every_payload_reached_the_pages_as_text(payload_build):
    """Guards against a vacuous pass: each payload is on its project page, as text."""
    for i, (payload, _) in enumerate(CORPUS):
        page = Page((payload_build / f"projekter/xss-{i:02d}/index.html").read_text("utf-8"))
        text = " ".join(" ".join(page.text).split())
        markers = set(re.findall(rf"Z{i:02d}\d\dZ", text))
        assert len(markers) >= 25, f"payload {i}: only {sorted(markers)} reached the page"
        assert f"Z{i:02d}00Z" in text  # the title
        first_line = payload.split("\n")[0].strip()
        if first_line.startswith("<") and not first_line.startswith("<https"):
            assert first_line[:12] in text, f"payload {i} is not shown as text"


def test_search_data_and_exports_keep_payloads_as_data(payload_build):
    """Exports are data: the JSON holds the exact strings; the built JSON files parse."""
    data = json.loads((payload_build / "data/catalogue.json").read_text("utf-8"))
    titles = {p["id"]: p["title"] for p in data["projects"]}
    for i, (payload, _) in enumerate(CORPUS):
        assert titles[f"xss-{i:02d}"] == f"Z{i:02d}00Z {CONTROL.sub('', payload)}"
    for path in payload_build.rglob("*.json"):
        json.loads(path.read_text("utf-8"))


def test_feed_escapes_payloads(payload_build):
    root = ET.fromstring((payload_build / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any(t.startswith("Z0000Z <script>") for t in titles)
    for element in root.iter():  # nothing but Atom elements: no markup from content
        assert element.tag.startswith("{http://www.w3.org/2005/Atom}"), element.tag


# --- 3. the detectors catch a broken defence ----------------------------------------------------

def _unsafe_markdown(body: str) -> str:
    return markdown.markdown(body, extensions=["tables"])


@pytest.mark.parametrize("sabotage", ["no-sanitiser", "no-autoescape"])
def test_analysis_fails_when_a_defence_is_removed(sabotage, tmp_path, monkeypatch, clean_site):
    if sabotage == "no-sanitiser":
        monkeypatch.setattr(markup, "render", _unsafe_markdown)
    else:
        # Autoescaping switched off, as far as content is concerned: compiled templates
        # escape through jinja2.runtime.escape, which now marks everything safe. (Turning
        # the option off outright also breaks templates that call Markup methods.)
        monkeypatch.setattr(jinja2.runtime, "escape", lambda value: Markup(str(value)))
    built = html_pages(build_site(payload_root(tmp_path, harmless=False)))
    problems = [v for path, page in built.items() for v in violations(path, page, clean_site.get(path))]
    assert any("onerror" in p for p in problems)
    assert any("'javascript'" in p for p in problems)
    assert any("scripts differ" in p for p in problems)


# --- loading, size limits and file names ----------------------------------------------------------

def test_yaml_is_loaded_safely(scratch, tmp_path):
    marker = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        text = ALFA.replace("funding: Testpuljen", f"funding: {tag} ['touch {marker}']")
        found = problems_in(scratch, "gamma.md", text)
        assert len(found) == 1 and "YAML-tag" in found[0].message, found
    assert not marker.exists()


def test_yaml_alias_bomb_is_rejected_quickly(scratch):
    """Nested aliases ("billion laughs"): 10 short lines would expand to 10^10 values
    for every walk over the front matter. Aliases are refused on the anchor's line."""
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    text = ALFA.replace("title: Alfa-projektet", bomb + "title: Alfa-projektet")
    start = time.perf_counter()
    found = problems_in(scratch, "gamma.md", text)
    assert time.perf_counter() - start < 5
    assert [(p.line, "aliaser" in p.message) for p in found] == [(2, True)]


@pytest.mark.parametrize("yaml_text", ["funding: &f Testpuljen\npartners: [*f]",
                                       "period: &p {start: 1, end: 2}\nx: *p"])
def test_yaml_aliases_are_refused(scratch, yaml_text):
    text = ALFA.replace("funding: Testpuljen", yaml_text)
    found = problems_in(scratch, "gamma.md", text)
    assert len(found) == 1 and "aliaser" in found[0].message


def test_oversized_file_is_rejected_before_parsing(scratch):
    limit = load.MAX_BYTES
    at_limit = ALFA + "\n" + "x" * (limit - len(ALFA.encode("utf-8")) - 2) + "\n"
    assert len(at_limit.encode("utf-8")) == limit
    assert problems_in(scratch, "gamma.md", at_limit) == []
    found = problems_in(scratch, "gamma.md", at_limit + "x")
    assert [(p.line, "grænsen" in p.message) for p in found] == [(1, True)]


@pytest.mark.parametrize("name", ["..md", "...md", "-x.md", "a..b.md", "index.md", "Ærø.md", "a b.md",
                                  "x%2f..%2fetc.md", "..\\..\\etc.md", "a\u202eb.md", "%2e%2e.md"])
def test_file_names_that_are_not_slugs_are_rejected(scratch, name):
    found = problems_in(scratch, name, ALFA)
    assert any(p.field == "filnavn" for p in found), found


def test_slugs_cannot_leave_their_folder(scratch):
    hostile = ["../../etc/passwd", "..", "/etc/passwd", "..\\..\\windows", "a/../../b", "\x00", "CON", "~/.ssh"]
    for title in hostile:
        s = slug.slugify(title)
        assert "/" not in s and "\\" not in s and ".." not in s and "\x00" not in s
        assert s == "" or slug.is_valid(s) or s == "index"
    config = SiteConfig.load(scratch)
    path = scaffold.create(config, "project", "../../etc/passwd")
    assert path.parent == scratch / "content/projects" and path.name == "etc-passwd.md"
    with pytest.raises(FileExistsError):
        scaffold.create(config, "project", "../..")


def test_output_paths_stay_inside_docs(tmp_path):
    root = payload_root(tmp_path, harmless=False)
    files = build.render(unchecked_catalogue(root))
    docs = (root / "docs").resolve()
    for rel in files:
        assert (docs / rel).resolve().is_relative_to(docs), rel
