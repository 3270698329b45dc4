"""Danish number formatting, shared by the pages, the exports, the derivations, the
command line and the checks."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def number(value) -> str:
    """Danish number formatting: 1.234 and 12,5."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(value):,}".replace(",", ".")


def count(n: int, one: str, many: str) -> str:
    """'1 fil', '2 filer', '1.234 filer'."""
    return f"{number(n)} {one if n == 1 else many}"


def whole(value: float) -> int:
    """Rounded half up, as a reader rounds (24,5 → 25), not to even."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
