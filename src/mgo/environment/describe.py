"""``mgo describe FILE``: check a description of one's own environment and say which definitions it fits.

Steps, each with a clear error (exit codes of :mod:`mgo.errors`):

1. read the description (CSV, YAML, Turtle or N-Triples, :mod:`mgo.environment.intake`) and convert it to the profile's
   triples (:mod:`mgo.environment.profile`); a value that is not allowed names its row and column or YAML path, and the
   allowed values (exit 1);
2. validate it against ``shapes/profile/*.ttl`` with the model's vocabulary context
   (:mod:`mgo.environment.profilecheck`);
   a violation stops here (exit 1), a warning is printed;
3. reason with owlrl (OWL 2 RL, :func:`mgo.pipeline.reason.closure`) over the description and the publication: an
   environment typed Living Lab is a lab and a ``mgo:Environment``; an inconsistency stops here (exit 1);
4. print, per environment, what it is, the facet values it names, and the eight definitions ranked by the
   score of :mod:`mgo.environment.fit` with the shared values listed;
5. with ``--out FILE.ttl``, write the description as canonical Turtle (the triples as given, not the closure).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mgo.environment.fit import Gatherer, literal_text, load_model, model_project
from mgo.environment.intake import iter_entries, kind_of, structural_problems, terminal_safe
from mgo.environment.profile import (
    ENVIRONMENT_CLASS,
    ENVIRONMENTS,
    MGO,
    ORG,
    PREFIXES,
    SCHEMA,
    Triple,
    Where,
    convert,
    ntriples,
    to_graph,
)
from mgo.environment.profilecheck import load_shapes, validate
from mgo.errors import EXIT_OK, DataError, InconsistencyError, MissingFileError, Problem, UsageError
from mgo.pipeline.parse import parse_file
from mgo.pipeline.reason import closure
from mgo.rdf.formats import canonical_turtle

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.environment.fit import Evidence, Model
    from mgo.environment.profilecheck import Finding, Shapes


@dataclass
class Description:
    """The triples of a file's environments and where each environment was written (row, YAML path)."""

    path: Path
    shown: Path
    triples: list[Triple]
    where: dict[str, Where] = field(default_factory=dict)  # environment IRI -> where it was written


def read_description(path: Path, model: Model, *, shown: Path | None = None) -> Description:
    """The triples of ``path``; :class:`DataError` listing every problem of every environment in it."""
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
    return to_graph(description.triples)


# --- reasoning ------------------------------------------------------------------------------------------


def reasoned_types(description: Description, model: Model) -> dict[str, set[str]]:
    """Every described node's ``rdf:type`` set after the OWL 2 RL closure of description + publication."""
    from rdflib import RDF as RDF_NS
    from rdflib import URIRef

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


def evidence_of(env: str, description: Description) -> Evidence:
    """What the description of ``env`` says that the fit can use (:class:`mgo.environment.fit.Evidence`).

    Gathered by :class:`mgo.environment.fit.Gatherer`, the same code ``mgo catalogue`` runs over a whole
    catalogue, so both rank an environment from the same evidence.
    """
    gatherer = description.__dict__.get("_gatherer")
    if gatherer is None:
        gatherer = description.__dict__["_gatherer"] = Gatherer()
        for triple in description.triples:
            gatherer.add(*triple)
    return gatherer.evidence(env)


def _literal_text(term: str) -> tuple[str, str | None]:
    """The text and language of an N-Triples literal term (:func:`mgo.environment.fit.literal_text`)."""
    return literal_text(term)


def description_language(evidence: Evidence) -> str:
    """``en`` when the description's texts are English only, else ``nl`` (the default of ``--lang``)."""
    return "en" if evidence.languages == {"en"} else "nl"


# --- validation -----------------------------------------------------------------------------------------


def check(description: Description, model: Model, shapes: Shapes, engine: str = "rust") -> list[Finding]:
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


