"""What is known, per method and per target group (issue 10): the meta-evaluation's
counts of statements (site_config/statements.yml), the catalogue's own projects by
documentation level, and their headline outcomes. Pure functions of the catalogue; the
templates only render them.

Nothing is ranked on a number the sources do not give: methods are ordered by the
report's statement counts, level by level, and then by how many projects the catalogue
holds; a project's rate is shown, never ranked on."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from generator import slug
from generator.model import Catalogue, Finding, Method, Project, Statement
from generator.ordering import danish


@dataclass(frozen=True)
class TableCounts:
    """One method's statements in one table of the report, per level."""
    table: str  # id in statements.yml
    levels: tuple[tuple[str, int], ...]  # every assessed level, zeros kept
    activities: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # per activity of the report

    @property
    def total(self) -> int:
        return sum(n for _, n in self.levels)

    def count(self, level: str) -> int:
        return dict(self.levels)[level]


@dataclass(frozen=True)
class RateRange:
    """The headline outcomes of one indicator among some projects."""
    indicator: str
    projects: tuple[Project, ...]  # lowest rate first; those without a rate last

    @property
    def rated(self) -> tuple[Project, ...]:
        return tuple(p for p in self.projects if p.headline.rate is not None)


@dataclass(frozen=True)
class Knowledge:
    method: Method
    tables: tuple[TableCounts, ...]  # the ranking tables (tabel 1, tabel 2), always all of them
    included_in: dict | None  # the report counts this method inside another activity
    projects: tuple[Project, ...]
    levels: tuple[tuple[str, int], ...]  # the catalogue's projects per level, every level
    assessed: int  # of the projects, those with an assessed level
    outcomes: tuple[Project, ...]  # the projects with a headline outcome
    ranges: tuple[RateRange, ...]
    strongest: Finding | None
    key: tuple  # sort key, larger = more documented knowledge

    @property
    def statements(self) -> int:
        return sum(t.total for t in self.tables)


def level_counts(projects, order: list[str]) -> tuple[tuple[str, int], ...]:
    """(level, number of the projects at it) for every level of `order`, zeros kept."""
    return tuple((lv, sum(p.documentation.level == lv for p in projects)) for lv in order)


def table_counts(statements: tuple[Statement, ...], table: str, levels: list[str]) -> TableCounts:
    mine = [s for s in statements if s.table == table]
    per_activity = {}
    for s in mine:
        per_activity.setdefault(s.activity, dict.fromkeys(levels, 0))[s.level] += s.count
    return TableCounts(
        table=table,
        levels=tuple((lv, sum(s.count for s in mine if s.level == lv)) for lv in levels),
        activities=tuple((a, tuple(c.items())) for a, c in per_activity.items()))


def rate_ranges(projects: list[Project] | tuple[Project, ...], order: list[str]) -> tuple[RateRange, ...]:
    """Headline outcomes grouped by indicator, in the order outcomes.yml prefers them."""
    out = []
    for indicator in order:
        ps = [p for p in projects if p.headline and p.headline.indicator == indicator]
        if ps:
            ps.sort(key=lambda p: (p.headline.rate is None, p.headline.rate or 0, danish(p.title)))
            out.append(RateRange(indicator, tuple(ps)))
    return tuple(out)


def strongest(method: Method, table_names: list[str], levels: list[str]) -> Finding | None:
    """The finding with the highest documentation level; among equals one that says what
    the method does rather than restating a count from the statement tables, then the
    first one listed."""
    ranked = [f for f in method.findings if f.level in levels]
    if not ranked:
        return None
    names = [n.lower() for n in table_names]
    return min(ranked, key=lambda f: (levels.index(f.level), any(n in f.location.lower() for n in names),
                                      method.findings.index(f)))


def documented_first(p: Project, level_order: list[str]) -> tuple:
    """Documented projects first, then those with an outcome, then by title."""
    return (level_order.index(p.documentation.level), p.headline is None, danish(p.title), p.slug)


def knowledge(catalogue: Catalogue) -> dict[str, Knowledge]:
    cfg = catalogue.config
    spec, order, assessed = cfg.statements, cfg.documentation["level_order"], cfg.assessed_levels
    ranking = spec["ranking"]
    names = [spec["tables"][t]["name"] for t in ranking]
    included = {m: dict(v, method=spec["activities"][v["activity"]]) for m, v in spec.get("included_in", {}).items()
                if spec["activities"][v["activity"]] in catalogue.methods}
    out = {}
    for m in catalogue.methods.values():
        projects = tuple(sorted(catalogue.projects_by_method[m.slug], key=lambda p: documented_first(p, order)))
        tables = tuple(table_counts(m.statements, t, assessed) for t in ranking)
        outcomes = tuple(p for p in projects if p.headline)
        out[m.slug] = Knowledge(
            method=m, tables=tables, included_in=included.get(m.slug), projects=projects,
            levels=level_counts(projects, order), assessed=sum(p.documentation.level in assessed for p in projects),
            outcomes=outcomes, ranges=rate_ranges(outcomes, cfg.outcomes["outcome"]),
            strongest=strongest(m, names, assessed),
            key=(*(t.count(lv) for t in tables for lv in assessed), len(projects)),
        )
    return out


