"""Every real-time and batch service in the catalog, each sized and priced by the one engine.

For the cost page's "every cloud at once" table: each service at its cheapest size that fits
(sizes tried in `every_service_candidates.py`), sorted by monthly cost, the cheapest that meets
the deadline marked. Not for sizing or pricing (`engine.py`), CSV or the chart.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from deploycore.costing.catalog import PriceCatalog, PriceRow
from deploycore.costing.every_service_candidates import (
    Candidate,
    batch_candidates,
    batch_rank,
    compare_all,
    is_own,
    own_comparison,
    realtime_choices,
)
from deploycore.costing.inputs import (
    BATCH_SERVICE_LABELS,
    BATCH_SERVICES,
    REALTIME_SERVICE_LABELS,
    REALTIME_SERVICES,
    CostInputs,
)
from deploycore.costing.prices import batch_prices, realtime_prices
from deploycore.costing.results import CostComparison
from deploycore.units import minutes_words, usd
from deploycore.vocabulary import SIDE_WORDS, Side

Provider = Literal["azure", "aws", "gcp"]
_PROVIDER_OF_PREFIX: dict[str, Provider] = {"azure": "azure", "aws": "aws", "gcp": "gcp"}
PROVIDER_WORDS: dict[Provider, str] = {"azure": "Azure", "aws": "AWS", "gcp": "Google Cloud"}


class ServiceRow(BaseModel):
    """One service at one size, as the engine sized and priced it (or the reason it could not)."""

    model_config = ConfigDict(frozen=True)

    side: Side
    provider: Provider
    service: str
    service_label: str
    sku: str
    your_choice: bool = False
    compute_words: str = ""
    count: int | None = None  # real-time: busiest-hour nodes (replicas); batch: nodes per run
    count_words: str = ""
    usd_per_month: float | None = None  # None: the service cannot be priced (see `note`)
    meets_deadline: bool = False
    delivery_words: str = ""
    prices_confirmed: bool = False
    prices_as_of: date | None = None
    note: str = ""
    cheapest_meeting_deadline: bool = False  # the one row, over both sides
    cheapest_of_side_meeting_deadline: bool = False

    @property
    def priced(self) -> bool:
        return self.usd_per_month is not None

    @property
    def name(self) -> str:
        """The service and its size in words, e.g. "AWS SageMaker batch transform (ml.m5.large)"."""
        return f"{self.service_label} ({self.sku})" if self.sku else self.service_label


class ServiceTable(BaseModel):
    """Every service's row: priced rows by monthly cost, then those that cannot be priced."""

    model_config = ConfigDict(frozen=True)

    rows: tuple[ServiceRow, ...]
    tolerated_delay_minutes: float
    summary: str  # the chart's text alternative

    def cheapest_meeting_deadline(self, side: Side | None = None) -> ServiceRow | None:
        """The cheapest row (of a side, or overall) that meets the deadline; None if none does."""
        for row in self.rows:
            if row.priced and row.meets_deadline and side in (None, row.side):
                return row
        return None

    @property
    def providers(self) -> tuple[Provider, ...]:
        """The providers with a row, in the catalog's usual order (Azure, AWS, Google Cloud)."""
        present = {row.provider for row in self.rows}
        return tuple(provider for provider in PROVIDER_WORDS if provider in present)


