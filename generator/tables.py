"""Tabular derivations (pandas) for pages and open data: the project table, method
roll-ups, the methods overview, the evidence map, the statistics, the comparison
with the meta-evaluation and the side-by-side comparison data.

Everything is a pure function of the catalogue. `page_fragments` is what
build.render passes to every template as `extra`; all HTML comes from templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from generator import charts, knowledge, ordering, pages, periods, slug
from generator.config import SiteConfig, read_yaml
from generator.model import Catalogue, Method, Project, Source
from generator.numbers import number

MULTI = ("target_groups", "methods", "themes", "periods")  # list columns: a project counts under each value


def settings(cfg: SiteConfig, name: str) -> dict:
    """site_config/<name>.yml: the settings that only these pages and exports use.
    Read once per file version; callers must not change the result."""
    path = cfg.root / "site_config" / f"{name}.yml"
    return _read_yaml(path, path.stat().st_mtime_ns)


@cache
def _read_yaml(path: Path, _version: int) -> dict:
    return read_yaml(path)


def size_class(count: int | None, classes: dict, unknown: str) -> str:
    """The meta-evaluation's size class for a number of participants."""
    if count is None:
        return unknown
    return next(code for code, c in classes.items() if c["up_to"] is None or count <= c["up_to"])


def project_frame(catalogue: Catalogue, stats: dict) -> pd.DataFrame:
    """One row per project (index: slug) with the columns the derivations count by."""
    unknown = catalogue.config.documentation["unknown"]
    rows = [{
        "id": p.slug,
        "title": p.title,
        "level": p.documentation.level,
        "target_groups": p.target_group.categories,
        "methods": p.methods,
        "themes": p.themes,
        "disability_category": p.target_group.disability_category,
        "participants": p.target_group.participants.count,
        "size_class": size_class(p.target_group.participants.count, stats["size_classes"], unknown),
        "period_start": p.period_start,
        "period_end": p.period_end,
        "periods": periods.spans(p.period_start, p.period_end, stats["period_buckets"]) or (unknown,),
    } for p in catalogue.projects.values()]
    frame = pd.DataFrame(rows, columns=["id", "title", "level", *MULTI, "disability_category", "participants",
                                        "size_class", "period_start", "period_end"])
    for column in ("participants", "period_start", "period_end"):
        frame[column] = frame[column].astype("Int64")
    return frame.set_index("id", drop=False)


def tally(frame: pd.DataFrame, column: str, order: list[str]) -> pd.Series:
    """Projects per value of `column`, in `order`, zeros kept."""
    values = frame[column].explode() if column in MULTI else frame[column]
    return values.value_counts().reindex(order, fill_value=0).astype(int)


def anchor(prefix: str, code: str) -> str:
    """The id of a roll-up row on a method page, which the evidence map links to."""
    return f"{prefix}-{slug.slugify(code)}"


def using(frame: pd.DataFrame, method: str) -> pd.DataFrame:
    return frame.loc[frame["methods"].map(lambda ms: method in ms).astype(bool)]


# --- Methods × categories: the overview tables and the evidence map ---------------------------

@dataclass(frozen=True)
class Cell:
    total: int
    levels: tuple[tuple[str, int], ...]  # (level, projects) in level order, only levels present


@dataclass(frozen=True)
class Grid:
    """Methods (rows, grouped by method category) × the values of one project column."""
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (method category, method slugs)
    columns: tuple[str, ...]
    cells: dict[str, dict[str, Cell]]
    row_totals: dict[str, int]  # distinct projects per method
    column_totals: dict[str, int]  # distinct projects per column value

    @property
    def size(self) -> int:
        return sum(len(ms) for _, ms in self.groups) * len(self.columns)

    @property
    def gaps(self) -> int:
        return sum(cell.total == 0 for row in self.cells.values() for cell in row.values())


def method_groups(catalogue: Catalogue) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_title = sorted(catalogue.methods.values(), key=lambda m: (m.title.lower(), m.slug))
    groups = ((c, tuple(m.slug for m in by_title if m.category == c)) for c in catalogue.config.vocabularies[
        "method_categories"])
    return tuple((c, ms) for c, ms in groups if ms)


def grid(frame: pd.DataFrame, catalogue: Catalogue, column: str, columns: list[str]) -> Grid:
    order = catalogue.config.documentation["level_order"]
    long = frame.assign(value=frame[column]).explode("methods").explode("value").dropna(subset=["methods", "value"])
    counts = long.groupby(["methods", "value", "level"]).size().to_dict()
    cells = {}
    for m in catalogue.methods:
        cells[m] = {}
        for c in columns:
            levels = tuple((lv, int(counts[(m, c, lv)])) for lv in order if (m, c, lv) in counts)
            cells[m][c] = Cell(sum(n for _, n in levels), levels)
    return Grid(
        groups=method_groups(catalogue), columns=tuple(columns), cells=cells,
        row_totals={m: len(ps) for m, ps in catalogue.projects_by_method.items()},
        column_totals=tally(frame, column, columns).to_dict(),
    )


