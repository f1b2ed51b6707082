"""Who may join or run a live session: join codes, rejoin tokens and browser keys, rate limits
and the instructor passcode check. Limits are counted in the database (`AttemptLog`), so every
app process and a restart share them; the session flow is `classroom.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from deploycore.infra.settings import instructor_passcode

# Join codes: 6 characters from 31 symbols (no 0/O, 1/I/L) = 31**6, about 887 million codes.
# With failed joins limited per client (below), finding one of ten running sessions by guessing
# takes years: 887e6 / 10 sessions / 30 misses a minute = about 5.6 years.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
# What `secrets.token_urlsafe(24)` makes; a cookie value of any other shape is ignored.
_BROWSER_KEY = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per `window_s` seconds in one bucket (`name` + client or code)."""

    name: str
    attempts: int
    window_s: float = 60.0


# A client is an IP address, or for every client whose address is unknown one shared bucket.
# Failed joins (malformed or unknown code) per client: a class behind one address makes typos.
JOIN_FAILURES_PER_CLIENT = Limit("join-miss-client", 30)
# Every join per client, successful or not: a class of 40 behind one address, with reloads and
# typos, fits; one client can no longer use up a session's own limit (below).
JOINS_PER_CLIENT = Limit("join-client", 80)
# Every join attempt per session code (a class of 40 joining within a minute stays well inside).
JOINS_PER_CODE = Limit("join-code", 200)
# Instructor passcode tries per client.
PASSCODE_TRIES_PER_CLIENT = Limit("passcode-client", 5)


@dataclass(frozen=True)
class JoinLimits:
    """The three limits a join passes, in the order they are checked."""

    failures_per_client: Limit = field(default=JOIN_FAILURES_PER_CLIENT)
    per_client: Limit = field(default=JOINS_PER_CLIENT)
    per_code: Limit = field(default=JOINS_PER_CODE)


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


def new_browser_key() -> str:
    """A secret a browser keeps (in a cookie) to prove a rejoin link is its own."""
    return secrets.token_urlsafe(24)


def valid_browser_key(text: object) -> str | None:
    """`text` if it is a string of the shape `new_browser_key` makes, else None."""
    return text if isinstance(text, str) and _BROWSER_KEY.fullmatch(text) else None


def browser_key_hash(key: str) -> str:
    """What is stored of a browser key: its SHA-256, hex."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


class AttemptLog(Protocol):
    """Where attempts are counted (the quiz store: one table shared by every process)."""

    def count_attempt(
        self, bucket: str, *, limit: int, window_s: float, now_s: float, record: bool
    ) -> float:
        """Seconds until an attempt is allowed (0: allowed, and counted when `record`)."""
        ...


class RateLimiter:
    """Sliding-window limit of attempts per key, counted in an `AttemptLog`."""

    def __init__(
        self, log: AttemptLog, limit: Limit, clock: Callable[[], float] = time.time
    ) -> None:
        self.log = log
        self.limit = limit
        self._clock = clock

    def _bucket(self, key: str) -> str:
        # Keys can hold IP addresses: only a digest is stored.
        return f"{self.limit.name}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"

    def _count(self, key: str, record: bool) -> float:
        return self.log.count_attempt(
            self._bucket(key),
            limit=self.limit.attempts,
            window_s=self.limit.window_s,
            now_s=self._clock(),
            record=record,
        )

    def retry_after_s(self, key: str) -> float:
        """0 when an attempt is allowed now, else the seconds until one is (counts nothing)."""
        return self._count(key, record=False)

    def hit(self, key: str) -> bool:
        """Count an attempt for `key`; False (and not counted) when over the limit."""
        return self._count(key, record=True) == 0


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
