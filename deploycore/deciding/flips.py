"""What would change the answer: the smallest change of answers that flips the verdict, with
what it would save or cost a month. Not for the verdict itself (`verdict.py`).
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict

from deploycore.deciding.costs import MonthlyCosts, monthly_costs
from deploycore.deciding.inputs import (
    WIZARD_SHAPES,
    Complexity,
    Deadline,
    DecisionInputs,
    Destination,
    Frequency,
    IdleCost,
    RowsPerRequest,
    rank,
)
from deploycore.deciding.rules import RULES, Kind
from deploycore.deciding.verdict import factor_rows, kind_of, signed_weight
from deploycore.units import usd
from deploycore.vocabulary import DailyShape, Side

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
    return Side.REAL_TIME if sum(signed_weight(r) for r in factor_rows(inputs)) >= 0 else Side.BATCH


def _with_cost(inputs: DecisionInputs, current: Kind, flip: Flip) -> Flip:
    before, after = monthly_costs(inputs), monthly_costs(flip.new_inputs)
    if before is None or after is None:
        return flip
    saved = before.of(_side(inputs, current, before)) - after.of(
        _side(flip.new_inputs, flip.new_kind, after)
    )
    return flip.model_copy(update={"usd_per_month_saved": saved})
