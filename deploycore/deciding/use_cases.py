"""The shipped example use cases (data/use_cases.yaml) as validated models.

Each example carries the wizard's answers and the answer we expect, so the page can load it in
one click and the tests can check the rules against it. It does not decide anything itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.rules import Kind

USE_CASES_FILE = Path(__file__).resolve().parents[2] / "data" / "use_cases.yaml"


class UseCase(BaseModel):
    """One example: what it is, the answers, and the expected recommendation and reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str = Field(max_length=30)
    title: str
    source: Literal["seed", "everyday"]
    summary: str
    expected: Kind
    expected_top_reason: str
    reason: str
    inputs: DecisionInputs


class _UseCaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    use_cases: tuple[UseCase, ...]


def parse_use_cases(text: str) -> tuple[UseCase, ...]:
    """Validate the YAML text of a use-case file; each example's name is its title."""
    raw = yaml.safe_load(text)
    for item in raw.get("use_cases", []):
        item.setdefault("inputs", {}).setdefault("name", item.get("title", ""))
    return _UseCaseFile.model_validate(raw).use_cases


@cache
def load_use_cases() -> tuple[UseCase, ...]:
    """The shipped examples, read once per process."""
    return parse_use_cases(USE_CASES_FILE.read_text(encoding="utf-8"))


def use_case(case_id: str) -> UseCase:
    """One shipped example by id (KeyError when there is none)."""
    for case in load_use_cases():
        if case.id == case_id:
            return case
    raise KeyError(case_id)
