"""The proof that the tests survive the content changing (#15): on a copy of the repository, perform the
add-a-variant recipe and the release recipe of docs/MAINTAINING.md exactly as written, run the test suite
there, and report which tests fail.

The goldens the recipe regenerates (its ``--update-golden`` line) are first left stale: the tests may then fail
only on those goldens, and each failure must print the command that regenerates it. Then the goldens are put
as the recipe wrote them and the failed tests are run again: they must pass. Any other failure is a test that
hard-codes the content (or a recipe that leaves the repository broken).

Usage (thin wrapper: ``scripts/after-recipe-check``)::

    .venv/bin/python tests/after_recipe.py [--keep] [--only PYTEST-ARGS…]

``--keep`` leaves the copy in /tmp (its path is printed); ``--only`` runs the given test files or node ids
instead of the whole suite (``tests/browser`` is always left out: it needs Chromium and costs minutes).
The suite runs under ``nice -n 10`` with 2 xdist workers. Exit 0 when the only failures are those goldens,
each naming its command, and they pass once regenerated; 1 otherwise.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from maintaining import GUIDE, Recipe, Step, perform, recipes
from repo_copy import REPO, copy_repository, shared_stand_ins, tracked_files

#: the recipes performed, in order: add a source (the variant's), add a variant, release
RECIPES = (3, 4, 7)
REGENERATE = "--update-golden"
REPORT_ENV = "MGO_AFTER_RECIPE_REPORT"


# --- the pytest plugin (loaded in the copy with ``-p after_recipe``): every failed phase, with its text ---


def pytest_runtest_logreport(report) -> None:
    """Append each failed setup/call/teardown to the JSON-lines file of ``$MGO_AFTER_RECIPE_REPORT``; under
    xdist this runs in the controller too, which receives every worker's reports."""
    target = os.environ.get(REPORT_ENV)
    if target and report.failed:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"nodeid": report.nodeid, "when": report.when, "text": report.longreprtext}) + "\n")


def pytest_configure(config) -> None:
    """Only the controller (or a run without xdist) writes the report: a worker's reports reach it anyway."""
    if hasattr(config, "workerinput"):
        os.environ.pop(REPORT_ENV, None)


# --- performing the recipes ---------------------------------------------------------------------------------


@dataclass
class Golden:
    """A file the recipe's regenerate line rewrote: its text before (stale) and as the recipe wrote it."""

    path: str
    stale: bytes
    regenerated: bytes
    command: str


@dataclass
class Prepared:
    root: Path
    goldens: list[Golden] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # the globs of goldens the recipe's text names
    named: list[str] = field(default_factory=list)  # the goldens its example is said to change


def one_line_steps(recipe: Recipe) -> Recipe:
    """``recipe`` with each ``sh`` line as a step of its own, so that the state around one line can be seen."""
    steps: list[Step] = []
    for step in recipe.steps:
        if step.kind == "sh":
            steps += [Step("sh", None, line + "\n") for line in step.body.splitlines() if line.strip()]
        else:
            steps.append(step)
    return Recipe(recipe.number, recipe.title, steps)


def files_of(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in tracked_files(root)}


def listed_goldens(number: int) -> tuple[list[str], list[str]]:
    """What recipe ``number``'s English text says its regenerate line rewrites: the path globs (```queries/*.srj```)
    between "The last line rewrites" and "Only those", and the names it lists "(after this example: …)"."""
    section = GUIDE.read_text(encoding="utf-8").split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]
    said = " ".join(section.split()).split("The last line rewrites", 1)[-1].split("Only those", 1)[0]
    globs = re.findall(r"`([\w./-]*\*[\w./*-]*)`", said)
    example = said.split("(after this example:", 1)[-1].split(")", 1)[0] if "(after this example:" in said else ""
    return globs, re.findall(r"`([\w.-]+)`", example)


def prepare(target: Path) -> Prepared:
    """A git copy of the repository in ``target`` on which recipes 3, 4 and 7 are done as written, with the
    goldens of the regenerate line put back as they were before it (stale)."""
    root = copy_repository(target)
    prepared = Prepared(root)
    guide = recipes()
    saved = dict(os.environ)
    cwd = Path.cwd()
    os.environ.update(shared_stand_ins(target))
    os.chdir(root)
    try:
        for number in RECIPES:
            state = {"before": files_of(root)}

            def look(step: Step, number: int = number, state: dict = state) -> None:
                after = files_of(root)
                if step.kind == "sh" and REGENERATE in step.body:
                    command = step.body.strip()
                    for name, data in sorted(after.items()):
                        if state["before"].get(name) != data:
                            old = state["before"].get(name, b"")
                            prepared.goldens.append(Golden(name, old, data, command))
                            (root / name).write_bytes(old)  # left stale: the suite must name the command
                    globs, names = listed_goldens(number)
                    prepared.listed += globs
                    prepared.named += names
                    after = files_of(root)
                state["before"] = after

            perform(root, one_line_steps(guide[number]), look)
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
    (root / ".venv").symlink_to(REPO / ".venv")  # .venv/ is ignored: the tree stays as the recipe left it
    return prepared


