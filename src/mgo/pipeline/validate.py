"""SHACL validation of the publication with pySHACL, and a report a curator can act on.

Choices (SHACL spec: https://www.w3.org/TR/shacl/; pySHACL 0.40):

* Data graph: ontology + data + additions, **as asserted**. Shapes graph: the ``shapes`` layer.
* ``advanced=True`` so SHACL-AF features (``sh:rule``, SPARQL-based targets and functions) work; pySHACL then
  clones the data graph (``inplace=False``) so a rule can never change what we publish.
* ``inference=None``: the shapes are written against the asserted triples. SHACL itself follows
  ``rdfs:subClassOf`` for ``sh:targetClass`` and ``sh:class`` (section 2.1.3.3) and the ontology is in the
  data graph, so class hierarchies work without inference; ``inference='rdfs'`` would cost ~4x
  (PERF-FACTS.md) and make a shape pass on triples nobody wrote. The OWL 2 RL closure is a separate
  consistency check (:mod:`mgo.pipeline.reason`). ``ont_graph`` is only used for ``mgo validate FILE --ontology``.
* Conformance is decided here by counting ``sh:Violation`` results, never with ``allow_warnings`` (which
  makes pySHACL report a node-level Warning shape as conforming while listing a Violation, see
  ``external/README.md``). Warnings and Infos are reported but do not fail.

Results are grouped by their *named* shape: when the constraint sits in a blank-node property shape, the
group is the IRI node shape that holds it (``sh:property``), which is the stable ID curators know. Messages
come from ``sh:message`` (pySHACL copies them, in every language, into ``sh:resultMessage``); when the
property shape has none, the named shape's ``sh:message`` is used, and pySHACL's generated text is kept as
``detail``.

Third-party profiles (``external/``, vendored): NL-SBB validates the whole publication; VocPub wants
exactly one ``skos:ConceptScheme`` per validated graph, so :func:`split_by_scheme` cuts the publication into
one graph per scheme (see there). ``owl:imports`` are never followed (no network).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgo.errors import MissingFileError, ValidationFailed
from mgo.rdf.convert import new_graph
from mgo.rdf.labels import label
from mgo.rdf.nodes import sorted_terms
from mgo.terms import SH

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from mgo.config import Project
    from mgo.pipeline.parse import Sources

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``, with names resolved for people."""

    source_shape: str  # IRI of the named shape (or the blank node's Turtle label if there is none)
    focus_node: str
    severity: str  # "Violation", "Warning" or "Info"
    messages: dict[str, str]  # language tag ("" for none) -> text
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    component: str | None = None  # local name of sh:sourceConstraintComponent
    detail: str | None = None  # pySHACL's own text when the messages come from the named shape

    def sort_key(self) -> tuple[str, ...]:
        return (
            self.source_shape,
            str(SEVERITIES.index(self.severity)) if self.severity in SEVERITIES else "9",
            self.focus_node,
            self.path or "",
            self.value or "",
            self.component or "",
            json.dumps(self.messages, sort_keys=True),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "focus_node": self.focus_node,
            "focus_label": self.focus_label,
            "path": self.path,
            "value": self.value,
            "severity": self.severity,
            "messages": dict(sorted(self.messages.items())),
            "component": self.component,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ShapeGroup:
    shape: str
    names: dict[str, str]
    results: tuple[ValidationResult, ...]


@dataclass
class Report:
    """The outcome of one validation. ``conforms`` is True when there is no ``sh:Violation``."""

    results: list[ValidationResult]
    shape_names: dict[str, dict[str, str]] = field(default_factory=dict)
    graph: Graph | None = None  # pySHACL's report graph
    prefixes: dict[str, str] = field(default_factory=dict)
    title: str = "validation"

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    def by_shape(self) -> list[ShapeGroup]:
        groups: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.source_shape, []).append(result)
        return [
            ShapeGroup(shape, self.shape_names.get(shape, {}), tuple(items)) for shape, items in sorted(groups.items())
        ]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}" for s in SEVERITIES]
        verdict = "conforms" if self.conforms else "does NOT conform"
        return f"{self.title}: {verdict} ({', '.join(parts)})"

    def short(self, iri: str | None) -> str:
        """``prefix:local`` when a known prefix fits, else ``<iri>``."""
        if iri is None:
            return ""
        if iri.startswith(("_:", '"')):
            return iri
        best = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(self.prefixes.get(best, "")):
                rest = iri[len(namespace) :]
                if rest and all(c.isalnum() or c in "-_." for c in rest):
                    best = prefix
        if best:
            return f"{best}:{iri[len(self.prefixes[best]) :]}"
        return f"<{iri}>"

    def render_text(self) -> str:
        """Plain text, grouped by shape: a headline per shape, then one entry per problem."""
        lines = [self.summary()]
        for group in self.by_shape():
            names = " / ".join(f'"{group.names[k]}"' for k in _language_order(group.names))
            counts = [f"{n} {s.lower()}{'s' if n != 1 else ''}" for s in SEVERITIES if (n := _n(group, s))]
            problems = len(group.results)
            head = f"shape {self.short(group.shape)}" + (f" ({names})" if names else "")
            lines.append(f"\n{head}: {problems} problem{'s' if problems != 1 else ''} ({', '.join(counts)})")
            for result in group.results:
                focus = f"<{result.focus_node}>" if not result.focus_node.startswith("_:") else result.focus_node
                who = f'"{result.focus_label}" {focus}' if result.focus_label else focus
                where = f", property {result.path}" if result.path else ""
                value = f", value {result.value}" if result.value else ""
                lines.append(f"  - {result.severity.lower()}: {who}{where}{value}")
                for language in _language_order(result.messages):
                    tag = f"{language}: " if language else ""
                    lines.append(f"      {tag}{result.messages[language]}")
                if result.detail:
                    lines.append(f"      (detail: {result.detail})")
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data = {
            "title": self.title,
            "conforms": self.conforms,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "shapes": [
                {
                    "shape": group.shape,
                    "names": dict(sorted(group.names.items())),
                    "results": [r.as_dict() for r in group.results],
                }
                for group in self.by_shape()
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def as_turtle(self) -> str:
        """pySHACL's report graph, canonical (blank nodes relabelled by content) and sorted."""
        from mgo.rdf.formats import canonical_turtle

        if self.graph is None:
            return ""
        return canonical_turtle(self.graph)


def _n(group: ShapeGroup, severity: str) -> int:
    return sum(1 for r in group.results if r.severity == severity)


def _language_order(texts: dict[str, str]) -> list[str]:
    return sorted(texts, key=lambda tag: ({"nl": 0, "en": 1}.get(tag.split("-")[0], 2), tag))


def _texts(graph: Graph, node: Node, prop: Node) -> dict[str, str]:
    from rdflib import Literal

    texts: dict[str, str] = {}
    for value in sorted_terms(graph.objects(node, prop)):
        if isinstance(value, Literal):
            texts.setdefault(value.language or "", str(value))
    return texts


def _template_language(message: str, templates: dict[str, str]) -> str | None:
    """The language of the ``sh:message`` template that ``message`` was made from, if one fits.

    pySHACL drops the language tag when it fills a template's ``{?var}``/``{$var}`` placeholders.
    """
    import re

    for language, template in templates.items():
        parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", template)
        pattern = ".*?".join(re.escape(part) for part in parts)
        if language and re.fullmatch(pattern, message, re.DOTALL):
            return language
    return None


def _result_messages(report_graph: Graph, shapes: Graph, node: Node, templates_from: list[Node]) -> dict[str, str]:
    """``sh:resultMessage`` by language, recovering the language of filled-in templates."""
    from rdflib import Literal, URIRef

    templates: dict[str, str] = {}
    for source in templates_from:
        for graph in (shapes, report_graph):
            for tag, text in _texts(graph, source, URIRef(SH + "message")).items():
                templates.setdefault(tag, text)
    texts: dict[str, str] = {}
    untagged: list[str] = []
    for value in sorted_terms(report_graph.objects(node, URIRef(SH + "resultMessage"))):
        if not isinstance(value, Literal):
            continue
        language = value.language or _template_language(str(value), templates)
        if language and language not in texts:
            texts[language] = str(value)
        elif not language:
            untagged.append(str(value))
    if untagged:
        texts[""] = " | ".join(untagged)
    return texts


def _named_shape(shapes: Graph, shape: Node) -> Node:
    """The nearest IRI shape holding ``shape`` (by ``sh:property``, ``sh:node``, lists …), else ``shape``."""
    from rdflib import BNode

    seen = {shape}
    frontier = [shape]
    while frontier:
        node = frontier.pop(0)
        if not isinstance(node, BNode):
            return node
        for parent in sorted_terms(shapes.subjects(None, node)):
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return shape


def _node_text(node: Node | None, report: Report) -> str | None:
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return report.short(str(node))
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        return "a blank node"
    return str(node)


def _path_text(graph: Graph, path: Node | None, report: Report) -> str | None:
    """A SHACL property path as text: ``skos:prefLabel``, ``^skos:broader``, ``a/b``, ``(a|b)``, ``a*``."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    if path is None:
        return None
    if isinstance(path, URIRef):
        return report.short(str(path))
    sh = {
        name: URIRef(SH + name)
        for name in ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
    }
    if isinstance(path, BNode):
        if (path, RDF.first, None) in graph:
            return "/".join(_path_text(graph, p, report) or "?" for p in Collection(graph, path))
        inner = graph.value(path, sh["inversePath"])
        if inner is not None:
            return "^" + (_path_text(graph, inner, report) or "?")
        inner = graph.value(path, sh["alternativePath"])
        if inner is not None:
            return "(" + "|".join(_path_text(graph, p, report) or "?" for p in Collection(graph, inner)) + ")"
        for name, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            inner = graph.value(path, sh[name])
            if inner is not None:
                return (_path_text(graph, inner, report) or "?") + mark
    return str(path)


def _prefixes(*graphs: Graph) -> dict[str, str]:
    found: dict[str, str] = {}
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            if prefix and str(namespace) not in found.values():
                found.setdefault(prefix, str(namespace))
    return found


def report_from_graph(report_graph: Graph, data: Graph, shapes: Graph, *, title: str = "validation") -> Report:
    """pySHACL's report graph as a :class:`Report` (labels from ``data``, shape names from ``shapes``)."""
    from rdflib import BNode, URIRef

    def sh(name: str) -> URIRef:
        return URIRef(SH + name)

    report = Report(results=[], graph=report_graph, prefixes=_prefixes(shapes, data), title=title)
    results: list[ValidationResult] = []
    # Only the report's own results: pySHACL nests the results behind an sh:node failure under sh:detail,
    # and counting those too would report one problem twice.
    for node in sorted(set(report_graph.objects(None, sh("result"))), key=str):
        source = report_graph.value(node, sh("sourceShape"))
        named = _named_shape(shapes, source) if source is not None else None
        named_key = str(named) if isinstance(named, URIRef) else (named.n3() if isinstance(named, BNode) else "?")
        if named is not None and named_key not in report.shape_names:
            report.shape_names[named_key] = _texts(shapes, named, sh("name"))
        constraint = report_graph.value(node, sh("sourceConstraint"))
        result_messages = _result_messages(
            report_graph, shapes, node, [n for n in (constraint, source, named) if n is not None]
        )
        own = _texts(shapes, source, sh("message")) if source is not None else {}
        detail = None
        if own:
            messages = result_messages or own
        else:
            parent = _texts(shapes, named, sh("message")) if named is not None and named != source else {}
            if parent:
                messages = parent
                detail = " ".join(result_messages.values()) or None
            else:
                messages = result_messages
        focus = report_graph.value(node, sh("focusNode"))
        severity = report_graph.value(node, sh("resultSeverity"))
        component = report_graph.value(node, sh("sourceConstraintComponent"))
        path = report_graph.value(node, sh("resultPath"))
        value = report_graph.value(node, sh("value"))  # left out below when it is the focus node itself
        results.append(
            ValidationResult(
                source_shape=named_key,
                focus_node=str(focus) if isinstance(focus, URIRef) else (focus.n3() if focus is not None else ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                messages=messages,
                focus_label=label(data, focus) if focus is not None else None,
                path=_path_text(report_graph, path, report) if path is not None else None,
                value=_node_text(value, report) if value is not None and value != focus else None,
                component=str(component).rsplit("#", 1)[-1] if component is not None else None,
                detail=detail,
            )
        )
    unique = {result.sort_key(): result for result in results}  # a dict field makes results unhashable
    report.results = [unique[key] for key in sorted(unique)]
    return report


def validate_graph(
    data: Graph,
    shapes: Graph,
    *,
    ontology: Graph | None = None,
    title: str = "validation",
    throwaway: bool = False,
) -> Report:
    """Validate ``data`` against ``shapes`` (``ontology`` mixed into the data graph if given).

    ``throwaway=True``: ``data`` is a copy made for this call, so pySHACL may work on it in place (a SHACL-AF
    rule may add triples to it) instead of cloning it first.
    """
    from pyshacl import validate

    from mgo.pipeline import shacl_sparql

    target: Any = data
    inplace = throwaway
    if ontology is not None:
        target = new_graph()
        target += data
        target += ontology
        inplace = True
    if shacl_sparql.acceleration_possible(shapes):
        if not inplace:
            copy = new_graph()
            copy += target
            target = copy
        target = shacl_sparql.data_graph(target)  # SPARQL on Oxigraph: see mgo.pipeline.shacl_sparql
        inplace = True
    _, report_graph, _ = validate(
        target,
        shacl_graph=shapes,
        advanced=True,
        inference=None,
        inplace=inplace,
        allow_warnings=False,
        allow_infos=False,
        do_owl_imports=False,
    )
    labelled = data
    if ontology is not None:
        labelled = new_graph()
        labelled += data
        labelled += ontology
    return report_from_graph(report_graph, labelled, shapes, title=title)


def validate_sources(sources: Sources, publication: Graph | None = None) -> Report:
    """The publication (ontology + data + additions) against the shapes layer.

    ``publication``: the union of the published layers when the caller has one it no longer needs (the
    build's, after reasoning on its own copy); validation may add to it, so it is not made again here.
    """
    data = publication if publication is not None else sources.publication()
    return validate_graph(data, sources.shapes(), title="shapes", throwaway=True)


def require_conformance(report: Report) -> Report:
    """Raise :class:`ValidationFailed` (exit code 1) when the report has a ``sh:Violation``."""
    if not report.conforms:
        groups = report.by_shape()
        shapes = sum(1 for g in groups if any(r.severity == "Violation" for r in g.results))
        count = report.count("Violation")
        raise ValidationFailed(
            f"{report.title}: {count} violation{'s' if count != 1 else ''} of {shapes} shape"
            f"{'s' if shapes != 1 else ''}; nothing was published",
            report=report,
            hint="fix the resources listed under each shape (the messages say what each shape requires)",
        )
    return report


# --- third-party profiles -------------------------------------------------------------------------------

NL_SBB = Path("nl-sbb/skos-ap-nl.ttl")
VOCPUB = Path("vocpub/validator.multilang.ttl")


def external_dir(root: Path) -> Path:
    """The vendored profiles in ``external/`` of the project (``external/README.md``), or ``$MGO_EXTERNAL_DIR``."""
    override = os.environ.get("MGO_EXTERNAL_DIR")
    return Path(override) if override else root.resolve() / "external"


def external_profiles_available(root: Path) -> bool:
    folder = external_dir(root)
    return (folder / NL_SBB).is_file() and (folder / VOCPUB).is_file()


def split_by_scheme(data: Graph) -> dict[str, Graph]:
    """One graph per ``skos:ConceptScheme`` (keyed by its IRI), for VocPub's one-scheme-per-graph rule.

    Each graph holds what is "directly part of the vocabulary" (VocPub requirement 2.1.3): the scheme, its
    concepts (``skos:inScheme``, ``skos:topConceptOf``, ``skos:hasTopConcept``) with their blank-node
    closure, and the agents the scheme names as creator, publisher or contributor (VocPub 2.1.6, 2.4.3).
    Everything else (sources, the concepts of other schemes, the people behind a source) appears only as a
    link target, so each graph has exactly one scheme and VocPub's agent rules apply to the vocabulary's own
    agents only.
    """
    from rdflib import RDF, BNode, URIRef
    from rdflib.namespace import SKOS

    schemes = sorted(s for s in data.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, (URIRef, BNode)))
    result: dict[str, Graph] = {}
    for scheme in schemes:
        members = set(data.subjects(SKOS.inScheme, scheme)) | set(data.subjects(SKOS.topConceptOf, scheme))
        members |= set(data.objects(scheme, SKOS.hasTopConcept))
        from rdflib.namespace import DCTERMS

        agents = {
            agent
            for p in (DCTERMS.creator, DCTERMS.publisher, DCTERMS.contributor)
            for agent in data.objects(scheme, p)
        }
        graph = new_graph()
        for prefix, namespace in data.namespaces():
            graph.bind(prefix, namespace, override=False)
        seen: set[Node] = set()
        frontier: list[Node] = [scheme, *sorted_terms(members), *sorted_terms(agents)]
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in data.predicate_objects(node):
                graph.add((node, p, o))
                if isinstance(o, BNode) and o not in seen:
                    frontier.append(o)
        result[str(scheme)] = graph
    return result


def _load_profile(path: Path) -> Graph:
    if not path.is_file():
        raise MissingFileError(
            f"third-party SHACL profile not found: {path}",
            file=path,
            hint="restore external/ from the repository (git checkout -- external/), or set MGO_EXTERNAL_DIR to a copy",
        )
    graph = new_graph()
    graph.parse(path, format="turtle")
    return graph


def validate_external(root: Path, data: Graph) -> list[Report]:
    """NL-SBB over the whole publication, then VocPub (multilingual variant) per concept scheme."""
    folder = external_dir(root)
    reports = [validate_graph(data, _load_profile(folder / NL_SBB), title="NL-SBB (skos-ap-nl)")]
    vocpub = _load_profile(folder / VOCPUB)
    for scheme, graph in split_by_scheme(data).items():
        reports.append(validate_graph(graph, vocpub, title=f"VocPub (multilang) for <{scheme}>"))
    return reports


def validate_file(project: Project, path: Path, *, shapes: Path | None = None, ontology: bool = False) -> Report:
    """``mgo validate FILE``: one data file against the project's shapes (or ``shapes``)."""
    from mgo.pipeline.parse import parse_file, parse_project

    if not path.is_file():
        raise MissingFileError(f"file not found: {path}", file=path, hint="check the path of the file to validate")
    data = parse_file(path, shown_as=project.relative(path))
    if shapes is not None:
        if not shapes.is_file():
            raise MissingFileError(f"shapes file not found: {shapes}", file=shapes)
        shapes_graph = parse_file(shapes, shown_as=project.relative(shapes))
    else:
        shapes_graph = parse_project(project, only=("shapes",)).shapes()
    ontology_graph = parse_project(project, only=("ontology",)).layer_graph("ontology") if ontology else None
    return validate_graph(data, shapes_graph, ontology=ontology_graph, title=f"shapes on {project.relative(path)}")
