"""Every page file is registered in app.py's navigation, and every registered page exists."""

from __future__ import annotations

import re
from pathlib import Path

from deploycore.lesson.steps import RELATED_PAGES

ROOT = Path(__file__).resolve().parents[2]


def _registered() -> list[str]:
    return re.findall(r'st\.Page\(\s*"(pages/\w+\.py)"', (ROOT / "app.py").read_text())


def test_every_page_file_is_registered_exactly_once() -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert sorted(_registered()) == files


def test_related_page_links_point_inside_pages() -> None:
    for related in RELATED_PAGES.values():
        for item in related:
            assert item.page_path.startswith("pages/")


def test_core_never_imports_streamlit() -> None:
    for path in (ROOT / "deploycore").rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+streamlit", path.read_text(), re.MULTILINE), path


def test_pages_use_their_file_name_as_address() -> None:
    """A custom url_path would show "Page not found" on a fresh server's first request."""
    assert "url_path" not in (ROOT / "app.py").read_text().split("SECTIONS", 1)[1]


def test_home_guide_links_name_page_files() -> None:
    from deploycore.lesson.home_guide import AUDIENCES

    assert {a.key for a in AUDIENCES} == {"trainer", "learner", "stakeholder"}
    for audience in AUDIENCES:
        assert audience.links, audience.key
        assert all(link.page_path.startswith("pages/") for link in audience.links)
