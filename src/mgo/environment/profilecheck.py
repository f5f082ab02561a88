"""Validating descriptions against the profile's shapes (``shapes/profile/*.ttl``), with two engines.

* ``rust`` (default): the ``shacl-rust`` package, a SHACL Core engine in Rust that
  passes the W3C SHACL test suite; it reads N-Triples text or streams a file, ~100x faster than pySHACL
  (``../shared/PERF-FACTS.md``), which is what lets a catalogue of 10^5 environments (~3M triples) be
  validated in seconds.
* ``pyshacl``: the reference (`pySHACL <https://github.com/RDFLib/pySHACL>`_), as used for the publication.

``tests/test_catalogue.py`` proves the two give the same results (focus node, shape, severity, path, value,
constraint component; the same count) on a synthetic catalogue of 10^3 environments with defects of every
kind.

Both are given the same data graph: the descriptions plus the model's vocabulary context
(:attr:`mgo.environment.fit.Model.context_nt`), and no inference (SHACL follows ``rdfs:subClassOf`` in the data graph
for ``sh:targetClass`` and ``sh:class``, section 2.1.3.3 of https://www.w3.org/TR/shacl/). Only the
top-level results count (``sh:result`` of the report): pySHACL also types the nested ``sh:detail`` results
of ``sh:node`` as ``sh:ValidationResult``, which are explanations, not further violations.

Every profile shape is named (an IRI, with ``sh:name`` and ``sh:message`` in Dutch and English), so a result
is reported by its stable ID and the messages are read from the shapes graph, the same for both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgo.errors import MissingFileError, UsageError
from mgo.terms import PROFILE_SHAPES_NS, SH

if TYPE_CHECKING:
    from rdflib import Graph

SHAPE_BASE = PROFILE_SHAPES_NS
ENGINES = ("rust", "pyshacl")


@dataclass(frozen=True, order=True)
class Finding:
    """One top-level validation result. Terms in N-Triples syntax (``<iri>``, ``"text"@nl``, ``_:b``)."""

    focus: str
    shape: str  # IRI of the named shape, without angle brackets
    severity: str  # Violation, Warning, Info
    path: str = ""
    value: str = ""
    component: str = ""  # local name, e.g. MinCountConstraintComponent

    @property
    def shape_id(self) -> str:
        return self.shape[len(SHAPE_BASE) :] if self.shape.startswith(SHAPE_BASE) else self.shape

    @property
    def focus_iri(self) -> str:
        return self.focus[1:-1] if self.focus.startswith("<") else self.focus


@dataclass(frozen=True)
class Shapes:
    """The profile's shapes: the text of every file (for shacl-rust), the rdflib graph, names and messages."""

    text: str
    files: tuple[Path, ...]

    def graph(self) -> Graph:
        from rdflib import Graph

        graph = Graph()
        graph.parse(data=self.text, format="turtle")
        return graph

    def texts(self) -> dict[str, dict[str, dict[str, str]]]:
        """shape IRI -> ``{"name": {lang: text}, "message": {lang: text}}``."""
        from rdflib import Literal, URIRef

        graph = self.graph()
        out: dict[str, dict[str, dict[str, str]]] = {}
        for kind in ("name", "message"):
            for shape, text in graph.subject_objects(URIRef(SH + kind)):
                if isinstance(shape, URIRef) and isinstance(text, Literal):
                    out.setdefault(str(shape), {}).setdefault(kind, {})[text.language or ""] = str(text)
        return out


def load_shapes(root: Path) -> Shapes:
    """``shapes/profile/*.ttl`` of the project (a missing folder is an error, never an empty pass)."""
    files = tuple(sorted((root / "shapes" / "profile").glob("*.ttl")))
    if not files:
        raise MissingFileError(
            f"no profile shapes: nothing matches shapes/profile/*.ttl in {root}",
            hint="run inside the mgo project, or pass --root with the project folder",
        )
    # PREFIX lines may repeat, so the files can be read as one Turtle document.
    return Shapes("\n".join(path.read_text(encoding="utf-8") for path in files), files)


def _component(term: str) -> str:
    return term.strip("<>").rsplit("#", 1)[-1]


