"""Batch scenario figures: scoring-step throughput and the end-to-end time of week runs.

Prints JSON. Scoring: rows per second of `score_frame` (validation + features + prediction) on
one core, clean and with 0.5 % bad rows (target: at least 200,000 rows/s). End to end: wall time
of `python -m deploycore.scenarios.forecasting` for the shipped week (249 rows) and for a large
synthetic week,
including the Dask cluster's start from zero workers, the commit and the idle scale-down, on a
fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploycore.infra.db import make_engine  # noqa: E402
from deploycore.scenarios.forecasting import model, runs  # noqa: E402
from deploycore.scenarios.forecasting.features import week_input  # noqa: E402
from deploycore.scenarios.forecasting.sales import load_sales  # noqa: E402
from deploycore.scenarios.forecasting.scoring import score_frame  # noqa: E402
from deploycore.scenarios.forecasting.timeline import build_timeline  # noqa: E402

SCORING_ROWS = 1_000_000
LARGE_WEEK_ROWS = 250_000
WEEK = 150


def big_week(rows: int) -> pd.DataFrame:
    """The week's input repeated over renumbered stores until it has `rows` rows."""
    base = week_input(load_sales(), WEEK)
    copies = -(-rows // len(base))
    frame = pd.concat([base] * copies, ignore_index=True).iloc[:rows].copy()
    frame["store"] = np.arange(len(frame)) // 3 + 2  # unique store x brand pairs
    return frame


def scoring_rows_per_second(frame: pd.DataFrame, repeats: int = 3) -> float:
    fitted = model.load()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        score_frame(frame, fitted, week=WEEK)
        timings.append(time.perf_counter() - started)
    return len(frame) / statistics.median(timings)


def end_to_end(args: list[str], data_dir: Path) -> dict[str, float]:
    env = {**os.environ, "DEPLOY_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "deploycore.scenarios.forecasting", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout)
    engine = make_engine(f"sqlite:///{data_dir / 'app.db'}")
    timeline = build_timeline(runs.run_events(engine, summary["run_id"]))
    engine.dispose()
    return {
        "first_worker_added_s": round(timeline.first_worker_s or 0.0, 2),
        "idle_before_scale_down_s": round(timeline.idle_before_scale_down_s or 0.0, 2),
        "worker_seconds": round(timeline.worker_seconds, 2),
        "rows_in": summary["rows_in"],
        "rows_out": summary["rows_out"],
        "start_to_commit_s": round(summary["duration_s"], 2),
        "process_wall_s_including_scale_down": round(wall, 2),
    }


def main() -> None:
    clean = big_week(SCORING_ROWS)
    dirty = clean.astype({"price": object}).copy()
    bad = np.random.default_rng(0).choice(len(dirty), size=len(dirty) // 200, replace=False)
    dirty.loc[bad, "price"] = "n/a"
    figures: dict[str, object] = {
        "scoring_rows": SCORING_ROWS,
        "scoring_rows_per_s_clean": round(scoring_rows_per_second(clean)),
        "scoring_rows_per_s_with_0.5pct_bad_rows": round(scoring_rows_per_second(dirty)),
        "scoring_target_rows_per_s": 200_000,
    }
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        figures["week_run_shipped_249_rows"] = end_to_end(
            ["--week", str(WEEK), "--idle-timeout", "3"], data_dir
        )
        large = data_dir / "large_week.csv"
        big_week(LARGE_WEEK_ROWS).to_csv(large, index=False)
        figures[f"week_run_large_{LARGE_WEEK_ROWS}_rows"] = end_to_end(
            ["--week", str(WEEK), "--input", str(large), "--partitions", "8"], data_dir
        )
    figures["workers"] = "adaptive 0-2 local worker processes, 1 thread each, idle timeout 3 s"
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
