"""The app's interpreter switch interval: from the environment, bounded, set once per change."""

from __future__ import annotations

import sys

import pytest

from components.interpreter import (
    DEFAULT_SWITCH_INTERVAL_MS,
    share_the_interpreter,
    switch_interval_s,
)


@pytest.mark.parametrize(
    ("setting", "seconds"),
    [
        (None, DEFAULT_SWITCH_INTERVAL_MS / 1000),
        ("2.5", 0.0025),
        ("0", 0.0001),  # bounded below: a zero interval would thrash
        ("5000", 0.05),  # and above
        ("fast", DEFAULT_SWITCH_INTERVAL_MS / 1000),  # not a number: the default
    ],
)
def test_the_interval_comes_from_the_environment_within_bounds(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, seconds: float
) -> None:
    if setting is None:
        monkeypatch.delenv("APP_SWITCH_INTERVAL_MS", raising=False)
    else:
        monkeypatch.setenv("APP_SWITCH_INTERVAL_MS", setting)
    assert switch_interval_s() == pytest.approx(seconds)


def test_the_process_gets_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    before = sys.getswitchinterval()
    try:
        monkeypatch.setenv("APP_SWITCH_INTERVAL_MS", "3")
        share_the_interpreter()
        assert sys.getswitchinterval() == pytest.approx(0.003)
    finally:
        sys.setswitchinterval(before)
