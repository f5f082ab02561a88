"""Every reader reads every file of ``dist/`` as the same RDF terms (#11, "every standard tool reads it the
same way").

The files are those ``mgo build`` writes (``built_dist``, conftest). The readers keep lexical forms
(pyoxigraph for Turtle, N-Triples, RDF/XML, TriG and JSON-LD; PyLD, the JSON-LD 1.1 processor, for JSON-LD),
and the comparison is of RDF terms: two graphs are equal when their W3C RDFC-1.0 canonical N-Quads are
(pyoxigraph's ``Dataset.canonicalize``), so ``"0.4"^^xsd:double`` and ``"4.0E-1"^^xsd:double`` differ, as they
do for Jena or a SPARQL store. rdflib is not one of the readers here: it normalises typed literals as it reads
them (``rdflib.NORMALIZE_LITERALS``), which hides exactly the differences these tests look for. Apache Jena's
readers run in ``tests/integration/test_jena_readers.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from mgo.config import layers
from mgo.rdf.lexical import is_canonical
from mgo.terms import CONTEXT_IRI

FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".trig": pyoxigraph.RdfFormat.TRIG,
}
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"


def canonical(quads: object) -> set[str]:
    """The RDFC-1.0 canonical N-Quads of ``quads`` (put in the default graph), one string a quad."""
    default = pyoxigraph.DefaultGraph()
    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(q.subject, q.predicate, q.object, default) for q in quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def read(path: Path) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(path.read_bytes(), format=FORMATS[path.suffix]))


def trig_graphs(dist: Path, names: list[str]) -> list[pyoxigraph.Quad]:
    wanted = {pyoxigraph.NamedNode(name) for name in names}
    return [quad for quad in read(dist / "mgo.trig") if quad.graph_name in wanted]


def published_graphs() -> list[str]:
    return [each.graph_iri for each in layers() if each.published]


def with_inline_context(dist: Path, name: str) -> dict:
    """``dist/NAME`` with its ``@context`` IRI replaced by the context it names (``dist/context.jsonld``)."""
    document = json.loads((dist / name).read_text(encoding="utf-8"))
    if document.get("@context") == CONTEXT_IRI:
        document["@context"] = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    return document


def pyld_quads(dist: Path, name: str) -> list[pyoxigraph.Quad]:
    """PyLD's toRdf of ``dist/NAME``; the published context IRI is served from ``dist/context.jsonld`` (no
    network), any other remote document is an error."""
    from pyld import jsonld

    def loader(url: str, options: object = None) -> dict:
        assert url == CONTEXT_IRI, f"{name} asks PyLD to load {url}"
        document = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": document}

    document = json.loads((dist / name).read_text(encoding="utf-8"))
    text = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS))


def test_pyld_expands_mgo_jsonld_to_the_triples_of_mgo_nt(built_dist: Path) -> None:
    """JSON-LD 1.1 API 8.6 writes an xsd:double in canonical form (PyLD and jsonld.js also for a string value):
    the N-Triples must hold that form, or 72 triples differ (#11)."""
    expected = canonical(read(built_dist / "mgo.nt"))
    got = canonical(pyld_quads(built_dist, "mgo.jsonld"))
    assert sorted(got - expected) == [] and sorted(expected - got) == []


def test_pyld_expands_mappings_jsonld_to_the_mappings_graph_of_the_trig(built_dist: Path) -> None:
    from mgo.pipeline.sssom import MAPPINGS_GRAPH

    expected = canonical(trig_graphs(built_dist, [MAPPINGS_GRAPH]))
    got = canonical(pyld_quads(built_dist, "mappings.jsonld"))
    assert expected and sorted(got - expected) == [] and sorted(expected - got) == []


@pytest.mark.parametrize("name", ["mgo.ttl", "mgo.rdf", "mgo.jsonld", "mgo.trig"])
def test_every_serialisation_holds_the_terms_of_mgo_nt(built_dist: Path, name: str) -> None:
    """Turtle, RDF/XML, JSON-LD (pyoxigraph's reader, context inlined) and the published graphs of the TriG."""
    expected = canonical(read(built_dist / "mgo.nt"))
    if name == "mgo.trig":
        quads = trig_graphs(built_dist, published_graphs())
    elif name == "mgo.jsonld":
        document = json.dumps(with_inline_context(built_dist, name)).encode("utf-8")
        quads = list(pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.JSON_LD))
    else:
        quads = read(built_dist / name)
    got = canonical(quads)
    assert sorted(got - expected) == [] and sorted(expected - got) == []


@pytest.mark.parametrize(("name", "layer"), [("mappings.ttl", "mappings"), ("shapes.ttl", "shapes")])
def test_the_turtle_of_a_layer_is_its_graph_in_the_trig(built_dist: Path, name: str, layer: str) -> None:
    """Term for term: ``mappings.ttl`` used to write the confidences as ``4e-01`` (rdflib's shorthand), a
    lexical form none of the other files had."""
    graph = next(each.graph_iri for each in layers() if each.name == layer)
    expected = canonical(trig_graphs(built_dist, [graph]))
    got = canonical(read(built_dist / name))
    assert expected and sorted(got - expected) == [] and sorted(expected - got) == []


def test_every_typed_literal_of_every_file_is_in_canonical_form(built_dist: Path) -> None:
    """XSD 1.1 canonical lexical forms (mgo.rdf.lexical) in every RDF file of dist/, and in what PyLD expands the
    JSON-LD to; the confidences of the mapping set are among them (xsd:double)."""
    files = sorted(p for p in built_dist.iterdir() if p.suffix in FORMATS)
    assert {p.name for p in files} >= {"mgo.ttl", "mgo.nt", "mgo.rdf", "mgo.trig", "mappings.ttl", "void.ttl"}
    readings = {p.name: read(p) for p in files}
    readings |= {name: pyld_quads(built_dist, name) for name in ("mgo.jsonld", "mappings.jsonld")}
    wrong, datatypes = [], set()
    for name, quads in readings.items():
        for quad in quads:
            term = quad.object
            if isinstance(term, pyoxigraph.Literal) and term.language is None:
                datatypes.add(term.datatype.value)
                if not is_canonical(term.value, term.datatype.value):
                    wrong.append(f"{name}: {term}")
    assert XSD_DOUBLE in datatypes
    assert sorted(set(wrong)) == []
