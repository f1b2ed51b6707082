"""Break-even: both sides' monthly cost over a range of daily volumes, and where the cheaper
side switches, found exactly on the step functions the sizing makes.

For the break-even chart and its words. Not for one volume's figures (`engine.py`).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, ConfigDict

from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import cheaper_of, monthly_totals
from deploycore.costing.inputs import CostInputs
from deploycore.costing.prices import BatchPrices, RealtimePrices, batch_prices, realtime_prices
from deploycore.costing.queueing import FloatArray
from deploycore.units import usd
from deploycore.vocabulary import SIDE_WORDS, Side, runs_per_month

# Bisection stops when the two volumes are at most one prediction a day apart.
RESOLUTION_PER_DAY = 1.0
_MAX_BISECTIONS = 200


class Switch(BaseModel):
    """Where the cheaper side changes: at `below` one side is cheaper, at `at` the other."""

    model_config = ConfigDict(frozen=True)

    below_daily_volume: float
    at_daily_volume: float
    cheaper_below: Side
    cheaper_at: Side
    realtime_usd_below: float
    batch_usd_below: float
    realtime_usd_at: float
    batch_usd_at: float

    @property
    def words(self) -> str:
        return (
            f"At {self.at_daily_volume:,.0f} predictions a day {SIDE_WORDS[self.cheaper_at]} "
            f"becomes cheaper (real-time {usd(self.realtime_usd_at)}, batch "
            f"{usd(self.batch_usd_at)} a month); at {self.below_daily_volume:,.0f} a day "
            f"{SIDE_WORDS[self.cheaper_below]} was (real-time {usd(self.realtime_usd_below)}, "
            f"batch {usd(self.batch_usd_below)})."
        )


class BreakEven(BaseModel):
    """Monthly cost of both options over a range of daily volumes, and where they switch."""

    model_config = ConfigDict(frozen=True)

    daily_volumes: tuple[float, ...]
    realtime_usd_per_month: tuple[float, ...]
    batch_usd_per_month: tuple[float, ...]
    batch_meets_delay: tuple[bool, ...]
    switches: tuple[Switch, ...]
    current_daily_volume: float
    no_switch_reason: str | None

    @property
    def crossovers(self) -> tuple[float, ...]:
        """The daily volumes at which the cheaper side switches."""
        return tuple(s.at_daily_volume for s in self.switches)


def _side_at(
    inputs: CostInputs, rt_prices: RealtimePrices, bt_prices: BatchPrices, volume: float
) -> tuple[Side, float, float]:
    rt, bt, _ = monthly_totals(inputs, rt_prices, bt_prices, np.array([volume]))
    return cheaper_of(float(rt[0]), float(bt[0])), float(rt[0]), float(bt[0])


def _midpoint(low: float, high: float) -> float:
    """A whole number strictly between low and high where there is one, else the middle."""
    middle = math.floor((low + high) / 2.0)
    return float(middle) if low < middle < high else (low + high) / 2.0


def find_switch(
    inputs: CostInputs,
    rt_prices: RealtimePrices,
    bt_prices: BatchPrices,
    low: float,
    high: float,
) -> Switch:
    """Bisect between two volumes whose cheaper sides differ, to one prediction a day."""
    side_low, rt_low, bt_low = _side_at(inputs, rt_prices, bt_prices, low)
    side_high, rt_high, bt_high = _side_at(inputs, rt_prices, bt_prices, high)
    if side_low is side_high:
        raise ValueError("the cheaper side is the same at both volumes: nothing to bisect")
    for _ in range(_MAX_BISECTIONS):
        if high - low <= RESOLUTION_PER_DAY:
            break
        middle = _midpoint(low, high)
        side, rt, bt = _side_at(inputs, rt_prices, bt_prices, middle)
        if side is side_low:
            low, rt_low, bt_low = middle, rt, bt
        else:
            high, rt_high, bt_high = middle, rt, bt
    return Switch(
        below_daily_volume=low, at_daily_volume=high, cheaper_below=side_low,
        cheaper_at=side_high, realtime_usd_below=rt_low, batch_usd_below=bt_low,
        realtime_usd_at=rt_high, batch_usd_at=bt_high,
    )  # fmt: skip


def break_even_sweep(
    inputs: CostInputs,
    catalog: PriceCatalog | None = None,
    daily_volumes: FloatArray | None = None,
    points: int = 200,
) -> BreakEven:
    """Both costs against daily volume (peak and batch rows follow it) and the exact switches."""
    base = catalog if catalog is not None else load_catalog()
    priced = base.with_overrides(inputs.price_overrides)
    rt_prices = realtime_prices(inputs, priced)
    bt_prices = batch_prices(inputs, priced)
    if daily_volumes is None:
        centre = max(inputs.predictions_per_day, 1000.0)
        daily_volumes = np.geomspace(centre / 1000.0, centre * 100.0, points)
    volumes = np.asarray(daily_volumes, dtype=np.float64)
    rt, bt, delivery_min = monthly_totals(inputs, rt_prices, bt_prices, volumes)
    sides = [cheaper_of(float(r), float(b)) for r, b in zip(rt, bt, strict=True)]
    switches = tuple(
        find_switch(inputs, rt_prices, bt_prices, float(volumes[i]), float(volumes[i + 1]))
        for i in range(len(sides) - 1)
        if sides[i] is not sides[i + 1]
    )
    return BreakEven(
        daily_volumes=tuple(float(v) for v in volumes),
        realtime_usd_per_month=tuple(float(v) for v in rt),
        batch_usd_per_month=tuple(float(v) for v in bt),
        batch_meets_delay=tuple(
            bool(m <= inputs.tolerated_delay_minutes + 1e-9) for m in delivery_min
        ),
        switches=switches,
        current_daily_volume=inputs.predictions_per_day,
        no_switch_reason=None if switches else _why_no_switch(inputs, volumes, rt, bt, sides),
    )


def _why_no_switch(
    inputs: CostInputs, volumes: FloatArray, rt: FloatArray, bt: FloatArray, sides: list[Side]
) -> str:
    """Why the lines never cross over the range, in words, with the figures at both ends."""
    if not sides:
        return "No volumes to compare."
    side = sides[0]
    first, last = f"{volumes[0]:,.0f}", f"{volumes[-1]:,.0f}"
    ends = (
        f"At {first} a day real-time costs {usd(float(rt[0]))} and batch {usd(float(bt[0]))} a "
        f"month; at {last} a day, {usd(float(rt[-1]))} and {usd(float(bt[-1]))}."
    )
    if side is Side.BATCH:
        floor = (
            f"at least {inputs.min_replicas} replica(s) run all month whatever the traffic"
            if inputs.realtime_service != "aws-sagemaker-serverless"
            else "serverless pays per request as batch does, but at a higher rate"
        )
        return (
            f"The lines never cross between {first} and {last} predictions a day: batch is "
            f"cheaper throughout, because real-time pays for always-on capacity ({floor}) while "
            f"batch pays only while its runs are going. {ends}"
        )
    return (
        f"The lines never cross between {first} and {last} predictions a day: real-time is "
        "cheaper throughout, because every batch run pays for node start-up and the idle wait "
        f"before scale-down, {runs_per_month(inputs.batch_schedule):,.0f} runs a month, which "
        f"costs more than keeping the endpoint up. {ends}"
    )
