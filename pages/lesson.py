"""Lesson: the seed's sections as a guided walkthrough with Previous/Next and deep links."""

from __future__ import annotations

import streamlit as st

from components.layout import ensure_app_frame, show_related_pages
from components.lesson.diagram_view import show_diagram
from components.lesson.handout import handout_download
from components.lesson.knowledge_check import show_seed_questions
from deploycore.lesson.steps import (
    LESSON_TITLE,
    RELATED_PAGES,
    STEPS,
    clamp_step,
    parse_step,
    step_at,
    step_count,
)

ensure_app_frame()


def _go_to(number: int) -> None:
    st.query_params["step"] = str(clamp_step(number))


current, notice = parse_step(st.query_params.get("step"))
step = step_at(current)
total = step_count()

if notice:
    st.warning(notice, icon=":material/link_off:")

st.title(LESSON_TITLE)
st.progress(current / total, text=f"Step {current} of {total}")
st.caption(step.seed_section)
st.header(step.title, anchor=step.slug)
st.markdown(step.body_markdown)
if step.diagram is not None:
    show_diagram(step.diagram)
if step.slug == "knowledge-check":
    show_seed_questions()
show_related_pages(RELATED_PAGES.get(step.slug, ()))

st.divider()
back, jump, forward = st.columns([1, 2, 1], vertical_alignment="center")
back.button(
    "Previous",
    icon=":material/arrow_back:",
    disabled=current == 1,
    on_click=_go_to,
    args=(current - 1,),
    shortcut="PageUp",
    key="lesson-previous",
)
forward.button(
    "Next",
    icon=":material/arrow_forward:",
    type="primary",
    disabled=current == total,
    on_click=_go_to,
    args=(current + 1,),
    shortcut="PageDown",
    key="lesson-next",
)
# Every step, one click away, in a panel built only while open: a select box here loaded about
# 115 kB of browser code (its menu and combo box) before every lesson step was complete.
steps = jump.expander(
    "Jump to a step", icon=":material/list:", key="lesson-steps", on_change="rerun"
)
if steps.open:
    with steps:
        for number, each in enumerate(STEPS, start=1):
            st.button(
                f"{number}. {each.title}",
                key=f"lesson-go-{number}",
                on_click=_go_to,
                args=(number,),
                disabled=number == current,
                type="tertiary",
            )
handout_download()
