"""The error types and the exit-code contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from mgo.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID_DATA,
    EXIT_USAGE,
    DataError,
    InconsistencyError,
    MgoError,
    MissingFileError,
    Problem,
    SyntaxProblem,
    UnknownQueryError,
    UsageError,
    ValidationFailed,
)


def test_exit_code_contract() -> None:
    assert (EXIT_INVALID_DATA, EXIT_USAGE, EXIT_INTERNAL) == (1, 2, 3)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DataError("x"), 1),
        (SyntaxProblem("x"), 1),
        (InconsistencyError("x"), 1),
        (ValidationFailed("x", report=None), 1),
        (UsageError("x"), 2),
        (MissingFileError("x"), 2),
        (UnknownQueryError("x"), 2),
        (MgoError("x"), 3),
    ],
)
def test_each_error_has_its_exit_code(error: MgoError, code: int) -> None:
    assert error.exit_code == code


def test_render_names_place_resource_and_fix() -> None:
    error = SyntaxProblem(
        "Turtle syntax error: oops", file=Path("data/a.ttl"), line=3, column=7, iri="https://x/y", hint="do z"
    )
    assert error.render() == (
        "data/a.ttl:3:7: Turtle syntax error: oops\n  resource: <https://x/y>\n  how to fix: do z"
    )


def test_render_lists_problems_after_the_headline() -> None:
    error = DataError("2 problems", problems=[Problem("a", Path("f.ttl"), 1), Problem("b", hint="h")])
    assert error.render() == "2 problems\nf.ttl:1: a\nb\n  how to fix: h"
