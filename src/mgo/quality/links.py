"""``mgo links``: the mappings to other vocabularies, per concept and per vocabulary; ``--check`` checks them.

``mgo links`` lists every row of the mapping sets (``data/mappings/*.sssom.tsv``): per concept (in file order)
the relation, the external concept, its vocabulary and the confidence, non-matches marked ``NOT``;
then a table per vocabulary and relation. ``--concept`` and ``--vocabulary`` narrow the list; ``--format
json|tsv`` give the same rows for programs.

``mgo links --check`` validates offline, without building: the mapping-set checks of :mod:`mgo.pipeline.sssom`
(each problem with ``file:line:column``) and the ``L`` shapes of ``shapes/mappings.ttl`` over the sources and
the mappings layer, each violation located at the row of the mapping or the line of the identifier;
``--external`` adds NL-SBB (:func:`mgo.quality.mappings_profile.validate_nl_sbb`). Exit codes as everywhere
(:mod:`mgo.errors`): 0 no problem, 1 a problem, 2 usage.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pyoxigraph
from rdflib import Literal, URIRef

from mgo.config import Project, resolve_root
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, Problem, UsageError
from mgo.findings import CheckReport, CheckResult, Finding, Location, Rule
from mgo.pipeline.build import derive_into
from mgo.pipeline.parse import parse_file, parse_project
from mgo.pipeline.sssom import (
    MAPPING_PREDICATES,
    VOCABULARIES,
    Mapping,
    MappingSet,
    MappingSetError,
    load_mapping_sets,
    mapping_graph,
)
from mgo.pipeline.validate import validate_graph
from mgo.quality.check import findings_from_report
from mgo.quality.mappings_profile import validate_nl_sbb
from mgo.quality.reports import render
from mgo.rdf.convert import new_graph, node
from mgo.version import project_version

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.config import Project
    from mgo.pipeline.validate import Report

SHAPES_FILE = Path("shapes/mappings.ttl")
RELATION_ORDER = [*(p.split(":", 1)[1] for p in MAPPING_PREDICATES), "seeAlso"]  # seeAlso: not a SKOS concept
FORMATS = ("text", "json", "tsv", "junit", "sarif")  # junit, sarif: with --check, as mgo check writes them


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The ``links`` command; ``MgoError`` escapes to the CLI (exit codes of :mod:`mgo.errors`)."""
    root = _root(args)
    if args.check:
        if args.format in ("junit", "sarif"):
            report = check_report(root, external=args.external)
            out.write(render(report, args.format))
            return EXIT_OK if report.ok else EXIT_INVALID_DATA
        return check(root, out, external=args.external)
    if args.external:
        raise UsageError("--external only applies to 'mgo links --check'", hint="add --check")
    if args.format in ("junit", "sarif"):
        raise UsageError(f"--format {args.format} only applies to 'mgo links --check'", hint="add --check")
    sets = load_mapping_sets(root)
    if not sets:
        raise UsageError(
            f"no mapping sets: nothing matches data/mappings/*.sssom.tsv in {root}",
            hint="add a mapping set, or pass --root with the project folder",
        )
    mappings = select(sets, concept=args.concept, vocabulary=args.vocabulary)
    if args.format == "json":
        out.write(render_json(mappings))
    elif args.format == "tsv":
        out.write(render_tsv(mappings))
    else:
        out.write(render_text(mappings))
    return EXIT_OK


def _root(args: argparse.Namespace) -> Path:

    return resolve_root(getattr(args, "root", None))


# --- listing -------------------------------------------------------------------------------------------


def _sort_key(mapping: Mapping, concept_order: dict[str, int]) -> tuple[Any, ...]:
    relation = mapping.predicate_id.split(":", 1)[1]
    rank = len(RELATION_ORDER) + 1 if mapping.negated else RELATION_ORDER.index(relation)
    return (concept_order[mapping.subject], rank, mapping.vocabulary, mapping.object_id)


