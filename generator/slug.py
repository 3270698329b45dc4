"""Slugs: the file name of every record and the last part of its URL."""

import re
import unicodedata

PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
RESERVED = {"index"}


def slugify(text: str) -> str:
    """æ→ae, ø→oe, å→aa; other letters lose their accents; the rest becomes hyphens."""
    text = unicodedata.normalize("NFKD", text.translate(_DANISH))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_valid(slug: str) -> bool:
    return bool(PATTERN.match(slug)) and len(slug) <= 80 and slug not in RESERVED
