"""Plotly figures for the cost estimator, each paired with a text summary of what it shows.

For building figures from the engine's results (no computation of prices here) and for saying
in words what each chart shows, so colour is never the only signal. Figures are plain Plotly
figure dicts (data and layout): building `go.Figure` objects validated every property and took
20-50 ms a chart on each rerun. Never imports streamlit.
"""

from __future__ import annotations

import math
from typing import Any

from deploycore.costing.breakeven import BreakEven
from deploycore.costing.results import CostComparison
from deploycore.costing.sensitivity import Tornado
from deploycore.units import usd
from deploycore.vocabulary import SCHEDULE_LABELS, is_micro_batch

# Mid-tone colours: each reaches 3:1 against both the light and the dark theme's background,
# which the charts inherit (WCAG 2.1 SC 1.4.11; tests/unit/test_colour_contrast.py).
# Each series also has its own pattern and name, so colour is never the only signal.
REALTIME_COLOUR = "#2f7fd8"  # blue
BATCH_COLOUR = "#c0641a"  # orange
REALTIME_IDLE_COLOUR = "#2a9d8f"  # teal
CONTROL_PLANE_COLOUR = "#8a63d2"  # violet
BATCH_STARTUP_COLOUR = "#a8761a"  # ochre
BATCH_IDLE_COLOUR = "#d62f6d"  # raspberry
MARK_COLOUR = "#7f7f7f"  # grey: switch and "your volume" lines, told apart by dash and label
LOW_VALUE_COLOUR = "#6b8fbf"  # tornado: an input at its low value (hatched)
HIGH_VALUE_COLOUR = "#c8691c"  # tornado: an input at its high value
# Annotation labels sit on a white box, so their text is dark in either theme.
_LABEL_TEXT_COLOUR = "#1a1a1a"
_LABEL_BOX = "rgba(255,255,255,0.9)"
_FONT = {"family": "sans-serif", "size": 14}

Figure = dict[str, Any]


def _figure(traces: list[dict[str, Any]], title: str, height: int = 380, **layout: Any) -> Figure:
    """A figure dict with the chart's title, font, size and the legend under the plot."""
    return {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "font": _FONT,
            "height": height,
            "margin": {"l": 60, "r": 20, "t": 50, "b": 120},
            # Legend under the plot, clear of the title however many lines it wraps to.
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.28, "x": 0},
            **layout,
        },
    }


def _vline(x: float, line: dict[str, Any]) -> dict[str, Any]:
    """A vertical line across the plot at x (data units on x, the whole height)."""
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
            "line": line}  # fmt: skip


# ------------------------------------------------------------------------- breakdown


def breakdown_figure(comparison: CostComparison) -> Figure:
    """Stacked bars: what each option's monthly cost is made of."""
    rt, bt = comparison.realtime, comparison.batch
    parts = [
        ("Real-time: compute in use", "Real-time", rt.compute_usd_per_month, REALTIME_COLOUR, ""),
        (
            "Real-time: idle capacity",
            "Real-time",
            rt.idle_capacity_usd_per_month,
            REALTIME_IDLE_COLOUR,
            "/",
        ),
        (
            "Real-time: control plane",
            "Real-time",
            rt.control_plane_usd_per_month,
            CONTROL_PLANE_COLOUR,
            "x",
        ),
        ("Batch: processing", "Batch", bt.processing_usd_per_month, BATCH_COLOUR, ""),
        ("Batch: node start-up", "Batch", bt.startup_usd_per_month, BATCH_STARTUP_COLOUR, "."),
        (
            "Batch: idle before scale-down",
            "Batch",
            bt.scale_down_idle_usd_per_month,
            BATCH_IDLE_COLOUR,
            "/",
        ),
    ]
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": [value],
            "y": [option],
            "orientation": "h",
            "marker": {"color": colour, "pattern": {"shape": pattern}},
            "hovertemplate": f"{name}: %{{x:$,.2f}} per month<extra></extra>",
        }
        for name, option, value, colour, pattern in parts
    ]
    return _figure(
        traces,
        "What each option's monthly cost is made of",
        barmode="stack",
        xaxis={"title": {"text": "USD per month"}, "tickprefix": "$"},
    )


