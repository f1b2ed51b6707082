"""The shirt shop's workload, with its measured service time, as a cost-estimator link.

For handing the whole workload (the lesson's shirt-recommender traffic and model, with the
latency the load test measured) to the cost page. Not for pricing anything itself.
"""

from __future__ import annotations

from deploycore.costing.inputs import CostInputs
from deploycore.costing.links import to_query_params

PRESET = "shirt-recommender"


def shop_cost_inputs(service_time_ms: float) -> CostInputs:
    """The shirt-recommender workload and options with the measured time per request."""
    return CostInputs.from_preset(PRESET, latency_ms=round(max(service_time_ms, 0.001), 2))


def shop_cost_link(service_time_ms: float) -> dict[str, str]:
    """Query parameters that open the cost estimator on exactly that workload."""
    return to_query_params(shop_cost_inputs(service_time_ms))
