"""Real-time or batch: the seed's decision factors as data-driven rules, and the verdict.

Each rule is one small `Rule` object: which answer it reads, which way each answer leans (with
a weight and an explanation) and the seed sentence it rests on. A new factor is one new entry in
`RULES`. `decide()` returns a recommendation with a confidence and one row per factor;
`what_would_change()` finds the smallest answer change that flips it. Dollars come from the cost
engine through `decision_costs` (the rules themselves never use prices); no streamlit here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict

from deploycore.deciding.costs import MonthlyCosts, instance_vcpus, monthly_costs
from deploycore.deciding.inputs import (
    LABELS,
    WIZARD_SHAPES,
    Complexity,
    Deadline,
    DecisionInputs,
    Destination,
    Frequency,
    IdleCost,
    RowsPerRequest,
    label,
    rank,
)
from deploycore.units import SECONDS_PER_DAY, usd
from deploycore.vocabulary import SIDE_WORDS, DailyShape, Side


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

# Scores at or beyond these settle the verdict; in between, "either works".
DECIDE_AT: Final = 1.5
HIGH_CONFIDENCE_AT: Final = 4.0


class FactorRow(BaseModel):
    """One row of the "why" table: a factor, the user's answer, which way it points, why."""

    model_config = ConfigDict(frozen=True)

    rule_key: str
    factor: str
    answer: str
    direction: Direction
    points: str
    weight: float
    why: str
    seed_section: str
    seed_sentence: str
    decisive: bool


