"""The decision wizard's answers as one validated model, plus contradictions found in them.

Holds the questions' answer sets (ordered where order matters), the numeric answers with their
units and ranges, and `contradictions()`, which says in words which answers do not fit together.
It does not decide anything; `deploycore.deciding.rules` does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deploycore.costing.inputs import MODEL_PRESET_VALUES
from deploycore.vocabulary import DailyShape, Schedule
from deploycore.workload import ModelPreset, Workload


class Frequency(StrEnum):
    """When a prediction is needed, from most to least frequent (schedules spelled as Schedule)."""

    EACH_EVENT = "each-event"
    EVERY_5_MINUTES = Schedule.EVERY_5_MINUTES.value
    EVERY_10_MINUTES = Schedule.EVERY_10_MINUTES.value
    EVERY_15_MINUTES = Schedule.EVERY_15_MINUTES.value
    EVERY_30_MINUTES = Schedule.EVERY_30_MINUTES.value
    HOURLY = Schedule.HOURLY.value
    DAILY = Schedule.DAILY.value
    WEEKLY = Schedule.WEEKLY.value
    MONTHLY = Schedule.MONTHLY.value
    QUARTERLY = Schedule.QUARTERLY.value


def schedule_for(frequency: Frequency) -> Schedule:
    """The batch schedule for a frequency; each event goes to micro-batches every 5 minutes."""
    if frequency is Frequency.EACH_EVENT:
        return Schedule.EVERY_5_MINUTES
    return Schedule(frequency.value)


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


# The shapes the wizard offers (a custom shape needs 24 weights: the cost estimator has it).
WIZARD_SHAPES: Final = (
    DailyShape.FLAT,
    DailyShape.BUSINESS_HOURS,
    DailyShape.EVENING_PEAK,
    DailyShape.FEW_BURSTS,
)


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
    Frequency.EVERY_5_MINUTES: "every 5 minutes",
    Frequency.EVERY_10_MINUTES: "every 10 minutes",
    Frequency.EVERY_15_MINUTES: "every 15 minutes",
    Frequency.EVERY_30_MINUTES: "every 30 minutes",
    Frequency.HOURLY: "hourly",
    Frequency.DAILY: "daily",
    Frequency.WEEKLY: "weekly",
    Frequency.MONTHLY: "monthly",
    Frequency.QUARTERLY: "quarterly",
    Deadline.UNDER_A_SECOND: "under a second",
    Deadline.SECONDS: "within seconds",
    Deadline.FIVE_TO_TEN_MINUTES: "within 5–10 minutes",
    Deadline.HOURS: "within hours",
    Deadline.DAYS: "within days",
    RowsPerRequest.ONE_ROW: "one row at a time",
    RowsPerRequest.MANY_ROWS: "many rows together",
    DailyShape.FLAT: "steady around the clock",
    DailyShape.BUSINESS_HOURS: "mostly in business hours",
    DailyShape.EVENING_PEAK: "peaking in the evening",
    DailyShape.FEW_BURSTS: "in a few bursts a day",
    DailyShape.CUSTOM: "in a custom daily shape",
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

# Rows one request carries when "many rows together" (an assumption the page states).
MANY_ROWS_PER_REQUEST: Final = 100
# Longest one request of many rows may take: half the longest p95 target (10 minutes).
MAX_REQUEST_MS: Final = 300_000.0


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
    daily_shape: DailyShape = DailyShape.FLAT
    complexity: Complexity = Complexity.SIMPLE
    latency_ms: float = Field(default=50.0, gt=0, le=600_000)
    destination: Destination
    idle_cost: IdleCost = IdleCost.SOMEWHAT
    # Batch nodes may be low-priority VMs: cheaper, but Azure can pre-empt them mid-run.
    low_priority: bool = False

    @field_validator("daily_shape")
    @classmethod
    def _wizard_shape(cls, shape: DailyShape) -> DailyShape:
        if shape not in WIZARD_SHAPES:
            raise ValueError("a custom daily shape is set in the cost estimator, not here")
        return shape

    @property
    def schedule(self) -> Schedule:
        return schedule_for(self.frequency)

    @property
    def tolerated_delay_minutes(self) -> float:
        return DEADLINE_LIMIT_S[self.deadline] / 60.0

    @property
    def rows_per_request(self) -> int:
        """1, or for "many rows" up to 100, fewer where a request would take over 10 minutes."""
        if self.rows is RowsPerRequest.ONE_ROW:
            return 1
        return max(1, min(MANY_ROWS_PER_REQUEST, int(MAX_REQUEST_MS // self.latency_ms)))

    def workload(self) -> Workload:
        """The use case as the one workload model every page reads."""
        model: ModelPreset = (
            "simple-model" if self.complexity is Complexity.SIMPLE else "complex-model"
        )
        size = MODEL_PRESET_VALUES[model]
        return Workload(
            predictions_per_day=float(self.predictions_per_day),
            daily_shape=self.daily_shape,
            peak_requests_per_second=0.0,
            rows_per_request=self.rows_per_request,
            batch_schedule=self.schedule,
            tolerated_delay_minutes=self.tolerated_delay_minutes,
            model_preset=model,
            latency_ms=self.latency_ms,
            replica_vcpu=size["replica_vcpu"],
            replica_memory_gb=size["replica_memory_gb"],
        )

    def contradictions(self) -> list[str]:
        """Answers that do not fit together, each said in words with how to fix it."""
        found: list[str] = []
        urgent = self.deadline in (Deadline.UNDER_A_SECOND, Deadline.SECONDS)
        scheduled = rank(self.frequency) >= rank(Frequency.HOURLY)
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