TEXTS = {
    "described": {"nl": "beschreven als", "en": "described as"},
    "is": {"nl": "is (OWL 2 RL)", "en": "is (OWL 2 RL)"},
    "values": {"nl": "facetwaarden", "en": "facet values"},
    "none": {"nl": "geen", "en": "none"},
    "ranking": {
        "nl": "lijkt het meest op (score 0-1: tekst, facetwaarden, schaal en plaats, opgegeven soort):",
        "en": "resembles most (score 0-1: text, facet values, scale and place, declared type):",
    },
    "no-evidence": {
        "nl": "geen rangorde: de beschrijving zegt nog niets om te vergelijken. Voeg toe: een missie in eigen "
        "woorden (mission of mission_en), thema's (theme), of facetwaarden (activities, actors, sectors, "
        "partners met partner_types).",
        "en": "no ranking: the description says nothing yet to compare with. Add: a mission in your own words "
        "(mission or mission_en), themes (theme), or facet values (activities, actors, sectors, partners with "
        "partner_types).",
    },
    "overruled": {
        "nl": "let op: u beschreef de omgeving als {declared}, maar de tekst en waarden passen beter bij {best}",
        "en": "note: you described it as {declared}, but its text and values fit {best} better",
    },
}


def environment_report(
    env: str, description: Description, model: Model, types: set[str], lang: str | None = None
) -> dict[str, Any]:
    """One environment's result as data: what it is, its values, and the ranking with the evidence per part.

    The shape is the JSON schema of ``docs/DESCRIBE.md`` (``mgo describe --format json``).
    """
    evidence = evidence_of(env, description)
    lang = lang or description_language(evidence)
    graph_names = [o for s, p, o in description.triples if s == f"<{env}>" and p == f"<{SCHEMA}name>"]
    name = _literal_text(graph_names[0])[0] if graph_names else env
    declared = sorted(evidence.declared)
    in_model = [c for c in sorted(types) if c == ENVIRONMENT_CLASS or c in model.notations or _is_concept(model, c)]
    ranking = model.rank(evidence)
    where = description.where.get(env)
    report: dict[str, Any] = {
        "environment": env,
        "name": name,
        "where": where.text() if where is not None and where.text() else None,
        "lang": lang,
        "declared": [{"iri": c, "label": model.label(c, lang)} for c in declared],
        "is": [{"iri": c, "label": model.label(c, lang)} for c in _by_depth(model, in_model)],
        "values": [{"iri": v, "label": model.label(v, lang)} for v in sorted(model.expand(evidence.values))],
        "ranking": [
            {
                "rank": n,
                "concept": r.concept,
                "label": model.label(r.concept, lang),
                "notation": model.notations.get(r.concept),
                "score": round(r.score, 4),
                "declared": r.declared,
                "evidence": [
                    {"part": p.name, "score": round(p.score, 4), "why": p.why[lang], "items": list(p.items)}
                    for p in r.parts
                ],
            }
            for n, r in enumerate(ranking, start=1)
        ],
        "message": None,
    }
    if not ranking:
        report["message"] = TEXTS["no-evidence"][lang]
    elif declared and not ranking[0].declared and any(r.declared for r in ranking):
        report["message"] = TEXTS["overruled"][lang].format(
            declared=", ".join(model.label(c, lang) for c in declared), best=model.label(ranking[0].concept, lang)
        )
    return report


