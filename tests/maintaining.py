"""Read the recipes of docs/MAINTAINING.md and perform them as written (see tests/test_maintaining.py).

A recipe is a ``## N. Title`` section; its steps are its fenced blocks, in order:

* ``sh``: one command a line; ``.venv/bin/mgo ARGS`` runs in-process (``mgo.cli.main``) with ``--root`` the
  copy, ``git ARGS`` runs git in the copy, ``CMD > FILE`` writes the output to FILE; ``# exit N`` after a
  command is its expected exit code (default 0);
* ``edit FILE``: replace the text of the ``-`` lines by that of the ``+`` lines, first occurrence;
* ``append FILE``: add the block's lines at the end of FILE.

Placeholders: ``X.Y.Z`` the version after the last release record, ``A.B.C`` the version now, ``YYYY-MM-DD``
today. Nothing else is substituted: what the guide says is what runs.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mgo.cli import main
from mgo.releases.release import next_version, pyproject_version
from repo_copy import REPO, git

GUIDE = REPO / "docs" / "MAINTAINING.md"
FENCE = re.compile(r"^```(?P<kind>[a-z]+)(?: (?P<arg>\S+))?\n(?P<body>.*?)^```$", re.M | re.S)


@dataclass
class Step:
    kind: str  # sh or edit
    arg: str | None
    body: str


@dataclass
class Recipe:
    number: int
    title: str
    steps: list[Step] = field(default_factory=list)


def recipes(text: str | None = None) -> dict[int, Recipe]:
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    found: dict[int, Recipe] = {}
    parts = re.split(r"(?m)^## (\d+)\. (.+)$", text)
    for number, title, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        recipe = Recipe(int(number), title.strip())
        for match in FENCE.finditer(body):
            recipe.steps.append(Step(match.group("kind"), match.group("arg"), match.group("body")))
        found[recipe.number] = recipe
    return found


@dataclass
class Outcome:
    command: str
    code: int
    out: str
    err: str


def substitutions(root: Path) -> dict[str, str]:
    return {
        "X.Y.Z": next_version(root),
        "A.B.C": pyproject_version(root),
        "YYYY-MM-DD": _dt.date.today().isoformat(),
    }


def _substitute(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def edit(root: Path, step: Step, values: dict[str, str]) -> None:
    assert step.arg, "an edit block names its file: ```edit FILE"
    lines = _substitute(step.body, values).splitlines()
    bad = [line for line in lines if line[:1] not in "-+"]
    assert not bad, f"edit {step.arg}: every line starts with - or +: {bad}"
    old = "\n".join(line[1:] for line in lines if line.startswith("-"))
    new = "\n".join(line[1:] for line in lines if line.startswith("+"))
    path = root / step.arg
    text = path.read_text(encoding="utf-8")
    assert old in text, f"edit {step.arg}: the guide's text is not in the file (stale guide?):\n{old}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_line(root: Path, line: str, values: dict[str, str]) -> Outcome | None:
    command, _, comment = line.partition("  #")
    command = _substitute(command.strip(), values)
    if not command or command.startswith("#"):
        return None
    expected = int(m.group(1)) if (m := re.search(r"exit (\d+)", comment)) else 0
    target = None
    if " > " in command:
        command, target = (part.strip() for part in command.split(" > ", 1))
    argv = shlex.split(command)
    if argv[0] == ".venv/bin/mgo":
        out, err = io.StringIO(), io.StringIO()
        code = main([*argv[1:], "--root", str(root)], stdout=out, stderr=err)
        outcome = Outcome(command, code, out.getvalue(), err.getvalue())
    elif argv[0] == "git":
        outcome = Outcome(command, 0, git(root, *argv[1:]), "")
    else:
        raise AssertionError(f"the guide runs {argv[0]!r}: the recipe tests know only .venv/bin/mgo and git")
    assert outcome.code == expected, (
        f"'{command}' exits {outcome.code}, the guide says {expected}\n{outcome.out}\n{outcome.err}"
    )
    if target is not None:
        (root / target).write_text(outcome.out, encoding="utf-8")
    return outcome


def perform(root: Path, recipe: Recipe, after_step: Callable[[Step], None] | None = None) -> list[Outcome]:
    """Every step of ``recipe`` on ``root`` (the working directory must be ``root``); ``after_step(step)`` is
    called after each step is done (to look at every partial state)."""
    values = substitutions(root)
    outcomes: list[Outcome] = []
    for step in recipe.steps:
        if step.kind == "edit":
            edit(root, step, values)
        elif step.kind == "append":
            assert step.arg, "an append block names its file: ```append FILE"
            path = root / step.arg
            text = path.read_text(encoding="utf-8")
            path.write_text(text.rstrip("\n") + "\n" + _substitute(step.body, values), encoding="utf-8")
        elif step.kind == "sh":
            for line in step.body.splitlines():
                outcome = run_line(root, line, values)
                if outcome is not None:
                    outcomes.append(outcome)
        else:
            raise AssertionError(f"recipe {recipe.number}: unknown block ```{step.kind}")
        if after_step is not None:
            after_step(step)
    return outcomes
