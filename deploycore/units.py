"""Units and calendar constants every part of the core shares; the one way to write dollars
and the one way to write durations.

For converting hours, days, months and runs consistently (the cloud calculators' month of 730
hours). Not for prices or sizing; those live in `deploycore.costing`.
"""

from __future__ import annotations

from typing import Final

HOURS_PER_DAY: Final = 24
SECONDS_PER_MINUTE: Final = 60.0
SECONDS_PER_HOUR: Final = 3600.0
SECONDS_PER_DAY: Final = 86_400.0
MINUTES_PER_DAY: Final = 1440.0
# The cloud calculators' month: 8,760 hours a year / 12 (Azure and AWS pricing calculators).
HOURS_PER_MONTH: Final = 730.0
DAYS_PER_MONTH: Final = HOURS_PER_MONTH / HOURS_PER_DAY  # 30.4167
DAYS_PER_WEEK: Final = 7.0


def usd(value: float) -> str:
    """Dollars for people: $1,234 above $100, cents below."""
    if abs(value) >= 100:
        return f"${value:,.0f}"
    return f"${value:,.2f}"


def minutes_words(minutes: float) -> str:
    """A duration given in minutes, in the unit a person reads: "250 ms", "1 s", "5.1 min"."""
    if minutes < 1 / 60:
        return f"{minutes * 60_000:,.3g} ms"
    if minutes < 1:
        return f"{minutes * 60:.3g} s"
    if minutes < 120:
        return f"{minutes:,.1f} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:,.1f} h"
    return f"{minutes / 1440:,.1f} days"
