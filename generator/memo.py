"""What `serve` keeps between rebuilds, so that editing one project costs about what
the edit changes, not the whole catalogue.

Two things are kept, each under a key that covers everything its result depends on:
  - a content file's own checks (YAML, schema, body), keyed by the file's size and
    modification time and by the site_config/ files the checks read;
  - a project's page and its catalogue record, keyed by the project's model (its repr:
    every field, including the git date) and by everything else those two templates read:
    the methods and sources (their titles) and site_config/ (labels, templates).
Cross-file checks, section pages, roll-ups and exports are computed afresh every time.
`build` and `check` never use it: they always start from nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


def stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def tree_key(folder: Path) -> str:
    """A fingerprint of every file under folder (names, sizes, modification times)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            h.update(f"{path.relative_to(folder).as_posix()}\0{stat_key(path)}\0".encode())
    return h.hexdigest()


@dataclass
class Memo:
    checked: dict[Path, tuple[tuple, object]] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def reuse(self, store: dict, name, key, compute):
        """store[name]'s value if it was made under key, else compute() and keep it."""
        hit = store.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        store[name] = (key, value)
        return value
