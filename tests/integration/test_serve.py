"""``mgo serve`` over HTTP on loopback: dereferencing with content negotiation, the SPARQL protocol, limits.

The server runs in a subprocess (``python -m mgo.cli serve``) on the publication built from the sources; the
timeout test uses a second server on the small fixture publication (``tests/fixtures/serve``) so that a
deliberately expensive query is cheap to write down.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph  # SPARQLWrapper returns rdflib graphs for CONSTRUCT
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper

from graphs import canonical, parse
from mgo.pipeline.publication import Publication
from mgo.terms import BASE
from mgo.web.serve import CONTENT_TYPES, url_path
from mgo.web.servestore import document, open_store
from mgo.web.site import htaccess
from servers import Server, start_mgo_serve, wait_until

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "serve" / "publication"
ROOT_QUERIES = Path(__file__).resolve().parents[2] / "queries"
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
    return Publication.load(built_dist)


def assert_no_leak(body: bytes) -> None:
    text = body.decode("utf-8", errors="replace")
    for marker in LEAKS:
        assert marker not in text, f"{marker!r} in an error body: {text[:300]}"


# --- dereferencing ------------------------------------------------------------------------------------------


#: Accept headers that mainstream clients send (browsers, curl and requests, rdflib per format, JSON-LD
#: processors, RDF clients weighing formats); the 303 of mgo serve and of the w3id rules must agree on them
CLIENT_ACCEPTS = {
    "Firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Chromium": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
    "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "curl": "*/*",
    "no Accept": None,
    "rdflib (any format)": "application/rdf+xml, text/n3, text/turtle, application/n-triples, "
    "application/ld+json, application/n-quads, application/trix, application/trig",
    "rdflib turtle": "text/turtle, application/x-turtle, */*;q=0.1",
    "rdflib nt": "text/plain, */*;q=0.1",
    "rdflib xml": "application/rdf+xml, */*;q=0.1",
    "rdflib json-ld": "application/ld+json, application/json;q=0.9, */*;q=0.1",
    "rdflib trig": "application/trig, */*;q=0.1",
    "RDF client": "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,"
    "*/*;q=0.5",
    "JSON-LD processor": "application/ld+json, application/json",
    "N-Quads client": "application/n-quads",
}
RDF_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
    "trig": pyoxigraph.RdfFormat.TRIG,
}


@pytest.fixture(scope="module")
def site(built_dist: Path, mgo_server: Server) -> Path:
    return built_dist / "site"  # written by the mgo_server fixture


def resource_stems(site: Path) -> list[str]:
    """Every resource with a page and documents on the site (``concept/living-lab``), from the site itself."""
    stems = sorted(
        p.relative_to(site).as_posix()[:-4] for p in site.rglob("*.ttl") if not p.is_relative_to(site / "en")
    )
    return [stem for stem in stems if (site / f"{stem}.html").is_file()]


def test_every_file_of_the_site_is_served_byte_for_byte(client: Client, site: Path) -> None:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert files, "the site is empty"
    for path in files:
        relative = path.relative_to(site).as_posix()
        status, headers, body = client.request("GET", url_path("/" + relative))
        assert status == 200, relative
        assert body == path.read_bytes(), relative
        assert headers["content-type"] == CONTENT_TYPES[path.suffix], relative
    for folder in ("/", "/en/"):
        status, _, body = client.request("GET", folder, {"Accept": "text/html"})
        if folder == "/":
            assert status == 303
            status, _, body = client.request("GET", "/index.html")
        assert (status, body) == (200, (site / folder[1:] / "index.html").read_bytes())


def test_every_iri_gives_the_same_graph_in_every_format(client: Client, site: Path) -> None:
    """Every resource IRI x every media type of the table -> 303 -> the site's file; one graph in all formats."""
    stems = resource_stems(site)
    assert len(stems) > 100
    for stem in [*stems, "shapes", "shapes/any-shape"]:
        path = url_path("/" + stem)
        graphs: dict[str, set[pyoxigraph.Quad]] = {}
        for offer in htaccess.ALL_OFFERS:
            status, headers, _ = client.request("GET", path, {"Accept": offer.media_type})
            assert status == 303, (path, offer.media_type)
            location = headers["location"]
            assert location == url_path("/" + htaccess.target(stem, offer, None)), (path, offer.media_type)
            assert "accept" in headers["vary"].lower()
            assert headers["access-control-allow-origin"] == "*"
            status, headers, body = client.request("GET", location)
            assert status == 200, location
            assert body == (site / location[1:]).read_bytes(), location
            ext = location.rsplit(".", 1)[1]
            if ext != "html":
                assert headers["content-type"].split(";")[0] == htaccess.OFFERS[0].media_type or ext != "ttl"
                graphs[offer.media_type] = canonical(parse(body, RDF_FORMATS[ext]))
        first = graphs[htaccess.OFFERS[0].media_type]
        for media_type, graph in graphs.items():
            assert graph == first, f"{path}: {media_type} gives another graph than Turtle"
        if stem != "shapes" and not stem.startswith("shapes/"):
            assert pyoxigraph.NamedNode(BASE + stem) in {q.subject for q in first}, path


