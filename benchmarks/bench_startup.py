"""Start-up time of the light commands: ``mgo --help`` and ``mgo version`` in fresh processes.

The CLI imports a command's module (and with it rdflib, pySHACL, pyoxigraph) only when that command runs
(``src/mgo/cli/commands.py``), so these two import no library. ``--src DIR`` measures another source tree
(for example an old commit's ``src/`` from ``git archive``) with the same interpreter, runs alternating, so
that both see the same load on the machine. Prints median wall and CPU (user + system of the child) time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = "import sys; from mgo.cli import main; sys.exit(main())"  # what the console script `mgo` runs


def run_once(src: Path, argv: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one ``mgo ARGV`` in a new process importing mgo from ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, *argv], env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - started) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mgo {' '.join(argv)} failed")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=10, help="runs of each command (default 10)")
    parser.add_argument("--src", type=Path, action="append", help="another src/ to compare (repeatable)")
    args = parser.parse_args()
    trees = [REPO / "src", *(args.src or [])]
    print(f"load average {os.getloadavg()[0]:.1f}; {args.n} runs each; median (min) in ms\n")
    print("| command | src | wall | CPU |\n|---|---|---|---|")
    for argv in (["--help"], ["version"]):
        runs: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in trees}
        for _ in range(args.n):
            for tree in trees:
                runs[tree].append(run_once(tree, argv))
        for tree, times in runs.items():
            wall, cpu = [t[0] for t in times], [t[1] for t in times]
            print(
                f"| `mgo {' '.join(argv)}` | {tree} | {statistics.median(wall):.0f} ({min(wall):.0f}) "
                f"| {statistics.median(cpu):.0f} ({min(cpu):.0f}) |"
            )


if __name__ == "__main__":
    main()
