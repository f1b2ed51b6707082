"""Live classroom: join codes, rate limits, passcode, session flow, distribution, leaderboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploycore.quiz import Question, Response
from deploycore.quiz.live import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JoinLimits,
    LeaderboardRow,
    Limit,
    LiveClassroom,
    PasscodeCheck,
    RateLimiter,
    SessionProgress,
    check_instructor_passcode,
    check_passcode,
    learner_poll_s,
    new_join_code,
    normalise_join_code,
)
from deploycore.quiz.storage import LiveSession, QuizStore, SubmitStatus


def _question(qid: str, kind: str = "single") -> Question:
    if kind == "numeric":
        return Question.model_validate(
            {
                "id": qid, "topic": "cost-of-compute", "difficulty": "medium",
                "kind": "scenario", "type": "numeric", "prompt": "How many hours?",
                "numeric": {"value": 730, "tolerance": 5, "unit": "hours"},
                "explanation": "24 x 365 / 12.",
            }
        )  # fmt: skip
    return Question.model_validate(
        {
            "id": qid, "topic": "batch", "difficulty": "easy", "kind": "scenario",
            "type": "single", "prompt": f"Prompt {qid}?",
            "options": [
                {"id": "a", "text": "Batch", "correct": True, "explanation": "Right: a."},
                {"id": "b", "text": "Real-time", "explanation": "Wrong: b."},
                {"id": "c", "text": "Neither", "explanation": "Wrong: c."},
            ],
            "explanation": "General.",
        }
    )  # fmt: skip


QUESTIONS = [_question("first"), _question("second"), _question("cost", "numeric")]


@pytest.fixture
def classroom(database_url: str) -> Iterator[LiveClassroom]:
    store = QuizStore(database_url)
    yield LiveClassroom(store)
    store.dispose()


def _answer(qid: str, *options: str) -> Response:
    return Response(question_id=qid, selected_option_ids=frozenset(options))


# ------------------------------------------------------------------ codes and limits


def test_join_codes_use_only_unambiguous_characters() -> None:
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    codes = {new_join_code() for _ in range(500)}
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    assert len(codes) == 500  # 31**6 codes: collisions in 500 draws are vanishingly rare


@given(st.text(alphabet=JOIN_CODE_ALPHABET.lower(), min_size=6, max_size=6))
def test_codes_typed_in_lower_case_with_separators_are_accepted(typed: str) -> None:
    assert normalise_join_code(f" {typed[:3]}-{typed[3:]} ") == typed.upper()


@pytest.mark.parametrize("typed", ["", "ABCDE", "ABCDEFG", "ABCDE0", "ABCDEI", "ABC?EF"])
def test_text_that_cannot_be_a_code_is_refused(typed: str) -> None:
    assert normalise_join_code(typed) is None


def test_rate_limiter_blocks_after_the_limit_until_the_window_passes(database_url: str) -> None:
    now = [100.0]
    store = QuizStore(database_url)
    try:
        limiter = RateLimiter(store, Limit("test", attempts=3, window_s=60), clock=lambda: now[0])
        assert [limiter.hit("client") for _ in range(4)] == [True, True, True, False]
        assert limiter.hit("other client")
        assert limiter.retry_after_s("client") == pytest.approx(60)
        now[0] += 59.5
        assert not limiter.hit("client")
        now[0] += 1
        assert limiter.retry_after_s("client") == 0 and limiter.hit("client")
    finally:
        store.dispose()


# ------------------------------------------------------------------ passcode


def test_passcode_check_needs_a_configured_passcode_and_an_exact_match() -> None:
    assert check_passcode("anything", None) is PasscodeCheck.NOT_CONFIGURED
    assert check_passcode("anything", "") is PasscodeCheck.NOT_CONFIGURED
    assert check_passcode("s3cret", "s3cret") is PasscodeCheck.OK
    assert check_passcode("s3cret ", "s3cret") is PasscodeCheck.WRONG
    assert check_passcode("S3CRET", "s3cret") is PasscodeCheck.WRONG
    assert check_passcode("", "s3cret") is PasscodeCheck.WRONG


def test_instructor_passcode_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "room-42")
    assert check_instructor_passcode("room-42") is PasscodeCheck.OK
    assert check_instructor_passcode("room-43") is PasscodeCheck.WRONG


# ------------------------------------------------------------------ session flow


def test_a_class_joins_answers_and_sees_the_distribution(classroom: LiveClassroom) -> None:
    session = classroom.create_session("demo", "Demo set", QUESTIONS)
    assert session.current_question_id is None
    joined = [classroom.join(session.code.lower(), f"P{i}", f"client-{i}") for i in range(5)]
    people = [j.participant for j in joined]
    assert all(p is not None for p in people)
    lobby = classroom.submit(people[0], _answer("first", "a"))  # type: ignore[arg-type]
    assert lobby.status is SubmitStatus.CLOSED

    session = classroom.go_to(session, 0)
    question = classroom.current_question(session)
    assert question is not None and question.id == "first"
    for person, option in zip(people, ["a", "a", "a", "b", "c"], strict=True):
        assert person is not None
        result = classroom.submit(person, _answer("first", option))
        assert result.status is SubmitStatus.STORED
    spread = classroom.distribution(session, question)
    assert [(o.option_id, o.count, o.correct) for o in spread.options] == [
        ("a", 3, True),
        ("b", 1, False),
        ("c", 1, False),
    ]
    assert spread.answered == 5 and spread.participants == 5 and spread.correct_count == 3
    assert "5 of 5 answered; 3 correct" in spread.summary() and "Batch: 3 (correct)" in (
        spread.summary()
    )

    session = classroom.reveal(session)
    assert session.revealed
    late = classroom.submit(people[4], _answer("first", "a"))  # type: ignore[arg-type]
    assert late.status is SubmitStatus.ALREADY_STORED  # the first answer stands
    board = classroom.leaderboard(session)
    assert [row.points for row in board] == [1, 1, 1, 0, 0]
    assert board[0].nickname == "P0" and board[0].rank == 1


def test_numeric_answers_are_counted_within_and_outside_the_tolerance(
    classroom: LiveClassroom,
) -> None:
    session = classroom.go_to(classroom.create_session("demo", "Demo", QUESTIONS), 2)
    for number, value in enumerate([730.0, 733.0, 365.0]):
        person = classroom.join(session.code, f"N{number}", f"c{number}").participant
        assert person is not None
        classroom.submit(person, Response(question_id="cost", numeric_value=value))
    question = classroom.current_question(session)
    assert question is not None
    spread = classroom.distribution(session, question)
    assert [(o.option_id, o.count) for o in spread.options] == [("right", 2), ("wrong", 1)]


def test_next_question_moves_on_and_ends_after_the_last(classroom: LiveClassroom) -> None:
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    session = classroom.next_question(session)
    assert session.current_question_id == "first"
    session = classroom.reveal(session)
    session = classroom.next_question(session)
    assert session.current_question_id == "second" and not session.revealed
    session = classroom.next_question(classroom.next_question(session))
    assert session.finished and session.current_question_id is None
    refused = classroom.join(session.code, "Late", "late-client")
    assert refused.participant is None and "ended" in refused.message


def test_wrong_codes_taken_nicknames_and_bad_names_are_explained(
    classroom: LiveClassroom,
) -> None:
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    unknown = "A" * JOIN_CODE_LENGTH if session.code != "A" * JOIN_CODE_LENGTH else "B" * 6
    assert "No live session" in classroom.join(unknown, "Zed", "c1").message
    assert "6 letters" in classroom.join("12", "Zed", "c1").message
    assert "nickname" in classroom.join(session.code, "   ", "c1").message
    assert classroom.join(session.code, "Zed", "c1").participant is not None
    assert "already called" in classroom.join(session.code, "zed", "c2").message


def test_joining_is_rate_limited_per_client(database_url: str) -> None:
    store = QuizStore(database_url)
    try:
        classroom = LiveClassroom(store, JoinLimits(failures_per_client=Limit("miss", 3)))
        session = classroom.create_session("demo", "Demo", QUESTIONS)
        guesses = [classroom.join("ZZZZZZ", "guesser", "attacker") for _ in range(3)]
        assert all(g.participant is None for g in guesses)
        blocked = classroom.join(session.code, "guesser", "attacker")
        assert blocked.participant is None and "Too many join attempts" in blocked.message
        assert blocked.retry_after_s > 0
        assert classroom.join(session.code, "honest", "someone else").participant is not None
        # A whole class behind one shared address joins (successful joins have a roomier limit).
        shared = [classroom.join(session.code, f"pupil {n}", "school wifi") for n in range(40)]
        assert all(j.participant is not None for j in shared)
    finally:
        store.dispose()


def test_a_reload_rejoins_with_the_answers_already_given(classroom: LiveClassroom) -> None:
    session = classroom.go_to(classroom.create_session("demo", "Demo", QUESTIONS), 0)
    person = classroom.join(session.code, "Remy", "c").participant
    assert person is not None
    classroom.submit(person, _answer("first", "b"))
    back = classroom.rejoin(person.token)
    assert back is not None and back.participant == person and back.session.id == session.id
    assert back.answers["first"].response["selected"] == ["b"]
    assert classroom.rejoin("forged-token") is None and classroom.rejoin("") is None


def test_a_session_keeps_the_questions_it_was_created_with(classroom: LiveClassroom) -> None:
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    fresh = LiveClassroom(classroom.store)  # another process: parses the stored payloads
    stored = fresh.session(session.code)
    assert stored is not None
    assert list(fresh.questions_of(stored).values()) == QUESTIONS


def test_past_sessions_list_learners_and_mean_points_newest_first(
    classroom: LiveClassroom,
) -> None:
    empty = classroom.create_session("set", "Set", QUESTIONS)
    played = classroom.create_session("set", "Set", QUESTIONS)
    people = [classroom.join(played.code, name, f"client-{name}").participant for name in "ABC"]
    played = classroom.go_to(played, 0)
    right = Response(question_id="first", selected_option_ids=frozenset({"a"}))
    wrong = Response(question_id="first", selected_option_ids=frozenset({"b"}))
    for person, response in zip(people, [right, right, wrong], strict=True):
        assert person is not None
        classroom.submit(person, response)
    listed = classroom.past_sessions()
    assert [s.code for s in listed] == [played.code, empty.code]
    assert listed[0].learner_count == 3 and listed[0].question_count == len(QUESTIONS)
    assert listed[0].mean_points == pytest.approx(2 / 3)  # C answered, wrong: 0 points
    assert listed[1].learner_count == 0 and listed[1].mean_points is None


def test_deleting_a_session_removes_its_people_and_answers_only(
    classroom: LiveClassroom,
) -> None:
    kept = classroom.create_session("set", "Set", QUESTIONS)
    doomed = classroom.create_session("set", "Set", QUESTIONS)
    for session in (kept, doomed):
        person = classroom.join(session.code, "Ann", f"client-{session.code}").participant
        assert person is not None
        classroom.go_to(session, 0)
        classroom.submit(person, Response(question_id="first", selected_option_ids=frozenset("a")))
    assert classroom.delete_session(doomed.code)
    assert classroom.session(doomed.code) is None
    assert not classroom.store.live_answers(doomed.id) and not classroom.store.participants(
        doomed.id
    )
    assert len(classroom.store.live_answers(kept.id)) == 1
    assert [s.code for s in classroom.past_sessions()] == [kept.code]
    assert not classroom.delete_session(doomed.code)  # already gone


# ------------------------------------------------------------------ following the instructor


def test_progress_follows_the_instructor_on_this_process_at_once(
    classroom: LiveClassroom,
) -> None:
    """Learners poll `progress`; an instructor's click on the same process is seen at once."""
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    before = classroom.progress(session.id)
    session = classroom.next_question(session)
    after = classroom.progress(session.id, max_age_s=3600)
    assert after != before and after == SessionProgress.of(session)
    assert after.current_index == 0 and not after.revealed
    session = classroom.reveal(session)
    assert classroom.progress(session.id, max_age_s=3600).revealed
    session = classroom.set_leaderboard(session, True)
    assert classroom.progress(session.id, max_age_s=3600).show_leaderboard
    session = classroom.finish(session)
    assert classroom.progress(session.id, max_age_s=3600).finished


