"""`bench/bench_push_floor.py`, shortened: five learners on the floor app and five watching on
the app's join page each see every move, and the figures compare the two sides."""

from __future__ import annotations

import asyncio
import os

import pytest

from bench.bench_push_floor import _run
from bench.class_learner import WATCHING
from tests.scratch_db import postgres_admin_url

pytestmark = pytest.mark.postgres

LEARNERS = 5
MOVES = 2


def test_both_sides_see_every_move_and_are_compared() -> None:
    figures = asyncio.run(_run(LEARNERS, MOVES, postgres_admin_url(os.environ)))
    assert figures["learner_errors"] == []
    for side in ("floor", "app"):
        moves = figures[side]["moves"]
        assert [m["saw_it"] for m in moves] == [LEARNERS] * MOVES
        for move in moves:
            assert 0 < move["first_ms"] <= move["p50_ms"] <= move["p95_ms"] <= move["last_ms"]
            assert move["last_ms"] < 60_000
    assert figures["app_p95_to_floor"] == pytest.approx(
        figures["app"]["median_p95_ms"] / figures["floor"]["median_p95_ms"], abs=0.01
    )
    assert figures["watching"] == {WATCHING: LEARNERS * MOVES}
