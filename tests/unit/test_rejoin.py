"""A rejoin link works only in the browser that joined: the token in the link is not enough, the
browser's own key (a cookie) must match; people who joined before keys existed bind the first
browser that comes back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from deploycore.quiz.bank import load_bank
from deploycore.quiz.live import LiveClassroom, new_browser_key
from deploycore.quiz.storage import QuizStore
from deploycore.quiz.storage.tables import ParticipantRow

QUESTION = next(q for q in load_bank().questions if q.type == "single")


@pytest.fixture
def classroom(database_url: str) -> Iterator[LiveClassroom]:
    store = QuizStore(database_url)
    yield LiveClassroom(store)
    store.dispose()


def test_the_link_alone_does_not_rejoin_another_browser(classroom: LiveClassroom) -> None:
    session = classroom.create_session("demo", "Demo", [QUESTION])
    mine, strangers = new_browser_key(), new_browser_key()
    joined = classroom.join(session.code, "Ada", "ip:203.0.113.9", mine).participant
    assert joined is not None
    back = classroom.rejoin_in_browser(joined.token, mine)  # a reload in Ada's browser
    assert back is not None and back.participant == joined
    assert classroom.rejoin_in_browser(joined.token, strangers) is None
    assert classroom.rejoin_in_browser(joined.token, "forged") is None
    assert classroom.rejoin_in_browser("", mine) is None


def test_someone_who_joined_before_browser_keys_binds_the_first_browser_back(
    classroom: LiveClassroom,
) -> None:
    session = classroom.create_session("demo", "Demo", [QUESTION])
    joined = classroom.join(session.code, "Bo", "ip:203.0.113.9").participant
    assert joined is not None
    with classroom.store.engine.begin() as db:  # as a row from before the upgrade looks
        db.execute(update(ParticipantRow).values(browser_key_hash=None))
    first, second = new_browser_key(), new_browser_key()
    assert classroom.rejoin_in_browser(joined.token, first) is not None
    assert classroom.rejoin_in_browser(joined.token, second) is None
    assert classroom.rejoin_in_browser(joined.token, first) is not None
