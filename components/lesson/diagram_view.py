"""One of the lesson's diagrams: the committed picture under img/, with its text alternative."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

import streamlit as st

from components.layout import presenter_mode_on
from deploycore.lesson.diagrams import DIAGRAMS, DiagramName

IMG = Path(__file__).resolve().parent.parent.parent / "img"


@lru_cache(maxsize=8)
def _inline_png(path: Path, stamp: tuple[int, int]) -> str:
    del stamp  # part of the cache key only: a redrawn picture is read again
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def picture_url(path: Path) -> str:
    """A committed PNG as a `data:` address, read once per file version.

    Given a file, `st.image` opens it with Pillow on every run and, when it is wider than the
    shown width, resizes and re-encodes it: 100-130 ms a run for the batch and frequency
    diagrams. A `data:` address is passed to the browser as it is, which scales the picture.
    """
    stat = path.stat()
    return _inline_png(path, (stat.st_mtime_ns, stat.st_size))


def show_diagram(name: DiagramName) -> None:
    """The diagram's PNG (drawn from its DOT source by `make diagrams`), caption and alt text.

    A picture, not `st.graphviz_chart`: the browser then needs no 770 kB Graphviz bundle and no
    WebAssembly layout before the lesson step is complete (see the README's speed section).
    """
    diagram = DIAGRAMS[name]
    with st.container(key=f"diagram-{name}"):
        fixed = diagram.display_width_px
        width: int | str = "stretch" if fixed is None or presenter_mode_on() else fixed
        st.image(picture_url(IMG / diagram.png_name), width=width, alt=diagram.alt_text)  # type: ignore[arg-type]
        st.caption(diagram.caption)
        with st.expander("Text description of this diagram"):
            st.write(diagram.alt_text)
