"""The live session flow over a `QuizStore`: lobby, current question, reveal, next, end, joins
and submits, distribution and leaderboard. The pages only call into it; grading is the core's
(`grading.py`), rate limits and codes are `access.py`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Sequence

from sqlalchemy.exc import IntegrityError

from deploycore.infra.text import safe_echo
from deploycore.quiz.grading import Response, grade
from deploycore.quiz.live.access import (
    JOIN_CODE_LENGTH,
    JoinLimits,
    RateLimiter,
    browser_key_hash,
    new_join_code,
    new_rejoin_token,
    normalise_join_code,
    valid_browser_key,
)
from deploycore.quiz.live.results import (
    Distribution,
    JoinResult,
    LeaderboardRow,
    Rejoin,
    SessionProgress,
    distribution_of,
)
from deploycore.quiz.models import Question
from deploycore.quiz.responses import response_to_json
from deploycore.quiz.storage import (
    LOBBY_INDEX,
    NAME_MAX_CHARS,
    LiveSession,
    LiveSubmitResult,
    Participant,
    QuizStore,
    SessionSummary,
    SubmitStatus,
    clean_name,
)

_CODE_ATTEMPTS = 20  # draws of a fresh join code before giving up
PROGRESS_MAX_AGE_S = 0.2  # how stale a process's copy of a session's progress may be
LEADERBOARD_MAX_AGE_S = 1.0  # how stale the leaderboard on learners' screens may be
# A learner's page checks for the instructor's next move this often: every 0.3 s in a class of
# up to 60, then slower in proportion to the class (a check costs the server a few ms of CPU),
# up to 2 s, so 200 phones cost about what 60 do.
LEARNER_POLL_MIN_S = 0.3
LEARNER_POLL_MAX_S = 2.0
_LEARNERS_AT_MIN_POLL = 60
LEARNER_SAFETY_POLL_MIN_S = 10.0
LEARNER_SAFETY_POLL_MAX_S = 30.0


def learner_poll_s(learners: int) -> float:
    """How often each learner's page polls in a session with this many learners."""
    scaled = LEARNER_POLL_MIN_S * max(learners, 1) / _LEARNERS_AT_MIN_POLL
    return round(min(LEARNER_POLL_MAX_S, max(LEARNER_POLL_MIN_S, scaled)), 2)


def learner_safety_poll_s(learners: int) -> float:
    """How often each learner's page checks by itself where the server pushes redraws: only
    for a missed push, so slowly (10 s, 1 s more per 10 learners above 100, at most 30 s)."""
    return float(min(LEARNER_SAFETY_POLL_MAX_S, max(LEARNER_SAFETY_POLL_MIN_S, learners / 10)))


