"""The one SHACL adapter: pySHACL or shacl-rust behind one function, each result a :class:`mgo.findings.Finding`.

``validate(data, shapes, *, engine="pyshacl"|"rust", ontology=None)`` is what every validation of mgo calls: the
build (:mod:`mgo.pipeline.validate`), ``mgo validate``, ``mgo check`` and its third-party profiles
(:mod:`mgo.quality.profiles`, :mod:`mgo.quality.mappings_profile`), ``mgo links --check`` and the environment
profile check (:mod:`mgo.environment.profilecheck`). It returns a :class:`Report` of Findings; the text, JSON and
Turtle forms of a report are rendered from it (late: the Findings hold terms).

The engines (SHACL spec: https://www.w3.org/TR/shacl/):

* ``pyshacl`` (the reference, pySHACL 0.40; what the build runs, so ``dist/validation-report.ttl`` is its report
  graph): ``advanced=True`` so SHACL-AF features (``sh:rule``, SPARQL-based targets and functions) work;
  ``inference=None`` (SHACL follows ``rdfs:subClassOf`` for ``sh:targetClass`` and ``sh:class`` by itself,
  section 2.1.3.3, and the ontology is in the data graph; ``inference='rdfs'`` would cost ~4x, PERF-FACTS.md);
  the data graph is cloned unless the caller says it is a throwaway copy (a rule must never change what we
  publish); its SPARQL runs on Oxigraph where that is safe (:mod:`mgo.pipeline.shacl_sparql`).
* ``rust`` (shacl-rust: SHACL Core and SPARQL-based constraints in Rust, passes the W3C SHACL test suite; ~10x
  faster on the profiles, ~100x on large catalogues): reads N-Triples text or streams a file.

Both are read the same way, so they give the same Findings (``tests/test_shacl.py`` compares them on the built
publication with our shapes, NL-SBB and VocPub, and on the shapes' invalid examples):

* only the report's own results (``sh:result``): pySHACL also types the nested ``sh:detail`` results of an
  ``sh:node`` failure as ``sh:ValidationResult``, and counting those would report one problem twice;
* a result is grouped under its *named* shape: when the constraint sits in a blank-node property shape, the
  rule is the IRI shape that holds it (``sh:property``), the stable ID curators know;
* messages come from ``sh:message`` in every language (pySHACL copies them into ``sh:resultMessage``, dropping
  the language tag when it fills a ``{?var}`` template: recovered here); when the property shape has none, the
  named shape's ``sh:message`` is used, and the engine's own text is kept as ``detail``;
* conformance is counted here, never with ``allow_warnings`` (which makes pySHACL call a node-level Warning
  shape conforming while listing a Violation, ``external/README.md``): only a ``sh:Violation`` fails.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from mgo.errors import UsageError
from mgo.findings import SEVERITY_OF, Finding
from mgo.pipeline import shacl_sparql
from mgo.rdf.convert import from_ntriples, new_graph, to_oxigraph
from mgo.rdf.formats import canonical_turtle
from mgo.rdf.labels import label
from mgo.rdf.names import Names
from mgo.rdf.narrow import sorted_terms
from mgo.terms import SH

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

ENGINES = ("pyshacl", "rust")
SEVERITIES = ("Violation", "Warning", "Info")  # SHACL's names, as the text and JSON reports show them


def _shacl(severity: str) -> str:
    """``error`` or ``Violation`` → ``Violation`` (a report counts by either name)."""
    return {ours: shacl for shacl, ours in SEVERITY_OF.items()}.get(severity, severity)


@dataclass(frozen=True)
class ShapeGroup:
    shape: str
    names: dict[str, str]
    results: tuple[Finding, ...]


@dataclass
class Report:
    """The outcome of one validation: its Findings. ``conforms`` is True when there is no ``sh:Violation``."""

    results: list[Finding]
    shape_names: dict[str, dict[str, str]] = field(default_factory=dict)
    graph: Graph | None = None  # pySHACL's report graph (the rust engine has none)
    prefixes: dict[str, str] = field(default_factory=dict)
    title: str = "validation"
    engine: str = "pyshacl"

    def count(self, severity: str) -> int:
        """The results of one severity, by SHACL's name (``Violation``) or ours (``error``)."""
        wanted = _shacl(severity)
        return sum(1 for r in self.results if r.shacl_severity == wanted)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    @property
    def violations(self) -> list[Finding]:
        return [r for r in self.results if r.severity == "error"]

    def by_shape(self) -> list[ShapeGroup]:
        groups: dict[str, list[Finding]] = {}
        for result in self.results:
            groups.setdefault(result.rule, []).append(result)
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
        return Names(self.prefixes).shorten(iri, trailing_dot=True)  # the longest namespace (mgo.rdf.names)

    def path_text(self, finding: Finding) -> str | None:
        """The path of a result as people read it: ``skos:prefLabel`` (a complex path is text already)."""
        prop = finding.property
        if prop is None or isinstance(prop, str):
            return prop
        return self.short(prop.value)

    def value_text(self, finding: Finding) -> str | None:
        """The value as people read it: ``prefix:local``, a literal in N-Triples form, ``a blank node``."""

        value = finding.value
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, pyoxigraph.NamedNode):
            return self.short(value.value)
        if isinstance(value, pyoxigraph.BlankNode):
            return "a blank node"
        return str(value)

    def sort_key(self, finding: Finding) -> tuple[str, ...]:
        return (
            finding.rule,
            str(SEVERITIES.index(finding.shacl_severity)),
            finding.iri or "",
            self.path_text(finding) or "",
            self.value_text(finding) or "",
            finding.component or "",
            json.dumps(finding.messages, sort_keys=True),
        )

    def result_dict(self, finding: Finding) -> dict[str, Any]:
        return {
            "focus_node": finding.iri,
            "focus_label": finding.label,
            "path": self.path_text(finding),
            "value": self.value_text(finding),
            "severity": finding.shacl_severity,
            "messages": dict(sorted(finding.messages.items())),
            "component": finding.component,
            "detail": finding.detail,
        }

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
                iri = result.iri or ""
                focus = f"<{iri}>" if not iri.startswith("_:") else iri
                who = f'"{result.label}" {focus}' if result.label else focus
                path, value = self.path_text(result), self.value_text(result)
                where = f", property {path}" if path else ""
                shown = f", value {value}" if value else ""
                lines.append(f"  - {result.shacl_severity.lower()}: {who}{where}{shown}")
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
                    "results": [self.result_dict(r) for r in group.results],
                }
                for group in self.by_shape()
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    def as_turtle(self) -> str:
        """pySHACL's report graph, canonical (blank nodes relabelled by content) and sorted."""

        if self.graph is None:
            return ""
        return canonical_turtle(self.graph)

    def keep(self, results: list[Finding]) -> Report:
        """The same report with only ``results`` (for example the results about one layer's resources)."""
        return replace(self, results=results)


