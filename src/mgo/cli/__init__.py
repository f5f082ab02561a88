"""The ``mgo`` command: a thin front over the library (``main(argv)`` is callable from tests).

Subcommands: ``build``, ``validate``, ``query``, ``version``; common option ``--root``. Exit codes are the
contract documented in :mod:`mgo.errors` (0 ok, 1 invalid data, 2 usage or environment, 3 internal error). A
user's mistake never shows a traceback; an internal error shows one only with ``--debug`` or ``MGO_DEBUG=1``.
An ``OSError`` that the machine causes (full disk, permission, read-only file system, a file where a folder
belongs: :func:`mgo.errors.environment_error`) is exit 2 with the path and the fix, not a bug. Notes that the
library logs (``logging.getLogger("mgo")``, level WARNING) are printed to stderr as ``note: …``.

Heavy libraries (rdflib ~0.2 s, pySHACL ~0.4 s, owlrl) are imported inside the commands that need them, so
``mgo version`` and ``mgo --help`` start instantly.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from mgo.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, MgoError, UsageError, ValidationFailed

ISSUES_HINT = "please report it to the mgo maintainers with the command you ran and the output of --debug"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns exit code 2 with one message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", hint=f"see '{self.prog} --help'")


# Subcommands in modules of their own: each module has add_parser(subparsers, parents) and run(args, out, err).
# Their modules import only the standard library at the top, so `mgo --help` stays fast.
_PLUGINS = {
    "serve": "mgo.web.serve",
    "load": "mgo.query.load",
    "links": "mgo.quality.links",
    "site": "mgo.web.site",
    "template": "mgo.environment.template",
    "describe": "mgo.environment.describe",
    "catalogue": "mgo.environment.catalogue",
    "check": "mgo.quality.check",
    "release": "mgo.releases.release",
    "diff": "mgo.releases.diff",
    "new": "mgo.quality.scaffold",
}


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=argparse.SUPPRESS,
        help="project folder (default: the nearest folder up from here with the mgo pyproject.toml)",
    )
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback on internal errors"
    )

    parser = _Parser(
        prog="mgo",
        description="Build, validate and query the Missiegedreven omgevingen publication.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = sub.add_parser("build", parents=[common], help="validate the sources and write dist/")
    build.add_argument("--profile", action="store_true", help="print the time of each phase")

    validate = sub.add_parser("validate", parents=[common], help="check the sources (or FILE) against the shapes")
    validate.add_argument("file", nargs="?", type=Path, help="a Turtle file to validate instead of the project sources")
    validate.add_argument("--shapes", type=Path, help="shapes file to use instead of the project's shapes/*.ttl")
    validate.add_argument(
        "--ontology", action="store_true", help="with FILE: add the project's ontology to the data graph"
    )
    validate.add_argument("--format", choices=("text", "json", "turtle"), default="text", help="report format")
    validate.add_argument(
        "--external",
        action="store_true",
        help="also validate against NL-SBB and VocPub (external/)",
    )

    query = sub.add_parser("query", parents=[common], help="run a SPARQL query: NAME (queries/NAME.rq), FILE or -")
    query.add_argument("query", nargs="?", help="query name, .rq file, or - for standard input")
    query.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    query.add_argument(
        "--sources",
        action="store_true",
        help="query the source files directly instead of dist/mgo.ttl (no build)",
    )
    query.add_argument(
        "--update-golden",
        action="store_true",
        help="rewrite queries/NAME.srj (or .csv) from the current result; without NAME: every query",
    )
    from mgo.query.remote import add_query_arguments

    add_query_arguments(query)  # --endpoint URL, --timeout

    fmt = sub.add_parser("fmt", parents=[common], help="rewrite the Turtle sources in canonical form")
    fmt.add_argument("--check", action="store_true", help="only list files that are not canonical (exit 1)")

    for module in _PLUGINS.values():
        importlib.import_module(module).add_parser(sub, parents=[common])
    sub.add_parser("version", parents=[common], help="print the version")
    return parser


def _root(args: argparse.Namespace) -> Path:
    from mgo.config import resolve_root

    return resolve_root(getattr(args, "root", None))


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from mgo.config import Project
    from mgo.pipeline.build import PHASES, build

    project = Project(_root(args))
    result = build(project)
    print(
        f"built mgo {result.version}: {result.triples} triples, {len(result.files)} files in "
        f"{project.relative(project.dist)}/ ({result.validation.summary()})",
        file=out,
    )
    for left, right in result.reasoning.same_as:
        print(f"note: the reasoner found owl:sameAs between <{left}> and <{right}>", file=err)
    if result.validation.results:
        print(result.validation.render_text(), file=err, end="")
    if args.profile:
        print("\n| phase | seconds |\n|---|---|", file=out)
        for phase in (*PHASES, "total"):
            print(f"| {phase} | {result.timings.get(phase, 0.0):.3f} |", file=out)
    return EXIT_OK


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from mgo.config import Project
    from mgo.pipeline.validate import (
        Report,
        external_profiles_available,
        validate_external,
        validate_file,
        validate_sources,
    )

    project = Project(_root(args))
    if args.ontology and args.file is None:
        raise UsageError("--ontology only applies to 'mgo validate FILE'", hint="give the FILE to validate")
    reports: list[Report] = []
    if args.file is not None:
        reports.append(validate_file(project, args.file, shapes=args.shapes, ontology=args.ontology))
        data = None
        mappings = None
    else:
        from mgo.pipeline.build import prepare
        from mgo.pipeline.parse import parse_file

        sources = prepare(project)
        if args.shapes is not None:
            if not args.shapes.is_file():
                from mgo.errors import MissingFileError

                raise MissingFileError(f"shapes file not found: {args.shapes}", file=args.shapes)
            sources.graphs["shapes"] = parse_file(args.shapes, shown_as=project.relative(args.shapes))
        reports.append(validate_sources(sources))
        data = sources.publication()
        mappings = sources.graphs.get("mappings")
        if mappings is not None:
            data -= mappings  # the third-party profiles see the core; the mappings get a run of their own
    if args.external:
        if not external_profiles_available(project.root):
            from mgo.errors import MissingFileError
            from mgo.pipeline.validate import external_dir

            raise MissingFileError(
                f"the third-party profiles are not in {external_dir(project.root)}",
                hint="restore external/ from the repository, or set MGO_EXTERNAL_DIR to a copy of the profiles",
            )
        if data is None:
            from mgo.pipeline.parse import parse_file

            data = parse_file(args.file, shown_as=project.relative(args.file))
        reports.extend(validate_external(project.root, data))
        if mappings is not None and len(mappings):
            from mgo.quality.mappings_profile import validate_nl_sbb

            reports.append(validate_nl_sbb(project.root, mappings, data))
    for report in reports:
        if args.format == "json":
            out.write(report.as_json())
        elif args.format == "turtle":
            out.write(report.as_turtle())
        else:
            out.write(report.render_text())
    failed = [r for r in reports if not r.conforms]
    if failed:
        raise ValidationFailed(
            f"{len(failed)} of {len(reports)} validation{'s' if len(reports) != 1 else ''} found violations: "
            + ", ".join(r.title for r in failed),
            report=failed[0],
            hint="fix the resources listed under each shape above",
        )
    return EXIT_OK


def _query(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from mgo.config import Project
    from mgo.query import local as q

    project = Project(_root(args))
    if args.endpoint and (args.sources or args.update_golden):
        raise UsageError("--endpoint cannot be combined with --sources or --update-golden")
    if args.update_golden:
        names = [args.query] if args.query else q.available_queries(project)
        if not names:
            raise UsageError(f"no queries to update: {project.queries_dir} has no .rq files")
        if "-" in names:
            raise UsageError("--update-golden needs a query NAME, not standard input")
        store = q.load_store(project, from_sources=args.sources)
        for name in names:
            path = q.update_golden(project, name, store)
            print(f"wrote {project.relative(path)}", file=out)
        return EXIT_OK
    if not args.query:
        names = q.available_queries(project)
        raise UsageError(
            "which query? give a NAME, a .rq FILE or - (standard input); available queries: "
            + (", ".join(names) if names else "(none)"),
            hint="mgo query NAME",
        )
    text, _, _ = q.resolve_query(project, args.query)
    from mgo.query.command import run_cli

    return run_cli(args, project, text, out, err)  # prefixes, namespace warnings, local or --endpoint


def _fmt(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from mgo.config import Project
    from mgo.errors import DataError
    from mgo.rdf.fmt import format_files, turtle_sources

    project = Project(_root(args))
    files = turtle_sources(project.root)
    if not files:
        raise UsageError(f"no Turtle sources under {project.root}", hint="pass --root with the project folder")
    changed = format_files(files, check=args.check)
    for path in changed:
        print(f"{'not canonical' if args.check else 'rewrote'}: {project.relative(path)}", file=out)
    if args.check and changed:
        raise DataError(
            f"{len(changed)} Turtle file{'s are' if len(changed) != 1 else ' is'} not in canonical form",
            hint="run 'mgo fmt' and commit the result",
        )
    return EXIT_OK


def _version(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from mgo.version import project_version

    print(f"mgo {project_version(_root(args))}", file=out)
    return EXIT_OK


def _plugin(module: str) -> Callable[[argparse.Namespace, TextIO, TextIO], int]:
    """A subcommand that lives in a module of its own (``add_parser`` + ``run``), imported only when used."""

    def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        return int(importlib.import_module(module).run(args, out, err))

    return run


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "build": _build,
    "validate": _validate,
    "query": _query,
    "fmt": _fmt,
    "version": _version,
    **{name: _plugin(module) for name, module in _PLUGINS.items()},
}


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
    try:
        args = _parser().parse_args(args_list)
        if args.command is None:
            _parser().print_help(out)
            return EXIT_USAGE
        return _COMMANDS[args.command](args, out, err)
    except MgoError as exc:
        print(f"error: {exc.render()}", file=err)
        if isinstance(exc, ValidationFailed) and args_list[:1] == ["build"]:
            from mgo.pipeline.validate import Report

            if isinstance(exc.report, Report):
                print(exc.report.render_text(), file=err, end="")
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130
    except SystemExit as exc:  # argparse --help / --version
        return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_USAGE
    except OSError as exc:
        from mgo.errors import environment_error

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
