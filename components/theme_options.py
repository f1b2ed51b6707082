"""Streamlit's theme options, read once per parsed configuration instead of on every run.

Every script run, fragment runs included, starts with a `new_session` message that carries the
theme, and Streamlit builds it by scanning all of its ~250 config options once per theme section
(six scans a run). With a class of learners' screens redrawn at once that was 13 % of a
replica's interpreter time (py-spy, 100 learners). Theme options cannot change while the server
runs (`st.set_option` refuses them; only a new parse of the config files can), so the scan's
result is kept per section for the parsed configuration it came from.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from streamlit import config

_SectionReader = Callable[[str], dict[str, Any]]
_original: _SectionReader | None = None
_cache: dict[str, tuple[int, dict[str, Any]]] = {}
_lock = threading.Lock()


def _theme_options_for_section(section: str) -> dict[str, Any]:
    assert _original is not None
    if section != "theme" and not section.startswith("theme."):
        return _original(section)
    parsed = id(config.get_config_options())  # a new parse makes a new dict
    with _lock:
        kept = _cache.get(section)
    if kept is None or kept[0] != parsed:
        kept = (parsed, _original(section))
        with _lock:
            _cache[section] = kept
    return dict(kept[1])  # callers may change their copy


def keep_theme_options() -> None:
    """Install the per-configuration cache of theme sections (once per process)."""
    global _original
    with _lock:
        if _original is not None or config.get_options_for_section is _theme_options_for_section:
            return
        _original = config.get_options_for_section
        config.get_options_for_section = _theme_options_for_section
