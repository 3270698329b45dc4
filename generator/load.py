"""Reading content files: bytes → front matter (with line positions) + Markdown body.

YAML is composed with a SafeLoader so that every value keeps its line; duplicate keys,
tabs and unsafe tags become problems instead of being accepted silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.config import KINDS
from generator.problems import Problem

MAX_BYTES = 256 * 1024
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


def content_files(content_dir: Path) -> list[tuple[Path, str]]:
    files = []
    for folder, kind in KINDS.items():
        directory = content_dir / folder
        if directory.is_dir():
            files += [(p, kind) for p in sorted(directory.iterdir()) if p.suffix == ".md" and p.is_file()]
    return files


def read(path: Path, kind: str, root: Path, positions: bool = False) -> tuple[SourceFile, list[Problem]]:
    """The file's front matter and body. The line table behind `where()` is only built with
    positions=True; without, `where()` reads the file again the first time it is asked,
    which only a file with a problem ever is (the table was 10 % of `check`)."""
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
        return record, [_yaml_problem(rel, err)]
    if node is None:
        return record, problem(2, "front matter er tom.")
    shared = _shared_node(node)
    if shared is not None:
        line, col = shared.start_mark.line + 2, shared.start_mark.column + 1
        return record, problem(line, "YAML-ankre og -aliaser (&navn og *navn) er ikke tilladt; skriv værdien ud "
                                     "hvert sted, den skal stå.", col)
    problems += _duplicate_keys(rel, node)
    if problems:
        return record, problems
    try:
        data = yaml.SafeLoader(front).construct_document(node)
    except yaml.YAMLError as err:
        return record, [_yaml_problem(rel, err)]
    if not isinstance(data, dict):
        return record, problem(2, "front matter skal være en YAML-mapping (nøgle: værdi).")
    record.data = data
    if positions:
        _positions(node, (), record)
    return record, []


_CLOADER = getattr(yaml, "CSafeLoader", None)


def _compose(front: str) -> yaml.Node | None:
    """Compose with libyaml when PyYAML has it: YAML scanning in pure Python was two thirds
    of `check` (about 4 ms a file; libyaml is 15× faster, same nodes and positions). On any
    error the pure-Python loader parses again, so reports keep PyYAML's messages."""
    if _CLOADER is not None:
        try:
            return yaml.compose(front, Loader=_CLOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(front, Loader=yaml.SafeLoader)


def _shared_node(root: yaml.Node) -> yaml.Node | None:
    """The first node reached twice, i.e. through a YAML alias. Content never needs
    aliases, and every later walk over the front matter would follow them again: ten
    short lines of nested aliases ("billion laughs") kept the check busy for hours."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None


def _yaml_problem(rel: str, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
    message = " ".join(str(getattr(err, "problem", None) or err).split())
    if isinstance(err, yaml.constructor.ConstructorError):
        message = f"ukendt eller usikkert YAML-tag ({message}); kun almindelige værdier er tilladt."
    return Problem(rel, line, col, "", f"ugyldig YAML: {message}")


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
