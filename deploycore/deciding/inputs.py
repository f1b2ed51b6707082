"""The decision wizard's answers as one validated model, plus contradictions found in them.

Holds the questions' answer sets (ordered where order matters), the numeric answers with their
units and ranges, and `contradictions()`, which says in words which answers do not fit together.
It does not decide anything; `deploycore.deciding.rules` does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field


class Frequency(StrEnum):
    """When a prediction is needed, from most to least frequent."""

    EACH_EVENT = "each_event"
    EVERY_FEW_MINUTES = "every_few_minutes"
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"


class Deadline(StrEnum):
    """How soon after the data arrives the result must be ready, from most to least urgent."""

    UNDER_A_SECOND = "under_a_second"
    SECONDS = "seconds"
    FIVE_TO_TEN_MINUTES = "five_to_ten_minutes"
    HOURS = "hours"
    DAYS = "days"


class RowsPerRequest(StrEnum):
    """Whether rows are scored one at a time or many together."""

    ONE_ROW = "one_row"
    MANY_ROWS = "many_rows"


class DailyShape(StrEnum):
    """How the day's predictions are spread over the day."""

    STEADY_ALL_DAY = "steady_all_day"
    BUSINESS_HOURS = "business_hours"
    FEW_BURSTS = "few_bursts"


class Complexity(StrEnum):
    """The seed's two kinds of model: simpler ones need less compute than complex ones."""

    SIMPLE = "simple"
    COMPLEX = "complex"


class Destination(StrEnum):
    """Where the predictions go."""

    APP = "app"
    FILE = "file"
    DATABASE = "database"


class IdleCost(StrEnum):
    """How much paying for compute that sits idle matters."""

    HARDLY = "hardly"
    SOMEWHAT = "somewhat"
    A_LOT = "a_lot"


LABELS: Final[dict[StrEnum, str]] = {
    Frequency.EACH_EVENT: "as each event happens",
    Frequency.EVERY_FEW_MINUTES: "every few minutes",
    Frequency.HOURLY: "hourly",
    Frequency.DAILY: "daily",
    Frequency.WEEKLY: "weekly",
    Deadline.UNDER_A_SECOND: "under a second",
    Deadline.SECONDS: "within seconds",
    Deadline.FIVE_TO_TEN_MINUTES: "within 5–10 minutes",
    Deadline.HOURS: "within hours",
    Deadline.DAYS: "within days",
    RowsPerRequest.ONE_ROW: "one row at a time",
    RowsPerRequest.MANY_ROWS: "many rows together",
    DailyShape.STEADY_ALL_DAY: "steady around the clock",
    DailyShape.BUSINESS_HOURS: "mostly in business hours",
    DailyShape.FEW_BURSTS: "in a few bursts a day",
    Complexity.SIMPLE: "simple",
    Complexity.COMPLEX: "complex",
    Destination.APP: "straight back to an app",
    Destination.FILE: "to a file",
    Destination.DATABASE: "to a database",
    IdleCost.HARDLY: "hardly",
    IdleCost.SOMEWHAT: "somewhat",
    IdleCost.A_LOT: "a lot",
}

# Longest wait each deadline allows, in seconds (used to check a model's latency against it).
DEADLINE_LIMIT_S: Final[dict[Deadline, float]] = {
    Deadline.UNDER_A_SECOND: 1.0,
    Deadline.SECONDS: 60.0,
    Deadline.FIVE_TO_TEN_MINUTES: 600.0,
    Deadline.HOURS: 24 * 3600.0,
    Deadline.DAYS: 7 * 24 * 3600.0,
}

# Runs of a scheduled (batch) job per day for each frequency; "each event" is scored in
# micro-batches every 5 minutes when it goes to batch (the seed's 5-10 minute rule).
RUNS_PER_DAY: Final[dict[Frequency, float]] = {
    Frequency.EACH_EVENT: 288.0,
    Frequency.EVERY_FEW_MINUTES: 288.0,
    Frequency.HOURLY: 24.0,
    Frequency.DAILY: 1.0,
    Frequency.WEEKLY: 1.0 / 7.0,
}


def label(value: StrEnum) -> str:
    """The words the wizard uses for an answer."""
    return LABELS[value]


def rank(value: StrEnum) -> int:
    """Position of an answer in its ordered answer set (0 = first)."""
    return list(type(value)).index(value)


class DecisionInputs(BaseModel):
    """A use case as the wizard's answers. Units are in the field names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(default="My use case", min_length=1, max_length=80)
    frequency: Frequency
    deadline: Deadline
    rows: RowsPerRequest
    predictions_per_day: int = Field(ge=1, le=1_000_000_000)
    daily_shape: DailyShape = DailyShape.STEADY_ALL_DAY
    complexity: Complexity = Complexity.SIMPLE
    latency_ms: float = Field(default=50.0, gt=0, le=600_000)
    destination: Destination
    idle_cost: IdleCost = IdleCost.SOMEWHAT
    # Batch nodes may be low-priority VMs: cheaper, but Azure can pre-empt them mid-run.
    low_priority: bool = False

    def contradictions(self) -> list[str]:
        """Answers that do not fit together, each said in words with how to fix it."""
        found: list[str] = []
        urgent = self.deadline in (Deadline.UNDER_A_SECOND, Deadline.SECONDS)
        scheduled = self.frequency in (Frequency.HOURLY, Frequency.DAILY, Frequency.WEEKLY)
        if scheduled and urgent:
            found.append(
                f"You need predictions {label(self.frequency)}, yet want each result "
                f"{label(self.deadline)} after the data arrives. A scheduled job cannot answer "
                "that fast; if the data really arrives only "
                f"{label(self.frequency)}, a longer deadline probably applies. Check which "
                "answer is right."
            )
        if self.frequency is Frequency.EACH_EVENT and self.deadline is Deadline.DAYS:
            found.append(
                "You need a prediction as each event happens, yet the result may wait days. "
                "If it can wait days, the events can be collected and scored on a schedule; "
                "if not, shorten the deadline."
            )
        if self.destination is Destination.APP and self.deadline in (
            Deadline.HOURS,
            Deadline.DAYS,
        ):
            found.append(
                f"Results go straight back to an app, yet may take {label(self.deadline)}. "
                "An app waiting that long usually reads stored results instead: choose "
                "'a database' or 'a file', or shorten the deadline."
            )
        if self.destination is Destination.FILE and urgent:
            found.append(
                f"Results go to a file, yet are needed {label(self.deadline)}. Files are read "
                "later; if someone waits for each answer, choose 'straight back to an app'."
            )
        if self.rows is RowsPerRequest.MANY_ROWS and self.deadline is Deadline.UNDER_A_SECOND:
            if self.destination is Destination.APP:
                found.append(
                    "Many rows are scored together, yet an app needs the answer in under a "
                    "second. Check whether each request really carries many rows."
                )
        limit_s = DEADLINE_LIMIT_S[self.deadline]
        if self.latency_ms / 1000.0 > limit_s:
            found.append(
                f"The model takes {self.latency_ms:,.0f} ms per prediction, longer than "
                f"the deadline ({label(self.deadline)}) allows. No deployment can meet it: "
                "use a faster (simpler) model or accept a longer deadline."
            )
        if self.complexity is Complexity.SIMPLE and self.latency_ms > 2000:
            found.append(
                f"The model is called simple, but takes {self.latency_ms:,.0f} ms per "
                "prediction. Simpler models need less compute: check the latency, or call "
                "it complex."
            )
        return found
