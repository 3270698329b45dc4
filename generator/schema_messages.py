"""Schema errors in a contributor's words: at the line that causes them, saying what the
field must hold (read from the schema, so the advice is right for that field: `null` is
only offered where the schema allows it) and, where it can be derived, the corrected
line or value.

jsonschema reports each failed keyword on its own; a misspelt key comes back twice (an
unknown key and a missing one), so the errors of one record are read together."""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator.config import SiteConfig
from generator.load import SourceFile
from generator.numbers import count, number
from generator.problems import Problem
from generator.yaml_errors import quote

_SHAPES = {str: "tekst", int: "et heltal", float: "et tal", list: "en liste", dict: "en gruppe af felter",
           bool: "true/false", type(None): "null"}
_YAML_BOOLEANS = "yes, no, on, off, true og false"


def problems(record: SourceFile, config: SiteConfig, errors: list[ValidationError],
             skip: set[tuple] = frozenset()) -> list[Problem]:
    """Problems for all schema errors of one record. `skip`: (path, keyword) pairs another
    check words better (a method written by name is the reference check's to answer)."""
    words = _Words(record, config)
    unknown: dict[tuple, list] = defaultdict(list)
    missing: dict[tuple, list[tuple[str, ValidationError]]] = defaultdict(list)
    out = []
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        path = tuple(error.absolute_path)
        if (path, error.validator) in skip or (path in mistyped and error.validator not in ("type", "anyOf")):
            continue
        if error.validator == "additionalProperties":
            unknown[path] += [k for k in error.instance if k not in error.schema.get("properties", {})]
        elif error.validator == "required":
            missing[path].append((error.message.split("'")[1], error))
        else:
            out += words.error(error)
    settled: set[tuple] = set()  # (group path, field): a missing field found misspelt or misplaced
    for path, keys in unknown.items():
        found, moved = words.unknown(path, keys, [name for name, _ in missing.get(path, [])])
        out += found
        settled |= moved
    for path, fields in missing.items():
        out += [words.missing(path, name, error.schema["properties"][name])
                for name, error in fields if (path, name) not in settled]
    return out


