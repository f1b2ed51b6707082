"""The theme options Streamlit sends with every run are read once per parsed configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit import config

from components import theme_options

SECTIONS = ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar")


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Streamlit's own reader; the cache installed for the test and removed after it."""
    original = config.get_options_for_section
    if original is theme_options._theme_options_for_section:  # an app run installed it
        original = theme_options._original
    assert original is not None
    monkeypatch.setattr(config, "get_options_for_section", original)
    monkeypatch.setattr(theme_options, "_original", None)
    monkeypatch.setattr(theme_options, "_cache", {})
    theme_options.keep_theme_options()
    yield original


def test_theme_sections_are_what_streamlit_reads_and_scanned_once(
    installed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for section in SECTIONS:
        assert config.get_options_for_section(section) == installed(section)
    scans: list[str] = []
    monkeypatch.setattr(theme_options, "_original", lambda s: scans.append(s) or installed(s))
    first = config.get_options_for_section("theme.light")
    first["textColor"] = "changed by a caller"
    assert config.get_options_for_section("theme.light") == installed("theme.light")
    assert scans == []  # kept from the first reads
    config.get_options_for_section("server")  # other sections: always read
    assert scans == ["server"]


def test_a_new_parse_of_the_configuration_is_read_again(
    installed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.get_options_for_section("theme.dark")
    reparsed = dict(config.get_config_options())
    monkeypatch.setattr(config, "get_config_options", lambda *a, **k: reparsed)
    monkeypatch.setattr(theme_options, "_original", lambda s: {"textColor": "#000000"})
    assert config.get_options_for_section("theme.dark") == {"textColor": "#000000"}


def test_installing_twice_keeps_one_wrapper(installed: Any) -> None:
    wrapper = config.get_options_for_section
    theme_options.keep_theme_options()
    assert config.get_options_for_section is wrapper
