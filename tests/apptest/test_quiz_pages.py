"""Quiz, join and instructor pages through AppTest (run inside app.py's navigation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.quiz.common import BROWSER_KEY_STATE
from components.quiz.live import answer_key
from deploycore.infra.settings import database_url
from deploycore.quiz.bank import load_bank
from deploycore.quiz.grading import Response
from deploycore.quiz.live import LiveClassroom
from deploycore.quiz.models import Option, Question
from deploycore.quiz.self_study import AttemptState
from deploycore.quiz.storage import LiveSession, QuizStore

OpenPage = Callable[..., AppTest]
BANK = load_bank()


def _state(at: AppTest) -> AttemptState:
    state = at.session_state["quiz-state"]
    assert isinstance(state, AttemptState)
    return state


def _start(at: AppTest, name: str = "Sam", *, mode: str = "practice", count: int = 3,
           confidence: bool = False, topic: str | None = None) -> AttemptState:  # fmt: skip
    at.text_input(key="quiz-name").input(name)
    if topic is None:
        at.radio(key="quiz-scope").set_value("random").run()
        at.number_input(key="quiz-count").set_value(count)
    else:
        at.radio(key="quiz-scope").set_value("topic").run()
        at.selectbox(key="quiz-topic").set_value(topic)
    at.radio(key="quiz-mode").set_value(mode)
    at.toggle(key="quiz-ask-confidence").set_value(confidence)
    at.button(key="quiz-start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return _state(at)


def _answer(at: AppTest, question: Question, right: bool, confidence: int | None = None) -> None:
    state = _state(at)
    key = f"quiz-{state.attempt_id[:8]}-{question.id}"

    # A wrong answer chooses only options worth nothing ("half right" options earn part marks).
    def chosen(option: Option) -> bool:
        return option.correct if right else not option.correct and not (option.weight or 0) > 0

    if question.type in ("single", "true_false"):
        wanted = next(o.id for o in question.options if chosen(o))
        at.radio(key=f"{key}-choice").set_value(wanted)
    elif question.type == "multiple":
        for option in question.options:
            at.checkbox(key=f"{key}-option-{option.id}").check() if chosen(option) else (
                at.checkbox(key=f"{key}-option-{option.id}").uncheck()
            )
    elif question.type == "short_answer":
        typed = next(o.text for o in question.options if o.correct) if right else "no idea"
        at.text_input(key=f"{key}-text").input(typed.replace("*", " and more").lower())
    else:
        assert question.numeric is not None
        value = question.numeric.value + (0 if right else question.numeric.tolerance * 10 + 100)
        at.number_input(key=f"{key}-number").set_value(value)
    if confidence is not None:
        at.radio(key=f"{key}-confidence").set_value(confidence)
    at.button(key="quiz-submit").click().run()
    assert not at.exception, [e.message for e in at.exception]


def _current(at: AppTest) -> Question:
    current = _state(at).current_id
    assert current is not None
    return BANK.get(current)


# ------------------------------------------------------------------ self-study


def test_quiz_setup_offers_all_topic_and_random(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    assert at.title[0].value == "Self-study quiz"
    assert at.radio(key="quiz-scope").options == [f"All questions ({len(BANK)})", "One topic",
                                                  "N random questions"]  # fmt: skip
    assert at.button(key="quiz-start")


def test_starting_without_a_name_says_why_and_keeps_the_choices(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    at.radio(key="quiz-scope").set_value("random").run()
    at.number_input(key="quiz-count").set_value(4)
    at.button(key="quiz-start").click().run()
    assert "Enter a name" in at.error[0].value
    assert at.number_input(key="quiz-count").value == 4
    assert "quiz-state" not in at.session_state


def test_practice_gives_feedback_with_the_option_explanation_right_away(
    open_page: OpenPage,
) -> None:
    at = open_page("pages/quiz.py")
    state = _start(at, mode="practice", topic="knowledge-check")
    question = _current(at)
    order_before = list(state.option_order[question.id])
    at.run()  # a rerun never reshuffles
    assert _state(at).option_order[question.id] == order_before
    _answer(at, question, right=True)
    feedback = " ".join(s.value for s in at.success)
    assert "Correct." in feedback
    texts = " ".join(m.value for m in at.markdown)
    right_option = next(o for o in question.options if o.correct)
    assert right_option.explanation.split()[0] in texts and question.explanation[:30] in texts
    at.button(key="quiz-next").click().run()
    assert _state(at).position == 1


def test_a_wrong_practice_answer_is_called_incorrect_in_words(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="practice", topic="knowledge-check")
    question = _current(at)
    _answer(at, question, right=False)
    assert "Incorrect." in at.error[0].value
    assert any("Right answer" in m.value for m in at.markdown)


def test_submitting_nothing_asks_for_an_answer_and_keeps_the_question(
    open_page: OpenPage,
) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="exam", count=2)
    at.button(key="quiz-submit").click().run()
    assert at.warning and "first" in at.warning[0].value
    assert _state(at).position == 0


def test_exam_ends_with_score_review_retry_and_history(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, name="Exam Taker", mode="exam", count=3, confidence=True)
    first = _current(at)
    _answer(at, first, right=True, confidence=3)
    assert not at.success  # exam mode: no feedback until the end
    second = _current(at)
    _answer(at, second, right=False, confidence=1)
    third = _current(at)
    _answer(at, third, right=True, confidence=2)
    assert at.header[0].value == "Your result"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score"] == "2 of 3"
    assert metrics["Certainty-based score"] == "+5"  # 3 + 0 + 2
    assert "Time taken" in metrics
    review_text = " ".join(m.value for m in at.markdown)
    for question in (first, second, third):
        assert question.prompt in review_text
    assert review_text.count("Your answer:") == 3
    retry = at.button(key="quiz-retry-missed")
    assert retry.label == "Retry the 1 I missed" and not retry.disabled
    history = at.dataframe[0].value
    assert list(history["Score"]) == ["2 of 3"]

    retry.click().run()
    again = _state(at)
    assert again.question_ids == [second.id] and again.mode == "exam"
    _answer(at, second, right=True, confidence=3)
    assert {m.label: m.value for m in at.metric}["Score"] == "1 of 1"
    history = at.dataframe[0].value
    assert list(history["Score"]) == ["2 of 3", "1 of 1"]
    assert "2 finished attempts" in " ".join(m.value for m in at.markdown)


def test_confidence_is_required_when_certainty_marking_is_on(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="practice", count=1, confidence=True)
    question = _current(at)
    _answer(at, question, right=True)  # no confidence given
    assert at.warning and "how sure" in at.warning[0].value
    _answer(at, question, right=True, confidence=2)
    assert "Certainty-based mark: +2" in at.success[0].value


def test_skipping_and_ending_early_counts_unanswered_questions(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, mode="exam", count=3)
    at.button(key="quiz-skip").click().run()
    at.button(key="quiz-end").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score"] == "0 of 3"
    assert at.button(key="quiz-retry-missed").label == "Retry the 3 I missed"


def test_a_new_quiz_keeps_the_name(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    _start(at, name="Keeper", mode="exam", count=1)
    at.button(key="quiz-end").click().run()
    at.button(key="quiz-new").click().run()
    assert at.text_input(key="quiz-name").value == "Keeper"
    assert at.dataframe[0]  # past attempts for that name


@pytest.mark.parametrize("topic", ["knowledge-check", "batch"])
def test_a_topic_attempt_asks_only_that_topic(open_page: OpenPage, topic: str) -> None:
    at = open_page("pages/quiz.py")
    state = _start(at, topic=topic)
    assert {BANK.get(q).topic for q in state.question_ids} == {topic}
    assert len(state.question_ids) == len(BANK.by_topic(topic))  # type: ignore[arg-type]


# ------------------------------------------------------------------ live: shared set-up


@pytest.fixture
def classroom() -> Iterator[LiveClassroom]:
    """The same database the app uses in this test (DEPLOY_DATA_DIR is per test)."""
    store = QuizStore(database_url())
    yield LiveClassroom(store)
    store.dispose()


def _live(classroom: LiveClassroom, count: int = 3) -> LiveSession:
    return classroom.create_session("demo", "Demo", list(BANK.questions[:count]))


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button}


def _right(question: Question) -> Response:
    return Response(question_id=question.id, selected_option_ids=question.correct_option_ids)


# ------------------------------------------------------------------ join


def test_joining_with_a_code_and_nickname_waits_then_shows_the_question(
    open_page: OpenPage, classroom: LiveClassroom
) -> None:
    session = _live(classroom)
    at = open_page("pages/join.py", code=session.code)
    assert at.text_input(key="join-code").value == session.code  # from the QR link
    at.text_input(key="join-nickname").input("Pat")
    at.button[0].click().run()
    token = at.query_params["p"]
    assert token and "Waiting for the instructor" in at.info[0].value

    classroom.go_to(session, 0)
    at.run()
    question = BANK.questions[0]
    assert any(question.prompt in m.value for m in at.markdown)
    right = next(o.id for o in question.options if o.correct)
    at.radio(key=f"join-{classroom.rejoin(token).participant.id}-{question.id}-choice").set_value(  # type: ignore[union-attr]
        right
    )
    at.button(key="join-send").click().run()
    assert "Your answer is saved" in at.success[0].value

    # A stranger's browser with the same link is refused; a reload in the learner's own browser
    # (a new session that brings back the browser's key, as its cookie does) rejoins.
    stranger = open_page("pages/join.py", p=token, code=session.code)
    assert "belongs to the browser that joined" in stranger.warning[0].value
    assert "join-send" not in _keys(stranger)
    key = {BROWSER_KEY_STATE: at.session_state[BROWSER_KEY_STATE]}
    reloaded = open_page("pages/join.py", 30, key, p=token, code=session.code)
    assert "Your answer is saved" in reloaded.success[0].value
    classroom.reveal(classroom.session(session.code))  # type: ignore[arg-type]
    reloaded.run()
    assert "Correct." in reloaded.success[0].value


def test_a_reload_reads_the_learner_once(
    open_page: OpenPage, classroom: LiveClassroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload (or a reconnect to another replica) reads the learner once, for the page; the
    learner view's first run uses that read (a class reconnecting at once is one read each)."""
    session = _live(classroom)
    at = open_page("pages/join.py", code=session.code)
    at.text_input(key="join-nickname").input("Lee")
    at.button[0].click().run()
    token = at.query_params["p"]
    classroom.go_to(session, 0)
    reads: list[str] = []
    for name in ("rejoin", "rejoin_in_browser", "caught_up"):
        real = getattr(LiveClassroom, name)
        monkeypatch.setattr(
            LiveClassroom,
            name,
            lambda self, *a, _real=real, _name=name: reads.append(_name) or _real(self, *a),
        )
    key = {BROWSER_KEY_STATE: at.session_state[BROWSER_KEY_STATE]}
    reloaded = open_page("pages/join.py", 30, key, p=token, code=session.code)
    assert any(BANK.questions[0].prompt in m.value for m in reloaded.markdown)
    assert reads.count("rejoin_in_browser") >= 1 and "rejoin" not in reads, reads
    assert "caught_up" not in reads, reads