def price_every_service(inputs: CostInputs, catalog: PriceCatalog) -> ServiceTable:
    """Size and price every service of both sides for the inputs, cheapest first.

    Per-node services keep their cheapest size that fits the model (batch: the cheapest that
    meets the deadline, if any does). Each row's figures come from `compare_monthly_costs`.
    """
    priced = catalog.with_overrides(inputs.price_overrides)
    own = own_comparison(inputs, catalog)
    realtime, rt_failures = realtime_choices(inputs, priced)
    batch, bt_failures = batch_candidates(inputs, priced)
    results = compare_all(inputs, catalog, own, list(realtime.values()), batch)
    rows: list[ServiceRow] = []
    for rt_service in REALTIME_SERVICES:
        if rt_service in realtime:
            choice = realtime[rt_service]
            rows.append(_realtime_row(choice, results[choice.key], is_own(choice, own)))
        else:
            rows.append(_unpriced(Side.REAL_TIME, rt_service, rt_failures[rt_service]))
    for bt_service in BATCH_SERVICES:
        options = [c for c in batch if c.service == bt_service]
        if options:
            best = min(options, key=lambda c: batch_rank(results[c.key]))
            rows.append(_batch_row(best, results[best.key], is_own(best, own)))
        else:
            rows.append(_unpriced(Side.BATCH, bt_service, bt_failures[bt_service]))
    if own is not None:
        mine = _own_prices(inputs, priced)
        rows = [_noted(row, mine[row.side][1]) if row.your_choice else row for row in rows]
        rows.extend(_own_rows(inputs, own, mine, rows))
    return _table(rows, inputs.tolerated_delay_minutes)


# ------------------------------------------------------------------------------- rows


def _provider(service: str) -> Provider:
    return _PROVIDER_OF_PREFIX[service.split("-", 1)[0]]


