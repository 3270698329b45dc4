"""Open data: the whole catalogue as JSON and CSV, plus the JSON Schema, under data/."""

from __future__ import annotations

import dataclasses
import json

from generator.model import Catalogue


def records(catalogue: Catalogue) -> dict:
    def plain(obj):
        return {k: v for k, v in dataclasses.asdict(obj).items() if k != "body"} | {"body_markdown": obj.body}

    return {
        "licence": catalogue.config.site["licence"],
        "projects": [plain(p) | {"id": p.slug} for p in catalogue.projects.values()],
        "methods": [plain(m) | {"id": m.slug} for m in catalogue.methods.values()],
        "sources": [plain(s) | {"id": s.slug} for s in catalogue.sources.values()],
    }


def data_files(catalogue: Catalogue) -> dict[str, str | bytes]:
    schema = json.dumps(catalogue.config.schema, ensure_ascii=False, indent=2) + "\n"
    return {
        "data/schema.json": schema,
        "data/catalogue.json": json.dumps(records(catalogue), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }
