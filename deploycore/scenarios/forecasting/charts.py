"""Plotly figures of the batch scenario: the run timeline and forecasts against actuals.

Pure figure builders (no streamlit); every figure has a text summary built next to it by
`timeline.describe_timeline` or `report.describe_accuracy`. Colour is never the only signal:
series are also told apart by name, pattern or marker shape.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from deploycore.scenarios.forecasting.timeline import Timeline

# Each reaches 3:1 against the light and the dark theme's background (WCAG 2.1 SC 1.4.11;
# tests/unit/test_colour_contrast.py).
WORKER_COLOUR = "#7f7f7f"  # grey, hatched
PARTITION_COLOUR = "#2f7fd8"  # blue, on top of the worker's bar
FORECAST_COLOUR = "#e6550d"
ACTUAL_COLOUR = "#7f7f7f"


def timeline_figure(timeline: Timeline, title: str) -> go.Figure:
    """One row per worker: its lifetime (light bar), partitions on it (dark bars), milestones."""
    figure = go.Figure()
    end = max(timeline.end_s, 0.1)
    for worker in timeline.workers:
        removed = worker.removed_s if worker.removed_s is not None else end
        figure.add_trace(
            go.Bar(
                y=[worker.label], x=[removed - worker.added_s], base=[worker.added_s],
                orientation="h", marker={"color": WORKER_COLOUR, "pattern": {"shape": "/"}},
                name="worker running", legendgroup="worker",
                showlegend=worker is timeline.workers[0],
                hovertemplate=f"{worker.label} ({worker.address})<br>up from %{{base:.2f}} s"
                "<extra></extra>",
            )
        )  # fmt: skip
    for span in timeline.partitions:
        figure.add_trace(
            go.Bar(
                y=[span.worker_label], x=[max(span.finished_s - span.started_s, 0.01)],
                base=[span.started_s], orientation="h", width=0.4,
                marker={"color": PARTITION_COLOUR}, name="partition scored",
                legendgroup="partition", showlegend=span is timeline.partitions[0],
                hovertemplate=f"partition {span.partition}: {span.rows} rows<br>"
                "%{base:.2f} s to %{x:.3f} s later<extra></extra>",
            )
        )  # fmt: skip
    milestones = [
        ("cluster ready", timeline.cluster_ready_s),
        ("predictions committed", timeline.committed_s),
        ("cluster closed", timeline.closed_s),
    ]
    for label, at in milestones:
        if at is not None:
            figure.add_vline(x=at, line_dash="dot", annotation_text=label)
    figure.update_layout(
        title=title, barmode="overlay", xaxis_title="seconds after the run started",
        yaxis={"autorange": "reversed"}, height=200 + 50 * max(1, len(timeline.workers)),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.35},
    )  # fmt: skip
    return figure


def forecast_vs_actual_figure(frame: pd.DataFrame, store: int) -> go.Figure:
    """Forecast and actual units of each brand in one store (grouped bars)."""
    rows = frame[frame["store"] == store].sort_values("brand")
    figure = go.Figure(
        [
            go.Bar(
                x=rows["brand"], y=rows["predicted_units"], name="forecast",
                marker={"color": FORECAST_COLOUR, "pattern": {"shape": "x"}},
            ),
            go.Bar(
                x=rows["brand"], y=rows["units"], name="actual", marker={"color": ACTUAL_COLOUR}
            ),
        ]
    )  # fmt: skip
    figure.update_layout(
        title=f"Store {store}: forecast and actual cartons sold, by brand",
        barmode="group", yaxis_title="cartons (64 oz)", height=360,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
    )  # fmt: skip
    return figure


def all_stores_figure(frame: pd.DataFrame) -> go.Figure:
    """Forecast against actual for every store x brand, with the perfect-forecast diagonal."""
    figure = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x"]
    for index, (brand, rows) in enumerate(frame.groupby("brand", sort=True)):
        figure.add_trace(
            go.Scatter(
                x=rows["units"], y=rows["predicted_units"], mode="markers", name=str(brand),
                marker={"symbol": symbols[index % len(symbols)], "size": 7},
                text=[f"store {s}" for s in rows["store"]],
                hovertemplate="%{text}<br>actual %{x:,.0f}<br>forecast %{y:,.0f}<extra></extra>",
            )
        )  # fmt: skip
    top = float(max(frame["units"].max(), frame["predicted_units"].max())) if len(frame) else 1.0
    figure.add_trace(
        go.Scatter(
            x=[0, top], y=[0, top], mode="lines", name="perfect forecast",
            line={"dash": "dash", "color": ACTUAL_COLOUR},
        )
    )  # fmt: skip
    figure.update_layout(
        title="Every store and brand: forecast against actual cartons",
        xaxis_title="actual cartons", yaxis_title="forecast cartons", height=420,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
    )  # fmt: skip
    return figure