# --- The roll-up on each method page ---------------------------------------------------------

@dataclass(frozen=True)
class Rollup:
    total: int
    levels: tuple[tuple[str, int], ...]  # every level, in level order
    # Every target group and theme, most projects first: one with no projects is listed
    # with none, as every page that counts by a category shows it with 0.
    target_groups: tuple[tuple[str, tuple[Project, ...]], ...]
    themes: tuple[tuple[str, tuple[Project, ...]], ...]


def rollups(frame: pd.DataFrame, catalogue: Catalogue) -> dict[str, Rollup]:
    """Per method: its projects counted by level, and listed by target group and theme."""
    vocab, order = catalogue.config.vocabularies, catalogue.config.documentation["level_order"]
    by_method = frame.explode("methods")
    levels = pd.crosstab(by_method["methods"], by_method["level"]).reindex(
        index=list(catalogue.methods), columns=order, fill_value=0)

    def listed(column: str) -> dict[str, list[tuple[str, tuple[Project, ...]]]]:
        long = by_method[["methods", column, "id"]].explode(column).dropna()
        found = {key: tuple(sorted((catalogue.projects[i] for i in ids), key=ordering.project_order))
                 for key, ids in long.groupby(["methods", column])["id"].agg(list).items()}
        codes = list(vocab[column])
        return {m: sorted(((c, found.get((m, c), ())) for c in codes), key=lambda kv: (-len(kv[1]), codes.index(kv[0])))
                for m in catalogue.methods}

    groups, themes = listed("target_groups"), listed("themes")
    return {m: Rollup(
        total=len(catalogue.projects_by_method[m]),
        levels=tuple((lv, int(n)) for lv, n in levels.loc[m].items()),
        target_groups=tuple(groups[m]), themes=tuple(themes[m]),
    ) for m in catalogue.methods}


# --- Statistics --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    rows: tuple[tuple[str, int], ...]  # (label, projects)
    total: int  # projects in the catalogue; a multi-valued column sums to more
    multi: bool
    chart: charts.BarChart


def distribution(counts: pd.Series, label: Callable[[str], str], total: int, multi: bool = False,
                 unknown: str | None = None, by_size: bool = False) -> Distribution:
    if by_size:
        counts = counts.sort_values(ascending=False, kind="stable")
    rows = tuple((label(code), int(n)) for code, n in counts.items())
    muted = [code == unknown for code in counts.index]
    return Distribution(rows, total, multi, charts.bar_chart([(lb, n, m) for (lb, n), m in zip(rows, muted,
                                                                                                  strict=True)]))


@dataclass(frozen=True)
class Measure:
    label: str
    report: str
    location: str
    value: int | None  # a count of projects, or the sum of the column; None: not countable here
    known: int  # projects for which the column is known
    is_sum: bool = False  # a total (a sum, or the number of projects), not a share
    note: str | None = None

    @property
    def share(self) -> int | None:
        if self.value is None or self.is_sum or not self.known:
            return None
        return round(100 * self.value / self.known)


@dataclass(frozen=True)
class ReportGroup:
    title: str
    explanation: str
    rows: tuple[Measure, ...]


@dataclass(frozen=True)
class ReportComparison:
    source: Source
    projects: int
    groups: tuple[ReportGroup, ...]


def measure(frame: pd.DataFrame, spec: dict) -> tuple[int, int]:
    """(value, known) for one `catalogue` entry of report_distributions.yml."""
    if spec.get("count"):
        return len(frame), len(frame)
    column = frame[spec["column"]]
    known = column[column.notna() & ~column.isin(spec.get("unknown", []))]
    if spec.get("sum"):
        return int(known.sum()), len(known)
    if "equals" in spec:
        hits = known == spec["equals"]
    elif "contains" in spec:
        hits = known.map(lambda v: spec["contains"] in v)
    elif "excludes" in spec:
        hits = known.map(lambda v: spec["excludes"] not in v)
    else:
        hits = known >= spec["at_least"]
    return int(hits.sum()), len(known)


