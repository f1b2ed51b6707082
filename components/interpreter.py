"""How often the one interpreter lock changes hands between a server's threads.

Every browser session's script runs in its own thread of one process. When a class moves on, a
hundred of them are runnable at once, and each blocks many times on short waits (a database
round trip, a message handed to the event loop). A thread coming back from such a wait must
win the lock again, and Python lets a running thread keep it for the switch interval first
(5 ms by default): with many threads, those waits add up to seconds per run.
"""

from __future__ import annotations

import os
import sys

DEFAULT_SWITCH_INTERVAL_MS = 1.0


def switch_interval_s() -> float:
    """`APP_SWITCH_INTERVAL_MS` (0.1-50) or the default, in seconds."""
    try:
        ms = float(os.environ.get("APP_SWITCH_INTERVAL_MS", DEFAULT_SWITCH_INTERVAL_MS))
    except ValueError:
        ms = DEFAULT_SWITCH_INTERVAL_MS
    return min(max(ms, 0.1), 50.0) / 1000


def share_the_interpreter() -> None:
    """Set this process's switch interval (idempotent; cheap enough for every run)."""
    wanted = switch_interval_s()
    if sys.getswitchinterval() != wanted:
        sys.setswitchinterval(wanted)
