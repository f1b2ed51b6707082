"""Self-study attempts in the core: choosing questions, stored answers, finishing, history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploycore.quiz import Response
from deploycore.quiz.bank import load_bank
from deploycore.quiz.self_study import (
    Selection,
    advance,
    answer,
    check_name,
    choose_questions,
    describe_duration,
    finish,
    history_figure,
    history_summary,
    start_attempt,
)
from deploycore.quiz.storage import QuizStore

BANK = load_bank()


@pytest.fixture
def store(database_url: str) -> Iterator[QuizStore]:
    quiz_store = QuizStore(database_url)
    yield quiz_store
    quiz_store.dispose()


def test_choices_cover_all_a_topic_and_n_random() -> None:
    everything, _ = choose_questions(BANK, Selection(scope="all"), seed=1)
    assert sorted(q.id for q in everything) == sorted(q.id for q in BANK.questions)
    topic, _ = choose_questions(BANK, Selection(scope="topic", topic="batch"), seed=1)
    assert topic and {q.topic for q in topic} == {"batch"}
    drawn, _ = choose_questions(BANK, Selection(scope="random", count=5), seed=1)
    again, _ = choose_questions(BANK, Selection(scope="random", count=5), seed=1)
    assert len(drawn) == 5 and drawn == again  # seeded: the same draw for the same seed


def test_impossible_choices_are_explained() -> None:
    assert choose_questions(BANK, Selection(scope="topic"), seed=1)[1] == "Choose a topic."
    assert "how many" in (choose_questions(BANK, Selection(scope="random"), seed=1)[1] or "")
    assert check_name("   ") and check_name("x" * 41) and check_name("Sam") is None


def test_option_order_is_fixed_once_per_attempt(store: QuizStore) -> None:
    questions, _ = choose_questions(BANK, Selection(scope="all"), seed=3)
    state = start_attempt(store, questions, name="Sam", mode="exam", ask_confidence=False,
                          selection_text="All", seed=99)  # fmt: skip
    other = start_attempt(store, questions, name="Sam", mode="exam", ask_confidence=False,
                          selection_text="All", seed=99)  # fmt: skip
    assert state.option_order == other.option_order
    for question in questions:
        assert sorted(state.option_order[question.id]) == sorted(o.id for o in question.options)


def test_an_attempt_stores_answers_once_and_its_result_in_history(store: QuizStore) -> None:
    questions = BANK.questions[:3]
    state = start_attempt(store, questions, name="Ana", mode="practice", ask_confidence=True,
                          selection_text="First three", seed=5)  # fmt: skip
    first = questions[0]
    right = Response(question_id=first.id, selected_option_ids=first.correct_option_ids,
                     confidence=3)  # fmt: skip
    graded = answer(store, state, first, right)
    wrong = Response(question_id=first.id, selected_option_ids=frozenset(), confidence=1)
    assert answer(store, state, first, wrong) == graded  # a repeat changes nothing
    assert len(store.answers(state.attempt_id)) == 1
    advance(state)
    advance(state)
    advance(state)
    assert state.current_id is None
    result = finish(store, state, BANK)
    assert result.score.question_count == 3 and result.score.correct_count == 1
    assert result.score.cbm_total == 3 and result.missed_ids == [q.id for q in questions[1:]]
    again = finish(store, state, BANK)  # rerun of the result page: stored once
    assert again.duration_s == result.duration_s
    history = store.history("ana")
    assert len(history) == 1 and history[0].score == 1 and history[0].max_score == 3


def test_history_is_summarised_in_words_and_charted(store: QuizStore) -> None:
    assert history_summary([]) == "No finished attempts yet."
    for correct in (1, 3):
        questions = BANK.questions[:3]
        state = start_attempt(store, questions, name="Bo", mode="exam", ask_confidence=False,
                              selection_text="Three", seed=correct)  # fmt: skip
        for question in questions[:correct]:
            answer(store, state, question, Response(
                question_id=question.id, selected_option_ids=question.correct_option_ids,
                numeric_value=question.numeric.value if question.numeric else None))  # fmt: skip
        state.position = 3
        finish(store, state, BANK)
    attempts = store.history("Bo")
    text = history_summary(attempts)
    assert text.startswith("2 finished attempts; first 33%, latest 100%, best 100%.")
    assert "up (+67 points)" in text
    figure = history_figure(attempts)
    assert list(figure.data[0].y) == [33.3, 100.0]


@pytest.mark.parametrize(
    ("seconds", "text"), [(5, "5 s"), (65.4, "1 min 05 s"), (600, "10 min 00 s")]
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert describe_duration(seconds) == text
