"""Command line for question banks: check files, export to GIFT, import from GIFT.

    python -m deploycore.quiz check FILE [FILE...]       # YAML banks or .gift/.txt files
    python -m deploycore.quiz export-gift [FILE...] [-o OUT]
    python -m deploycore.quiz import-gift FILE [-o OUT.yaml]

Problems are printed one per line as FILE:LINE: reason, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from deploycore.quiz.bank import BankError, Problem, bank_files, check_files, dump_bank, load_bank
from deploycore.quiz.gift import export_gift, import_gift

GIFT_SUFFIXES = (".gift", ".txt")


def _check(paths: Sequence[Path]) -> int:
    yaml_paths = [path for path in paths if path.suffix.lower() not in GIFT_SUFFIXES]
    problems: list[Problem] = check_files(yaml_paths)
    gift_count = 0
    for path in paths:
        if path.suffix.lower() not in GIFT_SUFFIXES:
            continue
        try:
            gift_count += len(import_gift(path.read_text(encoding="utf-8"), str(path)))
        except BankError as error:
            problems.extend(error.problems)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(file=str(path), line=1, reason=f"cannot read: {error}"))
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


def _export(paths: Sequence[Path], output: Path | None) -> int:
    try:
        bank = load_bank(list(paths) or bank_files())
    except BankError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    _write(export_gift(bank), output)
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
    imports = commands.add_parser("import-gift", help="convert a GIFT file to a YAML bank")
    imports.add_argument("file", type=Path)
    imports.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files)
    if args.command == "export-gift":
        return _export(args.files, args.output)
    return _import(args.file, args.output)


if __name__ == "__main__":
    raise SystemExit(main())
