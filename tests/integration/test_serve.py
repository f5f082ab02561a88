"""``mgo serve`` over HTTP on loopback: dereferencing with content negotiation, the SPARQL protocol, limits.

The server runs in a subprocess (``python -m mgo.serve``) on the publication built from the sources; the
timeout test uses a second server on the small fixture publication (``tests/fixtures/serve``) so that a
deliberately expensive query is cheap to write down.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph  # SPARQLWrapper returns rdflib graphs for CONSTRUCT
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper

from graphs import isomorphic, parse
from mgo.documents import DOC_FORMATS, TripleIndex, description, local_path, subjects, url_path
from mgo.embedded import Publication, load_publication
from servers import Server, start_mgo_serve, wait_until

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "serve" / "publication"
PYOXIGRAPH_FORMAT = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
}
LEAKS = ("Traceback", "/work/", "/tmp/", "/root/", "site-packages", 'File "')
CONCEPTS_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label WHERE { ?c a skos:Concept ; skos:prefLabel ?label FILTER(lang(?label) = "nl") }
ORDER BY ?c"""


class Client:
    """A keep-alive HTTP/1.1 client for one server (reconnects when the server closed the connection)."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="module")
def client(mgo_server: Server) -> Iterator[Client]:
    c = Client(mgo_server["base"])
    yield c
    c.close()


@pytest.fixture(scope="module")
def publication(built_dist: Path) -> Publication:
    return load_publication(built_dist)


def assert_no_leak(body: bytes) -> None:
    text = body.decode("utf-8", errors="replace")
    for marker in LEAKS:
        assert marker not in text, f"{marker!r} in an error body: {text[:300]}"


def same_triples(data: bytes, ext: str, expected: list[pyoxigraph.Triple]) -> bool:
    return isomorphic(parse(data, PYOXIGRAPH_FORMAT[ext]), expected)


# --- dereferencing ------------------------------------------------------------------------------------------


def test_every_iri_in_every_format(client: Client, publication: Publication, built_dist: Path) -> None:
    """The matrix: every subject IRI x every media type -> 303 -> 200, right type, the right triples."""
    index = TripleIndex.from_publication(publication)
    iris = subjects(index)
    assert len(iris) > 100, "the built publication should have hundreds of dereferenceable IRIs"
    for iri in iris:
        path = url_path(local_path(iri))
        expected = description(index, iri)
        for doc_format in DOC_FORMATS:
            status, headers, _ = client.request("GET", path, {"Accept": doc_format.media_type})
            assert status == 303, (path, doc_format.media_type)
            location = f"{path}.{doc_format.ext}"
            assert headers["location"] == location
            assert "accept" in headers["vary"].lower()
            assert headers["access-control-allow-origin"] == "*"
            for other in DOC_FORMATS:
                assert f'<{path}.{other.ext}>; rel="alternate"; type="{other.media_type}"' in headers["link"]
            status, headers, body = client.request("GET", location)
            assert status == 200, location
            assert headers["content-type"].split(";")[0] == doc_format.media_type
            assert headers["content-location"] == location
            download = built_dist / location[1:]
            if download.is_file():  # a dist/ file at the same URL wins (see mgo.serve.Site.load)
                assert body == download.read_bytes(), location
            elif doc_format.ext == "html":
                assert body.startswith(b"<!DOCTYPE html>") and iri.encode() in body
                assert "script-src" not in headers["content-security-policy"]
            else:
                assert same_triples(body, doc_format.ext, expected), location


def test_ontology_and_dataset_dereference(client: Client) -> None:
    for path in ("/def", "/dataset"):
        status, headers, _ = client.request("GET", path, {"Accept": "application/n-triples"})
        assert (status, headers["location"]) == (303, f"{path}.nt")
        status, _, body = client.request("GET", f"{path}.nt")
        assert status == 200 and f"<https://w3id.org/missiegedreven{path}>".encode() in body


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        ("application/ld+json;q=0.5, text/turtle;q=0.9", "ttl"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/*;q=0.5, text/turtle;q=0", "html"),
        ("application/rdf+xml;q=0.3, application/n-triples;q=0.31", "nt"),
        ("*/*", "ttl"),
        ("application/json", "jsonld"),
    ],
)
def test_q_values(client: Client, accept: str, ext: str) -> None:
    status, headers, _ = client.request("GET", "/concept/living-lab", {"Accept": accept})
    assert (status, headers["location"]) == (303, f"/concept/living-lab.{ext}")


def test_format_parameter_overrides_accept(client: Client) -> None:
    status, headers, _ = client.request("GET", "/concept/living-lab?format=jsonld", {"Accept": "text/html"})
    assert (status, headers["location"]) == (303, "/concept/living-lab.jsonld")
    status, _, body = client.request("GET", "/concept/living-lab?format=pdf")
    assert status == 400 and b"unknown format" in body


def test_not_acceptable_and_not_found(client: Client) -> None:
    status, headers, body = client.request("GET", "/concept/living-lab", {"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body and "link" in headers
    for path in ("/concept/no-such-thing", "/concept/no-such-thing.ttl", "/concept/living-lab.pdf", "/x/"):
        status, _, body = client.request("GET", path)
        assert status == 404, path
        assert_no_leak(body)


def test_head_has_headers_and_no_body(client: Client) -> None:
    status, headers, body = client.request("HEAD", "/concept/living-lab.ttl")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100


def test_downloads(client: Client, built_dist: Path) -> None:
    types = {
        "mgo.ttl": "text/turtle",
        "mgo.jsonld": "application/ld+json",
        "mgo.nt": "application/n-triples",
        "mgo.rdf": "application/rdf+xml",
        "mgo.trig": "application/trig",
    }
    for name, media in types.items():
        status, headers, body = client.request("GET", f"/{name}")
        assert status == 200 and headers["content-type"].split(";")[0] == media, name
        assert body == (built_dist / name).read_bytes()


def test_health(client: Client, publication: Publication) -> None:
    status, headers, body = client.request("GET", "/health")
    data = json.loads(body)
    assert status == 200 and headers["content-type"] == "application/json"
    assert data["ok"] is True and data["triples"] == publication.triples and data["version"]


def test_root_redirects_to_the_dataset(client: Client) -> None:
    status, headers, _ = client.request("GET", "/")
    assert (status, headers["location"]) == (303, "/dataset")


def test_cors_preflight(client: Client) -> None:
    status, headers, _ = client.request(
        "OPTIONS",
        "/sparql",
        {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]


# --- SPARQL protocol ----------------------------------------------------------------------------------------


def wrapper(server: Server, query: str, return_format: str, method: str = GET) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server["sparql"])
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    sparql.setMethod(method)
    return sparql


def expected_concepts(publication: Publication) -> list[tuple[str, str]]:
    return [(row["c"].value, row["label"].value) for row in publication.store.query(CONCEPTS_QUERY)]


@pytest.mark.parametrize("method", [GET, POST])
def test_select_through_sparqlwrapper(mgo_server: Server, publication: Publication, method: str) -> None:
    expected = expected_concepts(publication)
    assert expected
    data = wrapper(mgo_server, CONCEPTS_QUERY, JSON, method).queryAndConvert()
    assert [(b["c"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]] == expected
    document = wrapper(mgo_server, CONCEPTS_QUERY, XML, method).queryAndConvert()
    assert len(document.getElementsByTagName("result")) == len(expected)
    csv_text = wrapper(mgo_server, CONCEPTS_QUERY, CSV, method).queryAndConvert().decode()
    assert csv_text.splitlines()[0] == "c,label" and len(csv_text.splitlines()) == len(expected) + 1
    tsv_text = wrapper(mgo_server, CONCEPTS_QUERY, TSV, method).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?c\t?label" and len(tsv_text.splitlines()) == len(expected) + 1


def test_ask_and_construct_through_sparqlwrapper(mgo_server: Server) -> None:
    ask = "ASK { <https://w3id.org/missiegedreven/concept/living-lab> ?p ?o }"
    assert wrapper(mgo_server, ask, JSON).queryAndConvert()["boolean"] is True
    living_lab = "<https://w3id.org/missiegedreven/concept/living-lab>"
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND({living_lab} AS ?s) ?s ?p ?o }}"
    for return_format in (TURTLE, N3, JSONLD):
        graph = wrapper(mgo_server, construct, return_format).queryAndConvert()
        graph = graph if isinstance(graph, Graph) else Graph().parse(data=graph, format="turtle")
        assert len(graph) > 5, return_format


def post(client: Client, content_type: str, body: bytes, accept: str = "*/*", path: str = "/sparql"):
    return client.request("POST", path, {"Content-Type": content_type, "Accept": accept}, body)


def test_post_form_and_post_direct_with_plain_http(client: Client, publication: Publication) -> None:
    expected = len(expected_concepts(publication))
    form = urllib.parse.urlencode({"query": CONCEPTS_QUERY}).encode()
    status, headers, body = post(client, "application/x-www-form-urlencoded", form, "text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert len(body.decode().splitlines()) == expected + 1
    status, headers, body = post(
        client, "application/sparql-query", CONCEPTS_QUERY.encode(), "application/sparql-results+xml"
    )
    assert status == 200 and headers["content-type"] == "application/sparql-results+xml"
    status, headers, body = client.request(
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": CONCEPTS_QUERY}),
        {"Accept": "text/tab-separated-values"},
    )
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")


def test_dataset_parameters(client: Client, publication: Publication) -> None:
    shapes = "https://w3id.org/missiegedreven/graph/shapes"
    params = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": shapes})
    status, _, body = client.request("GET", f"/sparql?{params}", {"Accept": "text/csv"})
    assert status == 200 and int(body.decode().split()[1]) == publication.graphs[shapes]


def test_service_description(client: Client, publication: Publication) -> None:
    for accept, rdf_format in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        status, headers, body = client.request("GET", "/sparql", {"Accept": accept})
        assert status == 200 and headers["content-type"].split(";")[0] == accept
        graph = Graph().parse(data=body, format=rdf_format)
        names = {
            str(row.name)
            for row in graph.query(
                "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
                "SELECT ?name WHERE { ?s sd:defaultDataset/sd:namedGraph/sd:name ?name }"
            )
        }
        assert names == set(publication.graphs)


def test_updates_are_refused(client: Client, mgo_server: Server) -> None:
    insert = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    for status, _, body in (
        post(client, "application/sparql-update", insert.encode()),
        post(client, "application/x-www-form-urlencoded", urllib.parse.urlencode({"update": insert}).encode()),
        client.request("GET", "/sparql?" + urllib.parse.urlencode({"update": insert})),
        client.request("GET", "/sparql?" + urllib.parse.urlencode({"query": insert})),
    ):
        assert status == 403 and b"read-only" in body
    sparql = SPARQLWrapper(mgo_server["sparql"])
    sparql.setMethod(POST)
    sparql.setQuery(insert)
    with pytest.raises(Exception, match="403"):
        sparql.query()
    ask = "ASK { <https://example.org/a> ?p ?o }"
    assert wrapper(mgo_server, ask, JSON).queryAndConvert()["boolean"] is False


def test_result_size_limit(client: Client) -> None:
    params = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, _, body = client.request("GET", f"/sparql?{params}")
    assert status == 413 and b"limit" in body and b"LIMIT" in body
    params = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert client.request("GET", f"/sparql?{params}")[0] == 200


def test_malformed_requests_get_4xx_and_the_server_stays_up(client: Client, mgo_server: Server) -> None:
    cases = [
        client.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"})),
        client.request("GET", "/sparql?query=%zz"),
        client.request("GET", "/sparql?query=%ff%fe"),
        client.request("GET", "/concept/%zz"),
        client.request("GET", "/concept/%ff"),
        client.request("GET", "/sparql?default-graph-uri=x"),
        post(client, "application/sparql-query", b"SELECT * WHERE { ?s ?p ?o }" + b" " * 70_000),
        post(client, "text/plain", b"SELECT * {}"),
        client.request("PUT", "/sparql", {"Content-Type": "text/turtle"}, b"<a:> <a:> <a:> ."),
        client.request("DELETE", "/concept/living-lab"),
    ]
    expected = [400, 400, 400, 400, 400, 400, 413, 415, 405, 405]
    assert [status for status, _, _ in cases] == expected
    for _, headers, body in cases:
        assert headers["content-type"].startswith("text/plain")
        assert body.count(b"\n") == 1, body  # one short line
        assert_no_leak(body)
    assert cases[0][2].startswith(b"SPARQL syntax error")
    # an unknown method and a broken request line, on raw sockets
    for raw in (b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n", b"GARBAGE\r\n\r\n"):
        with socket.create_connection((client.host, client.port), timeout=10) as sock:
            sock.sendall(raw)
            reply = sock.recv(4096)
        assert reply.split(b" ")[1][:1] == b"4", reply[:80]
        assert_no_leak(reply)
    status, _, body = client.request("GET", "/health")
    assert status == 200 and json.loads(body)["ok"] is True


# --- the query timeout, on a small synthetic graph ---------------------------------------------------------


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_mgo_serve(FIXTURE, tmp_path_factory.mktemp("small"), "--timeout", "1", "--workers", "1")
    yield server
    server.stop()


def test_a_query_that_runs_too_long_is_stopped(small_server: Server) -> None:
    """A six-fold cross product of 35 triples (1.8e9 rows to count) takes far more than 1 s: stopped."""
    client = Client(small_server["base"])
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
    params = urllib.parse.urlencode({"query": expensive})
    status, _, body = client.request("GET", f"/sparql?{params}")
    assert status == 503 and b"stopped after 1 s" in body
    # the only worker was killed; a replacement starts (in the background, ~0.2 s on a quiet machine)
    wait_until(
        lambda: json.loads(client.request("GET", "/health")[2])["query_workers"] == 1,
        timeout=60,
        what="the replacement query worker",
    )
    params = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    status, _, body = client.request("GET", f"/sparql?{params}", {"Accept": "text/csv"})
    assert (status, body.decode().split()) == (200, ["n", "35"])
    health = json.loads(client.request("GET", "/health")[2])
    assert health["ok"] is True and health["query_workers"] == 1
    client.close()
