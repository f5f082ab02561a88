"""The generated JSON-LD context and the compacted document."""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.compare import isomorphic

from mgo.rdf.jsonld import build_context, compact_document, dumps

TEXT = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/missiegedreven/concept/b> a skos:Concept ;
    skos:prefLabel "b"@nl, "b (en)"@en ;
    skos:broader <https://w3id.org/missiegedreven/concept/a> ;
    dct:title "T"@nl ; schema:title "plain" ;
    dct:issued "2021"^^xsd:gYear ;
    skos:notation "7"^^xsd:integer ;
    owl:unionOf ( <https://w3id.org/missiegedreven/concept/a> ) ;
    dct:relation [ skos:prefLabel "blank"@nl ] .
<https://w3id.org/missiegedreven/concept/a> a skos:Concept ; skos:prefLabel "a"@nl .
"""


def test_context_rules() -> None:
    context = build_context(Graph().parse(data=TEXT, format="turtle"))
    assert context["id"] == "@id" and context["type"] == "@type"
    assert context["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert context["broader"] == {"@id": "skos:broader", "@type": "@id"}
    assert context["issued"] == {"@id": "dct:issued", "@type": "xsd:gYear"}
    assert context["Concept"] == "skos:Concept"
    assert context["unionOf"] == "owl:unionOf"
    # two predicates with local name "title": both prefix-qualified, neither takes the bare key
    assert "title" not in context
    assert context["dct_title"] == {"@id": "dct:title", "@container": "@language"}
    assert context["schema_title"] == "schema:title"
    assert "first" not in context and "rest" not in context


def test_document_is_readable_sorted_and_round_trips() -> None:
    graph = Graph().parse(data=TEXT, format="turtle")
    context = build_context(graph)
    document = compact_document(graph, context, context_ref="https://w3id.org/missiegedreven/context.jsonld")
    ids = [node["id"] for node in document["@graph"]]
    assert ids[:2] == [
        "https://w3id.org/missiegedreven/concept/a",
        "https://w3id.org/missiegedreven/concept/b",
    ]
    b = document["@graph"][1]
    assert b["prefLabel"] == {"en": "b (en)", "nl": "b"}
    assert b["type"] == "Concept"
    assert b["notation"] == "7"  # the lexical form, typed by the context (not a JSON number)
    back = dict(document, **{"@context": context})
    assert isomorphic(Graph().parse(data=dumps(back), format="json-ld"), graph)
    assert dumps(document) == dumps(json.loads(dumps(document)))
