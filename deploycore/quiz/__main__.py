"""Command line for question banks: check files, import, export to GIFT or Moodle XML.

    python -m deploycore.quiz check FILE [FILE...]       # YAML banks or .gift/.txt files
    python -m deploycore.quiz import FILE [-o OUT.yaml]  # GIFT or YAML; prints a JSON summary
    python -m deploycore.quiz export-gift [FILE...] [-o OUT]
    python -m deploycore.quiz export-xml [FILE...] [-o OUT.xml]
    python -m deploycore.quiz import-gift FILE [-o OUT.yaml]   # all or nothing

`check` prints every problem in one pass, one per line as FILE:LINE: reason (exit status 1).
`import` prints {"imported", "by_type", "refused": [{line, type, reason}]} and exits 0 when the
file was read, even with refused questions; 2 when it cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from deploycore.quiz.bank import BankError, Problem, bank_files, check_files, dump_bank, load_bank
from deploycore.quiz.gift import export_gift, import_gift
from deploycore.quiz.models import QuestionBank
from deploycore.quiz.moodle_xml import export_moodle_xml
from deploycore.quiz.uploads import UnreadableFile, is_yaml, read_question_file

UNREADABLE_EXIT = 2


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        reason = f"cannot read: {error.strerror or error}"
        raise UnreadableFile([Problem(file=str(path), line=1, reason=reason)]) from None


def _check(paths: Sequence[Path]) -> int:
    yaml_paths = [path for path in paths if is_yaml(path.name)]
    problems: list[Problem] = check_files(yaml_paths)
    gift_count = 0
    for path in paths:
        if is_yaml(path.name):
            continue
        try:
            result = read_question_file(str(path), _read(path), max_bytes=None)
        except UnreadableFile as error:
            problems.extend(error.problems)
            continue
        gift_count += len(result.questions)
        problems.extend(result.problems())
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    count = len(load_bank(yaml_paths)) + gift_count if yaml_paths else gift_count
    print(f"OK: {count} question(s) in {len(paths)} file(s).")
    return 0


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _export(
    paths: Sequence[Path], output: Path | None, writer: Callable[[QuestionBank], str]
) -> int:
    try:
        bank = load_bank(list(paths) or bank_files())
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    _write(writer(bank), output)
    return 0


def _import_any(path: Path, output: Path | None) -> int:
    try:
        result = read_question_file(str(path), _read(path), max_bytes=None)
    except UnreadableFile as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return UNREADABLE_EXIT
    if output is not None:
        output.write_text(dump_bank(result.bank), encoding="utf-8")
    print(json.dumps(result.summary(), ensure_ascii=False))
    return 0


def _import(path: Path, output: Path | None) -> int:
    try:
        bank = import_gift(path.read_text(encoding="utf-8"), str(path))
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as error:
        print(f"{path}:1: cannot read: {error}", file=sys.stderr)
        return 1
    _write(dump_bank(bank), output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m deploycore.quiz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate bank files (YAML or GIFT)")
    check.add_argument("files", nargs="+", type=Path)
    export = commands.add_parser("export-gift", help="write YAML bank files as GIFT")
    export.add_argument("files", nargs="*", type=Path, help="default: data/questions/*.yaml")
    export.add_argument("-o", "--output", type=Path)
    xml = commands.add_parser("export-xml", help="write YAML bank files as Moodle XML")
    xml.add_argument("files", nargs="*", type=Path, help="default: data/questions/*.yaml")
    xml.add_argument("-o", "--output", type=Path)
    any_import = commands.add_parser(
        "import", help="read a GIFT or YAML file; print what was imported and refused as JSON"
    )
    any_import.add_argument("file", type=Path)
    any_import.add_argument("-o", "--output", type=Path, help="write the imported questions")
    imports = commands.add_parser("import-gift", help="convert a GIFT file to a YAML bank")
    imports.add_argument("file", type=Path)
    imports.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files)
    if args.command == "export-gift":
        return _export(args.files, args.output, export_gift)
    if args.command == "export-xml":
        return _export(args.files, args.output, export_moodle_xml)
    if args.command == "import":
        return _import_any(args.file, args.output)
    return _import(args.file, args.output)


if __name__ == "__main__":
    raise SystemExit(main())
