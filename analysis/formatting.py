"""Numbers as Finnish readers expect them: decimal comma, a space before %."""

from __future__ import annotations


def fi_number(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def fi_percent(share: float | None, decimals: int = 0) -> str:
    """A share 0..1 as a percentage: 0.793 -> '79 %'."""
    if share is None:
        return "–"
    return f"{fi_number(100 * share, decimals)} %"
