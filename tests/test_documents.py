"""The dereferenceable documents: which IRIs, what each describes (CBD + labels), every format, safe HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from mgo.documents import (
    TripleIndex,
    build_documents,
    description,
    link_header,
    local_path,
    subjects,
    url_path,
)
from mgo.embedded import load_publication

PUBLICATION = Path(__file__).resolve().parent / "fixtures" / "serve" / "publication"
BASE = "https://w3id.org/missiegedreven/"
RDFLIB_FORMAT = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


@pytest.fixture(scope="module")
def publication():
    return load_publication(PUBLICATION)


@pytest.fixture(scope="module")
def index(publication):
    return TripleIndex.from_publication(publication)


@pytest.fixture(scope="module")
def documents(publication):
    return build_documents(publication)


def rdflib_graph(triples: list[pyoxigraph.Triple]) -> Graph:
    return Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")


def test_every_subject_under_the_base_and_nothing_else(index):
    found = subjects(index)
    assert BASE + "concept/x" in found
    assert BASE + "concept/café" in found
    assert BASE + "def" in found and BASE + "dataset" in found  # the ontology and the dataset (void graph)
    assert BASE + "shape/ConceptLabel" in found  # shapes are resources too
    assert all(iri.startswith(BASE) for iri in found)
    assert "javascript:alert(1)" not in found


def test_description_is_the_cbd_plus_linked_labels(index):
    triples = description(index, BASE + "concept/x")
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
    assert '"tweede & laatste"' in text  # two blank nodes deep
    assert f'<{BASE}concept/lab> <http://www.w3.org/2004/02/skos/core#prefLabel> "Lab"@nl' in text
    assert "definition" not in text  # the linked concept's other triples are not included
    own = [t for t in triples if t.subject == pyoxigraph.NamedNode(BASE + "concept/x")]
    assert triples[: len(own)] == own  # the resource's own triples come first


@pytest.mark.parametrize("ext", ["ttl", "jsonld", "nt", "rdf"])
def test_every_format_parses_back_to_the_description(index, documents, ext):
    for path, resource in documents.items():
        expected = rdflib_graph(description(index, resource.iri))
        parsed = Graph().parse(data=resource.documents[ext], format=RDFLIB_FORMAT[ext])
        assert isomorphic(parsed, expected), f"{path}.{ext}"


def test_literals_keep_their_datatype_and_lexical_form(documents):
    """The store would give ``"30"^^xsd:integer`` (Oxigraph keeps numbers by value); documents must not."""
    turtle = documents["/dataset"].documents["nt"].decode()
    assert '"0030"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in turtle


def test_turtle_declares_only_used_prefixes(documents):
    turtle = documents["/concept/lab"].documents["ttl"].decode()
    declared = set(re.findall(r"@prefix (\w*):", turtle))
    assert "skos" in declared and "prov" not in declared and "sh" not in declared


def test_html_is_escaped_and_has_no_script(documents):
    page = documents["/concept/x"].documents["html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>geleerd</b>" not in page and "&lt;b&gt;geleerd&lt;/b&gt;" in page
    assert 'href="javascript:' not in page  # only http(s) IRIs become links
    assert "Auteur (2024), p. 1." in page  # the quote's citation
    assert 'href="/bron/auteur-2024"' in page and 'href="/concept/lab"' in page  # local links
    assert "Test bed" in page  # the English label
    assert 'href="/concept/x.ttl"' in page


def test_html_links_percent_encode(documents):
    page = documents["/concept/café"].documents["html"].decode()
    assert 'href="/concept/caf%C3%A9.ttl"' in page


def test_link_header_lists_every_format():
    header = link_header("/concept/café")
    for ext in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert f'</concept/caf%C3%A9.{ext}>; rel="alternate"' in header
    assert url_path(local_path(BASE + "concept/a b")) == "/concept/a%20b"
