"""Pages computed from the catalogue in one pass: docs-relative path → Markdown text.

Templates live in site_config/templates (Jinja2, autoescape on). Every value a
contributor wrote reaches the page escaped; bodies go through markup.render."""

from __future__ import annotations

import functools
import hashlib
import html
import json
from collections.abc import Callable
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator import markup, ordering, outcomes, periods, stacking, tables
from generator.form import Form
from generator.glossary import Glossary, Linker
from generator.memo import Memo, tree_key
from generator.model import Catalogue, Project
from generator.numbers import number
from generator.ordering import project_order


@functools.cache
def environment(templates: Path) -> Environment:
    """One Jinja environment per template folder, so templates compile once per process;
    Jinja reloads a template whose file has changed (under `serve`)."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = number
    env.filters["md"] = lambda body: Markup(markup.render(body))
    env.filters["href"] = external_url
    env.filters["headline"] = outcomes.text
    env.filters["rate_figure"] = outcomes.rate_figure
    env.filters["benchmark"] = outcomes.benchmark
    env.filters["packed"] = packed
    env.filters["danish"] = lambda values: sorted(values, key=ordering.danish)
    env.filters["og"] = and_list
    env.filters["pick"] = lambda key, mapping: mapping[key]  # codes | map("pick", labels)
    return env


def and_list(items, form: str = "{}") -> Markup:
    """'a', 'a og b', 'a, b og c'; each item escaped unless it is markup, and put into `form`."""
    parts = [Markup(form).format(item) for item in items]
    if len(parts) < 2:
        return Markup("").join(parts)
    return Markup(", ").join(parts[:-1]) + Markup(" og ") + parts[-1]


def packed(value) -> str:
    """JSON as text with no letters or digits: each UTF-8 byte becomes the Braille
    pattern U+2800 + byte (assets/catalogue.js unpacks it). Pagefind 1.5 makes every
    metadata field searchable; cells of the catalogue's table row travel in one, and packed
    they give the index no words, so the text filter finds title, holder and municipality only."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return "".join(chr(0x2800 + b) for b in data)


def external_url(url: str | None) -> str:
    """A front-matter URL fit for href, or '' (render no link) if its scheme is not http(s)
    or mailto as a browser would read it. The schema already demands https?://; this keeps
    an unchecked record from ever producing a javascript: or data: link."""
    if not url or markup.link_scheme(url) not in markup.ALLOWED_SCHEMES:
        return ""
    return url


ESCAPED_META = ("title", "description")
DESCRIPTION_LIMIT = 300


