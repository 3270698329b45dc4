"""Danish wording shared by the command line and the checks."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """'1 fil', '2 filer', '1.234 filer'."""
    return f"{n:,}".replace(",", ".") + " " + (one if n == 1 else many)
