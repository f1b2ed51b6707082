"""Shared quiz pieces for pages: the cached store, classroom and bank, and who the client is."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from deploycore.infra.settings import database_url
from deploycore.quiz.bank import BankError, bank_files, load_bank
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.models import QuestionBank
from deploycore.quiz.storage import QuizStore


@st.cache_resource(show_spinner=False)
def _store(url: str) -> QuizStore:
    return QuizStore(url)


@st.cache_resource(show_spinner=False)
def _classroom(url: str) -> LiveClassroom:
    return LiveClassroom(_store(url))


def quiz_store() -> QuizStore:
    """The process-wide store for the configured database."""
    return _store(database_url())


def live_classroom() -> LiveClassroom:
    """The process-wide live classroom (its join rate limits are shared by every session)."""
    return _classroom(database_url())


@st.cache_resource(show_spinner=False)
def _bank(signature: tuple[tuple[str, float], ...]) -> QuestionBank:
    return load_bank([Path(name) for name, _ in signature])


def question_bank() -> QuestionBank | None:
    """The shipped question bank (reloaded when a file changes), or None after saying why."""
    signature = tuple((str(path), path.stat().st_mtime) for path in bank_files())
    try:
        return _bank(signature)
    except BankError as error:
        st.error(
            "The question bank has problems, so the quiz cannot start. Fix these and reload:\n\n"
            + "\n".join(f"- {problem}" for problem in error.problems),
            icon=":material/error:",
        )
        return None


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def literal(text: str) -> str:
    """Someone's typed text, escaped so Markdown shows it as typed (no links, images or HTML)."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIALS)


def client_id() -> str:
    """Who is asking, for rate limits: the client's IP address, else this browser session."""
    address = st.context.ip_address
    if address:
        return f"ip:{address}"
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return f"session:{context.session_id if context else 'unknown'}"
