"""Self-study quiz: choose questions and a mode, answer with feedback, review, retry, progress."""

from __future__ import annotations

import secrets

import streamlit as st

from components.layout import ensure_app_frame
from components.quiz.common import question_bank, quiz_store
from components.quiz.history import show_history
from components.quiz.question import (
    answer_inputs,
    feedback,
    missing_answer_message,
    read_response,
    review,
)
from deploycore.quiz.models import TOPIC_SECTIONS, QuestionBank
from deploycore.quiz.self_study import (
    MODE_LABELS,
    AttemptState,
    Selection,
    advance,
    answer,
    check_name,
    choose_questions,
    describe_duration,
    finish,
    start_attempt,
)

ensure_app_frame()

STATE = "quiz-state"
SETUP_ERROR = "quiz-setup-error"
ANSWER_ERROR = "quiz-answer-error"
NAME = "quiz-name"
SCOPE_LABELS = {"all": "All questions", "topic": "One topic", "random": "N random questions"}


def _state() -> AttemptState | None:
    state = st.session_state.get(STATE)
    return state if isinstance(state, AttemptState) else None


def _start(bank: QuestionBank) -> None:
    ss = st.session_state
    name = ss.get(NAME, "")
    problem = check_name(name)
    scope = ss.get("quiz-scope", "all")
    selection = Selection(
        scope=scope,
        topic=ss.get("quiz-topic") if scope == "topic" else None,
        count=int(ss.get("quiz-count") or 1) if scope == "random" else None,
    )
    seed = secrets.randbelow(2**31)
    questions, why_not = choose_questions(bank, selection, seed)
    problem = problem or why_not
    if problem:
        ss[SETUP_ERROR] = problem
        return
    ss.pop(SETUP_ERROR, None)
    ss[STATE] = start_attempt(
        quiz_store(),
        questions,
        name=name,
        mode=ss.get("quiz-mode", "practice"),
        ask_confidence=bool(ss.get("quiz-ask-confidence")),
        selection_text=selection.describe(),
        seed=seed,
    )


def _submit(bank: QuestionBank, key: str) -> None:
    state = _state()
    if state is None or state.current_id is None:
        return
    question = bank.get(state.current_id)
    response = read_response(question, key)
    missing = missing_answer_message(question, response, state.ask_confidence)
    if missing:
        st.session_state[ANSWER_ERROR] = missing
        return
    st.session_state.pop(ANSWER_ERROR, None)
    answer(quiz_store(), state, question, response)
    if state.mode == "exam":
        advance(state)


def _next() -> None:
    state = _state()
    st.session_state.pop(ANSWER_ERROR, None)
    if state is not None:
        advance(state)


def _end_now() -> None:
    state = _state()
    if state is not None:
        state.position = len(state.question_ids)


def _retry_missed(bank: QuestionBank, missed: list[str]) -> None:
    state = _state()
    if state is None or not missed:
        return
    st.session_state[STATE] = start_attempt(
        quiz_store(),
        [bank.get(qid) for qid in missed],
        name=state.learner_name,
        mode=state.mode,
        ask_confidence=state.ask_confidence,
        selection_text=f"Retry of {len(missed)} missed",
    )


def _new_quiz() -> None:
    state = _state()
    if state is not None:
        st.session_state[NAME] = state.learner_name
    st.session_state.pop(STATE, None)


st.title("Self-study quiz")
loaded_bank = question_bank()
if loaded_bank is None:
    st.stop()
bank: QuestionBank = loaded_bank  # declared, not narrowed: the lambdas below see it never None
state = _state()

