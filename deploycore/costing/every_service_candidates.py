"""Which sizes to try for each service, and the engine calls that size and price them.

For `every_service.py`: the candidates of both sides (sizes that fit the model, the inputs'
priority) and one `compare_monthly_costs` per candidate. Not for rows, marks or words.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

import numpy as np

from deploycore.costing.catalog import PriceCatalog, PriceRow, Priority
from deploycore.costing.engine import compare_monthly_costs, realtime_monthly
from deploycore.costing.inputs import BATCH_SERVICES, REALTIME_SERVICES, CostInputs
from deploycore.costing.prices import (
    BATCH_CATALOG_SERVICE,
    REALTIME_CATALOG_SERVICE,
    CostInputError,
    batch_prices,
    realtime_prices,
)
from deploycore.costing.results import CostComparison
from deploycore.vocabulary import Side

# Priced per container or per GB-second: the engine sizes them from the model, no node to pick.
NO_NODE_SIZE = frozenset({"azure-container-instances", "aws-sagemaker-serverless"})
# Fields that say which service and size each side runs on.
_REALTIME_FIELDS = ("realtime_service", "realtime_node_sku")
_BATCH_FIELDS = ("batch_service", "batch_node_sku", "low_priority")
_STAND_IN_SKU = "every-service-stand-in"


@dataclass(frozen=True)
class Candidate:
    """A copy of the inputs with one service and size on one side, its price rows resolved."""

    side: Side
    service: str
    inputs: CostInputs
    rows: tuple[PriceRow, ...]
    note: str = ""

    @property
    def fields(self) -> dict[str, Any]:
        names = _REALTIME_FIELDS if self.side is Side.REAL_TIME else _BATCH_FIELDS
        return {name: getattr(self.inputs, name) for name in names}

    @property
    def key(self) -> tuple[object, ...]:
        return (self.side, *self.fields.values())


def own_comparison(inputs: CostInputs, catalog: PriceCatalog) -> CostComparison | None:
    """The page's own estimate for the inputs, or None when they cannot be priced."""
    try:
        return compare_monthly_costs(inputs, catalog)
    except CostInputError:
        return None


def _sizes(catalog: PriceCatalog, service: str, priority: Priority) -> list[str]:
    """The service's sizes at that priority, smallest first (a tie in cost keeps the smaller)."""
    rows = catalog.find(service, priority=priority)
    rows.sort(key=lambda row: (row.vcpu or 0.0, row.memory_gb or 0.0))
    return list(dict.fromkeys(row.sku for row in rows))


def _no_size_fits(reasons: list[str]) -> str:
    if len(reasons) == 1:
        return reasons[0]
    return f"No size in the catalog fits the model. The largest: {reasons[-1]}"


def realtime_choices(
    inputs: CostInputs, priced: PriceCatalog
) -> tuple[dict[str, Candidate], dict[str, str]]:
    """Per real-time service, its cheapest size that fits, or the reason none can be priced.

    Sizes are compared with the engine's own `realtime_monthly`, the function the full
    comparison calls, so the one chosen costs exactly what its row later shows.
    """
    choices: dict[str, Candidate] = {}
    failures: dict[str, str] = {}
    for service in REALTIME_SERVICES:
        skus = []
        if service not in NO_NODE_SIZE:
            skus = _sizes(priced, REALTIME_CATALOG_SERVICE[service], "dedicated")
        fitting: list[tuple[float, Candidate]] = []
        reasons: list[str] = []
        for sku in skus or [inputs.realtime_node_sku]:  # none listed: the engine says why
            sized = inputs.model_copy(
                update={"realtime_service": service, "realtime_node_sku": sku}
            )
            try:
                prices = realtime_prices(sized, priced)
            except CostInputError as problem:
                reasons.append(str(problem))
                continue
            usd_per_month = 0.0  # one size: nothing to choose between
            if len(skus) > 1:
                monthly = realtime_monthly(
                    sized, prices, np.array([sized.predictions_per_day]),
                    np.array([sized.peak_requests_per_second]),
                )  # fmt: skip
                usd_per_month = float(monthly.total_usd[0])
            fitting.append((usd_per_month, Candidate(Side.REAL_TIME, service, sized, prices.rows)))
        if fitting:
            choices[service] = min(fitting, key=lambda pair: pair[0])[1]
        else:
            failures[service] = _no_size_fits(reasons)
    return choices, failures


