"""Open data under data/: projects, results and methods as CSV and one Excel workbook,
the whole catalogue as JSON, the JSON Schema, and the data /sammenlign/ reads.

The columns are documented in site_config/data_dictionary.yml, and the tables here
must match it column for column (tests/test_export.py). CSV: UTF-8 with BOM, comma,
CRLF, RFC 4180 quoting; list fields joined with the dictionary's separator. Each table
also comes as CSV for Danish Excel (the dictionary's `excel_file`): the same rows with
the Danish headings (`label`), semicolons and decimal commas (see excel_csv)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import re
import zipfile

import pandas as pd
import xlsxwriter

from generator import freshness, knowledge, ordering, outcomes, slug, tables
from generator.memo import Memo, tree_key
from generator.model import Catalogue, Project

EPOCH = "2000-01-01"  # workbook date when nothing gives a date (see freshness.content_date)


def records(catalogue: Catalogue) -> dict:
    def plain(obj):
        return {k: v for k, v in dataclasses.asdict(obj).items() if k != "body"} | {"body_markdown": obj.body}

    return {
        "licence": catalogue.config.site["licence"],
        "projects": [plain(p) | {"id": p.slug} for p in catalogue.projects.values()],
        "methods": [plain(m) | {"id": m.slug} for m in catalogue.methods.values()],
        "sources": [plain(s) | {"id": s.slug} for s in catalogue.sources.values()],
    }


def frames(catalogue: Catalogue, known: dict[str, knowledge.Knowledge] | None = None) -> dict[str, pd.DataFrame]:
    """The three flat tables, keyed as in data_dictionary.yml (`known`: knowledge.knowledge,
    when the caller has it already)."""
    cfg = catalogue.config
    sep = tables.settings(cfg, "data_dictionary")["list_separator"]
    stats = tables.settings(cfg, "statistics")
    unknown = cfg.documentation["unknown"]
    levels = cfg.documentation["level_order"]
    base = cfg.site["url"]

    def joined(values) -> str | None:
        return sep.join(values) or None

    def labels(vocabulary: str, codes) -> str | None:
        return joined(cfg.label(vocabulary, c) for c in codes)

    def link(kind: str, name: str) -> str:
        return base + f"{cfg.site['sections'][kind]}/{name}/"

    def project(p: Project) -> dict:
        tg, doc, h = p.target_group, p.documentation, p.headline
        budget = p.budget
        return {
            "id": p.slug, "title": p.title, "url": link("projects", p.slug), "summary": p.summary,
            "holder": p.holder, "partners": joined(p.partners), "municipalities": joined(p.municipalities),
            "regions": joined(p.regions), "area": p.area,
            "period_start": p.period_start, "period_end": p.period_end, "period_note": p.period_note,
            "funding": p.funding, "budget_dkk": budget.amount if budget else None,
            "budget_note": budget.note if budget else None,
            "target_groups": joined(tg.categories), "target_groups_label": labels("target_groups", tg.categories),
            "target_group_description": tg.description, "age": tg.age,
            "disability_category": tg.disability_category,
            "disability_category_label": tg.disability_category and cfg.label(
                "disability_categories", tg.disability_category),
            "participants_planned": tg.participants.planned, "participants_actual": tg.participants.actual,
            "participants_note": tg.participants.note,
            "size_class": tables.size_class(tg.participants.count, stats["size_classes"], unknown),
            "methods": joined(p.methods),
            "methods_label": joined(catalogue.methods[m].title for m in p.methods),
            "themes": joined(p.themes), "themes_label": labels("themes", p.themes),
            "results_count": len(p.results),
            "headline_indicator": h and h.indicator, "headline_label": h and h.label,
            "headline_value": h and h.value, "headline_unit": h and h.unit,
            "headline_denominator": h and h.denominator,
            "headline_rate_pct": h and h.shown_rate,
            "headline_rate_computed": None if not h or h.rate is None else ("ja" if h.rate_computed else "nej"),
            "headline_benchmark_value": h and h.benchmark and h.benchmark.value,
            "headline_benchmark_unit": h and h.benchmark and h.benchmark.unit,
            "headline_benchmark_label": h and h.benchmark and h.benchmark.label,
            "headline_text": outcomes.text(h, cfg.outcomes),
            "headline_location": h and h.location,
            "implementability": doc.implementability, "evidence": doc.evidence, "level": doc.level,
            "level_label": cfg.label("levels", doc.level), "documentation_rationale": doc.rationale,
            "discrepancies": joined(d.description for d in p.discrepancies),
            "sources": joined(s.report or s.title or "" for s in p.sources),
            "source_locations": joined(s.location for s in p.sources),
            "source_lines": joined(s.lines or "" for s in p.sources) if any(s.lines for s in p.sources) else None,
            "updated": p.updated,
        }

    results = [{
        "project_id": p.slug, "project_title": p.title, "result_no": n, "indicator": r.indicator,
        "indicator_label": cfg.label("indicators", r.indicator), "label": r.label, "value": r.value,
        "unit": r.unit, "denominator": r.denominator, "rate": r.rate, "target": r.target, "target_note": r.target_note,
        "fulfilment_pct": r.fulfilment, "benchmark_value": r.benchmark and r.benchmark.value,
        "benchmark_unit": r.benchmark and r.benchmark.unit, "benchmark_label": r.benchmark and r.benchmark.label,
        "as_of": r.as_of, "note": r.note, "source": r.source, "location": r.location, "lines": r.lines,
        "project_level": p.documentation.level, "project_methods": joined(p.methods),
    } for p in catalogue.projects.values() for n, r in enumerate(p.results, start=1)]

    frame = tables.project_frame(catalogue, stats)
    known = knowledge.knowledge(catalogue) if known is None else known
    methods = []
    for m in catalogue.methods.values():
        sub = tables.using(frame, m.slug)
        per_level = tables.tally(sub, "level", levels)
        groups = set(sub["target_groups"].explode().dropna())
        methods.append({
            "id": m.slug, "title": m.title, "url": link("methods", m.slug), "summary": m.summary,
            "aliases": joined(m.aliases), "category": m.category,
            "category_label": cfg.label("method_categories", m.category), "related": joined(m.related),
            "projects": len(sub),
            **{f"projects_{slug.slugify(lv).replace('-', '_')}": int(per_level[lv]) for lv in levels},
            "project_ids": joined(sub.index),
            "target_groups": joined(c for c in cfg.vocabularies["target_groups"] if c in groups),
            "findings": len(m.findings),
            **{f"statements_{t.table.replace('-', '_')}_{slug.slugify(lv).replace('-', '_')}": t.count(lv)
               for t in known[m.slug].tables for lv in cfg.assessed_levels},
            "statements_included_in": (known[m.slug].included_in or {}).get("method"),
            "projects_with_outcome": len(known[m.slug].outcomes),
            "updated": m.updated,
        })

    made = {"projects": [project(p) for p in catalogue.projects.values()], "results": results, "methods": methods}
    out = {}
    for key, spec in tables.settings(cfg, "data_dictionary")["tables"].items():
        names = [c["name"] for c in spec["columns"]]
        if made[key] and list(made[key][0]) != names:  # an undocumented or missing column
            raise ValueError(f"{spec['file']}: the columns {list(made[key][0])} differ from data_dictionary.yml")
        out[key] = pd.DataFrame(made[key], columns=names, dtype=object)
    return out


def csv_text(frame: pd.DataFrame) -> str:
    return "\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")


FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what Excel reads as the start of a formula


def excel_csv(frame: pd.DataFrame, columns: list[dict]) -> str:
    """The dialect Danish Excel opens with a double click: semicolon, UTF-8 with BOM, CRLF,
    decimal comma, the Danish headings. A text that Excel would run as a formula (it
    starts with = + - @) gets a leading apostrophe, as OWASP advises for CSV files."""
    out = pd.DataFrame(index=frame.index)
    for c in columns:
        values = frame[c["name"]]
        if c["type"] == "tal":
            values = values.map(decimal_comma)
        elif c["type"] != "heltal":
            values = values.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA) else v)
        out[c["label"]] = values
    return "\ufeff" + out.to_csv(index=False, sep=";", lineterminator="\r\n")


def decimal_comma(value) -> str | None:
    value = cell(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def cell(value):
    """A value XlsxWriter writes as is: NaN and missing values become empty cells."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def workbook(catalogue: Catalogue, data: dict[str, pd.DataFrame]) -> bytes:
    """projects.xlsx: one sheet per table, the column descriptions and the code lists.
    XlsxWriter, not pandas + openpyxl: 3.5 times faster, and it writes a text that starts
    with "=" as text, never as a formula (contributors' strings must not run in Excel).
    Byte for byte the same for the same content: the zip entries and the document's
    created/modified dates are set to the newest content date."""
    cfg = catalogue.config
    spec = tables.settings(cfg, "data_dictionary")
    columns = pd.DataFrame([(t["file"], c["name"], c["label"], c["type"], c["description"])
                            for t in spec["tables"].values() for c in t["columns"]],
                           columns=spec["dictionary_sheet"]["headings"])
    lists = tables.code_lists(cfg, tables.settings(cfg, "statistics"))
    codes = pd.DataFrame([(name, code, meaning) for name in spec["code_lists"]
                          for code, meaning in lists[name].items()], columns=spec["codes_sheet"]["headings"])
    sheets = {t["sheet"]: data[key] for key, t in spec["tables"].items()}
    sheets |= {spec["dictionary_sheet"]["name"]: columns, spec["codes_sheet"]["name"]: codes}
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        book.set_properties({"title": cfg.site["name"], "author": cfg.site["name"]})
        bold = book.add_format({"bold": True})
        for name, frame in sheets.items():
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, list(frame.columns), bold)
            widths = [len(str(c)) for c in frame.columns]
            for i, row in enumerate(frame.itertuples(index=False, name=None), 1):
                values = [cell(v) for v in row]
                sheet.write_row(i, 0, values)
                if i <= 200:
                    widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=True)]
            for col, width in enumerate(widths):
                sheet.set_column(col, col, min(max(width, 8) + 2, 60))
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(frame), max(len(frame.columns) - 1, 0))
    dates = [r.updated for r in (*catalogue.projects.values(), *catalogue.methods.values()) if r.updated]
    return reproducible(buffer.getvalue(), max(dates, default=None) or freshness.content_date(cfg.root) or EPOCH)


