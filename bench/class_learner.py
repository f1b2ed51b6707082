"""One simulated learner of the live quiz, at the Streamlit protocol level (`bench/stsession`):
open /join?code=…, type a nickname and press Join, then for each question wait until it is
shown, think, answer and wait for "Your answer is saved". Also: count the stored answers.

What this app's pages show is known here (labels, keys, texts); the protocol is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from bench.stsession import Disconnected, Node, SessionError, StSession

LIVE_KEY = "join-live"  # the learner's auto-refreshing view (components/quiz/live.py)
LOBBY_TEXT = "Waiting for the instructor"
SAVED_TEXT = "Your answer is saved"
ENDED_TEXT = "The session has ended"
# The current question was missed. (A send that arrived after its question closed is said on
# the next question too; that one is still open.)
MISSED_TEXTS = ("The answer was revealed before you answered",)
RETRY_TEXTS = ("Choose an answer first", "Type your answer first", "Enter a number first")
MAX_SENDS = 5
WATCHING = "watching only"  # a learner told not to answer (`bench_push_floor.py`)
# A send that neither shows "saved" nor a refusal within this long is sent again (the app keeps
# the first answer only); e.g. a send that left just as the connection dropped.
SETTLE_TIMEOUT_S = 20.0
SHORT_ANSWER = "batch"
NUMBER_ANSWER = 1.0


def question_caption(number: int, total: int) -> str:
    """What the learner's view says above question `number` (1-based)."""
    return f"Question {number} of {total}"


@dataclass
class QuestionRecord:
    """One learner's view of one question."""

    prompt: str = ""
    seen_s: float | None = None  # time.time() when the question was first rendered
    sent_s: float | None = None  # first "Send my answer"
    acked_s: float | None = None  # "Your answer is saved" shown
    sends: int = 0
    dropped_sends: int = 0  # sends the connection dropped (answered again after the reconnect)
    missed: str = ""  # why it was not answered


@dataclass
class LearnerRecord:
    """Everything one simulated learner saw and did."""

    nickname: str
    source_address: str
    page_loaded_s: float | None = None  # join form shown, from the start of the visit
    join_ms: float | None = None  # Join pressed → in the lobby
    questions: dict[int, QuestionRecord] = field(default_factory=dict)
    reconnects: int = 0
    reconnected_s: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def acked(self) -> list[int]:
        return [n for n, q in self.questions.items() if q.acked_s is not None]


def _live(tab: StSession) -> str:
    return tab.tree.text(within_key=LIVE_KEY)


def _shows_any(tab: StSession, texts: tuple[str, ...]) -> bool:
    """True when the live view shows any of `texts` (its text read once)."""
    view = _live(tab)
    return any(text in view for text in texts)


def _prompt(tab: StSession) -> str:
    for node in tab.tree.find_all(kind="markdown", within_key=LIVE_KEY):
        body = getattr(node.proto, "body", "")
        for line in body.splitlines() if isinstance(body, str) else []:
            if line.startswith("### "):
                return line[4:].strip()
    return ""


async def _answer(tab: StSession, rng: random.Random) -> bool:
    """Fill in whichever input the question has and press Send; False if none is shown."""
    inputs = [n for n in tab.tree.find_all(within_key=LIVE_KEY) if n.id]
    send = next((n for n in inputs if n.key == "join-send"), None)
    if send is None:
        return False
    choice: Node | None = next((n for n in inputs if n.kind == "radio"), None)
    if choice is not None:
        options = list(getattr(choice.proto, "options", []))
        await tab.set_value(choice, rng.choice(options), wait=False)
    boxes = [n for n in inputs if n.kind == "checkbox"]
    if boxes:
        await tab.set_value(rng.choice(boxes), True, wait=False)
    typed = next((n for n in inputs if n.kind == "text_input"), None)
    if typed is not None:
        await tab.set_value(typed, SHORT_ANSWER, wait=False)
    number = next((n for n in inputs if n.kind == "number_input"), None)
    if number is not None:
        await tab.set_value(number, NUMBER_ANSWER, wait=False)
    await tab.click(send, wait=False)
    return True


async def _answered(tab: StSession, rng: random.Random, question: QuestionRecord) -> bool:
    """`_answer`, except that a send the connection dropped (as it went down: the browser
    drops it too) is counted and reported as no send, so the learner answers again after the
    reconnect instead of stopping with an error nobody sees."""
    try:
        return await _answer(tab, rng)
    except Disconnected:
        question.dropped_sends += 1
        return False


async def run_learner(
    url: str,
    code: str,
    nickname: str,
    source_address: str,
    *,
    asked: int,
    set_size: int,
    think_max_s: float,
    rng: random.Random,
    timeout_s: float,
    record: LearnerRecord,
    answer: bool = True,
) -> None:
    """Join `code` at `url` from `source_address`, answer the first `asked` questions of the
    session's `set_size` (only watch them arrive if not `answer`) and wait for its end (each
    wait up to `timeout_s`); fills `record`."""
    start = time.time()
    tab = StSession(f"{url.rstrip('/')}/join?code={code}", source_address=source_address,
                    timeout_s=timeout_s)  # fmt: skip
    try:
        stage = "page load"
        await tab.open()
        nick = await tab.wait_for_node(kind="text_input", label="Nickname")
        join = await tab.wait_for_node(kind="button", label="Join")
        record.page_loaded_s = time.time() - start
        stage = "join"
        await tab.set_value(nick, nickname)  # inside the join form: sent with the submit
        pressed = time.time()
        await tab.click(join, wait=False)
        await tab.wait_for(lambda: LOBBY_TEXT in _live(tab) or "Question " in _live(tab))
        record.join_ms = (time.time() - pressed) * 1000
        for number in range(1, asked + 1):
            stage = f"question {number}"
            await _follow_question(tab, number, set_size, think_max_s, rng, record, answer)
        stage = "end"
        await tab.wait_for(lambda: ENDED_TEXT in _live(tab))
    except (SessionError, TimeoutError, OSError) as error:
        record.error = f"{stage}: {type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001 - the class's gather would swallow it silently
        record.error = f"{stage}: unexpected {type(error).__name__}: {error}"
    except asyncio.CancelledError:  # the class ended while this learner still waited
        record.error = f"{stage}: still waiting when the class ended; shown: {_live(tab)[-160:]!r}"
        raise
    finally:
        record.reconnects = tab.stats.reconnects
        record.reconnected_s = list(tab.stats.reconnected_s)
        await tab.close()


