"""Cost estimator: "every cloud at once", every service of both sides priced for the workload.

Renders `deploycore.costing.every_service`'s table, chart and CSV; computes nothing itself. The
work runs only while the expander is open (it tracks its state and reruns when toggled).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from deploycore.costing.catalog import PriceCatalog
from deploycore.costing.every_service import deadline_words, price_every_service
from deploycore.costing.every_service_chart import every_service_figure
from deploycore.costing.every_service_report import USD_COLUMN, table_columns, table_csv
from deploycore.costing.inputs import CostInputs

EXPANDER_KEY = "cost-every-open"
LABEL = "Every cloud at once: each real-time and batch service on Azure, AWS and Google Cloud"
ROW_PX = 35  # st.dataframe's row height
MARK_PX = 290  # wide enough for "✓ cheapest real-time that meets the deadline"


def every_service_section(inputs: CostInputs, catalog: PriceCatalog) -> None:
    """An expander with the table, the bar chart (with its text alternative) and a CSV download."""
    section = st.expander(LABEL, key=EXPANDER_KEY, on_change="rerun", icon=":material/cloud:")
    with section:
        if not section.open:
            return
        table = price_every_service(inputs, catalog)
        with st.container(key="cost-every-intro"):
            st.caption(
                "Each service is sized and priced by the same engine as the estimate above, at "
                "its cheapest size in the price catalog that fits the model (batch: the "
                "cheapest that also meets the deadline), cheapest first. The deadline: results "
                f"{deadline_words(table.tolerated_delay_minutes)}."
            )
        st.dataframe(
            pd.DataFrame(table_columns(table)),
            hide_index=True,
            key="cost-every-table",
            height=ROW_PX * (len(table.rows) + 1) + 3,  # every row, no inner scrolling
            column_config={
                "mark": st.column_config.TextColumn(width=MARK_PX),
                USD_COLUMN: st.column_config.NumberColumn(format="dollar"),
            },
        )
        st.plotly_chart(every_service_figure(table), key="cost-every-chart", alt=table.summary)
        with st.container(key="cost-every-summary"):
            st.markdown(f"**In words:** {table.summary}")
        st.download_button(
            "Download this table (CSV)", data=table_csv(table),
            file_name="every-service-cost.csv", mime="text/csv", key="cost-every-download",
            on_click="ignore", icon=":material/table:",
        )  # fmt: skip
