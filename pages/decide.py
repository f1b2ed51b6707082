"""Decide: real-time or batch for my use case, with reasons, flips, costs, YAML and compare."""

from __future__ import annotations

import streamlit as st

from components.deciding.cached import flips, recommendation
from components.deciding.compare import show_compare
from components.deciding.export import show_export
from components.deciding.form import read_answers, show_examples, show_questions
from components.deciding.result import (
    show_contradictions,
    show_costs,
    show_factors,
    show_flips,
    show_recommendation,
)
from components.layout import ensure_app_frame

ensure_app_frame()

st.title("Decide: real-time or batch?")
st.write(
    "Answer a few questions about how your model will be used. The recommendation rests on "
    "the lesson's four factors (frequency, timeliness, individual or batch, compute cost) and "
    "its note on simple and complex models; each reason quotes the sentence it rests on."
)

show_examples()
show_questions()
inputs, problems = read_answers()
for problem in problems:
    st.error(problem, icon=":material/edit:")

if inputs is not None:
    result = recommendation(inputs)
    show_contradictions(result)
    show_recommendation(result)
    show_factors(result)
    show_flips(flips(inputs))
    show_costs(result, inputs)
    show_export(result, inputs)

show_compare(inputs)