def breakdown_rows(comparison: CostComparison) -> list[dict[str, str]]:
    """The breakdown as table rows: each part of each side's monthly cost, in dollars."""
    rt, bt = comparison.realtime, comparison.batch
    parts = [
        ("Real-time", "compute in use", rt.compute_usd_per_month),
        ("Real-time", "idle capacity", rt.idle_capacity_usd_per_month),
        ("Real-time", "control plane", rt.control_plane_usd_per_month),
        ("Real-time", "total", rt.total_usd_per_month),
        ("Batch", "processing", bt.processing_usd_per_month),
        ("Batch", "node start-up", bt.startup_usd_per_month),
        ("Batch", "idle before scale-down", bt.scale_down_idle_usd_per_month),
        ("Batch", "total", bt.total_usd_per_month),
    ]
    return [
        {"side": side, "part": part, "USD per month": usd(value)} for side, part, value in parts
    ]


def breakdown_summary(comparison: CostComparison) -> str:
    """Each side's total and parts, the biggest part of each, then which option to choose."""
    rt, bt = comparison.realtime, comparison.batch
    rt_parts = {
        "compute in use": rt.compute_usd_per_month,
        "idle capacity": rt.idle_capacity_usd_per_month,
        "the control plane": rt.control_plane_usd_per_month,
    }
    bt_parts = {
        "processing": bt.processing_usd_per_month,
        "node start-up": bt.startup_usd_per_month,
        "idle before scale-down": bt.scale_down_idle_usd_per_month,
    }
    rt_top, bt_top = (
        max(rt_parts, key=rt_parts.__getitem__),
        max(bt_parts, key=bt_parts.__getitem__),
    )
    return (
        f"Real-time costs {usd(rt.total_usd_per_month)} per month: "
        f"{usd(rt.compute_usd_per_month)} for compute in use, "
        f"{usd(rt.idle_capacity_usd_per_month)} for idle capacity and "
        f"{usd(rt.control_plane_usd_per_month)} for the control plane. "
        f"Batch costs {usd(bt.total_usd_per_month)} per month: "
        f"{usd(bt.processing_usd_per_month)} processing, {usd(bt.startup_usd_per_month)} node "
        f"start-up and {usd(bt.scale_down_idle_usd_per_month)} idle before scale-down. "
        f"The biggest part of real-time is {rt_top}; of batch, {bt_top}. {comparison.verdict}"
    )


# ------------------------------------------------------------------------ break-even


def break_even_figure(sweep: BreakEven) -> Figure:
    """Monthly cost of both options against daily volume, switches annotated."""
    volumes = list(sweep.daily_volumes)
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter", "name": "Real-time (solid line)", "x": volumes,
            "y": list(sweep.realtime_usd_per_month), "mode": "lines",
            "line": {"color": REALTIME_COLOUR, "width": 3},
            "hovertemplate": "%{x:,.0f} predictions/day: %{y:$,.2f} per month"
            "<extra>Real-time</extra>",
        },
        {
            "type": "scatter", "name": "Batch (dashed line)", "x": volumes,
            "y": list(sweep.batch_usd_per_month), "mode": "lines",
            "line": {"color": BATCH_COLOUR, "width": 3, "dash": "dash"},
            "hovertemplate": "%{x:,.0f} predictions/day: %{y:$,.2f} per month<extra>Batch</extra>",
        },
    ]  # fmt: skip
    late = [i for i, ok in enumerate(sweep.batch_meets_delay) if not ok]
    if late:
        traces.append(
            {
                "type": "scatter", "name": "Batch misses the tolerated delay (×)",
                "x": [volumes[i] for i in late],
                "y": [sweep.batch_usd_per_month[i] for i in late],
                "mode": "markers", "marker": {"symbol": "x", "size": 7, "color": BATCH_COLOUR},
                "hovertemplate": "%{x:,.0f}/day: batch too slow for the deadline<extra></extra>",
            }
        )  # fmt: skip
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for volume in sweep.crossovers:
        _mark(shapes, notes, volume, f"switch at {volume:,.0f}/day", MARK_COLOUR, "dot", 0.08)
    if sweep.current_daily_volume > 0:
        label = f"your volume: {sweep.current_daily_volume:,.0f}/day"
        _mark(shapes, notes, sweep.current_daily_volume, label, MARK_COLOUR, "solid", 0.98)
    return _figure(
        traces,
        "Monthly cost against daily volume",
        shapes=shapes,
        annotations=notes,
        xaxis={"type": "log", "title": {"text": "Predictions per day (log scale)"}},
        yaxis={"title": {"text": "USD per month"}, "tickprefix": "$", "rangemode": "tozero"},
    )


