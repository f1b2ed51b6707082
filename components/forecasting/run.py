"""Weekly forecast page: the form that starts a batch run and the live progress of a run."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError
from sqlalchemy import Engine

from deploycore.infra.db import create_tables, make_engine
from deploycore.infra.settings import database_url
from deploycore.infra.text import safe_echo
from deploycore.scenarios.forecasting import report
from deploycore.scenarios.forecasting.launcher import (
    JobExit,
    LaunchedRun,
    RunRequest,
    job_exit,
    start_run_process,
)
from deploycore.scenarios.forecasting.sales import DEMO_WEEK, available_weeks

LAUNCHED_KEY = "forecast-launched"
EXIT_KEY = "forecast-job-exit"
WAS_ACTIVE_KEY = "forecast-was-active"
NOTICE_KEY = "forecast-notice"
DEMO_CHOICE = f"Week {DEMO_WEEK}: the shipped input file with 5 deliberately bad rows"
HISTORY_CHOICE = "Any week, built from the sales history (no bad rows)"
POLL_SECONDS = 1.0


@st.cache_resource
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    create_tables(engine)
    return engine


def forecast_engine() -> Engine:
    """The app's database engine (one per database URL and server process)."""
    return _engine(database_url())


def _launched_alive() -> bool:
    launched = st.session_state.get(LAUNCHED_KEY)
    return isinstance(launched, LaunchedRun) and job_exit(launched) is None


def describe_exit(ended: JobExit) -> str:
    """A failed job process's end, in words."""
    if ended.code is None:
        how = "ended, and its exit status is unknown (the app was restarted while it ran)"
    elif ended.code < 0:
        how = f"was stopped by signal {-ended.code}"
    else:
        how = f"failed with exit status {ended.code}"
    if not ended.log_tail:
        return f"The batch job process {how}. Its log is empty."
    return (
        f"The batch job process {how}. Its log ends with: {safe_echo(ended.log_tail[-1])} "
        "(its last lines are below)."
    )


def job_active(engine: Engine) -> bool:
    """Whether a job started from here (or any job on this machine) is still running."""
    return _launched_alive() or report.active_run(engine) is not None


def _start() -> None:
    use_demo = st.session_state["forecast-input"] == DEMO_CHOICE
    try:
        request = RunRequest(
            week=DEMO_WEEK if use_demo else int(st.session_state["forecast-week"]),
            use_demo_input=use_demo,
            max_workers=int(st.session_state["forecast-workers"]),
            idle_timeout_s=float(st.session_state["forecast-idle"]),
        )
    except ValidationError as error:
        st.session_state[NOTICE_KEY] = f"The run was not started: {error.errors()[0]['msg']}."
        return
    st.session_state[LAUNCHED_KEY] = start_run_process(request)
    st.session_state.pop(EXIT_KEY, None)
    st.session_state[WAS_ACTIVE_KEY] = True
    st.session_state[NOTICE_KEY] = (
        f"Started the batch job for week {request.week} in its own process; "
        "its Dask cluster starts with no workers."
    )


def show_run_form(active: bool) -> None:
    """Input choice, cluster size and the start button (disabled while a job runs).
    `active`: a job is running (`job_active`, asked once per run)."""
    first, last = available_weeks()
    with st.container(border=True, key="forecast-form"):
        st.subheader("Start a run")
        choice = st.radio(
            "Input", [DEMO_CHOICE, HISTORY_CHOICE], key="forecast-input", horizontal=False
        )
        left, middle, right = st.columns(3)
        left.number_input(
            "Week to forecast", min_value=first, max_value=last, value=last - 10, step=1,
            key="forecast-week", disabled=choice == DEMO_CHOICE,
            help=f"Weeks {first} to {last} have the four weeks of history the model needs.",
        )  # fmt: skip
        # Radio buttons, not select boxes: a select box loads about 115 kB of browser code (its
        # menu and combo box) before the page is complete; the radio's code is here already.
        middle.radio(
            "Most workers (adaptive maximum)", [1, 2], index=1, key="forecast-workers",
            horizontal=True,
            help="The cluster starts with 0 workers and adds up to this many while there is work.",
        )  # fmt: skip
        right.radio(
            "Idle timeout before scale-down (s)", [1.0, 3.0, 5.0], index=1, key="forecast-idle",
            horizontal=True, format_func=lambda seconds: f"{seconds:g} s",
            help="Idle workers are released after this long (a cloud cluster's default is 120 s).",
        )  # fmt: skip
        st.button(
            "Start batch run", type="primary", icon=":material/play_arrow:", key="forecast-start",
            on_click=_start, disabled=active,
            help=(
                "Runs `python -m deploycore.scenarios.forecasting` in a separate process."
            )
            if not active
            else "A batch job is still running; wait for it to finish.",
        )  # fmt: skip
        notice = st.session_state.get(NOTICE_KEY)
        if notice:
            st.caption(notice)


def show_run_progress(engine: Engine, polling: bool) -> None:
    """The running job's progress, polled every second while a job process is alive
    (`polling`: `job_active`, asked once per run)."""
    if polling:
        st.session_state[WAS_ACTIVE_KEY] = True

    @st.fragment(run_every=POLL_SECONDS if polling else None)
    def _progress() -> None:
        with st.container(key="forecast-progress"):
            run = report.active_run(engine)
            if run is not None:
                total = max(run.partitions_total, 1)
                stage = (
                    "scoring partitions"
                    if run.status == "running"
                    else "predictions committed; waiting for idle workers to be released"
                )
                st.progress(
                    min(run.partitions_done / total, 1.0),
                    text=f"Run {run.id}, week {run.week}: {stage} "
                    f"({run.partitions_done} of {run.partitions_total} partitions done).",
                )
            elif _launched_alive():
                st.progress(0.0, text="Starting the job process and its Dask cluster...")
            elif st.session_state.get(WAS_ACTIVE_KEY):
                st.session_state[WAS_ACTIVE_KEY] = False
                st.session_state.pop(NOTICE_KEY, None)
                launched = st.session_state.get(LAUNCHED_KEY)
                ended = job_exit(launched) if isinstance(launched, LaunchedRun) else None
                if ended is not None and ended.failed:
                    st.session_state[EXIT_KEY] = ended
                st.rerun()  # the job ended: refresh history and results
            else:
                st.caption("No batch job is running.")
            ended = st.session_state.get(EXIT_KEY)
            if isinstance(ended, JobExit) and run is None and not _launched_alive():
                with st.container(key="forecast-job-failed"):
                    st.error(describe_exit(ended), icon=":material/error:")
                    if ended.log_tail:
                        st.code("\n".join(ended.log_tail), language=None, wrap_lines=True)

    _progress()
