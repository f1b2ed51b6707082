"""One of the lesson's diagrams: the committed picture under img/, with its text alternative."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.layout import presenter_mode_on
from deploycore.lesson.diagrams import DIAGRAMS, DiagramName

IMG = Path(__file__).resolve().parent.parent.parent / "img"


def show_diagram(name: DiagramName) -> None:
    """The diagram's PNG (drawn from its DOT source by `make diagrams`), caption and alt text.

    A picture, not `st.graphviz_chart`: the browser then needs no 770 kB Graphviz bundle and no
    WebAssembly layout before the lesson step is complete (see the README's speed section).
    """
    diagram = DIAGRAMS[name]
    with st.container(key=f"diagram-{name}"):
        fixed = diagram.display_width_px
        width: int | str = "stretch" if fixed is None or presenter_mode_on() else fixed
        st.image(str(IMG / diagram.png_name), width=width, alt=diagram.alt_text)  # type: ignore[arg-type]
        st.caption(diagram.caption)
        with st.expander("Text description of this diagram"):
            st.write(diagram.alt_text)
