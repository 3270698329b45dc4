"""Reading content files: bytes → front matter (with line positions) + Markdown body.

YAML is composed with a SafeLoader so that every value keeps its line; duplicate keys,
tabs and unsafe tags become problems instead of being accepted silently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import yaml_errors
from generator.config import KINDS
from generator.problems import Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20  # levels of nesting; the schema's deepest value is at 5
Path_ = tuple  # a path into the front matter, e.g. ("results", 0, "value")


@dataclass
class SourceFile:
    path: Path
    rel: str
    kind: str
    slug: str
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at path, else of its nearest parent."""
        if not self.values and self.data:  # built on first use, see read()
            again, _ = read(self.path, self.kind, self.path.parents[len(Path(self.rel).parts) - 1], positions=True)
            self.values, self.keys = again.values, again.keys
        table = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            if path[:n] in table:
                return table[path[:n]]
        return (1, 1)

    def source_line(self, line: int) -> str:
        """The text of a line of the file (1-based), for suggestions that correct it."""
        lines = self.path.read_text("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else ""


def content_files(content_dir: Path) -> list[tuple[Path, str]]:
    files = []
    for folder, kind in KINDS.items():
        directory = content_dir / folder
        if directory.is_dir():
            files += [(p, kind) for p in sorted(directory.iterdir()) if p.suffix == ".md" and p.is_file()]
    return files


def read(path: Path, kind: str, root: Path, positions: bool = False,
         keys: Callable[[], frozenset[str]] = frozenset) -> tuple[SourceFile, list[Problem]]:
    """The file's front matter and body. The line table behind `where()` is only built with
    positions=True; without, `where()` reads the file again the first time it is asked,
    which only a file with a problem ever is (the table was 10 % of `check`). `keys()`, the
    schema's field names, helps word YAML syntax errors."""
    rel = path.relative_to(root).as_posix()
    record = SourceFile(path=path, rel=rel, kind=kind, slug=path.stem)

    def problem(line: int, message: str, col: int = 1, field_: str = "") -> list[Problem]:
        return [Problem(rel, line, col, field_, message)]

    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return record, problem(1, f"filen er {len(raw)} bytes; grænsen er {MAX_BYTES} bytes.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return record, problem(line, f"filen er ikke gyldig UTF-8 (byte 0x{raw[err.start]:02x}). Gem den som UTF-8.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return record, problem(
            1, "filen skal begynde med front matter: en linje med '---', YAML og en linje med '---'.")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return record, problem(1, "front matter åbnes på linje 1, men lukkes aldrig med en linje med '---'.")
    front = "\n".join(lines[1:end])
    record.body = "\n".join(lines[end + 1 :])
    record.body_line = end + 2

    problems = [
        Problem(rel, n + 2, line.index("\t") + 1, "", "tabulator i YAML; brug mellemrum til indrykning.")
        for n, line in enumerate(lines[1:end])
        if "\t" in line
    ]
    if problems:
        return record, problems
    try:
        node = _compose(front)
    except yaml.YAMLError as err:
        return record, [_yaml_problem(rel, err, lines[1:end], keys)]
    except RecursionError:
        return record, problem(2, f"front matter er indlejret for dybt; højst {MAX_DEPTH} niveauer er tilladt.")
    if node is None:
        return record, problem(2, "front matter er tom.")
    unsupported = _unsupported(node, tags="!" in front)
    if unsupported is not None:
        bad, message, hint = unsupported
        return record, [Problem(rel, bad.start_mark.line + 2, bad.start_mark.column + 1, "", message, hint)]
    problems += _duplicate_keys(rel, node)
    if problems:
        return record, problems
    try:
        data = _Loader(front).construct_document(node)
    except yaml.YAMLError as err:
        return record, [_yaml_problem(rel, err, lines[1:end], keys)]
    if not isinstance(data, dict):
        return record, problem(2, "front matter skal bestå af felter på formen 'navn: værdi', ét pr. linje.")
    record.data = data
    if positions:
        _positions(node, (), record)
    return record, []


def _without_timestamps(loader: type) -> type:
    """A safe loader that reads 2019-01-01 as the text it is: no field holds a date, and a
    date object where the schema expects text or a number is an error to report, not a
    value to pass on (jsonschema-rs cannot even compare it)."""
    resolvers = {first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
                 for first, entries in loader.yaml_implicit_resolvers.items()}
    return type(f"Dateless{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


_Loader = _without_timestamps(yaml.SafeLoader)
_CLOADER = _without_timestamps(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else None


def _compose(front: str) -> yaml.Node | None:
    """Compose with libyaml when PyYAML has it: YAML scanning in pure Python was two thirds
    of `check` (about 4 ms a file; libyaml is 15× faster, same nodes and positions). On any
    error the pure-Python loader parses again, so reports keep PyYAML's marks."""
    if _CLOADER is not None:
        try:
            return yaml.compose(front, Loader=_CLOADER)
        except yaml.YAMLError as err:
            if "maximum nesting depth" in str(err):  # PyYAML would only recurse until Python gives up
                raise RecursionError from err
    return yaml.compose(front, Loader=_Loader)


_RESOLVER = _Loader("")
_TEXT = "tag:yaml.org,2002:str"


def _explicit_tag(node: yaml.Node) -> bool:
    """True if the node carries a tag written in the file (`!!binary`, `!!int abc`,
    `!python/…`) rather than the one YAML infers from the value."""
    if isinstance(node, yaml.ScalarNode):
        implicit = (not node.style, bool(node.style))  # plain: None (PyYAML) or "" (libyaml)
        return node.tag != _RESOLVER.resolve(yaml.ScalarNode, node.value, implicit)
    return node.tag != _RESOLVER.resolve(type(node), None, True)


def _unsupported(root: yaml.Node, tags: bool = True) -> tuple[yaml.Node, str, str] | None:
    """The first node content never needs, with what to say about it: one reached twice
    (a YAML alias: ten short lines of nested aliases, a "billion laughs", kept the check
    busy for hours), one nested deeper than MAX_DEPTH (every later stage recurses), a tag
    written out (`!!binary`, `!!int abc`, `!!python/…`: plain values never need one; only
    looked for when the text has a '!') or a field name that is not text."""
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return node, ("YAML-ankre og -aliaser (&navn og *navn) er ikke tilladt; skriv værdien ud hvert sted, "
                          "den skal stå."), ""
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return node, (f"værdien er indlejret mere end {MAX_DEPTH} niveauer dybt (lister i lister); skriv den "
                          "som tekst eller en enkel liste."), ""
        if tags and _explicit_tag(node):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            return node, (f"ugyldig YAML: ukendt eller usikkert YAML-tag ({tag}); kun almindelige værdier er "
                          "tilladt."), "fjern tagget (det, der begynder med '!'), eller sæt værdien i anførselstegn."
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.tag != _TEXT and not (tags and _explicit_tag(key)):
                    shape = "et tal, true/false eller null" if isinstance(key, yaml.ScalarNode) else \
                        "en liste eller en gruppe"
                    return key, f"feltnavnet skal være et ord; YAML læser det som {shape}.", ""
                stack += [(key, depth + 1), (value, depth + 1)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(n, depth + 1) for n in node.value]
    return None


def _yaml_problem(rel: str, err: yaml.YAMLError, lines: list[str], keys: Callable[[], frozenset[str]]) -> Problem:
    found = yaml_errors.explain(err, lines, keys())
    return Problem(rel, found.line + 2, found.col + 1, "", f"ugyldig YAML: {found.message}", found.suggestion)


def _duplicate_keys(rel: str, node: yaml.Node, path: tuple = ()) -> list[Problem]:
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name in seen:
                problems.append(Problem(
                    rel, key.start_mark.line + 2, key.start_mark.column + 1, ".".join(map(str, (*path, name))),
                    f"nøglen '{name}' står to gange (første gang linje {seen[name]}); "
                    "YAML ville stille og roligt bruge den sidste.",
                ))
            else:
                seen[name] = key.start_mark.line + 2
            problems += _duplicate_keys(rel, value, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += _duplicate_keys(rel, item, (*path, i))
    return problems


def _positions(node: yaml.Node, path: tuple, record: SourceFile) -> None:
    record.values[path] = (node.start_mark.line + 2, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            record.keys[sub] = (key.start_mark.line + 2, key.start_mark.column + 1)
            _positions(value, sub, record)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, (*path, i), record)
