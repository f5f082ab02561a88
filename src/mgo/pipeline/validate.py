"""SHACL validation of the publication and of a file, as the build and ``mgo validate`` run it.

The engine is the one adapter :func:`mgo.pipeline.shacl.validate` (re-exported here as :func:`validate_graph`,
the name of the public API); this module says *what* is validated:

* Data graph: ontology + data + additions + mappings, **as asserted** (not the OWL closure: that is a separate
  consistency check, :mod:`mgo.pipeline.reason`). Shapes graph: the ``shapes`` layer. Engine: pySHACL, whose
  report graph is ``dist/validation-report.ttl``.
* ``mgo validate FILE``: one data file against the project's shapes (or ``--shapes``), with the ontology mixed
  into the data graph when asked (``--ontology``).
* A ``sh:Violation`` stops the build (:func:`require_conformance`); warnings and infos are reported.

Third-party profiles (``external/``, vendored): NL-SBB validates the whole publication; VocPub wants
exactly one ``skos:ConceptScheme`` per validated graph, so :func:`split_by_scheme` cuts the publication into
one graph per scheme (see there). ``owl:imports`` are never followed (no network).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, BNode, URIRef
from rdflib.namespace import DCTERMS, SKOS

from mgo.errors import MissingFileError, ValidationFailed
from mgo.pipeline.parse import parse_file, parse_project
from mgo.pipeline.shacl import Report
from mgo.pipeline.shacl import validate as validate_graph
from mgo.rdf.convert import new_graph
from mgo.rdf.narrow import sorted_terms

__all__ = [
    "Report",
    "external_dir",
    "external_profiles_available",
    "require_conformance",
    "split_by_scheme",
    "validate_external",
    "validate_file",
    "validate_graph",
    "validate_sources",
]

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from mgo.config import Project
    from mgo.pipeline.parse import Sources


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
        shapes = sum(1 for g in groups if any(r.severity == "error" for r in g.results))
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

    schemes = sorted(s for s in data.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, (URIRef, BNode)))
    result: dict[str, Graph] = {}
    for scheme in schemes:
        members = set(data.subjects(SKOS.inScheme, scheme)) | set(data.subjects(SKOS.topConceptOf, scheme))
        members |= set(data.objects(scheme, SKOS.hasTopConcept))

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
