"""Who may join or run a live session: join codes, rejoin tokens, sliding-window rate limits and
the instructor passcode check. In memory and per process; the session flow is `classroom.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum

from deploycore.infra.settings import instructor_passcode

# Join codes: 6 characters from 31 symbols (no 0/O, 1/I/L) = 31**6, about 887 million codes.
# With failed joins limited per client (below), finding one of ten running sessions by guessing
# takes years: 887e6 / 10 sessions / 30 misses a minute = about 5.6 years.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6

# Join attempts allowed per window: failed ones per client (IP address or browser session), and
# all of them per join code (a class of 40 joining within a minute stays well inside).
JOIN_WINDOW_S = 60.0
JOIN_ATTEMPTS_PER_CLIENT = 30  # a class behind one address makes some typos
JOIN_ATTEMPTS_PER_CODE = 200
# Instructor passcode tries per client and window.
PASSCODE_ATTEMPTS_PER_CLIENT = 5


def new_join_code() -> str:
    """A fresh random join code from the unambiguous alphabet (`secrets`, not `random`)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str | None:
    """The code as stored (upper case, spaces and dashes dropped), or None if it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch not in " -_\t")
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        return None
    return code


def new_rejoin_token() -> str:
    """A secret that lets a participant rejoin after a reload (kept in their page's URL)."""
    return secrets.token_urlsafe(24)


class RateLimiter:
    """Sliding-window limit of attempts per key, in memory, safe across threads."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        return hits

    def retry_after_s(self, key: str) -> float:
        """0 when an attempt is allowed now, else the seconds until one is."""
        with self._lock:
            now = self._clock()
            hits = self._trim(key, now)
            if len(hits) < self.limit:
                return 0.0
            return max(0.0, self.window_s - (now - hits[0]))

    def hit(self, key: str) -> bool:
        """Count an attempt for `key`; False (and not counted) when over the limit."""
        with self._lock:
            now = self._clock()
            hits = self._trim(key, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for idle in [k for k, v in self._hits.items() if not v]:
                    del self._hits[idle]
            return True


# --------------------------------------------------------------------------- passcode


class PasscodeCheck(StrEnum):
    """Outcome of checking an entered instructor passcode."""

    NOT_CONFIGURED = "not_configured"
    WRONG = "wrong"
    OK = "ok"


def check_passcode(entered: str, configured: str | None) -> PasscodeCheck:
    """Compare in constant time (digests of equal length, `hmac.compare_digest`)."""
    if not configured:
        return PasscodeCheck.NOT_CONFIGURED
    entered_digest = hashlib.sha256(entered.encode("utf-8")).digest()
    configured_digest = hashlib.sha256(configured.encode("utf-8")).digest()
    return (
        PasscodeCheck.OK
        if hmac.compare_digest(entered_digest, configured_digest)
        else PasscodeCheck.WRONG
    )


def check_instructor_passcode(entered: str) -> PasscodeCheck:
    """Check against INSTRUCTOR_PASSCODE from the environment or .streamlit/secrets.toml."""
    return check_passcode(entered, instructor_passcode())


def instructor_passcode_configured() -> bool:
    """Whether an instructor passcode is configured at all."""
    return bool(instructor_passcode())
