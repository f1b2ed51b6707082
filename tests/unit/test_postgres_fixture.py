"""Without a PostgreSQL server, its tests skip on a developer's machine but fail in CI."""

from __future__ import annotations

import pytest

from tests.scratch_db import postgres_admin_url


def test_without_a_database_url_postgres_tests_skip_on_a_developer_machine() -> None:
    with pytest.raises(pytest.skip.Exception, match="TEST_DATABASE_URL"):
        postgres_admin_url({})


@pytest.mark.parametrize("ci", ["true", "1"])
def test_without_a_database_url_postgres_tests_fail_when_ci_is_set(ci: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        postgres_admin_url({"CI": ci})


def test_a_database_url_is_used_as_given() -> None:
    url = "postgresql+psycopg://u:p@127.0.0.1:5432/postgres"
    assert postgres_admin_url({"CI": "true", "TEST_DATABASE_URL": url}) == url