def test_progress_from_another_process_is_read_once_it_is_older_than_the_limit(
    database_url: str,
) -> None:
    """Two replicas share one database: B sees A's click once its own copy is `max_age_s` old,
    and reads the database at most once per `max_age_s` however many learners ask."""
    store_a, store_b = QuizStore(database_url), QuizStore(database_url)
    try:
        replica_a, replica_b = LiveClassroom(store_a), LiveClassroom(store_b)
        now = [100.0]
        replica_b._monotonic = lambda: now[0]
        session = replica_a.create_session("demo", "Demo", QUESTIONS)
        seen = replica_b.progress(session.id)
        replica_a.next_question(session)
        reads = 0
        real_read = store_b.live_session_by_id

        def counted(session_id: int) -> LiveSession:
            nonlocal reads
            reads += 1
            return real_read(session_id)

        store_b.live_session_by_id = counted  # type: ignore[method-assign]
        now[0] += 0.1
        assert all(replica_b.progress(session.id, max_age_s=0.2) == seen for _ in range(50))
        assert reads == 0
        now[0] += 0.15
        moved = [replica_b.progress(session.id, max_age_s=0.2) for _ in range(50)]
        assert reads == 1 and all(p.current_index == 0 for p in moved)
    finally:
        store_a.dispose()
        store_b.dispose()


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_learners_poll_often_in_a_small_class_and_less_in_a_large_one(a: int, b: int) -> None:
    """0.3 s up to 60 learners, never above 2 s, and never faster for a larger class."""
    small, large = sorted((a, b))
    assert 0.3 <= learner_poll_s(large) <= 2.0
    assert learner_poll_s(small) <= learner_poll_s(large)
    assert learner_poll_s(min(small, 60)) == 0.3
    assert learner_poll_s(200) == 1.0


