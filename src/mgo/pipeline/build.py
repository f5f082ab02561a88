"""The build: parse → derive → reason (consistency) → validate (shapes) → serialise → publish atomically.

*Derive* runs :func:`mgo.pipeline.derive.derive` (the SPARQL rules in ``queries/derive/`` and the Web Annotations
from ``data/annotations.tsv``) and adds what it returns to the named layer each rule names; reasoning,
validation and every output see the sources plus these derived triples.

Nothing is written unless every step before publication succeeded (see :mod:`mgo.pipeline.publish`). Each phase
is timed; :attr:`BuildResult.timings` feeds ``mgo build --profile`` and ``benchmarks/bench_build.py``.

Outputs in ``dist/`` (all deterministic, see :mod:`mgo.rdf.formats`):

====================== =================================================================================
``mgo.ttl``            ontology + data + additions, version-stamped, canonical ``longturtle``
``mgo.nt``             the same as sorted N-Triples
``mgo.rdf``            the same as RDF/XML
``mgo.jsonld``         the same as compacted JSON-LD, ``@context`` = the published ``context.jsonld``
``context.jsonld``     the JSON-LD context, generated from the graph (:mod:`mgo.rdf.jsonld`)
``mgo.trig``           one named graph per layer (ontology, data, additions, shapes) + ``graph/void``
``shapes.ttl``         the shapes layer
``validation-report.ttl`` pySHACL's report (warnings and infos; a violation stops the build)
``void.ttl``           VoID + DCAT description with sizes and SHA-256 checksums (:mod:`mgo.pipeline.outputs`)
====================== =================================================================================

Version stamping: the build adds ``owl:versionIRI <…/def/{version}>`` and ``owl:versionInfo "{version}"`` to
the ``owl:Ontology`` ``https://w3id.org/missiegedreven/def`` from the project's ``pyproject.toml``, read at
run time (:func:`mgo.version.project_version`, not the installed metadata).
A source that already states either is an error: the version has one source.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mgo.config import Project, layer, layers
from mgo.errors import DataError
from mgo.pipeline.annotations import AnnotationError
from mgo.pipeline.derive import derive
from mgo.pipeline.fidelity import require_fidelity
from mgo.pipeline.outputs import DCAT, DCT, SPDX, VOID, describe_dataset
from mgo.pipeline.parse import check_serialisable, parse_project
from mgo.pipeline.publish import publish_dist
from mgo.pipeline.reason import check_consistency
from mgo.pipeline.sssom import mapping_outputs
from mgo.pipeline.validate import require_conformance, validate_sources
from mgo.rdf import jsonld
from mgo.rdf.convert import new_graph
from mgo.rdf.formats import canonical, canonical_turtle, fast_turtle, ntriples, rdfxml, trig
from mgo.rdf.lexical import canonicalise_graph
from mgo.terms import CONTEXT_IRI, GRAPH_BASE, ONTOLOGY_IRI
from mgo.version import project_version

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.pipeline.parse import Sources
    from mgo.pipeline.reason import ReasoningReport
    from mgo.pipeline.validate import Report

PHASES = ("import", "parse", "derivation", "reasoning", "validation", "serialization", "publish")
VOID_GRAPH = GRAPH_BASE + "void"


@dataclass
class BuildResult:
    version: str
    files: list[Path]
    timings: dict[str, float]
    reasoning: ReasoningReport
    validation: Report
    triples: int
    outputs: dict[str, bytes] = field(default_factory=dict, repr=False)


def stamp_version(ontology: Graph, version: str) -> Graph:
    """A copy of the ontology layer with ``owl:versionIRI`` and ``owl:versionInfo`` on the ontology header."""
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import OWL

    header = URIRef(ONTOLOGY_IRI)
    if (header, RDF.type, OWL.Ontology) not in ontology:
        raise DataError(
            f"the ontology header is missing: no <{ONTOLOGY_IRI}> a owl:Ontology in ontology/*.ttl",
            iri=ONTOLOGY_IRI,
            hint=f"declare the ontology: <{ONTOLOGY_IRI}> a owl:Ontology ; dct:title … .",
        )
    stated = [p for p in (OWL.versionIRI, OWL.versionInfo) if (header, p, None) in ontology]
    if stated:
        names = " and ".join(f"owl:{str(p).rsplit('#', 1)[1]}" for p in stated)
        raise DataError(
            f"the ontology source states {names}, but the version has one source: pyproject.toml",
            iri=ONTOLOGY_IRI,
            hint=f"remove {names} from the ontology header; the build adds them from pyproject.toml",
        )
    stamped = new_graph(str(ontology.identifier))
    for prefix, namespace in ontology.namespaces():
        stamped.bind(prefix, namespace)
    stamped += ontology
    stamped.add((header, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{version}")))
    stamped.add((header, OWL.versionInfo, Literal(version)))
    return stamped


def derive_into(project: Project, sources: Sources) -> dict[str, int]:
    """Add the derived triples to their layers (in place); returns the number added per layer."""

    try:
        derived = derive(sources.publication(), project.root, in_place=True)
    except AnnotationError as exc:
        raise DataError(
            exc.message,
            file=project.relative(exc.path),
            line=exc.line,
            hint="correct this row of the annotations table (columns: concept, value, exact, within)",
        ) from None
    except ValueError as exc:  # a rule without its '# layer: NAME' line, or not a valid CONSTRUCT query
        raise DataError(
            str(exc),
            hint="a rule in queries/derive/ starts with '# layer: data' (or additions) and is a SPARQL CONSTRUCT "
            "query (https://www.w3.org/TR/sparql11-query/)",
        ) from None
    added: dict[str, int] = {}
    for name, graph in sorted(derived.items()):
        try:
            target = layer(name)
        except KeyError:
            target = None
        if target is None or not target.published or name not in sources.graphs:
            raise DataError(
                f"a derivation rule writes to the layer {name!r}, which is not a published layer",
                hint="use '# layer: data' or '# layer: additions' in the rule",
            )
        canonicalise_graph(graph)  # a rule's computed value in its canonical lexical form (mgo.rdf.lexical)
        before = len(sources.graphs[name])
        sources.graphs[name] += graph
        added[name] = len(sources.graphs[name]) - before
    return added


def parse_and_stamp(project: Project, version: str) -> Sources:
    """Parse every layer and stamp the version into the ontology layer (the shapes may check the stamp)."""

    sources = parse_project(project)
    sources.graphs["ontology"] = stamp_version(sources.graphs["ontology"], version)
    return sources


def prepare(project: Project, *, version: str | None = None) -> Sources:
    """Parse, stamp and derive: the sources as the build reasons over, validates and publishes them."""

    sources = parse_and_stamp(project, version or project_version(project.root))
    derive_into(project, sources)
    return sources


def publication_of(project: Project, *, version: str | None = None) -> Graph:
    """The publication of ``project`` as the build reasons over, validates and publishes it: the union of the
    published layers after stamping and derivation (what the tests validate: they never assemble their own)."""
    return prepare(project, version=version).publication()


# Prefixes for namespaces that derived triples use without any source declaring them (else rdflib invents
# ns1, ns2 …). Only bound when the namespace is used and no source binds it.
WELL_KNOWN_PREFIXES = {
    "cito": "http://purl.org/spar/cito/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _prefixes(graphs: list[Graph]) -> list[tuple[str, str]]:
    """One prefix per namespace and one namespace per prefix, first binding (in layer order) wins."""
    taken: dict[str, str] = {}
    namespaces: set[str] = set()
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            if prefix and prefix not in taken and str(namespace) not in namespaces:
                taken[prefix] = str(namespace)
                namespaces.add(str(namespace))
    used = {str(term) for graph in graphs for triple in graph for term in triple}
    for prefix, known in WELL_KNOWN_PREFIXES.items():
        if prefix not in taken and known not in namespaces and any(t.startswith(known) for t in used):
            taken[prefix] = known
            namespaces.add(known)
    return sorted(taken.items())


def render_outputs(sources: Sources, version: str, validation: Report) -> tuple[dict[str, bytes], Graph]:
    """Every output file, serialised in memory (file name -> bytes), and the published (stamped) graph."""

    layer_graphs = dict(sources.graphs)  # the ontology layer is stamped already (parse_and_stamp)
    published = [each.name for each in layers() if each.published and each.name in layer_graphs]
    publication = new_graph()
    for name in published:
        publication += layer_graphs[name]
    dataset_prefixes = [("dcat", DCAT), ("dct", DCT), ("spdx", SPDX), ("void", VOID)]
    prefixes = _prefixes([*layer_graphs.values()])
    prefixes = _prefixes([_bound(prefixes), _bound(dataset_prefixes)])
    for prefix, namespace in prefixes:
        publication.bind(prefix, namespace, override=True, replace=True)

    check_serialisable(publication)  # a literal no format can hold refuses the build, before anything is written
    canonical_publication = canonical(publication, prefixes=prefixes)
    outputs: dict[str, bytes] = {}
    outputs["mgo.ttl"] = fast_turtle(canonical_publication, prefixes=prefixes).encode()
    outputs["mgo.nt"] = ntriples(canonical_publication).encode()
    outputs["mgo.rdf"] = rdfxml(canonical_publication).encode()
    context = jsonld.build_context(canonical_publication)
    outputs["context.jsonld"] = jsonld.dumps(jsonld.context_document(context)).encode()
    document = jsonld.compact_document(canonical_publication, context, context_ref=CONTEXT_IRI)
    outputs["mgo.jsonld"] = jsonld.dumps(document).encode()
    outputs["shapes.ttl"] = canonical_turtle(sources.shapes(), prefixes=prefixes).encode()

    outputs.update(mapping_outputs(sources.project.root, sources.graphs.get("mappings")))
    if validation.graph is not None:
        outputs["validation-report.ttl"] = canonical_turtle(validation.graph).encode()

    named = [(each.graph_iri, layer_graphs[each.name]) for each in layers() if each.name in layer_graphs]
    void_in_trig = describe_dataset(
        publication, outputs | {"mgo.trig": b""}, version=version, omit_checksum_of="mgo.trig"
    )
    outputs["mgo.trig"] = trig([*named, (VOID_GRAPH, void_in_trig)], prefixes=prefixes).encode()
    void = describe_dataset(publication, outputs, version=version)
    outputs["void.ttl"] = canonical_turtle(void, prefixes=prefixes).encode()
    return outputs, publication


def _bound(pairs: list[tuple[str, str]]) -> Graph:
    graph = new_graph()
    for prefix, namespace in pairs:
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def build(project: Project, *, version: str | None = None, publish: bool = True) -> BuildResult:
    """Build the publication of ``project`` into ``project.dist``; raises :class:`mgo.errors.MgoError`."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    import owlrl  # noqa: F401  (timed here: the import phase of --profile)
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401
    import rdflib  # noqa: F401

    version = version or project_version(project.root)
    timings["import"] = time.perf_counter() - started

    mark = time.perf_counter()
    sources = parse_and_stamp(project, version)
    require_fidelity(project, sources)  # every quote as the source text gives it (mgo.pipeline.fidelity)
    timings["parse"] = time.perf_counter() - mark

    mark = time.perf_counter()
    derive_into(project, sources)
    timings["derivation"] = time.perf_counter() - mark

    mark = time.perf_counter()
    publication = sources.publication()
    reasoning = check_consistency(publication)
    timings["reasoning"] = time.perf_counter() - mark

    mark = time.perf_counter()
    validation = require_conformance(validate_sources(sources, publication))
    timings["validation"] = time.perf_counter() - mark

    mark = time.perf_counter()
    outputs, published = render_outputs(sources, version, validation)
    timings["serialization"] = time.perf_counter() - mark

    mark = time.perf_counter()
    files = _publish(outputs, project.dist) if publish else []
    timings["publish"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return BuildResult(
        version=version,
        files=files,
        timings=timings,
        reasoning=reasoning,
        validation=validation,
        triples=len(published),
        outputs=outputs,
    )


def _publish(outputs: dict[str, bytes], dist: Path) -> list[Path]:

    return publish_dist(outputs, dist)


def is_stale(project: Project) -> bool:
    """True when ``dist/mgo.ttl`` is missing or older than any source file (or pyproject.toml)."""
    built = project.dist / "mgo.ttl"
    if not built.is_file():
        return True
    newest = max(
        (path.stat().st_mtime for each in layers() for path in project.sources(each)),
        default=0.0,
    )
    pyproject = project.root / "pyproject.toml"
    if pyproject.is_file():
        newest = max(newest, pyproject.stat().st_mtime)
    return built.stat().st_mtime < newest
