"""``mgo describe FILE``: check a description of one's own environment and say which definitions it fits.

Steps, each with a clear error (exit codes of :mod:`mgo.errors`):

1. read the description (CSV, YAML, Turtle or N-Triples, :mod:`mgo.intake`) and convert it to the profile's
   triples (:mod:`mgo.profile`); a value that is not allowed names its row and column or YAML path, and the
   allowed values (exit 1);
2. validate it against ``shapes/profile/*.ttl`` with the model's vocabulary context (:mod:`mgo.profilecheck`);
   a violation stops here (exit 1), a warning is printed;
3. reason with owlrl (OWL 2 RL, :func:`mgo.reason.closure`) over the description and the publication: an
   environment typed Living Lab is a lab and a ``mgo:Environment``; an inconsistency stops here (exit 1);
4. print, per environment, what it is, the facet values it names, and the eight definitions ranked by the
   score of :mod:`mgo.fit` with the shared values listed;
5. with ``--out FILE.ttl``, write the description as canonical Turtle (the triples as given, not the closure).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mgo.errors import EXIT_OK, DataError, InconsistencyError, MissingFileError, Problem, UsageError
from mgo.profile import ENVIRONMENT_CLASS, PREFIXES, RDF, SCHEMA, Triple, Where, convert, ntriples

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.fit import Fit, Model
    from mgo.profilecheck import Finding, Shapes


@dataclass
class Description:
    """The triples of a file's environments and where each environment was written (row, YAML path)."""

    path: Path
    shown: Path
    triples: list[Triple]
    where: dict[str, Where] = field(default_factory=dict)  # environment IRI -> where it was written


def read_description(path: Path, model: Model, *, shown: Path | None = None) -> Description:
    """The triples of ``path``; :class:`DataError` listing every problem of every environment in it."""
    from mgo.intake import iter_entries, kind_of, structural_problems

    shown = shown or path
    if not path.exists():
        raise MissingFileError(f"file not found: {shown}", file=shown, hint="check the path of the description")
    kind = kind_of(path)
    if kind in ("turtle", "nt"):
        return Description(path, shown, _rdf_triples(path, shown, kind))
    description = Description(path, shown, [])
    problems: list[Problem] = []
    seen: dict[str, Where] = {}
    count = 0
    for entry in iter_entries(path, shown):
        count += 1
        found = structural_problems(entry)
        converted = convert(entry, model.codes)
        found += converted.problems
        if converted.iri is not None and converted.iri in seen:
            first = seen[converted.iri]
            id_value = entry.first("id")
            here = id_value.where if id_value else entry.where
            found.append(here.problem(f"the id <{converted.iri}> is already used ({first.elsewhere(here)})"))
        if converted.iri is not None:
            seen.setdefault(converted.iri, entry.where)
        if found:
            problems.extend(found)
            continue
        assert converted.iri is not None
        description.where[converted.iri] = entry.where
        description.triples.extend(converted.triples)
    if count == 0:
        raise DataError(f"{shown}: no environment described", file=shown, hint="fill in one row per environment")
    if problems:
        raise DataError(
            f"{shown}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the description",
            file=None,
            problems=problems,
            hint="correct the values named above (mgo template lists the allowed values of every column)",
        )
    return description


def _rdf_triples(path: Path, shown: Path, kind: str) -> list[Triple]:
    from mgo.parse import parse_file

    if kind == "turtle":
        graph = parse_file(path, shown_as=shown)
    else:
        from rdflib import Graph

        graph = Graph()
        try:
            graph.parse(path, format="nt")
        except Exception as exc:
            raise DataError(f"N-Triples syntax error: {exc}", file=shown) from None
    return sorted((s.n3(), p.n3(), o.n3()) for s, p, o in graph)


def description_graph(description: Description) -> Graph:
    from mgo.profile import to_graph

    return to_graph(description.triples)


# --- reasoning ------------------------------------------------------------------------------------------


