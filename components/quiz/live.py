"""Live classroom pieces: the learner's auto-refreshing view and the instructor's live panel.

Both are fragments that rerun on a timer and re-read the session from the database, so every
device follows the instructor without a full page reload.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from components.quiz.common import live_classroom
from components.quiz.push import LearnerPush, learner_push
from components.quiz.question import (
    answer_inputs,
    answer_words,
    missing_answer_message,
    option_explanations,
    option_mark,
    read_response,
    right_words,
    verdict,
    why,
)
from deploycore.infra.text import safe_echo
from deploycore.quiz.grading import TYPED_ANSWER_MAX_CHARS, Response, grade, shuffled_options
from deploycore.quiz.live import (
    LeaderboardRow,
    LiveClassroom,
    Rejoin,
    SessionProgress,
    learner_poll_s,
    learner_safety_poll_s,
)
from deploycore.quiz.live_charts import distribution_figure
from deploycore.quiz.models import Question
from deploycore.quiz.responses import response_from_json
from deploycore.quiz.storage import LiveSession, SubmitStatus

LEARNER_STATE = "join-learner-state"
INSTRUCTOR_REFRESH_S = 1.5
SEND_ERROR = "join-send-error"
# Bumped when a send arrives without an answer: the inputs are drawn afresh (new keys), empty,
# so the screen shows what the server has. A choice the browser showed but never sent (a click
# as the question was still arriving) would otherwise stay marked, and clicking it again sends
# nothing.
SEND_ATTEMPT = "join-send-attempt"


def leaderboard_table(rows: list[LeaderboardRow], key: str, final: bool = False) -> None:
    """The leaderboard as a table (rank, nickname, points, correct answers); `final`: the
    session's final one, for the projector, in large type."""
    if final:
        with st.container(key=f"final-results-{key}"):
            st.header("Final leaderboard")
            _leaderboard_rows(rows, key)
        return
    st.subheader("Leaderboard")
    _leaderboard_rows(rows, key)


def _leaderboard_rows(rows: list[LeaderboardRow], key: str) -> None:
    if not rows:
        st.caption("Nobody has joined yet.")
        return
    frame = pd.DataFrame(
        {
            "Rank": [r.rank for r in rows],
            "Nickname": [r.nickname for r in rows],
            "Points": [round(r.points, 2) for r in rows],
            "Correct": [r.correct for r in rows],
            "Answered": [r.answered for r in rows],
        }
    )
    st.dataframe(frame, hide_index=True, key=key)


def answer_key(participant_id: int, question_id: str, attempt: int = 0) -> str:
    """The key prefix of a learner's answer inputs for one question (see `answer_inputs`);
    a new `attempt` draws them afresh and empty."""
    suffix = f"-{attempt}" if attempt else ""
    return f"join-{participant_id}-{question_id}{suffix}"


def _revealed_answer(question: Question) -> None:
    st.markdown(f"**Right answer:** {right_words(question)}")
    why(question)


def _kept(token: str) -> tuple[Rejoin, list[LeaderboardRow]] | None:
    """This browser session's copy of the learner's state, if it is this token's."""
    kept: tuple[Rejoin, list[LeaderboardRow]] | None = st.session_state.get(LEARNER_STATE)
    return kept if kept is not None and kept[0].participant.token == token else None


