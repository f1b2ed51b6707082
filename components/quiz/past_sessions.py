"""The instructor's list of past live sessions: open one's results and exports, or delete one
session's data after a confirmation with the passcode."""

from __future__ import annotations

import streamlit as st

from components.quiz.common import client_id, live_classroom, quiz_store
from deploycore.quiz.live import (
    PASSCODE_TRIES_PER_CLIENT,
    PasscodeCheck,
    RateLimiter,
    check_instructor_passcode,
)
from deploycore.quiz.storage import SessionSummary

SESSION_PARAM = "session"  # the same address parameter as the instructor page's
PAST_SHOWN = 50
DELETING = "instructor-deleting"  # the code whose deletion waits for confirmation
DELETE_PASSCODE = "instructor-delete-passcode"
DELETE_MESSAGE = "instructor-delete-message"  # (kind, text) after a confirmation


def _mean_words(summary: SessionSummary) -> str:
    if summary.mean_points is None:
        return "no learners"
    return f"{summary.mean_points:.1f} of {summary.question_count} points"


def _open(code: str) -> None:
    st.session_state.pop(DELETING, None)
    st.query_params[SESSION_PARAM] = code


def _ask_delete(code: str) -> None:
    st.session_state[DELETING] = code
    st.session_state.pop(DELETE_MESSAGE, None)


def _cancel_delete() -> None:
    st.session_state.pop(DELETING, None)
    st.session_state[DELETE_PASSCODE] = ""


def _confirm_delete(code: str) -> None:
    ss = st.session_state
    entered = ss.get(DELETE_PASSCODE, "")
    ss[DELETE_PASSCODE] = ""
    limiter, who = RateLimiter(quiz_store(), PASSCODE_TRIES_PER_CLIENT), client_id()
    if not limiter.hit(who):
        wait = limiter.retry_after_s(who)
        ss[DELETE_MESSAGE] = ("error", f"Too many tries. Wait {wait:.0f} s, then try again.")
        return
    if check_instructor_passcode(entered) is not PasscodeCheck.OK:
        ss[DELETE_MESSAGE] = ("error", "That passcode is not right: nothing was deleted.")
        return
    ss.pop(DELETING, None)
    if live_classroom().delete_session(code):
        ss[DELETE_MESSAGE] = ("success", f"Session {code} and all its answers are deleted.")
    else:
        ss[DELETE_MESSAGE] = ("error", f"Session {code} was already gone.")


def _confirmation(summary: SessionSummary) -> None:
    code = summary.code  # only A-Z and 2-9: nothing for markdown to read
    with st.container(border=True, key="instructor-delete-confirm"):
        st.warning(
            f"Delete session **{code}** for good? The nicknames of who joined "
            f"({summary.learner_count}) and every answer are removed from the database; files "
            "you downloaded before stay as they are. Enter the instructor passcode to confirm.",
            icon=":material/warning:",
        )
        st.text_input("Instructor passcode", type="password", key=DELETE_PASSCODE)
        left, right = st.columns(2)
        left.button(f"Delete session {code}", type="primary", icon=":material/delete_forever:",
                    on_click=_confirm_delete, args=(code,),
                    key="instructor-delete-confirm-button")  # fmt: skip
        right.button("Cancel", on_click=_cancel_delete, key="instructor-delete-cancel")


def past_sessions_panel() -> None:
    """Past sessions, newest first: date, code, learners, mean score; Open and Delete each."""
    summaries = live_classroom().past_sessions()
    with st.container(border=True, key="instructor-past"):
        st.subheader("Past sessions")
        message = st.session_state.get(DELETE_MESSAGE)
        if message is not None:
            kind, text = message
            if kind == "success":
                st.success(text, icon=":material/check_circle:")
            else:
                st.error(text, icon=":material/error:")
        if not summaries:
            st.caption("No sessions yet: the ones you start appear here.")
            return
        st.caption(
            f"Newest first{f' (the latest {PAST_SHOWN})' if len(summaries) > PAST_SHOWN else ''}. "
            "Open shows a session's results and its CSV exports. Mean score: the learners' "
            "mean total points."
        )
        deleting = st.session_state.get(DELETING)
        for summary in summaries[:PAST_SHOWN]:
            with st.container(key=f"instructor-past-{summary.code}"):
                when, code, people, mean, open_col, delete_col = st.columns(
                    [3, 2, 2, 4, 2, 2], vertical_alignment="center"
                )
                when.markdown(f"{summary.created_at:%Y-%m-%d %H:%M} UTC")
                code.markdown(f"**{summary.code}**")
                count = summary.learner_count
                people.markdown(f"{count} learner{'' if count == 1 else 's'}")
                state = "ended" if summary.finished else "not ended"
                mean.markdown(f"{_mean_words(summary)} ({state})")
                open_col.button("Open", icon=":material/open_in_new:", on_click=_open,
                                args=(summary.code,), key=f"past-open-{summary.code}")  # fmt: skip
                delete_col.button(
                    "Delete", icon=":material/delete:", on_click=_ask_delete,
                    args=(summary.code,), key=f"past-delete-{summary.code}",
                )  # fmt: skip
            if deleting == summary.code:
                _confirmation(summary)
