"""Benchmark of the decision wizard: core timings per example and the page's AppTest rerun.

Prints JSON figures (medians in milliseconds); no pass/fail thresholds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploycore.deciding.azureml_yaml import DeploymentNames, deployment_files  # noqa: E402
from deploycore.deciding.flips import what_would_change  # noqa: E402
from deploycore.deciding.portfolio import portfolio, to_csv, to_markdown  # noqa: E402
from deploycore.deciding.use_cases import load_use_cases  # noqa: E402
from deploycore.deciding.verdict import decide  # noqa: E402


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    cases = load_use_cases()
    inputs = [case.inputs for case in cases]
    names = DeploymentNames(endpoint_name="bench-endpoint", model_name="bench-model")
    figures: dict[str, object] = {
        "examples": len(cases),
        "decide_median_ms": _median_ms(lambda: [decide(i) for i in inputs], 5) / len(cases),
        "what_would_change_median_ms": _median_ms(lambda: [what_would_change(i) for i in inputs], 5)
        / len(cases),
        "yaml_export_median_ms": _median_ms(
            lambda: [deployment_files(decide(i), names, i.latency_ms, i.name) for i in inputs],
            5,
        )
        / len(cases),
        "portfolio_all_examples_with_csv_and_markdown_first_ms": _median_ms(
            lambda: (lambda rows: (to_csv(rows), to_markdown(rows)))(portfolio(inputs)), 1
        ),
        "portfolio_all_examples_with_csv_and_markdown_cached_ms": _median_ms(
            lambda: (lambda rows: (to_csv(rows), to_markdown(rows)))(portfolio(inputs)), 5
        ),
    }
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/decide.py")
    at.run()
    figures["apptest_decide_page_rerun_median_ms"] = _median_ms(at.run, 5)
    figures["apptest_load_example_median_ms"] = _median_ms(
        lambda: at.radio(key="decide-example").set_value("shirt-recommender").run(), 5
    )
    rounded = {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}
    print(json.dumps({"bench": "decide", **rounded}, indent=2))


if __name__ == "__main__":
    main()
