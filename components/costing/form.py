"""Cost estimator input widgets: workload, model, real-time and batch options, in tabs.

Every widget has a stable key (`cost_<field>`) holding its value; nothing is computed here.
"""

from __future__ import annotations

import streamlit as st

from components.costing.region_currency import region_and_currency
from components.costing.state import (
    key,
    on_model_preset_change,
    on_model_size_change,
    on_preset_change,
)
from deploycore.costing.catalog import PriceCatalog, Priority
from deploycore.costing.inputs import (
    BATCH_SCHEDULES,
    BATCH_SERVICE_LABELS,
    BATCH_SERVICES,
    DAILY_SHAPES,
    MODEL_PRESET_LABELS,
    PRESET_LABELS,
    PRESETS,
    REALTIME_SERVICE_LABELS,
    REALTIME_SERVICES,
    SEED_STARTUP_MINUTES_HIGH,
    SEED_STARTUP_MINUTES_LOW,
)
from deploycore.costing.prices import BATCH_CATALOG_SERVICE, REALTIME_CATALOG_SERVICE
from deploycore.vocabulary import SCHEDULE_LABELS, SHAPE_LABELS, Schedule, days_per_run
from deploycore.workload import MODEL_PRESETS

_NO_NODE_SERVICES = {"azure-container-instances", "aws-sagemaker-serverless"}


def preset_picker() -> None:
    st.selectbox(
        "Start from a preset",
        options=PRESETS,
        format_func=lambda p: PRESET_LABELS[p],
        key=key("preset"),
        on_change=on_preset_change,
        help="A preset fills every input below; change any of them afterwards.",
    )


def _sku_select(label: str, field: str, options: list[str], disabled_reason: str | None) -> None:
    current = st.session_state.get(key(field))
    if disabled_reason is not None:
        st.selectbox(label, options=[current], key=key(field), disabled=True, help=disabled_reason)
        return
    if not options:
        st.selectbox(label, options=[current], key=key(field), disabled=True)
        return
    if current not in options:
        st.session_state[key(field)] = options[0]
    st.selectbox(label, options=options, key=key(field))


def _follows_placeholder() -> str:
    """The rows a run scores while it follows the workload, as the empty field's hint."""
    volume = st.session_state.get(key("predictions_per_day")) or 0.0
    schedule = st.session_state.get(key("batch_schedule"), Schedule.DAILY)
    try:
        rows = float(volume) * days_per_run(Schedule(schedule))
    except ValueError:
        return "follows the daily volume"
    return f"{rows:,.0f} (follows the daily volume)"