class _Words:
    def __init__(self, record: SourceFile, config: SiteConfig):
        self.record, self.config, self.root = record, config, config.schema

    # --- where -----------------------------------------------------------------------
    def at(self, path: tuple, value=None) -> tuple[int, int]:
        """A scalar's own position; a list's or group's key, which is where a reader looks."""
        if isinstance(value, dict | list) and path and isinstance(path[-1], str):
            return self.record.where(path, key=True)
        return self.record.where(path)

    def parent_line(self, path: tuple) -> tuple[int, int]:
        """Where a field missing from the group at `path` belongs: the group's key line,
        the list item's dash line, or the front matter's first line."""
        if not path:
            return (1, 1)
        if isinstance(path[-1], str):
            return self.record.where(path, key=True)
        line, col = self.record.where(path)
        return (line, max(col - 2, 1))

    def problem(self, path: tuple, message: str, suggestion: str = "", where: tuple[int, int] | None = None,
                value=None) -> Problem:
        line, col = where or self.at(path, value)
        return Problem(self.record.rel, line, col, dotted(path), message, suggestion)

    # --- unknown and missing fields ----------------------------------------------------
    def unknown(self, path: tuple, keys: list, needed: list[str]) -> tuple[list[Problem], set[tuple]]:
        """Unknown fields of the group at `path`, and the missing fields they account for:
        a misspelling of a missing field, or a field indented one step wrong."""
        out, settled = [], set()
        group = schema_at(self.root, self.record.kind, path) or {}
        allowed = list(group.get("properties", {}))
        for key in keys:
            name = str(key)
            where = self.record.where((*path, key), key=True)
            right = _closest(name, needed) or _closest(name, allowed)
            if right:
                settled.add((path, right))
                fixed = self._renamed(where, name, right)
                out.append(self.problem((*path, key), f"ukendt felt '{name}'; feltet hedder '{right}'.",
                                        fixed or f"mente du '{right}'?", where))
                continue
            moved = self._misplaced(path, key, where)
            if moved:
                out.append(moved[0])
                settled.add((moved[1], key))
                continue
            out.append(self.problem((*path, key), f"ukendt felt '{name}'.",
                                    "tilladte felter her: " + ", ".join(allowed) + ".", where))
        return out, settled

    def _renamed(self, where: tuple[int, int], old: str, new: str) -> str:
        row = self.record.source_line(where[0])
        start = where[1] - 1
        if row[start:start + len(old) + 1] != f"{old}:":
            return ""
        return row[:start] + new + row[start + len(old):]

    def _misplaced(self, path: tuple, key, where: tuple[int, int]) -> tuple[Problem, tuple] | None:
        """A field that belongs one level in or out: indented one step wrong."""
        data = _get(self.record.data, path)
        names = list(data) if isinstance(data, dict) else []
        before = names[:names.index(key)] if key in names else []
        row = self.record.source_line(where[0])
        for sibling in reversed(before):
            inner = schema_at(self.root, self.record.kind, (*path, sibling)) or {}
            if key in inner.get("properties", {}) and isinstance(data[sibling], dict) and data[sibling]:
                first = next(iter(data[sibling]))
                col = self.record.where((*path, sibling, first), key=True)[1]
                spaces = count(col - 1, "mellemrum", "mellemrum")
                return self.problem((*path, key), f"feltet '{key}' hører til under '{sibling}'; ryk det ind, så det "
                                                  f"står lige under '{first}' ({spaces} fra venstre).",
                                    " " * (col - 1) + row.lstrip(), where), (*path, sibling)
        if path and isinstance(path[-1], str):
            outer = schema_at(self.root, self.record.kind, path[:-1]) or {}
            if key in outer.get("properties", {}):
                col = self.record.where(path, key=True)[1]
                return self.problem((*path, key), f"feltet '{key}' hører ikke til under '{path[-1]}', men ved siden "
                                                  f"af; ryk det ud, så det står lige under '{path[-1]}' "
                                                  f"({count(col - 1, 'mellemrum', 'mellemrum')} fra venstre).",
                                    " " * (col - 1) + row.lstrip(), where), path[:-1]
        return None

    def missing(self, path: tuple, name: str, node: dict) -> Problem:
        node = resolve(self.root, node)
        under = f" under '{dotted(path)}'" if path else ""
        text = f"det påkrævede felt '{name}' mangler{under}. Det skal være {expected(self.root, node)}."
        text += _described(node)
        if not nullable(node):
            text += " Feltet skal udfyldes; null er ikke tilladt her."
        value = skeleton(self.root, node)
        return Problem(self.record.rel, *self.parent_line(path), dotted((*path, name)), text,
                       f"{name}: {value}" if value else "")

    # --- everything else ---------------------------------------------------------------
    def error(self, error: ValidationError, null_too: bool = False) -> list[Problem]:
        path, inst, sch, v = tuple(error.absolute_path), error.instance, error.schema, error.validator
        if v == "anyOf" and any(b == {"type": "null"} for b in sch["anyOf"]):
            branch = next(b for b in sch["anyOf"] if b != {"type": "null"})
            inner = Draft202012Validator({**self.root, **branch}).iter_errors(inst)
            return [p for e in inner for p in self.error(_rebase(e, path), null_too=True)]
        if v == "anyOf":
            return [self._source_shape(path, inst)]
        if v == "type":
            return [self._type(path, inst, sch, null_too)]
        if v == "enum":
            return [self._enum(path, inst, sch)]
        if v == "minLength":
            return [self.problem(path, "må ikke være tom.")]
        if v == "maxLength":
            return [self.problem(path, f"teksten er for lang: højst {sch['maxLength']} tegn.")]
        if v == "minItems":
            return [self._too_few(path, sch)]
        if v == "uniqueItems":
            seen = list(dict.fromkeys(map(_plain, inst)))
            twice = next((x for x in inst if inst.count(x) > 1), "")
            return [self.problem(path, f"listen indeholder {_plain(twice)!r} to gange.",
                                 f"{path[-1]}: [{', '.join(seen)}]" if isinstance(path[-1], str) else "", value=inst)]
        if v == "pattern":
            return [self._url(path, inst)]
        if v in ("minimum", "maximum"):
            return [self._range(path, inst, sch, v)]
        return [self.problem(path, f"værdien er ikke tilladt her; den skal være {expected(self.root, sch)}.")]

    def _type(self, path: tuple, inst, sch: dict, null_too: bool) -> Problem:
        want = {**sch, "anyOf": [sch, {"type": "null"}]} if null_too else sch
        text = f"forventede {expected(self.root, want)}, fik {describe(inst)}."
        wanted = sch.get("type")
        name = path[-1] if path and isinstance(path[-1], str) else None
        line = self.at(path, inst)
        suggestion = ""
        if wanted == "string" and isinstance(inst, dict) and len(inst) == 1:
            text = ("et kolon efterfulgt af mellemrum gør teksten til et felt (navn: værdi); sæt teksten i "
                    "anførselstegn.")
            key, value = next(iter(inst.items()))
            suggestion = self._with_value(path, quote(f"{key}: {value}"))
        elif wanted == "string" and isinstance(inst, bool):
            text += f" YAML læser {_YAML_BOOLEANS} som true/false; sæt teksten i anførselstegn."
            suggestion = self._requoted(line[0])
        elif wanted == "string" and isinstance(inst, int | float):
            text += " Sæt teksten i anførselstegn, så den ikke læses som et tal."
            suggestion = self._requoted(line[0])
        elif wanted == "string" and inst is None:
            text = "feltet er tomt. Det skal være tekst." + _described(sch)
        elif wanted == "array" and isinstance(inst, str):
            items = _split_list(inst)
            if " - " in inst:
                text += (" Listepunkterne er blevet til én tekst, fordi et '- ' er rykket længere ind end det "
                         "første; skriv listen på én linje.")
            suggestion = f"{name}: [{', '.join(items)}]" if name else ""
        elif wanted == "array" and path == ("methods",):
            suggestion = self._too_few(path, {"minItems": 1}).suggestion
        elif wanted == "array" and name:
            example = self._example_list(path)
            suggestion = f"{name}: [{', '.join(example)}]" if example else ""
        elif wanted == "object":
            text = (f"'{dotted(path)}' skal være {expected(self.root, want)}, ikke {describe(inst, short=True)}.")
            suggestion = self._object_from(path, inst, sch)
        elif wanted in ("number", "integer") and isinstance(inst, str):
            number = re.fullmatch(r"\s*(-?\d+)(?:[.,](\d+))?\s*%?\s*", inst)
            if number:
                figure = number[1] + (f".{number[2]}" if number[2] else "")
                if wanted == "number" or not number[2]:
                    text += " Skriv kun tallet, med punktum som decimaltegn; enheden står i 'unit'."
                    suggestion = f"{name}: {figure}" if name else figure
        return Problem(self.record.rel, *line, dotted(path), text, suggestion)

    def _requoted(self, line: int) -> str:
        row = self.record.source_line(line)
        match = re.match(r"^( *(?:- +)*)([A-Za-z_][\w-]*): +(.+?)\s*$", row)
        return f"{match[1]}{match[2]}: {quote(match[3])}" if match else ""

    def _with_value(self, path: tuple, value: str) -> str:
        return f"{path[-1]}: {value}" if isinstance(path[-1], str) else f"- {value}"

    def _object_from(self, path: tuple, inst, sch: dict) -> str:
        """The group written out from what the contributor wrote, e.g. period: 2019–2021 →
        period: {start: 2019, end: 2021}: numbers fill the required number fields in order."""
        name = path[-1] if path and isinstance(path[-1], str) else None
        required = [(k, resolve(self.root, sch["properties"][k])) for k in sch.get("required", [])]
        if not name or not required:
            return ""
        numbers = [int(n) for n in re.findall(r"\d+", str(inst))] if isinstance(inst, str | int) else \
            [n for n in inst if isinstance(n, int) and not isinstance(n, bool)] if isinstance(inst, list) else []
        parts = []
        for key, node in required:
            fits = [n for n in numbers if _fits(self.root, node, n)]
            if fits and (_accepts(node, "integer") or _accepts(node, "number")):
                parts.append(f"{key}: {fits[0]}")
                numbers = numbers[numbers.index(fits[0]) + 1:]
                continue
            value = skeleton(self.root, node)
            if value is None:
                return ""
            parts.append(f"{key}: {value}")
        return f"{name}: {{{', '.join(parts)}}}"

    def _enum(self, path: tuple, inst, sch: dict) -> Problem:
        options = [str(o) for o in sch["enum"]]
        text = f"'{_plain(inst)}' er ikke en tilladt værdi."
        regions = set(self.config.regions.values())
        if path[:1] == ("municipalities",) and isinstance(inst, str):
            municipalities = [m for m in _get(self.record.data, path[:-1]) if m != inst]
            if inst in regions or f"Region {inst}" in regions:
                kept = ", ".join(map(str, municipalities))
                text = (f"'{inst}' er en region, ikke en kommune. Skriv kommunerne; regionen udledes af dem "
                        "(site_config/municipalities.yml).")
                area = "" if "area" in self.record.data or any(
                    self.config.regions.get(m) in (inst, f"Region {inst}") for m in municipalities) else \
                    f" og en ny linje area: {inst}"
                return self.problem(path, text, f"municipalities: [{kept}]{area}")
            bare = re.sub(r"s? [Kk]ommune$", "", inst)
            for candidate in (inst.replace(" Kommune", ""), bare):
                if candidate in options:
                    return self.problem(path, f"{text} Skriv kun kommunens navn.", candidate)
        if isinstance(inst, str) and " - " in inst and all(p in options for p in inst.split(" - ")):
            items = [_plain(x) for x in _get(self.record.data, path[:-1])]
            items[path[-1]:path[-1] + 1] = inst.split(" - ")
            return self.problem(path, f"{text} To listepunkter er blevet til én tekst, fordi et '- ' er rykket "
                                      "længere ind end punktet over det; skriv listen på én linje.",
                                f"{path[-2]}: [{', '.join(items)}]" if isinstance(path[-2], str) else "")
        folded = {o.casefold(): o for o in options}
        close = [folded[str(inst).casefold()]] if str(inst).casefold() in folded else \
            difflib.get_close_matches(str(inst), options, n=3, cutoff=0.5)
        if len(close) == 1:
            return self.problem(path, text, close[0])
        hint = ("mente du " + " eller ".join(f"'{c}'" for c in close) + "?") if close else (
            "tilladte værdier: " + ", ".join(options[:20]) + ("…" if len(options) > 20 else "") + ".")
        return self.problem(path, text, hint)

    def _too_few(self, path: tuple, sch: dict) -> Problem:
        n = sch["minItems"]
        text = f"listen skal have mindst {count(n, 'værdi', 'værdier')}."
        example = self._example_list(path)
        name = path[-1] if path and isinstance(path[-1], str) else None
        if path == ("methods",) and example:
            hint = (f"skriv metodernes slugs fra content/methods/, fx methods: [{', '.join(example)}]; alle metoder "
                    "står på siden Metoder.")
        elif example and name:
            hint = f"{name}: [{', '.join(example)}]"
        else:
            hint = ""
        return self.problem(path, text, hint, value=[])

    def _example_list(self, path: tuple) -> list[str]:
        items = resolve(self.root, (schema_at(self.root, self.record.kind, path) or {}).get("items", {}))
        if "enum" in items:
            return [str(o) for o in items["enum"][:2]]
        if path in (("methods",), ("related",)):
            return sorted(p.stem for p in (self.config.content_dir / "methods").glob("*.md"))[:2]
        if path == ("sources",):
            reports = sorted(p.stem for p in (self.config.content_dir / "sources").glob("*.md"))
            return [f'{{report: {reports[0]}, location: "…"}}'] if reports else []
        return []

    def _source_shape(self, path: tuple, inst) -> Problem:
        own = ("title", "publisher", "year")
        if isinstance(inst, dict) and any(k in inst for k in own):
            lacking = [k for k in own if k not in inst]
            node = schema_at(self.root, self.record.kind, path) or {}
            hints = [f"{k}: {skeleton(self.root, node['properties'][k]) or ''}".rstrip() for k in lacking]
            return self.problem(path, "en kilde uden 'report' skal have 'title', 'publisher' og 'year'; her mangler "
                                      + " og ".join(f"'{k}'" for k in lacking) + ".", " og ".join(hints),
                                where=self.parent_line(path))
        return self.problem(path, "angiv enten 'report' (slug på en kilderapport i content/sources) eller 'title', "
                                  "'publisher' og 'year'.", where=self.parent_line(path))

    def _url(self, path: tuple, inst) -> Problem:
        text = f"'{inst}' skal begynde med http:// eller https://."
        suggestion = f"https://{inst}" if isinstance(inst, str) and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", inst) else ""
        return self.problem(path, text, suggestion)

    def _range(self, path: tuple, inst, sch: dict, keyword: str) -> Problem:
        """Worded as the contribution form words it (site_config/form.yml, messages)."""
        if keyword == "minimum":
            return self.problem(path, f"{inst} er for lille; mindst {sch['minimum']} er tilladt.")
        return self.problem(path, f"{inst} er for stort; højst {sch['maximum']} er tilladt.")


