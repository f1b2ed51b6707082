"""Units and calendar constants every part of the core shares, and the one way to write dollars.

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
