"""Weekly forecast page: forecasts against actuals, the run timeline and its cost comparison."""

from __future__ import annotations

import streamlit as st

from deploycore.scenarios.forecasting.charts import (
    all_stores_figure,
    forecast_vs_actual_figure,
    timeline_figure,
)
from deploycore.scenarios.forecasting.report import RunReport, describe_rejects
from deploycore.units import usd

COST_PAGE = "pages/cost_estimator.py"
GO_TO_COST_KEY = "forecast-go-to-cost"


def show_forecasts(result: RunReport) -> None:
    """Per-store chart with a store picker, the all-stores scatter, and the accuracy in words."""
    st.subheader(f"Forecasts against actual sales, week {result.run.week}")
    frame = result.forecasts
    st.markdown(result.accuracy_text)
    if frame.empty:
        return
    stores = sorted(int(s) for s in frame["store"].unique())
    store = st.selectbox("Store", stores, key="forecast-store")
    left, right = st.columns(2)
    with left:
        rows = frame[frame["store"] == store].sort_values("brand")
        words = (
            "Store chart in words: "
            + "; ".join(
                f"{r.brand} forecast {r.predicted_units:,.0f}, actual {r.units:,.0f} cartons"
                for r in rows.itertuples()
            )
            + "."
        )
        st.plotly_chart(
            forecast_vs_actual_figure(frame, store), key="forecast-store-chart", alt=words
        )
        st.caption(words)
    with right:
        st.plotly_chart(
            all_stores_figure(frame), key="forecast-all-chart", alt=result.accuracy_text
        )
        st.caption("Points on the dashed line are perfect forecasts; above it, too high.")


def show_rejected(result: RunReport) -> None:
    """The run's rejected rows: why, in words, then the table."""
    if result.rejected.empty:
        st.caption(describe_rejects(result.rejected))
        return
    st.markdown(describe_rejects(result.rejected))
    st.dataframe(result.rejected, hide_index=True, key="forecast-rejected", width="stretch")


def show_timeline_and_cost(result: RunReport) -> None:
    """The run as the cluster executed it, beside what an always-on endpoint would cost."""
    st.subheader("How the cluster ran it, and what it would cost")
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            timeline_figure(result.timeline, f"Run {result.run.id} on {result.run.cluster}"),
            key="forecast-timeline-chart",
        )
        st.markdown(result.timeline_text)
    with right:
        cost = result.cost
        st.metric("Always-on endpoint, one week", usd(cost.always_on_usd_per_week))
        st.metric(
            "This week as a batch job on cloud nodes",
            usd(cost.batch_usd_per_week),
            help="Priced by the cost engine: node start-up, the measured work, the idle wait.",
        )
        st.markdown(result.cost_text)
        with st.expander("Assumptions of this comparison"):
            st.markdown("\n".join(f"- {line}" for line in cost.assumptions))
            st.caption(
                f"Prices: the app's catalog, oldest price as of {cost.catalog_as_of}. "
                "Change prices and workloads on the Cost estimator page."
            )
        st.button(
            "Open this week in the cost estimator",
            key="forecast-to-cost",
            icon=":material/calculate:",
            help="The same workload and options, priced per month on the Cost estimator page.",
            on_click=_request_cost_page,
            args=(cost.cost_link,),
        )


def _request_cost_page(link: dict[str, str]) -> None:
    st.session_state[GO_TO_COST_KEY] = link


def follow_cost_link() -> None:
    """Switch to the cost page when the button asked for it (call before anything renders)."""
    link = st.session_state.pop(GO_TO_COST_KEY, None)
    if link is not None:
        st.switch_page(COST_PAGE, query_params=link)
