"""Instructor: run a live quiz (join code + QR, questions, live answers, reveal, leaderboard)
and read the item analysis afterwards. Protected by the instructor passcode."""

from __future__ import annotations

import streamlit as st

from components.layout import ensure_app_frame
from components.quiz.analysis import item_analysis_section
from components.quiz.common import live_classroom, question_bank
from components.quiz.instructor import (
    chosen_session,
    close_session_view,
    join_banner,
    passcode_gate,
    session_controls,
    session_starter,
)
from components.quiz.live import instructor_live_panel
from components.quiz.past_sessions import past_sessions_panel

ensure_app_frame()

st.title("Instructor")
if not passcode_gate():
    st.stop()

session = chosen_session()
if session is None:
    bank = question_bank()
    if bank is not None:
        session_starter(bank)
    past_sessions_panel()
    st.stop()

join_banner(session)
session_controls(session)
instructor_live_panel(session.code)
item_analysis_section(live_classroom(), session)
close_session_view()
