"""Every check on the content, reported together: schema (with line numbers), file
names, cross-references, the documentation matrix and the Markdown bodies."""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
import threading
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator import markup, rules, slug
from generator.config import KINDS, SiteConfig
from generator.load import SourceFile, content_files, read
from generator.memo import Memo, stat_key, tree_key
from generator.problems import Problem

try:  # optional fast path, see _fast_valid
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - jsonschema alone gives the same results, slower
    _rs = None
_RS_VALIDATORS: dict[int, tuple[SiteConfig, dict]] = {}

_TYPES = {"string": "tekst", "integer": "et heltal", "number": "et tal", "array": "en liste",
          "object": "en mapping (nøgle: værdi)", "null": "null", "boolean": "true/false"}
_HTML_IN_TEXT = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|javascript\s*:", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # e.g. "\x01" in a quoted YAML string


def check(config: SiteConfig, memo: Memo | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Read and check every content file; return the readable records and all problems.
    With a memo (`serve` only), a file unchanged since the last call is not read again."""
    records, problems = [], []
    problems += _stray_files(config)
    files = content_files(config.content_dir)
    results = _read_and_check(config, files) if memo is None else _read_and_check_memo(config, files, memo)
    for record, found, checked in results:
        problems += found + checked
        if not found:
            records.append(record)
    problems += _check_file_names(config)
    problems += _check_references(records, config)
    return records, sorted(set(problems))


def warnings(config: SiteConfig, records: list[SourceFile], problems: list[Problem]) -> list[Problem]:
    """Departures from the coding rules (generator/rules.py) in the records without errors."""
    broken = {p.path for p in problems}
    return rules.check((r for r in records if r.rel not in broken), config)


PARALLEL_FROM = 2000  # files: below this, forking workers and sending records back costs more than it saves


def _read_one(config: SiteConfig, item: tuple[Path, str]) -> tuple[SourceFile, list[Problem], list[Problem]]:
    record, found = read(item[0], item[1], config.root)
    return record, found, ([] if found else _check_record(record, config))


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
    problems = []
    if not _fast_valid(config, record):
        for error in Draft202012Validator(_kind_schema(config, record.kind)).iter_errors(record.data):
            problems += _schema_problems(record, error, config)
    problems += _text_problems(record, record.data, ())
    if record.kind == "project" and not problems:
        problems += _matrix_problem(record, config)
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
    return validators[record.kind].is_valid(record.data)


def _kind_schema(config: SiteConfig, kind: str) -> dict:
    """The whole schema, pointed at one record type's definition."""
    return {**config.schema, "$ref": f"#/$defs/{kind}"}


def _text_problems(record: SourceFile, node, path: tuple) -> list[Problem]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _text_problems(record, v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _text_problems(record, v, (*path, i))]
    if isinstance(node, str) and _HTML_IN_TEXT.search(node):
        line, col = record.where(path)
        message = "HTML og javascript: er ikke tilladt i felterne; skriv ren tekst."
        return [Problem(record.rel, line, col, _dotted(path), message)]
    if isinstance(node, str) and _CONTROL.search(node):
        line, col = record.where(path)
        message = f"usynligt kontroltegn ({_CONTROL.search(node).group()!r}) i teksten; fjern det."
        return [Problem(record.rel, line, col, _dotted(path), message)]
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


def _check_references(records: list[SourceFile], config: SiteConfig) -> list[Problem]:
    by_kind: dict[str, dict[str, SourceFile]] = defaultdict(dict)
    for r in records:
        by_kind[r.kind][r.slug] = r
    methods, sources = by_kind["method"], by_kind["source"]
    aliases = {a.lower(): s for s, m in methods.items() for a in m.data.get("aliases", []) if isinstance(a, str)}
    problems = []

    def ref(record: SourceFile, path: tuple, value, known: dict, what: str, extra: dict | None = None):
        if not isinstance(value, str) or value in known:
            return
        line, col = record.where(path)
        candidates = difflib.get_close_matches(value, list(known), n=3, cutoff=0.5)
        if extra and value.lower() in extra:
            candidates = [extra[value.lower()], *candidates]
        hint = ("mente du " + " eller ".join(f"'{c}'" for c in dict.fromkeys(candidates)) + "?") if candidates else ""
        problems.append(Problem(record.rel, line, col, _dotted(path),
                                f"{what} '{value}' findes ikke i content/{what_dir[what]}/.", hint))

    what_dir = {"metoden": "methods", "kilden": "sources"}
    for r in records:
        d = r.data
        if r.kind == "project":
            for i, m in enumerate(d.get("methods") or []):
                ref(r, ("methods", i), m, methods, "metoden", aliases)
            for i, s in enumerate(d.get("sources") or []):
                if isinstance(s, dict) and "report" in s:
                    ref(r, ("sources", i, "report"), s["report"], sources, "kilden")
            for i, res in enumerate(d.get("results") or []):
                if isinstance(res, dict) and "source" in res:
                    ref(r, ("results", i, "source"), res["source"], sources, "kilden")
        elif r.kind == "method":
            for i, m in enumerate(d.get("related") or []):
                ref(r, ("related", i), m, methods, "metoden", aliases)
            for i, f in enumerate(d.get("findings") or []):
                if isinstance(f, dict):
                    ref(r, ("findings", i, "source"), f.get("source"), sources, "kilden")
            for i, st in enumerate(d.get("statements") or []):
                if isinstance(st, dict):
                    ref(r, ("statements", i, "source"), st.get("source"), sources, "kilden")
    return problems + _check_statements([r for r in records if r.kind == "method"], config)


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


def _schema_problems(record: SourceFile, error: ValidationError, config: SiteConfig) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = record.where(path)
    field = _dotted(path)
    v, inst, sch = error.validator, error.instance, error.schema

    if v == "additionalProperties":
        allowed = list(sch.get("properties", {}))
        out = []
        for key in [k for k in inst if k not in allowed]:
            line, col = record.where((*path, key), key=True)
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            out.append(Problem(record.rel, line, col, _dotted((*path, key)), f"ukendt felt '{key}'.",
                               f"mente du '{close[0]}'?" if close else "tilladte felter: " + ", ".join(allowed) + "."))
        return out
    if v == "required":
        missing = error.message.split("'")[1]
        return [Problem(record.rel, *where, _dotted((*path, missing)),
                        f"det påkrævede felt '{missing}' mangler (skriv null, hvis kilden ikke oplyser det).")]
    if v == "anyOf" and any(b == {"type": "null"} for b in sch["anyOf"]):
        branch = next(b for b in sch["anyOf"] if b != {"type": "null"})
        inner = list(Draft202012Validator({**config.schema, **branch}).iter_errors(inst))
        if inner and inner[0].validator != "type":
            return [p for e in inner for p in _schema_problems(record, _rebase(e, path), config)]
        expected = _TYPES.get(branch.get("type"), "en værdi")
        return [Problem(record.rel, *where, field, f"forventede {expected} eller null, fik {_describe(inst)}.")]
    if v == "anyOf":
        message = "angiv enten 'report' (en kilderapport i content/sources) eller 'title', 'publisher' og 'year'."
        return [Problem(record.rel, *where, field, message)]
    if v == "enum":
        options = [str(o) for o in sch["enum"]]
        close = difflib.get_close_matches(str(inst), options, n=3, cutoff=0.5)
        hint = ("mente du " + " eller ".join(f"'{c}'" for c in close) + "?") if close else (
            "tilladte værdier: " + ", ".join(options[:20]) + ("…" if len(options) > 20 else "") + ".")
        return [Problem(record.rel, *where, field, f"'{inst}' er ikke en tilladt værdi.", hint)]
    if v == "type":
        expected = _TYPES.get(sch["type"], sch["type"]) if isinstance(sch["type"], str) else "en anden type"
        return [Problem(record.rel, *where, field, f"forventede {expected}, fik {_describe(inst)}.")]
    if v == "minLength":
        return [Problem(record.rel, *where, field, "må ikke være tom.")]
    if v == "minItems":
        options = sch.get("items", {}).get("enum")
        if options:
            hint = "tilladte værdier: " + ", ".join(map(str, options)) + "."
        elif field == "methods":
            slugs = sorted(p.stem for p in (config.content_dir / "methods").glob("*.md"))
            hint = ("skriv metodernes slugs fra content/methods/, fx [" + ", ".join(slugs[:3]) + "]; "
                    "alle metoder står på siden Metoder." if slugs else "")
        else:
            hint = ""
        return [Problem(record.rel, *where, field, f"listen skal have mindst {sch['minItems']} element(er).", hint)]
    if v == "uniqueItems":
        return [Problem(record.rel, *where, field, "listen indeholder den samme værdi to gange.")]
    if v == "pattern":
        if sch["pattern"].startswith("^[a-z0-9]"):
            return [Problem(record.rel, *where, field, f"'{inst}' er ikke et gyldigt slug (a-z, 0-9 og bindestreger).",
                            f"'{slug.slugify(str(inst))}'")]
        return [Problem(record.rel, *where, field, f"'{inst}' skal begynde med http:// eller https://.")]
    if v in ("minimum", "maximum", "maxLength"):
        return [Problem(record.rel, *where, field, f"værdien er uden for det tilladte ({v} {sch[v]}).")]
    return [Problem(record.rel, *where, field, error.message)]


def _rebase(error: ValidationError, path: tuple) -> ValidationError:
    error.path.extendleft(reversed(path))
    return error


def _describe(value) -> str:
    if value is None:
        return "null"
    kind = {str: "string", int: "integer", float: "number", list: "array", dict: "object", bool: "boolean"}
    return f"{_TYPES.get(kind.get(type(value), ''), type(value).__name__)} ({str(value)[:40]!r})"


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
