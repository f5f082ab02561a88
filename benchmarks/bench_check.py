"""Benchmark ``mgo check`` in fresh processes: wall and CPU time, peak memory, the time of each check.

The target (issue 6): the whole gate on the publication in under 5 s on the shared 2-core machine. Each run is
a new process (import time counts, as it does for a user and in CI) on the project as it is (``mgo check``
writes nothing). The per-check split comes from ``mgo check --profile``. The third-party profiles run on
shacl-rust (the default) and, for comparison, on pySHACL (``--engine pyshacl``): the choice the numbers made.
Prints Markdown tables (median, min, max of N runs) and the load average, since other work on the machine
inflates wall times (then compare CPU).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_check.py          # 5 runs of each variant
    .venv/bin/python benchmarks/bench_check.py -n 3
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

# the same fresh-process measurement as bench_build.py (a script folder, not a package)
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import Runs, bench, table

REPO = Path(__file__).resolve().parents[1]
CHECKS = ("parse", "shapes", "nl-sbb", "vocpub", "queries", "reasoning", "parity", "translations", "total")
PROFILE_LINE = re.compile(r"^\| ([\w-]+) \| \w+ \| \d+ \| \d+ \| ([0-9.]+) \|$")


def check_table(runs: Runs) -> str:
    lines = [
        f"| check (in-process, `{runs.command}`) | median (s) | min | max |",
        "|---|---|---|---|",
    ]
    for check in CHECKS:
        values = runs.phases.get(check)
        if values:
            lines.append(f"| {check} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5, help="runs per variant (default 5)")
    parser.add_argument("--root", type=Path, default=REPO, help="project to check (default: this repository)")
    args = parser.parse_args(argv)
    mgo = [sys.executable, "-m", "mgo.cli", "check", "--root", str(args.root), "--profile"]
    results = [
        bench("mgo check --profile", mgo, args.n, PROFILE_LINE),
        bench("mgo check --profile --engine pyshacl", [*mgo, "--engine", "pyshacl"], args.n, PROFILE_LINE),
    ]
    load = os.getloadavg()[0]
    print(
        f"{args.n} runs each, fresh processes, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {load:.1f} at the end (above the CPU count, wall times are inflated: compare CPU)\n"
    )
    print(table(results))
    for runs in results:
        print()
        print(check_table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
