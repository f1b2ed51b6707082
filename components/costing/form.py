"""Cost estimator input widgets: workload, model, real-time and batch options, by section.

Every widget has a stable key (`cost_<field>`) holding its value; nothing is computed here. Only
the section chosen in the selector is drawn; the others' widgets keep their values under their
keys (`persist_state="page"`), so switching sections never changes the estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import streamlit as st

from components.costing.region_currency import region_and_currency
from components.costing.state import (
    KEEP,
    ROWS_FRAGMENT,
    key,
    on_model_preset_change,
    on_model_size_change,
    on_preset_change,
    rerun_estimate,
    rerun_estimate_and_rows,
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
from deploycore.infra.text import escape_markdown
from deploycore.vocabulary import (
    SCHEDULE_LABELS,
    SHAPE_LABELS,
    DailyShape,
    Schedule,
    days_per_run,
)
from deploycore.workload import MODEL_PRESETS

_NO_NODE_SERVICES = {"azure-container-instances", "aws-sagemaker-serverless"}

SECTION_KEY: Final = "cost-input-section"
SECTIONS: Final = ("Workload", "Model", "Real-time", "Batch", "Region and currency")
_FLAT_SECTIONS: Final = ("Workload", "Model")


# The preset, the daily shape and the batch schedule are radio buttons, not select boxes: with
# no select box on the first paint the page does not wait for its 115 kB of browser code (menu
# and combo box); the select boxes of the other sections load it when they are opened.


def preset_picker() -> None:
    st.radio(
        "Start from a preset",
        options=PRESETS,
        format_func=lambda p: PRESET_LABELS[p],
        key=key("preset"),
        on_change=on_preset_change,
        help="A preset fills every input below; change any of them afterwards.",
        horizontal=True,
    )


def _realtime_skus(catalog: PriceCatalog) -> tuple[list[str], str | None]:
    """The real-time service's node sizes, and why the size is fixed (None: it is not)."""
    service = st.session_state.get(key("realtime_service"), REALTIME_SERVICES[0])
    if service in _NO_NODE_SERVICES:
        return [], "This service is billed per resource or per use, not per node."
    return catalog.skus(REALTIME_CATALOG_SERVICE[service]), None


def _batch_skus(catalog: PriceCatalog) -> list[str]:
    batch_service = st.session_state.get(key("batch_service"), BATCH_SERVICES[0])
    low_priority = bool(st.session_state.get(key("low_priority")))
    priority: Priority = "low-priority" if low_priority else "dedicated"
    return catalog.skus(BATCH_CATALOG_SERVICE[batch_service], priority)


def _keep_size_valid(field: str, options: list[str], fixed: bool) -> None:
    """A size the chosen service lacks becomes its first size (also while the tab is closed)."""
    if not fixed and options and st.session_state.get(key(field)) not in options:
        st.session_state[key(field)] = options[0]


def keep_sizes_valid(catalog: PriceCatalog) -> None:
    """Run every time, drawn or not: a service switch (or a new catalog) picks a size it has."""
    options, reason = _realtime_skus(catalog)
    _keep_size_valid("realtime_node_sku", options, reason is not None)
    _keep_size_valid("batch_node_sku", _batch_skus(catalog), False)


def _sku_select(label: str, field: str, options: list[str], disabled_reason: str | None) -> None:
    current = st.session_state.get(key(field))
    if disabled_reason is not None:
        st.selectbox(
            label, options=[current], key=key(field), disabled=True, help=disabled_reason,
            persist_state=KEEP,
        )  # fmt: skip
        return
    if not options:
        st.selectbox(label, options=[current], key=key(field), disabled=True, persist_state=KEEP)
        return
    _keep_size_valid(field, options, False)
    st.selectbox(
        label, options=options, key=key(field), persist_state=KEEP, on_change=rerun_estimate
    )


def _follows_placeholder() -> str:
    """The rows a run scores while it follows the workload, as the empty field's hint."""
    volume = st.session_state.get(key("predictions_per_day")) or 0.0
    schedule = st.session_state.get(key("batch_schedule"), Schedule.DAILY)
    try:
        rows = float(volume) * days_per_run(Schedule(schedule))
    except ValueError:
        return "follows the daily volume"
    return f"{rows:,.0f} (follows the daily volume)"