def _n(group: ShapeGroup, severity: str) -> int:
    return sum(1 for r in group.results if r.shacl_severity == severity)


def _language_order(texts: dict[str, str]) -> list[str]:
    return sorted(texts, key=lambda tag: ({"nl": 0, "en": 1}.get(tag.split("-")[0], 2), tag))


# --- the one function -------------------------------------------------------------------------------------


def validate(
    data: Graph | str | Path,
    shapes: Graph,
    *,
    engine: str = "pyshacl",
    ontology: Graph | None = None,
    title: str = "validation",
    check: str = "shapes",
    throwaway: bool = False,
) -> Report:
    """Validate ``data`` against ``shapes`` (``ontology`` mixed into the data graph if given) with ``engine``.

    ``data``: an rdflib graph, N-Triples text, or an N-Triples file (streamed by shacl-rust; what a catalogue
    of 10^5 environments needs). Labels of focus nodes are read from a graph only. ``check``: the check the
    Findings belong to (``shapes``, ``nl-sbb``, ``vocpub``, ``profile``…). ``throwaway=True``: ``data`` is a copy
    made for this call, so pySHACL may work on it in place instead of cloning it first.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}")
    graph = data if not isinstance(data, (str, Path)) else None
    if ontology is not None:
        union = new_graph()
        union += graph if graph is not None else _parse_nt(data)
        union += ontology
        graph, data, throwaway = union, union, True
    prefixes = _prefixes(shapes, graph) if graph is not None else _prefixes(shapes)
    if engine == "rust":
        report = _validate_rust(data, shapes, title=title, check=check, prefixes=prefixes)
    else:
        target = graph if graph is not None else _parse_nt(data)
        inplace = throwaway or graph is None
        report = _validate_pyshacl(target, shapes, title=title, check=check, inplace=inplace, prefixes=prefixes)
    report.prefixes = prefixes
    if graph is not None:
        report.results = [replace(r, label=_label_of(graph, r)) for r in report.results]
    unique = {report.sort_key(r): r for r in report.results}  # one result per named shape, node, path, value
    report.results = [unique[key] for key in sorted(unique)]
    return report


def comparable(report: Report) -> set[tuple[str, str, str, str]]:
    """What both engines must agree on: (focus node, path, named shape, severity), blank-node labels masked
    (each engine labels blank nodes its own way)."""
    return {
        (
            "_:" if (r.iri or "").startswith("_:") else r.iri or "",
            r.property_text or "",
            r.rule,
            r.severity,
        )
        for r in report.results
    }


def _parse_nt(data: str | Path | Graph) -> Graph:
    if not isinstance(data, (str, Path)):
        return data
    graph = new_graph()
    if isinstance(data, Path):
        graph.parse(data, format="nt")
    else:
        graph.parse(data=data, format="nt")
    return graph


def _label_of(graph: Graph, finding: Finding) -> str | None:

    iri = finding.iri
    if not iri:
        return None
    node = BNode(iri[2:]) if iri.startswith("_:") else URIRef(iri)
    return label(graph, node)


# --- pySHACL ----------------------------------------------------------------------------------------------


def _validate_pyshacl(
    data: Graph, shapes: Graph, *, title: str, check: str, inplace: bool, prefixes: dict[str, str]
) -> Report:
    from pyshacl import validate as pyshacl_validate  # lazy: pySHACL costs ~0.4 s, and only validation needs it

    target: Any = data
    if shacl_sparql.acceleration_possible(shapes):
        if not inplace:
            copy = new_graph()
            copy += target
            target = copy
        target = shacl_sparql.data_graph(target)  # SPARQL on Oxigraph: see mgo.pipeline.shacl_sparql
        inplace = True
    _, report_graph, _ = pyshacl_validate(
        target,
        shacl_graph=shapes,
        advanced=True,
        inference=None,
        inplace=inplace,
        allow_warnings=False,
        allow_infos=False,
        do_owl_imports=False,
    )
    return report_from_graph(report_graph, shapes, title=title, check=check, prefixes=prefixes)


def _texts(graph: Graph, node: Node, prop: Node) -> dict[str, str]:

    texts: dict[str, str] = {}
    for value in sorted_terms(graph.objects(node, prop)):
        if isinstance(value, Literal):
            texts.setdefault(value.language or "", str(value))
    return texts


def _template_language(message: str, templates: dict[str, str]) -> str | None:
    """The language of the ``sh:message`` template that ``message`` was made from, if one fits.

    pySHACL drops the language tag when it fills a template's ``{?var}``/``{$var}`` placeholders.
    """
    for language, template in templates.items():
        parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", template)
        pattern = ".*?".join(re.escape(part) for part in parts)
        if language and re.fullmatch(pattern, message, re.DOTALL):
            return language
    return None


def _result_messages(report_graph: Graph, shapes: Graph, node: Node, templates_from: list[Node]) -> dict[str, str]:
    """``sh:resultMessage`` by language, recovering the language of filled-in templates."""

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


def named_shape(shapes: Graph, shape: Node) -> Node:
    """The nearest IRI shape holding ``shape`` (by ``sh:property``, ``sh:node``, lists …), else ``shape``."""

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


def _path_text(graph: Graph, path: Node | None, short: Any) -> str | None:
    """A SHACL property path as text: ``skos:prefLabel``, ``^skos:broader``, ``a/b``, ``(a|b)``, ``a*``."""

    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(short(str(path)))
    sh = {
        name: URIRef(SH + name)
        for name in ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
    }
    if isinstance(path, BNode):
        if (path, RDF.first, None) in graph:
            return "/".join(_path_text(graph, p, short) or "?" for p in Collection(graph, path))
        inner = graph.value(path, sh["inversePath"])
        if inner is not None:
            return "^" + (_path_text(graph, inner, short) or "?")
        inner = graph.value(path, sh["alternativePath"])
        if inner is not None:
            return "(" + "|".join(_path_text(graph, p, short) or "?" for p in Collection(graph, inner)) + ")"
        for name, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            inner = graph.value(path, sh[name])
            if inner is not None:
                return (_path_text(graph, inner, short) or "?") + mark
    return str(path)


def _prefixes(*graphs: Graph) -> dict[str, str]:
    found: dict[str, str] = {}
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            if prefix and str(namespace) not in found.values():
                found.setdefault(prefix, str(namespace))
    return found


def _shape_key(shapes: Graph, report: Report, source: Node | None) -> tuple[str, Node | None]:
    """The rule ID of a result (its named shape) and the named shape's node; records the shape's names."""

    named = named_shape(shapes, source) if source is not None else None
    key = str(named) if isinstance(named, URIRef) else (named.n3() if isinstance(named, BNode) else "?")
    if named is not None and key not in report.shape_names:
        report.shape_names[key] = _texts(shapes, named, URIRef(SH + "name"))
    return key, named


def _finding(
    check: str,
    rule: str,
    severity: str,
    messages: dict[str, str],
    focus: Any,
    path: Any,
    value: Any,
    component: str | None,
    detail: str | None,
) -> Finding:
    return Finding(
        check=check,
        rule=rule,
        severity=SEVERITY_OF.get(severity, "error"),
        messages=messages,
        resource=focus,
        property=path,
        value=value if value is not None and value != focus else None,  # not repeated when it is the focus node
        component=component,
        detail=detail,
    )


def report_from_graph(
    report_graph: Graph,
    shapes: Graph,
    *,
    title: str = "validation",
    check: str = "shapes",
    prefixes: dict[str, str] | None = None,
) -> Report:
    """pySHACL's report graph as a :class:`Report` of Findings (shape names and messages from ``shapes``)."""

    def sh(name: str) -> URIRef:
        return URIRef(SH + name)

    known = prefixes if prefixes is not None else _prefixes(shapes)
    report = Report(results=[], graph=report_graph, prefixes=known, title=title, engine="pyshacl")
    for node in sorted(set(report_graph.objects(None, sh("result"))), key=str):
        source = report_graph.value(node, sh("sourceShape"))
        key, named = _shape_key(shapes, report, source)
        constraint = report_graph.value(node, sh("sourceConstraint"))
        result_messages = _result_messages(
            report_graph, shapes, node, [n for n in (constraint, source, named) if n is not None]
        )
        messages, detail = _messages(shapes, source, named, result_messages, " ".join(result_messages.values()))
        focus = report_graph.value(node, sh("focusNode"))
        severity = report_graph.value(node, sh("resultSeverity"))
        component = report_graph.value(node, sh("sourceConstraintComponent"))
        path = report_graph.value(node, sh("resultPath"))
        value = report_graph.value(node, sh("value"))
        if path is None:
            path_term: Any = None
        elif isinstance(path, URIRef):
            path_term = to_oxigraph(path)
        else:
            path_term = _path_text(report_graph, path, report.short)
        report.results.append(
            _finding(
                check,
                key,
                str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                messages,
                to_oxigraph(focus) if focus is not None else None,
                path_term,
                to_oxigraph(value) if value is not None else None,
                str(component).rsplit("#", 1)[-1] if component is not None else None,
                detail,
            )
        )
    return report


