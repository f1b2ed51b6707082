"""The committed PNGs are drawn from the current DOT sources, and every source is valid DOT."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploycore.lesson.diagrams import DIAGRAMS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from render_diagrams import is_up_to_date, render  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_committed_pngs_match_the_dot_sources() -> None:
    assert is_up_to_date(), "diagram sources changed: run `make diagrams` and commit img/"


@pytest.mark.parametrize("name", sorted(DIAGRAMS))
def test_committed_png_is_a_real_picture(name: str) -> None:
    data = (ROOT / "img" / f"{name}.png").read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 10_000


@pytest.mark.parametrize("name", sorted(DIAGRAMS))
def test_every_diagram_has_a_text_alternative(name: str) -> None:
    diagram = DIAGRAMS[name]
    assert len(diagram.alt_text.split()) >= 30
    assert diagram.caption


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not installed")
def test_render_script_writes_fresh_pngs(tmp_path: Path) -> None:
    written = render(tmp_path)
    assert sorted(p.name for p in written) == sorted(d.png_name for d in DIAGRAMS.values())
    assert all(p.read_bytes().startswith(PNG_MAGIC) for p in written)
    assert is_up_to_date(tmp_path)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not installed")
@pytest.mark.parametrize("name", sorted(DIAGRAMS))
def test_dot_source_parses_without_warnings(name: str) -> None:
    result = subprocess.run(
        ["dot", "-Tsvg"], input=DIAGRAMS[name].dot.encode(), capture_output=True, check=True
    )
    assert result.stderr == b""


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("real-time", ["web address", "always-on container", "instant response"]),
        ("batch", ["collected", "scheduled job", "scale", "0 nodes", "files / database"]),
        ("frequency", ["score\\nnow", "collected data", "scheduled run"]),
    ],
)
def test_diagrams_show_what_the_lesson_says(name: str, words: list[str]) -> None:
    dot = DIAGRAMS[name].dot.lower()
    assert all(w.lower() in dot for w in words)
