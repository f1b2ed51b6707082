"""Every cloud at once: time to size and price every service of both sides for each preset,
wall-clock and CPU time of this process (the CPU figure holds on a machine busy with other
work), next to one `compare_monthly_costs`; and the cost page's AppTest rerun with the section
closed and open. Target: under 30 ms per table. Prints JSON."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from components.costing.every_service import EXPANDER_KEY  # noqa: E402
from deploycore.costing.catalog import load_catalog  # noqa: E402
from deploycore.costing.engine import compare_monthly_costs  # noqa: E402
from deploycore.costing.every_service import price_every_service  # noqa: E402
from deploycore.costing.inputs import PRESETS, CostInputs  # noqa: E402

RUNS = 21
PAGE_RUNS = 7
TARGET_MS = 30.0


def _times_ms(
    action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return times


def _page_rerun_ms(open_section: bool) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/cost_estimator.py")
    at.session_state[EXPANDER_KEY] = open_section
    return statistics.median(_times_ms(at.run, PAGE_RUNS))


def main() -> None:
    catalog = load_catalog()
    table: dict[str, dict[str, float]] = {}
    for preset in PRESETS:
        inputs = CostInputs.from_preset(preset)
        every = _times_ms(lambda i=inputs: price_every_service(i, catalog), RUNS)
        every_cpu = _times_ms(
            lambda i=inputs: price_every_service(i, catalog), RUNS, time.process_time
        )
        one_cpu = _times_ms(
            lambda i=inputs: compare_monthly_costs(i, catalog), RUNS, time.process_time
        )
        table[preset] = {
            "median_ms": round(statistics.median(every), 1),
            "min_ms": round(min(every), 1),
            "median_cpu_ms": round(statistics.median(every_cpu), 1),
            "one_comparison_median_cpu_ms": round(statistics.median(one_cpu), 2),
        }
    worst = max(row["median_cpu_ms"] for row in table.values())
    print(
        json.dumps(
            {
                "benchmark": "every cloud at once",
                "runs": RUNS,
                "presets": table,
                "worst_median_cpu_ms": worst,
                "target_ms": TARGET_MS,
                "meets_target": worst < TARGET_MS,
                "page_rerun_median_ms": {
                    "section closed": round(_page_rerun_ms(False), 1),
                    "section open": round(_page_rerun_ms(True), 1),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
