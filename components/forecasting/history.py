"""Weekly forecast page: the run history table and the choice of which run to look at."""

from __future__ import annotations

import streamlit as st

from deploycore.scenarios.forecasting.report import (
    describe_failure,
    history_table,
    recent_failures,
)
from deploycore.scenarios.forecasting.runs import RunView


def show_history(history: list[RunView], running: bool = False) -> RunView | None:
    """The runs table, newest first, and a picker of a finished run; returns the picked run.
    `running`: a job is going, so an empty history is not "no run yet"."""
    st.subheader("Run history")
    if not history and running:
        st.info(
            "The first run is going: it appears here once the job has read its input.",
            icon=":material/hourglass_top:",
        )
        return None
    if not history:
        st.info(
            "No batch run yet. Start one above: it takes a few seconds.", icon=":material/info:"
        )
        return None
    with st.container(key="forecast-history-box"):
        latest = history[0]
        took = "" if latest.duration_s is None else f" in {latest.duration_s:.1f} s"
        st.markdown(
            f"{len(history)} run{'s' if len(history) != 1 else ''} so far. Latest: run "
            f"{latest.id}, week {latest.week}, **{latest.status}**{took}: {latest.rows_in} rows "
            f"in, {latest.rows_out} forecasts out, {latest.rows_rejected} rejected."
        )
        st.dataframe(history_table(history), hide_index=True, width="stretch")
    finished = [r for r in history if r.status == "succeeded"]
    for run in recent_failures(history):
        st.warning(describe_failure(run), icon=":material/error:")
    if not finished:
        return None
    labels = {r.id: f"Run {r.id}: week {r.week}, {r.rows_out} forecasts" for r in finished}
    chosen = st.selectbox(
        "Show the results of", list(labels), format_func=labels.__getitem__, key="forecast-run"
    )
    return next(r for r in finished if r.id == chosen)
