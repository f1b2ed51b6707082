"""Prices for one workload's two sides, resolved from the catalog: which row, and per what.

For turning the chosen services and sizes into USD per replica-hour, node-hour or GB-second,
and how many model copies fit a node. Not for sizing or monthly totals (`engine.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from deploycore.costing.catalog import PriceCatalog, PriceRow, Priority
from deploycore.costing.inputs import BATCH_SERVICE_LABELS, REALTIME_SERVICE_LABELS, CostInputs
from deploycore.units import SECONDS_PER_HOUR

SERVERLESS_MEMORY_GB_CHOICES = (1, 2, 3, 4, 5, 6)  # SageMaker serverless memory sizes

# Which catalog service each option prices from.
REALTIME_CATALOG_SERVICE: dict[str, str] = {
    "azure-container-instances": "container-instances",
    "azure-kubernetes-service-free": "aks-node",
    "azure-kubernetes-service-standard": "aks-node",
    "azure-ml-online-endpoint": "ml-online-endpoint",
    "aws-sagemaker-realtime": "sagemaker-realtime",
    "aws-sagemaker-serverless": "sagemaker-serverless",
    "gcp-vertex-online-prediction": "vertex-online-prediction",
}
AKS_TIER: dict[str, str] = {
    "azure-kubernetes-service-free": "free",
    "azure-kubernetes-service-standard": "standard",
}
_PER_USE_SERVICES = {"azure-container-instances", "aws-sagemaker-serverless"}
BATCH_CATALOG_SERVICE: dict[str, str] = {
    "azure-ml-compute-cluster": "ml-compute-cluster",
    "aws-sagemaker-batch-transform": "sagemaker-batch-transform",
    "gcp-vertex-batch-prediction": "vertex-batch-prediction",
}


# The provider behind each option (its prices come from that provider's chosen region).
SERVICE_PROVIDER: dict[str, str] = {
    **{service: service.split("-", 1)[0] for service in REALTIME_CATALOG_SERVICE},
    **{service: service.split("-", 1)[0] for service in BATCH_CATALOG_SERVICE},
}


class CostInputError(ValueError):
    """Inputs that cannot be priced (e.g. a replica larger than the node); the text says why."""


@dataclass(frozen=True)
class RealtimePrices:
    kind: Literal["per-resource", "per-node", "serverless"]
    sku: str
    usd_per_replica_hour: float  # per-resource; per-node: node price / replicas per node
    usd_per_node_hour: float
    replicas_per_node: int
    control_plane_usd_per_hour: float
    serverless_usd_per_gb_second: float
    serverless_memory_gb: float
    rows: tuple[PriceRow, ...]
    notes: tuple[str, ...]

    def scaled(self, factor: float) -> RealtimePrices:
        return replace(
            self,
            usd_per_replica_hour=self.usd_per_replica_hour * factor,
            usd_per_node_hour=self.usd_per_node_hour * factor,
            control_plane_usd_per_hour=self.control_plane_usd_per_hour * factor,
            serverless_usd_per_gb_second=self.serverless_usd_per_gb_second * factor,
        )


@dataclass(frozen=True)
class BatchPrices:
    sku: str
    priority: Priority
    usd_per_node_hour: float
    parallelism: int
    rows: tuple[PriceRow, ...]
    notes: tuple[str, ...]

    def scaled(self, factor: float) -> BatchPrices:
        return replace(self, usd_per_node_hour=self.usd_per_node_hour * factor)


def regional_catalog(catalog: PriceCatalog, inputs: CostInputs, option: str) -> PriceCatalog:
    """The catalog narrowed to the region chosen for the option's provider (never another
    region's price: a row missing there is missing)."""
    provider = SERVICE_PROVIDER[option]
    region = inputs.region_for(provider) or catalog.default_region(provider)
    return catalog if region is None else catalog.in_region(provider, region)


def _no_regional_price(
    everywhere: PriceCatalog, here: PriceCatalog, service: str, sku: str | None, label: str
) -> None:
    """Refuse, in words, a price the catalog has only for other regions."""

    def rows(catalog: PriceCatalog, wanted: str | None) -> list[PriceRow]:
        return catalog.find(service, wanted) + catalog.find(service, wanted, "low-priority")

    for wanted in (sku, None) if sku is not None else (None,):
        elsewhere = rows(everywhere, wanted)
        if elsewhere and not rows(here, wanted):
            regions = ", ".join(sorted({row.region for row in elsewhere}))
            what = f"{wanted} on {label}" if wanted else label
            raise CostInputError(
                f"No price for {what} in this region: the catalog has it only for {regions}. "
                "The estimate never borrows another region's price: pick one of those regions, "
                "another size, or enter your own price."
            )


def _pick_sku(
    catalog: PriceCatalog, service: str, wanted: str, priority: Priority, label: str
) -> tuple[PriceRow, tuple[str, ...]]:
    rows = catalog.find(service, wanted, priority)
    if rows:
        return rows[0], ()
    offered = catalog.find(service, priority=priority)
    if not offered:
        what = "low-priority " if priority == "low-priority" else ""
        raise CostInputError(
            f"The price catalog has no {what}prices for {label}: pick another service"
            + (" or switch low-priority nodes off." if priority == "low-priority" else ".")
        )
    return offered[0], (f"{wanted} is not offered for {label}; using {offered[0].sku} instead.",)


