"""``mgo build``, ``mgo validate``, ``mgo query`` and ``mgo fmt``: the arguments of :mod:`mgo.cli.commands`
turned into calls of the library, and its results into the lines the README shows.

This module is imported only when one of these commands runs (the table names it as a string), so it
imports the library, and with it rdflib and pySHACL, at its top.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from mgo.config import Project, resolve_root
from mgo.errors import EXIT_OK, DataError, MissingFileError, UsageError, ValidationFailed
from mgo.pipeline import build as pipeline  # looked up per call: tests replace pipeline.build to fake a bug
from mgo.pipeline.locate import build_index
from mgo.pipeline.parse import parse_file
from mgo.pipeline.validate import (
    Report,
    external_dir,
    external_profiles_available,
    validate_external,
    validate_file,
    validate_sources,
)
from mgo.quality.check import validation_report
from mgo.quality.mappings_profile import validate_nl_sbb
from mgo.quality.reports import render
from mgo.query import local as q
from mgo.query.command import run_cli
from mgo.rdf.fmt import format_files, turtle_sources


def _project(args: argparse.Namespace) -> Project:
    return Project(resolve_root(getattr(args, "root", None)))


def build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo build [--profile]``."""
    project = _project(args)
    result = pipeline.build(project)
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
        for phase in (*pipeline.PHASES, "total"):
            print(f"| {phase} | {result.timings.get(phase, 0.0):.3f} |", file=out)
    return EXIT_OK


def validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo validate [FILE] [--shapes S] [--ontology] [--external] [--format …]``."""
    project = _project(args)
    if args.ontology and args.file is None:
        raise UsageError("--ontology only applies to 'mgo validate FILE'", hint="give the FILE to validate")
    reports: list[Report] = []
    index = shapes = None
    if args.file is not None:
        reports.append(validate_file(project, args.file, shapes=args.shapes, ontology=args.ontology))
        data = None
        mappings = None
    else:
        sources = pipeline.prepare(project)
        if args.shapes is not None:
            if not args.shapes.is_file():
                raise MissingFileError(f"shapes file not found: {args.shapes}", file=args.shapes)
            sources.graphs["shapes"] = parse_file(args.shapes, shown_as=project.relative(args.shapes))
        reports.append(validate_sources(sources))
        data = sources.publication()
        if args.format in ("junit", "sarif"):  # findings at file:line, as mgo check gives them
            index, shapes = build_index(project), sources.shapes()
        mappings = sources.graphs.get("mappings")
        if mappings is not None:
            data -= mappings  # the third-party profiles see the core; the mappings get a run of their own
    if args.external:
        if not external_profiles_available(project.root):
            raise MissingFileError(
                f"the third-party profiles are not in {external_dir(project.root)}",
                hint="restore external/ from the repository, or set MGO_EXTERNAL_DIR to a copy of the profiles",
            )
        if data is None:
            data = parse_file(args.file, shown_as=project.relative(args.file))
        reports.extend(validate_external(project.root, data))
        if mappings is not None and len(mappings):
            reports.append(validate_nl_sbb(project.root, mappings, data))
    if args.format in ("junit", "sarif"):  # the one quality run's report, as mgo check --format writes it
        out.write(render(validation_report(project, reports, index=index, labels=data, shapes=shapes), args.format))
    for report in reports if args.format not in ("junit", "sarif") else []:
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


def query(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo query [NAME|FILE|-] [--sources] [--update-golden] [--endpoint URL] [--format …]``."""
    project = _project(args)
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
    return run_cli(args, project, text, out, err)  # prefixes, namespace warnings, local or --endpoint


def fmt(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo fmt [--check]``."""
    project = _project(args)
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
