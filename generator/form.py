"""The form on /bidrag/formular/ that writes a project file, computed at build time.

What each field is (text, whole number, a choice), whether it is required, its limits and
its allowed values come from the JSON Schema and the vocabularies' Danish labels;
site_config/form.yml gives the sections, labels and plain hints; the commented template
(site_config/scaffold/project.md) gives the file's key order and the keys a new file
always shows. The browser (site_config/assets/formular.js) validates against the same
schema and writes the file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from generator import load, markup, schema_messages, slug, validate
from generator.config import KINDS, SiteConfig, read_yaml
from generator.model import Catalogue
from generator.ordering import danish

KIND = "project"
URL_LIMIT = 8000  # characters: longer GitHub addresses fail in some browsers and proxies
_NULL_SENTENCE = re.compile(r"[^.]*\bnull\b[^.]*\.\s*")
_TEMPLATE_KEY = re.compile(r"^(\s*)(-\s+)?([a-z_]+):(\s|$)")
_BODY_HEADING = re.compile(r"^## (.+)$", re.M)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Field:
    path: str  # dotted; inside a repeatable group relative to the item
    label: str
    hint: str
    control: str  # text | textarea | integer | number | radios | select | checkboxes | combobox | lines | output
    need: str  # must: a value is required | known: required, empty means "not stated" | optional
    nullable: bool = False
    options: tuple[Option, ...] = ()
    choices: str = ""  # the list a combobox offers: methods | municipalities
    example: str = ""

    @property
    def key(self) -> str:
        return self.path.replace(".", "-")


@dataclass(frozen=True)
class Variant:
    value: str
    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    group: str = ""  # a repeatable group: the schema array its items go into
    item: str = ""
    add: str = ""
    min_items: int = 0
    variant_label: str = ""
    variants: tuple[Variant, ...] = ()

    def _in_variant(self, f: Field) -> bool:
        return any(f.path in v.fields for v in self.variants)

    @property
    def main(self) -> list[Field]:
        return [f for f in self.fields if f.need != "optional" and not self._in_variant(f)]

    @property
    def folded(self) -> list[Field]:
        return [f for f in self.fields if f.need == "optional" and not self._in_variant(f)]

    def variant_fields(self, variant: Variant) -> list[Field]:
        return [f for f in self.fields if f.path in variant.fields]


@dataclass(frozen=True)
class BodySection:
    key: str
    heading: str
    hint: str


class Form:
    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.config: SiteConfig = catalogue.config
        self.spec = read_yaml(self.config.root / "site_config" / "form.yml")
        self.texts = self.spec["texts"]
        self.template = (self.config.root / "site_config" / "scaffold" / f"{KIND}.md").read_text("utf-8")

    @cached_property
    def sections(self) -> list[Section]:
        return [self._section(s) for s in self.spec["sections"]]

    @cached_property
    def body(self) -> list[BodySection]:
        """One text field per `## ` section of the template's body; its text is the hint."""
        body = self.template.split("\n---\n", 1)[1]
        parts = _BODY_HEADING.split(body)[1:]
        return [BodySection(f"body-{n}", heading.strip(), " ".join(text.split()))
                for n, (heading, text) in enumerate(zip(parts[::2], parts[1::2], strict=True))]

    def _section(self, spec: dict) -> Section:
        raw = self.config.raw_schema
        group = spec.get("group", "")
        if group:
            array = raw["$defs"][KIND]["properties"][group]
            root, min_items = schema_messages.resolve(raw, array["items"]), array.get("minItems", 0)
        else:
            root, min_items = raw["$defs"][KIND], 0
        branches = {k for b in root.get("anyOf", []) for k in b.get("required", [])}
        variants = spec.get("variants") or {}
        return Section(
            id=spec["id"], title=spec["title"], intro=spec.get("intro", ""),
            fields=tuple(self._field(root, path, options, branches) for path, options in spec["fields"].items()),
            group=group, item=spec.get("item", ""), add=spec.get("add", ""), min_items=min_items,
            variant_label=variants.get("label", ""),
            variants=tuple(Variant(k, v["label"], tuple(v["fields"])) for k, v in variants.get("options", {}).items()),
        )

    def _field(self, root: dict, path: str, spec: dict, branch_required: set[str]) -> Field:
        raw = self.config.raw_schema
        node, required = root, True
        for part in path.split("."):
            node = schema_messages.resolve(raw, node)
            required = required and (part in node.get("required", []) or part in branch_required)
            node = node["properties"][part]
        description = node.get("description", "")
        nullable = schema_messages.nullable(node)
        node = schema_messages.non_null(raw, node)
        kind = node.get("type")
        items = schema_messages.resolve(raw, node.get("items", {}))
        if not required:
            need = "optional"
        elif nullable or (kind == "array" and not node.get("minItems")):
            need = "known"
        else:
            need = "must"

        options: tuple[Option, ...] = ()
        choices = spec.get("choices", "")
        vocabulary = node.get("x-vocabulary") or items.get("x-vocabulary")
        if choices in ("methods", "municipalities") or (vocabulary and len(self.config.vocabularies[vocabulary]) > 20):
            control, choices = "combobox", choices or vocabulary
        elif kind == "array" and vocabulary:
            control, options = "checkboxes", self._options(vocabulary)
        elif kind == "array":
            control = "lines"
        elif vocabulary:
            options = self._options(vocabulary)
            control = "radios" if need == "must" and len(options) <= 5 else "select"
        elif choices == "sources":
            control = "select"
            options = tuple(Option(s.slug, f"{s.short_title} ({s.year})" if s.year else s.short_title)
                            for s in sorted(self.cat.sources.values(), key=lambda s: danish(s.short_title)))
        elif kind in ("integer", "number"):
            control = kind
        else:
            control = "textarea" if (node.get("maxLength") or 0) >= 1000 else "text"
        control = "output" if spec.get("computed") else spec.get("control", control)

        hint = spec.get("hint") or _NULL_SENTENCE.sub("", description).strip()
        if need == "known" and control not in ("checkboxes", "combobox", "radios", "output"):
            hint = f"{hint} {self.texts['blank']}".strip()
        return Field(path=path, label=spec["label"], hint=hint, control=control, need=need, nullable=nullable,
                     options=options, choices=choices, example=str(spec.get("example", "")))

    def _options(self, vocabulary: str) -> tuple[Option, ...]:
        meanings = self.config.documentation.get("axis_meaning", {}).get(vocabulary, {})
        return tuple(Option(value, label, meanings.get(value, ""))
                     for value, label in self.config.vocabularies[vocabulary].items())

    @cached_property
    def data(self) -> dict:
        """Everything formular.js needs, embedded in the page as JSON."""
        cfg, site, doc = self.config, self.config.site, self.config.documentation
        order, always = template_order(self.template)
        return {
            "schema": {**cfg.schema, "$ref": f"#/$defs/{KIND}"},
            "order": order,
            "always": always,
            "fixed": self.spec.get("fixed", {}),
            "matrix": doc["matrix"], "unknown": doc["unknown"], "unknown_level": doc["unknown_level"],
            "levels": cfg.vocabularies["levels"],
            "methods": [{"value": m.slug, "label": m.title, "aliases": list(m.aliases)}
                        for m in sorted(self.cat.methods.values(), key=lambda m: danish(m.title))],
            "municipalities": [{"value": m, "label": m, "aliases": []} for m in sorted(cfg.regions)],
            "existing": sorted(self.cat.projects),
            "slug_limit": slug.LIMIT,
            "reserved": sorted(slug.RESERVED),
            "max_bytes": load.MAX_BYTES,
            "patterns": {
                "html": [validate._HTML_IN_TEXT.pattern, "i"], "control": [validate._CONTROL.pattern, ""],
                "fence": [markup._FENCE.pattern, ""], "code": [markup._CODE_SPAN.pattern, "g"],
                "tag": [markup._TAG.pattern, ""], "inline_link": [markup._INLINE_LINK.pattern, "g"],
                "ref_def": [markup._REF_DEF.pattern, "g"], "autolink": [markup._AUTOLINK.pattern, "g"],
                "scheme": [markup._SCHEME.pattern, ""],
            },
            "schemes": sorted(markup.ALLOWED_SCHEMES),
            "messages": self.spec["messages"],
            "texts": self.texts,
            "body": [{"key": b.key, "heading": b.heading} for b in self.body],
            "folder": "content/" + next(folder for folder, kind in KINDS.items() if kind == KIND),
            "new_file": f"{site['repository']}/new/main",
            "email": site["organisation"]["email"],
            "url_limit": URL_LIMIT,
        }

    @property
    def data_json(self) -> Markup:
        """The data as JSON that is safe inside <script type="application/json">."""
        text = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def template_order(text: str) -> tuple[dict[str, list[str]], list[str]]:
    """The key order of the commented template, per mapping (prefix '' for the top,
    'period', 'results[]', 'results[].benchmark', …), and the paths of the keys it shows
    uncommented outside lists (a new file always has them, e.g. `partners: []`).

    Commented keys count too (`# budget:`, `#  - indicator: job`): the template shows
    every field. Variants of one list's items (a source with `title` or with `report`)
    are merged so that each keeps its own order."""
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    seen: list[tuple[int, str, str]] = []  # (key column, prefix, path) of each key line
    sequences: dict[str, list[list[str]]] = {}
    always: list[str] = []
    for raw in front.split("\n"):
        commented = raw.lstrip().startswith("#")
        line = raw
        if commented:
            i = raw.index("#")
            line = raw[:i] + raw[i + 1:].removeprefix(" ")
        m = _TEMPLATE_KEY.match(line)
        if not m:
            continue
        dash, key = len(m.group(1)), m.group(3)
        column = dash + len(m.group(2) or "")
        if m.group(2):  # "- key": the first key of a new list item
            parent = next((s for s in reversed(seen) if s[0] <= dash), None)
            prefix = f"{parent[2]}[]" if parent else ""
            sequences.setdefault(prefix, []).append([])
        else:
            prefix = ""
            for col, pre, path in reversed(seen):
                if col == column:
                    prefix = pre
                    break
                if col < column:
                    prefix = path
                    break
            if not sequences.get(prefix):
                sequences.setdefault(prefix, []).append([])
        path = f"{prefix}.{key}" if prefix else key
        seen.append((column, prefix, path))
        sequences[prefix][-1].append(key)
        if not commented and "[]" not in path:
            always.append(path)
    return {prefix: _merge(seqs) for prefix, seqs in sequences.items()}, always


def _merge(sequences: list[list[str]]) -> list[str]:
    """One order that keeps the order of every sequence: a key first seen in a later
    sequence goes just before the next key of that sequence already placed."""
    order: list[str] = []
    for seq in sequences:
        for i, key in enumerate(seq):
            if key in order:
                continue
            after = next((k for k in seq[i + 1:] if k in order), None)
            order.insert(order.index(after) if after else len(order), key)
    return order
