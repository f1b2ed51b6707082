"""Show one of the lesson's diagrams, live from its DOT source, with its text alternative."""

from __future__ import annotations

import streamlit as st

from components.layout import presenter_mode_on
from deploycore.lesson.diagrams import DIAGRAMS, DiagramName


def show_diagram(name: DiagramName) -> None:
    """Render the diagram in the browser (no Graphviz binary needed) plus caption and alt text."""
    diagram = DIAGRAMS[name]
    with st.container(key=f"diagram-{name}"):
        fixed = diagram.display_width_px
        width: int | str = "stretch" if fixed is None or presenter_mode_on() else fixed
        st.graphviz_chart(diagram.dot, width=width, alt=diagram.alt_text)  # type: ignore[arg-type]
        st.caption(diagram.caption)
        with st.expander("Text description of this diagram"):
            st.write(diagram.alt_text)
