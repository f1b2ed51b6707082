"""Shared quiz pieces for pages: the cached store, classroom and bank, who the client is (for
rate limits) and the browser's own key (for rejoin links)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from deploycore.infra.client_address import Network, client_address, parse_networks
from deploycore.infra.settings import database_url, trusted_proxies
from deploycore.quiz.bank import BankError, bank_files, load_bank
from deploycore.quiz.live import LiveClassroom, new_browser_key, valid_browser_key
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


@st.cache_resource(show_spinner=False)
def _proxies(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


UNKNOWN_CLIENT = "unknown"  # every client whose address is not known: one shared bucket
BROWSER_COOKIE = "live_quiz_browser"
BROWSER_KEY_STATE = "live-quiz-browser-key"  # until the cookie comes back with a reload
_COOKIE_DAYS = 30


def client_id() -> str:
    """Who is asking, for rate limits: the client's IP address (from `X-Forwarded-For` only
    behind a proxy listed in TRUSTED_PROXIES), else one bucket shared by all unknown clients,
    never one per browser session (a new tab must not reset a limit)."""
    peer = st.context.ip_address
    forwarded = [h for h in st.context.headers.get_all("X-Forwarded-For") if isinstance(h, str)]
    address = client_address(
        peer if isinstance(peer, str) else None,  # (AppTest hands back a mock here)
        forwarded,
        _proxies(trusted_proxies()),
    )
    return f"ip:{address}" if address else UNKNOWN_CLIENT


def browser_key() -> str:
    """This browser's secret key, kept in a cookie so a reload (or another tab) finds it again.

    A browser without the cookie gets a new key, set by a tiny script: the page only ever
    writes a server-made `token_urlsafe` value into it, never text from a user or a link.
    """
    cookie = valid_browser_key(st.context.cookies.get(BROWSER_COOKIE))
    if cookie is not None:
        return cookie
    key: str = st.session_state.setdefault(BROWSER_KEY_STATE, new_browser_key())
    st.html(
        "<script>document.cookie = "
        f"'{BROWSER_COOKIE}={key}; path=/; max-age={_COOKIE_DAYS * 86_400}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
    return key
