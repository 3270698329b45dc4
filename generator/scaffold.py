"""`new project|method "Titel"`: a correctly slugged file from the commented template."""

from __future__ import annotations

import json
from pathlib import Path

from generator import slug
from generator.config import SiteConfig

FOLDERS = {"project": "projects", "method": "methods"}


def create(config: SiteConfig, kind: str, title: str) -> Path:
    name = slug.file_slug(title)  # a long title is shortened at a word boundary, not refused
    if not slug.is_valid(name):
        raise FileExistsError(f"titlen '{title}' giver ikke et brugbart filnavn ('{name}').")
    path = config.content_dir / FOLDERS[kind] / f"{name}.md"
    if path.exists():
        raise FileExistsError(f"{path.relative_to(config.root)} findes allerede; ret den i stedet.")
    template = (config.root / "site_config" / "scaffold" / f"{kind}.md").read_text("utf-8")
    # json.dumps gives a valid double-quoted YAML scalar for any title.
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:
        fh.write(template.replace('"{title}"', json.dumps(title, ensure_ascii=False)))
    return path