def report_comparison(frame: pd.DataFrame, catalogue: Catalogue, spec: dict) -> ReportComparison | None:
    source = catalogue.sources.get(spec["source"])
    if source is None:
        return None
    sub = frame.loc[[p.slug for p in catalogue.projects_by_source[source.slug]]]
    groups = []
    for g in spec["groups"]:
        rows = []
        for r in g["rows"]:
            how = r.get("catalogue", {})
            value, known = measure(sub, how) if how else (None, 0)
            rows.append(Measure(r["label"], r["report"], r["location"], value, known,
                                is_sum=bool(how.get("sum") or how.get("count")), note=r.get("note")))
        groups.append(ReportGroup(g["title"], g["explanation"], tuple(rows)))
    return ReportComparison(source, len(sub), tuple(groups))


@dataclass(frozen=True)
class Statistics:
    projects: int
    target_groups: Distribution
    disability: Distribution
    size: Distribution
    period: Distribution
    level: Distribution
    methods: Distribution
    report: ReportComparison | None


def statistics(frame: pd.DataFrame, catalogue: Catalogue, stats: dict) -> Statistics:
    cfg = catalogue.config
    n = len(frame)
    unknown, not_stated = cfg.documentation["unknown"], cfg.site["labels"]["not_stated"]
    sizes = stats["size_classes"]
    disability = frame.assign(disability_category=frame["disability_category"].fillna(unknown))
    periods.check(stats["period_buckets"])
    buckets = [b["label"] for b in stats["period_buckets"]]
    return Statistics(
        projects=n,
        target_groups=distribution(tally(frame, "target_groups", list(cfg.vocabularies["target_groups"])),
                                   lambda c: cfg.label("target_groups", c), n, multi=True, by_size=True),
        disability=distribution(
            tally(disability, "disability_category", [*cfg.vocabularies["disability_categories"], unknown]),
            lambda c: not_stated if c == unknown else cfg.label("disability_categories", c), n, unknown=unknown),
        size=distribution(tally(frame, "size_class", [*sizes, unknown]),
                          lambda c: sizes[c]["label"] if c in sizes else not_stated, n, unknown=unknown),
        period=distribution(tally(frame, "periods", [*buckets, unknown]),
                            lambda c: not_stated if c == unknown else c, n, multi=True, unknown=unknown),
        level=distribution(tally(frame, "level", cfg.documentation["level_order"]),
                           lambda c: cfg.label("levels", c), n, unknown=cfg.documentation["unknown_level"]),
        methods=distribution(tally(frame, "methods", list(catalogue.methods)),
                             lambda m: catalogue.methods[m].title, n, multi=True, by_size=True),
        report=report_comparison(frame, catalogue, settings(cfg, "report_distributions")),
    )


# --- Side-by-side comparison (data/compare.json, read by assets/compare.js) --------------------

