"""Join a live quiz: enter the code and a nickname, then follow the instructor's questions.

The participant's rejoin token is kept in the page address (?p=...) and works only in the browser
that joined (its key is in a cookie), so a reload rejoins with the answers already given and a
shared link does not.
"""

from __future__ import annotations

import streamlit as st

from components.layout import ensure_app_frame
from components.quiz.common import browser_key, client_id, live_classroom
from components.quiz.live import learner_view
from deploycore.infra.text import safe_echo
from deploycore.quiz.live import normalise_join_code

ensure_app_frame()

TOKEN_PARAM = "p"
CODE_PARAM = "code"
JOIN_ERROR = "join-error"


def _join(key: str) -> None:
    ss = st.session_state
    result = live_classroom().join(
        ss.get("join-code", ""), ss.get("join-nickname", ""), client_id(), key
    )
    if result.participant is None:
        ss[JOIN_ERROR] = result.message
        return
    ss.pop(JOIN_ERROR, None)
    session = live_classroom().store.live_session_by_id(result.participant.session_id)
    st.query_params[CODE_PARAM] = session.code
    st.query_params[TOKEN_PARAM] = result.participant.token


def _leave() -> None:
    st.query_params.pop(TOKEN_PARAM, None)


st.title("Join a live quiz")
token = st.query_params.get(TOKEN_PARAM, "")
key = browser_key()
back = live_classroom().rejoin_in_browser(token, key) if token else None

if back is None:
    if token:
        st.warning(
            "This link's place in a session was not found, or it belongs to the browser that "
            "joined with it. Join with the code on the instructor's screen and your own nickname.",
            icon=":material/link_off:",
        )
    st.markdown("Enter the code shown on the instructor's screen and a nickname for this quiz.")
    if "join-code" not in st.session_state:
        st.session_state["join-code"] = (
            normalise_join_code(st.query_params.get(CODE_PARAM, "")) or ""
        )
    with st.form("join-form", border=True, enter_to_submit=True):
        st.text_input("Join code", max_chars=12, key="join-code", placeholder="e.g. K7QM2P")
        st.text_input("Nickname", max_chars=40, key="join-nickname", placeholder="e.g. Sam")
        st.form_submit_button(
            "Join", type="primary", icon=":material/login:", on_click=_join, args=(key,)
        )
    if JOIN_ERROR in st.session_state:
        st.error(st.session_state[JOIN_ERROR], icon=":material/error:")
else:
    st.caption(
        f"You are **{safe_echo(back.participant.nickname)}** in session {back.session.code}. "
        "This page follows the instructor by itself; reloading keeps your answers."
    )
    learner_view(token, back)
    st.button("Leave and join another session", on_click=_leave, key="join-leave")