def _mark(
    shapes: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    x: float,
    text: str,
    colour: str,
    dash: str,
    y: float,
) -> None:
    """A vertical line at daily volume x with a label, on the log-scaled x axis."""
    shapes.append(_vline(x, {"color": colour, "dash": dash, "width": 1.5}))
    # On a log axis, shapes take data values but annotations take log10 of them.
    notes.append(
        {"x": math.log10(x), "xref": "x", "y": y, "yref": "paper", "text": text,
         "showarrow": False, "xanchor": "left", "yanchor": "top",
         "bgcolor": _LABEL_BOX, "font": {"size": 12, "color": _LABEL_TEXT_COLOUR}}
    )  # fmt: skip


def break_even_summary(sweep: BreakEven) -> str:
    low, high = sweep.daily_volumes[0], sweep.daily_volumes[-1]
    rt_low, rt_high = sweep.realtime_usd_per_month[0], sweep.realtime_usd_per_month[-1]
    bt_low, bt_high = sweep.batch_usd_per_month[0], sweep.batch_usd_per_month[-1]
    text = (
        f"From {low:,.0f} to {high:,.0f} predictions per day, real-time goes from "
        f"{usd(rt_low)} to {usd(rt_high)} per month and batch from {usd(bt_low)} to "
        f"{usd(bt_high)}. "
    )
    if not all(sweep.batch_meets_delay):
        slow = sum(1 for ok in sweep.batch_meets_delay if not ok)
        text += (
            f"Batch misses the tolerated delay at {slow} of {len(sweep.batch_meets_delay)} "
            "volumes shown (marked ×): there it is no choice, whatever it costs. "
        )
    if not sweep.switches:
        return text + (sweep.no_switch_reason or "The lines do not cross in this range.")
    return text + " ".join(switch.words for switch in sweep.switches)


# -------------------------------------------------------------------------- timeline


def timeline_figure(comparison: CostComparison) -> Figure:
    """24 hours: real-time replicas running vs batch nodes allocated, on a day with a run."""
    hours = [f"{h:02d}:00" for h in range(24)]
    traces = [
        {
            "type": "bar", "name": "Real-time replicas running", "x": hours,
            "y": list(comparison.realtime.replicas_by_hour), "marker": {"color": REALTIME_COLOUR},
            "hovertemplate": "%{x}: %{y} replica(s)<extra>Real-time</extra>",
        },
        {
            "type": "bar", "name": "Batch nodes allocated (average in the hour)", "x": hours,
            "y": list(comparison.batch.nodes_active_by_hour),
            "marker": {"color": BATCH_COLOUR, "pattern": {"shape": "/"}},
            "hovertemplate": "%{x}: %{y:.2f} node(s)<extra>Batch</extra>",
        },
    ]  # fmt: skip
    return _figure(
        traces,
        "A day: always-on replicas against batch cluster activity",
        barmode="group",
        xaxis={"title": {"text": "Hour of the day"}},
        yaxis={"title": {"text": "Replicas or nodes"}, "rangemode": "tozero"},
    )


