"""Sensitivity (tornado): how far each input moves real-time minus batch, one at a time.

For showing stakeholders which assumption matters most. Not for the estimate itself.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from deploycore.costing.catalog import PriceCatalog, load_catalog
from deploycore.costing.engine import batch_monthly, realtime_monthly
from deploycore.costing.inputs import (
    SEED_STARTUP_MINUTES_HIGH,
    SEED_STARTUP_MINUTES_LOW,
    CostInputs,
)
from deploycore.costing.prices import batch_prices, realtime_prices


class TornadoBar(BaseModel):
    """How far one input moves the answer (real-time minus batch, USD per month)."""

    model_config = ConfigDict(frozen=True)

    label: str
    low_text: str
    high_text: str
    difference_at_low_usd: float
    difference_at_high_usd: float

    @property
    def swing_usd(self) -> float:
        return abs(self.difference_at_high_usd - self.difference_at_low_usd)


class Tornado(BaseModel):
    model_config = ConfigDict(frozen=True)

    base_difference_usd: float
    bars: tuple[TornadoBar, ...]  # biggest swing first


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _difference(
    inputs: CostInputs, catalog: PriceCatalog, rt_factor: float = 1.0, bt_factor: float = 1.0
) -> float:
    rt_prices = realtime_prices(inputs, catalog).scaled(rt_factor)
    bt_prices = batch_prices(inputs, catalog).scaled(bt_factor)
    rt = realtime_monthly(
        inputs, rt_prices, np.array([inputs.predictions_per_day]),
        np.array([inputs.peak_requests_per_second]),
    )  # fmt: skip
    bt = batch_monthly(inputs, bt_prices, np.array([inputs.rows_per_run]))
    return float(rt.total_usd[0] - bt.total_usd[0])


def sensitivity(inputs: CostInputs, catalog: PriceCatalog | None = None) -> Tornado:
    """Vary one input at a time (low/high) and record real-time minus batch monthly cost."""
    base = catalog if catalog is not None else load_catalog()
    priced = base.with_overrides(inputs.price_overrides)
    base_diff = _difference(inputs, priced)

    def vary(**update: object) -> float:
        data = {**inputs.model_dump(), **update}
        request_ms = float(str(data["latency_ms"])) * inputs.rows_per_request
        if float(str(data["p95_latency_target_ms"])) <= request_ms:
            data["p95_latency_target_ms"] = request_ms * 4
        return _difference(CostInputs.model_validate(data), priced)

    i = inputs
    varied: list[tuple[str, str, dict[str, object], dict[str, object]]] = [
        ("Predictions per day", "predictions_per_day",
         {"predictions_per_day": i.predictions_per_day / 2},
         {"predictions_per_day": i.predictions_per_day * 2}),
        ("Peak requests per second", "peak_requests_per_second",
         {"peak_requests_per_second": i.peak_requests_per_second / 2},
         {"peak_requests_per_second": i.peak_requests_per_second * 2}),
        ("Latency per prediction (ms)", "latency_ms",
         {"latency_ms": i.latency_ms / 2}, {"latency_ms": i.latency_ms * 2}),
        ("Minimum replicas", "min_replicas",
         {"min_replicas": max(1, i.min_replicas - 1)}, {"min_replicas": i.min_replicas + 1}),
        ("Target utilisation (%)", "target_utilisation_percent",
         {"target_utilisation_percent": 50.0}, {"target_utilisation_percent": 90.0}),
        ("Node start-up (min)", "node_startup_minutes",
         {"node_startup_minutes": SEED_STARTUP_MINUTES_LOW},
         {"node_startup_minutes": SEED_STARTUP_MINUTES_HIGH}),
    ]  # fmt: skip
    if i.rows_per_run_override is not None:
        varied.append(
            ("Rows per batch run", "rows_per_run_override",
             {"rows_per_run_override": i.rows_per_run_override // 2},
             {"rows_per_run_override": i.rows_per_run_override * 2}),
        )  # fmt: skip
    bars = [
        TornadoBar(
            label=label,
            low_text=_short(low[field]),
            high_text=_short(high[field]),
            difference_at_low_usd=vary(**low),
            difference_at_high_usd=vary(**high),
        )  # fmt: skip
        for label, field, low, high in varied
    ]
    for label, rt_low, rt_high, bt_low, bt_high in (
        ("Real-time prices", 0.75, 1.25, 1.0, 1.0),
        ("Batch prices", 1.0, 1.0, 0.75, 1.25),
    ):
        bars.append(
            TornadoBar(
                label=label,
                low_text="-25 %",
                high_text="+25 %",
                difference_at_low_usd=_difference(inputs, priced, rt_low, bt_low),
                difference_at_high_usd=_difference(inputs, priced, rt_high, bt_high),
            )  # fmt: skip
        )
    bars.sort(key=lambda bar: bar.swing_usd, reverse=True)
    return Tornado(base_difference_usd=base_diff, bars=tuple(bars))
