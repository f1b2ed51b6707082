"""What the Weekly forecast page shows, gathered in one call per view.

Reads runs, events and forecasts from the database, joins forecasts with the week's actual
sales, rebuilds the timeline and prices the run against an always-on endpoint. No streamlit,
no Dask: the job itself is `batch.py`, started by `launcher.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from deploycore.scenarios.forecasting import runs
from deploycore.scenarios.forecasting.model import mape_percent
from deploycore.scenarios.forecasting.run_costs import RunCost, describe_cost, price_run
from deploycore.scenarios.forecasting.sales import load_sales
from deploycore.scenarios.forecasting.timeline import Timeline, build_timeline, describe_timeline


@dataclass(frozen=True)
class RunReport:
    run: runs.RunView
    timeline: Timeline
    timeline_text: str
    rejected: pd.DataFrame
    forecasts: pd.DataFrame  # store, brand, predicted_units, units (actual), run_id
    accuracy_text: str
    cost: RunCost
    cost_text: str


def history(engine: Engine, limit: int = 20) -> list[runs.RunView]:
    """Recent runs, newest first, after marking runs whose process died as failed."""
    runs.mark_abandoned_runs(engine)
    return runs.list_runs(engine, limit)


def active_run(engine: Engine) -> runs.RunView | None:
    """The newest run whose job process is still alive (running, or scaling its cluster down)."""
    for run in runs.list_runs(engine, limit=5):
        if run.process_alive:
            return run
    return None


def forecasts_with_actuals(engine: Engine, week: int) -> pd.DataFrame:
    """The week's stored forecasts next to its actual sales and last week's (naive) units."""
    stored = runs.forecasts_for_week(engine, week)
    sales = load_sales()
    actual = sales.loc[sales["week"] == week, ["store", "brand", "units"]]
    previous = sales.loc[sales["week"] == week - 1, ["store", "brand", "units"]].rename(
        columns={"units": "last_week_units"}
    )
    return stored.merge(actual, on=["store", "brand"], how="inner").merge(
        previous, on=["store", "brand"], how="left"
    )


def describe_accuracy(frame: pd.DataFrame, week: int) -> str:
    """Forecast error of the week in words, overall and per brand, next to last week's sales."""
    if frame.empty:
        return f"There are no stored forecasts with known actual sales for week {week}."
    overall = mape_percent(frame["units"].to_numpy(), frame["predicted_units"].to_numpy())
    text = (
        f"Week {week}: {len(frame)} store and brand forecasts were compared with actual sales. "
        f"Mean absolute percentage error: {overall:.1f} %."
    )
    naive = frame.dropna(subset=["last_week_units"])
    if not naive.empty:
        naive_error = mape_percent(naive["units"].to_numpy(), naive["last_week_units"].to_numpy())
        verdict = "better" if overall < naive_error else "worse"
        text += (
            f" Using last week's sales as the forecast would give {naive_error:.1f} %, "
            f"so the model is {verdict}."
        )
    per_brand = [
        f"{brand} {mape_percent(rows['units'].to_numpy(), rows['predicted_units'].to_numpy()):.1f} %"  # noqa: E501
        for brand, rows in frame.groupby("brand", sort=True)
    ]
    return text + " By brand: " + ", ".join(per_brand) + "."


def run_report(engine: Engine, run_id: int) -> RunReport:
    """Everything the page shows about one run."""
    run = runs.get_run(engine, run_id)
    if run is None:
        raise ValueError(f"there is no batch run number {run_id}")
    timeline = build_timeline(runs.run_events(engine, run_id))
    busy = sum(p.finished_s - p.started_s for p in timeline.partitions)
    cost, _ = price_run(run.rows_in, busy, timeline.worker_seconds, len(timeline.workers))
    forecasts = forecasts_with_actuals(engine, run.week)
    return RunReport(
        run=run,
        timeline=timeline,
        timeline_text=describe_timeline(timeline),
        rejected=runs.rejected_rows(engine, run_id),
        forecasts=forecasts,
        accuracy_text=describe_accuracy(forecasts, run.week),
        cost=cost,
        cost_text=describe_cost(cost),
    )


MAX_FAILURES_SHOWN = 3
MAX_LINES_QUOTED = 5


def recent_failures(history_rows: list[runs.RunView]) -> list[runs.RunView]:
    """Failed runs newer than the newest successful one (newest first, at most a few)."""
    failed: list[runs.RunView] = []
    for run in history_rows:
        if run.status == runs.STATUS_SUCCEEDED:
            break
        if run.status == runs.STATUS_FAILED:
            failed.append(run)
    return failed[:MAX_FAILURES_SHOWN]


def describe_failure(run: runs.RunView) -> str:
    """A failed run in one sentence, with its reason."""
    when = "" if run.finished_at is None else f" at {run.finished_at:%H:%M:%S} UTC"
    reason = run.message or "no reason was recorded"
    return f"Run {run.id} (week {run.week}) failed{when}: {reason.rstrip('.')}."


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_LINES_QUOTED])
    more = len(numbers) - MAX_LINES_QUOTED
    word = "line" if len(numbers) == 1 else "lines"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "")


def describe_rejects(rejected: pd.DataFrame) -> str:
    """The rejected rows in words (Markdown): a sentence, then one bullet per reason with its
    file lines, in the order the reasons first occur in the file."""
    if rejected.empty:
        return "Every input row was valid; none was rejected."
    groups = sorted(
        rejected.groupby("reason", sort=False), key=lambda item: int(item[1]["line"].min())
    )
    bullets = [
        f"- {len(group)} {'row' if len(group) == 1 else 'rows'}: {reason} "
        f"({_lines(sorted(int(n) for n in group['line']))})"
        for reason, group in groups
    ]
    rows = "row was" if len(rejected) == 1 else "rows were"
    head = f"**{len(rejected)} input {rows} rejected and skipped**; the other rows were scored:"
    return "\n".join([head, "", *bullets])


def history_table(history_rows: list[runs.RunView]) -> pd.DataFrame:
    """Run history as a table for display (times in UTC, durations in seconds)."""
    return pd.DataFrame(
        [
            {
                "run": r.id,
                "week": r.week,
                "status": r.status,
                "started (UTC)": r.started_at.strftime("%Y-%m-%d %H:%M:%S"),
                "duration (s)": np.nan if r.duration_s is None else round(r.duration_s, 2),
                "rows in": r.rows_in,
                "rows out": r.rows_out,
                "rows rejected": r.rows_rejected,
                "partitions": f"{r.partitions_done}/{r.partitions_total}",
                "engine": r.cluster,
                "message": r.message,
            }
            for r in history_rows
        ]
    )
