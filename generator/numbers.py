"""Danish number formatting, shared by the pages, the exports and the derivations."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def number(value) -> str:
    """Danish number formatting: 1.234 and 12,5."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(value):,}".replace(",", ".")


def whole(value: float) -> int:
    """Rounded half up, as a reader rounds (24,5 → 25), not to even."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
