"""Cost estimator state: widget keys, loading inputs from the link, mirroring them back.

For keeping every input under a stable `st.session_state` key and in `st.query_params`, so a
copied link reproduces the estimate. Not for widgets' layout (`form.py`).
"""

from __future__ import annotations

from typing import Any, Final

import streamlit as st

from deploycore.costing.form_values import format_weights
from deploycore.costing.inputs import MODEL_PRESET_VALUES, CostInputs
from deploycore.costing.links import from_query_params, to_query_params

PREFIX = "cost_"
OVERRIDES_KEY = "cost_state_price_overrides"
SYNCED_KEY = "cost_state_synced_params"
LINK_PROBLEMS_KEY = "cost_state_link_problems"
UPLOADED_CATALOG_KEY = "cost_state_uploaded_catalog"
# Every input widget is drawn with `persist_state=KEEP`: one not drawn (a closed section) keeps
# its value under its key while the page stays open; leaving the page drops it, and the page
# then restores the last estimate from the link (`load_from_link`).
KEEP: Final = "page"
WIDGET_FIELDS = tuple(name for name in CostInputs.model_fields if name != "price_overrides")
# The page's fragments (`@st.fragment(key=...)`): the estimate (everything that depends on the
# inputs) and the "Rows per batch run" input, whose hint shows the daily volume.
ESTIMATE_FRAGMENT: Final = "cost-estimate"
ROWS_FRAGMENT: Final = "cost-rows-per-run"


def key(field: str) -> str:
    """The session-state (and `.st-key-...`) key of an input's widget."""
    return PREFIX + field


def apply_inputs(inputs: CostInputs, keep_overrides: bool = False) -> None:
    """Put every input into its widget's session-state key (call before the widgets run)."""
    for name, value in inputs.model_dump().items():
        if name == "price_overrides":
            if not keep_overrides:
                st.session_state[OVERRIDES_KEY] = dict(value)
        elif name == "hourly_weights":
            st.session_state[key(name)] = format_weights(tuple(value))
        else:
            st.session_state[key(name)] = value


def load_from_link() -> None:
    """Fill the widgets from the query string when the page opens or the link changes.

    Edits in the page are kept: the link is re-read only when it differs from what the page
    last wrote (a new link, or another page switching here with query parameters).
    """
    current = st.query_params.to_dict()
    last = st.session_state.get(SYNCED_KEY)
    widgets_ready = all(key(name) in st.session_state for name in WIDGET_FIELDS)
    if widgets_ready and (current == last or not current):
        st.session_state[LINK_PROBLEMS_KEY] = ()
        return
    if not current and isinstance(last, dict):
        current = last  # back on the page without a link: restore the last estimate
    result = from_query_params(current)
    apply_inputs(result.inputs)
    st.session_state[LINK_PROBLEMS_KEY] = result.problems


def link_problems() -> tuple[str, ...]:
    problems = st.session_state.get(LINK_PROBLEMS_KEY, ())
    return tuple(problems)


def form_values() -> dict[str, Any]:
    """What the widgets hold now (weights as the text the user typed)."""
    values: dict[str, Any] = {name: st.session_state.get(key(name)) for name in WIDGET_FIELDS}
    values["price_overrides"] = dict(st.session_state.get(OVERRIDES_KEY, {}))
    return {name: value for name, value in values.items() if value is not None}


def mirror_to_link(inputs: CostInputs) -> dict[str, str]:
    """Write the inputs into the address bar's query string (only when they changed)."""
    params = to_query_params(inputs)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state[SYNCED_KEY] = params
    return params


# ------------------------------------------------------------------------ callbacks
#
# A changed input reruns the whole page unless its callback names the fragments to rerun. Only
# inputs that no other input's drawing reads name them: the estimate alone (a change of this
# kind redraws about 30 elements instead of about 60), plus "Rows per batch run" for the two
# inputs its hint shows. An input that changes what another input shows (a service's sizes, the
# custom shape's weights, the currency's rate) has no such callback: the whole page reruns.


def rerun_estimate() -> None:
    """Rerun only the estimate (an input that only the estimate reads)."""
    st.rerun(scope=ESTIMATE_FRAGMENT)


def rerun_estimate_and_rows() -> None:
    """Rerun the estimate and "Rows per batch run" (the daily volume and the schedule)."""
    st.rerun(scope=[ROWS_FRAGMENT, ESTIMATE_FRAGMENT])


def on_preset_change() -> None:
    """A preset fills every input (your own prices are kept)."""
    preset = st.session_state[key("preset")]
    apply_inputs(CostInputs.from_preset(preset), keep_overrides=True)


def on_model_preset_change() -> None:
    chosen = st.session_state[key("model_preset")]
    for name, value in MODEL_PRESET_VALUES.get(chosen, {}).items():
        st.session_state[key(name)] = value


def on_model_size_change() -> None:
    """Editing latency, vCPU or memory by hand makes the model 'custom'."""
    st.session_state[key("model_preset")] = "custom"


def set_price_override(price_id: str, usd_per_unit: float) -> None:
    overrides = dict(st.session_state.get(OVERRIDES_KEY, {}))
    overrides[price_id] = float(usd_per_unit)
    st.session_state[OVERRIDES_KEY] = overrides


def clear_price_overrides() -> None:
    st.session_state[OVERRIDES_KEY] = {}
