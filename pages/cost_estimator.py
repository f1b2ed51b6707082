"""Cost estimator: real-time vs batch monthly cost for a workload, with a shareable link."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.costing import catalog as cost_catalog
from components.costing import every_service
from components.costing import form as cost_form
from components.costing import region_currency as cost_region_currency
from components.costing import results as cost_results
from components.costing import state as cost_state
from components.layout import ensure_app_frame
from deploycore.costing.catalog import PriceCatalog
from deploycore.costing.estimate import estimate
from deploycore.costing.form_values import validate_form
from deploycore.costing.prices import CostInputError


@st.fragment(key=cost_state.ESTIMATE_FRAGMENT)
def estimate_section(catalog: PriceCatalog) -> None:
    """The prices panel and everything that depends on the inputs, as one fragment.

    An input that only the estimate reads reruns just this (its callback names it), not
    app.py's frame, the title, the preset and the inputs. Nothing that depends on an input may
    sit outside it. A catalog upload or removal happens in here: it asks for a full run, which
    redraws the catalog's status above.
    """
    if cost_catalog.active_catalog() is not catalog:
        st.rerun(scope="app")
    cost_catalog.price_panel(catalog)

    form = validate_form(cost_state.form_values())
    if form.inputs is None:
        with st.container(key="cost-input-problems"):
            st.error(
                "The estimate needs a fix first:\n\n" + "\n".join(f"- {p}" for p in form.problems),
                icon=":material/error:",
            )
        return
    try:
        result = estimate(form.inputs, catalog)
    except CostInputError as problem:
        with st.container(key="cost-input-problems"):
            st.error(str(problem), icon=":material/error:")
        return

    params = cost_state.mirror_to_link(form.inputs)
    cost_results.side_by_side(result)
    cost_region_currency.currency_totals(form.inputs, result)
    cost_results.charts(result)
    cost_results.explanation(result)
    cost_results.downloads(result, cost_results.share_link(params))
    every_service.every_service_section(form.inputs, catalog)


ensure_app_frame()

st.title("Cost estimator: real-time or batch?")
st.markdown(
    "Real-time endpoints need always-on compute, so their cost is continuous; batch endpoints "
    "use compute clusters that scale with the work and cost little when idle. Enter your "
    "workload to see what that means in dollars."
)

cost_state.load_from_link()
for problem in cost_state.link_problems():
    st.warning(problem, icon=":material/link_off:")

active = cost_catalog.active_catalog()
cost_form.preset_picker()
cost_catalog.catalog_status(active, date.today())
cost_form.input_sections(active)
estimate_section(active)
