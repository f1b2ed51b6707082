"""Which learners' screens this process draws, and which of them are behind the session.

A server process pushes a redraw to a learner's screen when the session has moved on since that
screen was drawn (see `components/quiz/push.py`), so no learner has to poll quickly. This module
is the pure bookkeeping: what each screen showed last, and which are due a push.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from deploycore.quiz.live.results import SessionProgress

# A push whose redraw never reported back (the run failed, the tab went away) is sent again
# after this long.
PUSH_RETRY_S = 2.0


@dataclass
class _Screen:
    live_session_id: int
    fragment_id: str
    drawn: SessionProgress
    pushed_at: float | None = None


class ScreenBook:
    """The learners' screens of one process: what each drew last, which are behind.

    Thread-safe: screens report from their script threads, the watcher reads from its own."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, retry_s: float = PUSH_RETRY_S
    ) -> None:
        self._clock = clock
        self._retry_s = retry_s
        self._screens: dict[str, _Screen] = {}
        self._lock = threading.Lock()

    def drew(
        self, screen_id: str, live_session_id: int, fragment_id: str, drawn: SessionProgress
    ) -> None:
        """Screen `screen_id` (a browser session) just drew `drawn` of a live session in its
        part `fragment_id`."""
        with self._lock:
            self._screens[screen_id] = _Screen(live_session_id, fragment_id, drawn)

    def forget(self, screen_id: str) -> None:
        """The screen is gone (tab closed, another page): never push to it again."""
        with self._lock:
            self._screens.pop(screen_id, None)

    def not_pushed(self, screen_id: str) -> None:
        """A push could not be delivered yet (the screen was busy): due again at once."""
        with self._lock:
            screen = self._screens.get(screen_id)
            if screen is not None:
                screen.pushed_at = None

    def live_sessions(self) -> set[int]:
        """The live sessions that have a screen in this process."""
        with self._lock:
            return {screen.live_session_id for screen in self._screens.values()}

    def __len__(self) -> int:
        with self._lock:
            return len(self._screens)

    def due(self, progress: Mapping[int, SessionProgress]) -> list[tuple[str, str]]:
        """(screen, fragment) of every screen whose drawing differs from its session's
        `progress` and was not pushed in the last `retry_s`; they count as pushed now."""
        now = self._clock()
        due: list[tuple[str, str]] = []
        with self._lock:
            for screen_id, screen in self._screens.items():
                current = progress.get(screen.live_session_id)
                if current is None or current == screen.drawn:
                    continue
                if screen.pushed_at is not None and now - screen.pushed_at < self._retry_s:
                    continue
                screen.pushed_at = now
                due.append((screen_id, screen.fragment_id))
        return due
