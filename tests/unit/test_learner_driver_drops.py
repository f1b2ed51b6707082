"""The class driver's learners never vanish silently: a send the dying connection drops is
counted and answered again, and an unexpected error lands in the learner's record (the bench's
`asyncio.gather(..., return_exceptions=True)` would otherwise swallow it)."""

from __future__ import annotations

import asyncio
import random
from types import SimpleNamespace
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosedError

from bench import class_learner
from bench.class_learner import LearnerRecord, QuestionRecord, run_learner
from bench.stsession import Disconnected, StSession


class _DyingSocket:
    """A WebSocket whose peer was killed: every send raises ConnectionClosedError."""

    async def send(self, _data: bytes) -> None:
        raise ConnectionClosedError(None, None)


def test_a_send_on_a_dropped_connection_raises_disconnected_not_connection_closed() -> None:
    tab = StSession("http://127.0.0.1:9/join")
    tab._ws = _DyingSocket()  # type: ignore[assignment]
    with pytest.raises(Disconnected, match="dropped while sending"):
        asyncio.run(tab.rerun())


def test_a_dropped_send_counts_as_no_send_and_is_recorded() -> None:
    tab = StSession("http://127.0.0.1:9/join")
    tab._ws = _DyingSocket()  # type: ignore[assignment]
    send = SimpleNamespace(id="send", key="join-send", kind="button", fragment_id="f", form_id="")
    tab.tree.find_all = lambda **_: [send]  # type: ignore[method-assign]
    question = QuestionRecord()
    answered = asyncio.run(class_learner._answered(tab, random.Random(1), question))
    assert (answered, question.dropped_sends) == (False, 1)


def test_an_unexpected_error_is_kept_in_the_learners_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken_open(self: StSession) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(StSession, "open", broken_open)
    record = LearnerRecord("Sim1", "127.0.0.2")
    kwargs: dict[str, Any] = {"asked": 1, "set_size": 1, "think_max_s": 0.0, "timeout_s": 1.0}
    asyncio.run(
        run_learner(
            "http://127.0.0.1:9",
            "ABC",
            "Sim1",
            "127.0.0.2",
            rng=random.Random(1),
            record=record,
            **kwargs,
        )  # fmt: skip
    )
    assert record.error == "page load: unexpected ValueError: boom"