def timeline_summary(comparison: CostComparison) -> str:
    replicas = comparison.realtime.replicas_by_hour
    active = comparison.batch.nodes_active_by_hour
    busy_hours = [f"{h:02d}:00" for h, n in enumerate(active) if n > 0]
    if is_micro_batch(comparison.batch.schedule) or comparison.batch.schedule == "hourly":
        when = "for part of every hour"
    elif len(busy_hours) == 1:
        when = f"in the hour from {busy_hours[0]}"
    elif busy_hours:
        when = f"in the hours from {busy_hours[0]} to {busy_hours[-1]}"
    else:
        when = "never"
    day = (
        f"on the day of the {SCHEDULE_LABELS[comparison.batch.schedule]} run"
        if comparison.batch.runs_per_month < 30
        else "each day"
    )
    if min(replicas) == max(replicas):
        running = f"{max(replicas)} replica(s) running in every hour of the day"
    else:
        running = f"between {min(replicas)} and {max(replicas)} replicas running in every hour"
    return (
        f"Real-time keeps {running}. The batch cluster has nodes allocated only {when} {day} "
        f"(at most {max(active):.2f} nodes on average in an hour) and none otherwise."
    )


# ---------------------------------------------------------------------------- tornado


def tornado_figure(tornado: Tornado) -> Figure:
    """Horizontal bars: how far each input moves real-time minus batch cost."""
    bars = list(reversed(tornado.bars))  # biggest on top
    base = tornado.base_difference_usd
    labels = [bar.label for bar in bars]
    traces = [
        {
            "type": "bar", "name": "Input at its low value", "y": labels,
            "x": [bar.difference_at_low_usd - base for bar in bars], "base": base,
            "orientation": "h", "marker": {"color": LOW_VALUE_COLOUR, "pattern": {"shape": "/"}},
            "text": [f"low: {bar.low_text}" for bar in bars], "textposition": "auto",
            "hovertemplate": "%{y} at its low value: difference %{x:$,.2f}<extra></extra>",
        },
        {
            "type": "bar", "name": "Input at its high value", "y": labels,
            "x": [bar.difference_at_high_usd - base for bar in bars], "base": base,
            "orientation": "h", "marker": {"color": HIGH_VALUE_COLOUR},
            "text": [f"high: {bar.high_text}" for bar in bars], "textposition": "auto",
            "hovertemplate": "%{y} at its high value: difference %{x:$,.2f}<extra></extra>",
        },
    ]  # fmt: skip
    return _figure(
        traces,
        "Which inputs move the answer most",
        height=420,
        barmode="overlay",
        shapes=[
            _vline(base, {"color": MARK_COLOUR, "width": 1.5}),
            _vline(0, {"color": MARK_COLOUR, "dash": "dot", "width": 1.5}),
        ],
        xaxis={
            "title": {"text": "Real-time minus batch, USD per month (above 0: batch is cheaper)"},
            "tickprefix": "$",
        },
    )


def tornado_summary(tornado: Tornado) -> str:
    top = [bar for bar in tornado.bars if bar.swing_usd > 0.005][:3]
    base = tornado.base_difference_usd
    lead = f"Now real-time costs {usd(abs(base))} per month " + (
        "more than batch." if base > 0 else "less than batch." if base < 0 else "the same."
    )
    if not top:
        return lead + " None of the varied inputs changes the difference."
    parts = [
        f"{bar.label} ({bar.low_text} to {bar.high_text}) moves it by {usd(bar.swing_usd)}"
        + (
            " and changes which option is cheaper"
            if (bar.difference_at_low_usd > 0) != (bar.difference_at_high_usd > 0)
            else ""
        )
        for bar in top
    ]
    return lead + " Biggest effects: " + "; ".join(parts) + "."