def reproducible(xlsx: bytes, date: str) -> bytes:
    """Rewrite the zip with fixed entry times and fixed core-property dates."""
    stamp = f"{date}T00:00:00Z".encode()
    when = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=when), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def data_files(catalogue: Catalogue, memo: Memo | None = None,
               known: dict[str, knowledge.Knowledge] | None = None) -> dict[str, str | bytes]:
    """Every file under data/. With a memo (`serve`), the workbook is made again only when
    a table in it or site_config/ has changed: a new word in a project's text costs nothing."""
    known = knowledge.knowledge(catalogue) if known is None else known
    data = frames(catalogue, known)
    schema = json.dumps(catalogue.config.schema, ensure_ascii=False, indent=2) + "\n"
    csv = {key: csv_text(frame) for key, frame in data.items()}
    spec = tables.settings(catalogue.config, "data_dictionary")["tables"]
    order = [p.slug for p in sorted(catalogue.projects.values(), key=ordering.project_order)]
    excel = {  # the projects in the catalogue's order, as /katalog/ lists them
        f"data/{t['excel_file']}": excel_csv(data[key].set_index("id", drop=False).loc[order] if key == "projects"
                                             else data[key], t["columns"])
        for key, t in spec.items()}
    if memo is None:
        book = workbook(catalogue, data)
    else:
        key = hashlib.sha256("\0".join([tree_key(catalogue.config.root / "site_config"), *csv.values()]).encode())
        book = memo.reuse(memo.pages, "data/projects.xlsx", key.hexdigest(), lambda: workbook(catalogue, data))
    return {
        "data/schema.json": schema,
        "data/catalogue.json": json.dumps(records(catalogue), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        "data/projects.csv": csv["projects"],
        "data/results.csv": csv["results"],
        "data/methods.csv": csv["methods"],
        "data/projects.xlsx": book,
        **excel,
        "data/compare.json": json.dumps(tables.compare_data(catalogue, known), ensure_ascii=False,
                                        separators=(",", ":")),
    }
