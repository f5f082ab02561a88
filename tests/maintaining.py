"""Read the recipes of docs/MAINTAINING.md and perform them as written (see tests/test_maintaining.py).

A recipe is a ``## N. Title`` section; its steps are its fenced blocks, in order:

* ``sh``: one command a line; ``.venv/bin/mgo ARGS`` runs in-process (``mgo.cli.main``) with ``--root`` the
  copy, ``git ARGS`` runs git in the copy, ``CMD > FILE`` writes the output to FILE; ``# exit N`` after a
  command is its expected exit code (default 0);
* ``edit FILE``: replace the text of the ``-`` lines by that of the ``+`` lines, first occurrence;
* ``append FILE``: add the block's lines at the end of FILE.

Placeholders: ``X.Y.Z`` the version after the last release record, ``A.B.C`` the version now, ``YYYY-MM-DD``
today. Nothing else is substituted, with one exception: when the repository has the example of recipes 3 and 4
already (its variant *proeftuin*, numbered 1c, with the English term *living testbed*: on a repository where a
maintainer performed the example, or a real variant of that name), the example's words are renamed, whole and
consistently, to ones the repository does not use (:func:`example_renames`), so that the recipes still add a
new variant. Otherwise what the guide says is what runs.
"""

from __future__ import annotations

import datetime as _dt
import functools
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


#: the words of the example of recipes 3 and 4 (Dutch stem, English stem, notation), and the ones used instead
#: when the repository has them already (see the module docstring); case is kept ("Proeftuinen" → "Proefvelden")
EXAMPLE = ("proeftuin", "testbed", "1c")
INSTEAD = (("proefveld", "testfield"), ("proefplek", "testsite"), ("proefzone", "testzone"), ("proefhal", "testhall"))


def _content_text(root: Path) -> str:
    """The data and the source text of ``root``, lower-cased: where an example word would collide."""
    paths = [*sorted((root / "data").rglob("*.ttl")), root / "source" / "bijlage-a.txt"]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p.is_file()).lower()


@functools.cache
def example_renames(root: Path = REPO) -> tuple[tuple[str, str], ...]:
    """(old, new) pairs that rename the example's words to ones ``root`` (the repository under test, as it is
    before any recipe runs on its copy) does not use; none when the example's own words are free."""
    text = _content_text(root)
    dutch, english, notation = EXAMPLE
    if dutch not in text and english not in text and f'"{notation}"' not in text:
        return ()
    new_dutch, new_english = next((d, e) for d, e in INSTEAD if d not in text and e not in text)
    numbers = (f"{n}{letter}" for n in range(1, 10) for letter in "abcdefghijklmnopqrstuvwxyz")
    new_notation = next(n for n in numbers if f'"{n}"' not in text)
    pairs = [(dutch, new_dutch), (dutch.capitalize(), new_dutch.capitalize()), (english, new_english)]
    return (*pairs, (english.capitalize(), new_english.capitalize()), (notation, new_notation))


def example_name(word: str) -> str:
    """``word`` of the guide's example as the recipes write it in this repository (see :func:`example_renames`)."""
    return _substitute(word, dict(example_renames()))


def substitutions(root: Path) -> dict[str, str]:
    return {
        "X.Y.Z": next_version(root),
        "A.B.C": pyproject_version(root),
        "YYYY-MM-DD": _dt.date.today().isoformat(),
        **dict(example_renames()),
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
