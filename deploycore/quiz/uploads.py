"""Reading a question file a user hands over (GIFT or the bank's YAML): size cap, decoding,
per-question refusals, and parsing in a worker process so one upload cannot stall the server.

Pure Python over `gift.read_gift` and `bank.parse_items`; the pages only call in here.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import PurePath

from deploycore.quiz.bank import UNREADABLE, Problem, parse_items
from deploycore.quiz.gift import read_gift
from deploycore.quiz.refusals import ImportResult, Refusal

# The same cap as uploaded price catalogs (costing/catalog.py): 1 MB.
MAX_UPLOAD_BYTES = 1_000_000
YAML_SUFFIXES = (".yaml", ".yml")
GIFT_SUFFIXES = (".gift", ".txt")
UPLOAD_SUFFIXES = tuple(s.lstrip(".") for s in (*GIFT_SUFFIXES, *YAML_SUFFIXES))
# Far above the few seconds a 1 MB file takes on a busy machine; a worker stuck longer is dropped.
PARSE_TIMEOUT_S = 60.0
PARSE_WORKERS = 2


class UnreadableFile(ValueError):
    """A file that cannot be read at all (too large, not UTF-8 text, not a YAML bank)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def is_yaml(name: str) -> bool:
    """Whether a file name says the bank's YAML format (anything else is read as GIFT)."""
    return PurePath(name).suffix.lower() in YAML_SUFFIXES


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Parsing makes many objects and no reference cycles worth collecting; Python's cycle
    collector would rescan them again and again (measured: 6x the time for 4x the YAML)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_question_text(name: str, text: str) -> ImportResult:
    """The gradable questions of a GIFT or YAML text and every refused one."""
    with _no_cycle_collection():
        return _read_text(name, text)


def _read_text(name: str, text: str) -> ImportResult:
    if not is_yaml(name):
        return read_gift(text, name)
    questions, _, problems = parse_items(text, name)
    if any(item.type == UNREADABLE for item in problems):
        raise UnreadableFile([item.problem for item in problems])
    refused = tuple(
        Refusal(
            line=p.problem.line, type=p.type, reason=p.problem.reason, question_line=p.item_line
        )
        for p in problems
    )
    return ImportResult(file=name, questions=tuple(questions), refused=refused)


def read_question_file(
    name: str, content: bytes, max_bytes: int | None = MAX_UPLOAD_BYTES
) -> ImportResult:
    """`read_question_text` over raw bytes: at most `max_bytes`, UTF-8 (a BOM is dropped).

    Raises UnreadableFile when the file cannot be read at all.
    """
    if max_bytes is not None and len(content) > max_bytes:
        reason = (
            f"the file is {len(content) / 1e6:.1f} MB; the limit is {max_bytes // 1000} kB "
            "(split it into smaller files)"
        )
        raise UnreadableFile([Problem(file=name, line=1, reason=reason)])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        reason = "the file is not UTF-8 text (save it as UTF-8)"
        raise UnreadableFile([Problem(file=name, line=line, reason=reason)]) from None
    return read_question_text(name, text)


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # A fresh interpreter per worker (spawn): no copy of the server's threads or locks.
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=PARSE_WORKERS, mp_context=context)
        return _pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def read_upload(name: str, content: bytes, timeout_s: float = PARSE_TIMEOUT_S) -> ImportResult:
    """`read_question_file` in a worker process.

    Parsing is CPU work that would hold the server's interpreter lock; in another process it
    leaves every other user's page free while it runs. The size check comes first, here.
    """
    if len(content) > MAX_UPLOAD_BYTES:
        return read_question_file(name, content)  # raises UnreadableFile at once
    future = _executor().submit(read_question_file, name, content)
    try:
        return future.result(timeout=timeout_s)
    except FutureTimeout:
        _drop_pool()
        reason = f"reading the file took longer than {timeout_s:g} s; try a smaller file"
        raise UnreadableFile([Problem(file=name, line=1, reason=reason)]) from None
    except BrokenProcessPool:
        _drop_pool()
        return read_question_file(name, content)
