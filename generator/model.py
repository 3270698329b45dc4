"""The validated catalogue as typed, immutable records with their cross-links."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.config import SiteConfig
from generator.load import SourceFile
from generator.numbers import whole


@dataclass(frozen=True)
class Benchmark:
    value: float
    unit: str
    label: str
    location: str | None
    lines: str | None = None  # text-edition line numbers: for checking, never shown on a page


@dataclass(frozen=True)
class Result:
    indicator: str
    label: str
    value: float | None
    unit: str
    location: str
    denominator: int | None = None
    rate: float | None = None  # the percentage the source prints for a count, where it does
    target: float | None = None
    target_note: str | None = None
    benchmark: Benchmark | None = None
    as_of: str | None = None
    note: str | None = None
    source: str | None = None
    lines: str | None = None

    @property
    def fulfilment(self) -> float | None:
        """Value as a percentage of the target, where both are stated and the target is not 0."""
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target)


@dataclass(frozen=True)
class SourceRef:
    location: str
    report: str | None = None
    title: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None
    number: int | None = None
    lines: str | None = None


@dataclass(frozen=True)
class Budget:
    amount: float | None
    location: str
    currency: str = "DKK"
    note: str | None = None
    lines: str | None = None


@dataclass(frozen=True)
class Documentation:
    implementability: str
    evidence: str
    level: str
    rationale: str


@dataclass(frozen=True)
class Participants:
    planned: int | None
    actual: int | None
    note: str | None = None
    location: str | None = None
    lines: str | None = None

    @property
    def count(self) -> int | None:
        return self.actual if self.actual is not None else self.planned


@dataclass(frozen=True)
class TargetGroup:
    categories: tuple[str, ...]
    description: str
    participants: Participants
    age: str | None = None
    disability_category: str | None = None


@dataclass(frozen=True)
class Discrepancy:
    description: str
    locations: tuple[str, ...]
    lines: str | None = None


@dataclass(frozen=True)
class Project:
    slug: str
    path: str
    title: str
    summary: str
    holder: str | None
    municipalities: tuple[str, ...]
    regions: tuple[str, ...]
    period_start: int | None
    period_end: int | None
    period_note: str | None
    funding: str | None
    target_group: TargetGroup
    methods: tuple[str, ...]
    themes: tuple[str, ...]
    results: tuple[Result, ...]
    documentation: Documentation
    sources: tuple[SourceRef, ...]
    body: str
    partners: tuple[str, ...] = ()
    area: str | None = None
    budget: Budget | None = None
    discrepancies: tuple[Discrepancy, ...] = ()
    updated: str | None = None
    headline: Headline | None = None  # see `headline` below

    @property
    def reports(self) -> tuple[str, ...]:
        return tuple(s.report for s in self.sources if s.report)



@dataclass(frozen=True)
class Headline:
    """A project's main outcome (site_config/outcomes.yml): a count and/or a rate of one
    outcome indicator, with the denominator and benchmark where the source gives them."""
    indicator: str
    label: str  # the source's own wording of the result
    count: float | None  # participants (or a number) reaching the outcome
    unit: str  # of count, or 'procent' when there is only a rate
    denominator: int | None
    rate: float | None  # percent
    rate_computed: bool  # the catalogue computed the rate from count and denominator
    benchmark: Benchmark | None
    location: str
    results: tuple[int, ...]  # the result numbers (1, 2, …) it is made from

    @property
    def value(self) -> float | None:
        return self.count if self.count is not None else self.rate

    @property
    def shown_rate(self) -> float | None:
        """The rate as the pages and exports show it: a computed rate rounded to a whole percent."""
        if self.rate is None:
            return None
        return whole(self.rate) if self.rate_computed else self.rate


def headline(results: tuple[Result, ...], order: list[str]) -> Headline | None:
    """The main outcome: see site_config/outcomes.yml for the rules."""
    stated = [(n, r) for n, r in enumerate(results, 1) if r.value is not None and r.indicator in order]
    if not stated:
        return None
    best = min(order.index(r.indicator) for _, r in stated)
    cands = [(n, r) for n, r in stated if r.indicator == order[best]]
    n, main = min(cands, key=lambda nr: (nr[1].denominator is None, nr[1].benchmark is None, nr[0]))
    is_rate = main.unit == "procent"
    pair = [(n, main)] + next(([(m, r)] for m, r in cands if (r.unit == "procent") != is_rate
                               and _same_measure(*((r, main) if is_rate else (main, r)))), [])
    count = next((r for _, r in pair if r.unit != "procent"), None)
    pct = next((r for _, r in pair if r.unit == "procent"), None)
    printed = pct.value if pct else count.rate
    computed = printed is None and bool(count.denominator)
    return Headline(
        indicator=main.indicator, label=(count or pct).label,
        count=count.value if count else None, unit=count.unit if count else "procent",
        denominator=count.denominator if count and count.denominator is not None else pct and pct.denominator,
        rate=printed if printed is not None else (100 * count.value / count.denominator if computed else None),
        rate_computed=computed,
        benchmark=(pct and pct.benchmark) or (count and count.benchmark) or None,
        location="; ".join(dict.fromkeys(part for _, r in pair for part in r.location.split("; "))),
        results=tuple(sorted(m for m, _ in pair)))


def _same_measure(count: Result, rate: Result) -> bool:
    """A count with a stated denominator and a percentage that is its rate."""
    return bool(count.denominator) and rate.denominator in (None, count.denominator) and abs(
        100 * count.value / count.denominator - rate.value) <= 1


@dataclass(frozen=True)
class Finding:
    text: str
    level: str
    source: str
    location: str
    lines: str | None = None


@dataclass(frozen=True)
class Statement:
    """A count of the meta-evaluation's statements about one activity at one level, from
    one table or figure (site_config/statements.yml)."""
    source: str
    table: str
    activity: str
    level: str | None  # None: the report does not let the level be read
    count: int
    location: str
    theme: str | None = None
    lines: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Method:
    slug: str
    path: str
    title: str
    summary: str
    aliases: tuple[str, ...]
    category: str
    related: tuple[str, ...]
    findings: tuple[Finding, ...]
    body: str
    updated: str | None = None
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Source:
    slug: str
    path: str
    title: str
    short_title: str
    publisher: str
    year: int | None
    scope: str
    documentation_of_results: str
    headline_figures: tuple[dict, ...]
    body: str
    commissioned_by: str | None = None
    url: str | None = None
    expected_projects: int | None = None
    year_location: str | None = None
    year_note: str | None = None
    availability: dict | None = None
    citation: dict | None = None


@dataclass
class Catalogue:
    config: SiteConfig
    projects: dict[str, Project]
    methods: dict[str, Method]
    sources: dict[str, Source]
    projects_by_method: dict[str, list[Project]] = field(default_factory=dict)
    projects_by_source: dict[str, list[Project]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.projects_by_method = {m: [] for m in self.methods}
        self.projects_by_source = {s: [] for s in self.sources}
        for p in self.projects.values():
            for m in p.methods:
                self.projects_by_method[m].append(p)
            for s in dict.fromkeys(p.reports):
                self.projects_by_source[s].append(p)


def build(records: list[SourceFile], config: SiteConfig, updated: dict[str, str] | None = None) -> Catalogue:
    """Turn checked records into the catalogue. Only call with records that passed `check`."""
    updated = updated or {}
    projects, methods, sources = {}, {}, {}
    for r in sorted(records, key=lambda r: r.slug):
        d, when = r.data, updated.get(r.rel)
        if r.kind == "project":
            projects[r.slug] = _project(r, d, config, when)
        elif r.kind == "method":
            methods[r.slug] = Method(
                slug=r.slug, path=r.rel, title=d["title"], summary=d["summary"], aliases=tuple(d["aliases"]),
                category=d["category"], related=tuple(d["related"]),
                findings=tuple(Finding(**f) for f in d.get("findings", [])), body=r.body, updated=when,
                statements=tuple(Statement(**st) for st in d.get("statements", [])))
        else:
            sources[r.slug] = Source(
                slug=r.slug, path=r.rel, body=r.body, headline_figures=tuple(d.get("headline_figures", [])),
                **{k: v for k, v in d.items() if k != "headline_figures"})
    return Catalogue(config, projects, methods, sources)


def _project(r: SourceFile, d: dict, config: SiteConfig, when: str | None) -> Project:
    tg = d["target_group"]
    results = []
    for res in d["results"]:
        bench = res.get("benchmark")
        results.append(Result(**{**res, "benchmark": Benchmark(location=bench.get("location"), **{
            k: v for k, v in bench.items() if k != "location"}) if bench else None}))
    municipalities = tuple(d["municipalities"])
    return Project(
        slug=r.slug, path=r.rel, title=d["title"], summary=d["summary"], holder=d["holder"],
        municipalities=municipalities,
        regions=tuple(sorted({config.regions[m] for m in municipalities})),
        period_start=d["period"]["start"], period_end=d["period"]["end"], period_note=d["period"].get("note"),
        funding=d["funding"],
        target_group=TargetGroup(
            categories=tuple(tg["categories"]), description=tg["description"], age=tg.get("age"),
            disability_category=tg.get("disability_category"), participants=Participants(**tg["participants"])),
        methods=tuple(d["methods"]), themes=tuple(d["themes"]), results=tuple(results),
        documentation=Documentation(**d["documentation"]),
        sources=tuple(SourceRef(**s) for s in d["sources"]), body=r.body,
        partners=tuple(d.get("partners", [])), area=d.get("area"),
        budget=Budget(**d["budget"]) if d.get("budget") else None,
        discrepancies=tuple(Discrepancy(x["description"], tuple(x["locations"]), x.get("lines"))
                            for x in d.get("discrepancies", [])),
        updated=when,
        headline=headline(tuple(results), config.outcomes["outcome"]),
    )
