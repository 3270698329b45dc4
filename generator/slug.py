"""Slugs: the file name of every record and the last part of its URL."""

import re
import unicodedata

PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIMIT = 80  # characters; the schema's $defs/slug maxLength says the same
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
RESERVED = {"index"}


def slugify(text: str) -> str:
    """æ→ae, ø→oe, å→aa; other letters lose their accents; the rest becomes hyphens."""
    text = unicodedata.normalize("NFKD", text.translate(_DANISH))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def shorten(slug: str, limit: int = LIMIT) -> str:
    """A slug cut to at most `limit` characters at the last whole word that fits; one word
    longer than the limit is cut inside. site_config/assets/formular.js mirrors this."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:limit]


def file_slug(title: str) -> str:
    """The slug `generator new` and the site's form give a title."""
    return shorten(slugify(title))


def is_valid(slug: str) -> bool:
    return bool(PATTERN.match(slug)) and len(slug) <= LIMIT and slug not in RESERVED
