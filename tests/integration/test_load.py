"""``mgo load`` into real stores (Oxigraph server, Virtuoso) and stand-ins (GraphDB, Fuseki): the store found
from its base URL, exact content term for term, idempotence, failures within seconds with their cause.

Commands run in-process through :func:`run_command` (parsed by the CLI's table, run by the subcommand's ``run``,
with the CLI's error handling), so exit codes and messages are what a user sees. GraphDB cannot be installed here and
Debian has no Fuseki (``apt-cache search fuseki`` finds nothing; ``libapache-jena-java`` has no server):
both are :class:`servers.FakeStore` stand-ins with their URL layout and detection URLs.
"""

from __future__ import annotations

import http.server
import io
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pyoxigraph
import pytest

from graphs import isomorphic, parse
from mgo.cli import parse_args
from mgo.errors import MgoError
from mgo.pipeline.publication import Publication
from mgo.query import load
from mgo.query.load import NORMALISATIONS, compare, graphs_of, load_graphs, publication_union, verify
from mgo.query.remote import StoreError, published_graphs
from mgo.query.stores import KINDS, strip_endpoint, urls_for
from servers import FakeStore, Server, SilentServer, free_port, start_oxigraph

DATA_GRAPH = "https://w3id.org/missiegedreven/graph/data"
XSD = "http://www.w3.org/2001/XMLSchema#"
NEEDS_CREDENTIALS = "the store needs credentials (HTTP 401): set MGO_STORE_USER/MGO_STORE_PASSWORD"


def run_command(module: ModuleType, name: str, *argv: str) -> tuple[int, str, str]:
    """Run ``mgo NAME ARGV…`` in-process: exit code, stdout, stderr (as ``mgo.cli.main`` reports errors)."""
    args = parse_args([name, *argv])
    out, err = io.StringIO(), io.StringIO()
    try:
        code = module.run(args, out, err)
    except MgoError as exc:
        print(f"error: {exc.render()}", file=err)
        code = exc.exit_code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def oxigraph_fresh(tmp_path: Path) -> Iterator[Server]:
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


def publication_graphs(dist: Path) -> dict[str, list[pyoxigraph.Triple]]:
    return graphs_of(Publication.load(dist).quads)


def as_oxigraph_keeps_them(triples: list[pyoxigraph.Triple]) -> list[pyoxigraph.Triple]:
    """The triples as an Oxigraph store gives them back (store-specific, legitimately: Oxigraph keeps numeric
    and boolean literals by value, so ``"5"^^xsd:nonNegativeInteger`` reads back as ``"5"^^xsd:integer``)."""
    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples)
    return [quad.triple for quad in store]


def store_graph(server: Server, graph: str) -> list[pyoxigraph.Triple]:
    """A graph as the Oxigraph server holds it (Graph Store Protocol GET)."""
    url = f"{server['store']}?graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return parse(response.read(), pyoxigraph.RdfFormat.N_TRIPLES)


