"""Cost engine speed: one break-even sweep over 10,000 daily volumes (10,000 scenarios, each
sized for 24 hours with Erlang C; hours of equal weight share one computation, so the custom
shape with 24 different weights is the worst case) per preset and service, median of several
runs. Target: under 100 ms. Also the page's whole estimate (comparison, sweep of 200, tornado).
Prints JSON."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from deploycore.costing.breakeven import break_even_sweep  # noqa: E402
from deploycore.costing.catalog import load_catalog  # noqa: E402
from deploycore.costing.estimate import estimate  # noqa: E402
from deploycore.costing.inputs import CostInputs  # noqa: E402

SCENARIOS = 10_000
RUNS = 7
TARGET_MS = 100.0
CASES = {
    "shirt-recommender on ACI": CostInputs.from_preset("shirt-recommender"),
    "orange-juice-weekly on ACI": CostInputs.from_preset("orange-juice-weekly"),
    "my-own on AKS Standard": CostInputs.from_preset(
        "my-own", realtime_service="azure-kubernetes-service-standard"
    ),
    "my-own on Vertex AI, no autoscaling": CostInputs.from_preset(
        "my-own",
        realtime_service="gcp-vertex-online-prediction",
        realtime_node_sku="n1-standard-2",
        autoscaling=False,
    ),
    "my-own, custom shape with 24 different weights": CostInputs.from_preset(
        "my-own", daily_shape="custom", hourly_weights=tuple(1.0 + h for h in range(24))
    ),
}


def _median_ms(action: object, runs: int = RUNS) -> float:
    assert callable(action)
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    catalog = load_catalog()
    sweep_ms: dict[str, float] = {}
    for name, inputs in CASES.items():
        volumes = np.geomspace(1.0, max(inputs.predictions_per_day, 1000.0) * 1000, SCENARIOS)
        sweep_ms[name] = round(
            _median_ms(lambda i=inputs, v=volumes: break_even_sweep(i, catalog, v)), 2
        )
    page_ms = _median_ms(lambda: estimate(CostInputs.from_preset("shirt-recommender"), catalog))
    worst = max(sweep_ms.values())
    print(
        json.dumps(
            {
                "benchmark": "cost engine break-even sweep",
                "scenarios_per_sweep": SCENARIOS,
                "hours_per_scenario": 24,
                "runs": RUNS,
                "median_sweep_ms": sweep_ms,
                "worst_median_sweep_ms": worst,
                "target_ms": TARGET_MS,
                "meets_target": worst < TARGET_MS,
                "page_estimate_median_ms": round(page_ms, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
