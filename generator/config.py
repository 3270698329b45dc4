"""Site configuration: vocabularies, the documentation matrix, municipalities and the
JSON Schema, all read from site_config/ — the code holds no vocabulary of its own."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"projects": "project", "methods": "method", "sources": "source"}


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    vocabularies: dict[str, dict[str, str]]
    documentation: dict
    regions: dict[str, str]  # municipality → region
    site: dict
    raw_schema: dict

    @classmethod
    def load(cls, root: Path = ROOT) -> SiteConfig:
        cfg = root / "site_config"
        vocab = read_yaml(cfg / "vocabularies.yml")
        regions = {m: region for region, ms in read_yaml(cfg / "municipalities.yml").items() for m in ms}
        vocab["municipalities"] = {m: m for m in regions}
        return cls(
            root=root,
            vocabularies=vocab,
            documentation=read_yaml(cfg / "documentation.yml"),
            regions=regions,
            site=read_yaml(cfg / "site.yml"),
            raw_schema=json.loads((cfg / "schema.json").read_text("utf-8")),
        )

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "site_config" / "templates"

    @cached_property
    def schema(self) -> dict:
        """The published schema: every `x-vocabulary` marker gets its enum filled in."""
        schema = copy.deepcopy(self.raw_schema)
        _fill_enums(schema, self.vocabularies)
        return schema

    @cached_property
    def assessed_levels(self) -> list[str]:
        """The documentation levels a project or a statement can be assessed at, strongest
        first (documentation.yml `level_order` without the not-assessed level)."""
        doc = self.documentation
        return [lv for lv in doc["level_order"] if lv != doc["unknown_level"]]

    @cached_property
    def outcomes(self) -> dict:
        """site_config/outcomes.yml: which indicators are effect measures, and the headline's words."""
        return read_yaml(self.root / "site_config" / "outcomes.yml")

    @cached_property
    def statements(self) -> dict:
        """site_config/statements.yml: the meta-evaluation's activities and tables of statements."""
        return read_yaml(self.root / "site_config" / "statements.yml")

    @cached_property
    def target_groups(self) -> dict:
        """site_config/target_groups.yml: each target group's description and the reports' findings."""
        return read_yaml(self.root / "site_config" / "target_groups.yml")

    @cached_property
    def evidence_bases(self) -> dict:
        """site_config/evidence_bases.yml: the national evidence bases' categories per method."""
        return read_yaml(self.root / "site_config" / "evidence_bases.yml")

    def label(self, vocabulary: str, value: str | None) -> str:
        if value is None:
            return self.site["labels"]["not_stated"]
        return self.vocabularies[vocabulary].get(value, value)

    def level_for(self, implementability: str, evidence: str) -> str:
        doc = self.documentation
        if doc["unknown"] in (implementability, evidence):
            return doc["unknown_level"]
        return doc["matrix"][implementability][evidence]


def read_yaml(path: Path):
    """A site_config file (libyaml when PyYAML has it)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _fill_enums(node, vocab: dict[str, dict[str, str]]) -> None:
    if isinstance(node, dict):
        name = node.pop("x-vocabulary", None)
        if name is not None:
            node["enum"] = list(vocab[name])
        for value in node.values():
            _fill_enums(value, vocab)
    elif isinstance(node, list):
        for value in node:
            _fill_enums(value, vocab)