def render_environment(report: dict[str, Any], *, top: int = 8) -> str:
    """The text block ``mgo describe`` prints for one environment (tests compare it exactly)."""
    lang = report["lang"]
    lines = [f"{report['name']} <{report['environment']}>" + (f" ({report['where']})" if report["where"] else "")]
    lines.append(f"  {TEXTS['described'][lang]}: " + ", ".join(d["label"] for d in report["declared"]))
    lines.append(f"  {TEXTS['is'][lang]}: " + ", ".join(d["label"] for d in report["is"]))
    values = ", ".join(v["label"] for v in report["values"]) or TEXTS["none"][lang]
    lines.append(f"  {TEXTS['values'][lang]} ({len(report['values'])}): {values}")
    if report["message"] and not report["ranking"]:
        lines.append("  " + report["message"])
        return "\n".join(lines) + "\n"
    lines.append("  " + TEXTS["ranking"][lang])
    for item in report["ranking"][:top]:
        notation = f" ({item['notation']})" if item["notation"] else ""
        lines.append(f"    {item['rank']}. {item['label']}{notation}  {item['score']:.2f}  <{item['concept']}>")
        for part in item["evidence"]:
            if part["score"] > 0 or part["part"] == "text":
                lines.append(f"         {part['part']:<8} {part['score']:.2f}  {part['why']}")
    if report["message"]:
        lines.append("  " + report["message"])
    return "\n".join(lines) + "\n"


def render_html(reports: list[dict[str, Any]], title: str) -> str:
    """A self-contained HTML report to share: the same content as the text, labels linked to the site."""
    from html import escape

    lang = reports[0]["lang"] if reports else "nl"
    body = []
    for report in reports:
        body.append(f"<section><h2>{escape(report['name'])}</h2>")
        body.append(f"<p><code>{escape(report['environment'])}</code></p>")
        declared = ", ".join(f'<a href="{escape(d["iri"])}">{escape(d["label"])}</a>' for d in report["declared"])
        body.append(f"<p>{escape(TEXTS['described'][lang])}: {declared}</p>")
        if report["message"]:
            body.append(f"<p><strong>{escape(report['message'])}</strong></p>")
        if report["ranking"]:
            body.append(f"<p>{escape(TEXTS['ranking'][lang])}</p><ol>")
            for item in report["ranking"]:
                parts = "".join(
                    f"<li>{escape(p['part'])} {p['score']:.2f}: {escape(p['why'])}</li>" for p in item["evidence"]
                )
                body.append(
                    f'<li><a href="{escape(item["concept"])}">{escape(item["label"])}</a> {item["score"]:.2f}'
                    f"<ul>{parts}</ul></li>"
                )
            body.append("</ol>")
        body.append("</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}li{margin:.3em 0}</style>"
        f"</head><body><h1>{escape(title)}</h1>" + "".join(body) + "</body></html>\n"
    )


def _is_concept(model: Model, iri: str) -> bool:
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
    reports: list[dict[str, Any]] = field(default_factory=list)


def describe_file(
    path: Path,
    model: Model,
    shapes: Shapes,
    *,
    engine: str = "rust",
    shown: Path | None = None,
    lang: str | None = None,
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
    reports = [environment_report(env, description, model, types[env], lang) for env in envs]
    text = "\n".join(render_environment(r) for r in reports)
    return Outcome(description, findings, warnings, text, reports)


def write_turtle(description: Description, out: Path) -> None:
    text = canonical_turtle(description_graph(description), prefixes=sorted(PREFIXES.items()))
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}", file=out) from None


# --- CLI ------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    project = model_project(getattr(args, "root", None))
    shapes = load_shapes(project.root)
    model = load_model(project)
    outcome = describe_file(args.file, model, shapes, engine=args.engine, shown=args.file, lang=args.lang)
    for warning in outcome.warnings:
        print(f"warning: {warning.render()}", file=err)
    fmt = getattr(args, "format", "text")
    if fmt == "json":
        out.write(json.dumps({"file": str(args.file), "environments": outcome.reports}, ensure_ascii=False, indent=2))
        out.write("\n")
    elif fmt == "html":
        out.write(render_html(outcome.reports, f"mgo describe {args.file.name}"))
    else:
        out.write(terminal_safe(outcome.text))
    if args.out is not None:
        write_turtle(outcome.description, args.out)
        print(f"wrote {args.out}", file=err)
    return EXIT_OK
