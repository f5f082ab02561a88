"""Validating descriptions against the profile's shapes (``shapes/profile/*.ttl``), with two engines.

* ``rust`` (default): the ``shacl-rust`` package, a SHACL Core engine in Rust that
  passes the W3C SHACL test suite; it reads N-Triples text or streams a file, ~100x faster than pySHACL
  (``../shared/PERF-FACTS.md``), which is what lets a catalogue of 10^5 environments (~3M triples) be
  validated in seconds.
* ``pyshacl``: the reference (`pySHACL <https://github.com/RDFLib/pySHACL>`_), as used for the publication.

Both run behind the one SHACL adapter of mgo (:func:`mgo.pipeline.shacl.validate`), as every validation does;
:class:`Finding` here is the catalogue's sortable view of the adapter's :class:`mgo.findings.Finding`.

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
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from mgo.errors import MissingFileError, UsageError
from mgo.pipeline.shacl import (
    ENGINES as SHACL_ENGINES,  # the adapter's engines (this module's ENGINES: the CLI's order)
)
from mgo.pipeline.shacl import validate as validate_shacl
from mgo.terms import PROFILE_SHAPES_NS, SH

if TYPE_CHECKING:
    from rdflib import Graph

SHAPE_BASE = PROFILE_SHAPES_NS
ENGINES = ("rust", "pyshacl")


@dataclass(frozen=True, order=True)
class Finding:
    """One top-level validation result as the catalogue reads it: a view of a :class:`mgo.findings.Finding` of
    the one SHACL adapter, terms in N-Triples syntax (``<iri>``, ``"text"@nl``, ``_:b``), sortable."""

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

        graph = Graph()
        graph.parse(data=self.text, format="turtle")
        return graph

    def texts(self) -> dict[str, dict[str, dict[str, str]]]:
        """shape IRI -> ``{"name": {lang: text}, "message": {lang: text}}``."""

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


def validate(data: str | Path, shapes: Shapes, *, engine: str = "rust", data_format: str = "nt") -> list[Finding]:
    """Validate N-Triples ``data`` (text, or a file that shacl-rust streams) on ``engine``: the one SHACL adapter,
    :func:`mgo.pipeline.shacl.validate`, whose Findings are given here as the catalogue reads them."""
    if engine not in SHACL_ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}", hint=f"use one of: {', '.join(SHACL_ENGINES)}")
    if data_format != "nt":
        raise UsageError(f"profile validation reads N-Triples, not {data_format!r}")
    report = validate_shacl(data, shapes.graph(), engine=engine, title="profile", check="profile")
    return sorted(
        Finding(
            focus=str(f.resource),
            shape=f.rule,
            severity=f.shacl_severity,
            path=str(f.property) if f.property is not None and not isinstance(f.property, str) else "",
            value=f.value_text or "",
            component=f.component or "",
        )
        for f in report.results
    )


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
