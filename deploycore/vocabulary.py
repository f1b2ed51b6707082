"""The shared words of the domain: the two sides, the daily shapes and the batch schedules.

Each concept has one type here, spelled one way, read by the lesson, the wizard, the cost engine
and the scenarios. Not for labels of single pages or for any computation beyond the calendar.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from deploycore.units import DAYS_PER_MONTH, MINUTES_PER_DAY


class Side(StrEnum):
    """The two ways to deploy a model, as the lesson names them."""

    REAL_TIME = "real-time"
    BATCH = "batch"


SIDE_WORDS: Final[dict[Side, str]] = {Side.REAL_TIME: "real-time", Side.BATCH: "batch"}


class DailyShape(StrEnum):
    """How a day's predictions are spread over its 24 hours."""

    FLAT = "flat"
    BUSINESS_HOURS = "business-hours"
    EVENING_PEAK = "evening-peak"
    FEW_BURSTS = "few-bursts"
    CUSTOM = "custom"


SHAPE_LABELS: Final[dict[DailyShape, str]] = {
    DailyShape.FLAT: "Flat (same traffic every hour)",
    DailyShape.BUSINESS_HOURS: "Business hours (08:00-18:00)",
    DailyShape.EVENING_PEAK: "Evening peak (shoppers after work)",
    DailyShape.FEW_BURSTS: "A few bursts a day (09:00 and 16:00)",
    DailyShape.CUSTOM: "Custom (24 hourly weights)",
}


class Schedule(StrEnum):
    """How often a batch job runs. The sub-hourly ones are the seed's 5-10 minute rule."""

    EVERY_5_MINUTES = "every-5-minutes"
    EVERY_10_MINUTES = "every-10-minutes"
    EVERY_15_MINUTES = "every-15-minutes"
    EVERY_30_MINUTES = "every-30-minutes"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


# Minutes between two runs. A month is the calculators' month (30.42 days), a quarter three.
SCHEDULE_INTERVAL_MINUTES: Final[dict[Schedule, float]] = {
    Schedule.EVERY_5_MINUTES: 5.0,
    Schedule.EVERY_10_MINUTES: 10.0,
    Schedule.EVERY_15_MINUTES: 15.0,
    Schedule.EVERY_30_MINUTES: 30.0,
    Schedule.HOURLY: 60.0,
    Schedule.DAILY: MINUTES_PER_DAY,
    Schedule.WEEKLY: 7 * MINUTES_PER_DAY,
    Schedule.MONTHLY: DAYS_PER_MONTH * MINUTES_PER_DAY,
    Schedule.QUARTERLY: 3 * DAYS_PER_MONTH * MINUTES_PER_DAY,
}
SCHEDULE_LABELS: Final[dict[Schedule, str]] = {
    Schedule.EVERY_5_MINUTES: "every 5 minutes",
    Schedule.EVERY_10_MINUTES: "every 10 minutes",
    Schedule.EVERY_15_MINUTES: "every 15 minutes",
    Schedule.EVERY_30_MINUTES: "every 30 minutes",
    Schedule.HOURLY: "hourly",
    Schedule.DAILY: "daily",
    Schedule.WEEKLY: "weekly",
    Schedule.MONTHLY: "monthly",
    Schedule.QUARTERLY: "quarterly",
}


def days_per_run(schedule: Schedule) -> float:
    """Days of data one run scores (the time between two runs, in days)."""
    return SCHEDULE_INTERVAL_MINUTES[schedule] / MINUTES_PER_DAY


def runs_per_month(schedule: Schedule) -> float:
    """Runs in the calculators' month of 730 hours."""
    return DAYS_PER_MONTH / days_per_run(schedule)


def is_micro_batch(schedule: Schedule) -> bool:
    """Runs shorter apart than an hour: data arriving meanwhile waits for the next run."""
    return SCHEDULE_INTERVAL_MINUTES[schedule] < 60.0
