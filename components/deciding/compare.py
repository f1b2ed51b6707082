"""Compare mode: collect use cases in this session and review them in one table.

Keeps the collected answers in session state, shows the portfolio table and offers it as CSV
(formula-guarded) and Markdown downloads. The rows come from `deploycore.deciding.portfolio`.
All of it sits in an expander that builds its content only while open (like the YAML export):
the page's first paint needs none of it, and the collected use cases stay in session state
while it is closed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.portfolio import portfolio, records, to_csv, to_markdown
from deploycore.deciding.use_cases import load_use_cases

PORTFOLIO_KEY = "decide-portfolio"
# The expander's own key: its open state, and the `.st-key-decide-compare` class tests locate it by.
COMPARE_OPEN_KEY = "decide-compare"


def _collected() -> list[DecisionInputs]:
    stored: list[DecisionInputs] = st.session_state.setdefault(PORTFOLIO_KEY, [])
    return stored


def _add(inputs: DecisionInputs) -> None:
    kept = [case for case in _collected() if case.name != inputs.name]
    st.session_state[PORTFOLIO_KEY] = [*kept, inputs]


def _add_examples() -> None:
    for case in load_use_cases():
        _add(case.inputs)


def _clear() -> None:
    st.session_state[PORTFOLIO_KEY] = []


def show_compare(current: DecisionInputs | None) -> None:
    """Buttons to collect use cases, the table, and its exports, built only while open."""
    panel = st.expander(
        "Compare use cases",  # a constant label: a changed label would close it
        icon=":material/table_view:",
        key=COMPARE_OPEN_KEY,
        on_change="rerun",
    )
    if not panel.open:
        return  # five elements and blocks fewer on the first paint (README, *Page speed*)
    with panel:
        cases = _collected()
        # One Markdown element: the intro and (while empty) the note that it is empty.
        empty = "" if cases else "\n\n:small[No use cases collected yet.]"
        st.markdown(
            "Collect several use cases (a use case with the same name is replaced) to review "
            f"a whole portfolio of models at once.{empty}"
        )
        # One row (one block; three columns were four).
        row = st.container(horizontal=True)
        row.button(
            "Add this use case",
            key="decide-compare-add",
            on_click=_add,
            args=(current,),
            disabled=current is None,
            icon=":material/add:",
        )
        row.button(
            "Add all examples",
            key="decide-compare-examples",
            on_click=_add_examples,
            icon=":material/library_add:",
        )
        row.button(
            "Clear the table", key="decide-compare-clear", on_click=_clear, icon=":material/delete:"
        )
        if not cases:
            return
        rows = portfolio(cases)
        st.dataframe(pd.DataFrame(records(rows)), hide_index=True, key="decide-compare-table")
        csv_col, md_col = st.columns(2)
        csv_col.download_button(
            "Download CSV",
            data=to_csv(rows),
            file_name="deployment-decisions.csv",
            mime="text/csv",
            key="decide-compare-csv",
            icon=":material/download:",
        )
        md_col.download_button(
            "Download Markdown",
            data=to_markdown(rows),
            file_name="deployment-decisions.md",
            mime="text/markdown",
            key="decide-compare-markdown",
            icon=":material/download:",
        )
