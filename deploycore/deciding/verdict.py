"""The verdict for one use case: real-time, batch or either, a confidence, one row per factor,
and the compute it names, exactly as the cost engine sized and priced it (`costs.py`).
Not for the rules themselves (`rules.py`) or what would change the answer (`flips.py`).
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict

from deploycore.deciding.costs import MonthlyCosts, monthly_costs
from deploycore.deciding.inputs import (
    LABELS,
    DecisionInputs,
    label,
)
from deploycore.deciding.rules import (
    ALWAYS_ON_WORDS,
    DIRECTION_WORDS,
    KIND_WORDS,
    RULES,
    AlwaysOnUse,
    Confidence,
    Direction,
    Kind,
    Rule,
    always_on_busy_fraction,
)
from deploycore.units import usd
from deploycore.vocabulary import SIDE_WORDS, Side

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


def factor_rows(inputs: DecisionInputs) -> tuple[FactorRow, ...]:
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


def signed_weight(row: FactorRow) -> float:
    sign = {Direction.REAL_TIME: 1.0, Direction.BATCH: -1.0, Direction.NEUTRAL: 0.0}
    return sign[row.direction] * row.weight


def _verdict(rows: tuple[FactorRow, ...]) -> tuple[Kind, float, bool]:
    score = sum(signed_weight(r) for r in rows)
    if any(r.decisive for r in rows):
        return Kind.REAL_TIME, score, True
    if score >= DECIDE_AT:
        return Kind.REAL_TIME, score, False
    if score <= -DECIDE_AT:
        return Kind.BATCH, score, False
    return Kind.EITHER, score, False


def kind_of(inputs: DecisionInputs) -> Kind:
    """Only the verdict (used when searching for the change that flips it)."""
    return _verdict(factor_rows(inputs))[0]


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
    rows = factor_rows(inputs)
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