def test_the_base_iri_gives_the_publication_and_the_home_page(client: Client, site: Path) -> None:
    for offer in htaccess.OFFERS:
        status, headers, _ = client.request("GET", "/", {"Accept": offer.media_type})
        expected = "/" + (offer.whole or "index.html")
        assert (status, headers["location"]) == (303, expected), offer.media_type
    status, headers, _ = client.request("GET", "/", {"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.8"})
    assert (status, headers["location"]) == (303, "/en/")


def apache(rules: str, path: str, accept: str | None, language: str | None) -> str | None:
    """The target of ``path`` under the generated rules, as Apache's mod_rewrite evaluates them."""
    conditions: list[tuple[str, re.Pattern[str]]] = []
    for line in rules.splitlines():
        if line.startswith("RewriteCond "):
            _, variable, pattern, *flags = line.split(" ")
            conditions.append((variable, re.compile(pattern, re.IGNORECASE if "[NC]" in flags else 0)))
        elif line.startswith("RewriteRule "):
            _, pattern, substitution, _flags = line.split(" ")
            match = re.match(pattern, path)
            headers = {"%{HTTP_ACCEPT}": accept or "", "%{HTTP:Accept-Language}": language or ""}
            if match and all(regex.search(headers[variable]) for variable, regex in conditions):
                return re.sub(r"\$(\d)", lambda m, found=match: found.group(int(m.group(1))) or "", substitution)
            conditions = []
    return None


def test_the_303s_follow_the_w3id_rules(client: Client, built_dist: Path, site: Path) -> None:
    """The generated .htaccess and mgo serve send every mainstream client to the same document."""
    rules = (built_dist / "w3id" / ".htaccess").read_text()
    host = re.search(r"^# Hosting location of the static site: (\S+)$", rules, re.MULTILINE).group(1)
    for stem in [*resource_stems(site)[::7], "", "shapes", "shapes/any", "def", "dataset"]:
        for client_name, accept in CLIENT_ACCEPTS.items():
            for language in (None, "en-US,en;q=0.9", "nl-NL,nl;q=0.9,en;q=0.5"):
                expected = apache(rules, stem, accept, language)
                assert expected is not None and expected.startswith(host)
                headers = {k: v for k, v in (("Accept", accept), ("Accept-Language", language)) if v}
                status, got, _ = client.request("GET", url_path("/" + stem), headers)
                assert status == 303, (stem, client_name)
                served = got["location"][1:]
                wanted = expected[len(host) :] or "index.html"
                assert served == url_path(wanted), (stem, client_name, language)


