"""Moodle GIFT import into the question bank.

Reads the GIFT subset that maps onto the bank's types (single and multiple choice, true/false,
numeric); a file with any problem is refused whole, with line numbers. Writing is `writer.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from deploycore.quiz.bank import BankError, Problem
from deploycore.quiz.gift.syntax import (
    META_PREFIX,
    Text,
    fold_escapes,
    format_number,
    parse_number_range,
    plain,
)
from deploycore.quiz.models import TOPICS, TRUE_FALSE_OPTION_IDS, Question, QuestionBank

DEFAULT_DIFFICULTY = "medium"
DEFAULT_KIND = "recall"
DEFAULT_TOPIC = "other"

_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


class GiftError(BankError):
    """A GIFT file that cannot be imported; nothing from it is used."""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-")


@dataclass
class _Block:
    first_line: int
    lines: list[tuple[int, str]]
    meta: dict[str, Any] | None
    meta_line: int


class _Importer:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.category_topic: str | None = None
        self.questions: list[Question] = []
        self.used_ids: set[str] = set()

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(file=self.file, line=line, reason=reason))

    def blocks(self, text: str) -> list[_Block]:
        blocks: list[_Block] = []
        current: list[tuple[int, str]] = []
        meta: dict[str, Any] | None = None
        meta_line = 0
        for number, line in enumerate([*text.splitlines(), ""], start=1):
            stripped = line.strip()
            if not stripped:
                if current:
                    blocks.append(_Block(current[0][0], current, meta, meta_line))
                current, meta, meta_line = [], None, 0
                continue
            if stripped.startswith("//"):
                if stripped.startswith(META_PREFIX.strip()):
                    payload = stripped[len(META_PREFIX.strip()) :].strip()
                    try:
                        loaded = json.loads(payload)
                    except json.JSONDecodeError as error:
                        self.problem(number, f"deploycore metadata is not valid JSON: {error.msg}")
                        continue
                    if not isinstance(loaded, dict):
                        self.problem(number, "deploycore metadata must be a JSON object")
                        continue
                    meta, meta_line = loaded, number
                continue
            current.append((number, line))
        return blocks

    def run(self, text: str) -> QuestionBank:
        for block in self.blocks(text):
            self.read_block(block)
        if self.problems:
            raise GiftError(sorted(self.problems, key=lambda p: p.line))
        return QuestionBank(questions=tuple(self.questions))

    def read_block(self, block: _Block) -> None:
        text = fold_escapes(block.lines).strip()
        if text.chars.startswith("$CATEGORY:"):
            if len(block.lines) > 1:
                self.problem(
                    block.lines[1][0],
                    "put a blank line after the $CATEGORY: line; Moodle reads the whole block "
                    "as the category name",
                )
                return
            last = plain(text.cut(len("$CATEGORY:"))).rstrip("/").split("/")[-1].strip()
            self.category_topic = last if last in TOPICS else None
            return
        title: str | None = None
        if text.chars.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                self.problem(block.first_line, "question title opened with '::' is never closed")
                return
            title = plain(text.cut(2, end))
            text = text.cut(end + 2).strip()
        open_at, close_at = text.find("{"), text.find("}")
        if open_at < 0 and close_at < 0:
            self.problem(
                block.first_line,
                "no answer block {...}: descriptions without answers cannot be imported",
            )
            return
        if close_at < 0:
            self.problem(text.line_at(open_at), "'{' is never closed with '}'")
            return
        if open_at < 0 or close_at < open_at:
            self.problem(text.line_at(close_at), "'}' without an opening '{' before it")
            return
        if 0 <= text.find("{", open_at + 1) < close_at:
            self.problem(text.line_at(open_at), "answer block opened twice before '}'")
            return
        after = text.cut(close_at + 1).strip()
        if after.find("{") >= 0 or after.find("}") >= 0:
            at = close_at + 1 + max(after.find("{"), after.find("}"))
            self.problem(text.line_at(at), "only one answer block {...} per question")
            return
        prompt_text = text.cut(0, open_at).strip()
        prompt = plain(prompt_text)
        if after.chars:
            prompt = f"{prompt} _____ {plain(after)}".strip()
        answers = text.cut(open_at + 1, close_at).strip()
        general = ""
        separator = answers.chars.rfind("####")
        if separator >= 0:
            general = plain(answers.cut(separator + 4))
            answers = answers.cut(0, separator).strip()
        block_line = text.line_at(open_at)
        if not prompt:
            self.problem(block.first_line, "the question has no text before its answer block")
            return
        fields: dict[str, Any] | None
        if not answers.chars:
            self.problem(block_line, "essay questions (empty {}) cannot be imported")
            return
        if answers.chars.startswith("#"):
            fields = self.numeric(answers, general)
        elif "~" in answers.chars:
            fields = self.choice(answers, general)
        elif "=" in answers.chars and "->" in answers.chars:
            self.problem(block_line, "matching questions cannot be imported")
            return
        elif answers.chars.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
            fields = self.true_false(answers, general)
        else:
            self.problem(
                block_line,
                "short-answer questions cannot be imported (supported: single and multiple "
                "choice, true/false, numeric)",
            )
            return
        if fields is None:
            return
        self.build(block, title, prompt, fields)

    def choice(self, answers: Text, general: str) -> dict[str, Any] | None:
        has_equals = "=" in answers.chars
        # As Moodle does: every "=" also starts an answer, so mark it with a "~" first.
        chars: list[str] = []
        lines: list[int] = []
        for char, line in zip(answers.chars, answers.lines, strict=True):
            if char == "=":
                chars.append("~")
                lines.append(line)
            chars.append(char)
            lines.append(line)
        pieces = Text("".join(chars), lines).split("~")
        if pieces[0].strip().chars:
            self.problem(pieces[0].line_at(0), "text before the first answer ('=' or '~')")
            return None
        pieces = pieces[1:]
        if len(pieces) < 2:
            self.problem(answers.line_at(0), "a choice question needs at least two answers")
            return None
        options: list[dict[str, Any]] = []
        ok = True
        for raw_piece in pieces:
            piece = raw_piece.strip()
            line = piece.line_at(0)
            weight = 0.0
            body = piece
            if piece.chars.startswith("="):
                weight = 100.0
                body = piece.cut(1).strip()
            match = _WEIGHT.match(body.chars)
            if match:
                if piece.chars.startswith("="):
                    self.problem(line, "an answer cannot have both '=' and a %weight%")
                    ok = False
                    continue
                weight = float(match.group(1))
                body = body.cut(match.end())
            elif body.chars.startswith("%"):
                self.problem(line, "malformed answer weight: write it as %50% or %-100%")
                ok = False
                continue
            if not -100.0 <= weight <= 100.0:
                self.problem(line, f"answer weight {weight:g}% is outside -100%..100%")
                ok = False
                continue
            text_part, *feedback = body.split("#", 1)
            answer_text = plain(text_part)
            if not answer_text:
                self.problem(line, "an answer has no text")
                ok = False
                continue
            options.append(
                {
                    "text": answer_text,
                    "weight": weight,
                    "feedback": plain(feedback[0]) if feedback else "",
                    "line": line,
                }
            )
        if not ok:
            return None
        if has_equals:
            right = [option for option in options if option["weight"] >= 100.0]
            if len(right) != 1:
                self.problem(
                    answers.line_at(0),
                    f"{len(right)} answers are marked '='; a single-choice question has one "
                    "(use ~%50% weights for a question with several right answers)",
                )
                return None
            kind = "single"
            for option in options:
                option["correct"] = option["weight"] >= 100.0
        else:
            kind = "multiple"
            for option in options:
                option["correct"] = option["weight"] > 0
            if not any(option["correct"] for option in options):
                self.problem(answers.line_at(0), "no answer is marked right ('=' or a % > 0)")
                return None
        named = [f"“{o['text']}”" for o in options if o["correct"]]
        right_text = (
            f"the right answer is {named[0]}"
            if len(named) == 1
            else f"the right answers are {', '.join(named)}"
        )
        return {
            "type": kind,
            "options": [
                {
                    "text": option["text"],
                    "correct": option["correct"],
                    "explanation": option["feedback"]
                    or ("Correct." if option["correct"] else f"Incorrect: {right_text}."),
                }
                for option in options
            ],
            "explanation": general or f"{right_text[0].upper()}{right_text[1:]}.",
        }

    def true_false(self, answers: Text, general: str) -> dict[str, Any] | None:
        parts = answers.split("#", 2)
        value = parts[0].strip().chars in ("T", "TRUE")
        wrong = plain(parts[1]) if len(parts) > 1 else ""
        right = plain(parts[2]) if len(parts) > 2 else ""
        answer = "True" if value else "False"
        right = right or "Correct."
        wrong = wrong or f"Incorrect. The statement is {answer.lower()}."
        return {
            "type": "true_false",
            "options": [
                {"text": "True", "correct": value, "explanation": right if value else wrong},
                {"text": "False", "correct": not value, "explanation": wrong if value else right},
            ],
            "explanation": general or f"The statement is {answer.lower()}.",
        }

    def numeric(self, answers: Text, general: str) -> dict[str, Any] | None:
        body = answers.cut(1)
        wrong_at = body.find("~")
        if wrong_at >= 0:
            body = body.cut(0, wrong_at)
        pieces = [p for p in (p.strip() for p in body.split("=")) if p.chars]
        if not pieces:
            self.problem(answers.line_at(0), "a numeric question needs an answer after '#'")
            return None
        chosen: tuple[float, float, str] | None = None
        for piece in pieces:
            line = piece.line_at(0)
            weight = 100.0
            match = _WEIGHT.match(piece.chars)
            rest = piece
            if match:
                weight = float(match.group(1))
                rest = piece.cut(match.end())
            number_part, *feedback = rest.split("#", 1)
            raw = plain(number_part)
            parsed = parse_number_range(raw)
            if parsed is None:
                self.problem(
                    line,
                    f"'{raw}' is not a number; write 72, 72:0.5 (value:tolerance) or 71.5..72.5",
                )
                return None
            if weight >= 100.0 and chosen is None:
                chosen = (*parsed, plain(feedback[0]) if feedback else "")
        if chosen is None:
            self.problem(answers.line_at(0), "no numeric answer has full credit")
            return None
        value, tolerance, feedback_text = chosen
        shown = (
            f"{format_number(value)} (± {format_number(tolerance)})"
            if tolerance
            else format_number(value)
        )
        return {
            "type": "numeric",
            "numeric": {"value": value, "tolerance": tolerance},
            "explanation": general or feedback_text or f"The answer is {shown}.",
        }

    def build(self, block: _Block, title: str | None, prompt: str, fields: dict[str, Any]) -> None:
        meta = dict(block.meta or {})
        line = block.meta_line or block.first_line
        known = {"id", "topic", "difficulty", "kind", "source", "unit", "option_ids"}
        unknown = sorted(set(meta) - known)
        if unknown:
            self.problem(line, f"unknown deploycore metadata: {', '.join(unknown)}")
            return
        wanted = meta.get("id") or _slug(title or "") or _slug(prompt)[:40].rstrip("-")
        base = str(wanted) or f"gift-line-{block.first_line}"
        question_id, suffix = base, 2
        while question_id in self.used_ids:
            question_id, suffix = f"{base[:75]}-{suffix}", suffix + 1
        options = fields.get("options", [])
        option_ids = meta.get("option_ids")
        if fields["type"] == "true_false":
            option_ids = list(TRUE_FALSE_OPTION_IDS)
        elif option_ids is None:
            option_ids = [chr(ord("a") + i) if i < 26 else f"o{i}" for i in range(len(options))]
        if not isinstance(option_ids, list) or len(option_ids) != len(options):
            self.problem(line, f"option_ids lists {option_ids!r} for {len(options)} answers")
            return
        for option, option_id in zip(options, option_ids, strict=True):
            option["id"] = option_id
        data: dict[str, Any] = {
            "id": question_id,
            "topic": meta.get("topic", self.category_topic or DEFAULT_TOPIC),
            "difficulty": meta.get("difficulty", DEFAULT_DIFFICULTY),
            "kind": meta.get("kind", DEFAULT_KIND),
            "prompt": prompt,
            **fields,
        }
        if "source" in meta:
            data["source"] = meta["source"]
        if fields["type"] == "numeric" and "unit" in meta:
            data["numeric"] = {**data["numeric"], "unit": meta["unit"]}
        try:
            question = Question.model_validate(data)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                where = ".".join(str(part) for part in detail["loc"])
                message = detail["msg"].removeprefix("Value error, ")
                self.problem(line, f"{where}: {message}" if where else message)
            return
        self.used_ids.add(question.id)
        self.questions.append(question)


def import_gift(text: str, file: str = "<gift>") -> QuestionBank:
    """Questions from GIFT text. Raises GiftError listing every problem; imports all or none.

    Without deploycore metadata, ids come from the `::title::` (made unique), the topic from a
    `$CATEGORY:` whose last part is a topic slug (else "other"), difficulty "medium", kind
    "recall", and answers without feedback get a short one naming the right answer.
    """
    return _Importer(file).run(text)
