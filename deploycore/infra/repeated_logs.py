"""Log a repeated message once, then once per window with how many times it came back.

A flood of the same error (a client storm hitting a resource limit) would otherwise fill the
disk: the endpoint once wrote 178 MB of `Too many open files` in 30 s. Not a general log
configuration: it only filters records of the loggers it is attached to.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

DEFAULT_WINDOW_S = 60.0


@dataclass
class _Seen:
    first_at: float
    suppressed: int = 0


class CollapseRepeats(logging.Filter):
    """Pass the first record of a kind; drop its repeats within `window_s`, then pass the next
    one with "(and N more like it in the last W s)" appended.

    Records are alike when logger, level, message template and exception type match.
    """

    def __init__(
        self, window_s: float = DEFAULT_WINDOW_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.window_s = window_s
        self.clock = clock
        self._seen: dict[tuple[str, int, str, str], _Seen] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, record.levelno, str(record.msg), error)
        now = self.clock()
        seen = self._seen.get(key)
        if seen is None:
            if len(self._seen) > 1000:  # many kinds: forget them all rather than grow
                self._seen.clear()
            self._seen[key] = _Seen(first_at=now)
            return True
        if now - seen.first_at < self.window_s:
            seen.suppressed += 1
            return False
        if seen.suppressed:
            record.msg = (
                f"{record.getMessage()} (and {seen.suppressed} more like it in the last "
                f"{self.window_s:g} s)"
            )
            record.args = None
        self._seen[key] = _Seen(first_at=now)
        return True


def collapse_repeats(logger_names: Iterable[str], window_s: float = DEFAULT_WINDOW_S) -> None:
    """Attach one CollapseRepeats filter to each named logger (once)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, CollapseRepeats) for existing in logger.filters):
            logger.addFilter(CollapseRepeats(window_s))