def _send(token: str, question_id: str, key: str) -> None:
    classroom = live_classroom()
    kept = _kept(token)
    # the view just drew from this copy (the store checks the question is still open)
    back = kept[0] if kept is not None else classroom.rejoin(token)
    if back is None:
        return
    question = classroom.questions_of(back.session).get(question_id)
    if question is None:
        return
    response = read_response(question, key)
    missing = missing_answer_message(question, response, ask_confidence=False)
    if missing:
        st.session_state[SEND_ERROR] = (question_id, missing)
        st.session_state[SEND_ATTEMPT] = st.session_state.get(SEND_ATTEMPT, 0) + 1
        return
    st.session_state.pop(SEND_ERROR, None)
    result = classroom.submit(back.participant, response)
    if kept is not None and result.answer is not None:  # show the saved answer, no re-read
        st.session_state[LEARNER_STATE] = (kept[0].with_answer(result.answer), kept[1])
    else:
        st.session_state.pop(LEARNER_STATE, None)
    if result.status is SubmitStatus.CLOSED:
        st.session_state[SEND_ERROR] = (
            None,  # said on the next question too: that is when the learner sees it
            # Worded for the question after it too: "this question is closed" above an open
            # question read as if that one were closed.
            "Your last answer arrived after its question had closed (the instructor revealed "
            "the answer or moved on), so it was not counted.",
        )


def _learner_state(
    classroom: LiveClassroom, token: str
) -> tuple[Rejoin, list[LeaderboardRow]] | None:
    """The learner's place and answers, and the leaderboard when shown, read from the database
    only when the session has moved since they were last read (see `LiveClassroom.caught_up`);
    otherwise this session's copy (a sent answer is added to it), so a poll costs one shared,
    cached progress check."""
    kept = _kept(token)
    back: Rejoin | None = None
    if kept is not None:
        if classroom.progress(kept[0].session.id) == SessionProgress.of(kept[0].session):
            return kept
        with contextlib.suppress(KeyError):  # the session was deleted: rejoin says so
            back = classroom.caught_up(kept[0])
    back = back or classroom.rejoin(token)
    if back is None:
        st.session_state.pop(LEARNER_STATE, None)
        return None
    return _keep(classroom, back)


def _keep(classroom: LiveClassroom, back: Rejoin) -> tuple[Rejoin, list[LeaderboardRow]]:
    """Keep `back` (just read) and the leaderboard it shows as this session's copy."""
    board = classroom.shown_leaderboard(back.session) if back.session.show_leaderboard else []
    st.session_state[LEARNER_STATE] = (back, board)
    return back, board


def learner_view(token: str, back: Rejoin) -> None:
    """What a participant sees: lobby, the current question, their saved answer, the reveal.

    A fragment that the server reruns as soon as the instructor moves on (`learner_push`),
    with a slow timer (`learner_safety_poll_s`) in case a push is missed. Where the server
    cannot push it polls every `learner_poll_s` (0.3 s in a class of up to 60) instead. It
    reads the database only when the session has moved on."""
    classroom, push = live_classroom(), learner_push()
    _keep(classroom, back)  # just read by the page: the fragment's first run reads nothing
    learners = classroom.store.participant_count(back.session.id)
    every = learner_safety_poll_s(learners) if push.available() else learner_poll_s(learners)
    # The fragment keeps its arguments: its reruns (a class of them at each move) skip the
    # resource-cache lookups.
    st.fragment(run_every=every)(_learner_view)(token, classroom, push)