def _severity(term: str) -> str:
    return term.strip("<>").rsplit("#", 1)[-1]


def validate_rust(data: str | Path, shapes: Shapes, *, data_format: str = "nt") -> list[Finding]:
    """Validate N-Triples ``data`` (text, or a file that is streamed) with shacl-rust."""
    try:
        import shacl_rust
    except ImportError:  # pragma: no cover - a dependency in pyproject.toml
        raise UsageError(
            "the Rust SHACL engine is not installed (pip install shacl-rust)",
            hint="or use --engine pyshacl",
        ) from None
    if isinstance(data, Path):
        # the path, not a Python file object: shacl-rust then reads the file in Rust without taking the GIL
        # for every block, so a catalogue is validated in a thread while Python scores (mgo catalogue)
        with _shapes_stream(shapes) as shapes_stream:
            report: dict[str, Any] = shacl_rust.validate_file(
                str(data),
                shapes_stream,
                data_format=data_format,
                shapes_format="turtle",
                experimental_index=True,
            )
    else:
        report = shacl_rust.validate(
            data, shapes.text, data_format=data_format, shapes_format="turtle", experimental_index=True
        )
    return sorted(
        Finding(
            focus=r["focusNode"],
            shape=r["sourceShape"].strip("<>"),
            severity=_severity(r.get("severity", "Violation")),
            path=r.get("resultPath", "") or "",
            value=r.get("value", "") or "",
            component=_component(r.get("sourceConstraintComponent", "")),
        )
        for r in report["results"]
    )


class _shapes_stream:
    def __init__(self, shapes: Shapes) -> None:
        import io

        self.stream = io.BytesIO(shapes.text.encode("utf-8"))

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def validate_pyshacl(data: str | Path, shapes: Shapes, *, data_format: str = "nt") -> list[Finding]:
    """The same with pySHACL (the reference; slow past ~100k triples)."""
    from pyshacl import validate
    from rdflib import BNode, Graph, Literal, URIRef

    graph = Graph()
    if isinstance(data, Path):
        graph.parse(data, format=data_format)
    else:
        graph.parse(data=data, format=data_format)
    _, report, _ = validate(
        graph,
        shacl_graph=shapes.graph(),
        inference=None,
        advanced=False,
        inplace=True,
        allow_warnings=False,
        do_owl_imports=False,
    )
    sh = {
        name: URIRef(SH + name)
        for name in (
            "result",
            "focusNode",
            "sourceShape",
            "resultSeverity",
            "resultPath",
            "value",
            "sourceConstraintComponent",
        )
    }
    assert isinstance(report, Graph)

    def term(node: object) -> str:
        if node is None:
            return ""
        if isinstance(node, (URIRef, Literal, BNode)):
            return node.n3()
        return str(node)

    findings = []
    for result in report.objects(None, sh["result"]):
        shape = report.value(result, sh["sourceShape"])
        path = report.value(result, sh["resultPath"])
        findings.append(
            Finding(
                focus=term(report.value(result, sh["focusNode"])),
                shape=str(shape),
                severity=_severity(str(report.value(result, sh["resultSeverity"]))),
                path=term(path) if isinstance(path, URIRef) else "",
                value=term(report.value(result, sh["value"])),
                component=_component(str(report.value(result, sh["sourceConstraintComponent"]))),
            )
        )
    return sorted(findings)


def validate(data: str | Path, shapes: Shapes, *, engine: str = "rust", data_format: str = "nt") -> list[Finding]:
    if engine == "rust":
        return validate_rust(data, shapes, data_format=data_format)
    if engine == "pyshacl":
        return validate_pyshacl(data, shapes, data_format=data_format)
    raise UsageError(f"unknown validation engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}")


def comparable(findings: list[Finding]) -> list[tuple[str, ...]]:
    """The findings as sortable tuples, blank-node labels replaced (they differ between engines)."""
    return sorted(
        (
            "_:" if f.focus.startswith("_:") else f.focus,
            f.shape,
            f.severity,
            f.path,
            "_:" if f.value.startswith("_:") else f.value,
            f.component,
        )
        for f in findings
    )