class Recommendation(BaseModel):
    """The verdict for one use case, with its reasons and the compute that goes with it."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    confidence: Confidence
    score: float
    headline: str
    compute: str
    rows: tuple[FactorRow, ...]
    top_reason: FactorRow
    contradictions: tuple[str, ...]
    cheaper: Kind | None
    cheaper_basis: str
    costs: MonthlyCosts | None

    @property
    def disagreement(self) -> str:
        """For "either": which factors point which way, in words (empty otherwise)."""
        if self.kind is not Kind.EITHER:
            return ""
        realtime = [r.factor for r in self.rows if r.direction is Direction.REAL_TIME]
        batch = [r.factor for r in self.rows if r.direction is Direction.BATCH]
        return (
            f"The factors disagree. Towards real-time: {', '.join(realtime) or 'none'}. "
            f"Towards batch: {', '.join(batch) or 'none'}."
        )

    @property
    def leaning(self) -> Kind:
        """The side the recommendation takes; for "either", the cheaper side (or the score's)."""
        if self.kind is not Kind.EITHER:
            return self.kind
        if self.cheaper is not None:
            return self.cheaper
        return Kind.REAL_TIME if self.score >= 0 else Kind.BATCH


def _rows(inputs: DecisionInputs) -> tuple[FactorRow, ...]:
    busy = always_on_busy_fraction(inputs)
    return tuple(_row(rule, inputs, busy) for rule in RULES)


def _row(rule: Rule, inputs: DecisionInputs, busy_fraction: float) -> FactorRow:
    answer = rule.read(inputs)
    lean = rule.leans[answer]
    shown = LABELS.get(answer) or ALWAYS_ON_WORDS[AlwaysOnUse(answer)]
    context = {
        "name": inputs.name,
        "answer": shown,
        "latency_ms": inputs.latency_ms,
        "predictions_per_day": inputs.predictions_per_day,
        "busy_percent": f"{busy_fraction:.1%}",
        "shape": label(inputs.daily_shape),
    }
    return FactorRow(
        rule_key=rule.key,
        factor=rule.factor,
        answer=rule.describe(inputs) if rule.describe else shown,
        direction=lean.direction,
        points=DIRECTION_WORDS[lean.direction],
        weight=lean.weight,
        why=lean.why.format(**context),
        seed_section=lean.seed_section or rule.seed_section,
        seed_sentence=lean.seed_sentence or rule.seed_sentence,
        decisive=lean.decisive,
    )


def _signed(row: FactorRow) -> float:
    sign = {Direction.REAL_TIME: 1.0, Direction.BATCH: -1.0, Direction.NEUTRAL: 0.0}
    return sign[row.direction] * row.weight


def _verdict(rows: tuple[FactorRow, ...]) -> tuple[Kind, float, bool]:
    score = sum(_signed(r) for r in rows)
    if any(r.decisive for r in rows):
        return Kind.REAL_TIME, score, True
    if score >= DECIDE_AT:
        return Kind.REAL_TIME, score, False
    if score <= -DECIDE_AT:
        return Kind.BATCH, score, False
    return Kind.EITHER, score, False


def kind_of(inputs: DecisionInputs) -> Kind:
    """Only the verdict (used when searching for the change that flips it)."""
    return _verdict(_rows(inputs))[0]


def _top_reason(rows: tuple[FactorRow, ...], kind: Kind) -> FactorRow:
    decisive = [r for r in rows if r.decisive]
    if decisive:
        return decisive[0]
    wanted = {Kind.REAL_TIME: Direction.REAL_TIME, Kind.BATCH: Direction.BATCH}.get(kind)
    candidates = [r for r in rows if r.direction is not Direction.NEUTRAL]
    if wanted is not None:
        candidates = [r for r in candidates if r.direction is wanted]
    # Strongest first; on a tie, the rule listed first in RULES wins (sorted is stable).
    return sorted(candidates or list(rows), key=lambda r: -r.weight)[0]


def _confidence(kind: Kind, score: float, decisive: bool) -> Confidence:
    if kind is Kind.EITHER:
        return Confidence.LOW
    if decisive:
        # The deadline settles it; confidence drops when everything else points the other way.
        return Confidence.HIGH if score >= DECIDE_AT else Confidence.MEDIUM
    return Confidence.HIGH if abs(score) >= HIGH_CONFIDENCE_AT else Confidence.MEDIUM


def _compute(kind: Kind, costs: MonthlyCosts | None) -> str:
    """The compute for the verdict, in words: exactly what the cost engine sized and priced."""
    if costs is None:
        realtime = "a real-time endpoint on always-on containers"
        batch = "a batch endpoint on an on-demand compute cluster"
    else:
        rt, bt = costs.comparison.realtime, costs.comparison.batch
        realtime = f"a real-time endpoint on always-on containers: {rt.compute_words}"
        batch = f"a batch endpoint on an on-demand compute cluster: {bt.compute_words}"
    if kind is Kind.REAL_TIME:
        return realtime
    if kind is Kind.BATCH:
        return batch
    return f"either {realtime}, or {batch}"


def _cheaper(costs: MonthlyCosts | None) -> tuple[Kind | None, str]:
    if costs is None:
        return None, "No prices available: the cost engine could not price this use case."
    basis = (
        f"Priced by the cost estimator: real-time about {usd(costs.realtime_usd_per_month)} "
        f"a month, batch about {usd(costs.batch_usd_per_month)} a month."
    )
    for side in (Side.REAL_TIME, Side.BATCH):
        if not costs.meets_deadline(side):
            basis += f" {SIDE_WORDS[side].capitalize()} cannot deliver within the deadline."
    return (None if costs.cheaper is None else Kind(costs.cheaper.value)), basis


def decide(inputs: DecisionInputs) -> Recommendation:
    """Real-time, batch or either for one use case, with a confidence and one row per factor."""
    rows = _rows(inputs)
    kind, score, decisive = _verdict(rows)
    costs = monthly_costs(inputs)
    cheaper, basis = _cheaper(costs)
    if kind is Kind.EITHER and cheaper is None:
        headline = "Either works; both cost about the same"
    elif kind is Kind.EITHER and cheaper is not None:
        headline = f"Either works; the cheaper is {KIND_WORDS[cheaper]}"
    elif kind is Kind.REAL_TIME:
        headline = "Real-time endpoint"
    else:
        headline = "Batch endpoint"
    return Recommendation(
        kind=kind,
        confidence=_confidence(kind, score, decisive),
        score=score,
        headline=headline,
        compute=_compute(kind, costs),
        rows=rows,
        top_reason=_top_reason(rows, kind),
        contradictions=tuple(inputs.contradictions()),
        cheaper=cheaper,
        cheaper_basis=basis,
        costs=costs,
    )


# ---- What would change the answer ---------------------------------------------------------

# How a changed answer is said: "If <phrase>, ...".
_CHANGE_PHRASES: Final[dict[StrEnum, str]] = {
    Deadline.UNDER_A_SECOND: "results were needed in under a second",
    Deadline.SECONDS: "results were needed within seconds",
    Deadline.FIVE_TO_TEN_MINUTES: "a 10-minute delay were acceptable",
    Deadline.HOURS: "results could wait hours",
    Deadline.DAYS: "results could wait days",
    Frequency.EACH_EVENT: "a prediction were needed as each event happens",
    Frequency.EVERY_5_MINUTES: "predictions were needed every 5 minutes",
    Frequency.EVERY_10_MINUTES: "predictions were needed every 10 minutes",
    Frequency.EVERY_15_MINUTES: "predictions were needed every 15 minutes",
    Frequency.EVERY_30_MINUTES: "predictions were needed every 30 minutes",
    Frequency.HOURLY: "predictions were needed hourly",
    Frequency.DAILY: "predictions were needed daily",
    Frequency.WEEKLY: "predictions were needed weekly",
    Frequency.MONTHLY: "predictions were needed monthly",
    Frequency.QUARTERLY: "predictions were needed quarterly",
    RowsPerRequest.ONE_ROW: "rows were scored one at a time",
    RowsPerRequest.MANY_ROWS: "rows were scored many together",
    Destination.APP: "results went straight back to an app",
    Destination.FILE: "results went to a file",
    Destination.DATABASE: "results went to a database",
    IdleCost.HARDLY: "idle cost hardly mattered",
    IdleCost.SOMEWHAT: "idle cost mattered somewhat",
    IdleCost.A_LOT: "idle cost mattered a lot",
    Complexity.SIMPLE: "the model were simple",
    Complexity.COMPLEX: "the model were complex",
    DailyShape.FLAT: "the traffic were steady around the clock",
    DailyShape.BUSINESS_HOURS: "the traffic came mostly in business hours",
    DailyShape.EVENING_PEAK: "the traffic peaked in the evening",
    DailyShape.FEW_BURSTS: "the traffic came in a few bursts a day",
}
# Answers on an ordered scale (a step is one notch); the others are one step to any value.
_ORDERED_FIELDS: Final = frozenset({"deadline", "frequency", "idle_cost"})


class Change(BaseModel):
    """One answer changed: which field, from what, to what, and how it is said."""

    model_config = ConfigDict(frozen=True)

    field: str
    old_value: str
    new_value: str
    phrase: str


class Flip(BaseModel):
    """The smallest change of answers that turns the recommendation into `new_kind`."""

    model_config = ConfigDict(frozen=True)

    changes: tuple[Change, ...]
    new_kind: Kind
    new_inputs: DecisionInputs
    adds_contradiction: bool
    # Monthly dollars saved by the change (negative: it costs more); None without prices.
    usd_per_month_saved: float | None = None

    @property
    def cost_words(self) -> str:
        """ "at about $X less a month" (or more, or the same); empty without prices."""
        saved = self.usd_per_month_saved
        if saved is None:
            return ""
        if abs(saved) < 1:
            return "at about the same cost"
        return f"at about {usd(abs(saved))} {'less' if saved > 0 else 'more'} a month"

    @property
    def sentence(self) -> str:
        phrases = " and ".join(c.phrase for c in self.changes)
        verb = "would do" if self.new_kind is not Kind.EITHER else "would both work"
        subject = {
            Kind.REAL_TIME: "a real-time endpoint",
            Kind.BATCH: "batch",
            Kind.EITHER: "real-time and batch",
        }[self.new_kind]
        cost = f", {self.cost_words}" if self.cost_words else ""
        return f"If {phrases}, {subject} {verb}{cost}."


def _fields() -> list[str]:
    return [rule.field for rule in RULES if rule.field is not None]


def _steps(name: str, old: StrEnum, new: StrEnum) -> int:
    return abs(rank(old) - rank(new)) if name in _ORDERED_FIELDS else 1


def _options(inputs: DecisionInputs, name: str) -> list[tuple[int, StrEnum]]:
    current: StrEnum = getattr(inputs, name)
    values = WIZARD_SHAPES if name == "daily_shape" else tuple(type(current))
    return [(_steps(name, current, v), v) for v in values if v is not current]


def what_would_change(
    inputs: DecisionInputs, max_fields: int = 2, with_costs: bool = True
) -> list[Flip]:
    """The smallest answer changes that flip the verdict, one per other verdict reachable.

    "Smallest" is: fewest answers changed, then answers that add no contradiction, then fewest
    notches moved on ordered scales, then the order of `RULES` (most important factor first).
    With prices available, each flip says how many dollars a month it saves (or costs).
    """
    current = kind_of(inputs)
    best: dict[Kind, tuple[tuple[int, int, int, int], Flip]] = {}
    names = _fields()
    before = len(inputs.contradictions())
    for count in range(1, max_fields + 1):
        for combo in itertools.combinations(names, count):
            for choice in itertools.product(*(_options(inputs, n) for n in combo)):
                update = {n: v for n, (_, v) in zip(combo, choice, strict=True)}
                changed = inputs.model_copy(update=update)
                kind = kind_of(changed)
                if kind is current:
                    continue
                adds = len(changed.contradictions()) > before
                steps = sum(s for s, _ in choice)
                order = sum(names.index(n) for n in combo)
                key = (count, int(adds), steps, order)
                if kind in best and best[kind][0] <= key:
                    continue
                changes = tuple(
                    Change(
                        field=n,
                        old_value=str(getattr(inputs, n)),
                        new_value=str(v),
                        phrase=_CHANGE_PHRASES[v],
                    )
                    for n, v in update.items()
                )
                best[kind] = (
                    key,
                    Flip(
                        changes=changes, new_kind=kind, new_inputs=changed, adds_contradiction=adds
                    ),
                )
    flips = [flip for _, flip in sorted(best.values(), key=lambda kv: kv[0])]
    return [_with_cost(inputs, current, flip) for flip in flips] if with_costs else flips


def _side(inputs: DecisionInputs, kind: Kind, costs: MonthlyCosts) -> Side:
    """The side a verdict deploys: itself, or for "either" the cheaper side (or the score's)."""
    if kind.side is not None:
        return kind.side
    if costs.cheaper is not None:
        return costs.cheaper
    return Side.REAL_TIME if sum(_signed(r) for r in _rows(inputs)) >= 0 else Side.BATCH


def _with_cost(inputs: DecisionInputs, current: Kind, flip: Flip) -> Flip:
    before, after = monthly_costs(inputs), monthly_costs(flip.new_inputs)
    if before is None or after is None:
        return flip
    saved = before.of(_side(inputs, current, before)) - after.of(
        _side(flip.new_inputs, flip.new_kind, after)
    )
    return flip.model_copy(update={"usd_per_month_saved": saved})
