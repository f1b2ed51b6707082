"""Home: what the app is for and where each kind of visitor should go."""

from __future__ import annotations

import streamlit as st

from components.layout import ensure_app_frame, show_related_pages
from deploycore.lesson.home_guide import AUDIENCES

ensure_app_frame()

st.title("Real-time or batch? Deciding how a model should be deployed")
st.write(
    "A trained model only helps once applications can call it. This app teaches the two ways "
    "to deploy it, **real-time endpoints** (always-on containers that answer each request at "
    "once) and **batch endpoints** (compute clusters that score collected data on a schedule "
    "and store the results), and helps you choose between them."
)

for column, audience in zip(st.columns(len(AUDIENCES)), AUDIENCES, strict=True):
    with column.container(border=True, key=f"audience-{audience.key}"):
        st.subheader(f"{audience.icon} {audience.title}")
        st.write(audience.pitch)
        show_related_pages(audience.links)