def test_documents_made_from_the_store_are_the_site_files(built_dist: Path, site: Path, tmp_path: Path) -> None:
    """The one document builder over the on-disk store writes the bytes of the site's files."""
    store = open_store(built_dist, tmp_path / "store")
    for stem in resource_stems(site):
        for ext in htaccess.DOCUMENT_EXTS:
            assert document(store.index(), BASE + stem, ext) == (site / f"{stem}.{ext}").read_bytes(), (stem, ext)


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
        ("*/*", "html"),
        ("application/json", "jsonld"),
        ("text/plain", "nt"),
        ("application/trig", "ttl"),
        ("application/n-quads", "nt"),
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
    for path in (
        "/concept/no-such-thing",
        "/concept/no-such-thing.ttl",
        "/concept/living-lab.pdf",
        "/x/",
        "/../dist/mgo.ttl",
        "/%2e%2e/mgo.ttl",
        "/.hidden.ttl",
    ):
        status, _, body = client.request("GET", path)
        assert status in (400, 404), path
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


def test_health(client: Client, built_dist: Path) -> None:
    status, headers, body = client.request("GET", "/health")
    data = json.loads(body)
    assert status == 200 and headers["content-type"] == "application/json"
    published = {q.triple for q in pyoxigraph.parse(path=str(built_dist / "mgo.ttl"))}
    assert data["ok"] is True and data["triples"] == len(published) and data["version"]


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


# --- /sparql in a browser -----------------------------------------------------------------------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_sparql_page_is_the_site_page_with_a_plain_form(client: Client, site: Path) -> None:
    static = (site / "sparql.html").read_text(encoding="utf-8")
    assert "<!--mgo:sparql-->" in static and "mgo serve" in static  # the static page says how to run queries
    status, headers, body = client.request("GET", "/sparql", {"Accept": BROWSER})
    page = body.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    before, after = static.split("<!--mgo:sparql-->")[0], static.split("<!--/mgo:sparql-->")[1]
    assert page.endswith(after) and page.replace('<head><base href="/sparql.html">', "<head>").startswith(before)
    assert '<form method="get" action="/sparql">' in page and '<textarea id="sparql-query" name="query"' in page
    assert page.count("<script") == static.count("<script"), "the served form adds no script"
    for path in sorted(ROOT_QUERIES.glob("*.rq")):
        assert f"<code>{path.stem}.rq</code>" in page, path.stem
    status, _, body = client.request("GET", "/sparql", {"Accept": BROWSER, "Accept-Language": "en-GB,en"})
    assert status == 200 and b"Ask your own questions (SPARQL)" in body and b'<base href="/en/sparql.html">' in body


def test_a_competency_query_in_the_browser_gives_its_golden_rows_and_downloads(client: Client) -> None:
    path = sorted(ROOT_QUERIES.glob("*.rq"))[0]
    golden = json.loads(path.with_suffix(".srj").read_text(encoding="utf-8"))
    params = urllib.parse.urlencode({"query": path.read_text(encoding="utf-8")})
    status, _, body = client.request("GET", f"/sparql?{params}", {"Accept": BROWSER})
    page = body.decode()
    assert status == 200
    rows = len(golden["results"]["bindings"])
    assert f"({rows} " in page and page.count("<tr><td>") == rows, (
        f"{path.name}: the page's rows are not those of {path.with_suffix('.srj').name}; if the golden is stale, "
        f"regenerate it with `.venv/bin/mgo query {path.stem} --update-golden` and review the diff"
    )
    for name, media in (("csv", "text/csv"), ("json", "application/sparql-results+json"), ("tsv", "text/tab")):
        link = f"/sparql?{params}&amp;format={name}"
        assert link in page
        status, headers, data = client.request("GET", link.replace("&amp;", "&"), {"Accept": BROWSER})
        assert status == 200 and headers["content-type"].startswith(media), name
        assert headers["content-disposition"] == f'attachment; filename="result.{name}"'
    status, _, data = client.request("GET", f"/sparql?{params}&format=csv", {"Accept": BROWSER})
    assert len(data.decode().strip().splitlines()) == rows + 1


