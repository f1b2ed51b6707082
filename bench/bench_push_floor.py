"""What one replica's push costs against Streamlit's own floor (issue 12: what limits a replica).

Two servers on this machine, each with the same number of protocol-level learners
(`bench/stsession`), and the instructor's moves taken turn about:
- the **floor**: `bench/push_floor_app.py`, one pushed fragment that draws what a learner's
  question draws, through the app's own `LearnerPush`, with no database and no app;
- the **app**: `app.py` on a scratch PostgreSQL database, learners joined on `/join` who watch
  each question arrive (they do not answer, so a move is measured alone), the instructor's
  moves made through the core (`LiveClassroom.next_question`).

For each move it times, per learner, the move → the learner reading the question's caption,
and the server's CPU per learner until the last one has it.

    python bench/bench_push_floor.py [--learners 200] [--moves 3]

Prints one JSON object: per side, each move's first / p50 / p95 / last lag and CPU per
learner, their medians, and the app's p95 and CPU as ratios to the floor's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_class import DEFAULT_ADMIN_URL, percentile  # noqa: E402
from bench.class_learner import LIVE_KEY, LearnerRecord, question_caption, run_learner  # noqa: E402
from bench.stsession import StSession  # noqa: E402
from deploy.cluster import cpu_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FLOOR_APP = ROOT / "bench" / "push_floor_app.py"
FLOOR_QUESTIONS = 99  # the floor app's "Question n of 99"
SETTLE_S = 2.0  # between moves
WAIT_S = 120.0


def _address(side: int, index: int) -> str:
    """A loopback source address per learner; the two sides use different /16s."""
    return f"127.{side}.{1 + index // 250}.{2 + index % 250}"


async def _until(done: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the learners did not get there in time")
        await asyncio.sleep(0.02)


def _move_figures(
    lags_s: list[float], cpu_s: float, driver_cpu_s: float, learners: int
) -> dict[str, Any]:
    lags = [lag * 1000 for lag in lags_s]
    return {
        "saw_it": len(lags),
        "first_ms": percentile(lags, 0.0),
        "p50_ms": percentile(lags, 0.5),
        "p95_ms": percentile(lags, 0.95),
        "last_ms": percentile(lags, 1.0),
        "server_cpu_ms_per_learner": round(cpu_s * 1000 / learners, 2),
        # the driver reads every learner's messages on one core of the same machine
        "driver_cpu_ms": round(driver_cpu_s * 1000),
    }


def _reasons(records: list[LearnerRecord]) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for record in records:
        for question in record.questions.values():
            reasons[question.missed] = reasons.get(question.missed, 0) + 1
    return reasons


def _summary(moves: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float:
        return round(statistics.median(m[key] for m in moves if m[key] is not None), 1)

    return {
        "moves": moves,
        "median_p50_ms": median("p50_ms"),
        "median_p95_ms": median("p95_ms"),
        "median_server_cpu_ms_per_learner": median("server_cpu_ms_per_learner"),
        "median_driver_cpu_ms": median("driver_cpu_ms"),
    }


async def _run(learners: int, moves: int, admin_url: str) -> dict[str, Any]:
    from deploycore.infra.migrations import upgrade
    from deploycore.quiz.bank import load_bank
    from deploycore.quiz.live import LiveClassroom
    from deploycore.quiz.storage import QuizStore
    from tests.e2e.helpers import SERVED_APP, StreamlitServer, app_env
    from tests.scratch_db import scratch_postgres_database

    with (
        tempfile.TemporaryDirectory(prefix="pushfloor-") as scratch,
        scratch_postgres_database(admin_url, "pushfloor") as database_url,
    ):
        upgrade(database_url)
        progress_file = Path(scratch) / "question.txt"
        progress_file.write_text("0", encoding="ascii")
        data = Path(scratch) / "data"
        data.mkdir()
        floor_env = app_env(data, PUSH_FLOOR_FILE=str(progress_file))
        with (
            StreamlitServer(FLOOR_APP, env=floor_env) as floor,
            StreamlitServer(SERVED_APP, env=app_env(data, DATABASE_URL=database_url)) as app,
        ):
            floor_pid, app_pid = floor.pid, app.pid
            store = QuizStore(database_url)
            classroom = LiveClassroom(store)
            session = classroom.create_session("floor", "Floor", load_bank().questions[:moves])

            tabs = [
                StSession(f"{floor.url}/", source_address=_address(1, n), timeout_s=WAIT_S)
                for n in range(learners)
            ]
            for tab in tabs:
                await tab.open()
            first = question_caption(1, FLOOR_QUESTIONS)
            await _until(lambda: all(first in tab.tree.text(within_key=LIVE_KEY) for tab in tabs))

            records = [LearnerRecord(f"W{n}", _address(2, n)) for n in range(learners)]
            rng = random.Random(5)
            watchers = [
                asyncio.create_task(
                    run_learner(
                        app.url,
                        session.code,
                        r.nickname,
                        r.source_address,
                        asked=moves,
                        set_size=moves,
                        think_max_s=0.0,
                        rng=random.Random(rng.random()),
                        timeout_s=WAIT_S,
                        record=r,
                        answer=False,
                    )  # fmt: skip
                )
                for r in records
            ]
            await _until(lambda: all(r.join_ms is not None or r.error for r in records))
            load_start = os.getloadavg()[0]
            floor_moves: list[dict[str, Any]] = []
            app_moves: list[dict[str, Any]] = []
            for move in range(1, moves + 1):
                await asyncio.sleep(SETTLE_S)
                caption = question_caption(move + 1, FLOOR_QUESTIONS)
                cpu, driver = cpu_seconds(floor_pid), time.process_time()
                clicked = time.time()
                progress_file.write_text(str(move), encoding="ascii")
                await _until(
                    lambda c=caption: all(c in t.tree.text(within_key=LIVE_KEY) for t in tabs)  # type: ignore[misc]
                )
                lags = [(t.tree.received_s(caption, within_key=LIVE_KEY) or clicked) - clicked
                        for t in tabs]  # fmt: skip
                floor_moves.append(
                    _move_figures(
                        lags, cpu_seconds(floor_pid) - cpu, time.process_time() - driver, learners
                    )
                )

                await asyncio.sleep(SETTLE_S)
                cpu, driver = cpu_seconds(app_pid), time.process_time()
                clicked = time.time()
                classroom.next_question(classroom.session(session.code) or session)
                await _until(
                    lambda m=move: all(  # type: ignore[misc]
                        r.error or (m in r.questions and r.questions[m].seen_s) for r in records
                    )
                )
                lags = [
                    r.questions[move].seen_s - clicked  # type: ignore[operator]
                    for r in records
                    if move in r.questions and r.questions[move].seen_s
                ]
                app_moves.append(
                    _move_figures(
                        lags, cpu_seconds(app_pid) - cpu, time.process_time() - driver, learners
                    )
                )
            classroom.next_question(classroom.session(session.code) or session)  # ends it
            await asyncio.wait(watchers, timeout=WAIT_S)
            for tab in tabs:
                await tab.close()
            store.dispose()
    floor_summary, app_summary = _summary(floor_moves), _summary(app_moves)
    return {
        "learners": learners,
        "moves": moves,
        "load_average_1m_at_start": round(load_start, 2),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "learner_errors": [r.error for r in records if r.error][:5],
        # what the app's learners recorded per question (all "watching only" when none missed one)
        "watching": _reasons(records),
        "floor": floor_summary,
        "app": app_summary,
        "app_p95_to_floor": round(
            app_summary["median_p95_ms"] / max(floor_summary["median_p95_ms"], 1.0), 2
        ),
        "app_cpu_to_floor": round(
            app_summary["median_server_cpu_ms_per_learner"]
            / max(floor_summary["median_server_cpu_ms_per_learner"], 0.01),
            2,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="learners on each server")
    parser.add_argument("--moves", type=int, default=3, help="moves on each server")
    args = parser.parse_args()
    admin_url = os.environ.get("TEST_DATABASE_URL", DEFAULT_ADMIN_URL)
    print(json.dumps(asyncio.run(_run(args.learners, args.moves, admin_url)), indent=2))


if __name__ == "__main__":
    main()