async def run_learners(
    url: str,
    code: str,
    records: Iterable[LearnerRecord],
    *,
    questions: int,
    think_max_s: float,
    seed: int,
    timeout_s: float,
) -> None:
    """Run one learner per record, all at once, each answering every one of the session's
    `questions`; each learner's random choices come from its own generator seeded from `seed`."""
    rng = random.Random(seed)
    await asyncio.gather(
        *(
            run_learner(
                url,
                code,
                r.nickname,
                r.source_address,
                asked=questions,
                set_size=questions,
                think_max_s=think_max_s,
                rng=random.Random(rng.random()),
                timeout_s=timeout_s,
                record=r,
            )
            for r in records
        )  # fmt: skip
    )


async def _follow_question(
    tab: StSession,
    number: int,
    total: int,
    think_max_s: float,
    rng: random.Random,
    record: LearnerRecord,
    answer: bool = True,
) -> None:
    caption = question_caption(number, total)
    later = question_caption(number + 1, total)
    question = record.questions.setdefault(number, QuestionRecord())
    await tab.wait_for(lambda: _shows_any(tab, (caption, later, ENDED_TEXT)))
    if caption not in _live(tab):
        question.missed = "never shown"
        return
    # when the caption's delta was read (a browser draws it then), not when this coroutine woke
    question.seen_s = tab.tree.received_s(caption, within_key=LIVE_KEY) or time.time()
    runs = tab.stats.runs_finished  # the prompt comes a few deltas after the caption
    await tab.wait_for(lambda: tab.stats.runs_finished > runs)
    question.prompt = _prompt(tab)
    if not answer:
        question.missed = WATCHING
        return
    await asyncio.sleep(rng.uniform(0, think_max_s))
    # Send, then wait for the acknowledgement; after a reconnect the page shows either the
    # saved answer (it was stored before the replica died) or the question again: send again.
    while question.acked_s is None:
        view = _live(tab)
        if caption not in view:
            question.missed = "moved on before the answer was saved"
            return
        if SAVED_TEXT in view:
            question.acked_s = time.time()
            return
        missed = next((m for m in MISSED_TEXTS if m in view), None)
        if missed:
            question.missed = missed
            return
        if question.sends >= MAX_SENDS:
            question.missed = f"not saved after {MAX_SENDS} sends"
            return
        if tab.connected and tab.stats.runs_finished <= tab.stats.runs_before_connect:
            await tab.wait_fresh()  # reconnected: answer on the new server's page, not the old
            continue
        if tab.connected and await _answered(tab, rng, question):
            question.sends += 1
            question.sent_s = question.sent_s or time.time()
            connects = tab.stats.connects
            with contextlib.suppress(TimeoutError):  # not settled: look again and send again
                await tab.wait_for(
                    lambda c=connects: _settled(tab, caption, c),  # type: ignore[misc]
                    min(SETTLE_TIMEOUT_S, tab.timeout_s),
                )
            if tab.stats.connects != connects:  # a new connection: read its first run
                await tab.wait_fresh()
            elif _shows_any(tab, RETRY_TEXTS):  # the app asks for the answer again
                await asyncio.sleep(0.5)
        else:  # not connected, or no input shown yet: wait for the next message
            seen = tab.stats.messages
            await tab.wait_for(lambda s=seen: tab.stats.messages > s)  # type: ignore[misc]


def _settled(tab: StSession, caption: str, connects: int) -> bool:
    """After a send: saved, refused, moved on, or the connection was replaced."""
    view = _live(tab)
    return (
        SAVED_TEXT in view
        or tab.stats.connects != connects
        or caption not in view
        or any(m in view for m in MISSED_TEXTS + RETRY_TEXTS)
    )


@dataclass(frozen=True)
class AnswerCount:
    """Answers stored for one session against the answers learners saw acknowledged."""

    expected: int
    stored: int
    lost: int  # acknowledged, not stored
    duplicated: int  # more than one stored answer for one learner and question
    stored_unacknowledged: int  # stored, but the learner never saw the acknowledgement


def count_answers(
    database_url: str, code: str, acknowledged: Iterable[tuple[str, str]]
) -> AnswerCount:
    """Compare the session's rows in quiz_live_answers with the (nickname, question_id) pairs
    the learners saw acknowledged."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT p.nickname, a.question_id, count(*) FROM quiz_live_answers a "
                    "JOIN quiz_participants p ON p.id = a.participant_id "
                    "JOIN quiz_live_sessions s ON s.id = a.session_id "
                    "WHERE s.code = :code GROUP BY p.nickname, a.question_id"
                ),
                {"code": code},
            ).all()
    finally:
        engine.dispose()
    stored = {(str(nickname), str(question)): int(n) for nickname, question, n in rows}
    expected = set(acknowledged)
    return AnswerCount(
        expected=len(expected),
        stored=sum(stored.values()),
        lost=len(expected - stored.keys()),
        duplicated=sum(n - 1 for n in stored.values() if n > 1),
        stored_unacknowledged=len(stored.keys() - expected),
    )
