"""The seed's two knowledge-check questions with feedback that says right or wrong in words."""

from __future__ import annotations

import streamlit as st

from deploycore.lesson.steps import SEED_QUESTIONS, check_seed_answer


def _remember_choice(checked_key: str, choice_key: str) -> None:
    st.session_state[checked_key] = st.session_state.get(choice_key)


def show_seed_questions() -> None:
    """One radio group and a Check button per question; feedback persists across reruns."""
    for number, question in enumerate(SEED_QUESTIONS, start=1):
        with st.container(border=True, key=f"seed-question-{number}"):
            st.radio(
                f"{number}. {question.prompt}",
                options=range(len(question.options)),
                format_func=question.options.__getitem__,
                index=None,
                key=f"seed-q{number}-choice",
            )
            checked_key = f"seed-q{number}-checked"
            st.button(
                "Check answer",
                key=f"seed-q{number}-check",
                on_click=_remember_choice,
                args=(checked_key, f"seed-q{number}-choice"),
            )
            if checked_key in st.session_state:
                feedback = check_seed_answer(question, st.session_state[checked_key])
                text = feedback.message
                if feedback.correct:
                    st.success(text, icon=":material/check_circle:")
                elif st.session_state[checked_key] is None:
                    st.info(text, icon=":material/help:")
                else:
                    st.error(text, icon=":material/cancel:")
