"""Moodle GIFT import into the question bank, as Moodle's own parser reads it.

Every question is typed the way `question/format/gift/format.php` types it. Single and multiple
choice, true/false, short answer and numeric come in with their weights and feedback; matching,
essay, description and cloze questions, and questions Moodle itself would reject, are refused
with their line, type and reason. One pass, linear in the size of the file. Writing is
`writer.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from deploycore.quiz.bank import BankError
from deploycore.quiz.gift.syntax import (
    META_PREFIX,
    WEIGHT_PATTERN,
    Text,
    fold_escapes,
    parse_number_range,
    plain,
    text_format,
)
from deploycore.quiz.models import (
    FULL_WEIGHT,
    TOPICS,
    TRUE_FALSE_OPTION_IDS,
    Question,
    QuestionBank,
)
from deploycore.quiz.refusals import ImportResult, Refusal

DEFAULT_DIFFICULTY = "medium"
DEFAULT_KIND = "recall"
DEFAULT_TOPIC = "other"
BLANK = "_____"  # what Moodle puts where a missing-word answer block was

# Moodle's cloze (embedded answers) sub-question types: `{1:SHORTANSWER:=Berlin}`.
_CLOZE = re.compile(
    r"^\d*:(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|NUMERICAL|NM|MULTICHOICE\w*|MC\w*|"
    r"MULTIRESPONSE\w*|MR\w*):"
)
_CHOICE_MARKS = re.compile("[~=]")
_META_KEYS = {"id", "topic", "difficulty", "kind", "source", "unit", "option_ids", "name",
              "category", "case_sensitive"}  # fmt: skip


class GiftError(BankError):
    """A GIFT file with refused questions, when all or nothing is wanted."""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-")


@dataclass
class _Block:
    first_line: int
    lines: list[tuple[int, str]]
    meta: dict[str, Any] | None
    meta_line: int


@dataclass
class _Answer:
    text: str
    weight: float
    feedback: str
    line: int


class _Refused(Exception):
    """Raised inside one question once its problems are recorded; the question is skipped."""


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.refused: list[Refusal] = []
        self.category: str | None = None
        self.questions: list[Question] = []
        self.id_lines: dict[str, int] = {}
        self.next_suffix: dict[str, int] = {}
        self.question_line = 1
        self.kind = "unknown"
        self.failed = False

    # ----------------------------------------------------------------- reporting

    def refuse(self, line: int, reason: str) -> None:
        """Record a problem of the current question (it will not be imported)."""
        self.failed = True
        self.refused.append(
            Refusal(line=line, type=self.kind, reason=reason, question_line=self.question_line)
        )

    def stop(self, line: int, reason: str) -> _Refused:
        self.refuse(line, reason)
        return _Refused()

    # ----------------------------------------------------------------- blocks

    def blocks(self, text: str) -> list[_Block]:
        blocks: list[_Block] = []
        current: list[tuple[int, str]] = []
        meta: dict[str, Any] | None = None
        meta_line = 0
        for number, line in enumerate([*text.removeprefix("\ufeff").splitlines(), ""], 1):
            stripped = line.strip()
            if not stripped:
                if current:
                    blocks.append(_Block(current[0][0], current, meta, meta_line))
                current, meta, meta_line = [], None, 0
                continue
            if stripped.startswith("//"):
                if stripped.startswith(META_PREFIX.strip()):
                    meta, meta_line = self.meta(number, stripped[len(META_PREFIX.strip()) :])
                continue
            current.append((number, line))
        return blocks

    def meta(self, number: int, payload: str) -> tuple[dict[str, Any] | None, int]:
        self.question_line, self.kind = number, "unknown"
        try:
            loaded = json.loads(payload)
        except json.JSONDecodeError as error:
            self.refuse(number, f"deploycore metadata is not valid JSON: {error.msg}")
            return None, 0
        if not isinstance(loaded, dict):
            self.refuse(number, "deploycore metadata must be a JSON object")
            return None, 0
        return loaded, number

    def run(self, text: str) -> ImportResult:
        for block in self.blocks(text):
            self.question_line, self.kind, self.failed = block.first_line, "unknown", False
            try:
                self.read_block(block)
            except _Refused:
                continue
        return ImportResult(
            file=self.file, questions=tuple(self.questions), refused=tuple(self.refused)
        )

    # ----------------------------------------------------------------- one question

    def read_block(self, block: _Block) -> None:
        text = fold_escapes(block.lines).strip()
        if text.chars.startswith("$CATEGORY:"):
            self.kind = "category"
            if len(block.lines) > 1:
                raise self.stop(
                    block.lines[1][0],
                    "put a blank line after the $CATEGORY: line; Moodle reads the whole block "
                    "as the category name",
                )
            self.category = plain(text.cut(len("$CATEGORY:"))) or None
            return
        meta_id = self.claim_meta_id(block)
        title: str | None = None
        if text.chars.startswith("::"):
            text = text.cut(2)
            end = text.find("::")
            if end >= 0:  # an unclosed '::' is dropped and the rest is the text, as in Moodle
                title = plain(text.cut(0, end)) or None
                text = text.cut(end + 2).strip()
        open_at, close_at = text.find("{"), text.find("}")
        if open_at < 0 and close_at < 0:
            self.kind = "description"
            raise self.stop(block.first_line, "a description (no answer block {...}) has "
                            "nothing to answer or grade")  # fmt: skip
        if close_at < 0:
            raise self.stop(text.line_at(open_at), "'{' is never closed with '}'")
        if open_at < 0 or close_at < open_at:
            raise self.stop(text.line_at(close_at), "'}' without an opening '{' before it")
        if 0 <= text.find("{", open_at + 1) < close_at:
            raise self.stop(text.line_at(open_at), "answer block opened twice before '}'")
        after = text.cut(close_at + 1)
        stray = max(after.find("{"), after.find("}"))
        if stray >= 0:
            raise self.stop(after.line_at(stray), "only one answer block {...} per question")
        answers = text.cut(open_at + 1, close_at).strip()
        general = answers.cut(0, 0)
        separator = answers.chars.rfind("####")
        if separator >= 0:
            general = answers.cut(separator + 4)
            answers = answers.cut(0, separator).strip()
        # The prompt: the text around the block, a blank where a missing word was.
        before = text.cut(0, open_at)
        joined = before.with_chars(before.chars + BLANK + after.chars) if after.chars else before
        fmt = text_format(joined) or "moodle"
        prompt = plain(joined)
        block_line = text.line_at(open_at)
        self.kind = self.type_of(answers)
        if self.kind in ("essay", "matching", "cloze"):
            reasons = {
                "essay": "essay questions (empty {}) need a person to grade them",
                "matching": "matching questions are not offered here (no grid of selects in "
                "the live view)",
                "cloze": "cloze (embedded answers) questions cannot be graded here",
            }
            raise self.stop(block.first_line, reasons[self.kind])
        if not prompt:
            self.refuse(block.first_line, "the question has no text before its answer block")
        fields = self.answer_fields(answers, block_line)
        if self.failed:
            raise _Refused()
        self.build(block, meta_id, title, prompt, fmt, plain(general), fields)

    def type_of(self, answers: Text) -> str:
        """The question type, decided in Moodle's order."""
        chars = answers.chars
        if not chars:
            return "essay"
        if _CLOZE.match(chars):
            return "cloze"
        if chars.startswith("#"):
            return "numeric"
        if "~" in chars:
            return "single" if "=" in chars else "multiple"
        if "=" in chars and "->" in chars:
            return "matching"
        head = chars[: chars.find("#")].strip() if chars.find("#") > 0 else chars
        if head in ("T", "TRUE", "F", "FALSE"):
            return "true_false"
        return "short_answer"

    def answer_fields(self, answers: Text, line: int) -> dict[str, Any]:
        if self.kind == "numeric":
            return self.numeric(answers, line)
        if self.kind == "true_false":
            return self.true_false(answers)
        if self.kind == "short_answer":
            return self.options(self.weighted(answers.split("="), line, FULL_WEIGHT, 1))
        # Choice, as Moodle splits it: each "~" ends an answer, each "=" also starts one.
        pieces: list[Text] = []
        start = 0
        for match in _CHOICE_MARKS.finditer(answers.chars):
            pieces.append(answers.cut(start, match.start()))
            start = match.start() + (1 if match.group() == "~" else 0)
        pieces.append(answers.cut(start))
        return self.options(self.weighted(pieces, line, 0.0, 2))

    def weighted(self, pieces: list[Text], line: int, default: float, least: int) -> list[_Answer]:
        """Answers from pieces split on '~' or '=': weight, text and feedback of each."""
        if pieces and not pieces[0].strip().chars:
            pieces = pieces[1:]
        if len(pieces) < least:
            what = "a choice question needs at least two answers" if least > 1 else "no answer"
            raise self.stop(line, what)
        answers: list[_Answer] = []
        for raw in pieces:
            piece = raw.strip()
            at = piece.line_at(0)
            weight = default
            if piece.chars.startswith("=") and self.kind != "short_answer":
                weight, piece = FULL_WEIGHT, piece.cut(1)
            elif match := WEIGHT_PATTERN.match(piece.chars):
                try:
                    weight = float(match.group(1))
                except ValueError:
                    self.refuse(at, f"malformed answer weight %{match.group(1)}%")
                    continue
                piece = piece.cut(match.end())
            if not -FULL_WEIGHT <= weight <= FULL_WEIGHT:
                self.refuse(at, f"answer weight {weight:g}% is outside -100%..100%")
                continue
            text_part, *feedback = piece.split("#", 1)
            answer_text = plain(text_part)
            if not answer_text:
                self.refuse(at, "an answer has no text")
                continue
            answers.append(_Answer(answer_text, weight, plain(feedback[0]) if feedback else "", at))
        return answers

    def options(self, answers: list[_Answer]) -> dict[str, Any]:
        """Options with their weights (the model drops weights that are just its defaults)."""
        return {
            "options": [
                {"text": a.text, "weight": a.weight, "explanation": a.feedback} for a in answers
            ]
        }

    def true_false(self, answers: Text) -> dict[str, Any]:
        parts = answers.split("#", 2)
        value = parts[0].strip().chars in ("T", "TRUE")
        wrong = plain(parts[1]) if len(parts) > 1 else ""
        right = plain(parts[2]) if len(parts) > 2 else ""
        return {
            "options": [
                {"text": "True", "correct": value, "explanation": right if value else wrong},
                {"text": "False", "correct": not value, "explanation": wrong if value else right},
            ]
        }

    def numeric(self, answers: Text, line: int) -> dict[str, Any]:
        body = answers.cut(1)
        other = ""
        wrong_at = body.find("~")
        if wrong_at >= 0:
            rest = body.cut(wrong_at).split("#", 1)
            other = plain(rest[1]) if len(rest) > 1 else ""
            body = body.cut(0, wrong_at)
        pieces = body.split("=")
        if pieces and not pieces[0].strip().chars:
            pieces = pieces[1:]
        if not pieces:
            raise self.stop(line, "a numeric question needs an answer after '#'")
        numbers: list[dict[str, Any]] = []
        for answer in self.weighted(pieces, line, FULL_WEIGHT, 1):
            parsed = parse_number_range(answer.text)
            if parsed is None:
                self.refuse(
                    answer.line,
                    f"'{answer.text}' is not a number; write 72, 72:0.5 (value:tolerance) or "
                    "71.5..72.5",
                )
                continue
            value, tolerance = parsed
            number: dict[str, Any] = {"value": value, "tolerance": tolerance}
            if answer.weight != FULL_WEIGHT:
                number["weight"] = answer.weight
            if answer.feedback:
                number["feedback"] = answer.feedback
            numbers.append(number)
        if not numbers:
            return {}
        return {"numeric": numbers[0], "numeric_more": numbers[1:], "other_feedback": other}

    # ----------------------------------------------------------------- building

    def claim_meta_id(self, block: _Block) -> str | None:
        """The metadata id, claimed even if the question turns out invalid (so a second use is
        reported either way)."""
        meta_id = (block.meta or {}).get("id")
        if not isinstance(meta_id, str):
            return None
        if meta_id in self.id_lines:
            raise self.stop(
                block.meta_line,
                f"question id '{meta_id}' is already used on line {self.id_lines[meta_id]}",
            )
        self.id_lines[meta_id] = block.meta_line
        return meta_id

    def unique_id(self, base: str, line: int) -> str:
        if base not in self.id_lines:
            self.id_lines[base] = line
            return base
        suffix = self.next_suffix.get(base, 2)
        while (candidate := f"{base[:74]}-{suffix}") in self.id_lines:
            suffix += 1
        self.next_suffix[base] = suffix + 1
        self.id_lines[candidate] = line
        return candidate

    def build(
        self,
        block: _Block,
        meta_id: str | None,
        title: str | None,
        prompt: str,
        fmt: str,
        general: str,
        fields: dict[str, Any],
    ) -> None:
        meta = dict(block.meta or {})
        line = block.meta_line or block.first_line
        unknown = sorted(set(meta) - _META_KEYS)
        if unknown:
            raise self.stop(line, f"unknown deploycore metadata: {', '.join(unknown)}")
        if meta_id is not None:
            question_id = meta_id
        else:
            base = _slug(title or "") or _slug(prompt)[:40].rstrip("-")
            question_id = self.unique_id(base or f"gift-line-{block.first_line}", line)
        options = fields.get("options", [])
        option_ids = meta.get("option_ids")
        if self.kind == "true_false":
            option_ids = list(TRUE_FALSE_OPTION_IDS)
        elif option_ids is None:
            option_ids = [chr(ord("a") + i) if i < 26 else f"o{i}" for i in range(len(options))]
        if not isinstance(option_ids, list) or len(option_ids) != len(options):
            raise self.stop(line, f"option_ids lists {option_ids!r} for {len(options)} answers")
        for option, option_id in zip(options, option_ids, strict=True):
            option["id"] = option_id
        last = (self.category or "").rstrip("/").split("/")[-1].strip()
        data: dict[str, Any] = {
            "id": question_id,
            "topic": meta.get("topic", last if last in TOPICS else DEFAULT_TOPIC),
            "difficulty": meta.get("difficulty", DEFAULT_DIFFICULTY),
            "kind": meta.get("kind", DEFAULT_KIND),
            "type": self.kind,
            "prompt": prompt,
            "explanation": general,
            "text_format": fmt,
            **fields,
        }
        if block.meta is None:
            data["name"] = title if title != question_id else None
            data["category"] = self.category
        else:
            data["name"] = meta.get("name")
            data["category"] = meta.get("category")
        for key in ("source", "case_sensitive"):
            if key in meta:
                data[key] = meta[key]
        if self.kind == "numeric" and "unit" in meta and "numeric" in data:
            data["numeric"] = {**data["numeric"], "unit": meta["unit"]}
        try:
            question = Question.model_validate(data)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                where = ".".join(str(part) for part in detail["loc"])
                message = detail["msg"].removeprefix("Value error, ")
                self.refuse(line, f"{where}: {message}" if where else message)
            raise _Refused() from None
        self.questions.append(question)


def read_gift(text: str, file: str = "<gift>") -> ImportResult:
    """Every question of GIFT text that can be graded here, and every refused one with its
    line, type and reason.

    Without deploycore metadata, ids come from the `::title::` (made unique), the topic from a
    `$CATEGORY:` whose last part is a topic slug (else "other"), difficulty "medium" and kind
    "recall"; the title and category themselves are kept. Nothing is invented: feedback the
    file does not have stays empty.
    """
    return _Reader(file).run(text)


def import_gift(text: str, file: str = "<gift>") -> QuestionBank:
    """`read_gift`, all or nothing: GiftError lists every problem when anything is refused."""
    result = read_gift(text, file)
    if result.refused:
        raise GiftError(result.problems())
    return result.bank