def _on_first_question(
    open_page: OpenPage, classroom: LiveClassroom, nickname: str
) -> tuple[AppTest, LiveSession, int]:
    """A learner who joined a new session, on its first question: page, session, their id."""
    session = _live(classroom)
    at = open_page("pages/join.py", code=session.code)
    at.text_input(key="join-nickname").input(nickname)
    at.button[0].click().run()
    me = classroom.rejoin(at.query_params["p"]).participant.id  # type: ignore[union-attr]
    classroom.go_to(session, 0)
    at.run()
    return at, session, me


def test_a_send_without_an_answer_redraws_the_options_empty_and_asks_for_one(
    open_page: OpenPage, classroom: LiveClassroom
) -> None:
    """The browser may show a choice it never sent (clicked while the question was still
    arriving): after a send without an answer the options are drawn afresh, empty, so the
    screen matches the server, and the question's warning does not follow to the next one."""
    at, session, me = _on_first_question(open_page, classroom, "Kim")
    question = BANK.questions[0]
    first = f"{answer_key(me, question.id)}-choice"
    assert first in {r.key for r in at.radio}

    at.button(key="join-send").click().run()
    assert "Choose an answer first" in at.warning[0].value
    again = f"{answer_key(me, question.id, 1)}-choice"
    assert again != first and [r.key for r in at.radio] == [again]
    assert at.radio(key=again).value is None

    at.radio(key=again).set_value(next(o.id for o in question.options if o.correct))
    at.button(key="join-send").click().run()
    assert "Your answer is saved" in at.success[0].value

    # Unanswered next question: no warning carried over from the first
    classroom.go_to(classroom.session(session.code) or session, 1)
    at.run()
    assert not at.warning