def _and(words: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _price_facts(rows: tuple[PriceRow, ...]) -> dict[str, Any]:
    return {
        "provider": rows[0].provider,
        "prices_confirmed": all(row.confirmed for row in rows),
        "prices_as_of": min(row.as_of for row in rows),
    }


def _realtime_row(candidate: Candidate, comparison: CostComparison, yours: bool) -> ServiceRow:
    estimate = comparison.realtime
    if estimate.kind == "per-node":
        count, counted = estimate.peak_nodes, "node"
    elif estimate.kind == "per-resource":
        count, counted = estimate.peak_replicas, "container"
    else:
        count, counted = estimate.peak_replicas, "concurrent invocation"
    return ServiceRow(
        side=Side.REAL_TIME, service=candidate.service, service_label=estimate.service_label,
        sku=estimate.sku, your_choice=yours,
        compute_words=estimate.compute_words, count=count,
        count_words=f"{_plural(count, counted)} in the busiest hour",
        usd_per_month=estimate.total_usd_per_month,
        meets_deadline=comparison.meets_deadline(Side.REAL_TIME),
        delivery_words=f"answers a request in {minutes_words(estimate.request_minutes)}",
        note=candidate.note, **_price_facts(candidate.rows),
    )  # fmt: skip


def _batch_row(candidate: Candidate, comparison: CostComparison, yours: bool) -> ServiceRow:
    estimate = comparison.batch
    return ServiceRow(
        side=Side.BATCH, service=candidate.service, service_label=estimate.service_label,
        sku=estimate.sku, your_choice=yours,
        compute_words=estimate.compute_words, count=estimate.nodes_used,
        count_words=f"{_plural(estimate.nodes_used, 'node')} per run",
        usd_per_month=estimate.total_usd_per_month,
        meets_deadline=comparison.meets_deadline(Side.BATCH),
        delivery_words=f"delivers in {minutes_words(estimate.time_to_result_minutes)}",
        note=candidate.note, **_price_facts(candidate.rows),
    )  # fmt: skip


def _unpriced(side: Side, service: str, reason: str) -> ServiceRow:
    labels = REALTIME_SERVICE_LABELS if side is Side.REAL_TIME else BATCH_SERVICE_LABELS
    return ServiceRow(
        side=side, provider=_provider(service), service=service, service_label=labels[service],
        sku="", note=reason,
    )  # fmt: skip


def _own_prices(
    inputs: CostInputs, priced: PriceCatalog
) -> dict[Side, tuple[tuple[PriceRow, ...], str]]:
    """The price rows of the inputs' own choices, and the engine's notes (a size not offered)."""
    rt, bt = realtime_prices(inputs, priced), batch_prices(inputs, priced)
    return {
        Side.REAL_TIME: (rt.rows, " ".join(rt.notes)),
        Side.BATCH: (bt.rows, " ".join(bt.notes)),
    }


def _noted(row: ServiceRow, note: str) -> ServiceRow:
    return (
        row.model_copy(update={"note": " ".join(filter(None, (row.note, note)))}) if note else row
    )


def _own_rows(
    inputs: CostInputs,
    own: CostComparison,
    mine: dict[Side, tuple[tuple[PriceRow, ...], str]],
    rows: list[ServiceRow],
) -> list[ServiceRow]:
    """The inputs' own choices where they are not already a service's row (a dearer size)."""
    extra: list[ServiceRow] = []
    for side in (Side.REAL_TIME, Side.BATCH):
        if any(row.your_choice and row.side is side for row in rows):
            continue
        price_rows, note = mine[side]
        if side is Side.REAL_TIME:
            candidate = Candidate(side, inputs.realtime_service, inputs, price_rows, note)
            extra.append(_realtime_row(candidate, own, True))
        else:
            candidate = Candidate(side, inputs.batch_service, inputs, price_rows, note)
            extra.append(_batch_row(candidate, own, True))
    return extra


# ------------------------------------------------------------------------------ table


def _table(rows: list[ServiceRow], tolerated_minutes: float) -> ServiceTable:
    side_order = {Side.REAL_TIME: 0, Side.BATCH: 1}
    priced = sorted(
        (row for row in rows if row.usd_per_month is not None),
        key=lambda row: (
            row.usd_per_month or 0.0, not row.meets_deadline, side_order[row.side], row.name,
        ),
    )  # fmt: skip
    unpriced = [row for row in rows if row.usd_per_month is None]
    marked: list[ServiceRow] = []
    seen_sides: set[Side] = set()
    for row in priced:
        update: dict[str, bool] = {}
        if row.meets_deadline and row.side not in seen_sides:
            update["cheapest_of_side_meeting_deadline"] = True
            update["cheapest_meeting_deadline"] = not seen_sides
            seen_sides.add(row.side)
        marked.append(row.model_copy(update=update) if update else row)
    table = ServiceTable(rows=tuple(marked + unpriced), tolerated_delay_minutes=tolerated_minutes,
                         summary="")  # fmt: skip
    return table.model_copy(update={"summary": summary(table)})


def deadline_words(tolerated_minutes: float) -> str:
    """The deadline in words: "immediately" or "within 60.0 min"."""
    if tolerated_minutes == 0:
        return "immediately"
    return f"within {minutes_words(tolerated_minutes)}"


def summary(table: ServiceTable) -> str:
    """The table in sentences: the range, the marked rows, who misses and who cannot be priced."""
    priced = [row for row in table.rows if row.priced]
    providers = _and([PROVIDER_WORDS[p] for p in table.providers])
    deadline = deadline_words(table.tolerated_delay_minutes)
    if not priced:
        return f"No service on {providers} can be priced for this workload."
    low, high = priced[0], priced[-1]
    parts = [
        f"{_plural(len(priced), 'option')} on {providers} priced for this workload, from "
        f"{usd(low.usd_per_month or 0.0)} ({low.name}, {SIDE_WORDS[low.side]}) to "
        f"{usd(high.usd_per_month or 0.0)} ({high.name}, {SIDE_WORDS[high.side]}) per month."
    ]
    best = table.cheapest_meeting_deadline()
    if best is None:
        parts.append(f"None delivers {deadline}, the tolerated delay.")
    else:
        parts.append(
            f"The cheapest that delivers {deadline} is {best.name}, {SIDE_WORDS[best.side]}, at "
            f"{usd(best.usd_per_month or 0.0)} per month."
        )
        other_side = Side.BATCH if best.side is Side.REAL_TIME else Side.REAL_TIME
        other = table.cheapest_meeting_deadline(other_side)
        if other is not None:
            parts.append(
                f"The cheapest {SIDE_WORDS[other_side]} option that does is {other.name} at "
                f"{usd(other.usd_per_month or 0.0)}."
            )
    late = [row.name for row in priced if not row.meets_deadline]
    if late:
        names = ", ".join(late)
        parts.append(f"{_plural(len(late), 'option')} cannot deliver {deadline}: {names}.")
    unpriced = [row.service_label for row in table.rows if not row.priced]
    if unpriced:
        parts.append(f"Cannot be priced: {', '.join(unpriced)} (reasons in the table).")
    return " ".join(parts)