# --- running the suite on the copy --------------------------------------------------------------------------


def run_suite(root: Path, args: list[str], report: Path) -> int:
    """pytest in the copy, with the copy's own ``src`` first on the path (the venv's editable install points
    at this repository's), niced, 2 workers; failures go to ``report``."""
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MGO_")}
    env.update({"PYTHONPATH": f"{root / 'src'}{os.pathsep}{root / 'tests'}", REPORT_ENV: str(report)})
    command = [
        "nice", "-n", "10", str(REPO / ".venv" / "bin" / "python"), "-m", "pytest",
        "-p", "after_recipe", "-n", "2", "--dist", "loadgroup", "-q", "-p", "no:cacheprovider",
        "--ignore=tests/browser", *args,
    ]  # fmt: skip
    print("$ (cd", root, "&&", " ".join(command) + ")", flush=True)
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


def failures(report: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    if report.is_file():
        for line in report.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            found[entry["nodeid"]] = found.get(entry["nodeid"], "") + entry["text"]
    return found


def commands_for(golden: Golden) -> set[str]:
    """The commands that regenerate ``golden``: the recipe's line, and the same for this one golden
    (``mgo query --update-golden`` → ``mgo query NAME --update-golden``)."""
    stem = Path(golden.path).stem
    one = re.sub(r"^(\S*mgo query) ", rf"\1 {stem} ", golden.command)
    return {golden.command, one}


def explained(text: str, goldens: list[Golden]) -> Golden | None:
    """The golden a failure is about, if its message names the golden and the command that regenerates it."""
    for golden in goldens:
        stem = Path(golden.path).stem
        if stem in text and any(command in text for command in commands_for(golden)):
            return golden
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="leave the copy in /tmp")
    parser.add_argument("--only", nargs="+", default=[], help="test files or node ids instead of the suite")
    options = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="mgo-after-recipe-"))
    try:
        prepared = prepare(folder / "project")
        root = prepared.root
        print(f"recipes {', '.join(map(str, RECIPES))} of docs/MAINTAINING.md done on {root}")
        print(f"goldens the recipe regenerates (left stale for the first run): {len(prepared.goldens)}")
        for golden in prepared.goldens:
            print(f"  {golden.path}  ({golden.command})")
        problems: list[str] = []
        unlisted = [g.path for g in prepared.goldens if not any(fnmatch.fnmatch(g.path, p) for p in prepared.listed)]
        if unlisted or not prepared.listed:
            problems.append(f"the recipe regenerates goldens its text does not list ({prepared.listed}): {unlisted}")
        changed = sorted(Path(g.path).stem for g in prepared.goldens)
        if changed != sorted(prepared.named):
            problems.append(f"the recipe says its example changes {sorted(prepared.named)}; it changes {changed}")
        report = folder / "failures.jsonl"
        run_suite(root, options.only, report)
        failed = failures(report)
        print(f"\nfirst run (goldens stale): {len(failed)} failed")
        rerun: list[str] = []
        for nodeid, text in sorted(failed.items()):
            golden = explained(text, prepared.goldens)
            verdict = f"golden {golden.path}, message names the command" if golden else "NOT A GOLDEN THE RECIPE NAMES"
            print(f"  {nodeid}: {verdict}")
            if golden is None:
                problems.append(f"{nodeid} fails after the recipe:\n{text[-3000:]}")
            else:
                rerun.append(nodeid)
        if rerun:
            for golden in prepared.goldens:
                (root / golden.path).write_bytes(golden.regenerated)
            run_suite(root, rerun, report)
            again = failures(report)
            print(f"\nsecond run (goldens as the recipe wrote them, the {len(rerun)} tests): {len(again)} failed")
            for nodeid, text in sorted(again.items()):
                print(f"  {nodeid}")
                problems.append(f"{nodeid} still fails with the goldens regenerated:\n{text[-3000:]}")
        for problem in problems:
            print("\nPROBLEM: " + problem)
        print("\nafter-recipe check " + ("FAILED" if problems else "passed"))
        return 1 if problems else 0
    finally:
        if options.keep:
            print(f"the copy stays in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