def test_a_learner_caught_up_after_a_move_equals_a_full_rejoin(
    classroom: LiveClassroom,
) -> None:
    """What a pushed redraw reads (the shared session copy and the learner's answers) is what
    reading everything again gives."""
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    person = classroom.join(session.code, "Ada", "c1").participant
    assert person is not None
    before = classroom.rejoin(person.token)
    assert before is not None
    session = classroom.next_question(session)
    classroom.submit(person, _answer("first", "a"))
    session = classroom.reveal(session)
    assert classroom.caught_up(before) == classroom.rejoin(person.token)
    assert classroom.caught_up(before).session.revealed


def test_the_learners_leaderboard_is_read_once_per_move_and_second(
    classroom: LiveClassroom,
) -> None:
    now = [0.0]
    classroom._monotonic = lambda: now[0]
    session = classroom.set_leaderboard(classroom.create_session("demo", "Demo", QUESTIONS), True)
    reads = 0
    real = classroom.leaderboard

    def counted(s: LiveSession, top: int = 10) -> list[LeaderboardRow]:
        nonlocal reads
        reads += 1
        return real(s, top)

    classroom.leaderboard = counted  # type: ignore[method-assign]
    boards = [classroom.shown_leaderboard(session) for _ in range(100)]
    assert reads == 1 and all(b == boards[0] for b in boards)
    session = classroom.next_question(session)  # a move: read again at once
    classroom.shown_leaderboard(session)
    assert reads == 2
    now[0] += 1.5  # older than a second: read again
    classroom.shown_leaderboard(session)
    assert reads == 3