@st.fragment(key=ROWS_FRAGMENT)
def _rows_per_run_input() -> None:
    """A fragment of its own: its hint follows the daily volume and the schedule, which rerun
    it with the estimate instead of the whole page."""
    st.number_input(
        "Rows per batch run", min_value=0, step=1000, value=None,
        key=key("rows_per_run_override"), placeholder=_follows_placeholder(),
        help="Leave empty: each run scores the daily volume × days between runs. A number "
        "here makes batch price a different volume than real-time (the page says so).",
        persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip


def _shape_label(shape: str) -> str:
    """A shape's label as literal Markdown: "(08:00-18:00)" reads as an emoji shortcode to
    the browser, which then loads its emoji plugin (about 260 kB) for the page."""
    return escape_markdown(SHAPE_LABELS[DailyShape(shape)])


def _workload_section() -> None:
    """Drawn straight into the section's wrapping row (see `input_sections`): the four numbers
    side by side, then each choice with the input it governs."""
    st.number_input(
        "Predictions per day", min_value=0.0, step=1000.0, format="%.0f",
        key=key("predictions_per_day"), persist_state=KEEP, on_change=rerun_estimate_and_rows,
    )  # fmt: skip
    st.number_input(
        "Peak requests per second", min_value=0.0, step=1.0, format="%g",
        key=key("peak_requests_per_second"), persist_state=KEEP, on_change=rerun_estimate,
        help="The busiest moment's traffic; the busiest hour is sized for it.",
    )  # fmt: skip
    st.number_input(
        "Rows per request", min_value=1, step=1, key=key("rows_per_request"),
        help="Rows one real-time request carries; a request takes rows × latency to score.",
        persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip
    st.number_input(
        "Tolerated delay (minutes)", min_value=0.0, step=5.0, format="%g",
        key=key("tolerated_delay_minutes"), persist_state=KEEP, on_change=rerun_estimate,
        help="How long the business can wait for predictions; 0 means immediately.",
    )  # fmt: skip
    st.radio(
        "Daily shape", options=DAILY_SHAPES, format_func=_shape_label,
        key=key("daily_shape"), persist_state=KEEP, horizontal=True,
    )  # fmt: skip
    # Only with the custom shape (its value is kept while hidden): a disabled text input on
    # every first paint loaded the text input's browser code for nothing.
    if st.session_state.get(key("daily_shape")) == DailyShape.CUSTOM:
        st.text_input(
            "24 hourly weights (custom shape only)",
            key=key("hourly_weights"),
            help="Relative traffic for 00:00 … 23:00, separated by commas.",
            persist_state=KEEP,
            on_change=rerun_estimate,
        )
    st.radio(
        "Batch schedule", options=BATCH_SCHEDULES,
        format_func=lambda s: SCHEDULE_LABELS[s].capitalize(), key=key("batch_schedule"),
        help="How often a batch job would run: every 5 minutes up to quarterly.",
        persist_state=KEEP, horizontal=True, on_change=rerun_estimate_and_rows,
    )  # fmt: skip
    _rows_per_run_input()


def _model_section() -> None:
    st.selectbox(
        "Model preset", options=MODEL_PRESETS, format_func=lambda m: MODEL_PRESET_LABELS[m],
        key=key("model_preset"), on_change=on_model_preset_change, persist_state=KEEP,
        help="From the lesson: simpler models need less compute and cost; complex models "
        "need more compute and processing time.",
    )  # fmt: skip
    st.number_input(
        "Latency per prediction (ms)", min_value=0.001, step=1.0, format="%g",
        key=key("latency_ms"), on_change=on_model_size_change, persist_state=KEEP,
    )  # fmt: skip
    st.number_input(
        "vCPU per replica", min_value=0.1, step=0.5, format="%g",
        key=key("replica_vcpu"), on_change=on_model_size_change, persist_state=KEEP,
    )  # fmt: skip
    st.number_input(
        "Memory per replica (GB)", min_value=0.1, step=0.5, format="%g",
        key=key("replica_memory_gb"), on_change=on_model_size_change, persist_state=KEEP,
    )  # fmt: skip


def _realtime_section(catalog: PriceCatalog) -> None:
    left, right = st.columns(2)
    left.selectbox(
        "Real-time service", options=REALTIME_SERVICES,
        format_func=lambda s: REALTIME_SERVICE_LABELS[s], key=key("realtime_service"),
        persist_state=KEEP,
    )  # fmt: skip
    options, fixed_reason = _realtime_skus(catalog)
    with right:
        _sku_select("Node size", "realtime_node_sku", options, fixed_reason)
    left.number_input(
        "Minimum replicas", min_value=1, step=1, key=key("min_replicas"),
        help="High availability needs at least 2.", persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip
    # A number input, not a slider: the slider's browser code (about 120 kB with its
    # number and date formatters) was loaded for this one widget.
    right.number_input(
        "Target utilisation (%)", min_value=10.0, max_value=95.0, step=5.0, format="%g",
        key=key("target_utilisation_percent"), persist_state=KEEP, on_change=rerun_estimate,
        help="How busy a replica may get before another one is added: 10 to 95 %.",
    )  # fmt: skip
    left.number_input(
        "p95 latency target (ms)", min_value=0.001, step=10.0, format="%g",
        key=key("p95_latency_target_ms"), persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip
    right.toggle(
        "Autoscaling", key=key("autoscaling"), persist_state=KEEP, on_change=rerun_estimate
    )


def _batch_section(catalog: PriceCatalog) -> None:
    left, right = st.columns(2)
    left.selectbox(
        "Batch service", options=BATCH_SERVICES,
        format_func=lambda s: BATCH_SERVICE_LABELS[s], key=key("batch_service"),
        persist_state=KEEP,
    )  # fmt: skip
    right.toggle(
        "Low-priority nodes", key=key("low_priority"),
        help="Cheaper, but can be pre-empted.", persist_state=KEEP,
    )  # fmt: skip
    with left:
        _sku_select("Node size", "batch_node_sku", _batch_skus(catalog), None)
    right.number_input(
        "Maximum nodes", min_value=1, step=1, key=key("max_nodes"), persist_state=KEEP,
        on_change=rerun_estimate,
    )  # fmt: skip
    left.number_input(
        "Node start-up (minutes)", min_value=0.0, step=0.5, format="%g",
        key=key("node_startup_minutes"), persist_state=KEEP, on_change=rerun_estimate,
        help=f"The lesson's rule of thumb: {SEED_STARTUP_MINUTES_LOW:g}-"
        f"{SEED_STARTUP_MINUTES_HIGH:g} minutes.",
    )  # fmt: skip
    right.number_input(
        "Idle time before scale-down (seconds)", min_value=0.0, step=30.0, format="%g",
        key=key("idle_before_scale_down_seconds"), persist_state=KEEP, on_change=rerun_estimate,
        help="Azure ML compute clusters default to 120 s.",
    )  # fmt: skip
    left.number_input(
        "Batch start hour (0-23)", min_value=0, max_value=23, step=1,
        key=key("batch_start_hour"), persist_state=KEEP, on_change=rerun_estimate,
    )  # fmt: skip


def input_sections(catalog: PriceCatalog) -> None:
    """A selector of the five input sections; only the chosen one is drawn.

    About 30 widgets in five tabs were all drawn (hidden or not) and each costs its message,
    its session-state copy and its drawing; one section is 3 to 8 widgets.
    """
    keep_sizes_valid(catalog)
    sections: dict[str, Callable[[], None]] = {
        "Workload": _workload_section,
        "Model": _model_section,
        "Real-time": lambda: _realtime_section(catalog),
        "Batch": lambda: _batch_section(catalog),
        "Region and currency": lambda: region_and_currency(catalog),
    }
    # A horizontal radio: st.segmented_control's chosen option is drawn at 4.47:1 (light) and
    # 3.61:1 (dark), under WCAG AA's 4.5:1 (axe, Streamlit 1.67).
    chosen = st.radio(
        "Inputs", options=SECTIONS, horizontal=True, key=SECTION_KEY,
        label_visibility="collapsed", persist_state=KEEP,
    )  # fmt: skip
    chosen = chosen or SECTIONS[0]
    # The workload and the model are drawn straight into a wrapping row (st.columns were three
    # blocks more, and the workload's "Rows per batch run" sat in a fourth); the other
    # sections keep their columns.
    with st.container(key="cost-inputs", border=True, horizontal=chosen in _FLAT_SECTIONS):
        sections[chosen]()