# --- reading the schema -------------------------------------------------------------------
def resolve(root: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def nullable(node: dict) -> bool:
    return any(b == {"type": "null"} for b in node.get("anyOf", []))


def non_null(root: dict, node: dict) -> dict:
    """The one branch of `anyOf: [X, null]` that is not null."""
    node = resolve(root, node)
    if nullable(node):
        return resolve(root, next(b for b in node["anyOf"] if b != {"type": "null"}))
    return node


def schema_at(root: dict, kind: str, path: tuple) -> dict | None:
    node = root["$defs"][kind]
    for part in path:
        node = non_null(root, node)
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if node is None:
            return None
    return resolve(root, node)


def _accepts(node: dict, kind: str) -> bool:
    return node.get("type") == kind or any(b.get("type") == kind for b in node.get("anyOf", []))


def _fits(root: dict, node: dict, n: int) -> bool:
    inner = non_null(root, node)
    return inner.get("minimum", -math.inf) <= n <= inner.get("maximum", math.inf)


def expected(root: dict, node: dict) -> str:
    """What a valid value is, in Danish: 'et heltal fra 1950 til 2100 eller null (ikke oplyst)'."""
    node = resolve(root, node)
    if nullable(node):
        return f"{expected(root, non_null(root, node))} eller null (ikke oplyst)"
    if "enum" in node:
        options = [str(o) for o in node["enum"]]
        return "en af " + ", ".join(options[:12]) + ("…" if len(options) > 12 else "")
    kind = node.get("type")
    if kind == "string":
        pattern = node.get("pattern", "")
        if pattern.startswith("^[a-z0-9]"):
            return "et slug (små bogstaver a-z, cifre og bindestreger)"
        if pattern.startswith("^https?"):
            return "en adresse, der begynder med https:// eller http://"
        return "tekst"
    if kind == "integer":
        lo, hi = node.get("minimum"), node.get("maximum")
        if lo is not None and hi is not None:
            return f"et heltal fra {_year_or_whole(lo)} til {_year_or_whole(hi)}"
        return f"et heltal på mindst {lo}" if lo is not None else "et heltal"
    if kind == "number":
        return "et tal (med punktum som decimaltegn)"
    if kind == "array":
        n = node.get("minItems", 0)
        items = resolve(root, node.get("items", {}))
        what = "en liste" + (f" med mindst {count(n, 'værdi', 'værdier')}" if n else "")
        if "enum" in items:
            return what + " fra de tilladte værdier (fx " + ", ".join(map(str, items["enum"][:2])) + ")"
        if items.get("type") == "object":
            return what + ", ét '- ' pr. punkt med felterne " + ", ".join(f"{k}:" for k in items.get("required", []))
        return what
    if kind == "object":
        required = node.get("required", [])
        optional = [k for k in node.get("properties", {}) if k not in required]
        text = "en gruppe af felter: " + ", ".join(f"{k}:" for k in required)
        return text + (" (og evt. " + ", ".join(f"{k}:" for k in optional) + ")" if optional else "")
    return "en værdi"


def skeleton(root: dict, node: dict) -> str | None:
    """A value that passes the schema, where one follows from it: null where null is
    allowed, [] for an optional list, "…" (to fill in) for text, a group of those."""
    node = resolve(root, node)
    if nullable(node):
        return "null"
    if "enum" in node or "anyOf" in node:
        return None
    kind = node.get("type")
    if kind == "string":
        return None if "pattern" in node else '"…"'
    if kind == "array":
        return "[]" if not node.get("minItems") else None
    if kind == "object":
        parts = []
        for key in node.get("required", []):
            value = skeleton(root, node["properties"][key])
            if value is None:
                return None
            parts.append(f"{key}: {value}")
        return "{" + ", ".join(parts) + "}"
    return None


def _year_or_whole(n: int) -> str:
    return str(n) if 1000 <= n <= 9999 else number(n)


def _described(node: dict) -> str:
    text = node.get("description", "")
    return f" {text}" if text else ""


# --- small helpers ------------------------------------------------------------------------
def describe(value, short: bool = False) -> str:
    shape = _SHAPES.get(type(value), type(value).__name__)
    if value is None or short or isinstance(value, dict | list | bool):
        return shape
    return f"{shape} ({str(value)[:40]!r})"


def _closest(name: str, options: list[str]) -> str | None:
    folded = {o.casefold(): o for o in options}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _split_list(text: str) -> list[str]:
    parts = re.split(r"\s+-\s+|\s*,\s*", text.strip())
    return [p for p in (s.strip() for s in parts) if p]


def _plain(value) -> str:
    return str(value)


def _get(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _rebase(error: ValidationError, path: tuple) -> ValidationError:
    error.path.extendleft(reversed(path))
    return error


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
