"""Loading question banks from YAML, with every problem reported as file, line and reason.

Reads and validates files (data/questions/*.yaml by default) and writes them back; it does
not grade, store or render anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from deploycore.infra.settings import ROOT
from deploycore.quiz.models import Question, QuestionBank

DEFAULT_BANK_DIR = ROOT / "data" / "questions"
# libyaml's loader when it is there (linear and fast); the same nodes and marks either way.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Problem(BaseModel):
    """One thing wrong with a bank file: where (1-based line) and why, in words."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class BankError(ValueError):
    """A bank file (or set of files) that cannot be loaded; nothing from it is used."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, key: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def _node_at(node: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """The deepest node along `loc` (a pydantic error location) that exists in the file."""
    for key in loc:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return node


def _duplicate_keys(node: yaml.Node, file: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                problems.append(
                    Problem(file=file, line=_line(key_node), reason=f"key '{key}' appears twice")
                )
            seen.add(key)
            problems.extend(_duplicate_keys(value_node, file))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(item, file))
    return problems


def _where(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _compose(text: str, file: str) -> tuple[yaml.Node | None, Any, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        reason = f"not valid YAML: {error.problem or error.context}"
        return None, None, [Problem(file=file, line=line, reason=reason)]
    except yaml.YAMLError as error:
        return None, None, [Problem(file=file, line=1, reason=f"not valid YAML: {error}")]
    finally:
        loader.dispose()
    return node, data, []


def parse_bank(text: str, file: str = "<text>") -> QuestionBank:
    """Validate a bank written as YAML (`questions:` followed by a list of questions).

    Raises BankError with every problem found (not only the first); nothing is returned
    from a file with any problem.
    """
    return _parse(text, file)[0]


UNREADABLE = "unreadable"  # the type of a problem that keeps the whole file from being read


class ItemProblem(BaseModel):
    """A problem of one question item of a YAML file (or of the file, with index None)."""

    model_config = ConfigDict(frozen=True)

    problem: Problem
    type: str = "unknown"
    item_line: int = 1


def parse_items(text: str, file: str) -> tuple[list[Question], dict[str, int], list[ItemProblem]]:
    """Every valid question of a YAML bank, the line of each id, and every problem.

    One pass: a question id used twice is reported even when its first use is invalid. A file
    that is not a YAML mapping with a `questions:` list has only file-level problems.
    """
    node, data, fatal = _compose(text, file)
    if fatal:
        return [], {}, [ItemProblem(problem=p, type=UNREADABLE) for p in fatal]
    if node is None or not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        line = _line(node) if node is not None else 1
        reason = "expected a mapping with a `questions:` list"
        problem = Problem(file=file, line=line, reason=reason)
        return [], {}, [ItemProblem(problem=problem, type=UNREADABLE)]
    problems = [ItemProblem(problem=p, item_line=p.line) for p in _duplicate_keys(node, file)]
    for key, key_node in ((k.value, k) for k, _ in node.value):
        if key != "questions":
            reason = f"unknown top-level key '{key}' (only `questions:` is allowed)"
            problem = Problem(file=file, line=_line(key_node), reason=reason)
            problems.append(ItemProblem(problem=problem, item_line=problem.line))
    items_node = _child(node, "questions")
    if items_node is None or not isinstance(items_node, yaml.SequenceNode):
        line = _line(items_node) if items_node is not None else _line(node)
        problem = Problem(file=file, line=line, reason="`questions:` must be a list")
        return [], {}, [*problems, ItemProblem(problem=problem, type=UNREADABLE, item_line=line)]
    items: list[Any] = data["questions"]
    questions: list[Question] = []
    first_line: dict[str, int] = {}
    for index, (item_node, item) in enumerate(zip(items_node.value, items, strict=True)):
        label = f"question {index + 1}"
        item_line = _line(item_node)
        kind = str(item.get("type", "unknown")) if isinstance(item, dict) else "unknown"
        raw_id = item.get("id") if isinstance(item, dict) else None

        def report(line: int, reason: str, kind: str = kind, item_line: int = item_line) -> None:
            problem = Problem(file=file, line=line, reason=reason)
            problems.append(ItemProblem(problem=problem, type=kind, item_line=item_line))

        if isinstance(raw_id, str):
            label = f"question '{raw_id}'"
            id_line = _line(_node_at(item_node, ("id",)))
            if raw_id in first_line:  # reported even when either use is invalid
                report(
                    id_line, f"question id '{raw_id}' is already used on line {first_line[raw_id]}"
                )
                continue
            first_line[raw_id] = id_line
        try:
            question = Question.model_validate(item)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                loc = tuple(detail["loc"])
                where = _where(loc)
                message = detail["msg"].removeprefix("Value error, ")
                if detail["type"] == "string_type" and isinstance(detail["input"], bool | int):
                    message += " (put the text in quotes: YAML reads yes/no/true/false as booleans)"
                reason = f"{label}: {where}: {message}" if where else f"{label}: {message}"
                report(_line(_node_at(item_node, loc)), reason)
            continue
        questions.append(question)
    problems.sort(key=lambda p: p.problem.line)
    return questions, first_line, problems


def _parse(text: str, file: str) -> tuple[QuestionBank, dict[str, int]]:
    """The bank and the line of each question's id; BankError with every problem."""
    questions, first_line, problems = parse_items(text, file)
    if problems:
        raise BankError([p.problem for p in problems])
    return QuestionBank(questions=tuple(questions)), first_line


def _read(path: Path) -> tuple[QuestionBank, dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BankError([Problem(file=str(path), line=1, reason=f"cannot read: {error}")]) from None
    return _parse(text, str(path))


def load_file(path: Path) -> QuestionBank:
    """Read and validate one YAML bank file; BankError names the file and each line."""
    return _read(path)[0]


def check_files(paths: Iterable[Path]) -> list[Problem]:
    """Every problem in these files, including a question id used in two files."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for path in paths:
        try:
            bank, id_lines = _read(path)
        except BankError as error:
            problems.extend(error.problems)
            continue
        for question in bank:
            if question.id in owner:
                problems.append(
                    Problem(
                        file=str(path),
                        line=id_lines[question.id],
                        reason=(
                            f"question id '{question.id}' is already used in {owner[question.id]}"
                        ),
                    )
                )
            else:
                owner[question.id] = str(path)
    return problems


def bank_files(directory: Path = DEFAULT_BANK_DIR) -> list[Path]:
    """The bank's YAML files in a directory, sorted by name."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_bank(paths: Iterable[Path] | None = None) -> QuestionBank:
    """All questions of these files (default: data/questions/*.yaml) as one bank.

    Raises BankError listing every problem when any file is invalid.
    """
    files = list(paths) if paths is not None else bank_files()
    problems = check_files(files)
    if problems:
        raise BankError(problems)
    questions: list[Question] = []
    for path in files:
        questions.extend(load_file(path).questions)
    return QuestionBank(questions=tuple(questions))


def dump_bank(bank: QuestionBank) -> str:
    """The bank as YAML in the same format `parse_bank` reads (defaults left out)."""
    data = {
        "questions": [
            question.model_dump(mode="json", exclude_defaults=True) for question in bank.questions
        ]
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
