"""The table of ``mgo`` commands: name, help, the library function that runs it, and its arguments.

Every subcommand is one :class:`Command` row of :data:`COMMANDS`; the options several commands share
(``--root``, ``--debug``, ``--format``, ``--verbose``, ``--endpoint``, ``--timeout``, ``--dist``/``--no-build``,
``--engine``) are declared once below and only chosen per command. :func:`build_parser` turns the table into
argparse parsers; :func:`mgo.cli.main` is the one error boundary that runs the chosen function.

Why strings (``"mgo.quality.check:run"``) and :class:`Ref` instead of imports: the library modules import rdflib,
pySHACL and pyoxigraph at their top, which costs about a second. ``mgo --help`` and ``mgo version`` import none
of them: a command's module is imported when the command runs, and a value of the library that a command's
help shows (the names of the checks, the kinds of store) is looked up only when that command's parser is built.
This is the CLI's one deferral of imports; nowhere else in ``mgo`` does a function import an ``mgo`` module.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mgo.config import resolve_root
from mgo.errors import EXIT_OK, UsageError
from mgo.version import project_version

#: what a command runs: ``function(args, out, err) -> exit code`` (errors are raised, see :mod:`mgo.errors`)
Run = Callable[[argparse.Namespace, TextIO, TextIO], int]


@dataclass(frozen=True)
class Ref:
    """A value of the library, looked up only when the parser of the command that shows it is built.

    ``target`` is ``"module:attribute"``; ``then`` turns the value into what argparse needs (a text, choices).
    """

    target: str
    then: Callable[[Any], Any] | None = None

    def resolve(self) -> Any:
        value = _lookup(self.target)
        return self.then(value) if self.then is not None else value


@dataclass(frozen=True)
class Arg:
    """One ``add_argument(*flags, **options)``; an option value may be a :class:`Ref`."""

    flags: tuple[str, ...]
    options: dict[str, Any]


@dataclass(frozen=True)
class OneOf:
    """Arguments of which at most one may be given (an argparse mutually exclusive group)."""

    arguments: tuple[Arg, ...]


@dataclass(frozen=True)
class Command:
    """One row of the table: ``mgo NAME …`` runs ``run`` (``"module:function"``) with the parsed arguments."""

    name: str
    help: str
    run: str = ""
    arguments: tuple[Arg | OneOf, ...] = ()
    description: str | Ref | None = None
    #: sub-commands (``mgo new variant|source|mapping``): their name lands in ``args.kind``
    kinds: tuple[Command, ...] = ()
    #: on a :class:`mgo.errors.ValidationFailed`, also print its report after the error (``mgo build``)
    report_on_error: bool = False


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


def _lookup(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def function(command: Command) -> Run:
    """The function that runs ``command`` (its module is imported now, not at start-up)."""
    run: Run = _lookup(command.run)
    return run


# --- the shared options, declared once -------------------------------------------------------------------------

#: on ``mgo`` itself and on every command, so ``mgo --root R build`` and ``mgo build --root R`` both work
#: (``SUPPRESS``: a subcommand's absent option does not overwrite the one given before it)
ROOT = arg(
    "--root",
    type=Path,
    default=argparse.SUPPRESS,
    help="project folder (default: the nearest folder up from here with the mgo pyproject.toml)",
)
DEBUG = arg("--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback on internal errors")
COMMON = (ROOT, DEBUG)


def format_option(choices: Sequence[str] | Ref, default: str, text: str) -> Arg:
    """``--format``: what the command prints (choices per command, e.g. text|json|junit|sarif)."""
    return arg("--format", choices=choices, default=default, help=text)


def verbose_option(text: str) -> Arg:
    """``--verbose``/``-v``: say more (what exactly: per command)."""
    return arg("--verbose", "-v", action="store_true", help=text)


def endpoint_option(text: str) -> Arg:
    """``--endpoint URL``: a SPARQL 1.1 endpoint of a store (``mgo load``), instead of the embedded store."""
    return arg("--endpoint", metavar="URL", help=text)


def timeout_option(default: float | Ref, text: str | Ref) -> Arg:
    """``--timeout SECONDS``: how long to wait for a store or a query."""
    return arg("--timeout", type=float, default=default, help=text)


def engine_option(engines: Ref, text: str = "SHACL engine (default: rust)") -> Arg:
    """``--engine rust|pyshacl``: which SHACL engine runs the profiles (shacl-rust or pySHACL)."""
    return arg("--engine", choices=engines, default="rust", help=text)


#: ``--dist`` and ``--no-build``: the commands that read the built publication (built first when stale)
DIST = (
    arg("--dist", type=Path, help="use this built folder as it is (default: the project's dist/, built when stale)"),
    arg("--no-build", action="store_true", help="do not build first, even when dist/ is stale"),
)

QUERY_FORMATS = Ref("mgo.query.local:FORMATS")


def _load_description(kinds: dict[str, Any]) -> str:
    urls = "; ".join(
        f"{k.name}: {k.base_example} (SPARQL {k.sparql_path or 'the base'}, Graph Store {k.graph_store_path})"
        for k in kinds.values()
        if k.base_example
    )
    return (
        "Load every named graph of dist/mgo.trig into a store with the SPARQL 1.1 Graph Store Protocol "
        "(PUT replaces), then read each back and compare it term for term. Give the store's base URL: "
        f"{urls}. Credentials: MGO_STORE_USER and MGO_STORE_PASSWORD in the environment."
    )


def version(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo version``: here, not in :mod:`mgo.cli.actions`, so that it imports nothing heavy."""
    print(f"mgo {project_version(resolve_root(getattr(args, 'root', None)))}", file=out)
    return EXIT_OK