def front_matter(meta: dict) -> str:
    """A page's YAML front matter, emitted by PyYAML: a title with a colon, a quote or a
    '#' stays one string for MkDocs and for a stricter successor alike. Material prints
    page.meta.title and description raw into <title> and the header, so they are
    HTML-escaped here; a description is cut at a word to DESCRIPTION_LIMIT characters."""
    clean = {}
    for key, value in meta.items():
        if key in ESCAPED_META:
            text = " ".join(str(value.unescape() if isinstance(value, Markup) else value).split())
            if key == "description" and len(text) > DESCRIPTION_LIMIT:
                text = text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
            value = html.escape(text)
        clean[key] = value
    return "---\n" + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two directory URLs ('projekter/x/' → 'metoder/y/')."""
    if to_url.startswith(("http://", "https://", "mailto:")):
        return to_url
    path, _, anchor = to_url.partition("#")
    # posixpath.relpath, without its two os.getcwd() calls: a tenth of the render time
    here, there = from_url.split("/"), path.split("/")
    here, there = [p for p in here if p], [p for p in there if p]
    same = 0
    while same < min(len(here), len(there)) and here[same] == there[same]:
        same += 1
    rel = "/".join([".."] * (len(here) - same) + there[same:]) or "."
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


class Site:
    """Renders every page of the catalogue."""

    def __init__(self, catalogue: Catalogue, extra: dict | None = None, memo: Memo | None = None):
        self.cat = catalogue
        self.memo = memo
        self._world: str | None = None
        self.config = catalogue.config
        self.env = environment(self.config.templates_dir)
        self.sections = self.config.site["sections"]
        self.extra = extra or {}
        self.glossary = Glossary.load(self.config.root)
        self.linker = Linker(self.glossary)

    @functools.cached_property
    def ranks(self) -> dict[str, dict[str, int | None]]:
        """Each project's place in the order of every catalogue column (ordering.ranks)."""
        return ordering.ranks(self.cat)

    @functools.cached_property
    def period_buckets(self) -> list[dict]:
        buckets = tables.settings(self.config, "statistics")["period_buckets"]
        periods.check(buckets)
        return buckets

    def periods(self, p: Project) -> tuple[str, ...]:
        """The period spans a project counts in, as on /statistik/ (periods.spans)."""
        return periods.spans(p.period_start, p.period_end, self.period_buckets)

    def url(self, kind: str, slug: str = "") -> str:
        return f"{self.sections[kind]}/{slug + '/' if slug else ''}"

    def render(self, template: str, page_url: str, kind: str | None = None, **context) -> str:
        """The template's output; a page template that sets `meta` (a dict) gets it as YAML
        front matter (see front_matter). `kind` (projects, methods, sources or pages) adds
        the page's search settings to it: its kind, and the weight of a non-record's words."""
        link: Callable[[str], str] = lambda target: relative(page_url, target)  # noqa: E731
        cfg = self.config
        module = self.env.get_template(template).make_module(dict(
            cat=self.cat, cfg=cfg, site=cfg.site, vocab=cfg.vocabularies, doc=cfg.documentation,
            label=cfg.label, link=link, url=self.url, page_url=page_url, extra=self.extra,
            danish_date=self.danish_date, periods=self.periods, period_buckets=self.period_buckets,
            glossary=self.glossary, **context,
        ))
        body = stacking.label_cells(str(module))
        if kind and page_url.split("/")[0] not in self.glossary.not_linked_on:
            method = context["m"].slug if kind == "methods" else None
            body = self.linker.link(body, relative(page_url, self.url("glossary")), method)
        meta = getattr(module, "meta", None)
        if meta and kind:
            meta = {**meta, "search": {**self.search_meta(kind), **(meta.get("search") or {})}}
        return front_matter(meta) + body.lstrip("\n") if meta else body

    def search_meta(self, kind: str) -> dict:
        """What overrides/main.html puts on the page's Pagefind body (site.yml `search`)."""
        search = self.config.site["search"]
        meta = {"type": search["kinds"][kind]["one"]}
        if kind == "pages":
            meta["weight"] = search["page_weight"]
        else:
            meta["record"] = True  # its labels and section headings stay out of the index
        return meta

    def project_file(self, name: str, p: Project, template: str, **context) -> str:
        """A project's page or catalogue record; under `serve`, reused while neither the
        project, nor `context`, nor anything else these templates read has changed (see memo.py)."""
        def render() -> str:
            kind = "projects" if template.endswith(".md.j2") else None  # a page, not a catalogue record
            return self.render(template, self.url("projects", p.slug), kind=kind, p=p, **context)

        if self.memo is None:
            return render()
        if self._world is None:
            others = repr((list(self.cat.methods.values()), list(self.cat.sources.values())))
            self._world = tree_key(self.config.root / "site_config") + hashlib.sha256(others.encode()).hexdigest()
        return self.memo.reuse(self.memo.pages, name, (self._world, repr(p), repr(context)), render)

    def danish_date(self, iso: str) -> str:
        """2026-11-22 → 22. november 2026 (month names from site.yml)."""
        year, month, day = (int(x) for x in iso.split("-"))
        return f"{day}. {self.config.site['labels']['months'][month - 1]} {year}"

    @functools.cached_property
    def form(self) -> Form:
        """The contribution form (/bidrag/formular/), built from the schema and site_config."""
        return Form(self.cat)

    @functools.cached_property
    def guide(self) -> str:
        """CONTRIBUTING.md for the site's git page: its sections (from the first `## `
        heading on) without those site.yml's `contributing_guide` omits."""
        settings = self.config.site["contributing_guide"]
        path = self.config.root / settings["file"]
        return guide_sections(path.read_text("utf-8") if path.exists() else "", settings["omit_sections"])

    def pages(self) -> dict[str, str]:
        cat, out = self.cat, {}
        for p in cat.projects.values():
            name = f"{self.sections['projects']}/{p.slug}.md"
            out[name] = self.project_file(name, p, "project.md.j2")
        for m in cat.methods.values():
            out[f"{self.sections['methods']}/{m.slug}.md"] = self.render(
                "method.md.j2", self.url("methods", m.slug), kind="methods", m=m,
                projects=sorted(cat.projects_by_method[m.slug], key=project_order))
        for g in self.extra.get("guides", {}).values():
            out[f"{self.sections['target_groups']}/{g.slug}.md"] = self.render(
                "target_group.md.j2", self.url("target_groups", g.slug), kind="pages", g=g)
        for s in cat.sources.values():
            out[f"{self.sections['sources']}/{s.slug}.md"] = self.render(
                "source.md.j2", self.url("sources", s.slug), kind="sources", s=s,
                projects=sorted(cat.projects_by_source[s.slug], key=lambda p: (source_number(p, s.slug), p.title)))
        for name, template in self.config.site["pages"].items():
            if name == self.sections.get("catalogue"):
                out.update(self.catalogue_pages(template))
                continue
            page_url = "" if name == "index" else f"{name}/"
            path = "index.md" if name == "index" else f"{name}/index.md"
            out[path] = self.render(template, page_url, kind="pages", guide=self.guide, form=self.form)
        return out

    def catalogue_records(self) -> dict[str, str]:
        """One tiny HTML document per project, at the project's URL, for the catalogue's own
        Pagefind index (see build.search_index): facet filters and table row, no page text."""
        names = {f"{self.url('projects', p.slug)}index.html": p for p in self.cat.projects.values()}
        return {name: self.project_file(name, p, "catalogue_record.html.j2", ranks=self.ranks[p.slug])
                for name, p in names.items()}

    def catalogue_pages(self, template: str) -> dict[str, str]:
        """/katalog/ split into pages of `catalogue_page_size` rows (site.yml). Without
        JavaScript the whole table is still there, page by page, but one page's weight no
        longer grows with the catalogue; the facets query all projects through Pagefind."""
        name = self.sections["catalogue"]
        rows = sorted(self.cat.projects.values(), key=project_order)
        size = int(self.config.site.get("catalogue_page_size") or 0) or max(len(rows), 1)
        chunks = [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
        urls = [f"{name}/" if n == 1 else f"{name}/side-{n}/" for n in range(1, len(chunks) + 1)]
        return {f"{u}index.md": self.render(template, u, kind="pages", guide="", rows=chunk,
                                            pager={"number": n, "urls": urls})
                for n, (u, chunk) in enumerate(zip(urls, chunks, strict=True), 1)}


def guide_sections(text: str, omit: list[str]) -> str:
    """The `## ` sections of a Markdown guide, minus those whose heading is in `omit`."""
    kept, keep = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            keep = line[3:].strip() not in omit
        if keep:
            kept.append(line)
    return "".join(kept)


def source_number(p: Project, report: str) -> int:
    return next((s.number for s in p.sources if s.report == report and s.number is not None), 0)