def batch_candidates(
    inputs: CostInputs, priced: PriceCatalog
) -> tuple[list[Candidate], dict[str, str]]:
    """Every batch service's sizes that fit, at the inputs' priority, or why none can be priced.

    Low-priority falls back to dedicated nodes, with a note, where the catalog has no
    low-priority prices for that service.
    """
    candidates: list[Candidate] = []
    failures: dict[str, str] = {}
    wanted: Priority = "low-priority" if inputs.low_priority else "dedicated"
    for service in BATCH_SERVICES:
        catalog_service = BATCH_CATALOG_SERVICE[service]
        low, note = inputs.low_priority, ""
        skus = _sizes(priced, catalog_service, wanted)
        if low and not skus and _sizes(priced, catalog_service, "dedicated"):
            low, skus = False, _sizes(priced, catalog_service, "dedicated")
            note = "No low-priority prices in the catalog: priced on dedicated nodes."
        reasons: list[str] = []
        before = len(candidates)
        for sku in skus or [inputs.batch_node_sku]:
            candidate = inputs.model_copy(
                update={"batch_service": service, "batch_node_sku": sku, "low_priority": low}
            )
            try:
                prices = batch_prices(candidate, priced)
            except CostInputError as problem:
                reasons.append(str(problem))
                continue
            candidates.append(Candidate(Side.BATCH, service, candidate, prices.rows, note))
        if len(candidates) == before:
            failures[service] = _no_size_fits(reasons)
    return candidates, failures


# ------------------------------------------------------------------------- the engine


def is_own(candidate: Candidate, own: CostComparison | None) -> bool:
    """Whether the candidate is the inputs' own choice on its side, as the engine resolved it."""
    if own is None:
        return False
    if candidate.side is Side.REAL_TIME:
        same_size = (
            candidate.service in NO_NODE_SIZE
            or candidate.inputs.realtime_node_sku == own.realtime.sku
        )
        return candidate.service == own.inputs.realtime_service and same_size
    priority = "low-priority" if candidate.inputs.low_priority else "dedicated"
    return (candidate.service, candidate.inputs.batch_node_sku, priority) == (
        own.inputs.batch_service, own.batch.sku, own.batch.priority,
    )  # fmt: skip


def compare_all(
    inputs: CostInputs,
    catalog: PriceCatalog,
    own: CostComparison | None,
    realtime: list[Candidate],
    batch: list[Candidate],
) -> dict[tuple[object, ...], CostComparison]:
    """One `compare_monthly_costs` per candidate, a real-time and a batch one in each call.

    The inputs' own choice reuses the page's own comparison. When one side has no candidate
    at all, the other side's calls run beside a stand-in node that fits any model and is
    never shown.
    """
    results: dict[tuple[object, ...], CostComparison] = {}
    todo: dict[Side, list[Candidate]] = {Side.REAL_TIME: [], Side.BATCH: []}
    for candidate in realtime + batch:
        if own is not None and is_own(candidate, own):
            results[candidate.key] = own
        else:
            todo[candidate.side].append(candidate)
    call_catalog = catalog
    partner: dict[Side, dict[str, Any]] = {}
    for side, options in ((Side.REAL_TIME, realtime), (Side.BATCH, batch)):
        if options:
            partner[side] = options[0].fields
        else:
            partner[side], stand_in = _stand_in(side, catalog, inputs)
            call_catalog = PriceCatalog(rows=call_catalog.rows + (stand_in,), name=catalog.name)
    for rt, bt in zip_longest(todo[Side.REAL_TIME], todo[Side.BATCH]):
        fields = {
            **(rt.fields if rt else partner[Side.REAL_TIME]),
            **(bt.fields if bt else partner[Side.BATCH]),
        }
        comparison = compare_monthly_costs(inputs.model_copy(update=fields), call_catalog)
        for candidate in (rt, bt):
            if candidate is not None:
                results[candidate.key] = comparison
    return results


def _stand_in(
    side: Side, catalog: PriceCatalog, inputs: CostInputs
) -> tuple[dict[str, Any], PriceRow]:
    """A free node larger than any model copy, for calls whose other side has nothing that fits
    (in the Azure region the inputs price, so the engine's region filter keeps it)."""
    if side is Side.REAL_TIME:
        service = "azure-ml-online-endpoint"
        catalog_service = REALTIME_CATALOG_SERVICE[service]
        fields: dict[str, Any] = {"realtime_service": service, "realtime_node_sku": _STAND_IN_SKU}
    else:
        service = "azure-ml-compute-cluster"
        catalog_service = BATCH_CATALOG_SERVICE[service]
        fields = {"batch_service": service, "batch_node_sku": _STAND_IN_SKU, "low_priority": False}
    row = PriceRow(
        price_id=f"{_STAND_IN_SKU}-{side}", provider="azure", service=catalog_service,
        sku=_STAND_IN_SKU, unit="node-hour", usd_per_unit=0.0, vcpu=1e6,
        region=inputs.region_for("azure") or catalog.default_region("azure") or "none",
        memory_gb=1e6, source_url="https://stand-in.invalid", as_of=catalog.newest_as_of(),
    )  # fmt: skip
    return fields, row


def batch_rank(comparison: CostComparison) -> tuple[bool, float]:
    """Batch sizes rank by meeting the deadline first, then by monthly cost."""
    return (not comparison.meets_deadline(Side.BATCH), comparison.batch_usd_per_month)