def construct_graph(endpoint: str, graph: str) -> list[pyoxigraph.Triple]:
    """A graph as a store answers it to a CONSTRUCT through its SPARQL endpoint."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return parse(response.read(), pyoxigraph.RdfFormat.N_TRIPLES)


def integer_subtype_literals(triples: list[pyoxigraph.Triple]) -> int:
    """How many distinct literals of the graph Oxigraph stores as xsd:integer (derived, not hard-coded)."""
    subtypes = {XSD + "nonNegativeInteger", XSD + "positiveInteger", XSD + "int", XSD + "long"}
    return len(
        {t.object for t in triples if isinstance(t.object, pyoxigraph.Literal) and t.object.datatype.value in subtypes}
    )


def double_literals(triples: list[pyoxigraph.Triple]) -> int:
    """How many distinct ``xsd:double`` literals of the graph are not in plain decimal notation (derived)."""
    return len(
        {
            t.object
            for t in triples
            if isinstance(t.object, pyoxigraph.Literal)
            and t.object.datatype.value == XSD + "double"
            and "E" in t.object.value
        }
    )


def test_load_into_oxigraph_from_its_base_url_twice(built_dist: Path, oxigraph_fresh: Server) -> None:
    graphs = publication_graphs(built_dist)
    assert {"ontology", "data", "additions", "shapes"} <= {iri.rsplit("/", 1)[1] for iri in graphs}
    for _ in range(2):  # the second load replaces every graph: the same state as after the first
        code, out, err = run_command(load, "load", oxigraph_fresh["base"], "--dist", str(built_dist))
        assert code == 0, err
        assert out.startswith(
            f"store: Oxigraph server (detected at {oxigraph_fresh['base']}): SPARQL {oxigraph_fresh['query']}, "
            f"Graph Store {oxigraph_fresh['store']}\n"
        )
        count = len(graphs) + 1  # and the default graph
        for index, (iri, triples) in enumerate(graphs.items(), 1):
            assert f"  [{index}/{count}] PUT <{iri}>: {len(triples)} triples in " in out
            assert isomorphic(store_graph(oxigraph_fresh, iri), as_oxigraph_keeps_them(triples)), iri
        union = publication_union(graphs)
        assert (
            f"  [{count}/{count}] PUT the default graph (the publication: the union of the published layers): "
            f"{len(union)} triples" in out
        )
        # the normalisation Oxigraph needs is named, with its count, in the void graph only
        void = next(iri for iri in graphs if iri.endswith("/void"))
        renamed = integer_subtype_literals(graphs[void])
        assert renamed > 0
        assert f"  verified <{void}>: {len(graphs[void])} triples, sha256:" in out
        assert (
            "equal after the tolerated normalisations "
            f"(xsd:integer subtype stored as xsd:integer: {renamed} literals, e.g. " in out
        )
        data_line = next(line for line in out.splitlines() if line.startswith(f"  verified <{DATA_GRAPH}>"))
        assert data_line.endswith(", identical")


def test_plain_queries_see_the_publication_where_the_store_has_a_default_graph(
    built_dist: Path, oxigraph_fresh: Server
) -> None:
    """Oxigraph: a query without FROM counts the publication's triples; with the printed FROM lines too."""
    code, out, err = run_command(load, "load", oxigraph_fresh["base"], "--dist", str(built_dist))
    assert code == 0, err
    union = publication_union(publication_graphs(built_dist))
    froms = "".join(f"  FROM <{iri}>\n" for iri in published_graphs() if iri in publication_graphs(built_dist))
    assert out.endswith(froms)
    assert "a query without FROM reads the default graph, which mgo load fills with the publication" in out
    assert count_triples(oxigraph_fresh["query"], "") == len(union)
    assert count_triples(oxigraph_fresh["query"], froms) == len(union)