def test_a_send_after_the_question_closed_is_refused_and_said_on_the_open_next_one(
    open_page: OpenPage, classroom: LiveClassroom
) -> None:
    """An answer that arrives after the instructor moved on is not counted; the next question
    (open, with its own Send) says so about the last answer, not as if it were closed itself,
    and the note goes once the learner answers it."""
    at, session, me = _on_first_question(open_page, classroom, "Ari")
    first, second = BANK.questions[0], BANK.questions[1]
    at.radio(key=f"{answer_key(me, first.id)}-choice").set_value(first.options[0].id)
    classroom.go_to(classroom.session(session.code) or session, 1)  # moves on before the send
    at.button(key="join-send").click().run()

    assert not classroom.store.participant_answers(me)  # not counted
    assert any(second.prompt in m.value for m in at.markdown)  # the next question, open
    assert "join-send" in _keys(at)
    note = " ".join(w.value for w in at.warning)
    assert "Your last answer arrived after its question had closed" in note
    assert "This question is closed" not in note

    at.radio(key=f"{answer_key(me, second.id)}-choice").set_value(second.options[0].id)
    at.button(key="join-send").click().run()
    assert "Your answer is saved" in at.success[0].value and not at.warning


def test_a_wrong_code_is_explained_and_the_nickname_kept(
    open_page: OpenPage, classroom: LiveClassroom
) -> None:
    _live(classroom)
    at = open_page("pages/join.py")
    at.text_input(key="join-code").input("ZZZZZZ")
    at.text_input(key="join-nickname").input("Pat")
    at.button[0].click().run()
    assert "No live session has this code" in at.error[0].value
    assert at.text_input(key="join-nickname").value == "Pat"
    assert "p" not in at.query_params


