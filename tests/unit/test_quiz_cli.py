"""`python -m deploycore.quiz`: check files, export to GIFT, import from GIFT."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from deploycore.quiz import DEFAULT_BANK_DIR, load_bank
from deploycore.quiz.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "questions" / "deployment.yaml"

BAD_YAML = """\
questions:
  - id: broken
    topic: batch
    difficulty: impossible
    kind: recall
    type: true_false
    prompt: Batch results are stored.
    explanation: They are.
    options:
      - {id: "true", text: "True", correct: true, explanation: Correct.}
      - {id: "false", text: "False", colour: red}
"""


def test_check_passes_the_shipped_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SHIPPED)]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {len(load_bank())} question(s) in 1 file(s)")


def test_check_prints_one_line_per_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_YAML)
    broken_gift = tmp_path / "bad.gift"
    broken_gift.write_text("Fine?{T}\n\nBroken?{~a ~b}\n")
    assert main(["check", str(SHIPPED), str(bad), str(broken_gift)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{bad}:4: question 'broken': difficulty: Input should be 'easy', 'medium' or 'hard'",
        f"{bad}:11: question 'broken': options[1].colour: Extra inputs are not permitted",
        f"{broken_gift}:3: a multiple-choice question needs at least one correct option",
    ]
    assert "3 problem(s) found." in captured.err


def test_check_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert capsys.readouterr().out.startswith(f"{tmp_path / 'nope.yaml'}:1: cannot read")


def test_export_then_import_gives_back_the_bank(tmp_path: Path) -> None:
    gift = tmp_path / "bank.gift"
    yaml_out = tmp_path / "bank.yaml"
    assert main(["export-gift", "-o", str(gift)]) == 0
    assert main(["check", str(gift)]) == 0
    assert main(["import-gift", str(gift), "-o", str(yaml_out)]) == 0
    assert load_bank([yaml_out]) == load_bank(sorted(DEFAULT_BANK_DIR.glob("*.yaml")))


def test_import_refuses_a_malformed_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gift = tmp_path / "trainer.gift"
    gift.write_text("Good?{T}\n\nEssay?{}\n")
    out = tmp_path / "out.yaml"
    assert main(["import-gift", str(gift), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{gift}:3: essay questions" in err and "Nothing was imported." in err
    assert not out.exists()


def test_module_runs_as_a_program(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_YAML)
    result = subprocess.run(
        [sys.executable, "-m", "deploycore.quiz", "check", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{bad}:4: ")
