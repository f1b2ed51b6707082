"""Moodle GIFT export of the question bank: files Moodle imports, one category per topic.

The bank's own fields (id, topic, difficulty, kind, option ids, unit) travel in a
`// deploycore {...}` comment line that Moodle ignores, so our exports round-trip exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from deploycore.quiz.gift.syntax import META_PREFIX, format_number
from deploycore.quiz.models import Question, QuestionBank

CATEGORY_ROOT = "Deployment decisions"


def _escape(text: str) -> str:
    escaped = text.replace("\\", "\\\\")
    for char in ":#={}~":
        escaped = escaped.replace(char, "\\" + char)
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # A leading % would read as an answer weight (%50%): escape it.
    escaped = re.sub(r"^(\s*)%", r"\1\\%", escaped)
    return f"[markdown]{escaped}" if escaped.startswith("[") else escaped


def _weight(percent: float) -> str:
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def export_gift(bank: QuestionBank | Sequence[Question]) -> str:
    """GIFT text for these questions, Moodle-importable, grouped under per-topic categories."""
    questions = bank.questions if isinstance(bank, QuestionBank) else tuple(bank)
    out = [
        "// Exported from the deployment-decisions question bank.",
        "// Lines starting with '// deploycore' keep the bank's own fields; Moodle ignores them.",
        "",
    ]
    category: str | None = None
    for question in questions:
        if question.topic != category:
            category = question.topic
            out += [f"$CATEGORY: {CATEGORY_ROOT}/{category}", ""]
        meta: dict[str, Any] = {
            "id": question.id,
            "topic": question.topic,
            "difficulty": question.difficulty,
            "kind": question.kind,
        }
        if question.source is not None:
            meta["source"] = question.source
        if question.type in ("single", "multiple"):
            meta["option_ids"] = [option.id for option in question.options]
        if question.numeric is not None and question.numeric.unit:
            meta["unit"] = question.numeric.unit
        out.append(META_PREFIX + json.dumps(meta, ensure_ascii=False))
        out.append(f"::{_escape(question.id)}::{_escape(question.prompt)}{{")
        out.extend(_answer_lines(question))
        out.append(f"\t####{_escape(question.explanation)}")
        out += ["}", ""]
    return "\n".join(out)


def _answer_lines(question: Question) -> list[str]:
    if question.type == "numeric":
        assert question.numeric is not None
        answer = question.numeric
        return [f"\t#{format_number(answer.value)}:{format_number(answer.tolerance)}"]
    if question.type == "true_false":
        right = next(option for option in question.options if option.correct)
        wrong = next(option for option in question.options if not option.correct)
        mark = "TRUE" if right.id == "true" else "FALSE"
        return [f"\t{mark}#{_escape(wrong.explanation)}#{_escape(right.explanation)}"]
    lines: list[str] = []
    right_count = len(question.correct_option_ids)
    wrong_count = len(question.options) - right_count
    for option in question.options:
        if question.type == "single":
            prefix = "=" if option.correct else "~"
        elif option.correct:
            prefix = "~" + _weight(100 / right_count)
        else:
            prefix = "~" + _weight(-100 / wrong_count)
        lines.append(f"\t{prefix}{_escape(option.text)}#{_escape(option.explanation)}")
    return lines