def count_triples(endpoint: str, froms: str) -> int:
    import json

    query = f"SELECT (COUNT(*) AS ?n) {froms} WHERE {{ ?s ?p ?o }}"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def test_load_into_virtuoso_from_its_base_url_twice(
    built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MGO_STORE_USER", "dba")
    monkeypatch.setenv("MGO_STORE_PASSWORD", "dba")
    graphs = publication_graphs(built_dist)
    states = []
    for _ in range(2):
        code, out, err = run_command(load, "load", virtuoso["base"], "--dist", str(built_dist))
        assert code == 0, err
        assert f"Graph Store {virtuoso['gsp']}" in out.splitlines()[0]
        assert "PUT the default graph" not in out  # Virtuoso reads every graph without FROM: not loaded twice
        verified = [line for line in out.splitlines() if line.startswith("  verified <")]
        assert len(verified) == len(graphs)
        # Virtuoso keeps every term but writes doubles in plain decimal notation (the mappings' confidences)
        for line in verified:
            doubles = "mappings" in line and double_literals(graphs[line.split("<")[1].split(">")[0]])
            if doubles:
                assert f"(xsd:double in plain decimal notation: {doubles} literals, e.g. " in line, line
            else:
                assert line.endswith(", identical"), line
        states.append({iri: construct_graph(virtuoso["sparql"], iri) for iri in graphs})
    for iri in graphs:
        assert len(states[0][iri]) == len(graphs[iri])
        assert isomorphic(states[0][iri], states[1][iri]), iri
    froms = "".join(f"  FROM <{iri}>\n" for iri in published_graphs() if iri in graphs)
    assert count_triples(virtuoso["sparql"], froms) == len(publication_union(graphs))


def test_the_issue_command_line_now_says_what_is_missing(
    built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mgo load --endpoint …/sparql`` without credentials (the 5-minute hang of the issue): Virtuoso is
    detected, its Graph Store derived, and the missing login named before anything is sent."""
    monkeypatch.delenv("MGO_STORE_USER", raising=False)
    monkeypatch.delenv("MGO_STORE_PASSWORD", raising=False)
    started = time.monotonic()
    code, out, err = run_command(load, "load", "--endpoint", virtuoso["sparql"], "--dist", str(built_dist))
    assert code == 2
    assert err.splitlines()[0] == f"error: the Graph Store endpoint {virtuoso['gsp']}: {NEEDS_CREDENTIALS}"
    assert "PUT" not in out and time.monotonic() - started < 5


def test_a_sparql_endpoint_given_as_graph_store_fails_at_once(built_dist: Path, virtuoso: Server) -> None:
    """Virtuoso's /sparql leaves a PUT unanswered for minutes; the check before the upload finds it at once."""
    argv = ("--endpoint", virtuoso["sparql"], "--graph-store", virtuoso["sparql"], "--dist", str(built_dist))
    code, out, err = run_command(load, "load", *argv)
    assert code == 2 and "PUT" not in out
    assert err.startswith(f"error: the Graph Store endpoint {virtuoso['sparql']}: the store answered HTTP 400")
    assert "Virtuoso: /sparql-graph-crud-auth" in err


def test_a_silent_store_fails_within_the_timeout(built_dist: Path) -> None:
    silent = SilentServer()
    try:
        started = time.monotonic()
        argv = ("--store", "oxigraph", silent.base, "--timeout", "1", "--dist", str(built_dist))
        code, _, err = run_command(load, "load", *argv)
        elapsed = time.monotonic() - started
    finally:
        silent.stop()
    assert code == 2
    assert err.splitlines()[0] == (
        f"error: {silent.base}/store?graph="
        f"{urllib.parse.quote(next(iter(publication_graphs(built_dist))), safe='')} did not answer within 1 s"
    )
    assert elapsed < 5


def test_a_missing_graph_store_endpoint(built_dist: Path, oxigraph_fresh: Server) -> None:
    argv = (
        "--store",
        "generic",
        "--endpoint",
        oxigraph_fresh["query"],
        "--graph-store",
        oxigraph_fresh["base"] + "/nothing",
    )
    code, _, err = run_command(load, "load", *argv, "--dist", str(built_dist))
    assert code == 2
    first = next(iter(publication_graphs(built_dist)))
    assert err.splitlines()[0] == (
        f"error: loading <{first}>: there is no Graph Store endpoint at {oxigraph_fresh['base']}/nothing (HTTP 404)"
    )


@pytest.mark.parametrize("kind", ["graphdb", "fuseki"])
def test_load_into_a_stand_in_from_its_bare_server_url(kind: str, built_dist: Path) -> None:
    """GraphDB and Fuseki stand-ins: detected, repository/dataset found, URLs derived, loaded and verified."""
    fake = FakeStore(kind)
    try:
        code, out, err = run_command(load, "load", fake.base, "--dist", str(built_dist))
    finally:
        fake.stop()
    assert code == 0, err
    root = f"{fake.base}/repositories/mgo" if kind == "graphdb" else f"{fake.base}/mgo"
    sparql, gsp = urls_for(KINDS[kind], root)
    title = KINDS[kind].title
    assert out.splitlines()[0] == f"store: {title} (detected at {fake.base}): SPARQL {sparql}, Graph Store {gsp}"
    graphs = publication_graphs(built_dist)
    assert ("PUT the default graph" in out) == (kind == "fuseki")
    assert {path for method, path in fake.requests if method == "PUT"} == {urlsplit_path(gsp)}
    # the stand-ins keep their data in pyoxigraph, which normalises like Oxigraph server: verified all the same
    assert sum(line.startswith("  verified <") for line in out.splitlines()) == len(graphs)


def urlsplit_path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def test_store_urls_for_every_kind() -> None:
    assert urls_for(KINDS["oxigraph"], "http://h:7878/") == ("http://h:7878/query", "http://h:7878/store")
    assert urls_for(KINDS["virtuoso"], "http://h:8890/sparql") == (
        "http://h:8890/sparql",
        "http://h:8890/sparql-graph-crud-auth",
    )
    assert urls_for(KINDS["fuseki"], "http://h:3030/mgo") == ("http://h:3030/mgo/sparql", "http://h:3030/mgo/data")
    assert urls_for(KINDS["graphdb"], "http://h:7200/repositories/mgo") == (
        "http://h:7200/repositories/mgo",
        "http://h:7200/repositories/mgo/rdf-graphs/service",
    )
    assert strip_endpoint(KINDS["fuseki"], "http://h:3030/mgo/sparql") == "http://h:3030/mgo"


def test_a_stand_in_that_needs_a_login(built_dist: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeStore("graphdb", login=("admin", "secret"))
    try:
        monkeypatch.delenv("MGO_STORE_USER", raising=False)
        monkeypatch.delenv("MGO_STORE_PASSWORD", raising=False)
        root = f"{fake.base}/repositories/mgo"
        code, _, err = run_command(load, "load", "--store", "graphdb", root, "--dist", str(built_dist))
        assert code == 2
        assert err.splitlines()[0] == f"error: the Graph Store endpoint {root}/rdf-graphs/service: {NEEDS_CREDENTIALS}"
        monkeypatch.setenv("MGO_STORE_USER", "admin")
        monkeypatch.setenv("MGO_STORE_PASSWORD", "secret")
        code, out, err = run_command(load, "load", "--store", "graphdb", root, "--dist", str(built_dist))
        assert code == 0, err
        assert out.splitlines()[0].startswith("store: Ontotext GraphDB (--store graphdb): ")
    finally:
        fake.stop()


def test_how_to_query_prints_the_per_store_setting() -> None:
    code, out, _ = run_command(load, "load", "--store", "virtuoso", "--how-to-query")
    assert code == 0
    assert out.startswith("querying the publication on OpenLink Virtuoso: a query without FROM reads every graph")
    assert out.endswith("".join(f"  FROM <{iri}>\n" for iri in published_graphs()))


def test_wrong_password_is_refused_clearly(built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MGO_STORE_USER", "dba")
    monkeypatch.setenv("MGO_STORE_PASSWORD", "not-the-password")
    code, out, err = run_command(load, "load", virtuoso["base"], "--dist", str(built_dist))
    assert code == 2
    assert err.splitlines()[0] == (
        f"error: the Graph Store endpoint {virtuoso['gsp']}: the store refused the login (HTTP 401)"
    )
    assert "check MGO_STORE_USER and MGO_STORE_PASSWORD" in err
    assert "not-the-password" not in out + err
    assert "Traceback" not in err


def test_unreachable_store(built_dist: Path) -> None:
    port = free_port()  # nothing listens there
    started = time.monotonic()
    code, _, err = run_command(load, "load", f"http://127.0.0.1:{port}", "--dist", str(built_dist))
    assert code == 2 and time.monotonic() - started < 5
    assert err.startswith(f"error: cannot reach the store at http://127.0.0.1:{port} (")
    assert "Connection refused" in err and "Traceback" not in err


def test_an_unknown_store_must_be_named(built_dist: Path) -> None:
    fake = FakeStore("none")  # answers 404 everywhere, names no server
    try:
        code, _, err = run_command(load, "load", fake.base, "--dist", str(built_dist))
    finally:
        fake.stop()
    assert code == 2
    assert err.splitlines()[0].startswith(f"error: cannot tell which store runs at {fake.base} (Server header: ")
    assert "--store oxigraph|virtuoso|fuseki|graphdb|generic" in err


def test_credentials_never_on_the_command_line(built_dist: Path) -> None:
    code, _, err = run_command(
        load, "load", "--endpoint", "http://dba:dba@127.0.0.1:1/sparql", "--dist", str(built_dist)
    )
    assert code == 2 and "do not put credentials in the URL" in err


class _FailSecondPut(http.server.BaseHTTPRequestHandler):
    """A graph store that accepts the first PUT and fails every later one (a store falling over mid-load)."""

    puts = 0

    def do_GET(self) -> None:  # the check before the upload: no such graph yet
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).puts += 1
        status = 204 if type(self).puts == 1 else 500
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_partial_load_is_never_silent(built_dist: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailSecondPut)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        code, out, err = run_command(
            load, "load", "--store", "generic", "--endpoint", url, "--graph-store", url, "--dist", str(built_dist)
        )
    finally:
        server.shutdown()
        server.server_close()
    graphs = list(publication_graphs(built_dist))
    assert code == 2
    assert f"  [1/{len(graphs)}] PUT <{graphs[0]}>" in out
    assert "INCOMPLETE" in err and f"<{graphs[0]}> were replaced" in err
    assert all(f"<{iri}>" in err for iri in graphs[1:])
    assert "run 'mgo load' again" in err


def sparql_update(server: Server, update: str) -> None:
    request = urllib.request.Request(
        server["update"], data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(request, timeout=30).close()


def test_verification_finds_a_missing_triple(built_dist: Path, oxigraph_fresh: Server) -> None:
    graphs = {DATA_GRAPH: publication_graphs(built_dist)[DATA_GRAPH]}
    load_graphs(graphs, oxigraph_fresh["store"])
    assert all(c.equal for c in verify(oxigraph_fresh["query"], graphs))
    sparql_update(
        oxigraph_fresh,
        f"DELETE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) }} }} "
        "ORDER BY ?s ?p ?o LIMIT 1 }",
    )
    (comparison,) = verify(oxigraph_fresh["query"], graphs)
    assert not comparison.equal
    gone = min(
        f"{t} ."
        for t in graphs[DATA_GRAPH]
        if isinstance(t.subject, pyoxigraph.NamedNode) and isinstance(t.object, pyoxigraph.NamedNode)
    )
    assert comparison.problem().startswith(
        f"<{DATA_GRAPH}> holds {len(graphs[DATA_GRAPH]) - 1} triples (the publication: {len(graphs[DATA_GRAPH])}), "
        "canonical hash sha256:"
    )
    assert comparison.problem().endswith(f"; only in the publication: {gone}")


def test_verification_finds_a_changed_datatype_term_for_term(built_dist: Path, oxigraph_fresh: Server) -> None:
    """Same number of triples, same lexical form, another datatype: not tolerated (not value-preserving)."""
    graphs = {DATA_GRAPH: publication_graphs(built_dist)[DATA_GRAPH]}
    load_graphs(graphs, oxigraph_fresh["store"])
    concept = "https://w3id.org/missiegedreven/concept/living-lab"
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    sparql_update(
        oxigraph_fresh,
        f'DELETE {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> <{label}> "Living Lab"@nl }} }} '
        f'INSERT {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> <{label}> "Living Lab"@nl-NL }} }} WHERE {{}}',
    )
    (comparison,) = verify(oxigraph_fresh["query"], graphs)
    assert comparison.only_publication == [f'<{concept}> <{label}> "Living Lab"@nl .']
    assert comparison.only_store == [f'<{concept}> <{label}> "Living Lab"@nl-nl .']


def literal(value: str, datatype: str | None = None, language: str | None = None) -> pyoxigraph.Literal:
    if language:
        return pyoxigraph.Literal(value, language=language)
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + datatype) if datatype else None)


def triple(obj: pyoxigraph.Literal) -> pyoxigraph.Triple:
    return pyoxigraph.Triple(
        pyoxigraph.NamedNode("https://example.org/s"), pyoxigraph.NamedNode("https://example.org/p"), obj
    )


@pytest.mark.parametrize(
    ("published", "stored", "rule"),
    [
        (literal("5", "nonNegativeInteger"), literal("5", "integer"), "xsd:integer subtype stored as xsd:integer"),
        (literal("05", "integer"), literal("5", "integer"), "canonical lexical form"),
        (literal("1", "boolean"), literal("true", "boolean"), "canonical lexical form"),
        (literal("1.50", "decimal"), literal("1.5", "decimal"), "canonical lexical form"),
        (literal("4.0E-1", "double"), literal("0.4", "double"), "xsd:double in plain decimal notation"),
        (literal("1.0E0", "double"), literal("1", "double"), "xsd:double in plain decimal notation"),
    ],
)
def test_each_tolerated_normalisation_is_named(
    published: pyoxigraph.Literal, stored: pyoxigraph.Literal, rule: str
) -> None:
    comparison = compare("https://example.org/g", [triple(published)], [triple(stored)])
    assert comparison.equal
    assert comparison.normalised == {rule: (1, f"{published} -> {stored}")}
    assert rule in {n.name for n in NORMALISATIONS}


@pytest.mark.parametrize(
    ("published", "stored"),
    [
        (literal("0.7", "double"), literal("0.69999999999999995559", "decimal")),  # Virtuoso's Turtle writer
        (literal("5", "integer"), literal("5", "nonNegativeInteger")),  # the other way round
        (literal("5", "integer"), literal("6", "integer")),
        (literal("x"), literal("x", language="en")),
    ],
)
def test_other_differences_are_not_tolerated(published: pyoxigraph.Literal, stored: pyoxigraph.Literal) -> None:
    comparison = compare("https://example.org/g", [triple(published)], [triple(stored)])
    assert not comparison.equal and comparison.normalised == {}


def test_blank_nodes_compare_by_canonical_labels() -> None:
    a, b = pyoxigraph.BlankNode("x1"), pyoxigraph.BlankNode("other")
    p = pyoxigraph.NamedNode("https://example.org/p")
    one = [pyoxigraph.Triple(a, p, literal("v"))]
    two = [pyoxigraph.Triple(b, p, literal("v"))]
    assert compare("g", one, two).equal
    assert not compare("g", one, [pyoxigraph.Triple(b, p, literal("w"))]).equal


def test_a_layer_no_longer_published_is_removed(oxigraph_fresh: Server) -> None:
    stale = "https://w3id.org/missiegedreven/graph/obsolete"
    triple = pyoxigraph.Triple(
        pyoxigraph.NamedNode("https://example.org/a"),
        pyoxigraph.NamedNode("https://example.org/b"),
        pyoxigraph.Literal("c"),
    )
    load_graphs({stale: [triple]}, oxigraph_fresh["store"])
    assert len(store_graph(oxigraph_fresh, stale)) == 1
    load_graphs({}, oxigraph_fresh["store"], stale=[stale])
    with pytest.raises(urllib.error.HTTPError):
        store_graph(oxigraph_fresh, stale)
    load_graphs({}, oxigraph_fresh["store"], stale=[stale])  # deleting what is not there is fine


def test_store_errors_are_usage_errors() -> None:
    assert StoreError("x").exit_code == 2
    assert load.LoadVerificationFailed("x").exit_code == 1


@pytest.mark.parametrize("kind", ["graphdb", "fuseki"])
def test_the_printed_from_lines_give_the_publication_on_a_stand_in(kind: str, built_dist: Path) -> None:
    """GraphDB reads every graph without FROM (the shapes and VoID too); the FROM lines read the publication.
    Fuseki reads its default graph, which mgo load filled with the publication. The dataset URL is given:
    Fuseki is then recognised by its Fuseki-Request-Id header."""
    fake = FakeStore(kind)
    root = f"{fake.base}/repositories/mgo" if kind == "graphdb" else f"{fake.base}/mgo"
    try:
        code, out, err = run_command(load, "load", root, "--dist", str(built_dist))
        assert code == 0, err
        graphs = publication_graphs(built_dist)
        froms = "".join(f"  FROM <{iri}>\n" for iri in published_graphs() if iri in graphs)
        assert out.endswith(froms)
        sparql = urls_for(KINDS[kind], root)[0]
        union = len(publication_union(graphs))
        assert count_triples(sparql, froms) == union
        everything = sum(len(t) for t in graphs.values())
        assert count_triples(sparql, "") == (everything if kind == "graphdb" else union)
    finally:
        fake.stop()
    assert out.splitlines()[0].startswith(f"store: {KINDS[kind].title} (detected at {fake.base}): ")


def test_a_graph_larger_than_virtuosos_answer_cap_loads_and_verifies(virtuoso: Server) -> None:
    """Debian's virtuoso.ini caps an answer at ResultSetMaxRows = 10000 rows, silently: a bigger graph is
    uploaded with the login sent up front (else Virtuoso closes the connection mid-body: "Broken pipe"),
    read back in parts, and verifies (blank nodes included)."""
    import re

    from mgo.query.remote import Credentials
    from servers import virtuoso_ini

    ini = virtuoso_ini()
    assert ini is not None
    cap = int(re.search(r"(?m)^ResultSetMaxRows\s*=\s*(\d+)", ini.read_text()).group(1))  # type: ignore[union-attr]
    p = pyoxigraph.NamedNode("https://example.org/p")
    triples = [
        pyoxigraph.Triple(pyoxigraph.NamedNode(f"https://example.org/s{i}"), p, pyoxigraph.Literal(f"v{i}"))
        for i in range(cap + 500)
    ]
    node = pyoxigraph.BlankNode()
    triples += [
        pyoxigraph.Triple(node, p, pyoxigraph.Literal("blank")),
        pyoxigraph.Triple(pyoxigraph.NamedNode("https://example.org/s0"), p, node),
    ]
    login = Credentials("dba", "dba")
    graphs = {"https://example.org/graph/big": triples}
    load_graphs(graphs, virtuoso["gsp"], credentials=login)
    (comparison,) = verify(virtuoso["sparql"], graphs, credentials=login)
    assert comparison.equal and comparison.actual == len(triples) > cap, comparison.problem()
