"""Command line of the weekly orange-juice batch job: `python -m deploycore.scenarios.forecasting
--week N`.

Options: `--input FILE` (a week's input CSV; default: built from the shipped sales history),
`--scheduler ADDRESS` (or env `DASK_SCHEDULER_ADDRESS`: run on that existing Dask cluster instead
of starting a local adaptive one), `--max-workers`, `--partitions`, `--idle-timeout`.
Prints a JSON summary on stdout and a progress bar on stderr; exit code 0 on success.
The Dask cluster is only started under `__main__`, so worker processes can re-import this safely.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError


def parse_options(argv: list[str] | None = None) -> object:
    from deploycore.scenarios.forecasting.batch import BatchOptions

    parser = argparse.ArgumentParser(
        prog="python -m deploycore.scenarios.forecasting", description=__doc__
    )
    parser.add_argument("--week", type=int, required=True, help="week number to score")
    parser.add_argument("--input", type=Path, default=None, help="the week's input CSV")
    parser.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler")
    parser.add_argument("--max-workers", type=int, default=2, help="adaptive maximum (local)")
    parser.add_argument("--partitions", type=int, default=8, help="number of partitions")
    parser.add_argument(
        "--idle-timeout", type=float, default=3.0, help="seconds before idle workers are released"
    )
    args = parser.parse_args(argv)
    return BatchOptions(
        week=args.week,
        input_path=args.input,
        scheduler_address=args.scheduler,
        max_workers=args.max_workers,
        partitions=args.partitions,
        idle_timeout_s=args.idle_timeout,
    )


def main(argv: list[str] | None = None) -> int:
    from deploycore.scenarios.forecasting.batch import BatchOptions, run_week

    try:
        options = parse_options(argv)
    except ValidationError as error:
        print(f"invalid options: {error}", file=sys.stderr)
        return 2
    assert isinstance(options, BatchOptions)
    try:
        result = run_week(options)
    except (OSError, ValueError) as error:  # recorded in the run history with its reason
        print(f"batch run failed: {error}", file=sys.stderr)
        return 1
    for row in result.rejected:
        print(f"rejected line {row['line']}: {row['reason']}", file=sys.stderr)
    print(json.dumps(result.model_dump(exclude={"rejected"})))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
