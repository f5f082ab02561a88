"""Benchmark ``mgo site`` (the documentation site from a built ``dist/``) in fresh processes.

Target: under one second for the whole site, since every ``make build`` runs it. Each run is a new Python
process that imports ``mgo.web.site``, reads ``dist/`` and writes ``dist/site/`` (so import time counts, as for a
user); wall time is measured around the child, CPU time (user + system) from ``os.wait4`` — the steadier
number when other work shares the machine. The build runs once first, on a temporary copy of the project
content, so the working tree's ``dist/`` is not touched. Prints a Markdown table (median, min, max).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_site.py          # 5 runs
    .venv/bin/python benchmarks/bench_site.py -n 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENT = ("ontology", "data", "shapes", "queries", "pyproject.toml")
CHILD = """
import sys
from mgo.cli import parse_args
from mgo.web import site
args = parse_args(["site", "--dist", sys.argv[1], "--hosting-base", "https://example.org/"])
args.root = sys.argv[2]
sys.exit(site.run(args, open("/dev/null", "w")))
"""


def run_child(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="number of runs")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="mgo-bench-site-") as folder:
        root = Path(folder)
        for name in CONTENT:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, root / name)
            elif source.is_file():
                shutil.copy2(source, root / name)
        subprocess.run([python, "-m", "mgo.cli", "build", "--root", str(root)], check=True, capture_output=True)
        dist = root / "dist"
        runs = [run_child([python, "-c", CHILD, str(dist), str(root)]) for _ in range(args.n)]
        pages = sum(1 for _ in (dist / "site").rglob("*.html"))
        files = sum(1 for p in (dist / "site").rglob("*") if p.is_file())
    walls = [w for w, _ in runs]
    cpus = [c for _, c in runs]
    print(f"mgo site: {pages} pages, {files} files; {args.n} runs in fresh processes\n")
    print("| measure | median | min | max |\n|---|---|---|---|")
    for label, values in (("wall (s)", walls), ("CPU (s)", cpus)):
        print(f"| {label} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")


if __name__ == "__main__":
    main()
