"""Home: what the app is for and where each kind of visitor should go."""

from __future__ import annotations

import streamlit as st

from components.layout import ensure_app_frame

ensure_app_frame()

st.title("Real-time or batch? Deciding how a model should be deployed")
st.write(
    "A trained model only helps once applications can call it. This app teaches the two ways "
    "to deploy it, **real-time endpoints** (always-on containers that answer each request at "
    "once) and **batch endpoints** (compute clusters that score collected data on a schedule "
    "and store the results), and helps you choose between them."
)

trainer, learner, stakeholder = st.columns(3)
with trainer.container(border=True, key="audience-trainer"):
    st.subheader(":material/co_present: Trainers")
    st.write(
        "Walk the class through the lesson step by step. Switch on **Presenter mode** (top "
        "right) for large text and diagrams; Page Down / Page Up move between steps."
    )
    st.page_link("pages/lesson.py", label="Start the lesson", icon=":material/school:")
with learner.container(border=True, key="audience-learner"):
    st.subheader(":material/person: Learners")
    st.write(
        "Study at your own pace: read each step, look at the diagrams, and finish with the "
        "knowledge check, which tells you why each answer is right or wrong."
    )
    st.page_link(
        "pages/lesson.py",
        label="Go to the knowledge check",
        icon=":material/quiz:",
        query_params={"step": "10"},
    )
with stakeholder.container(border=True, key="audience-stakeholder"):
    st.subheader(":material/groups: ML engineers and product owners")
    st.write(
        "Preparing a decision with stakeholders? Start with the cost of compute: real-time "
        "endpoints cost money every hour, batch clusters scale to zero when idle."
    )
    st.page_link(
        "pages/lesson.py",
        label="The cost of compute",
        icon=":material/payments:",
        query_params={"step": "8"},
    )
