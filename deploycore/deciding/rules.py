"""The seed's decision factors as data: one `Rule` per factor, how each answer leans.

Each rule says which answer it reads, which way each answer leans (with a weight and an
explanation) and the seed sentence it rests on; a new factor is one new entry in `RULES`. The
verdict is `verdict.py`, the smallest changes that flip it `flips.py`. No prices, no streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from deploycore.deciding.costs import instance_vcpus
from deploycore.deciding.inputs import (
    Complexity,
    Deadline,
    DecisionInputs,
    Destination,
    Frequency,
    IdleCost,
    RowsPerRequest,
    label,
)
from deploycore.units import SECONDS_PER_DAY
from deploycore.vocabulary import DailyShape, Side


class Direction(StrEnum):
    """Which way a factor points."""

    REAL_TIME = "real_time"
    BATCH = "batch"
    NEUTRAL = "neutral"


class Kind(StrEnum):
    """The recommendation: one of the two sides (spelled as `Side`), or "either"."""

    REAL_TIME = Side.REAL_TIME.value
    BATCH = Side.BATCH.value
    EITHER = "either"

    @property
    def side(self) -> Side | None:
        """The side this recommends; None for "either"."""
        return None if self is Kind.EITHER else Side(self.value)


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class AlwaysOnUse(StrEnum):
    """How busy always-on compute would be for this traffic (derived, not asked)."""

    BUSY = "busy"
    PART_TIME = "part_time"
    MOSTLY_IDLE = "mostly_idle"


DIRECTION_WORDS: Final[dict[Direction, str]] = {
    Direction.REAL_TIME: "towards real-time",
    Direction.BATCH: "towards batch",
    Direction.NEUTRAL: "neither way",
}
KIND_WORDS: Final[dict[Kind, str]] = {
    Kind.REAL_TIME: "real-time",
    Kind.BATCH: "batch",
    Kind.EITHER: "either",
}
ALWAYS_ON_WORDS: Final[dict[AlwaysOnUse, str]] = {
    AlwaysOnUse.BUSY: "busy around the clock",
    AlwaysOnUse.PART_TIME: "busy only part of the day",
    AlwaysOnUse.MOSTLY_IDLE: "idle most of the time",
}

SEED_CONSUMED = "I. Understand How the Model Will Be Consumed"
SEED_DECIDE = "II. Decide on Real-time or Batch Deployment"


def _section(sub: str) -> str:
    return f"{SEED_DECIDE} › {sub}"


@dataclass(frozen=True)
class Lean:
    """What one answer says: a direction, how strongly, and why (a format string).

    `why` may use {name}, {answer}, {latency_ms}, {predictions_per_day}, {busy_percent}.
    A lean may cite its own seed sentence when it differs from the rule's.
    """

    direction: Direction
    weight: float
    why: str
    seed_section: str | None = None
    seed_sentence: str | None = None
    decisive: bool = False


@dataclass(frozen=True)
class Rule:
    """One decision factor: the answer it reads, how each answer leans, the seed behind it."""

    key: str
    factor: str
    read: Callable[[DecisionInputs], StrEnum]
    leans: Mapping[StrEnum, Lean]
    seed_section: str
    seed_sentence: str
    field: str | None = None  # the input field a user can change to move this factor
    # How the answer is shown when it is derived from several inputs (default: its label).
    describe: Callable[[DecisionInputs], str] | None = None


def always_on_busy_fraction(inputs: DecisionInputs) -> float:
    """Share of one always-on instance's request slots busy over a day (Little's law)."""
    busy_slots = inputs.predictions_per_day * inputs.latency_ms / 1000.0 / SECONDS_PER_DAY
    return busy_slots / instance_vcpus(inputs.complexity)


def always_on_use(inputs: DecisionInputs) -> AlwaysOnUse:
    """How busy an always-on instance would be: from the daily shape and the work per day."""
    busy_fraction = always_on_busy_fraction(inputs)
    if inputs.daily_shape is DailyShape.FLAT and busy_fraction >= 0.05:
        return AlwaysOnUse.BUSY
    if inputs.daily_shape is DailyShape.FEW_BURSTS or busy_fraction < 0.01:
        return AlwaysOnUse.MOSTLY_IDLE
    return AlwaysOnUse.PART_TIME


RT = Direction.REAL_TIME
BA = Direction.BATCH
NE = Direction.NEUTRAL

_SCHEDULED = "Batch predictions: Predictions are scheduled based on collected data over time."
_COSTS_CONTINUOUS = (
    "Real-time endpoints: Require always-on compute, e.g., Azure Container Instance (ACI) or "
    "Azure Kubernetes Service (AKS). Costs are continuous."
)
_COSTS_MINIMISED = (
    "Batch endpoints: Use compute clusters that scale dynamically based on workload. "
    "Costs are minimized when idle."
)
_FIVE_TO_TEN = (
    "If a 5-10 minute delay is acceptable, batch predictions with on-demand compute clusters "
    "may be a better choice."
)
_INSTANT = (
    "Real-time predictions: Immediate, individual predictions. Suitable for applications "
    "needing instant results but involves continuous costs."
)

RULES: Final[tuple[Rule, ...]] = (
    Rule(
        key="timeliness",
        factor="Timeliness of results",
        field="deadline",
        read=lambda i: i.deadline,
        seed_section=_section("Deployment Strategy Summary"),
        seed_sentence=_FIVE_TO_TEN,
        leans={
            Deadline.UNDER_A_SECOND: Lean(
                RT,
                3.0,
                "Results are needed {answer}: only an always-on endpoint answers that fast; "
                "a batch cluster takes minutes just to start.",
                seed_sentence=_INSTANT,
                decisive=True,
            ),
            Deadline.SECONDS: Lean(
                RT,
                3.0,
                "Results are needed {answer}: a batch job starting from zero nodes takes "
                "minutes, so only an always-on endpoint meets this.",
                seed_sentence=_INSTANT,
                decisive=True,
            ),
            Deadline.FIVE_TO_TEN_MINUTES: Lean(
                BA,
                2.0,
                "A 5–10 minute delay is acceptable, which is exactly when the seed says batch "
                "with on-demand clusters may be the better choice.",
            ),
            Deadline.HOURS: Lean(
                BA, 3.0, "Results may take hours: far more time than a batch run needs."
            ),
            Deadline.DAYS: Lean(
                BA, 3.0, "Results may take days: nothing needs an always-on endpoint."
            ),
        },
    ),
    Rule(
        key="frequency",
        factor="Frequency of predictions",
        field="frequency",
        read=lambda i: i.frequency,
        seed_section=_section("Identify the Necessary Frequency of Scoring"),
        seed_sentence=_SCHEDULED,
        leans={
            Frequency.EACH_EVENT: Lean(
                RT,
                2.0,
                "A prediction is needed as each event happens: the model must score new "
                "data as it is collected.",
                seed_sentence=(
                    "Real-time predictions: Predictions are needed immediately as new data "
                    "is collected."
                ),
            ),
            Frequency.EVERY_5_MINUTES: Lean(
                BA,
                0.5,
                "Predictions every 5 minutes can run as small scheduled batches, though the "
                "schedule is tight: the seed's 5-10 minute delay is the edge of batch.",
                seed_sentence=_FIVE_TO_TEN,
            ),
            Frequency.EVERY_10_MINUTES: Lean(
                BA,
                0.75,
                "Predictions every 10 minutes can run as small scheduled batches; the seed's "
                "5-10 minute delay is where batch starts to pay off.",
                seed_sentence=_FIVE_TO_TEN,
            ),
            Frequency.EVERY_15_MINUTES: Lean(
                BA, 1.0, "Predictions every 15 minutes fit small scheduled batches."
            ),
            Frequency.EVERY_30_MINUTES: Lean(
                BA, 1.25, "Predictions every 30 minutes fit a scheduled job over the half hour."
            ),
            Frequency.HOURLY: Lean(
                BA, 1.5, "Hourly predictions fit a scheduled job over the hour's data."
            ),
            Frequency.DAILY: Lean(
                BA, 2.0, "Daily predictions are a scheduled job over the day's collected data."
            ),
            Frequency.WEEKLY: Lean(
                BA,
                2.0,
                "Weekly predictions are a scheduled job, like the seed's weekly orange-juice "
                "sales forecast.",
            ),
            Frequency.MONTHLY: Lean(
                BA, 2.0, "Monthly predictions are a scheduled job over the month's data."
            ),
            Frequency.QUARTERLY: Lean(
                BA, 2.0, "Quarterly predictions are a scheduled job over the quarter's data."
            ),
        },
    ),
    Rule(
        key="individual_or_batch",
        factor="Individual or batch predictions",
        field="rows",
        read=lambda i: i.rows,
        seed_section=_section("Decide on the Number of Predictions"),
        seed_sentence="Individual predictions: A single row of data is scored.",
        leans={
            RowsPerRequest.ONE_ROW: Lean(
                RT, 1.0, "Rows are scored {answer}: individual predictions, one per request."
            ),
            RowsPerRequest.MANY_ROWS: Lean(
                BA,
                1.0,
                "Rows are scored {answer}, and the results come back as a batch.",
                seed_sentence=(
                    "Batch predictions: Multiple rows of data are scored, and results are "
                    "returned as a batch."
                ),
            ),
        },
    ),
    Rule(
        key="destination",
        factor="Where results go",
        field="destination",
        read=lambda i: i.destination,
        seed_section=f"{SEED_CONSUMED} › Get Batch Predictions",
        seed_sentence=(
            "Batch predictions are used when predictions are generated and stored as files or "
            "in a database for later use."
        ),
        leans={
            Destination.APP: Lean(
                RT,
                1.0,
                "Results go {answer}: an application calls the model through its web "
                "address and waits for the answer.",
                seed_section=f"{SEED_CONSUMED} › Deploy a Model to an Endpoint",
                seed_sentence=(
                    "Deploying a model to an endpoint allows applications to call the model "
                    "for predictions via a web address."
                ),
            ),
            Destination.FILE: Lean(
                BA, 1.0, "Results go {answer}, to be used later: the batch pattern."
            ),
            Destination.DATABASE: Lean(
                BA,
                0.5,
                "Results go {answer} for later use; a database can also be written from an "
                "endpoint, so this leans only a little.",
            ),
        },
    ),
    Rule(
        key="traffic_shape",
        factor="Compute cost: volume and daily shape",
        field="daily_shape",
        read=always_on_use,
        describe=lambda i: (
            f"{i.predictions_per_day:,} a day, {label(i.daily_shape)}: always-on compute "
            f"would be {ALWAYS_ON_WORDS[always_on_use(i)]}"
        ),
        seed_section=_section("Consider the Cost of Compute"),
        seed_sentence=_COSTS_CONTINUOUS,
        leans={
            AlwaysOnUse.BUSY: Lean(
                RT,
                1.0,
                "{predictions_per_day:,} predictions a day, spread around the clock, keep "
                "always-on compute busy ({busy_percent} of one instance), so its continuous "
                "cost is not wasted.",
            ),
            AlwaysOnUse.PART_TIME: Lean(
                BA,
                0.5,
                "{predictions_per_day:,} predictions a day come {shape}: always-on compute "
                "would be paid for through the quiet hours too.",
                seed_sentence=_COSTS_MINIMISED,
            ),
            AlwaysOnUse.MOSTLY_IDLE: Lean(
                BA,
                1.0,
                "{predictions_per_day:,} predictions a day, coming {shape}, would leave "
                "always-on compute idle most of the time (busy {busy_percent} of one "
                "instance); a cluster that scales to zero costs nothing then.",
                seed_sentence=_COSTS_MINIMISED,
            ),
        },
    ),
    Rule(
        key="idle_cost",
        factor="Compute cost: paying for idle time",
        field="idle_cost",
        read=lambda i: i.idle_cost,
        seed_section=_section("Consider the Cost of Compute"),
        seed_sentence=_COSTS_MINIMISED,
        leans={
            IdleCost.HARDLY: Lean(
                NE,
                0.0,
                "Idle cost hardly matters, so the continuous cost of always-on compute is "
                "acceptable.",
                seed_sentence=_COSTS_CONTINUOUS,
            ),
            IdleCost.SOMEWHAT: Lean(
                BA,
                0.5,
                "Idle cost matters somewhat: batch clusters cost least when there is no work.",
            ),
            IdleCost.A_LOT: Lean(
                BA,
                1.5,
                "Idle cost matters a lot: real-time endpoints cost money every hour, batch "
                "clusters scale to zero when idle.",
            ),
        },
    ),
    Rule(
        key="model_complexity",
        factor="Model complexity",
        field="complexity",
        read=lambda i: i.complexity,
        seed_section=_section("Factors to Consider"),
        seed_sentence="Simpler models require less compute and cost.",
        leans={
            Complexity.SIMPLE: Lean(
                NE,
                0.0,
                "A simple model ({latency_ms:,.0f} ms per prediction) is cheap to run either way.",
            ),
            Complexity.COMPLEX: Lean(
                BA,
                0.5,
                "A complex model ({latency_ms:,.0f} ms per prediction) needs more compute and "
                "time; always-on, that compute is paid for every hour.",
                seed_sentence="Complex models need more compute and processing time.",
            ),
        },
    ),
)