def reasoned_types(description: Description, model: Model) -> dict[str, set[str]]:
    """Every described node's ``rdf:type`` set after the OWL 2 RL closure of description + publication."""
    from rdflib import RDF as RDF_NS
    from rdflib import URIRef

    from mgo.reason import closure

    graph = description_graph(description)
    merged = model.graph + graph
    inferred, errors = closure(merged)
    if errors:
        raise InconsistencyError(
            f"{description.shown}: the description contradicts the model (OWL 2 RL): " + "; ".join(errors),
            hint="check the rdf:type values of the description",
        )
    nodes = {s for s in graph.subjects() if isinstance(s, URIRef)}
    return {str(n): {str(t) for t in inferred.objects(n, RDF_NS.type)} for n in nodes}


def environments(description: Description, types: dict[str, set[str]]) -> list[str]:
    """The described environments: nodes that are a ``mgo:Environment`` after reasoning, in file order."""
    found = [node for node, classes in types.items() if ENVIRONMENT_CLASS in classes]
    order = list(description.where)
    return sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n))


def facet_values(description: Description) -> dict[str, set[str]]:
    """Environment IRI -> its facet values (``mgo:involves``, and its partners' ``org:classification``)."""
    from mgo.profile import MGO, ORG

    members: dict[str, str] = {}
    out: dict[str, set[str]] = {}
    for s, p, o in description.triples:
        if p == f"<{SCHEMA}member>":
            members[o] = s
    for s, p, o in description.triples:
        if p == f"<{MGO}involves>" and o.startswith("<"):
            out.setdefault(s[1:-1], set()).add(o[1:-1])
        elif p == f"<{ORG}classification>" and s in members and o.startswith("<"):
            out.setdefault(members[s][1:-1], set()).add(o[1:-1])
    return out


# --- validation -----------------------------------------------------------------------------------------


def check(description: Description, model: Model, shapes: Shapes, engine: str = "rust") -> list[Finding]:
    from mgo.profilecheck import validate

    return validate(ntriples(description.triples) + model.context_nt, shapes, engine=engine)


def finding_problems(
    findings: list[Finding], description: Description, shapes: Shapes
) -> tuple[list[Problem], list[Problem]]:
    """(violations, warnings) as problems that name the environment, its row or YAML path, and the shape."""
    texts = shapes.texts()
    owner: dict[str, str] = {}
    for s, p, o in description.triples:
        if p == f"<{SCHEMA}member>":
            owner[o] = s
    violations: list[Problem] = []
    warnings: list[Problem] = []
    for finding in findings:
        env = owner.get(finding.focus, finding.focus)
        env_iri = env[1:-1] if env.startswith("<") else env
        where = description.where.get(env_iri)
        place = f"{where.text()}, " if where and where.text() else ""
        about = f"partner {finding.focus} of " if env != finding.focus else ""
        shape_texts = texts.get(finding.shape, {})
        message = shape_texts.get("message", {})
        name = shape_texts.get("name", {}).get("en", "")
        detail = f" (property {finding.path}" + (f", value {finding.value}" if finding.value else "") + ")"
        problem = Problem(
            f"{place}{about}{env}: {finding.shape_id} ({name}){detail if finding.path else ''}\n"
            f"    en: {message.get('en', '')}\n    nl: {message.get('nl', '')}",
            file=description.shown,
        )
        (violations if finding.severity == "Violation" else warnings).append(problem)
    return violations, warnings


# --- the profile ----------------------------------------------------------------------------------------


def render_environment(
    env: str, description: Description, model: Model, types: set[str], values: set[str], fits: list[Fit]
) -> str:
    """The text block ``mgo describe`` prints for one environment (tests compare it exactly)."""
    graph_names = [o for s, p, o in description.triples if s == f"<{env}>" and p == f"<{SCHEMA}name>"]
    name = json.loads(graph_names[0]) if graph_names and graph_names[0].endswith('"') else env
    declared = sorted(o[1:-1] for s, p, o in description.triples if s == f"<{env}>" and p == f"<{RDF}type>")
    in_model = [c for c in sorted(types) if c == ENVIRONMENT_CLASS or c in model.notations or _is_concept(model, c)]
    lines = [f"{name} <{env}>"]
    where = description.where.get(env)
    if where is not None and where.text():
        lines[0] += f" ({where.text()})"
    lines.append("  described as: " + ", ".join(model.concept_name(c) for c in declared))
    lines.append("  is (OWL 2 RL): " + ", ".join(model.concept_name(c) for c in _by_depth(model, in_model)))
    expanded = sorted(model.expand(values))
    lines.append(f"  names {len(expanded)} facet values: " + (", ".join(model.short(v) for v in expanded) or "none"))
    lines.append("  fit with the eight definitions (score = shared values / values in either, Jaccard):")
    width = max(len(model.concept_name(f.concept)) for f in fits)
    for rank, fit in enumerate(fits, start=1):
        mark = "  <- described as" if fit.concept in types and fit.concept in declared else ""
        mark = mark or ("  <- is a subclass" if fit.concept in types else "")
        shared = ", ".join(model.short(v) for v in fit.shared) or "-"
        lines.append(
            f"    {rank}. {model.concept_name(fit.concept).ljust(width)}  {float(fit.score):.2f}"
            f"  {len(fit.shared):>2}/{fit.union:<2}  {shared}{mark}"
        )
    return "\n".join(lines) + "\n"