def test_a_forged_rejoin_link_asks_to_join_again(open_page: OpenPage) -> None:
    at = open_page("pages/join.py", p="forged")
    assert "not found" in at.warning[0].value
    assert at.text_input(key="join-code")


# ------------------------------------------------------------------ instructor


def test_without_a_passcode_the_instructor_page_only_explains_how_to_set_one(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSTRUCTOR_PASSCODE", raising=False)
    monkeypatch.setattr("deploycore.infra.settings.SECRETS_FILE", Path("/nonexistent/secrets.toml"))
    at = open_page("pages/instructor.py")
    assert "INSTRUCTOR_PASSCODE" in at.info[0].value
    assert "secrets.toml" in at.info[0].value
    assert not at.text_input and not at.button and not at.selectbox


def test_a_wrong_passcode_keeps_the_page_locked(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "correct horse")
    at = open_page("pages/instructor.py")
    at.text_input(key="instructor-passcode").input("wrong horse")
    at.button[0].click().run()
    assert "not right" in at.error[0].value
    assert not at.selectbox  # still locked: no question-set choice


def _unlocked(open_page: OpenPage, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INSTRUCTOR_PASSCODE", "correct horse")
    at = open_page("pages/instructor.py")
    at.text_input(key="instructor-passcode").input("correct horse")
    at.button[0].click().run()
    assert not at.error and at.selectbox(key="instructor-set")
    return at


def test_instructor_runs_a_session_and_sees_counts_reveal_and_analysis(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch, classroom: LiveClassroom
) -> None:
    at = _unlocked(open_page, monkeypatch)
    at.selectbox(key="instructor-set").set_value("topic-knowledge-check")
    at.button(key="instructor-create-session").click().run()
    assert not at.exception, [e.message for e in at.exception]
    code = at.query_params["session"]
    assert any(m.value == f"# {code}" for m in at.markdown)
    assert at.get("image")  # the QR code
    assert "0 joined" in " ".join(m.value for m in at.markdown)

    session = classroom.session(code)
    assert session is not None
    people = [classroom.join(code, f"L{i}", f"c{i}").participant for i in range(3)]
    at.button(key="instructor-next").click().run()
    question = classroom.current_question(classroom.session(code))  # type: ignore[arg-type]
    assert question is not None
    wrong = next(o.id for o in question.options if not o.correct)
    for person, response in zip(
        people,
        [_right(question), _right(question),
         Response(question_id=question.id, selected_option_ids=frozenset([wrong]))],
        strict=True,
    ):  # fmt: skip
        assert person is not None
        classroom.submit(person, response)
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "3 joined" in text and "3 of 3 answered" in text
    assert "(correct)" not in " ".join(c.value for c in at.caption)  # not before the reveal

    at.button(key="instructor-reveal-answer").click().run()
    assert "(correct)" in " ".join(c.value for c in at.caption)
    assert any("Right answer" in m.value for m in at.markdown)
    at.toggle(key="instructor-leaderboard").set_value(True).run()
    assert any(s.value == "Leaderboard" for s in at.subheader)

    at.button(key="instructor-finish").click().run()
    # The projector's final screen: the final leaderboard (always), then the item analysis.
    assert any(s.value == "Final leaderboard" for s in at.header)
    board = at.dataframe[0].value
    assert list(board["Nickname"])[:2] == ["L0", "L1"] and list(board["Correct"]) == [1, 1, 0]
    table = at.dataframe[-1].value
    assert list(table["Answered"])[:1] == [3] and list(table["Full credit"])[:1] == [2]
    assert "3 learners answered" in " ".join(m.value for m in at.markdown)


def test_every_question_type_can_be_answered_right(open_page: OpenPage) -> None:
    at = open_page("pages/quiz.py")
    at.text_input(key="quiz-name").input("All types")
    at.radio(key="quiz-scope").set_value("all")
    at.radio(key="quiz-mode").set_value("practice")
    at.button(key="quiz-start").click().run()
    seen = set()
    while _state(at).current_id is not None:
        question = _current(at)
        seen.add(question.type)
        _answer(at, question, right=True)
        assert "Correct." in at.success[0].value, question.id
        at.button(key="quiz-next").click().run()
    assert seen == {"single", "multiple", "true_false", "numeric", "short_answer"}
    assert {m.label: m.value for m in at.metric}["Score"] == f"{len(BANK)} of {len(BANK)}"
    assert at.button(key="quiz-retry-missed").disabled


def test_a_half_right_multiple_choice_answer_is_called_partly_correct(
    open_page: OpenPage,
) -> None:
    question = next(q for q in BANK.questions if q.type == "multiple"
                    and len(q.correct_option_ids) > 1)  # fmt: skip
    at = open_page("pages/quiz.py")
    _start(at, mode="practice", topic=question.topic)
    while _current(at).id != question.id:
        at.button(key="quiz-skip").click().run()
    state = _state(at)
    key = f"quiz-{state.attempt_id[:8]}-{question.id}"
    one_right = sorted(question.correct_option_ids)[0]
    at.checkbox(key=f"{key}-option-{one_right}").check()
    at.button(key="quiz-submit").click().run()
    assert "Partly correct." in at.warning[0].value


def test_past_sessions_open_results_and_delete_after_the_passcode(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch, classroom: LiveClassroom
) -> None:
    played = _live(classroom)
    person = classroom.join(played.code, "Kim", "c-kim").participant
    assert person is not None
    played = classroom.next_question(played)
    question = classroom.current_question(played)
    assert question is not None
    classroom.submit(person, _right(question))
    classroom.finish(played)
    other = _live(classroom)

    at = _unlocked(open_page, monkeypatch)
    rows = " ".join(m.value for m in at.markdown)
    assert f"**{played.code}**" in rows and f"**{other.code}**" in rows
    assert "1 learner" in rows and "1.0 of 3 points (ended)" in rows

    at.button(key=f"past-open-{played.code}").click().run()
    assert played.code in at.query_params["session"]
    assert "1 learner answered" in " ".join(m.value for m in at.markdown)
    assert any(s.value == "Final leaderboard" for s in at.header)
    at.button(key="instructor-close").click().run()

    at.button(key=f"past-delete-{played.code}").click().run()
    assert "for good" in at.warning[0].value
    at.text_input(key="instructor-delete-passcode").input("wrong horse")
    at.button(key="instructor-delete-confirm-button").click().run()
    assert "nothing was deleted" in at.error[0].value
    assert classroom.session(played.code) is not None
    at.button(key=f"past-delete-{played.code}").click().run()
    at.text_input(key="instructor-delete-passcode").input("correct horse")
    at.button(key="instructor-delete-confirm-button").click().run()
    assert f"Session {played.code} and all its answers are deleted." in at.success[0].value
    assert classroom.session(played.code) is None
    assert classroom.session(other.code) is not None
    assert f"**{played.code}**" not in " ".join(m.value for m in at.markdown)
