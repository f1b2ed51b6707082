"""Read server-rendered prose (`components.prose`, shown with `st.html`) back as text.

Block elements start a new line: headings as `### ...`, list items as `- ...`, paragraphs
separated by a blank line; inline tags are dropped, entities resolved. Style and script
elements (the app's constant CSS) are skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest

from deploycore.infra.prose import ICON_CLASS

_SKIPPED = {"style", "script"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in {"h1", "h2", "h3", "h4"}:
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "p":
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "span" and ("class", ICON_CLASS) in attrs:
            self._skipping += 1  # an icon's ligature name is not text a person reads

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED or tag == "span" and self._skipping:
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def prose_text(html: str) -> str:
    """The text of one piece of prose, blocks on their own lines (see the module's docstring)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).strip()
    lines = [re.sub(" {2,}", " ", line.strip()) for line in text.split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return joined.replace("\n\n- ", "\n- ").strip()


def prose_of(at: AppTest) -> list[str]:
    """Every server-rendered prose element on the page, as text (the constant CSS left out)."""
    texts = [prose_text(str(element.value)) for element in at.get("html")]
    return [text for text in texts if text]