def _is_concept(model: Model, iri: str) -> bool:
    from mgo.profile import ENVIRONMENTS

    return any(c.iri == iri for c in model.codes.values(ENVIRONMENTS))


def _by_depth(model: Model, classes: list[str]) -> list[str]:
    """Most specific first: a class before its superclasses."""
    return sorted(classes, key=lambda c: (-len(model.superclasses.get(c, ())), model.concept_name(c)))


@dataclass
class Outcome:
    description: Description
    findings: list[Finding]
    warnings: list[Problem]
    text: str


def describe_file(
    path: Path, model: Model, shapes: Shapes, *, engine: str = "rust", shown: Path | None = None
) -> Outcome:
    """Steps 1-4 of the module docstring; raises :class:`DataError` (exit 1) on a problem."""
    description = read_description(path, model, shown=shown)
    findings = check(description, model, shapes, engine)
    violations, warnings = finding_problems(findings, description, shapes)
    if violations:
        raise DataError(
            f"{description.shown}: {len(violations)} violation{'s' if len(violations) != 1 else ''} of the "
            "profile's shapes",
            problems=violations,
            hint="correct the description as each message says (docs/DESCRIBE.md has the profile)",
        )
    types = reasoned_types(description, model)
    envs = environments(description, types)
    if not envs:
        raise DataError(
            f"{description.shown}: no environment found: nothing is typed with a base concept or variant",
            file=description.shown,
            hint="type the environment: <https://example.org/my-lab> a <https://w3id.org/missiegedreven/concept/living-lab>",
        )
    values = facet_values(description)
    blocks = [
        render_environment(
            env, description, model, types[env], values.get(env, set()), model.fits(values.get(env, set()))
        )
        for env in envs
    ]
    return Outcome(description, findings, warnings, "\n".join(blocks))


def write_turtle(description: Description, out: Path) -> None:
    from mgo.serialize import canonical_turtle

    text = canonical_turtle(description_graph(description), prefixes=sorted(PREFIXES.items()))
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}", file=out) from None


# --- CLI ------------------------------------------------------------------------------------------------


def add_parser(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser] | None = None) -> None:
    """``mgo describe FILE [--out FILE.ttl] [--engine rust|pyshacl]``."""
    from mgo.profilecheck import ENGINES

    parser = subparsers.add_parser(
        "describe",
        parents=parents or [],
        help="check a description of your environment (CSV, YAML, Turtle); rank the definitions it fits",
    )
    parser.add_argument("file", type=Path, help="the description: .csv, .yaml/.yml, .ttl or .nt")
    parser.add_argument("--out", type=Path, help="write the description as Turtle to this file")
    parser.add_argument("--engine", choices=ENGINES, default="rust", help="SHACL engine (default: rust)")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    import sys

    from mgo.config import project_from
    from mgo.fit import load_model
    from mgo.profilecheck import load_shapes

    out = out or sys.stdout
    err = err or sys.stderr
    project = project_from(getattr(args, "root", None))
    shapes = load_shapes(project.root)
    model = load_model(project)
    outcome = describe_file(args.file, model, shapes, engine=args.engine, shown=args.file)
    for warning in outcome.warnings:
        print(f"warning: {warning.render()}", file=err)
    out.write(outcome.text)
    if args.out is not None:
        write_turtle(outcome.description, args.out)
        print(f"wrote {args.out}", file=err)
    return EXIT_OK