if state is None:
    st.markdown(
        "Check what you learned in the lesson. Pick the questions and a mode; your attempts "
        "are kept under the name you choose (no account needed)."
    )
    with st.container(border=True, key="quiz-setup"):
        st.text_input("Your name", max_chars=40, key=NAME, placeholder="e.g. Sam")
        scope = st.radio(
            "Questions",
            options=list(SCOPE_LABELS),
            format_func=lambda s: f"{SCOPE_LABELS[s]}" + (f" ({len(bank)})" if s == "all" else ""),
            horizontal=True,
            key="quiz-scope",
        )
        if scope == "topic":
            st.selectbox(
                "Topic (a section of the lesson)",
                options=list(bank.topics()),
                format_func=lambda t: f"{TOPIC_SECTIONS[t]} ({len(bank.by_topic(t))})",
                key="quiz-topic",
            )
        elif scope == "random":
            st.number_input(
                "How many questions?",
                min_value=1,
                max_value=len(bank),
                value=min(10, len(bank)),
                step=1,
                key="quiz-count",
            )
        st.radio("Mode", options=list(MODE_LABELS), format_func=MODE_LABELS.__getitem__,
                 key="quiz-mode")  # fmt: skip
        st.toggle(
            "Rate my confidence for each answer (certainty-based marking)",
            key="quiz-ask-confidence",
            help="Right answers earn 1/2/3 at low/medium/high confidence; wrong ones 0/-2/-6. "
            "It rewards knowing what you know.",
        )
        if SETUP_ERROR in st.session_state:
            st.error(st.session_state[SETUP_ERROR], icon=":material/error:")
        st.button("Start the quiz", type="primary", icon=":material/play_arrow:",
                  on_click=_start, args=(bank,), key="quiz-start")  # fmt: skip
    typed = st.session_state.get(NAME, "")
    if typed and not check_name(typed):
        show_history(typed, quiz_store().history(typed))

elif state.current_id is not None:
    question = bank.get(state.current_id)
    total = len(state.question_ids)
    st.progress(state.position / total, text=f"Question {state.position + 1} of {total}")
    st.caption(f"{MODE_LABELS[state.mode]} · Topic: {TOPIC_SECTIONS[question.topic]}")
    key = f"quiz-{state.attempt_id[:8]}-{question.id}"
    graded = state.graded.get(question.id)
    with st.container(border=True, key="quiz-question"):
        st.markdown(f"### {question.prompt}")
        answer_inputs(
            question,
            state.option_order[question.id],
            key,
            ask_confidence=state.ask_confidence,
            disabled=graded is not None,
        )
        if ANSWER_ERROR in st.session_state:
            st.warning(st.session_state[ANSWER_ERROR], icon=":material/info:")
        if graded is not None:
            with st.container(key="quiz-feedback"):
                feedback(question, graded)
    left, middle, right = st.columns(3)
    if graded is None:
        left.button(
            "Check answer" if state.mode == "practice" else "Submit and go on",
            type="primary",
            on_click=_submit,
            args=(bank, key),
            key="quiz-submit",
        )
        middle.button("Skip this question", on_click=_next, key="quiz-skip")
    else:
        last = state.position + 1 >= total
        left.button("See my results" if last else "Next question", type="primary",
                    on_click=_next, key="quiz-next")  # fmt: skip
    right.button("End the attempt now", on_click=_end_now, key="quiz-end")

else:
    result = finish(quiz_store(), state, bank)
    score = result.score
    st.header("Your result")
    with st.container(key="quiz-result"):
        one, two, three = st.columns(3)
        one.metric("Score", f"{score.points:g} of {score.question_count}")
        one.caption(
            f"{score.percent:.0f}% · {score.correct_count} fully right · "
            f"{score.answered_count} of {score.question_count} answered"
        )
        two.metric(
            "Certainty-based score",
            "not used" if score.cbm_total is None else f"{score.cbm_total:+g}",
        )
        if score.cbm_average is not None:
            two.caption(f"{score.cbm_average:+.2f} per question (best +3, worst -6)")
        three.metric("Time taken", describe_duration(result.duration_s))
    missed = result.missed_ids
    left, right = st.columns(2)
    left.button(
        f"Retry the {len(missed)} I missed" if missed else "Nothing missed: well done",
        icon=":material/replay:",
        type="primary",
        disabled=not missed,
        on_click=_retry_missed,
        args=(bank, missed),
        key="quiz-retry-missed",
    )
    right.button("Start a new quiz", icon=":material/restart_alt:", on_click=_new_quiz,
                 key="quiz-new")  # fmt: skip
    st.subheader("Review")
    for number, graded_answer in enumerate(result.graded, start=1):
        review(
            number,
            bank.get(graded_answer.question_id),
            state.responses.get(graded_answer.question_id),
            graded_answer,
        )
    show_history(state.learner_name, quiz_store().history(state.learner_name))
