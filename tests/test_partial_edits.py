"""No crash on a half-finished edit: ``mgo check`` and ``mgo build`` answer every partial state with findings
(exit 0 or 1), never with "internal error" (exit 3).

Two sweeps, both in-process (``mgo.cli.main``) on a copy of the repository:

* every state between the steps of the add-a-source and add-a-variant recipes of docs/MAINTAINING.md;
* one statement of the Turtle sources removed at a time (tests/removals.py), a seeded sample ordered so
  that every predicate comes early, for ``MGO_REMOVAL_SECONDS`` (default 30 s); ``python tests/removals.py
  --all`` sweeps every statement.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_helpers import run_cli
from maintaining import Step, perform, recipes
from removals import removals, sweep

pytestmark = pytest.mark.slow


def test_every_partial_state_of_adding_a_variant_gives_findings(copy: Path):
    """``mgo check`` and ``mgo build`` after every step that changes the graph's shape: the skeletons of
    ``mgo new`` (every TODO open) and each edit of an IRI. (The edits that only replace a TODO text by the
    text change no statement's shape; the recipe runs ``mgo check`` after those itself, expecting exit 1 or 0.)"""
    seen: list[str] = []

    def look(last: Step) -> None:
        shape_changed = "mgo new" in last.body if last.kind == "sh" else '"' not in last.body
        if not shape_changed:
            return
        for command in (("check", "--no-external"), ("build",)):
            code, out, err = run_cli(*command, "--root", copy)
            assert code in (0, 1) and "internal error" not in err, (
                f"mgo {command[0]} exits {code} after the step {last.kind} {last.arg or ''}:\n{out}\n{err}"
            )
            seen.append(f"{command[0]}={code}")

    guide = recipes()
    for number in (3, 4):
        perform(copy, guide[number], look)
    assert "check=1" in seen and "build=1" in seen, f"the partial states were looked at: {seen}"


def test_removing_any_one_statement_never_crashes(copy: Path):
    budget = float(os.environ.get("MGO_REMOVAL_SECONDS", "30"))
    tried, crashes = sweep(copy, budget)
    assert tried >= 1
    assert not crashes, "\n\n".join(crashes)


def test_the_removals_cover_every_predicate_first(copy: Path):
    ordered = removals(copy)
    predicates = {str(r.triple[1]) for r in ordered}
    head = {str(r.triple[1]) for r in ordered[: len(predicates)]}
    assert head == predicates
