"""Weekly forecast (batch): run the orange-juice scoring job on Dask and look at what it did."""

from __future__ import annotations

import streamlit as st

from components.forecasting.history import show_history
from components.forecasting.results import (
    follow_cost_link,
    show_forecasts,
    show_rejected,
    show_timeline_and_cost,
)
from components.forecasting.run import (
    forecast_engine,
    job_active,
    show_run_form,
    show_run_progress,
)
from components.layout import ensure_app_frame
from deploycore.scenarios.forecasting import report

ensure_app_frame()
follow_cost_link()

st.title("Weekly forecast (batch)")
st.markdown(
    "A real batch job: it forecasts one week of orange-juice sales for every store and brand, "
    "on a **Dask** cluster that starts with **no workers**, adds workers when the job arrives "
    "and releases them after an idle timeout, like a cloud compute cluster behind a batch "
    "endpoint. Predictions are committed to a database table in one transaction, then written "
    "to a Parquet file from the committed rows; bad input rows are reported and skipped."
)

engine = forecast_engine()
active = job_active(engine)  # one database look-up per run, shared by the three parts below
show_run_form(active)
show_run_progress(engine, active)
chosen = show_history(report.history(engine), running=active)
if chosen is not None:
    result = report.run_report(engine, chosen.id)
    show_rejected(result)
    show_forecasts(result)
    show_timeline_and_cost(result)