class LiveClassroom:
    """The live session flow over a store. One instance per process, shared by all sessions."""

    def __init__(
        self,
        store: QuizStore,
        limits: JoinLimits | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        limits = limits or JoinLimits()
        self.failure_limiter = RateLimiter(store, limits.failures_per_client, clock)
        self.client_limiter = RateLimiter(store, limits.per_client, clock)
        self.code_limiter = RateLimiter(store, limits.per_code, clock)
        self._questions: dict[str, dict[str, Question]] = {}
        self._sessions: dict[int, LiveSession] = {}
        # session id -> (read at, the session, its progress): the latest read in this process
        self._progress: dict[int, tuple[float, LiveSession, SessionProgress]] = {}
        self._boards: dict[int, tuple[float, SessionProgress, list[LeaderboardRow]]] = {}
        self._monotonic = time.monotonic
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- questions

    def questions_of(self, session: LiveSession) -> dict[str, Question]:
        """The session's questions by id, parsed once from the stored set."""
        with self._lock:
            cached = self._questions.get(session.question_set_id)
        if cached is not None and all(qid in cached for qid in session.question_ids):
            return cached
        stored = self.store.question_set(session.question_set_id)
        if stored is None:
            raise KeyError(f"question set {session.question_set_id!r} is not stored")
        parsed = {p["id"]: Question.model_validate(p) for p in stored.questions}
        with self._lock:
            self._questions[session.question_set_id] = parsed
        return parsed

    def current_question(self, session: LiveSession) -> Question | None:
        """The question on screen, or None in the lobby / after the end."""
        question_id = session.current_question_id
        return None if question_id is None else self.questions_of(session)[question_id]

    # ----------------------------------------------------------------- instructor

    def create_session(self, set_id: str, title: str, questions: Sequence[Question]) -> LiveSession:
        """Store the set as it is now and open a session in the lobby under a fresh code."""
        if not questions:
            raise ValueError("A live session needs at least one question.")
        payloads = [question.model_dump(mode="json") for question in questions]
        # A snapshot per content: later bank edits never change a past session's questions.
        digest = hashlib.sha256(json.dumps(payloads, sort_keys=True).encode()).hexdigest()
        set_id = f"{set_id}-{digest[:12]}"
        self.store.save_question_set(set_id, title, payloads)
        with self._lock:
            self._questions.pop(set_id, None)
        for _ in range(_CODE_ATTEMPTS):
            try:
                return self.store.create_live_session(
                    new_join_code(), set_id, [q.id for q in questions]
                )
            except IntegrityError:  # code already used: draw again
                continue
        raise RuntimeError("Could not draw an unused join code; try again.")

    def session(self, code: str) -> LiveSession | None:
        """The session with this code (already normalised), or None."""
        return self.store.live_session(code)

    def go_to(self, session: LiveSession, index: int) -> LiveSession:
        """Show question `index` (0-based), not revealed; clamped to the set."""
        target = max(0, min(index, len(session.question_ids) - 1))
        return self._changed(
            self.store.update_live_session(
                session.id, current_index=target, revealed=False, finished=False
            )
        )

    def next_question(self, session: LiveSession) -> LiveSession:
        """Advance to the next question, or end the session after the last one."""
        if session.current_index + 1 >= len(session.question_ids):
            return self.finish(session)
        return self.go_to(session, session.current_index + 1)

    def reveal(self, session: LiveSession) -> LiveSession:
        """Close the current question and show its answer and explanation."""
        if session.current_index == LOBBY_INDEX:
            return session
        return self._changed(self.store.update_live_session(session.id, revealed=True))

    def set_leaderboard(self, session: LiveSession, shown: bool) -> LiveSession:
        """Show or hide the leaderboard on everyone's screen."""
        return self._changed(self.store.update_live_session(session.id, show_leaderboard=shown))

    def finish(self, session: LiveSession) -> LiveSession:
        """End the session: no more answers; learners see their result."""
        return self._changed(
            self.store.update_live_session(session.id, finished=True, revealed=True)
        )

    def _changed(self, session: LiveSession) -> LiveSession:
        """An instructor's change, just stored: learners on this process see it at their next
        poll (on other processes, within `PROGRESS_MAX_AGE_S` of it)."""
        self._remember(session, self._monotonic())
        return session

    def past_sessions(self) -> list[SessionSummary]:
        """Every stored session, newest first, with its learner count and mean points."""
        return self.store.session_summaries()

    def delete_session(self, code: str) -> bool:
        """Remove one session's data: the session, who joined and every answer. False if no
        session has this code. The caller checks the instructor passcode first."""
        session = self.store.live_session(code)
        if session is None:
            return False
        with self._lock:
            self._sessions.pop(session.id, None)
            self._progress.pop(session.id, None)
            self._boards.pop(session.id, None)
        return self.store.delete_live_session(session.id)

    # ----------------------------------------------------------------- learners

    def join(
        self, code_text: str, nickname: str, client_id: str, browser_key: str | None = None
    ) -> JoinResult:
        """Join with a code and nickname from a browser holding `browser_key`.

        Limited per client (failed attempts, and every attempt) and per code, in the database.
        The browser key's digest is stored: only that browser can use the rejoin link. Without
        a key (scripts, benchmarks) the first browser that rejoins is bound instead.
        """
        wait = self.failure_limiter.retry_after_s(client_id)
        if wait:
            return JoinResult(
                message=f"Too many join attempts from this device. Wait {wait:.0f} s and "
                "check the code on the instructor's screen.",
                retry_after_s=wait,
            )
        key = None if browser_key is None else valid_browser_key(browser_key)
        if browser_key is not None and key is None:
            return JoinResult(message="This browser could not be recognised; reload the page.")
        shown_name = clean_name(nickname)
        if not shown_name or len(shown_name) > NAME_MAX_CHARS:
            return JoinResult(message=f"Choose a nickname of 1 to {NAME_MAX_CHARS} characters.")
        if not self.client_limiter.hit(client_id):
            wait = self.client_limiter.retry_after_s(client_id)
            return JoinResult(
                message=f"Too many joins from this network right now; try again in {wait:.0f} s.",
                retry_after_s=wait,
            )
        code = normalise_join_code(code_text)
        if code is None:
            self.failure_limiter.hit(client_id)
            return JoinResult(
                message=f"A join code has {JOIN_CODE_LENGTH} letters and digits, like "
                "K7QM2P. Check the code on the instructor's screen."
            )
        if not self.code_limiter.hit(code):
            wait = self.code_limiter.retry_after_s(code)
            return JoinResult(
                message=f"Many people are joining this session right now; try again in "
                f"{wait:.0f} s.",
                retry_after_s=wait,
            )
        session = self.store.live_session(code)
        if session is None:
            self.failure_limiter.hit(client_id)
            return JoinResult(message="No live session has this code. Check it and try again.")
        if session.finished:
            return JoinResult(message="This session has ended; ask the instructor for a new code.")
        participant = self.store.add_participant(
            session.id, shown_name, new_rejoin_token(), key and browser_key_hash(key)
        )
        if participant is None:
            return JoinResult(
                message=f"Someone in this session is already called “{safe_echo(shown_name)}”; "
                "choose another nickname."
            )
        return JoinResult(participant=participant)

    def rejoin_in_browser(self, token: str, browser_key: str) -> Rejoin | None:
        """Restore a participant after a reload, only in the browser that joined as them.

        None for an unknown token and for a link opened in any other browser.
        """
        key = valid_browser_key(browser_key)
        if not token or key is None:
            return None
        participant = self.store.participant_in_browser(token, browser_key_hash(key))
        return None if participant is None else self._rejoined(participant)

    def rejoin(self, token: str) -> Rejoin | None:
        """The participant and answers of a token this browser already proved it holds
        (`rejoin_in_browser`): for refreshing and submitting from the learner's own view."""
        participant = self.store.participant(token) if token else None
        return None if participant is None else self._rejoined(participant)

    def progress(self, session_id: int, max_age_s: float = PROGRESS_MAX_AGE_S) -> SessionProgress:
        """Where the session stands, read from the database at most once per `max_age_s` in
        this process however many learners ask (every replica reads its own copy, so the
        instructor's click reaches learners on any replica within `max_age_s` plus their poll)."""
        return self._latest(session_id, max_age_s)[2]

    def _latest(
        self, session_id: int, max_age_s: float
    ) -> tuple[float, LiveSession, SessionProgress]:
        now = self._monotonic()
        with self._lock:
            known = self._progress.get(session_id)
        if known is not None and now - known[0] <= max_age_s:
            return known
        self._remember(self.store.live_session_by_id(session_id), now)
        with self._lock:
            return self._progress[session_id]

    def _remember(self, session: LiveSession, read_at: float) -> SessionProgress:
        progress = SessionProgress.of(session)
        with self._lock:
            known = self._progress.get(session.id)
            if known is None or known[0] <= read_at:
                self._progress[session.id] = (read_at, session, progress)
        return progress

    def caught_up(self, back: Rejoin) -> Rejoin:
        """A learner's `back` after the session moved on: the session as this process last read
        it (at most `PROGRESS_MAX_AGE_S` old, shared by every learner) and the learner's answers,
        instead of reading participant, session and answers again per learner.

        The answers are read again (one read) unless the session only opened another question:
        `back` holds every answer the learner's screen sent (see `with_answer`), and nobody can
        have answered a question that was not open yet. A reveal or the end reads them, so the
        verdict and the totals come from the database."""
        session = self._latest(back.session.id, PROGRESS_MAX_AGE_S)[1]
        answers = (
            back.answers
            if _opened_another_question(back.session, session)
            else self.store.participant_answers(back.participant.id)
        )
        return Rejoin(participant=back.participant, session=session, answers=answers)

    def shown_leaderboard(self, session: LiveSession) -> list[LeaderboardRow]:
        """The leaderboard as learners' screens show it: read at most once per
        `LEADERBOARD_MAX_AGE_S` per session and progress in this process (one read for a
        whole class rather than one per learner)."""
        progress = SessionProgress.of(session)
        now = self._monotonic()
        with self._lock:
            known = self._boards.get(session.id)
        if known is not None and known[1] == progress and now - known[0] <= LEADERBOARD_MAX_AGE_S:
            return known[2]
        board = self.leaderboard(session)
        with self._lock:
            self._boards[session.id] = (now, progress, board)
        return board

    def _rejoined(self, participant: Participant) -> Rejoin:
        read_at = self._monotonic()
        session = self.store.live_session_by_id(participant.session_id)
        self._remember(session, read_at)
        return Rejoin(
            participant=participant,
            session=session,
            answers=self.store.participant_answers(participant.id),
        )

    def submit(self, participant: Participant, response: Response) -> LiveSubmitResult:
        """Grade and store an answer once (the first submit wins; repeats change nothing)."""
        with self._lock:
            session = self._sessions.get(participant.session_id)
        if session is None:  # a session's question set never changes: look it up once
            session = self.store.live_session_by_id(participant.session_id)
            with self._lock:
                self._sessions[participant.session_id] = session
        question = self.questions_of(session).get(response.question_id)
        if question is None or not response.answered:
            return LiveSubmitResult(status=SubmitStatus.CLOSED)
        graded = grade(question, response)
        return self.store.record_live_answer(
            participant,
            question.id,
            response=response_to_json(response),
            is_correct=graded.correct,
            points=graded.score,
        )

    # ----------------------------------------------------------------- views

    def distribution(self, session: LiveSession, question: Question) -> Distribution:
        """Counts per option (or, for numeric questions, right / wrong) of the stored answers."""
        answers = self.store.live_answers(session.id, question.id)
        return distribution_of(question, answers, self.store.participant_count(session.id))

    def leaderboard(self, session: LiveSession, top: int = 10) -> list[LeaderboardRow]:
        """Participants by points (then correct answers, then earliest join)."""
        people = self.store.participants(session.id)
        totals: dict[int, list[float]] = {p.id: [0.0, 0, 0] for p in people}
        for answer in self.store.live_answers(session.id):
            row = totals.setdefault(answer.participant_id, [0.0, 0, 0])
            row[0] += answer.points
            row[1] += int(answer.is_correct)
            row[2] += 1
        order = sorted(people, key=lambda p: (-totals[p.id][0], -totals[p.id][1], p.id))
        return [
            LeaderboardRow(
                rank=rank,
                nickname=p.nickname,
                points=totals[p.id][0],
                correct=int(totals[p.id][1]),
                answered=int(totals[p.id][2]),
            )
            for rank, p in enumerate(order[:top], start=1)
        ]


def _opened_another_question(before: LiveSession, now: LiveSession) -> bool:
    """`now` shows a question other than `before`'s, still open: not revealed, not ended."""
    return now.current_index != before.current_index and not (now.revealed or now.finished)
