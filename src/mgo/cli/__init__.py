"""The ``mgo`` command: a thin front over the library (``main(argv)`` is callable from tests).

The commands, their arguments and the shared options are one table, :mod:`mgo.cli.commands`; the four
built into the CLI itself run in :mod:`mgo.cli.actions`, the others in their library module. Exit codes are the
contract documented in :mod:`mgo.errors` (0 ok, 1 invalid data, 2 usage or environment, 3 internal error). A
user's mistake never shows a traceback; an internal error shows one only with ``--debug`` or ``MGO_DEBUG=1``.
An ``OSError`` that the machine causes (full disk, permission, read-only file system, a file where a folder
belongs: :func:`mgo.errors.environment_error`) is exit 2 with the path and the fix, not a bug. Notes that the
library logs (``logging.getLogger("mgo")``, level WARNING) are printed to stderr as ``note: …``.

Heavy libraries (rdflib ~0.2 s, pySHACL ~0.4 s, owlrl) are imported with the module of the command that runs
(the table names it as a string), so ``mgo version`` and ``mgo --help`` import none of them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from mgo.cli.commands import BY_NAME, build_parser, function
from mgo.errors import EXIT_INTERNAL, EXIT_USAGE, MgoError, ValidationFailed, environment_error

ISSUES_HINT = "please report it to the mgo maintainers with the command you ran and the output of --debug"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments of ``mgo ARGV…`` as a command's ``run(args, out, err)`` receives them (for tests that call
    a command's function directly); a usage error raises :class:`mgo.errors.UsageError`."""
    return build_parser(argv).parse_args(list(argv))


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to ``sys.exit``)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get("MGO_DEBUG", "") not in ("", "0") or "--debug" in args_list
    if not debug:
        # rdflib logs a traceback for each ill-typed literal it parses; mgo.pipeline.parse reports those with
        # file and line, and a shape example may hold one on purpose.
        logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    # Notes of the library (for example "dist/ is a mount point: publishing file by file") go to stderr.
    notes = logging.StreamHandler(err)
    notes.setLevel(logging.WARNING)
    notes.setFormatter(logging.Formatter("note: %(message)s"))
    library = logging.getLogger("mgo")
    library.addHandler(notes)
    try:
        return _run(args_list, out, err, debug)
    finally:
        library.removeHandler(notes)


def _run(args_list: list[str], out: TextIO, err: TextIO, debug: bool) -> int:
    """The one error boundary: every exception becomes an exit code and a message without a traceback."""
    command = None
    try:
        parser = build_parser(args_list)
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help(out)
            return EXIT_USAGE
        command = BY_NAME[args.command]
        return function(command)(args, out, err)
    except MgoError as exc:
        print(f"error: {exc.render()}", file=err)
        render_report = getattr(getattr(exc, "report", None), "render_text", None)
        if isinstance(exc, ValidationFailed) and command is not None and command.report_on_error and render_report:
            print(render_report(), file=err, end="")  # `mgo build`: what failed, under the one-line error
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130
    except SystemExit as exc:  # argparse --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_USAGE
    except OSError as exc:
        fault = environment_error(exc)
        if fault is None:
            return _internal(exc, err, debug)
        print(f"error: {fault.render()}", file=err)
        if debug:
            traceback.print_exception(exc, file=err)
        return fault.exit_code
    except Exception as exc:
        return _internal(exc, err, debug)


def _internal(exc: BaseException, err: TextIO, debug: bool) -> int:
    """Exit code 3: a bug in mgo (short message; the traceback only with --debug or MGO_DEBUG=1)."""
    print(f"internal error: {type(exc).__name__}: {exc}", file=err)
    print(f"This is a bug in mgo, not in your data; {ISSUES_HINT}.", file=err)
    if debug:
        traceback.print_exception(exc, file=err)
    else:
        print("(run again with --debug or MGO_DEBUG=1 to see the traceback)", file=err)
    return EXIT_INTERNAL