def _messages(
    shapes: Graph, source: Node | None, named: Node | None, engine_messages: dict[str, str], engine_text: str
) -> tuple[dict[str, str], str | None]:
    """The messages of a result and the ``detail`` beside them (see the module docstring)."""

    own = _texts(shapes, source, URIRef(SH + "message")) if source is not None else {}
    if own:
        return engine_messages or own, None
    parent = _texts(shapes, named, URIRef(SH + "message")) if named is not None and named != source else {}
    if parent:
        return parent, engine_text or None
    return engine_messages, None


# --- shacl-rust -------------------------------------------------------------------------------------------


def _strip(term: str) -> str:
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def _resolve_shape(shapes: Graph, source: str, result_path: str) -> Any:
    """The rdflib node of a result's source shape: an IRI as is; a blank node by the path it constrains
    (shacl-rust labels the shapes' blank nodes its own way)."""

    if not source.startswith("_:"):
        return URIRef(source)
    if result_path.startswith("<"):
        candidates = [
            s for s in shapes.subjects(URIRef(SH + "path"), URIRef(_strip(result_path))) if isinstance(s, BNode)
        ]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _validate_rust(
    data: Graph | str | Path, shapes: Graph, *, title: str, check: str, prefixes: dict[str, str]
) -> Report:
    import shacl_rust  # lazy: only the rust engine loads shacl-rust, not --engine pyshacl

    shapes_text = shapes.serialize(format="nt")
    if isinstance(data, Path):
        import io

        try:
            # the path, not a Python file object: shacl-rust then reads it in Rust without taking the GIL for
            # every block, so mgo catalogue validates in a thread while Python scores
            with io.BytesIO(shapes_text.encode("utf-8")) as shapes_stream:
                raw: dict[str, Any] = shacl_rust.validate_file(
                    str(data), shapes_stream, data_format="nt", shapes_format="nt", experimental_index=True
                )
        except ValueError as exc:
            if "Failed to parse RDF data" in str(exc):
                raise  # the data file is not N-Triples: the caller names the file and line
            raise _rust_refuses(exc, title) from None
    else:
        text = data if isinstance(data, str) else data.serialize(format="nt")
        try:
            raw = shacl_rust.validate(text, shapes_text, data_format="nt", shapes_format="nt", experimental_index=True)
        except ValueError as exc:
            raise _rust_refuses(exc, title) from None
    report = Report(results=[], prefixes=prefixes, title=title, engine="rust")
    for item in raw.get("results", []):
        source = _strip(item.get("sourceShape", ""))
        path_text = item.get("resultPath", "") or ""
        node = _resolve_shape(shapes, source, path_text)
        key, named = _shape_key(shapes, report, node) if node is not None else (source, None)
        engine_text = " | ".join(item.get("messages", []) or [])
        messages, detail = _rust_messages(shapes, node, named, engine_text)
        focus_text = item.get("focusNode", "") or ""
        value_text = item.get("value", "") or ""
        path: Any = None
        if re.fullmatch(r"<[^<>\s]*>", path_text):
            path = from_ntriples(path_text)
        elif path_text:  # a complex path, in SPARQL syntax: rendered from the shape as pySHACL's is
            declared = shapes.value(node, URIRef(SH + "path")) if node is not None else None
            path = _path_text(shapes, declared, report.short) if declared is not None else path_text
        report.results.append(
            _finding(
                check,
                key,
                _strip(item.get("severity", SH + "Violation")).rsplit("#", 1)[-1],
                messages,
                from_ntriples(focus_text),
                path,
                from_ntriples(value_text) if value_text and value_text != focus_text else None,
                _strip(item.get("sourceConstraintComponent", "")).rsplit("#", 1)[-1] or None,
                detail,
            )
        )
    return report


def _rust_messages(
    shapes: Graph, node: Node | None, named: Node | None, engine_text: str
) -> tuple[dict[str, str], str | None]:

    own = _texts(shapes, node, URIRef(SH + "message")) if node is not None else {}
    messages = own or (_texts(shapes, named, URIRef(SH + "message")) if named is not None else {})
    if not messages:
        return ({"": engine_text} if engine_text else {}), None
    return messages, engine_text or None


def _rust_refuses(exc: ValueError, title: str) -> UsageError:
    """shacl-rust cannot read some shapes (0.2.12: an alternative path holding a sequence with ``sh:zeroOrMorePath``,
    as in our S04): say so, and that pySHACL reads them."""
    return UsageError(
        f"{title}: the Rust SHACL engine cannot read these shapes ({exc})",
        hint="validate with the pySHACL engine (engine 'pyshacl', the default of mgo validate and of the build)",
    )
