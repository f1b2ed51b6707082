"""Moodle GIFT export of the question bank: files Moodle imports, under each question's category.

Weights, feedback, names, categories and text formats are written as Moodle writes them; only
what the bank holds is written (no invented feedback). The bank's own fields (id, topic,
difficulty, kind, option ids, unit, case switch) travel in a `// deploycore {...}` comment line
that Moodle ignores, so our exports round-trip exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from deploycore.quiz.gift.syntax import META_PREFIX, WEIGHT_PATTERN, format_number
from deploycore.quiz.models import FULL_WEIGHT, TEXT_FORMATS, Option, Question, QuestionBank

CATEGORY_ROOT = "Deployment decisions"


def category_of(question: Question) -> str:
    """The Moodle category a question goes to: its own, else one per topic."""
    return question.category or f"{CATEGORY_ROOT}/{question.topic}"


def escape(text: str) -> str:
    """Text with GIFT's control characters escaped, on one line (Moodle's `repchar`)."""
    escaped = text.replace("\\", "\\\\")
    for char in ":#={}~":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _formatted(text: str, text_format: str, own_format: bool = False) -> str:
    """Escaped text; its format marker first when it has its own format (a question's text)
    or when the text would otherwise read as a marker."""
    looks_like_marker = any(text.startswith(f"[{name}]") for name in TEXT_FORMATS)
    marked = looks_like_marker or (own_format and text_format != "moodle")
    return (f"[{text_format}]" if marked else "") + escape(text)


def _weight(percent: float, exact: bool) -> str:
    """`%50%`: exact weights in plain decimals (Moodle reads no exponent), defaults to 5 places."""
    if exact:
        text = format(Decimal(repr(float(percent))), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def export_gift(bank: QuestionBank | Sequence[Question]) -> str:
    """GIFT text for these questions, Moodle-importable, grouped under their categories."""
    questions = bank.questions if isinstance(bank, QuestionBank) else tuple(bank)
    out = [
        "// Exported from the deployment-decisions question bank.",
        "// Lines starting with '// deploycore' keep the bank's own fields; Moodle ignores them.",
        "",
    ]
    category: str | None = None
    for question in questions:
        if category_of(question) != category:
            category = category_of(question)
            out += [f"$CATEGORY: {category}", ""]
        out.append(META_PREFIX + json.dumps(_meta(question), ensure_ascii=False))
        prompt = _formatted(question.prompt, question.text_format, own_format=True)
        out.append(f"::{escape(question.name or question.id)}::{prompt}{{")
        out.extend(_answer_lines(question))
        if question.explanation:
            out.append(f"\t####{_formatted(question.explanation, question.text_format)}")
        out += ["}", ""]
    return "\n".join(out)


def _meta(question: Question) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": question.id,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "kind": question.kind,
    }
    if question.source is not None:
        meta["source"] = question.source
    if question.type in ("single", "multiple", "short_answer"):
        meta["option_ids"] = [option.id for option in question.options]
    if question.numeric is not None and question.numeric.unit:
        meta["unit"] = question.numeric.unit
    for key in ("name", "category"):
        if getattr(question, key) is not None:
            meta[key] = getattr(question, key)
    if question.case_sensitive:
        meta["case_sensitive"] = True
    return meta


def _feedback(text: str, text_format: str) -> str:
    return f"#{_formatted(text, text_format)}" if text else ""


def _answer_lines(question: Question) -> list[str]:
    fmt = question.text_format
    if question.type == "numeric":
        entries = []
        for answer in question.numeric_answers:
            weight = _weight(answer.weight, True) if answer.weight != FULL_WEIGHT else ""
            number = f"{format_number(answer.value)}:{format_number(answer.tolerance)}"
            entries.append(f"={weight}{number}{_feedback(answer.feedback, fmt)}")
        if len(entries) == 1:  # `{#72:0.5}`; several answers go one per line after `{#`
            lines = [f"\t#{entries[0][1:]}"]
        else:
            lines = ["\t#", *(f"\t{entry}" for entry in entries)]
        if question.other_feedback:
            lines.append(f"\t~{_feedback(question.other_feedback, fmt)}")
        return lines
    if question.type == "true_false":
        right = next(option for option in question.options if option.correct)
        wrong = next(option for option in question.options if not option.correct)
        mark = "TRUE" if right.id == "true" else "FALSE"
        text = mark + (
            f"#{_formatted(wrong.explanation, fmt)}" if wrong.explanation else
            ("#" if right.explanation else "")
        ) + _feedback(right.explanation, fmt)  # fmt: skip
        return [f"\t{text}"]
    return [
        f"\t{_prefix(question, option)}{_formatted(option.text, fmt)}"
        f"{_feedback(option.explanation, fmt)}"
        for option in question.options
    ]


def _prefix(question: Question, option: Option) -> str:
    """`=`, `~`, `~%w%` or `=%w%` before an answer, so Moodle reads the same weight and text."""
    weight = question.weight_of(option)
    exact = option.weight is not None
    starts_like_weight = WEIGHT_PATTERN.match(option.text) is not None
    if question.type == "short_answer":
        full = weight == FULL_WEIGHT and not starts_like_weight
        return "=" if full else f"={_weight(weight, exact)}"
    if question.type == "single" and weight == FULL_WEIGHT:
        return "="  # Moodle reads no weight after '=', so a leading % is plain text there
    if weight == 0 and not starts_like_weight:
        return "~"
    return f"~{_weight(weight, exact)}"