def select(sets: list[MappingSet], *, concept: str | None = None, vocabulary: str | None = None) -> list[Mapping]:
    """The rows of all sets, per concept (file order), strongest relation first; optionally filtered."""
    rows = [m for mapping_set in sets for m in mapping_set.mappings]
    order: dict[str, int] = {}
    for mapping in rows:
        order.setdefault(mapping.subject, len(order))
    if concept is not None:
        wanted = concept.strip()
        matches = [
            m
            for m in rows
            if wanted in (m.subject, m.subject_id, f"<{m.subject}>") or wanted.casefold() == m.subject_label.casefold()
        ]
        if not matches:
            known = ", ".join(sorted({m.subject_id for m in rows}))
            raise UsageError(f"no mappings for concept {concept!r}", hint=f"the mapped concepts are: {known}")
        rows = matches
    if vocabulary is not None:
        rows = [m for m in rows if m.vocabulary == _vocabulary_name(vocabulary)]
    return sorted(rows, key=lambda m: _sort_key(m, order))


def _vocabulary_name(short: str) -> str:
    return next(name for s, name in VOCABULARIES.values() if s == short)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def render_text(mappings: list[Mapping]) -> str:
    """Per concept: relation, external concept, label, vocabulary, confidence; then counts per vocabulary."""
    lines: list[str] = []
    current = None
    block: list[list[str]] = []

    def flush() -> None:
        if block:
            lines.extend("  " + line for line in _table(block))

    for mapping in mappings:
        if mapping.subject != current:
            flush()
            block = []
            if lines:
                lines.append("")
            lines.append(f"{mapping.subject_label} ({mapping.subject_id})")
            current = mapping.subject
        block.append(
            [
                mapping.relation,
                mapping.object_id,
                mapping.object_label,
                mapping.vocabulary,
                mapping.confidence_text,
            ]
        )
    flush()
    positives = sum(1 for m in mappings if not m.negated)
    denied = len(mappings) - positives
    concepts = len({m.subject for m in mappings})
    lines.append("")
    lines.append(
        f"{positives} mapping{'s' if positives != 1 else ''} and "
        f"{denied} non-match{'es' if denied != 1 else ''} of {concepts} concept{'s' if concepts != 1 else ''}"
    )
    lines.append("")
    lines.extend(_table(_per_vocabulary_rows(mappings)))
    return "\n".join(lines) + "\n"


def per_vocabulary(mappings: list[Mapping]) -> dict[str, dict[str, int]]:
    """Vocabulary name -> relation (``exactMatch`` … ``NOT``) -> count, in a fixed order."""
    counts: dict[str, Counter[str]] = {}
    for mapping in mappings:
        relation = "NOT" if mapping.negated else mapping.predicate_id.split(":", 1)[1]
        counts.setdefault(mapping.vocabulary, Counter())[relation] += 1
    names = [name for _, name in VOCABULARIES.values()] + ["other"]
    return {
        name: {relation: counts[name][relation] for relation in [*RELATION_ORDER, "NOT"]}
        for name in names
        if name in counts
    }


def _per_vocabulary_rows(mappings: list[Mapping]) -> list[list[str]]:
    table = per_vocabulary(mappings)
    heads = ["vocabulary", "exact", "close", "broad", "narrow", "related", "seeAlso", "NOT", "total"]
    rows = [heads]
    totals = [0] * (len(heads) - 2)
    for name, counts in table.items():
        values = list(counts.values())
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([name, *(str(v) for v in values), str(sum(values))])
    rows.append(["total", *(str(v) for v in totals), str(sum(totals))])
    return rows


def _as_dict(mapping: Mapping) -> dict[str, Any]:
    return {
        "subject_id": mapping.subject,
        "subject_label": mapping.subject_label,
        "predicate_id": mapping.predicate,
        "predicate_modifier": mapping.modifier or None,
        "object_id": mapping.object,
        "object_label": mapping.object_label,
        "vocabulary": mapping.vocabulary,
        "confidence": mapping.confidence,
        "comment": mapping.comment or None,
        "line": mapping.line,
    }


