"""The instructor page's pieces: the passcode gate, starting or reopening a session, the join
banner with its QR code, and the session controls."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.quiz.common import client_id, live_classroom, question_bank, quiz_store
from deploycore.infra.text import safe_echo
from deploycore.quiz.gift import GiftError, export_gift, import_gift
from deploycore.quiz.live import (
    PASSCODE_TRIES_PER_CLIENT,
    PasscodeCheck,
    RateLimiter,
    check_instructor_passcode,
    instructor_passcode_configured,
    join_qr_png,
    normalise_join_code,
    question_set_choices,
)
from deploycore.quiz.models import Question, QuestionBank
from deploycore.quiz.storage import LiveSession

UNLOCKED = "instructor-unlocked"
PASSCODE_ERROR = "instructor-passcode-error"
SESSION_PARAM = "session"
OPEN_ERROR = "instructor-open-error"
GIFT_ERROR = "instructor-gift-error"


def _passcode_limiter() -> RateLimiter:
    """Passcode tries per client, counted in the database (shared by every app process)."""
    return RateLimiter(quiz_store(), PASSCODE_TRIES_PER_CLIENT)


def _unlock() -> None:
    ss = st.session_state
    entered = ss.get("instructor-passcode", "")
    ss["instructor-passcode"] = ""
    limiter, who = _passcode_limiter(), client_id()
    if not limiter.hit(who):
        ss[PASSCODE_ERROR] = (
            f"Too many tries. Wait {limiter.retry_after_s(who):.0f} s, then enter the passcode "
            "again."
        )
        return
    if check_instructor_passcode(entered) is PasscodeCheck.OK:
        ss[UNLOCKED] = True
        ss.pop(PASSCODE_ERROR, None)
    else:
        ss[PASSCODE_ERROR] = "That passcode is not right. Check it and try again."


def _create(choices: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    bank = question_bank()
    choice = st.session_state.get("instructor-set")
    if bank is None or choice not in choices:
        return
    title, ids = choices[choice]
    session = live_classroom().create_session(choice, title, [bank.get(i) for i in ids])
    st.query_params[SESSION_PARAM] = session.code


def _read_gift(upload: Any) -> tuple[tuple[Question, ...], str]:
    """The questions of an uploaded GIFT file, or () and what is wrong with it, in words."""
    if upload is None:
        return (), "Choose a GIFT file first."
    name = safe_echo(upload.name)
    try:
        questions = import_gift(upload.getvalue().decode("utf-8"), file=upload.name).questions
    except UnicodeDecodeError:
        return (), f"{name} is not UTF-8 text; save it as UTF-8."
    except GiftError as error:
        return (), (
            f"Nothing was imported from {name}; fix these and upload it again:\n\n"
            + "\n".join(f"- {safe_echo(problem, limit=300)}" for problem in error.problems)
        )
    if not questions:
        return (), f"{name} has no questions."
    return questions, ""


def _create_from_gift() -> None:
    upload = st.session_state.get("instructor-gift")
    questions, problem = _read_gift(upload)
    if problem or upload is None:  # no upload always comes with a problem to show
        st.session_state[GIFT_ERROR] = problem
        return
    st.session_state.pop(GIFT_ERROR, None)
    title = f"{upload.name} ({len(questions)})"
    session = live_classroom().create_session("gift", title, list(questions))
    st.query_params[SESSION_PARAM] = session.code


def _open_existing() -> None:
    code = normalise_join_code(st.session_state.get("instructor-open-code", ""))
    if code is None or live_classroom().session(code) is None:
        st.session_state[OPEN_ERROR] = "No session has this code. Check it and try again."
        return
    st.session_state.pop(OPEN_ERROR, None)
    st.query_params[SESSION_PARAM] = code


def _control(action: str, code: str) -> None:
    classroom = live_classroom()
    session = classroom.session(code)
    if session is None:
        return
    if action == "next":
        classroom.next_question(session)
    elif action == "reveal":
        classroom.reveal(session)
    elif action == "finish":
        classroom.finish(session)
    elif action == "leaderboard":
        classroom.set_leaderboard(session, bool(st.session_state.get("instructor-leaderboard")))


def _close_view() -> None:
    st.query_params.pop(SESSION_PARAM, None)


def passcode_gate() -> bool:
    """True once this browser session has entered the right passcode; otherwise show why not
    (no passcode configured: how to set one, and nothing else) or the passcode form."""
    if not instructor_passcode_configured():
        st.info(
            "The instructor page is locked until an instructor passcode is configured.\n\n"
            "Set it in the environment before starting the app, for example "
            "`INSTRUCTOR_PASSCODE='a long phrase' make run`, or put the line "
            '`INSTRUCTOR_PASSCODE = "a long phrase"` in `.streamlit/secrets.toml` (git-ignored), '
            "then restart the app and open this page again.",
            icon=":material/lock:",
        )
        return False
    if st.session_state.get(UNLOCKED):
        return True
    with st.form("instructor-unlock", border=True, enter_to_submit=True):
        st.text_input("Instructor passcode", type="password", key="instructor-passcode")
        st.form_submit_button("Unlock", type="primary", icon=":material/lock_open:",
                              on_click=_unlock)  # fmt: skip
    if PASSCODE_ERROR in st.session_state:
        st.error(st.session_state[PASSCODE_ERROR], icon=":material/error:")
    return False


def chosen_session() -> LiveSession | None:
    """The session named in the page address (?session=CODE), if it exists."""
    code = st.query_params.get(SESSION_PARAM, "")
    return live_classroom().session(code) if code else None


def session_starter(bank: QuestionBank) -> None:
    """Start a session from a bank set or an uploaded GIFT file, or reopen one by its code."""
    choices = {c.set_id: (c.title, c.question_ids) for c in question_set_choices(bank)}
    with st.container(border=True, key="instructor-create"):
        st.subheader("Start a live session")
        st.selectbox("Question set", options=list(choices),
                     format_func=lambda c: choices[c][0], key="instructor-set")  # fmt: skip
        st.button("Create the session", type="primary", icon=":material/add:",
                  on_click=_create, args=(choices,), key="instructor-create-session")  # fmt: skip
    with st.container(border=True, key="instructor-gift-panel"):
        st.subheader("Your own questions (Moodle GIFT)")
        upload = st.file_uploader("A GIFT file with your questions", type=["gift", "txt"],
                                  key="instructor-gift")  # fmt: skip
        if upload is not None:  # checked on upload, before anything is created from it
            questions, problem = _read_gift(upload)
            if problem:
                st.error(problem, icon=":material/error:")
            else:
                st.success(f"{safe_echo(upload.name)}: {len(questions)} question"
                           f"{'s' if len(questions) != 1 else ''} read, ready to run.",
                           icon=":material/task_alt:")  # fmt: skip
        st.button("Create the session from this file", on_click=_create_from_gift,
                  key="instructor-create-from-gift", disabled=upload is None)  # fmt: skip
        if GIFT_ERROR in st.session_state and upload is None:
            st.error(st.session_state[GIFT_ERROR], icon=":material/error:")
        st.download_button(
            "Download our questions as GIFT (for Moodle)",
            data=export_gift(bank),
            file_name="deployment-questions.gift",
            mime="text/plain",
            icon=":material/download:",
            key="instructor-export-gift",
        )
    with st.container(border=True, key="instructor-open"):
        st.subheader("Open an earlier session")
        st.text_input("Join code of the session", key="instructor-open-code", max_chars=12)
        st.button("Open", on_click=_open_existing, key="instructor-open-session")
        if OPEN_ERROR in st.session_state:
            st.error(st.session_state[OPEN_ERROR], icon=":material/error:")


def join_banner(session: LiveSession) -> None:
    """The join code, the join link and its QR code, big enough for a projector."""
    app_address = (st.context.url or "").split("/instructor")[0].rstrip("/")
    join_url = f"{app_address}/join?code={session.code}"
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left.container(key="instructor-join-code"):
        st.markdown("Join at the address below, or scan the QR code, and enter this code:")
        st.markdown(f"# {session.code}")  # only A-Z and 2-9: nothing for markdown to read
        st.code(join_url, language=None)
    right.image(join_qr_png(join_url),
                caption=f"QR code: opens the join page with code {session.code}",
                alt=f"QR code for the join page with code {session.code}",
                width=220)  # fmt: skip


def session_controls(session: LiveSession) -> None:
    """Next question / reveal / leaderboard / end, each disabled when it makes no sense."""
    last = session.current_index + 1 >= len(session.question_ids)
    controls = st.columns(4)
    controls[0].button(
        "Show the first question" if session.current_index < 0 else
        ("Finish: show the results" if last else "Next question"),
        type="primary", icon=":material/skip_next:", disabled=session.finished,
        on_click=_control, args=("next", session.code), key="instructor-next",
    )  # fmt: skip
    controls[1].button(
        "Reveal the answer", icon=":material/visibility:",
        disabled=session.finished or session.revealed or session.current_index < 0,
        on_click=_control, args=("reveal", session.code), key="instructor-reveal-answer",
    )  # fmt: skip
    controls[2].toggle(
        "Show leaderboard", value=session.show_leaderboard, key="instructor-leaderboard",
        on_change=_control, args=("leaderboard", session.code),
    )  # fmt: skip
    controls[3].button(
        "End the session now", icon=":material/stop_circle:", disabled=session.finished,
        on_click=_control, args=("finish", session.code), key="instructor-finish",
    )  # fmt: skip


def close_session_view() -> None:
    """Back to starting or opening a session (the session itself goes on)."""
    st.button("Close this session view", on_click=_close_view, key="instructor-close")