def method_order(known: dict[str, Knowledge]) -> list[str]:
    """Most documented knowledge first (see `knowledge`), then by title."""
    return sorted(known, key=lambda s: (tuple(-n for n in known[s].key), danish(known[s].method.title), s))


# --- Target-group guides ---------------------------------------------------------------------

@dataclass(frozen=True)
class GuideMethod:
    knowledge: Knowledge
    projects: tuple[Project, ...]  # this group's projects that used the method

    @property
    def outcomes(self) -> tuple[Project, ...]:
        """Of those, the projects with a headline outcome."""
        return tuple(p for p in self.projects if p.headline)


@dataclass(frozen=True)
class Guide:
    code: str
    slug: str
    label: str
    description: str
    findings: tuple[dict, ...]
    projects: tuple[Project, ...]
    levels: tuple[tuple[str, int], ...]
    assessed: int  # of the projects, those with an assessed level
    outcomes: tuple[Project, ...]
    progress: tuple[Project, ...]  # projects reporting progress (not an effect measure)
    methods: tuple[GuideMethod, ...]
    ranges: tuple[RateRange, ...]
    catalogue_query: str  # ?maalgruppe=… for /katalog/


def guide_slug(code: str) -> str:
    return slug.slugify(code.replace("_", "-"))


def guides(catalogue: Catalogue, known: dict[str, Knowledge]) -> dict[str, Guide]:
    """One guide per target-group category that has projects, in vocabulary order."""
    cfg = catalogue.config
    texts, order = cfg.target_groups, cfg.documentation["level_order"]
    progress = set(cfg.outcomes["progress"])
    ranked = method_order(known)
    out = {}
    for code, label in cfg.vocabularies["target_groups"].items():
        projects = tuple(sorted((p for p in catalogue.projects.values() if code in p.target_group.categories),
                                key=lambda p: documented_first(p, order)))
        if not projects:
            continue
        used = [GuideMethod(known[m], tuple(p for p in projects if m in p.methods)) for m in ranked]
        used = [g for g in used if g.projects]
        used.sort(key=lambda g: (tuple(-n for n in g.knowledge.key[:-1]), -len(g.projects),
                                 ranked.index(g.knowledge.method.slug)))
        outcomes = tuple(p for p in projects if p.headline)
        out[code] = Guide(
            code=code, slug=guide_slug(code), label=label, description=texts[code]["description"],
            findings=tuple(f for f in texts[code].get("findings") or () if f["source"] in catalogue.sources),
            projects=projects,
            levels=level_counts(projects, order),
            assessed=sum(p.documentation.level in cfg.assessed_levels for p in projects),
            outcomes=outcomes,
            progress=tuple(p for p in projects if any(r.indicator in progress and r.value is not None
                                                      for r in p.results)),
            methods=tuple(used), ranges=rate_ranges(outcomes, cfg.outcomes["outcome"]),
            catalogue_query="?" + urlencode({"maalgruppe": label}),
        )
    return out


# --- How many projects are assessed --------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    projects: int
    levels: tuple[tuple[str, int], ...]  # every level, the catalogue's projects
    assessed: int  # of the projects, those with an assessed level
    unassessed_from_report: int  # not assessed, and the meta-evaluation is among their sources

    @property
    def unassessed(self) -> int:
        return self.projects - self.assessed


def assessment(catalogue: Catalogue) -> Assessment:
    cfg = catalogue.config
    report = cfg.documentation["report_levels"]["source"]
    projects = list(catalogue.projects.values())
    assessed = [p.documentation.level in cfg.assessed_levels for p in projects]
    return Assessment(
        projects=len(projects),
        levels=level_counts(projects, cfg.documentation["level_order"]),
        assessed=sum(assessed),
        unassessed_from_report=sum(not a and report in p.reports for p, a in zip(projects, assessed, strict=True)))


# --- The report's own tables, as the methods' statements reproduce them ------------------------

@dataclass(frozen=True)
class ReportRow:
    activity: str
    method: str | None  # our method's slug
    levels: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ReportTable:
    table: str
    rows: tuple[ReportRow, ...]
    sums: tuple[tuple[str, int], ...]  # the column sums of the rows
    totals: dict | None  # the report's own bottom row, where it prints one

    @property
    def agrees(self) -> bool:
        return self.totals is None or all(self.totals.get(lv, 0) == n for lv, n in self.sums)


def report_tables(catalogue: Catalogue) -> tuple[ReportTable, ...]:
    """Tabel 1 and 2 of the meta-evaluation, row by row in the report's order, made from
    the statements on the methods, with the report's totals to check them against."""
    spec, levels = catalogue.config.statements, catalogue.config.assessed_levels
    every = [s for m in catalogue.methods.values() for s in m.statements]
    out = []
    for tid, t in spec["tables"].items():
        if "rows" not in t:
            continue
        methods = {a: m for a, m in spec["activities"].items() if m in catalogue.methods}
        rows = tuple(ReportRow(a, methods.get(a), tuple(
            (lv, sum(s.count for s in every if s.table == tid and s.activity == a and s.level == lv))
            for lv in levels)) for a in t["rows"])
        out.append(ReportTable(tid, rows, tuple((lv, sum(dict(r.levels)[lv] for r in rows)) for lv in levels),
                               t.get("totals")))
    return tuple(out)
