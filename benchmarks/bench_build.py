"""Benchmark ``mgo build`` and ``mgo validate`` in fresh processes: wall time, peak memory, phase split.

Each run is a new Python process (so import time counts, as it does for a user), on a temporary copy of the
project content (so ``dist/`` of the working tree is not touched). Wall time is measured around the child;
CPU time (user + system) and peak resident memory (``ru_maxrss``) are the child's own, from ``os.wait4``.
CPU time is the steadier number when other work shares the machine. The phase split comes from
``mgo build --profile``. Prints Markdown tables (median, min, max of N runs).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_build.py            # 5 runs each
    .venv/bin/python benchmarks/bench_build.py -n 9 --root /path/to/project
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENT = ("ontology", "data", "shapes", "queries", "pyproject.toml")
PHASES = ("import", "parse", "derivation", "reasoning", "validation", "serialization", "publish", "total")
PROFILE_LINE = re.compile(r"^\| (\w+) \| ([0-9.]+) \|$")


@dataclass
class Runs:
    command: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    phases: dict[str, list[float]] = field(default_factory=dict)


def run_once(args: list[str]) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code, stdout) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode, stdout


def copy_content(root: Path, target: Path) -> Path:
    target.mkdir()
    for name in CONTENT:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.srj", "*.csv"))
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def bench(command: str, args: list[str], n: int, profile_line: re.Pattern[str] = PROFILE_LINE) -> Runs:
    runs = Runs(command)
    for _ in range(n):
        wall, cpu, rss, code, out = run_once(args)
        runs.walls.append(wall)
        runs.cpus.append(cpu)
        runs.rss_mb.append(rss)
        runs.codes.append(code)
        for line in out.splitlines():
            match = profile_line.match(line.strip())
            if match:
                runs.phases.setdefault(match.group(1), []).append(float(match.group(2)))
    return runs


def table(all_runs: list[Runs]) -> str:
    lines = [
        "| command | median wall (s) | min | max | median CPU (s) | peak RSS (MB) | exit codes |",
        "|---|---|---|---|---|---|---|",
    ]
    for runs in all_runs:
        codes = ",".join(sorted({str(c) for c in runs.codes}))
        lines.append(
            f"| `{runs.command}` | {statistics.median(runs.walls):.2f} | {min(runs.walls):.2f} | "
            f"{max(runs.walls):.2f} | {statistics.median(runs.cpus):.2f} | {max(runs.rss_mb):.0f} | {codes} |"
        )
    return "\n".join(lines)


def phase_table(runs: Runs) -> str:
    if not runs.phases:
        return "(no phase split: the build did not finish; see the exit codes above)"
    lines = ["| phase (in-process, `mgo build --profile`) | median (s) | min | max |", "|---|---|---|---|"]
    for phase in PHASES:
        values = runs.phases.get(phase)
        if values:
            lines.append(f"| {phase} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument("--root", type=Path, default=REPO, help="project to benchmark (default: this repository)")
    args = parser.parse_args(argv)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="mgo-bench-") as scratch:
        root = copy_content(args.root, Path(scratch) / "project")
        mgo = [python, "-m", "mgo.cli"]
        results = [
            bench("mgo version", [*mgo, "version"], args.n),
            bench("mgo validate", [*mgo, "validate", "--root", str(root)], args.n),
            bench("mgo build --profile", [*mgo, "build", "--profile", "--root", str(root)], args.n),
        ]
    load = os.getloadavg()[0]
    print(
        f"{args.n} runs each, fresh processes, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {load:.1f} at the end (above the CPU count, wall times are inflated: compare CPU)\n"
    )
    print(table(results))
    print()
    print(phase_table(results[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
