"""Right-sizing panel: load-test results per worker count as a table, a chart and words."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import streamlit as st

from deploycore.scenarios.recommender.loadtest import LoadTestResult, summarise


def _latency_figure(results: Sequence[LoadTestResult]) -> go.Figure:
    figure = go.Figure()
    for name, attribute in (("p50", "p50_ms"), ("p95", "p95_ms"), ("p99", "p99_ms")):
        values = [getattr(r, attribute) for r in results]
        figure.add_bar(
            name=name,
            x=[r.label for r in results],
            y=values,
            text=[f"{v:.1f} ms" for v in values],
        )
    figure.update_layout(
        barmode="group",
        yaxis_title="latency (ms)",
        height=320,
        margin={"t": 30, "b": 30},
        legend_title_text="percentile",
    )
    return figure


def right_sizing_results(results: Sequence[LoadTestResult]) -> None:
    """Throughput and latency percentiles per configuration, with a text summary."""
    with st.container(key="shop-sizing-results"):
        st.dataframe(
            [
                {
                    "configuration": r.label,
                    "requests/s": round(r.requests_per_second),
                    "p50 ms": round(r.p50_ms, 1),
                    "p95 ms": round(r.p95_ms, 1),
                    "p99 ms": round(r.p99_ms, 1),
                    "requests": r.requests,
                    "errors": r.errors,
                    "service time per request ms": round(r.service_time_ms, 2),
                }
                for r in results
            ],
            hide_index=True,
        )
        words = summarise(results)
        st.plotly_chart(_latency_figure(results), key="shop-sizing-chart", alt=words)
        st.markdown(words)


def send_to_cost_estimator(service_time_ms: float, on_send: Callable[[float], None]) -> None:
    """Button that hands the measured service time to the cost estimator."""
    st.button(
        f"Use {service_time_ms:.2f} ms per request in the cost estimator",
        key="shop-to-cost",
        icon=":material/calculate:",
        on_click=on_send,
        args=(service_time_ms,),
    )
