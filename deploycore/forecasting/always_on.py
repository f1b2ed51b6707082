"""What the measured batch run would cost on cloud nodes, beside an always-on endpoint.

A small stand-in until the app's cost engine can be used here: both sides are priced at the same
hourly node rate, so the comparison shows the effect of paying only while workers run. The rate
and start-up figures are assumptions stated on the page (see the constants' sources below); this
module is not a price catalog.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

HOURS_PER_WEEK = 168.0
# Standard_D2s_v3 (2 vCPU, 8 GiB) Linux pay-as-you-go, East US: about $0.096/hour.
# Source: team pricing notes, marked unconfirmed there; check the current price before use.
DEFAULT_NODE_USD_PER_HOUR = 0.096
# Azure ML compute clusters release idle nodes after 120 s by default
# (`idle_time_before_scale_down`, reference-yaml-compute-aml).
CLOUD_IDLE_TIMEOUT_S = 120.0
# No official figure for node start-up from zero; reports for Azure Batch nodes say 3-8 minutes.
CLOUD_NODE_STARTUP_S = 300.0


class AlwaysOnComparison(BaseModel):
    """Cost of one week: a scheduled batch run versus an endpoint that is always on."""

    node_usd_per_hour: float = Field(gt=0)
    endpoint_instances: int = Field(ge=1)
    always_on_usd_per_week: float = Field(ge=0)
    batch_worker_seconds_measured: float = Field(ge=0)
    batch_usd_measured: float = Field(ge=0)
    batch_worker_seconds_cloud: float = Field(ge=0)
    batch_usd_cloud: float = Field(ge=0)
    workers: int = Field(ge=0)


def compare_week(
    worker_seconds: float,
    workers: int,
    busy_seconds: float,
    node_usd_per_hour: float = DEFAULT_NODE_USD_PER_HOUR,
    endpoint_instances: int = 1,
) -> AlwaysOnComparison:
    """Price the measured run and an always-on endpoint for the same week at one node rate.

    `worker_seconds` is what this machine's cluster used (workers added to removed);
    the cloud figure adds, per worker, the node start-up and the default idle timeout to the
    time it was busy (`busy_seconds`), since a cloud node is billed for both.
    """
    if node_usd_per_hour <= 0 or endpoint_instances < 1:
        raise ValueError("the node price must be above 0 and the endpoint needs an instance")
    always_on = HOURS_PER_WEEK * endpoint_instances * node_usd_per_hour
    cloud_seconds = workers * (CLOUD_NODE_STARTUP_S + CLOUD_IDLE_TIMEOUT_S) + max(0.0, busy_seconds)
    per_second = node_usd_per_hour / 3600.0
    return AlwaysOnComparison(
        node_usd_per_hour=node_usd_per_hour,
        endpoint_instances=endpoint_instances,
        always_on_usd_per_week=round(always_on, 2),
        batch_worker_seconds_measured=round(worker_seconds, 1),
        batch_usd_measured=round(worker_seconds * per_second, 6),
        batch_worker_seconds_cloud=round(cloud_seconds, 1),
        batch_usd_cloud=round(cloud_seconds * per_second, 4),
        workers=workers,
    )


def describe_comparison(comparison: AlwaysOnComparison) -> str:
    """The comparison in words, with its assumptions."""
    batch, always_on = comparison.batch_usd_cloud, comparison.always_on_usd_per_week
    if batch < always_on:
        verdict = (
            f"the batch run is cheaper, by a factor of about {always_on / max(batch, 1e-9):,.0f}."
        )
    else:
        verdict = "the batch run is not cheaper than the always-on endpoint here."
    return (
        f"An always-on endpoint with {comparison.endpoint_instances} node(s) at "
        f"${comparison.node_usd_per_hour:.3f} per hour costs "
        f"${comparison.always_on_usd_per_week:,.2f} for the week (168 hours). "
        f"This run used {comparison.batch_worker_seconds_measured:.1f} worker-seconds here, "
        f"${comparison.batch_usd_measured:.6f} at the same rate. On cloud nodes, adding "
        f"{CLOUD_NODE_STARTUP_S / 60:.0f} minutes of start-up and the {CLOUD_IDLE_TIMEOUT_S:.0f} s "
        f"default idle timeout per worker, it would bill about "
        f"{comparison.batch_worker_seconds_cloud / 60:.1f} node-minutes, "
        f"${comparison.batch_usd_cloud:.4f}: {verdict}"
    )
