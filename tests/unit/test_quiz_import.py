"""Importing question files without losing track of anything: per-question refusals (GIFT and
YAML), `quiz check` in one pass, `make quiz-import` JSON and exit codes, the 1 MB upload cap,
parsing in a worker process, and the Moodle XML export."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deploycore.quiz.__main__ import main
from deploycore.quiz.bank import load_bank
from deploycore.quiz.moodle_xml import export_moodle_xml
from deploycore.quiz.uploads import (
    MAX_UPLOAD_BYTES,
    UnreadableFile,
    read_question_file,
    read_upload,
)

ROOT = Path(__file__).resolve().parents[2]
MIXED_GIFT = """\
::Cost::Hours in the calculators' month? {#730}

Match them. {=a -> 1 =b -> 2}

Tell me about batch scoring. {}

::Cost::Which is always on? {=ACI =%50%AKS#Also always on, but not the one we want}
"""
YAML_BANK = """\
questions:
  - id: first
    topic: batch
    difficulty: impossible
    kind: recall
    type: true_false
    prompt: Batch results are stored.
    options:
      - {id: "true", text: "True", correct: true}
      - {id: "false", text: "False"}
  - id: first
    topic: batch
    difficulty: easy
    kind: recall
    type: true_false
    prompt: Batch jobs scale to zero.
    options:
      - {id: "true", text: "True", correct: true}
      - {id: "false", text: "False"}
  - id: second
    topic: batch
    difficulty: easy
    kind: recall
    type: short_answer
    prompt: What scales with the work?
    options:
      - {id: a, text: "*cluster*", correct: true}
"""


def test_gift_refusals_name_line_and_type_and_the_rest_imports() -> None:
    result = read_question_file("mixed.gift", MIXED_GIFT.encode())
    assert [q.id for q in result.questions] == ["cost", "cost-2"]
    assert [(r["line"], r["type"]) for r in result.summary()["refused"]] == [
        (3, "matching"),
        (5, "essay"),
    ]
    assert result.summary()["by_type"] == {"numeric": 1, "short_answer": 1}


def test_yaml_questions_are_refused_one_by_one_and_duplicates_count_invalid_first_uses() -> None:
    result = read_question_file("bank.yaml", YAML_BANK.encode())
    assert [q.id for q in result.questions] == ["second"]
    assert [(r.line, r.type) for r in result.refused] == [(4, "true_false"), (11, "true_false")]
    assert "already used on line 2" in result.refused[1].reason
    assert result.refused_count == 2


def test_check_reports_every_problem_in_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_yaml, bad_gift = tmp_path / "bank.yaml", tmp_path / "mixed.gift"
    bad_yaml.write_text(YAML_BANK)
    bad_gift.write_text(
        MIXED_GIFT + '\n// deploycore {"id": "x", "colour": 1}\nA? {T}\n\n'
        '// deploycore {"id": "x"}\nB? {F}\n'
    )
    assert main(["check", str(bad_yaml), str(bad_gift)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{bad_yaml}:4: question 'first': difficulty: Input should be 'easy', 'medium' or 'hard'"
    )
    assert lines[1] == f"{bad_yaml}:11: question id 'first' is already used on line 2"
    assert [line.split(":")[1] for line in lines[2:]] == ["3", "5", "9", "12"]
    assert lines[-1] == f"{bad_gift}:12: question id 'x' is already used on line 9"


def test_import_prints_one_json_object_and_exits_0_with_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "mixed.gift", tmp_path / "out.yaml"
    source.write_text(MIXED_GIFT)
    assert main(["import", str(source), "-o", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "imported": 2,
        "by_type": {"numeric": 1, "short_answer": 1},
        "refused": [
            {"line": 3, "type": "matching", "reason": summary["refused"][0]["reason"]},
            {"line": 5, "type": "essay", "reason": summary["refused"][1]["reason"]},
        ],
    }
    assert len(load_bank([out])) == 2


@pytest.mark.parametrize("content", [None, b"\xff\xfe not utf-8", b"questions: [unclosed"])
def test_import_exits_non_zero_only_for_a_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "broken.yaml"
    if content is not None:
        path.write_bytes(content)
    assert main(["import", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"{path}:")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_quiz_import_target(tmp_path: Path) -> None:
    source = tmp_path / "mixed.gift"
    source.write_text(MIXED_GIFT)
    bin_dir = str(Path(sys.executable).parent)
    command = ["make", "-s", "-o", ".venv/.runtime", "quiz-import", f"BIN={bin_dir}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*command, f"FILE={source}"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 2
    missing = subprocess.run([*command, f"FILE={tmp_path / 'nope.gift'}"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert missing.returncode != 0 and "cannot read" in missing.stderr


def test_uploads_are_capped_at_one_megabyte_and_a_bom_is_dropped() -> None:
    with pytest.raises(UnreadableFile, match="the limit is 1000 kB"):
        read_upload("big.gift", b"A? {T}\n\n" * (MAX_UPLOAD_BYTES // 8 + 1))
    assert len(read_question_file("bom.gift", "\ufeffA? {T}\n".encode()).questions) == 1


def test_parsing_runs_in_another_process_and_leaves_this_one_free() -> None:
    big = ("::Q::Pick one {=a ~b ~%50%c#half}\n\n" * 4_000).encode()
    finished: list[int] = []

    def parse() -> None:
        finished.append(len(read_upload("b.gift", big).questions))

    worker = threading.Thread(target=parse)
    read_upload("warm.gift", b"A? {T}\n")  # start the worker process first
    worker.start()
    gaps = []
    while worker.is_alive():  # this thread keeps its interpreter while the file is parsed
        start = time.perf_counter()
        time.sleep(0.01)
        gaps.append(time.perf_counter() - start)
    worker.join()
    assert finished == [4_000]
    assert len(gaps) > 5 and sorted(gaps)[len(gaps) // 2] < 0.05


def test_moodle_xml_has_every_question_and_answer_with_its_weight() -> None:
    bank = load_bank()
    root = ET.fromstring(export_moodle_xml(bank))
    questions = [q for q in root.iter("question") if q.get("type") != "category"]
    assert [q.findtext("idnumber") for q in questions] == [q.id for q in bank]
    for question, element in zip(bank, questions, strict=True):
        answers = element.findall("answer")
        if question.type == "numeric":
            expected = [(a.weight, a.value) for a in question.numeric_answers]
            got = [(float(a.get("fraction", "")), float(a.findtext("text", ""))) for a in answers]
        else:
            key = "id" if question.type == "true_false" else "text"
            expected = [(question.weight_of(o), getattr(o, key)) for o in question.options]
            got = [(float(a.get("fraction", "")), a.findtext("text")) for a in answers]
        assert got == expected
        assert element.findtext("questiontext/text") == question.prompt
    short = next(q for q in questions if q.get("type") == "shortanswer")
    assert short.findtext("usecase") == "0"
    assert root.find("question/category/text") is not None