def test_the_sparql_page_escapes_results_and_shows_errors(client: Client) -> None:
    query = 'SELECT ?x ?i WHERE { BIND("<script>alert(1)</script>" AS ?x) BIND(<javascript:alert(1)> AS ?i) }'
    status, _, body = client.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), {"Accept": BROWSER})
    page = body.decode()
    assert status == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'href="javascript:' not in page
    for bad, status_code in (("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> {} }", 400), ("SELECT ?", 400)):
        status, _, body = client.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": bad}), {"Accept": BROWSER}
        )
        assert status == status_code and b'id="sparql-error"' in body and b"<form" in body
        assert_no_leak(body)
    status, headers, _ = client.request("GET", "/sparql", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")  # the service description


# --- mgo serve --endpoint: the same documents and 303s in front of another store -------------------------


@pytest.fixture(scope="module")
def endpoint_server(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from mgo.query.load import load_publication_into
    from mgo.query.stores import KINDS, StoreUrls
    from servers import start_oxigraph

    folder = tmp_path_factory.mktemp("endpoint")
    oxigraph = start_oxigraph(folder / "oxigraph")
    try:
        load_publication_into(built_dist, StoreUrls(KINDS["oxigraph"], oxigraph["query"], oxigraph["store"], "test"))
        (folder / "no-site").mkdir()  # no files: every document is made from the store behind
        server = start_mgo_serve(built_dist, folder, "--endpoint", oxigraph["query"], "--site", str(folder / "no-site"))
        yield server
        server.stop()
    finally:
        oxigraph.stop()


def test_in_front_of_another_store_the_documents_and_303s_are_the_same(endpoint_server: Server, site: Path) -> None:
    client = Client(endpoint_server["base"])
    try:
        for stem in [*resource_stems(site)[::75], "def"]:
            status, headers, _ = client.request("GET", url_path("/" + stem), {"Accept": "text/turtle"})
            assert (status, headers["location"]) == (303, url_path(f"/{stem}.ttl"))
            for ext in htaccess.DOCUMENT_EXTS:
                status, _, body = client.request("GET", url_path(f"/{stem}.{ext}"))
                assert status == 200 and body == (site / f"{stem}.{ext}").read_bytes(), (stem, ext)
        status, _, body = client.request(
            "GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", {"Accept": "application/sparql-results+json"}
        )
        assert status == 200 and json.loads(body)["boolean"] is True
        service = urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
        status, _, body = client.request("GET", f"/sparql?{service}")
        assert status == 400 and body.startswith(b"SERVICE is not allowed")
    finally:
        client.close()


# --- answers written straight from the parser (mgo.web.bounded_http, "the replay path") -----------------------


def _raw_exchange(server: Server, data: bytes, *, responses: int, timeout: float = 10.0) -> list[tuple[bytes, bytes]]:
    """Send ``data`` (requests without bodies) on one connection and read ``responses`` answers: ``(head, body)``
    each, the body by Content-Length (none for a HEAD)."""
    methods = [request.split(b" ", 1)[0] for request in data.split(b"\r\n\r\n") if request]
    parts = urllib.parse.urlsplit(server["base"])
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=timeout) as sock:
        sock.sendall(data)
        buffer = b""
        answers = []
        while len(answers) < responses:
            while b"\r\n\r\n" not in buffer:
                chunk = sock.recv(65536)
                assert chunk, f"connection closed after {len(answers)} answers"
                buffer += chunk
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            length = int(re.search(rb"(?im)^content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
            size = 0 if methods[len(answers)] == b"HEAD" else length
            while len(buffer) < size:
                chunk = sock.recv(65536)
                assert chunk, "connection closed inside a body"
                buffer += chunk
            answers.append((head, buffer[:size]))
            buffer = buffer[size:]
        assert buffer == b"", buffer[:200]
    return answers


def _without_date(head: bytes) -> bytes:
    return b"\r\n".join(line for line in head.split(b"\r\n") if not line.lower().startswith(b"date:"))


def test_an_answer_given_again_is_the_same_bytes(mgo_server: Server) -> None:
    """The second identical request is replayed from memory: the same status line, headers and body as
    the first (computed), but the date; for a 303 and for a file, and HEAD gets the head alone."""
    language = b"nl-x-replay-test"  # a header no other test sends: the first answer here is computed
    for path, accept in ((b"/concept/living-lab", b"text/turtle"), (b"/concept/living-lab.ttl", b"*/*")):
        request = b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nAccept: " + accept + b"\r\nAccept-Language: " + language
        request += b"\r\n\r\n"
        head_request = request.replace(b"GET ", b"HEAD ", 1)
        (first, second, head_only) = _raw_exchange(mgo_server, request + request + head_request, responses=3)
        assert first[0].split(b"\r\n", 1)[0] in (b"HTTP/1.1 303 See Other", b"HTTP/1.1 200 OK"), first[0][:80]
        assert _without_date(second[0]) == _without_date(first[0]) and second[1] == first[1]
        assert _without_date(head_only[0]) == _without_date(first[0]) and head_only[1] == b""


def test_http_1_0_and_connection_close_are_honoured_on_replay(mgo_server: Server) -> None:
    """An HTTP/1.0 request gets ``connection: close`` and the connection is closed, computed or replayed."""
    parts = urllib.parse.urlsplit(mgo_server["base"])
    for _ in range(2):
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=10) as sock:
            sock.sendall(b"GET /concept/living-lab.nt HTTP/1.0\r\nHost: x\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):  # ends: the server closes the connection
                data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 200 ") and b"\r\nconnection: close" in head.lower()
        assert len(body) == int(re.search(rb"(?im)^content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]


def test_pipelined_requests_are_answered_in_order_behind_a_query(mgo_server: Server) -> None:
    """A file and a 303 pipelined behind a SPARQL query wait for its answer: no answer overtakes another."""
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # pipelined")
    data = (
        f"GET /sparql?query={query} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
        "GET /concept/living-lab.ttl HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /concept/living-lab HTTP/1.1\r\nHost: x\r\nAccept: application/n-triples\r\n\r\n"
    ).encode()
    answers = _raw_exchange(mgo_server, data, responses=3)
    assert answers[0][0].startswith(b"HTTP/1.1 200 ") and b"text/csv" in answers[0][0]
    assert answers[0][1].splitlines()[0] == b"n"
    assert answers[1][0].startswith(b"HTTP/1.1 200 ") and b"text/turtle" in answers[1][0]
    assert answers[2][0].startswith(b"HTTP/1.1 303 ") and b"location: /concept/living-lab.nt" in answers[2][0]


def test_a_cheap_query_asked_again_is_answered_in_the_server_with_the_same_bytes(client: Client) -> None:
    """The first time a query runs in a worker; once known cheap it runs in the server process (no pipe
    round trip): the same answer, byte for byte, and /health counts it."""
    query = CONCEPTS_QUERY + "\n# asked twice by this test"
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    first = client.request("POST", "/sparql", headers, body)
    before = json.loads(client.request("GET", "/health")[2])["queries_answered_in_server"]
    second = client.request("POST", "/sparql", headers, body)
    after = json.loads(client.request("GET", "/health")[2])["queries_answered_in_server"]
    assert first[0] == second[0] == 200
    assert second[2] == first[2] and second[1]["content-type"] == first[1]["content-type"]
    assert after == before + 1


def test_the_documents_store_loaded_in_bulk_holds_what_the_parser_gives(built_dist: Path) -> None:
    """``mgo.nt`` rewritten as bytes and bulk-loaded (how the store is built) gives the same quads as
    parsing it triple by triple: typed literals under their lexical datatype, blank nodes with their labels."""
    from mgo.web.servestore import _load_ntriples_lexical, _parse_into

    parsed, loaded = pyoxigraph.Store(), pyoxigraph.Store()
    _parse_into(parsed, built_dist / "mgo.nt")
    _load_ntriples_lexical(loaded, built_dist / "mgo.nt")
    assert set(map(str, loaded)) == set(map(str, parsed))
    assert len(parsed) == len(set(pyoxigraph.parse(path=str(built_dist / "mgo.nt"))))
