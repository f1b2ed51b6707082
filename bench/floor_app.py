"""The framework floor for `bench_cost_page.py`: one number input and one metric, nothing else.

Not a page of the app; the benchmark serves it with its own `streamlit run` as the anchor.
"""

from __future__ import annotations

import streamlit as st

# An arbitrary price so the metric follows the input (USD per prediction, not a real price).
USD_PER_PREDICTION = 0.000036

predictions = st.number_input(
    "Predictions per day",
    min_value=0.0,
    value=10_000.0,
    step=1000.0,
    format="%.0f",
    key="predictions_per_day",
)
st.metric("Monthly cost", f"${predictions * USD_PER_PREDICTION:,.2f} / month")