def test_a_learner_caught_up_on_a_newly_opened_question_keeps_their_answers_without_a_read(
    classroom: LiveClassroom,
) -> None:
    """Opening another question needs no read of the learner's answers: their screen holds
    every answer it sent (`with_answer`), and equals a full rejoin; a reveal reads them."""
    session = classroom.create_session("demo", "Demo", QUESTIONS)
    person = classroom.join(session.code, "Ada", "c1").participant
    assert person is not None
    session = classroom.next_question(session)
    back = classroom.rejoin(person.token)
    assert back is not None
    stored = classroom.submit(person, _answer("first", "a")).answer
    assert stored is not None
    back = back.with_answer(stored)
    session = classroom.next_question(classroom.reveal(session))
    reads: list[int] = []
    real = classroom.store.participant_answers

    def counted(participant_id: int) -> dict[str, Any]:
        reads.append(participant_id)
        return real(participant_id)

    classroom.store.participant_answers = counted  # type: ignore[method-assign]
    moved = classroom.caught_up(back)
    assert reads == []
    assert moved == classroom.rejoin(person.token)
    classroom.reveal(session)
    reads.clear()
    assert classroom.caught_up(moved).session.revealed and reads == [person.id]


def test_with_answer_refuses_another_participants_answer(classroom: LiveClassroom) -> None:
    session = classroom.next_question(classroom.create_session("demo", "Demo", QUESTIONS))
    ada = classroom.join(session.code, "Ada", "c1").participant
    bo = classroom.join(session.code, "Bo", "c2").participant
    assert ada is not None and bo is not None
    theirs = classroom.submit(bo, _answer("first", "a")).answer
    back = classroom.rejoin(ada.token)
    assert theirs is not None and back is not None
    with pytest.raises(ValueError, match="another participant"):
        back.with_answer(theirs)