def compare_data(catalogue: Catalogue, known: dict[str, knowledge.Knowledge]) -> dict:
    """Every project and method with the /sammenlign/ fields as display text. Values are
    text, a list, {"t": text, "u": url} (a link) or {"t": text, "b": level} (a badge)."""
    cfg = catalogue.config
    site = pages.Site(catalogue)
    fmt = site.env.get_template("_macros.j2").make_module({
        "cat": catalogue, "cfg": cfg, "site": cfg.site, "label": cfg.label, "url": site.url, "link": lambda u: u})
    fields = settings(cfg, "compare")
    sizes = settings(cfg, "statistics")["size_classes"]
    not_stated = cfg.site["labels"]["not_stated"]

    def text(markup) -> str:
        return Markup(markup).striptags()

    def listed(values) -> list | str:
        return list(values) or not_stated

    def badge(level: str) -> dict:
        return {"t": cfg.label("levels", level), "b": level.replace("é", "e")}

    def method_link(slug: str) -> dict:
        return {"t": catalogue.methods[slug].title, "u": site.url("methods", slug)}

    def counted(pairs) -> list | str:
        return listed(f"{label} ({number(n)})" for label, n in pairs)

    def project(p: Project) -> dict:
        tg = p.target_group
        size = size_class(tg.participants.count, sizes, cfg.documentation["unknown"])
        return {
            "target_groups": [cfg.label("target_groups", c) for c in tg.categories],
            "disability_category": cfg.label("disability_categories", tg.disability_category),
            "age": tg.age or not_stated,
            "participants": text(fmt.participants(p)),
            "size_class": sizes[size]["label"] if size in sizes else not_stated,
            "period": text(fmt.period(p)),
            "municipalities": listed(p.municipalities),
            "holder": p.holder or not_stated,
            "funding": p.funding or not_stated,
            "methods": [method_link(m) for m in p.methods],
            "themes": listed(cfg.label("themes", t) for t in p.themes),
            "headline": text(fmt.headline(p)),
            "results": listed(f"{r.label}: {text(fmt.value(r))}" for r in p.results),
            "level": badge(p.documentation.level),
            "implementability": cfg.label("implementability", p.documentation.implementability),
            "evidence": cfg.label("evidence", p.documentation.evidence),
            "sources": [f"{catalogue.sources[s.report].short_title if s.report else s.title}, {s.location}"
                        for s in p.sources],
        }

    ups = rollups(project_frame(catalogue, settings(cfg, "statistics")), catalogue)
    tabs = cfg.statements["tables"]

    def statements(m: Method) -> list | str:
        k = known[m.slug]
        if k.included_in:
            return f"Talt under {catalogue.methods[k.included_in['method']].title.lower()}"
        if not k.statements:
            return "Ingen optælling"
        return [f"{tabs[t.table]['name']}, {tabs[t.table]['about']}: "
                + ", ".join(f"{cfg.label('levels', lv).lower()} {n}" for lv, n in t.levels) for t in k.tables]

    def method(m: Method) -> dict:
        r = ups[m.slug]
        return {
            "statements": statements(m),
            "outcomes": f"{number(len(known[m.slug].outcomes))} af {number(r.total)}",
            "category": cfg.label("method_categories", m.category),
            "aliases": listed(m.aliases),
            "projects": number(r.total),
            "levels": [f"{cfg.label('levels', lv)}: {number(n)}" for lv, n in r.levels],
            "target_groups": counted((cfg.label("target_groups", c), len(ps)) for c, ps in r.target_groups),
            "themes": counted((cfg.label("themes", t), len(ps)) for t, ps in r.themes),
            "findings": listed(f"{f.text} ({cfg.label('levels', f.level)})" for f in m.findings),
            "related": listed(method_link(s) for s in m.related),
        }

    def section(kind: str, records: dict, values: Callable) -> dict:
        return {
            "fields": [[key, label] for key, label in fields[kind].items()],
            "items": {slug: {"title": r.title, "url": site.url(kind, slug), "values": values(r)}
                      for slug, r in records.items()},
        }

    return {"projects": section("projects", catalogue.projects, project),
            "methods": section("methods", catalogue.methods, method)}


# --- Open-data documentation -------------------------------------------------------------------

def code_lists(cfg: SiteConfig, stats: dict) -> dict[str, dict[str, str]]:
    """Every code list the data dictionary refers to: code → meaning."""
    unknown = cfg.documentation["unknown"]
    sizes = {code: c["label"] for code, c in stats["size_classes"].items()} | {
        unknown: cfg.site["labels"]["not_stated"]}
    return {name: sizes if name == "size_classes" else cfg.vocabularies[name]
            for name in settings(cfg, "data_dictionary")["code_lists"]}


# --- Everything the templates get as `extra` ---------------------------------------------------

def page_fragments(catalogue: Catalogue, data_files: dict[str, str | bytes] | None = None,
                   known: dict[str, knowledge.Knowledge] | None = None) -> dict:
    cfg = catalogue.config
    stats = settings(cfg, "statistics")
    frame = project_frame(catalogue, stats)
    known = knowledge.knowledge(catalogue) if known is None else known
    guides = knowledge.guides(catalogue, known)
    site = pages.Site(catalogue, {"anchor": anchor, "guides": guides})
    target_groups = grid(frame, catalogue, "target_groups", list(cfg.vocabularies["target_groups"]))
    fragments = {m: Markup(site.render("_method_rollup.j2", site.url("methods", m), m=catalogue.methods[m], r=r))
                 for m, r in rollups(frame, catalogue).items()}
    overview = site.render("_methods_overview.j2", site.url("methods"), target_groups=target_groups,
                           levels=grid(frame, catalogue, "level", cfg.documentation["level_order"]))
    sizes = {name.removeprefix("data/"): len(body.encode("utf-8") if isinstance(body, str) else body)
             for name, body in (data_files or {}).items()}
    return {
        "anchor": anchor,
        "knowledge": known,
        "assessment": knowledge.assessment(catalogue),
        "report_tables": knowledge.report_tables(catalogue),
        "method_order": knowledge.method_order(known),
        "guides": guides,
        "method_rollups": fragments,
        "methods_overview": Markup(overview),
        "evidence_map": {"target_groups": target_groups,
                         "themes": grid(frame, catalogue, "themes", list(cfg.vocabularies["themes"]))},
        "statistics": statistics(frame, catalogue, stats),
        "data": {"dictionary": settings(cfg, "data_dictionary"), "codes": code_lists(cfg, stats), "sizes": sizes},
    }
