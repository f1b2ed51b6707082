"""The bookkeeping behind pushing redraws to learners' screens (`deploycore.quiz.live.screens`):
a screen is due a push exactly when its drawing differs from its session's progress, once per
retry period, and never after it is forgotten."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from deploycore.quiz.live import SessionProgress, learner_safety_poll_s
from deploycore.quiz.live.screens import ScreenBook


def progress(index: int, revealed: bool = False) -> SessionProgress:
    return SessionProgress(
        current_index=index, revealed=revealed, show_leaderboard=False, finished=False
    )


def test_a_screen_that_drew_the_current_state_is_not_pushed() -> None:
    book = ScreenBook(clock=lambda: 0.0)
    book.drew("tab-1", 7, "frag", progress(0))
    assert book.due({7: progress(0)}) == []
    assert book.live_sessions() == {7}


def test_a_screen_behind_its_session_is_pushed_once_per_retry_period() -> None:
    now = [0.0]
    book = ScreenBook(clock=lambda: now[0], retry_s=2.0)
    book.drew("tab-1", 7, "frag", progress(0))
    book.drew("tab-2", 8, "other", progress(0))
    moved = {7: progress(1), 8: progress(0)}
    assert book.due(moved) == [("tab-1", "frag")]
    now[0] = 1.0
    assert book.due(moved) == []  # pushed, its redraw has not reported yet
    now[0] = 2.5
    assert book.due(moved) == [("tab-1", "frag")]  # never reported: pushed again
    book.drew("tab-1", 7, "frag", progress(1))  # the redraw reported
    now[0] = 10.0
    assert book.due(moved) == []


def test_a_busy_screen_is_due_again_at_once_and_a_forgotten_one_never() -> None:
    book = ScreenBook(clock=lambda: 0.0)
    book.drew("tab-1", 7, "frag", progress(0))
    assert book.due({7: progress(0, revealed=True)}) == [("tab-1", "frag")]
    book.not_pushed("tab-1")
    assert book.due({7: progress(0, revealed=True)}) == [("tab-1", "frag")]
    book.forget("tab-1")
    assert book.due({7: progress(5)}) == [] and len(book) == 0
    book.not_pushed("tab-1")  # a late report about a forgotten screen changes nothing
    assert len(book) == 0


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=4),
        st.tuples(st.integers(1, 3), st.integers(-1, 4), st.booleans()),
        max_size=20,
    ),
    st.dictionaries(st.integers(1, 3), st.tuples(st.integers(-1, 4), st.booleans())),
)
def test_exactly_the_screens_behind_their_session_are_due(
    screens: dict[str, tuple[int, int, bool]], sessions: dict[int, tuple[int, bool]]
) -> None:
    book = ScreenBook(clock=lambda: 0.0)
    for screen, (session, index, revealed) in screens.items():
        book.drew(screen, session, f"f-{screen}", progress(index, revealed))
    current = {sid: progress(index, revealed) for sid, (index, revealed) in sessions.items()}
    due = dict(book.due(current))
    behind = {
        screen
        for screen, (session, index, revealed) in screens.items()
        if session in current and current[session] != progress(index, revealed)
    }
    assert set(due) == behind
    assert all(due[screen] == f"f-{screen}" for screen in due)
    assert book.due(current) == []  # all of them count as pushed now


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_the_safety_poll_is_slow_and_slower_for_a_larger_class(a: int, b: int) -> None:
    small, large = sorted((a, b))
    assert 10.0 <= learner_safety_poll_s(small) <= learner_safety_poll_s(large) <= 30.0
    assert learner_safety_poll_s(200) == 20.0
