"""Live classroom logic: join codes, join rate limits, the instructor passcode, the session flow
(lobby, current question, reveal, next, end), answer distribution and leaderboard.

Pure Python over `QuizStore`; the pages only call into it. Grading is the core's (`grading.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from enum import StrEnum

import qrcode
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError

from deploycore.infra.settings import instructor_passcode
from deploycore.quiz.grading import Response, grade
from deploycore.quiz.models import TOPIC_SECTIONS, Question, QuestionBank
from deploycore.quiz.responses import response_from_json, response_to_json
from deploycore.quiz.storage import (
    LOBBY_INDEX,
    NAME_MAX_CHARS,
    LiveAnswer,
    LiveSession,
    LiveSubmitResult,
    Participant,
    QuizStore,
    SubmitStatus,
    clean_name,
)

# Join codes: 6 characters from 31 symbols (no 0/O, 1/I/L) = 31**6, about 887 million codes.
# With failed joins limited per client (below), finding one of ten running sessions by guessing
# takes years: 887e6 / 10 sessions / 30 misses a minute = about 5.6 years.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
_CODE_ATTEMPTS = 20

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


class SetChoice(BaseModel):
    """A question set an instructor can run live."""

    model_config = ConfigDict(frozen=True)

    set_id: str
    title: str
    question_ids: tuple[str, ...]


def question_set_choices(bank: QuestionBank) -> list[SetChoice]:
    """The whole bank, then one set per lesson section that has questions."""
    choices = [
        SetChoice(
            set_id="all",
            title=f"All questions ({len(bank)})",
            question_ids=tuple(q.id for q in bank.questions),
        )
    ]
    for topic in bank.topics():
        part = bank.by_topic(topic)
        choices.append(
            SetChoice(
                set_id=f"topic-{topic}",
                title=f"{TOPIC_SECTIONS[topic]} ({len(part)})",
                question_ids=tuple(q.id for q in part.questions),
            )
        )
    return choices


def join_qr_png(url: str) -> bytes:
    """A QR code (PNG bytes) that opens `url`, for learners to scan from the projector."""
    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --------------------------------------------------------------------------- results


class JoinResult(BaseModel):
    """The outcome of a join: the participant, or a message saying what to do."""

    model_config = ConfigDict(frozen=True)

    participant: Participant | None = None
    message: str = ""
    retry_after_s: float = Field(default=0.0, ge=0)


class OptionCount(BaseModel):
    """How many answered with one option (or, for numeric questions, one value band)."""

    model_config = ConfigDict(frozen=True)

    option_id: str
    label: str
    count: int = Field(ge=0)
    correct: bool


class Distribution(BaseModel):
    """The answers to one question so far."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    answered: int = Field(ge=0)
    participants: int = Field(ge=0)
    options: list[OptionCount]
    correct_count: int = Field(ge=0)

    def summary(self) -> str:
        """The distribution in words (the text alternative of its chart)."""
        parts = [f"{o.label}: {o.count}{' (correct)' if o.correct else ''}" for o in self.options]
        return (
            f"{self.answered} of {self.participants} answered; "
            f"{self.correct_count} correct. " + "; ".join(parts) + "."
        )


class LeaderboardRow(BaseModel):
    """A participant's running total."""

    model_config = ConfigDict(frozen=True)

    rank: int = Field(ge=1)
    nickname: str
    points: float
    correct: int = Field(ge=0)
    answered: int = Field(ge=0)


class Rejoin(BaseModel):
    """What a reloaded learner page gets back: who they are and what they answered."""

    model_config = ConfigDict(frozen=True)

    participant: Participant
    session: LiveSession
    answers: dict[str, LiveAnswer]


# --------------------------------------------------------------------------- classroom


class LiveClassroom:
    """The live session flow over a store. One instance per process, shared by all sessions."""

    def __init__(
        self,
        store: QuizStore,
        join_limiter: RateLimiter | None = None,
        code_limiter: RateLimiter | None = None,
    ) -> None:
        self.store = store
        self.join_limiter = join_limiter or RateLimiter(JOIN_ATTEMPTS_PER_CLIENT, JOIN_WINDOW_S)
        self.code_limiter = code_limiter or RateLimiter(JOIN_ATTEMPTS_PER_CODE, JOIN_WINDOW_S)
        self._questions: dict[str, dict[str, Question]] = {}
        self._sessions: dict[int, LiveSession] = {}
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
        return self.store.update_live_session(
            session.id, current_index=target, revealed=False, finished=False
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
        return self.store.update_live_session(session.id, revealed=True)

    def set_leaderboard(self, session: LiveSession, shown: bool) -> LiveSession:
        """Show or hide the leaderboard on everyone's screen."""
        return self.store.update_live_session(session.id, show_leaderboard=shown)

    def finish(self, session: LiveSession) -> LiveSession:
        """End the session: no more answers; learners see their result."""
        return self.store.update_live_session(session.id, finished=True, revealed=True)

    # ----------------------------------------------------------------- learners

    def join(self, code_text: str, nickname: str, client_id: str) -> JoinResult:
        """Join with a code and nickname, rate-limited per client and per code.

        Per client, only failed attempts (a code that is malformed or unknown) count, so a class
        behind one shared address still joins; guessing codes stops after a few misses.
        """
        wait = self.join_limiter.retry_after_s(client_id)
        if wait:
            return JoinResult(
                message=f"Too many join attempts from this device. Wait {wait:.0f} s and "
                "check the code on the instructor's screen.",
                retry_after_s=wait,
            )
        shown_name = clean_name(nickname)
        if not shown_name or len(shown_name) > NAME_MAX_CHARS:
            return JoinResult(message=f"Choose a nickname of 1 to {NAME_MAX_CHARS} characters.")
        code = normalise_join_code(code_text)
        if code is None:
            self.join_limiter.hit(client_id)
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
            self.join_limiter.hit(client_id)
            return JoinResult(message="No live session has this code. Check it and try again.")
        if session.finished:
            return JoinResult(message="This session has ended; ask the instructor for a new code.")
        participant = self.store.add_participant(session.id, shown_name, new_rejoin_token())
        if participant is None:
            return JoinResult(
                message=f"Someone in this session is already called {shown_name!r}; "
                "choose another nickname."
            )
        return JoinResult(participant=participant)

    def rejoin(self, token: str) -> Rejoin | None:
        """Restore a participant (after a reload) with the answers they already gave."""
        participant = self.store.participant(token) if token else None
        if participant is None:
            return None
        session = self.store.live_session_by_id(participant.session_id)
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


def distribution_of(
    question: Question, answers: Sequence[LiveAnswer], participants: int
) -> Distribution:
    """Counts per option for choice questions; right / wrong bands for numeric ones."""
    correct_count = sum(a.is_correct for a in answers)
    if question.type == "numeric":
        options = [
            OptionCount(option_id="right", label="Within tolerance", count=correct_count,
                        correct=True),
            OptionCount(option_id="wrong", label="Outside tolerance",
                        count=len(answers) - correct_count, correct=False),
        ]  # fmt: skip
    else:
        counts = dict.fromkeys((o.id for o in question.options), 0)
        for answer in answers:
            for option_id in response_from_json(question.id, answer.response).selected_option_ids:
                if option_id in counts:
                    counts[option_id] += 1
        options = [
            OptionCount(option_id=o.id, label=o.text, count=counts[o.id], correct=o.correct)
            for o in question.options
        ]
    return Distribution(
        question_id=question.id,
        answered=len(answers),
        participants=max(participants, len(answers)),
        options=options,
        correct_count=correct_count,
    )