def _fits(row: PriceRow, inputs: CostInputs, what: str) -> int:
    if row.vcpu is None or row.memory_gb is None:
        raise CostInputError(f"The catalog row {row.price_id} lacks vcpu or memory_gb.")
    by_cpu = math.floor(row.vcpu / inputs.replica_vcpu + 1e-9)
    by_memory = math.floor(row.memory_gb / inputs.replica_memory_gb + 1e-9)
    count = min(by_cpu, by_memory)
    if count < 1:
        raise CostInputError(
            f"One model copy needs {inputs.replica_vcpu:g} vCPU and {inputs.replica_memory_gb:g} "
            f"GB, but a {row.sku} {what} has {row.vcpu:g} vCPU and {row.memory_gb:g} GB: choose "
            "a larger size or a smaller model."
        )
    return count


def realtime_prices(inputs: CostInputs, catalog: PriceCatalog) -> RealtimePrices:
    """Resolve the real-time option's prices from the catalog, in the provider's chosen region."""
    service = inputs.realtime_service
    label = REALTIME_SERVICE_LABELS[service]
    catalog_service = REALTIME_CATALOG_SERVICE[service]
    everywhere, catalog = catalog, regional_catalog(catalog, inputs, service)
    sku = None if service in _PER_USE_SERVICES else inputs.realtime_node_sku
    _no_regional_price(everywhere, catalog, catalog_service, sku, label)
    if service in AKS_TIER:
        _no_regional_price(everywhere, catalog, "aks-control-plane", AKS_TIER[service], label)
    if service == "azure-container-instances":
        vcpu_rows = [r for r in catalog.find(catalog_service) if r.unit == "vcpu-second"]
        gb_rows = [r for r in catalog.find(catalog_service) if r.unit == "gb-second"]
        if not vcpu_rows or not gb_rows:
            raise CostInputError(
                f"The price catalog lacks vCPU-second or GB-second prices for {label}."
            )
        per_hour = (
            inputs.replica_vcpu * vcpu_rows[0].usd_per_unit
            + inputs.replica_memory_gb * gb_rows[0].usd_per_unit
        ) * SECONDS_PER_HOUR
        return RealtimePrices(
            kind="per-resource",
            sku=f"{inputs.replica_vcpu:g} vCPU, {inputs.replica_memory_gb:g} GB",
            usd_per_replica_hour=per_hour, usd_per_node_hour=per_hour, replicas_per_node=1,
            control_plane_usd_per_hour=0.0, serverless_usd_per_gb_second=0.0,
            serverless_memory_gb=0.0, rows=(vcpu_rows[0], gb_rows[0]), notes=(),
        )  # fmt: skip
    if service == "aws-sagemaker-serverless":
        rows = [r for r in catalog.find(catalog_service) if r.unit == "serverless-gb-second"]
        if not rows:
            raise CostInputError(
                f"The price catalog has no serverless GB-second price for {label}."
            )
        if inputs.replica_memory_gb > max(SERVERLESS_MEMORY_GB_CHOICES):
            raise CostInputError(
                f"{label} offers at most {max(SERVERLESS_MEMORY_GB_CHOICES)} GB of memory; the "
                f"model needs {inputs.replica_memory_gb:g} GB: pick another service."
            )
        memory = float(
            next(m for m in SERVERLESS_MEMORY_GB_CHOICES if m >= inputs.replica_memory_gb - 1e-9)
        )
        return RealtimePrices(
            kind="serverless", sku=f"{memory:g} GB serverless", usd_per_replica_hour=0.0,
            usd_per_node_hour=0.0, replicas_per_node=1, control_plane_usd_per_hour=0.0,
            serverless_usd_per_gb_second=rows[0].usd_per_unit, serverless_memory_gb=memory,
            rows=(rows[0],), notes=(),
        )  # fmt: skip
    node, notes = _pick_sku(catalog, catalog_service, inputs.realtime_node_sku, "dedicated", label)
    per_node = _fits(node, inputs, "node")
    used: list[PriceRow] = [node]
    control = 0.0
    if service in AKS_TIER:
        tier_rows = catalog.find("aks-control-plane", AKS_TIER[service])
        if not tier_rows:
            raise CostInputError(f"The price catalog has no control-plane price for {label}.")
        control = tier_rows[0].usd_per_unit
        used.append(tier_rows[0])
    return RealtimePrices(
        kind="per-node", sku=node.sku, usd_per_replica_hour=node.usd_per_unit / per_node,
        usd_per_node_hour=node.usd_per_unit, replicas_per_node=per_node,
        control_plane_usd_per_hour=control, serverless_usd_per_gb_second=0.0,
        serverless_memory_gb=0.0, rows=tuple(used), notes=notes,
    )  # fmt: skip


def batch_prices(inputs: CostInputs, catalog: PriceCatalog) -> BatchPrices:
    """Resolve the batch option's node price and how many model copies a node runs, in the
    provider's chosen region."""
    label = BATCH_SERVICE_LABELS[inputs.batch_service]
    priority: Priority = "low-priority" if inputs.low_priority else "dedicated"
    everywhere, catalog = catalog, regional_catalog(catalog, inputs, inputs.batch_service)
    _no_regional_price(
        everywhere, catalog, BATCH_CATALOG_SERVICE[inputs.batch_service], inputs.batch_node_sku,
        label,
    )  # fmt: skip
    node, notes = _pick_sku(
        catalog, BATCH_CATALOG_SERVICE[inputs.batch_service], inputs.batch_node_sku, priority, label
    )
    parallelism = _fits(node, inputs, "node")
    return BatchPrices(
        sku=node.sku, priority=priority, usd_per_node_hour=node.usd_per_unit,
        parallelism=parallelism, rows=(node,), notes=notes,
    )  # fmt: skip


if __name__ == "__main__":  # `python -m deploycore.costing.prices refresh [--regions ...]`
    from deploycore.costing.price_refresh.cli import main

    raise SystemExit(main())
