"""No concept scheme in the ontology namespace (#11): the scheme of scales is ``scheme/schalen``; ``mgo:scales``
(``def/scales``, released in 0.1.0) stays, deprecated and replaced; the ontology document ``def.ttl`` names
the ontology, also for pyLODE, which takes every ``skos:ConceptScheme`` of a document for the ontology."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from mgo.terms import BASE, ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
OLD = URIRef(ONTOLOGY_IRI + "/scales")
NEW = URIRef(BASE + "scheme/schalen")
RELEASED = ROOT / "releases" / "0.1.0.nt"


@pytest.fixture(scope="module")
def def_ttl(publication: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``site/def.ttl`` as the site renders it from the library's publication."""
    from mgo.web.site import render_site

    files = render_site(publication)
    path = tmp_path_factory.mktemp("site") / "def.ttl"
    path.write_bytes(files["def.ttl"])
    return path


def test_no_concept_scheme_in_the_ontology_namespace(publication: Graph) -> None:
    schemes = sorted(str(s) for s in publication.subjects(RDF.type, SKOS.ConceptScheme))
    assert str(NEW) in schemes
    assert [s for s in schemes if s.startswith(ONTOLOGY_IRI)] == []


def test_the_released_scheme_is_deprecated_and_replaced(publication: Graph) -> None:
    released = Graph().parse(RELEASED, format="nt")
    assert (OLD, RDF.type, SKOS.ConceptScheme) in released  # what 0.1.0 published
    assert (OLD, OWL.deprecated, Literal(True)) in publication
    assert list(publication.objects(OLD, DCTERMS.isReplacedBy)) == [NEW]
    # every scale of 0.1.0 is in the new scheme, and in no other
    members = set(released.subjects(SKOS.inScheme, OLD))
    assert members
    for concept in members:
        assert list(publication.objects(concept, SKOS.inScheme)) == [NEW], concept
        assert list(publication.objects(concept, SKOS.topConceptOf)) == [NEW], concept


def test_the_ontology_document_has_one_ontology_and_no_scheme(def_ttl: Path) -> None:
    quads = list(pyoxigraph.parse(def_ttl.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE))
    typed = pyoxigraph.NamedNode(str(RDF.type))

    def of_type(iri: str) -> list[str]:
        return sorted(q.subject.value for q in quads if q.predicate == typed and q.object.value == iri)

    assert of_type(str(OWL.Ontology)) == [ONTOLOGY_IRI]
    assert of_type(str(SKOS.ConceptScheme)) == []


def test_pylode_names_the_ontology(def_ttl: Path) -> None:
    """pyLODE (OntPub) on def.ttl: the IRI of its metadata section is the ontology's (it was …/def/scales)."""
    from pylode import OntPub

    html = OntPub(ontology=str(def_ttl)).make_html()
    metadata = html[html.index('id="metadata"') :]
    iri = re.search(r"<strong>IRI</strong>\s*</dt>\s*<dd>\s*<code>([^<]*)</code>", metadata)
    assert iri is not None and iri.group(1) == ONTOLOGY_IRI
