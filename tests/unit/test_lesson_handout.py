"""The printable handout holds the whole lesson: every step, every diagram, both questions."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

from deploycore.lesson.diagrams import DIAGRAMS
from deploycore.lesson.handout import handout_html
from deploycore.lesson.steps import SEED_QUESTIONS, STEPS
from tests.e2e.helpers import ROOT

IMG = ROOT / "img"


class _Page(HTMLParser):
    """Headings' text and every <img>'s attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._in_heading = True
            self.headings.append("")
        elif tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_heading:
            self.headings[-1] += data


def _parsed() -> _Page:
    page = _Page()
    page.feed(handout_html(IMG))
    return page


def test_every_step_title_in_order() -> None:
    headings = _parsed().headings
    assert headings[: len(STEPS)] == [f"{n}. {s.title}" for n, s in enumerate(STEPS, start=1)]
    assert headings[-1] == "Knowledge check: questions and answers"  # at the end


def test_every_diagram_is_embedded_with_its_text_alternative() -> None:
    images = _parsed().images
    used = [DIAGRAMS[s.diagram] for s in STEPS if s.diagram is not None]
    assert len(images) == len(used) >= 3
    for image, diagram in zip(images, used, strict=True):
        src = image["src"] or ""
        assert src.startswith("data:image/png;base64,")  # self-contained: no other request
        assert base64.b64decode(src.split(",", 1)[1]) == (IMG / diagram.png_name).read_bytes()
        assert image["alt"] == diagram.alt_text


def test_both_knowledge_check_questions_with_their_answers_at_the_end() -> None:
    text = " ".join(_parsed().text)
    answers_at = text.index("Knowledge check: questions and answers")
    assert len(SEED_QUESTIONS) == 2
    for question in SEED_QUESTIONS:
        assert text.index(question.prompt) > answers_at
        right = question.options[question.correct_index]
        assert f"Answer: {right}. {question.explanation.removeprefix('Correct. ')}" in text
        assert all(option in text for option in question.options)


def test_step_bodies_are_rendered_and_nothing_is_fetched_from_elsewhere() -> None:
    page = handout_html(IMG)
    assert "<strong>real-time</strong>" in page and "<li>" in page  # markdown became HTML
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert html.escape("<script") not in page and "<script" not in page
