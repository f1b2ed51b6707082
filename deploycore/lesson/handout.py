"""The printable handout: the whole lesson on one self-contained HTML page (every step, its
diagram embedded as a data URI, the seed's knowledge check with answers at the end).

Only the lesson's own constant text reaches the page: step bodies go through markdown-it with
raw HTML switched off, and everything else is escaped.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt

from deploycore.lesson.diagrams import DIAGRAMS
from deploycore.lesson.steps import LESSON_TITLE, SEED_QUESTIONS, STEPS, LessonStep, SeedQuestion

HANDOUT_FILE_NAME = "deployment-lesson-handout.html"

# Print CSS: A4 margins, no diagram or question split across pages, links printed plainly.
_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5;
  color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.9rem; } h2 { font-size: 1.35rem; margin-top: 2rem; }
.section { color: #555; font-size: 0.9rem; margin: 0; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; max-height: 16cm; }
figcaption { color: #444; font-size: 0.9rem; }
.alt { font-size: 0.85rem; color: #333; }
table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: 0.2rem 0.5rem; }
blockquote { border-left: 4px solid #999; margin-left: 0; padding-left: 1rem; }
.question { break-inside: avoid; page-break-inside: avoid; }
.answer { font-weight: 600; }
@page { size: A4; margin: 18mm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _data_uri(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def _step_html(number: int, step: LessonStep, img_dir: Path, md: MarkdownIt) -> str:
    parts = [
        f'<section id="{html.escape(step.slug)}">',
        f'<p class="section">{html.escape(step.seed_section)}</p>',
        f"<h2>{number}. {html.escape(step.title)}</h2>",
        md.render(step.body_markdown),
    ]
    if step.diagram is not None:
        diagram = DIAGRAMS[step.diagram]
        parts.append(
            f'<figure><img src="{_data_uri(img_dir / diagram.png_name)}" '
            f'alt="{html.escape(diagram.alt_text)}">'
            f"<figcaption>{html.escape(diagram.caption)}</figcaption>"
            f'<p class="alt">Text description: {html.escape(diagram.alt_text)}</p></figure>'
        )
    parts.append("</section>")
    return "\n".join(parts)


def _question_html(number: int, question: SeedQuestion) -> str:
    options = "".join(
        f"<li>{html.escape(option)}{' (correct)' if i == question.correct_index else ''}</li>"
        for i, option in enumerate(question.options)
    )
    right = html.escape(question.options[question.correct_index])
    why = html.escape(question.explanation.removeprefix("Correct. "))  # the app's feedback
    return (
        f'<div class="question"><p><strong>{number}. {html.escape(question.prompt)}</strong></p>'
        f'<ol type="a">{options}</ol>'
        f'<p class="answer">Answer: {right}. {why}</p></div>'
    )


def handout_html(
    img_dir: Path,
    steps: Sequence[LessonStep] = STEPS,
    questions: Sequence[SeedQuestion] = SEED_QUESTIONS,
) -> str:
    """The lesson as one printable HTML page; the diagrams' PNGs are read from `img_dir`."""
    md = _markdown()
    body = [_step_html(n, step, img_dir, md) for n, step in enumerate(steps, start=1)]
    checks = [_question_html(n, q) for n, q in enumerate(questions, start=1)]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(LESSON_TITLE)}: handout</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(LESSON_TITLE)}</h1>"
        "<p>The whole lesson on one page, for printing or reading offline.</p>"
        + "\n".join(body)
        + '<section id="answers"><h2>Knowledge check: questions and answers</h2>'
        + "\n".join(checks)
        + "</section></body></html>\n"
    )
