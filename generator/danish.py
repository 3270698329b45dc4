"""Danish wording shared by the command line and the checks."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """'1 fil', '2 filer', '1.234 filer'."""
    return f"{whole(n)} {one if n == 1 else many}"


def whole(n: int) -> str:
    """A whole number with Danish thousands separators: 10.000.000."""
    return f"{n:,}".replace(",", ".")
