"""Every check on the content, reported together: schema (with line numbers), file
names, cross-references, the documentation matrix and the Markdown bodies."""

from __future__ import annotations

import difflib
import math
import multiprocessing
import os
import re
import threading
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from jsonschema import Draft202012Validator

from generator import markup, rules, schema_messages, slug
from generator.config import KINDS, SiteConfig
from generator.load import SourceFile, content_files, read
from generator.memo import Memo, stat_key, tree_key
from generator.problems import Problem
from generator.schema_messages import dotted, schema_at

try:  # optional fast path, see _fast_valid
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - jsonschema alone gives the same results, slower
    _rs = None
_RS_VALIDATORS: dict[int, tuple[SiteConfig, dict]] = {}

# Fields that name another record, per kind: path pattern ("*": any list index) → the kind named.
REFERENCES = {
    "project": {("methods", "*"): "method", ("sources", "*", "report"): "source", ("results", "*", "source"): "source"},
    "method": {("related", "*"): "method", ("findings", "*", "source"): "source",
               ("statements", "*", "source"): "source"},
}
_HTML_IN_TEXT = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|javascript\s*:", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # e.g. "\x01" in a quoted YAML string


def check(config: SiteConfig, memo: Memo | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Read and check every content file; return the readable records and all problems.
    With a memo (`serve` only), a file unchanged since the last call is not read again."""
    records, problems = [], []
    problems += _stray_files(config)
    files = content_files(config.content_dir)
    results = _read_and_check(config, files) if memo is None else _read_and_check_memo(config, files, memo)
    flawed: dict[str, set[str]] = {}
    for record, found, checked in results:
        problems += found + checked
        if not found:
            records.append(record)
            flawed[record.rel] = {p.field for p in checked}
    problems += _check_file_names(config)
    problems += _check_references(records, config, flawed)
    return records, sorted(set(problems))


def warnings(config: SiteConfig, records: list[SourceFile], problems: list[Problem]) -> list[Problem]:
    """Departures from the coding rules (generator/rules.py) in the records without errors."""
    broken = {p.path for p in problems}
    return rules.check((r for r in records if r.rel not in broken), config)


PARALLEL_FROM = 2000  # files: below this, forking workers and sending records back costs more than it saves


def _read_one(config: SiteConfig, item: tuple[Path, str]) -> tuple[SourceFile, list[Problem], list[Problem]]:
    record, found = read(item[0], item[1], config.root, keys=lambda: _field_names(config))
    return record, found, ([] if found else _check_record(record, config))


def _field_names(config: SiteConfig) -> frozenset[str]:
    names = set()
    stack = [config.raw_schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return frozenset(names)


def _read_chunk(config: SiteConfig, items: list[tuple[Path, str]]) -> list:
    return [_read_one(config, item) for item in items]


def _read_and_check(config: SiteConfig, files: list[tuple[Path, str]]) -> list:
    """Read and check each file on its own (all of check's time but the cross-reference
    pass): in this process, or, from PARALLEL_FROM files on, in forked worker processes,
    one per core, results in order. Forking is only safe with no other thread running
    (`mkdocs serve` has several), so then, and where fork is missing, one process does it."""
    workers = min(os.cpu_count() or 1, 8)
    if (len(files) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return _read_chunk(config, files)
    size = -(-len(files) // (workers * 4))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [r for part in pool.map(_read_chunk, [config] * len(chunks), chunks) for r in part]
    except (OSError, BrokenProcessPool):
        return _read_chunk(config, files)


def _read_and_check_memo(config: SiteConfig, files: list[tuple[Path, str]], memo: Memo) -> list:
    settings = tree_key(config.root / "site_config")
    results = [memo.reuse(memo.checked, item[0], (settings, stat_key(item[0])), lambda i=item: _read_one(config, i))
               for item in files]
    for gone in memo.checked.keys() - {path for path, _ in files}:
        del memo.checked[gone]
    return results


def _stray_files(config: SiteConfig) -> list[Problem]:
    problems = []
    for folder in KINDS:
        directory = config.content_dir / folder
        for path in sorted(directory.iterdir()) if directory.is_dir() else []:
            if path.name.startswith(".") or (path.suffix == ".md" and path.is_file()):
                continue
            problems.append(Problem(path.relative_to(config.root).as_posix(), 1, 1, "",
                                    "kun .md-filer hører hjemme her; filen ville ellers blive sprunget over."))
    return problems


def _check_file_names(config: SiteConfig) -> list[Problem]:
    problems = []
    for folder in KINDS:
        folded: dict[str, list[Path]] = defaultdict(list)
        directory = config.content_dir / folder
        for path in sorted(directory.glob("*.md")) if directory.is_dir() else []:
            rel = path.relative_to(config.root).as_posix()
            if not slug.is_valid(path.stem):
                problems.append(_file_name_problem(rel, path))
            folded[slug.slugify(path.stem)].append(path)
        for key, paths in folded.items():
            if len(paths) > 1:
                names = ", ".join(p.name for p in paths)
                for p in paths:
                    problems.append(Problem(p.relative_to(config.root).as_posix(), 1, 1, "filnavn",
                                            f"filnavnene {names} bliver ens ('{key}') efter fjernelse af store "
                                            "bogstaver og accenter; de ville få samme adresse."))
    return problems


def _file_name_problem(rel: str, path: Path) -> Problem:
    suggestion = f"omdøb til '{slug.file_slug(path.stem) or 'projekt'}.md'."
    if len(path.stem) > slug.LIMIT:
        return Problem(rel, 1, 1, "filnavn", f"'{path.name}' er for langt: et filnavn må højst have "
                       f"{slug.LIMIT} tegn før .md (dette har {len(path.stem)}).", suggestion)
    return Problem(rel, 1, 1, "filnavn", f"'{path.name}' er ikke et gyldigt slug "
                   "(små bogstaver a-z, cifre og bindestreger; ikke 'index').", suggestion)


def _check_record(record: SourceFile, config: SiteConfig) -> list[Problem]:
    """The checks one file needs alone. A record the schema rejects is not trusted further:
    the matrix and period checks read fields the schema vouches for."""
    problems = []
    if not _fast_valid(config, record):
        errors = Draft202012Validator(_kind_schema(config, record.kind)).iter_errors(record.data)
        problems += schema_messages.problems(record, config, list(errors), _reference_paths(record))
    problems += _value_problems(record, record.data, (), config)
    if record.kind == "project" and not problems:
        problems += _matrix_problem(record, config)
        problems += _report_and_own_fields(record)
        period = record.data["period"]
        if period["start"] and period["end"] and period["start"] > period["end"]:
            line, col = record.where(("period", "end"))
            problems.append(Problem(record.rel, line, col, "period.end", "slutåret ligger før startåret."))
    for offset, col, message in markup.body_problems(record.body):
        problems.append(Problem(record.rel, record.body_line + offset, col, "brødtekst", message))
    return problems


def _fast_valid(config: SiteConfig, record: SourceFile) -> bool:
    """True if the record passes the schema, asked of jsonschema-rs when it is installed:
    same Draft 2020-12 verdicts, 50× faster (jsonschema's iter_errors was half of `check`
    at 1,000 files, about 0.9 ms a file). Only an invalid record is validated again by
    jsonschema, whose errors the messages are built from; without jsonschema-rs, always False."""
    if _rs is None:
        return False
    entry = _RS_VALIDATORS.get(id(config))
    if entry is None or entry[0] is not config:
        if len(_RS_VALIDATORS) > 16:
            _RS_VALIDATORS.clear()
        entry = _RS_VALIDATORS[id(config)] = (config, {})  # holds config, so its id stays unique
    validators = entry[1]
    if record.kind not in validators:
        validators[record.kind] = _rs.validator_for(_kind_schema(config, record.kind))
    try:
        return validators[record.kind].is_valid(record.data)
    except (ValueError, TypeError, OverflowError):  # a value jsonschema-rs cannot convert: jsonschema words it
        return False


def _kind_schema(config: SiteConfig, kind: str) -> dict:
    """The whole schema, pointed at one record type's definition."""
    return {**config.schema, "$ref": f"#/$defs/{kind}"}


def _reference_paths(record: SourceFile) -> set[tuple]:
    """(path, keyword) of the slug checks on fields naming other records: whether such a
    value is a slug at all is for the reference check, which knows the names and aliases."""
    return {(path, keyword) for path, _, _ in _references(record) for keyword in ("pattern", "maxLength")}


def _value_problems(record: SourceFile, node, path: tuple, config: SiteConfig) -> list[Problem]:
    """What the schema lets through but a page cannot show: HTML, control characters and
    numbers that are not finite (YAML's .nan and .inf)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _value_problems(record, v, (*path, k), config)]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _value_problems(record, v, (*path, i), config)]
    if isinstance(node, float) and not math.isfinite(node):
        line, col = record.where(path)
        field = schema_at(config.schema, record.kind, path) or {}
        null = ", eller null hvis kilden ikke oplyser det" if schema_messages.nullable(field) else ""
        return [Problem(record.rel, line, col, dotted(path),
                        f"'{record.source_line(line)[col - 1:].strip()}' er ikke et tal, der kan vises; skriv tallet, "
                        f"som kilden angiver det{null}.")]
    if isinstance(node, str) and _HTML_IN_TEXT.search(node):
        line, col = record.where(path)
        message = "HTML og javascript: er ikke tilladt i felterne; skriv ren tekst."
        return [Problem(record.rel, line, col, dotted(path), message)]
    if isinstance(node, str) and _CONTROL.search(node):
        line, col = record.where(path)
        message = f"usynligt kontroltegn ({_CONTROL.search(node).group()!r}) i teksten; fjern det."
        return [Problem(record.rel, line, col, dotted(path), message)]
    return []


def _matrix_problem(record: SourceFile, config: SiteConfig) -> list[Problem]:
    doc = record.data["documentation"]
    expected = config.level_for(doc["implementability"], doc["evidence"])
    if doc["level"] == expected:
        return []
    line, col = record.where(("documentation", "level"))
    return [Problem(record.rel, line, col, "documentation.level",
                    f"niveauet '{doc['level']}' passer ikke med matricen: {doc['implementability']} × "
                    f"{doc['evidence']} giver '{expected}' (se /dokumentationsniveauer/).",
                    f"level: {expected}")]


def _report_and_own_fields(record: SourceFile) -> list[Problem]:
    """A source given as a report (its slug) takes title, publisher, year and address from
    the report's own page; fields of its own beside it would never be shown."""
    problems = []
    for i, source in enumerate(record.data.get("sources") or []):
        own = [k for k in ("title", "publisher", "year", "url") if k in source]
        if source.get("report") and own:
            line, col = record.where(("sources", i, own[0]))
            problems.append(Problem(
                record.rel, line, col, dotted(("sources", i, own[0])),
                f"{', '.join(own)} bruges ikke, når kilden er kilderapporten '{source['report']}': titel, udgiver, "
                f"år og adresse står på rapportens kildeside. Slet {'linjen' if len(own) == 1 else 'linjerne'}, "
                f"eller fjern report, hvis oplysningen stammer fra en anden kilde."))
    return problems


def _references(record: SourceFile):
    """(path, value, kind named) of every field of the record that names another record,
    however malformed the record is."""
    for pattern, target in REFERENCES.get(record.kind, {}).items():
        for path, value in _expand(record.data, pattern, ()):
            yield path, value, target


def _expand(node, pattern: tuple, path: tuple):
    if not pattern:
        yield path, node
    elif pattern[0] == "*":
        for i, item in enumerate(node if isinstance(node, list) else []):
            yield from _expand(item, pattern[1:], (*path, i))
    elif isinstance(node, dict) and pattern[0] in node:
        yield from _expand(node[pattern[0]], pattern[1:], (*path, pattern[0]))


_WHAT = {"method": ("metoden", "methods", "metodens"), "source": ("kilden", "sources", "kildens")}


def _check_references(records: list[SourceFile], config: SiteConfig, flawed: dict[str, set[str]]) -> list[Problem]:
    """Every name of another record resolves. A value the file's own checks already
    reported (or one inside such a value) is not looked up again."""
    known: dict[str, dict[str, SourceFile]] = defaultdict(dict)
    for r in records:
        known[r.kind][r.slug] = r
    names = {kind: _other_names(by_slug) for kind, by_slug in known.items()}
    problems = []
    for r in records:
        bad = flawed.get(r.rel, set())
        for path, value, target in _references(r):
            field = dotted(path)
            if not isinstance(value, str) or value in known[target] or any(
                    field == b or field.startswith((b + ".", b + "[")) for b in bad if b):
                continue
            what, folder, whose = _WHAT[target]
            line, col = r.where(path)
            named = names.get(target, {}).get(value.casefold()) or names.get(target, {}).get(slug.slugify(value))
            if named:
                slug_, how = named
                problems.append(Problem(r.rel, line, col, field, f"'{value}' er {how} {what} '{slug_}'; skriv "
                                        f"{whose} slug.", slug_))
                continue
            close = difflib.get_close_matches(value, list(known[target]), n=3, cutoff=0.5)
            hint = close[0] if len(close) == 1 else ("mente du " + " eller ".join(f"'{c}'" for c in close) + "?"
                                                      if close else "")
            problems.append(Problem(r.rel, line, col, field, f"{what} '{value}' findes ikke i content/{folder}/.",
                                    hint))
    # the statement counts are compared across files: only methods whose own checks passed
    sound = [r for r in records if r.kind == "method" and not flawed.get(r.rel)]
    return problems + _check_statements(sound, config)


def _check_statements(methods: list[SourceFile], config: SiteConfig) -> list[Problem]:
    """Each method's statement counts against site_config/statements.yml: the right
    report, a known table, an activity that belongs to this method, the table's theme,
    and no count given twice (in this file or another)."""
    spec, problems, seen = config.statements, [], {}
    activities, tables = spec["activities"], spec["tables"]
    for r in methods:
        for i, st in enumerate(r.data.get("statements") or []):
            if not isinstance(st, dict):
                continue

            def bad(key: str, message: str, hint: str = "", st_i=i, rec=r) -> None:
                line, col = rec.where(("statements", st_i, key))
                problems.append(Problem(rec.rel, line, col, f"statements[{st_i}].{key}", message, hint))

            table, activity = tables.get(st.get("table")), st.get("activity")
            if st.get("source") != spec["source"]:
                bad("source", f"optællinger af udsagn findes kun for kilden '{spec['source']}'.", spec["source"])
            if table is None:
                bad("table", f"tabellen '{st.get('table')}' står ikke i site_config/statements.yml.",
                    "brug en af " + ", ".join(tables))
            elif table.get("theme") != st.get("theme"):
                bad("theme", f"{table['name']} hører til resultattemaet '{table.get('theme')}', "
                             f"ikke '{st.get('theme')}'.", f"theme: {table.get('theme')}" if table.get("theme")
                    else "slet theme")
            if activities.get(activity) != r.slug:
                owner = activities.get(activity)
                bad("activity", f"aktiviteten '{activity}' hører " + (
                    f"til metoden '{owner}' (site_config/statements.yml)." if owner
                    else "ikke til nogen metode i site_config/statements.yml."),
                    f"flyt optællingen til content/methods/{owner}.md" if owner else "")
            key = (st.get("table"), activity, st.get("level"))
            if key in seen:
                bad("count", f"{key[0]}, '{activity}', niveau {key[2]} er allerede talt i {seen[key]}.")
            seen.setdefault(key, r.rel)
    return problems


def _other_names(by_slug: dict[str, SourceFile]) -> dict[str, tuple[str, str]]:
    """Casefolded title, short title, alias or slugified name → (slug, how it names it)."""
    names: dict[str, tuple[str, str]] = {}
    for slug_, record in by_slug.items():
        data = record.data
        aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
        for alias in aliases:
            if isinstance(alias, str):
                names.setdefault(alias.casefold(), (slug_, "et andet navn for"))
                names.setdefault(slug.slugify(alias), (slug_, "et andet navn for"))
        for key in ("title", "short_title"):
            if isinstance(data.get(key), str):
                names[data[key].casefold()] = (slug_, "titlen på")
                names.setdefault(slug.slugify(data[key]), (slug_, "titlen på"))
        names.setdefault(slug_.casefold(), (slug_, "en stavemåde af"))
    return names
