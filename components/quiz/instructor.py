"""The instructor page's pieces: the passcode gate, starting or reopening a session, the join
banner with its QR code, and the session controls."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from components.quiz.common import client_id, live_classroom, question_bank, quiz_store
from deploycore.infra.public_url import AppAddress, app_address, lan_ip
from deploycore.infra.settings import public_url
from deploycore.infra.text import safe_echo
from deploycore.quiz.gift import export_gift
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
from deploycore.quiz.models import QuestionBank
from deploycore.quiz.moodle_xml import export_moodle_xml
from deploycore.quiz.refusals import ImportResult
from deploycore.quiz.storage import LiveSession
from deploycore.quiz.uploads import UPLOAD_SUFFIXES, UnreadableFile, read_upload

UNLOCKED = "instructor-unlocked"
PASSCODE_ERROR = "instructor-passcode-error"
SESSION_PARAM = "session"
OPEN_ERROR = "instructor-open-error"
UPLOAD_RESULT = "instructor-upload-result"  # (file id, what was read) of the current upload
REFUSALS_SHOWN = 50  # a longer list is cut, with the count of the rest
UPLOAD_ROUND = "instructor-upload-round"  # bumped to give a fresh, empty uploader


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


def _upload_key() -> str:
    return f"instructor-gift-{st.session_state.get(UPLOAD_ROUND, 0)}"


def _read_upload(upload: Any) -> ImportResult | str:
    """What an uploaded file holds (read once per upload, in a worker process), or what is
    wrong with it as a whole, in words."""
    cached = st.session_state.get(UPLOAD_RESULT)
    if cached is not None and cached[0] == upload.file_id:
        return cached[1]  # type: ignore[no-any-return]
    outcome: ImportResult | str
    try:
        outcome = read_upload(upload.name, upload.getvalue())
    except UnreadableFile as error:
        outcome = "\n".join(f"line {problem.line}: {problem.reason}" for problem in error.problems)
    st.session_state[UPLOAD_RESULT] = (upload.file_id, outcome)
    return outcome


def _create_from_upload() -> None:
    upload = st.session_state.get(_upload_key())
    cached = st.session_state.get(UPLOAD_RESULT)
    if upload is None or cached is None or not isinstance(cached[1], ImportResult):
        return
    questions = cached[1].questions
    if not questions:
        return
    title = f"{upload.name} ({len(questions)})"
    session = live_classroom().create_session("upload", title, list(questions))
    _cancel_upload()
    st.query_params[SESSION_PARAM] = session.code


def _cancel_upload() -> None:
    ss = st.session_state
    ss[UPLOAD_ROUND] = ss.get(UPLOAD_ROUND, 0) + 1  # a fresh uploader, empty
    ss.pop(UPLOAD_RESULT, None)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def upload_panel() -> None:
    """Upload a GIFT or YAML file, see what can be graded and what is refused (line, type,
    reason), then run the gradable questions or cancel."""
    upload = st.file_uploader(
        "A GIFT (Moodle) or YAML file with your questions, up to 1 MB",
        type=list(UPLOAD_SUFFIXES),
        key=_upload_key(),
    )
    if upload is None:
        return
    outcome = _read_upload(upload)
    if isinstance(outcome, str):
        st.error("Nothing can be read from this file:", icon=":material/error:")
        st.code(outcome, language=None, wrap_lines=True)  # shown as text, never as Markdown
        return
    count, refused = len(outcome.questions), outcome.refused_count
    if outcome.refused:
        st.warning(
            f"{_plural(refused, 'question')} of this file cannot be graded here or have "
            "problems; each is listed with its line:",
            icon=":material/warning:",
        )
        shown = outcome.refused[:REFUSALS_SHOWN]
        with st.container(key="instructor-upload-refused"):
            st.markdown(
                "\n".join(
                    f"- line {r.line}, {r.type.replace('_', ' ')}: {safe_echo(r.reason, limit=300)}"
                    for r in shown
                )
            )
            if len(outcome.refused) > len(shown):
                st.caption(f"… and {len(outcome.refused) - len(shown)} more problems.")
    if not count:
        st.error("There is no question in this file that can be graded here.",
                 icon=":material/error:")  # fmt: skip
        st.button("Cancel", on_click=_cancel_upload, key="instructor-upload-cancel")
        return
    kinds = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in
                      outcome.summary()["by_type"].items())  # fmt: skip
    st.success(f"{_plural(count, 'question')} ready to run ({kinds}).",
               icon=":material/task_alt:")  # fmt: skip
    label = (
        f"Import the {_plural(count, 'question')} I can grade; skip {refused}"
        if refused
        else "Create the session from this file"
    )
    left, right = st.columns(2)
    left.button(label, type="primary", on_click=_create_from_upload,
                key="instructor-create-from-gift")  # fmt: skip
    right.button("Cancel", on_click=_cancel_upload, key="instructor-upload-cancel")


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
        st.subheader("Your own questions (Moodle GIFT or YAML)")
        upload_panel()
        left, right = st.columns(2)
        left.download_button(
            "Download our questions as GIFT (for Moodle)",
            data=export_gift(bank),
            file_name="deployment-questions.gift",
            mime="text/plain",
            icon=":material/download:",
            key="instructor-export-gift",
        )
        right.download_button(
            "Download our questions as Moodle XML",
            data=lambda: export_moodle_xml(bank),
            file_name="deployment-questions.xml",
            mime="application/xml",
            icon=":material/download:",
            key="instructor-export-xml",
        )
    with st.container(border=True, key="instructor-open"):
        st.subheader("Open an earlier session")
        st.text_input("Join code of the session", key="instructor-open-code", max_chars=12)
        st.button("Open", on_click=_open_existing, key="instructor-open-session")
        if OPEN_ERROR in st.session_state:
            st.error(st.session_state[OPEN_ERROR], icon=":material/error:")


def page_url() -> str:
    """This page's address as the browser opened it (from its Host header when unknown)."""
    host = st.context.headers.get("Host", "")
    return st.context.url or (f"http://{host}/" if host else "")


def loopback_warning(address: AppAddress) -> str:
    """Why the join link is not this page's own (loopback) address, and what to do about it."""
    if address.source == "lan":
        return (
            "You opened this page at a loopback address (localhost), which learners' phones "
            "cannot reach. The join link and QR code below use this machine's network address "
            f"instead ({urlsplit(address.base).hostname}). Learners can open it only if the app "
            "listens on the network (`make class`); set `PUBLIC_URL` to choose the address."
        )
    return (
        "You opened this page at a loopback address (localhost), which learners' phones cannot "
        "reach, and this machine has no network address. Set `PUBLIC_URL` to the address "
        "learners should open."
    )


def join_banner(session: LiveSession) -> None:
    """The join code, the join link and its QR code, big enough for a projector."""
    address = app_address(page_url(), public_url(), lan_ip())
    join_url = f"{address.base}/join?code={session.code}"
    if address.needs_warning:
        st.warning(loopback_warning(address), icon=":material/wifi_off:")
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
