"""Server push for learners' screens: when the instructor moves on, this process reruns the
learner view of every screen it serves, instead of every phone asking several times a second.

Streamlit has no public call for "rerun this other session" (streamlit/streamlit#2838), so this
module is the one place that reaches into its runtime, the way its own file watcher does: the
session's last client state, with the learner view's fragment id, handed to
`AppSession.request_rerun` on the server's event loop. When that is not available (another
Streamlit version, `AppTest`), `available()` is False and learners poll as before.

A watcher thread per process checks the live sessions that have screens here every
`PUSH_CHECK_S` (one cached progress read each, `LiveClassroom.progress`) and pushes to the
screens that drew an older state (`deploycore.quiz.live.screens`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.quiz.common import live_classroom
from deploycore.infra.settings import database_url
from deploycore.quiz.live import SessionProgress
from deploycore.quiz.live.screens import ScreenBook

try:  # where Streamlit keeps the running fragment's id (not public API)
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState
except ImportError:  # pragma: no cover - another Streamlit version: learners poll
    ThreadState = None  # type: ignore[assignment,misc]

PUSH_CHECK_S = 0.05  # how often the watcher compares screens with their sessions
_LOG = logging.getLogger(__name__)


def _fragment_id() -> str | None:
    """The id of the fragment running on this thread, if Streamlit says."""
    if ThreadState is None:
        return None
    fragment_id = getattr(ThreadState.get(), "fragment_id", None)
    return fragment_id if isinstance(fragment_id, str) and fragment_id else None


def _event_loop() -> asyncio.AbstractEventLoop | None:
    if not Runtime.exists():
        return None
    objects = getattr(Runtime.instance(), "_get_async_objs", None)
    loop = getattr(objects(), "eventloop", None) if callable(objects) else None
    return loop if isinstance(loop, asyncio.AbstractEventLoop) else None


class LearnerPush:
    """The screens this process serves and the thread that pushes redraws to them.

    `progress` says where a live session stands (`LiveClassroom.progress`: one cached read);
    `bench/push_floor_app.py` passes its own, to measure this push without the app."""

    def __init__(self, progress: Callable[[int], SessionProgress]) -> None:
        self.progress = progress
        self.book = ScreenBook()
        self.pushes = 0
        self._started = False
        self._lock = threading.Lock()

    def available(self) -> bool:
        """True when this server can push (a real Streamlit server of a known version)."""
        return ThreadState is not None and _event_loop() is not None

    def drew(self, live_session_id: int, progress: SessionProgress) -> bool:
        """Call from inside the learner view's fragment after drawing `progress`: this screen
        gets a push when the session moves on. False when it cannot (then poll)."""
        context = get_script_run_ctx()
        fragment_id = _fragment_id()
        if context is None or fragment_id is None or not self.available():
            return False
        self.book.drew(context.session_id, live_session_id, fragment_id, progress)
        self._start()
        return True

    def _start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._watch, name="learner-push", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(PUSH_CHECK_S)
            try:
                self.check()
            except SQLAlchemyError as error:  # database down: the screens' own poll says so
                _LOG.warning("learner push: cannot read the sessions: %s", error)
            except Exception:  # keep pushing to the other screens
                _LOG.exception("learner push failed")

    def check(self) -> int:
        """Push to every screen that is behind its session; returns how many were due."""
        sessions = self.book.live_sessions()
        if not sessions:
            return 0
        progress = {sid: self.progress(sid) for sid in sessions}
        due = self.book.due(progress)
        loop = _event_loop()
        if due and loop is not None:
            loop.call_soon_threadsafe(self._deliver, due)
        return len(due)

    def _deliver(self, due: list[tuple[str, str]]) -> None:
        """On the server's event loop: rerun each screen's learner view as its own timer
        would, with the widget values of its last run."""
        runtime = Runtime.instance()
        for screen_id, fragment_id in due:
            session = runtime.get_app_session(screen_id)
            if session is None or not session.has_fragment(fragment_id):
                self.book.forget(screen_id)
                continue
            if getattr(session, "_scriptrunner", None) is not None:  # a run is under way
                self.book.not_pushed(screen_id)
                continue
            state = ClientState()
            state.CopyFrom(session._client_state)
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
            session.request_rerun(state)
            self.pushes += 1


@st.cache_resource(show_spinner=False)
def _push(url: str) -> LearnerPush:
    return LearnerPush(live_classroom().progress)


def learner_push() -> LearnerPush:
    """The process-wide pusher of the configured database's classroom."""
    return _push(database_url())