def _learner_view(token: str, classroom: LiveClassroom, push: LearnerPush) -> None:
    state = _learner_state(classroom, token)
    if state is None:
        st.warning("Your place in this session was not found. Join again with the code.")
        return
    back, board = state
    session, me = back.session, back.participant
    push.drew(session.id, SessionProgress.of(session))
    with st.container(key="join-live"):
        if session.finished:
            points = sum(a.points for a in back.answers.values())
            right = sum(a.is_correct for a in back.answers.values())
            st.success(
                f"The session has ended. You answered {len(back.answers)} of "
                f"{len(session.question_ids)} questions: {right} right ({points:g} points).",
                icon=":material/flag:",
            )
            if session.show_leaderboard:
                leaderboard_table(board, "join-leaderboard")
            return
        question = classroom.current_question(session)
        if question is None:
            st.info(
                f"You are in, {safe_echo(me.nickname)}. Waiting for the instructor to show the "
                "first question…",
                icon=":material/hourglass_top:",
            )
            return
        # One element (each is a message to every learner at every move): where the class is,
        # then the prompt as a heading.
        st.markdown(
            f":small[Question {session.current_index + 1} of {len(session.question_ids)}]"
            f"\n\n### {question.prompt}"
        )
        stored = back.answers.get(question.id)
        key = answer_key(me.id, question.id, st.session_state.get(SEND_ATTEMPT, 0))
        if stored is None and not session.revealed:
            answer_inputs(question, shuffled_options(question, me.id), key)
            problem = st.session_state.get(SEND_ERROR)
            if problem is not None and problem[0] in (None, question.id):
                st.warning(problem[1], icon=":material/info:")
            st.button("Send my answer", type="primary", icon=":material/send:",
                      on_click=_send, args=(token, question.id, key), key="join-send")  # fmt: skip
        elif stored is None:
            st.info("The answer was revealed before you answered.", icon=":material/timer_off:")
            _revealed_answer(question)
        else:
            response = response_from_json(question.id, stored.response)
            if not session.revealed:
                st.success(
                    f"Your answer is saved: {answer_words(question, response)}. Wait for the "
                    "instructor to reveal the right answer.",
                    icon=":material/task_alt:",
                )
            else:
                graded = grade(question, response)
                verdict(graded, f"You answered: {answer_words(question, response)}.")
                if question.type != "numeric":
                    option_explanations(question, graded, only_chosen=True)
                _revealed_answer(question)
        if session.show_leaderboard:
            leaderboard_table(board, "join-leaderboard")


def instructor_question_panel(classroom: LiveClassroom, session: LiveSession) -> None:
    """The current question with its live answer distribution (chart plus the same in words)."""
    question = classroom.current_question(session)
    joined = classroom.store.participant_count(session.id)
    st.markdown(f"**{joined} joined.**")
    if session.finished:
        st.success(
            "The session has ended: the final leaderboard, then the item analysis.",
            icon=":material/flag:",
        )
        leaderboard_table(classroom.leaderboard(session), "instructor-leaderboard", final=True)
        return
    if question is None:
        st.info("Waiting in the lobby: press **Show the first question** when everyone is in.")
        return
    st.caption(f"Question {session.current_index + 1} of {len(session.question_ids)}")
    st.markdown(f"## {question.prompt}")
    distribution = classroom.distribution(session, question)
    with st.container(key="instructor-distribution"):
        st.markdown(f"**{distribution.answered} of {distribution.participants} answered.**")
        st.plotly_chart(
            distribution_figure(distribution, revealed=session.revealed),
            key="instructor-distribution-chart",
            config={"displayModeBar": False},
            alt=distribution.summary(),
        )
        counts = "; ".join(
            f"{o.label}: {o.count}" + (" (correct)" if session.revealed and o.correct else "")
            for o in distribution.options
        )
        st.caption(f"Answers so far, in words: {counts}.")
    if session.revealed:
        with st.container(border=True, key="instructor-reveal"):
            st.markdown(f"**Right answer:** {right_words(question)}")
            for option in grade(question, Response(question_id=question.id)).options:
                symbol, mark = option_mark(option)
                why_text = f": {option.explanation}" if option.explanation else ""
                shown = (
                    safe_echo(option.text, limit=TYPED_ANSWER_MAX_CHARS)
                    if question.type == "short_answer"
                    else option.text
                )
                st.markdown(f"{symbol} {mark}: **{shown}**{why_text}")
            why(question)
    if session.show_leaderboard:
        leaderboard_table(classroom.leaderboard(session), "instructor-leaderboard")


@st.fragment(run_every=INSTRUCTOR_REFRESH_S)
def instructor_live_panel(code: str) -> None:
    """Re-read the session and redraw the question panel every INSTRUCTOR_REFRESH_S."""
    classroom = live_classroom()
    session = classroom.session(code)
    if session is not None:
        instructor_question_panel(classroom, session)