# --- the table -------------------------------------------------------------------------------------------------

COMMANDS: tuple[Command, ...] = (
    Command(
        "build",
        "validate the sources and write dist/",
        "mgo.cli.actions:build",
        (arg("--profile", action="store_true", help="print the time of each phase"),),
        report_on_error=True,
    ),
    Command(
        "validate",
        "check the sources (or FILE) against the shapes",
        "mgo.cli.actions:validate",
        (
            arg("file", nargs="?", type=Path, help="a Turtle file to validate instead of the project sources"),
            arg("--shapes", type=Path, help="shapes file to use instead of the project's shapes/*.ttl"),
            arg("--ontology", action="store_true", help="with FILE: add the project's ontology to the data graph"),
            format_option(("text", "json", "turtle", "junit", "sarif"), "text", "report format"),
            arg("--external", action="store_true", help="also validate against NL-SBB and VocPub (external/)"),
        ),
    ),
    Command(
        "query",
        "run a SPARQL query: NAME (queries/NAME.rq), FILE or -",
        "mgo.cli.actions:query",
        (
            arg("query", nargs="?", help="query name, .rq file, or - for standard input"),
            arg("--format", choices=QUERY_FORMATS, default="table"),
            arg(
                "--sources",
                action="store_true",
                help="query the source files directly instead of dist/mgo.ttl (no build)",
            ),
            arg(
                "--update-golden",
                action="store_true",
                help="rewrite queries/NAME.srj (or .csv) from the current result; without NAME: every query",
            ),
            endpoint_option(
                "run the query on this SPARQL endpoint (a store loaded with 'mgo load') instead of dist/; "
                "login from MGO_STORE_USER/MGO_STORE_PASSWORD"
            ),
            timeout_option(60.0, "with --endpoint: seconds to wait for the store (default 60)"),
            verbose_option("say which prefixes were added to the query and, with --endpoint, which graphs it reads"),
        ),
    ),
    Command(
        "fmt",
        "rewrite the Turtle sources in canonical form",
        "mgo.cli.actions:fmt",
        (arg("--check", action="store_true", help="only list files that are not canonical (exit 1)"),),
    ),
    Command(
        "serve",
        "serve the publication over HTTP: IRIs, SPARQL endpoint, downloads",
        "mgo.web.serve:run",
        (
            arg("--host", default=Ref("mgo.web.serve:DEFAULT_HOST"), help="address to listen on (default 127.0.0.1)"),
            arg("--port", type=int, default=Ref("mgo.web.serve:DEFAULT_PORT"), help="port (default 8000)"),
            *DIST,
            arg("--site", type=Path, help="the built site to serve (default: DIST/site, written by 'mgo site')"),
            arg(
                "--store",
                type=Path,
                help="folder of the on-disk store, built there once from DIST (default: .DIST-store beside DIST)",
            ),
            endpoint_option(
                "serve the same documents and 303s in front of this SPARQL 1.1 endpoint (loaded with 'mgo load'), "
                "instead of the on-disk store; /sparql forwards to it (login: MGO_STORE_USER, MGO_STORE_PASSWORD)"
            ),
            timeout_option(10.0, "query time limit in seconds (default 10)"),
            arg(
                "--max-result-bytes",
                type=int,
                default=16 * 2**20,
                help="largest query result in bytes; a larger one gets 413 (default 16 MiB)",
            ),
            arg(
                "--workers",
                type=int,
                default=3,
                help="query worker processes (default 3); one client runs queries on all but one of them at once",
            ),
            arg(
                "--worker-memory",
                type=int,
                default=2048,
                help="address-space limit of each query worker in MiB, 0 for none (default 2048)",
            ),
            arg(
                "--max-body",
                type=int,
                default=Ref("mgo.web.serve:DEFAULT_MAX_BODY"),
                help="largest POST body in bytes (default 1 MiB)",
            ),
            arg(
                "--header-timeout",
                type=float,
                default=10.0,
                help="seconds a connection may take to send a whole request head; slower ones are closed (default 10)",
            ),
            arg(
                "--write-timeout",
                type=float,
                default=30.0,
                help="seconds a client may leave a response unread before the connection is dropped (default 30)",
            ),
        ),
        description="Serve the built publication: every IRI dereferences (303 + content negotiation), "
        "a read-only SPARQL 1.1 endpoint at /sparql, the dist/ files as downloads, /health.",
    ),
    Command(
        "load",
        "load the publication into a triple store (Graph Store Protocol), then verify it term for term",
        "mgo.query.load:run",
        (
            arg("base", nargs="?", metavar="BASE", help="the store's base URL, e.g. http://127.0.0.1:7878"),
            arg(
                "--store",
                choices=Ref("mgo.query.stores:STORE_NAMES"),
                help="the kind of store (default: detected from BASE)",
            ),
            endpoint_option("the store's SPARQL query URL (default: derived from BASE)"),
            arg("--graph-store", help="the store's Graph Store Protocol URL (default: derived from BASE)"),
            timeout_option(
                Ref("mgo.query.load:DEFAULT_TIMEOUT"),
                Ref(
                    "mgo.query.load:DEFAULT_TIMEOUT",
                    lambda t: f"seconds to wait for the store to answer a request (default {t:g})",
                ),
            ),
            arg("--no-verify", action="store_true", help="skip reading the graphs back"),
            arg(
                "--how-to-query",
                action="store_true",
                help="only print how to query the publication's union on this store (nothing is loaded)",
            ),
            *DIST,
        ),
        description=Ref("mgo.query.stores:KINDS", _load_description),
    ),
    Command(
        "links",
        "list the mappings to other vocabularies (--check: validate them)",
        "mgo.quality.links:run",
        (
            arg("--check", action="store_true", help="validate the mapping sets and identifiers offline"),
            arg("--external", action="store_true", help="with --check: also NL-SBB (external/)"),
            arg("--concept", help="only this concept: CURIE (concept:lab), IRI or label"),
            arg(
                "--vocabulary",
                choices=Ref("mgo.pipeline.sssom:VOCABULARIES", lambda v: sorted({short for short, _ in v.values()})),
                help="only mappings to this vocabulary",
            ),
            format_option(Ref("mgo.quality.links:FORMATS"), "text", "output format (default: text)"),
        ),
        description="List the mappings to other vocabularies per concept and per vocabulary, or check them.",
    ),
    Command(
        "site",
        "write the documentation site to dist/site/ (from dist/, built by 'mgo build')",
        "mgo.web.site:run",
        (
            arg("--dist", type=Path, help="the built publication (default: ROOT/dist)"),
            arg("--out", type=Path, help="where to write the site (default: DIST/site)"),
            arg(
                "--hosting-base",
                help="URL where the site is hosted, for the w3id .htaccess (default: [tool.mgo.site] hosting-base)",
            ),
            arg(
                "--ontology-readme",
                action="store_true",
                help="also rewrite the generated class-diagram part of ontology/README.md (from DIST's publication)",
            ),
        ),
    ),
    Command(
        "template",
        "write the template for describing an environment (CSV or YAML), with the allowed values",
        "mgo.environment.template:run",
        (
            format_option(("csv", "yaml"), "csv", "template format (default: csv)"),
            arg("--out", type=Path, help="write the template to FILE (default: standard output)"),
            arg("--codes", type=Path, help="also write every allowed value (column, code, labels, IRI) as CSV"),
        ),
    ),
    Command(
        "describe",
        "check a description of your environment (CSV, YAML, Turtle); rank the definitions it fits",
        "mgo.environment.describe:run",
        (
            arg("file", type=Path, help="the description: .csv, .yaml/.yml, .ttl or .nt"),
            arg("--out", type=Path, help="write the description as Turtle to this file"),
            engine_option(Ref("mgo.environment.profilecheck:ENGINES")),
            arg("--lang", choices=("nl", "en"), help="language of the result (default: the description's)"),
            format_option(
                ("text", "json", "html"),
                "text",
                "text (default), json (docs/DESCRIBE.md has the schema) or a self-contained html report",
            ),
        ),
    ),
    Command(
        "catalogue",
        "validate and profile many descriptions (folders, spreadsheets with many rows, RDF graphs)",
        "mgo.environment.catalogue:run",
        (
            arg("paths", nargs="+", type=Path, help="description files or folders"),
            engine_option(Ref("mgo.environment.profilecheck:ENGINES")),
            arg("--report", type=Path, help="write one CSV row per environment (best fit, score …)"),
            arg("--out", type=Path, help="write the catalogue's triples (as described) as N-Triples"),
            arg("--query", help="run queries/catalogue/NAME.rq (or a .rq file) over the catalogue"),
            format_option(QUERY_FORMATS, "table", "with --query"),
            OneOf(
                (
                    arg("--progress", dest="progress", action="store_true", default=None, help="always show progress"),
                    arg("--no-progress", dest="progress", action="store_false", help="never show progress"),
                )
            ),
        ),
    ),
    Command(
        "check",
        "run every quality check (shapes, NL-SBB, VocPub, quality queries, reasoning, parity)",
        "mgo.quality.check:run",
        (
            format_option(Ref("mgo.quality.check:FORMATS"), "text", "report format (default: text)"),
            arg("--output", "-o", type=Path, help="write the report to this file instead of stdout"),
            arg("--parity", action="store_true", help="print the Dutch/English parity table"),
            arg("--profile", action="store_true", help="print the time of each check"),
            arg(
                "--only",
                help=Ref(
                    "mgo.quality.check:CHECKS",
                    lambda checks: f"comma-separated checks to run (of: {', '.join(checks[1:])}); parse always runs",
                ),
            ),
            engine_option(Ref("mgo.quality.profiles:ENGINES"), "engine of NL-SBB/VocPub"),
            arg("--no-external", action="store_true", help="skip NL-SBB and VocPub"),
            arg("--no-warnings", action="store_true", help="text format: list errors only"),
            verbose_option("text: every check's status, the reasoner's table"),
            arg("--fix", action="store_true", help="first write what can be computed (hashes, counts, canonical form)"),
            arg("--reviewed", action="store_true", help="with --fix: also renew stale translation hashes"),
        ),
        description="Run every quality check in one pass; exit code 1 when any check finds an error.",
    ),
    Command(
        "release",
        "release version X.Y.Z (= pyproject.toml's version): check, stamp, diff, record",
        "mgo.releases.release:run",
        (
            arg("version", nargs="?", help="the version to release, X.Y.Z (must equal pyproject.toml's)"),
            arg("--date", help="release date, YYYY-MM-DD (default: today)"),
            arg("--dry-run", action="store_true", help="check and print the changes; write nothing"),
            arg(
                "--archive",
                action="store_true",
                help="only rebuild dist/releases/all.trig from the records in releases/",
            ),
        ),
        description="Release the version pyproject.toml states: run every check, stamp the version, diff "
        "against the previous release, write dist/releases/X.Y.Z/ and the record releases/X.Y.Z.nt.",
    ),
    Command(
        "diff",
        "concept-level changes between two releases, or from the last release to the sources",
        "mgo.releases.diff:run",
        (
            arg("old", nargs="?", metavar="FROM", help="a released version (default: the last release)"),
            arg("new", nargs="?", metavar="TO", help="a released version or 'sources' (default: sources)"),
            format_option(("markdown", "turtle"), "markdown", "default: markdown"),
        ),
        description="Concept-level diff. FROM and TO are released versions (releases/X.Y.Z.nt) or 'sources' "
        "(the working tree). Default: from the last release to the sources, i.e. what the next release changes.",
    ),
    Command(
        "new",
        "write the skeleton of a new variant, source or mapping (with TODO markers)",
        "mgo.quality.scaffold:run",
        description="Write the skeleton of a new resource in every file that needs it; mgo check reports each "
        "TODO until it is filled in.",
        kinds=(
            Command(
                "variant",
                "a variant of a base concept",
                arguments=(
                    arg("name", help="the name in the IRI (concept/NAME), e.g. proeftuin"),
                    arg("--broader", required=True, help="the base concept, e.g. lab"),
                    arg("--source", required=True, help="the source of its quote (bron/SOURCE)"),
                ),
            ),
            Command(
                "source", "a work the text cites", arguments=(arg("name", help="the name in the IRI (bron/NAME)"),)
            ),
            Command(
                "mapping",
                "a row of the SSSOM mapping set",
                arguments=(
                    arg("concept", help="our concept (concept/NAME), e.g. stadslab"),
                    arg(
                        "predicate",
                        choices=Ref("mgo.quality.scaffold:MAPPING_PREDICATES"),
                        help="the SKOS mapping property",
                    ),
                    arg("target", help="the target as a CURIE of the set, e.g. unesco:concept13097"),
                ),
            ),
        ),
    ),
    Command("version", "print the version", "mgo.cli.commands:version"),
)

BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}


# --- from the table to argparse --------------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` returns exit code 2 with one message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", hint=f"see '{self.prog} --help'")


def _value(value: Any) -> Any:
    return value.resolve() if isinstance(value, Ref) else value


def _add(parser: argparse.ArgumentParser | Any, arguments: Iterable[Arg | OneOf]) -> None:
    for argument in arguments:
        if isinstance(argument, OneOf):
            _add(parser.add_mutually_exclusive_group(), argument.arguments)
        else:
            parser.add_argument(*argument.flags, **{key: _value(v) for key, v in argument.options.items()})


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The ``mgo`` parser. Only the commands named in ``argv`` get their arguments (and look up their
    :class:`Ref` values): ``mgo --help`` lists every command from the table without importing the library."""
    common = Parser(add_help=False)
    _add(common, COMMON)
    parser = Parser(
        prog="mgo",
        description="Build, validate and query the Missiegedreven omgevingen publication.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    named = set(argv)
    for command in COMMANDS:
        description = _value(command.description) if command.name in named else None
        child = sub.add_parser(command.name, parents=[common], help=command.help, description=description)
        if command.name not in named:
            continue
        _add(child, command.arguments)
        if command.kinds:
            kinds = child.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=Parser)
            for kind in command.kinds:
                _add(kinds.add_parser(kind.name, parents=[common], help=kind.help), kind.arguments)
    return parser
