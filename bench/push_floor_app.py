"""The framework floor for `bench_push_floor.py`: a learner's pushed question, without the app.

One fragment that draws what the learner's view draws for an open question (the caption and
prompt as one Markdown element, four options, a Send button, in a keyed container), pushed by
the app's own `components.quiz.push.LearnerPush` when the number in the file named by
`PUSH_FLOOR_FILE` changes. No database, no page frame, no session or answer lookups: what is
left of a move is Streamlit's cost of a pushed fragment run, and the push itself.

Not a page of the app; the benchmark serves it with its own `streamlit run`.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from bench.class_learner import LIVE_KEY
from components.quiz.push import LearnerPush
from components.theme_options import keep_theme_options
from deploycore.quiz.live import SessionProgress

# The app's server-side saving too (app.py does the same), so the floor is the cheapest pushed
# redraw this Streamlit gives, not a slower stock one; the configuration is the app's as well
# (`.streamlit/config.toml` of the folder it runs in: no full GC after a run, no magic).
keep_theme_options()

_SESSION = 1  # one live session; every screen follows it
_QUESTIONS = 99
_OPTIONS = ("Real-time endpoint", "Batch endpoint", "Either", "Neither")


def _progress(_session_id: int) -> SessionProgress:
    """The question the driver has moved to: the number in the file (0 = the first)."""
    text = Path(os.environ["PUSH_FLOOR_FILE"]).read_text(encoding="ascii").strip()
    return SessionProgress(
        current_index=int(text or 0), revealed=False, show_leaderboard=False, finished=False
    )


@st.cache_resource(show_spinner=False)
def _push() -> LearnerPush:
    return LearnerPush(_progress)


def _view(push: LearnerPush) -> None:
    progress = _progress(_SESSION)
    push.drew(_SESSION, progress)
    number = progress.current_index + 1
    with st.container(key=LIVE_KEY):  # where the driver reads a learner's view
        st.markdown(
            f":small[Question {number} of {_QUESTIONS}]\n\n### Which deployment fits case {number}?"
        )
        st.radio("Your answer", _OPTIONS, index=None, key=f"floor-answer-{number}")
        st.button("Send my answer", type="primary", key="join-send")


st.fragment(run_every=30)(_view)(_push())