def input_tabs(catalog: PriceCatalog) -> None:
    workload, model, realtime, batch, where = st.tabs(
        ["Workload", "Model", "Real-time", "Batch", "Region and currency"]
    )
    with workload:
        left, right = st.columns(2)
        left.number_input(
            "Predictions per day", min_value=0.0, step=1000.0, format="%.0f",
            key=key("predictions_per_day"),
        )  # fmt: skip
        right.number_input(
            "Peak requests per second", min_value=0.0, step=1.0, format="%g",
            key=key("peak_requests_per_second"),
            help="The busiest moment's traffic; the busiest hour is sized for it.",
        )  # fmt: skip
        left.selectbox(
            "Daily shape", options=DAILY_SHAPES, format_func=lambda s: SHAPE_LABELS[s],
            key=key("daily_shape"),
        )  # fmt: skip
        right.text_input(
            "24 hourly weights (custom shape only)",
            key=key("hourly_weights"),
            disabled=st.session_state.get(key("daily_shape")) != "custom",
            help="Relative traffic for 00:00 … 23:00, separated by commas.",
        )
        left.selectbox(
            "Batch schedule", options=BATCH_SCHEDULES,
            format_func=lambda s: SCHEDULE_LABELS[s].capitalize(), key=key("batch_schedule"),
            help="How often a batch job would run: every 5 minutes up to quarterly.",
        )  # fmt: skip
        right.number_input(
            "Rows per batch run", min_value=0, step=1000, value=None,
            key=key("rows_per_run_override"), placeholder=_follows_placeholder(),
            help="Leave empty: each run scores the daily volume × days between runs. A number "
            "here makes batch price a different volume than real-time (the page says so).",
        )  # fmt: skip
        left.number_input(
            "Rows per request", min_value=1, step=1, key=key("rows_per_request"),
            help="Rows one real-time request carries; a request takes rows × latency to score.",
        )  # fmt: skip
        right.number_input(
            "Tolerated delay (minutes)", min_value=0.0, step=5.0, format="%g",
            key=key("tolerated_delay_minutes"),
            help="How long the business can wait for predictions; 0 means immediately.",
        )  # fmt: skip
    with model:
        st.selectbox(
            "Model preset", options=MODEL_PRESETS, format_func=lambda m: MODEL_PRESET_LABELS[m],
            key=key("model_preset"), on_change=on_model_preset_change,
            help="From the lesson: simpler models need less compute and cost; complex models "
            "need more compute and processing time.",
        )  # fmt: skip
        a, b, c = st.columns(3)
        a.number_input(
            "Latency per prediction (ms)", min_value=0.001, step=1.0, format="%g",
            key=key("latency_ms"), on_change=on_model_size_change,
        )  # fmt: skip
        b.number_input(
            "vCPU per replica", min_value=0.1, step=0.5, format="%g",
            key=key("replica_vcpu"), on_change=on_model_size_change,
        )  # fmt: skip
        c.number_input(
            "Memory per replica (GB)", min_value=0.1, step=0.5, format="%g",
            key=key("replica_memory_gb"), on_change=on_model_size_change,
        )  # fmt: skip
    with realtime:
        left, right = st.columns(2)
        left.selectbox(
            "Real-time service", options=REALTIME_SERVICES,
            format_func=lambda s: REALTIME_SERVICE_LABELS[s], key=key("realtime_service"),
        )  # fmt: skip
        service = st.session_state.get(key("realtime_service"), REALTIME_SERVICES[0])
        with right:
            _sku_select(
                "Node size",
                "realtime_node_sku",
                catalog.skus(REALTIME_CATALOG_SERVICE[service]),
                "This service is billed per resource or per use, not per node."
                if service in _NO_NODE_SERVICES
                else None,
            )
        left.number_input(
            "Minimum replicas", min_value=1, step=1, key=key("min_replicas"),
            help="High availability needs at least 2.",
        )  # fmt: skip
        # A number input, not a slider: the slider's browser code (about 120 kB with its
        # number and date formatters) was loaded for this one widget.
        right.number_input(
            "Target utilisation (%)", min_value=10.0, max_value=95.0, step=5.0, format="%g",
            key=key("target_utilisation_percent"),
            help="How busy a replica may get before another one is added: 10 to 95 %.",
        )  # fmt: skip
        left.number_input(
            "p95 latency target (ms)", min_value=0.001, step=10.0, format="%g",
            key=key("p95_latency_target_ms"),
        )  # fmt: skip
        right.toggle("Autoscaling", key=key("autoscaling"))
    with batch:
        left, right = st.columns(2)
        left.selectbox(
            "Batch service", options=BATCH_SERVICES,
            format_func=lambda s: BATCH_SERVICE_LABELS[s], key=key("batch_service"),
        )  # fmt: skip
        right.toggle(
            "Low-priority nodes", key=key("low_priority"),
            help="Cheaper, but can be pre-empted.",
        )  # fmt: skip
        batch_service = st.session_state.get(key("batch_service"), BATCH_SERVICES[0])
        priority: Priority = (
            "low-priority" if st.session_state.get(key("low_priority")) else "dedicated"
        )
        with left:
            _sku_select(
                "Node size",
                "batch_node_sku",
                catalog.skus(BATCH_CATALOG_SERVICE[batch_service], priority),
                None,
            )
        right.number_input("Maximum nodes", min_value=1, step=1, key=key("max_nodes"))
        left.number_input(
            "Node start-up (minutes)", min_value=0.0, step=0.5, format="%g",
            key=key("node_startup_minutes"),
            help=f"The lesson's rule of thumb: {SEED_STARTUP_MINUTES_LOW:g}-"
            f"{SEED_STARTUP_MINUTES_HIGH:g} minutes.",
        )  # fmt: skip
        right.number_input(
            "Idle time before scale-down (seconds)", min_value=0.0, step=30.0, format="%g",
            key=key("idle_before_scale_down_seconds"),
            help="Azure ML compute clusters default to 120 s.",
        )  # fmt: skip
        left.number_input(
            "Batch start hour (0-23)", min_value=0, max_value=23, step=1,
            key=key("batch_start_hour"),
        )  # fmt: skip
    with where:
        region_and_currency(catalog)
