"""Live quiz figures: answer-submission latency with 40 learners submitting at once (SQLite and
PostgreSQL) and the cost of one live-view refresh. Prints JSON; target: p95 < 100 ms.

PostgreSQL runs when TEST_DATABASE_URL is set (`make bench` sets it); a scratch database is
created and dropped.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from deploycore.quiz.bank import load_bank  # noqa: E402
from deploycore.quiz.grading import Response  # noqa: E402
from deploycore.quiz.live import JoinLimits, Limit, LiveClassroom  # noqa: E402
from deploycore.quiz.live_charts import distribution_figure  # noqa: E402
from deploycore.quiz.storage import Participant, QuizStore  # noqa: E402
from tests.scratch_db import scratch_postgres_database  # noqa: E402

LEARNERS = 40
ROUNDS = 6  # questions answered by all 40 at once; the first one fills the connection pool
REFRESHES = 50
TARGET_P95_MS = 100.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def _sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _run(url: str) -> dict[str, object]:
    bank = load_bank()
    choice_questions = [q for q in bank.questions if q.type != "numeric"][:ROUNDS]
    store = QuizStore(url)
    roomy = JoinLimits(*(Limit(name, 10_000) for name in ("miss", "client", "code")))
    classroom = LiveClassroom(store, roomy)
    session = classroom.create_session("bench", "Bench", choice_questions)
    people: list[Participant] = []
    for number in range(LEARNERS):
        joined = classroom.join(session.code, f"learner {number}", "bench").participant
        assert joined is not None
        people.append(joined)

    cold: list[float] = []
    latencies: list[float] = []
    lock = threading.Lock()
    for index, question in enumerate(choice_questions):
        bucket = cold if index == 0 else latencies
        session = classroom.go_to(session, index)
        barrier = threading.Barrier(LEARNERS)

        def submit(
            person: Participant,
            question_id: str = question.id,
            bucket: list[float] = bucket,
            barrier: threading.Barrier = barrier,
        ) -> None:
            option = sorted(o.id for o in bank.get(question_id).options)[person.id % 2]
            response = Response(question_id=question_id, selected_option_ids=frozenset([option]))
            barrier.wait()
            spent = _timed(lambda: classroom.submit(person, response))
            with lock:
                bucket.append(spent)

        threads = [threading.Thread(target=submit, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = len(store.live_answers(session.id, question.id))
        assert stored == LEARNERS, f"{stored} answers stored, expected {LEARNERS}"

    question = choice_questions[-1]

    def instructor_refresh() -> None:
        current = classroom.session(session.code)
        assert current is not None
        shown = classroom.current_question(current)
        assert shown is not None
        distribution = classroom.distribution(current, shown)
        distribution_figure(distribution, revealed=False).to_json()

    def learner_refresh() -> None:
        back = classroom.rejoin(people[0].token)
        assert back is not None
        classroom.current_question(back.session)

    instructor = [_timed(instructor_refresh) for _ in range(REFRESHES)]
    learner = [_timed(learner_refresh) for _ in range(REFRESHES)]
    store.dispose()
    return {
        "first_burst_p95_ms": round(_percentile(cold, 0.95), 1),
        "submissions": len(latencies),
        "submit_p50_ms": round(_percentile(latencies, 0.50), 1),
        "submit_p95_ms": round(_percentile(latencies, 0.95), 1),
        "submit_max_ms": round(max(latencies), 1),
        "submit_p95_under_target": _percentile(latencies, 0.95) < TARGET_P95_MS,
        "instructor_refresh_median_ms": round(statistics.median(instructor), 2),
        "instructor_refresh_p95_ms": round(_percentile(instructor, 0.95), 2),
        "learner_refresh_median_ms": round(statistics.median(learner), 2),
        "learner_refresh_p95_ms": round(_percentile(learner, 0.95), 2),
    }


def main() -> None:
    results: dict[str, object] = {
        "learners": LEARNERS,
        "rounds": ROUNDS,
        "target_p95_ms": TARGET_P95_MS,
        "cpu_count": os.cpu_count(),
    }
    with _sqlite_url() as url:
        results["sqlite"] = _run(url)
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if admin_url:
        with scratch_postgres_database(admin_url, prefix="bench") as url:
            results["postgresql"] = _run(url)
    else:
        results["postgresql"] = "skipped: TEST_DATABASE_URL not set"
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