def render_json(mappings: list[Mapping]) -> str:
    data = {"mappings": [_as_dict(m) for m in mappings], "per_vocabulary": per_vocabulary(mappings)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_tsv(mappings: list[Mapping]) -> str:
    heads = ["subject_id", "subject_label", "predicate_modifier", "predicate_id", "object_id", "object_label"]
    heads += ["vocabulary", "confidence"]
    lines = ["\t".join(heads)]
    for m in mappings:
        cells = [m.subject_id, m.subject_label, m.modifier, m.predicate_id, m.object_id, m.object_label]
        lines.append("\t".join([*cells, m.vocabulary, m.confidence_text]))
    return "\n".join(lines) + "\n"


# --- check ---------------------------------------------------------------------------------------------


def check(root: Path, out: TextIO, *, external: bool = False) -> int:
    """Print every problem with its location; 0 when there is none, else 1."""

    project = Project(root)
    try:
        sets = load_mapping_sets(root)
    except MappingSetError as exc:
        problems = exc.problems or [Problem(exc.message, exc.file, exc.line, exc.column, hint=exc.hint)]
        for problem in problems:
            out.write(problem.render() + "\n")
        out.write(f"mapping sets: {len(problems)} problem{'s' if len(problems) != 1 else ''}\n")
        return EXIT_INVALID_DATA
    rows = sum(len(s.mappings) for s in sets)
    denied = sum(len(s.negated()) for s in sets)
    out.write(
        f"mapping sets: {len(sets)} file{'s' if len(sets) != 1 else ''}, {rows - denied} mappings and "
        f"{denied} non-matches, no problem in the rows\n"
    )
    layer = mapping_graph(sets)
    core = _core(project, derived=external)
    problems = shape_problems(project, sets, layer, core)
    for problem in problems:
        out.write(problem.render() + "\n")
    out.write(f"shapes ({SHAPES_FILE}): {len(problems)} violation{'s' if len(problems) != 1 else ''}\n")
    failed = bool(problems)
    if external:
        report = validate_nl_sbb(root, layer, core)
        out.write(report.render_text())
        failed = failed or not report.conforms
    return EXIT_INVALID_DATA if failed else EXIT_OK


LINK_CHECKS = {
    "mappings": {"nl": "Koppelingstabellen (SSSOM/TSV)", "en": "Mapping sets (SSSOM/TSV)"},
    "shapes": {"nl": "Shapes van de koppelingen (shapes/mappings.ttl)", "en": "Mapping shapes (shapes/mappings.ttl)"},
    "nl-sbb": {"nl": "NL-SBB-profiel over de koppelingen", "en": "NL-SBB profile over the mappings"},
}


def check_report(root: Path, *, external: bool = False) -> CheckReport:
    """``mgo links --check`` as a selection of the quality run: the same checks as :func:`check` (the rows, the
    mapping shapes, with ``external`` NL-SBB), as Findings in a :class:`mgo.findings.CheckReport`, for the
    JUnit and SARIF reports of ``mgo check``."""
    import time

    started = time.perf_counter()
    project = Project(root)
    report = CheckReport(checks=[], version=project_version(root), root=str(root))
    rows = CheckResult(
        "mappings", LINK_CHECKS["mappings"], rules=[Rule("mappings/sssom", dict(LINK_CHECKS["mappings"]))]
    )
    report.checks.append(rows)
    try:
        sets = load_mapping_sets(root)
    except MappingSetError as exc:
        problems = exc.problems or [Problem(exc.message, exc.file, exc.line, exc.column, hint=exc.hint)]
        for problem in problems:
            text = problem.message + (f" ({problem.hint})" if problem.hint else "")
            where = Location(Path(problem.file).as_posix(), problem.line, problem.column) if problem.file else None
            rows.findings.append(
                Finding(
                    "mappings",
                    "mappings/sssom",
                    "error",
                    {"nl": f"De koppelingstabel is niet geldig: {text}", "en": text},
                    resource=node(problem.iri),
                    location=where,
                )
            )
        report.seconds = time.perf_counter() - started
        return report
    layer = mapping_graph(sets)
    core = _core(project, derived=external)
    shapes = parse_file(project.root / SHAPES_FILE, shown_as=SHAPES_FILE)
    data = new_graph()  # as shape_problems builds it, so that the report shortens values the same way
    data += core
    data += layer
    validated = validate_graph(data, shapes, title="mapping shapes")
    shaped = CheckResult("shapes", LINK_CHECKS["shapes"])
    shaped.rules = [Rule(shape, names=dict(names)) for shape, names in sorted(validated.shape_names.items())]
    for finding in findings_from_report(validated, "shapes", profile="mgo shapes", index=None, labels=core):
        where = _row_location(project, validated, sets, finding)
        shaped.findings.append(replace(finding, location=where))
    report.checks.append(shaped)
    if external:
        nl = validate_nl_sbb(root, layer, core)
        profile = CheckResult("nl-sbb", LINK_CHECKS["nl-sbb"])
        profile.findings = findings_from_report(nl, "nl-sbb", profile="NL-SBB", index=None, labels=core)
        report.checks.append(profile)
    report.seconds = time.perf_counter() - started
    return report


def _row_location(project: Project, report: Report, sets: list[MappingSet], finding: Finding) -> Location | None:
    """Where a mapping-shape finding is written: its mapping row, else the first source line with the value."""

    value = finding.value.value if isinstance(finding.value, pyoxigraph.NamedNode) else None
    for mapping_set in sets:
        row = mapping_set.row_of(finding.iri or "", value) if value else None
        if row is not None:
            return Location(Path(mapping_set.shown_as).as_posix(), row.line)
    shown = report.value_text(finding)
    if shown:
        file, line = _find_in_sources(project, shown, value)
        if file is not None:
            return Location(Path(file).as_posix(), line)
    return None


def _core(project: Project, *, derived: bool) -> Graph:
    """The publication without mappings: ontology, data, additions (with the derived triples if asked)."""

    sources = parse_project(project, only=("ontology", "data", "additions"))
    if derived:
        derive_into(project, sources)
    return sources.publication()


def shape_problems(project: Project, sets: list[MappingSet], layer: Graph, core: Graph) -> list[Problem]:
    """The violations of ``shapes/mappings.ttl`` over ``core`` + ``layer``, located in the source files."""

    shapes_path = project.root / SHAPES_FILE
    shapes = parse_file(shapes_path, shown_as=SHAPES_FILE)
    data = new_graph()
    data += core
    data += layer
    report = validate_graph(data, shapes, title="mapping shapes")
    return located_problems(project, report, sets, shapes)


def located_problems(project: Project, report: Report, sets: list[MappingSet], shapes: Graph) -> list[Problem]:
    """One :class:`Problem` per violation: at the mapping row, else the first source line with the value."""

    problems = []
    for result in report.violations:
        shape_id = result.rule.rsplit("/", 1)[-1]
        message = _message(shapes, result.rule)
        value = result.value.value if isinstance(result.value, pyoxigraph.NamedNode) else None
        shown = report.value_text(result)
        focus = result.iri or ""
        file, line = None, None
        for mapping_set in sets:
            row = mapping_set.row_of(focus, value) if value else None
            if row is not None:
                file, line = mapping_set.shown_as, row.line
                break
        if file is None and shown:
            file, line = _find_in_sources(project, shown, value)
        text = f"[{shape_id}] {message}"
        detail = f"focus <{focus}>" + (f", value {shown}" if shown else "")
        problems.append(Problem(f"{text} ({detail})", file, line))
    return sorted(problems, key=lambda p: (str(p.file or ""), p.line or 0, p.message))


def _message(shapes: Graph, shape: str) -> str:

    texts = {
        value.language: str(value)
        for value in shapes.objects(URIRef(shape), URIRef("http://www.w3.org/ns/shacl#message"))
        if isinstance(value, Literal)
    }
    return texts.get("en") or texts.get("nl") or next(iter(texts.values()), shape)


def _find_in_sources(project: Project, shown: str, iri: str | None) -> tuple[Path | None, int | None]:
    """The first line of a Turtle source of the publication that holds the value."""
    if iri:
        needle = iri
    elif shown.startswith('"'):
        needle = shown[1:].split('"', 1)[0]
    else:
        needle = shown
    candidates = sorted(project.root.glob("data/additions/*.ttl")) + sorted(project.root.glob("data/*.ttl"))
    for path in candidates:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in text:
                return project.relative(path), number
    return None, None
