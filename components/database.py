"""The app's database at start: brought to the newest schema once per process, or one sentence
saying it could not be (the details go to the server log, never SQL to the page)."""

from __future__ import annotations

import logging

import streamlit as st

from deploycore.infra.migrations import upgrade
from deploycore.infra.settings import database_url

LOG = logging.getLogger(__name__)
NOT_READY = (
    "The app's database could not be brought up to date, so this page cannot open; whoever runs "
    "the app should run `make migrate` and read its message."
)


@st.cache_resource(show_spinner=False)
def _upgraded(url: str) -> bool:
    upgrade(url)
    return True


def database_ready() -> bool:
    """True once the configured database has the newest schema; else say so on the page."""
    try:
        return _upgraded(database_url())
    except Exception:  # any failure: logged in full for the operator, one sentence for users
        LOG.exception("database migration failed")
        st.error(NOT_READY, icon=":material/database:")
        return False
