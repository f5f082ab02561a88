"""The error types and the exit-code contract."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mgo.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID_DATA,
    EXIT_USAGE,
    DataError,
    EnvironmentFault,
    InconsistencyError,
    MgoError,
    MissingFileError,
    Problem,
    SyntaxProblem,
    UnknownQueryError,
    UsageError,
    ValidationFailed,
    environment_error,
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
        (EnvironmentFault("x"), 2),
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


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            errno.ENOSPC,
            "no space left on the device: /d/x\n"
            "  how to fix: free disk space on the file system of /d/x, then run the command again",
        ),
        (
            errno.EROFS,
            "read-only file system: /d/x\n"
            "  how to fix: build where mgo may write: mount /d/x read-write, or copy the project to a writable folder",
        ),
        (
            errno.EACCES,
            "permission denied: /d/x\n  how to fix: give the user running mgo access to /d/x (read for sources, "
            "write for dist/), or work in a copy you own",
        ),
        (
            errno.ENOTDIR,
            "a part of this path is a file, not a folder: /d/x\n"
            "  how to fix: move or remove the file that stands where a folder is expected in /d/x",
        ),
        (errno.EXDEV, "the two paths are on different file systems: /d/x\n  how to fix: keep /d/x on one file system"),
    ],
)
def test_environment_os_errors_become_exit_2_naming_the_path(code: int, expected: str) -> None:
    fault = environment_error(OSError(code, os.strerror(code), "/d/x"))
    assert fault is not None and fault.exit_code == EXIT_USAGE
    assert fault.render() == expected


def test_other_os_errors_stay_internal() -> None:
    assert environment_error(OSError("no errno")) is None
    assert environment_error(OSError(errno.ECONNRESET, "reset")) is None


def test_a_fault_without_a_path_says_so() -> None:
    fault = environment_error(OSError(errno.ENOSPC, "No space left on device"))
    assert fault is not None
    assert fault.render() == (
        "no space left on the device\n"
        "  how to fix: free disk space on the file system of the file being written, then run the command again"
    )
