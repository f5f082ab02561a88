"""The SPARQL 1.1 Protocol layer without sockets: request parsing, update refusal, execution, limits, SD."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from mgo.pipeline.publication import Publication
from mgo.web.sparql_protocol import (
    HttpError,
    QueryJob,
    execute,
    fetches,
    is_update,
    parse_request,
    service_description,
)

PUBLICATION = Path(__file__).resolve().parent / "fixtures" / "serve" / "publication"
LIMIT = 1_000_000


@pytest.fixture(scope="module")
def publication():
    return Publication.load(PUBLICATION)


def test_plain_get_is_the_service_description():
    assert parse_request("GET", "", None, None) is None


def test_get_with_dataset():
    job = parse_request(
        "GET", "query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa&named-graph-uri=http%3A%2F%2Fb", None, None
    )
    assert job == QueryJob("ASK{}", None, ("http://a",), ("http://b",))


def test_post_form_and_direct():
    form = parse_request("POST", "", "application/x-www-form-urlencoded; charset=UTF-8", b"query=ASK+%7B%7D")
    direct = parse_request("POST", "default-graph-uri=http%3A%2F%2Fa", "application/sparql-query", b"ASK {}")
    assert form is not None and form.query == "ASK {}"
    assert direct is not None and direct.query == "ASK {}" and direct.default_graphs == ("http://a",)


@pytest.mark.parametrize(
    ("method", "query_string", "content_type", "body", "status"),
    [
        ("GET", "query=a&query=b", None, None, 400),
        ("GET", "default-graph-uri=http%3A%2F%2Fa", None, None, 400),  # parameters but no query
        ("GET", "query=%20%20", None, None, 400),
        ("GET", "query=%zz", None, None, 400),  # malformed percent-encoding
        ("GET", "query=%ff%fe", None, None, 400),  # not UTF-8
        ("POST", "", "text/plain", b"ASK {}", 415),
        ("POST", "query=ASK%7B%7D", "application/sparql-query", b"ASK {}", 400),
        ("POST", "", "application/x-www-form-urlencoded", b"query=%C3%28", 400),
        ("GET", "update=INSERT+DATA+%7B%7D", None, None, 403),
        ("POST", "", "application/x-www-form-urlencoded", b"update=CLEAR+ALL", 403),
        ("POST", "", "application/sparql-update", b"CLEAR ALL", 403),
        ("GET", "query=INSERT+DATA+%7B%3Ca%3A%3E+%3Ca%3A%3E+%3Ca%3A%3E%7D", None, None, 403),
    ],
)
def test_bad_requests(method, query_string, content_type, body, status):
    with pytest.raises(HttpError) as caught:
        parse_request(method, query_string, content_type, body)
    assert caught.value.status == status
    assert "\n" not in caught.value.message and "Traceback" not in caught.value.message


@pytest.mark.parametrize(
    ("text", "update"),
    [
        ("SELECT * {}", False),
        ("PREFIX ex: <http://ex/> ASK { ex:a ex:b ex:c }", False),
        ("# INSERT DATA in a comment\nSELECT * {}", False),
        ('SELECT * { ?s ?p "DELETE" }', False),
        ("BASE <http://ex/> PREFIX : <http://ex/> DELETE WHERE { ?s ?p ?o }", True),
        ("insert data { <a:> <a:> <a:> }", True),
        ("PREFIX ex: <http://ex/>\n# comment\nDROP GRAPH ex:g", True),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("LOAD <http://example.org/data.ttl>", True),
    ],
)
def test_is_update(text, update):
    assert is_update(text) is update


@pytest.mark.parametrize(
    ("text", "fetching"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }", True),
        ("select * { service silent ?endpoint { } }", True),
        ("SELECT * { ?s ?p ?o .SERVICE<http://x/>{} }", True),
        ("SELECT * { {}SERVICE ex:e {} }", True),
        ("SELECT * { \\u0053ERVICE <http://x/> {} }", True),
        ("SELECT * { \\U00000053ervice <http://x/> {} }", True),
        ('SELECT ?service { ?service ex:SERVICE "SERVICE" } # SERVICE <http://x/>', False),
        ("PREFIX service: <http://ex/> SELECT * { service:a ?p $service }", False),
        ("SELECT * { <http://ex/SERVICE> ?p ?o }", False),
        ("SELECT * FROM <http://127.0.0.1/> { ?s ?p ?o }", False),
    ],
)
def test_fetches_finds_every_service_clause(text, fetching):
    assert fetches(text) is fetching


def test_a_service_clause_is_refused_before_it_reaches_the_store():
    with pytest.raises(HttpError) as caught:
        parse_request("GET", "query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fx%2F%3E%20%7B%7D%20%7D", None, None)
    assert caught.value.status == 400
    assert caught.value.message.startswith("SERVICE is not allowed: this public endpoint never makes outbound requests")


def test_select_in_every_results_format(publication):
    query = (
        "SELECT ?label WHERE { <https://w3id.org/missiegedreven/concept/lab> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label"
    )
    expected = {
        "application/sparql-results+json": "application/sparql-results+json",
        "application/sparql-results+xml": "application/sparql-results+xml",
        "text/csv": "text/csv; charset=utf-8",
        "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
        "application/json": "application/sparql-results+json",
        None: "application/sparql-results+json",
    }
    for accept, content_type in expected.items():
        answer = execute(publication.store, QueryJob(query, accept), max_result_bytes=LIMIT)
        assert (answer.status, answer.content_type) == (200, content_type), accept
    answer = execute(publication.store, QueryJob(query, "application/sparql-results+json"), max_result_bytes=LIMIT)
    rows = json.loads(answer.body)["results"]["bindings"]
    assert [(r["label"]["value"], r["label"]["xml:lang"]) for r in rows] == [("Lab", "en"), ("Lab", "nl")]


def test_construct_in_every_rdf_format(publication):
    additions = "https://w3id.org/missiegedreven/graph/additions"
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{additions}> {{ ?s ?p ?o }} }}"
    formats = {
        "text/turtle": pyoxigraph.RdfFormat.TURTLE,
        "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
        "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
        "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    }
    for media, rdf_format in formats.items():
        answer = execute(publication.store, QueryJob(query, media), max_result_bytes=LIMIT)
        assert answer.status == 200 and answer.content_type.split(";")[0] == media
        assert len(list(pyoxigraph.parse(answer.body, format=rdf_format))) == 2


def test_default_graph_is_the_publication_and_layers_are_named(publication):
    def count(query: str, **kw) -> int:
        answer = execute(publication.store, QueryJob(query, "text/csv", **kw), max_result_bytes=LIMIT)
        return int(answer.body.decode().split()[1])

    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert count(everything) == publication.triples == 35  # ontology + data + additions, not shapes or void
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == sum(publication.graphs.values())
    shapes = "https://w3id.org/missiegedreven/graph/shapes"
    assert count(everything, default_graphs=(shapes,)) == 2


def test_not_acceptable_syntax_error_and_bad_graph(publication):
    ask = execute(publication.store, QueryJob("ASK {}", "text/turtle"), max_result_bytes=LIMIT)
    assert ask.status == 406 and b"application/sparql-results+json" in ask.body
    bad = execute(publication.store, QueryJob("SELECT ?x WHERE { ?x", None), max_result_bytes=LIMIT)
    assert bad.status == 400 and bad.body.startswith(b"SPARQL syntax error")
    graph = execute(publication.store, QueryJob("ASK {}", None, ("not an iri",)), max_result_bytes=LIMIT)
    assert graph.status == 400


def test_result_size_limit(publication):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 35 x 35 rows
    answer = execute(publication.store, QueryJob(query, None), max_result_bytes=2000)
    assert answer.status == 413 and b"2000 bytes" in answer.body
    assert execute(publication.store, QueryJob(query + " LIMIT 1", None), max_result_bytes=2000).status == 200


def test_service_description(publication):
    triples = service_description("http://127.0.0.1:1/sparql", publication)
    graph = pyoxigraph.Store()
    graph.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {
        row["name"].value
        for row in graph.query(f"SELECT ?name WHERE {{ ?s <{sd}defaultDataset>/<{sd}namedGraph>/<{sd}name> ?name }}")
    }
    assert names == set(publication.graphs)
    assert graph.query(f"ASK {{ <http://127.0.0.1:1/sparql> <{sd}supportedLanguage> <{sd}SPARQL11Query> }}")
