"""``mgo load`` into real stores (Oxigraph server, Virtuoso): exact content, idempotence, clear failures.

Commands run in-process through :func:`run_command` (the subcommand's ``add_parser``/``run`` with the CLI's
error handling), so exit codes and messages are what a user sees.
"""

from __future__ import annotations

import argparse
import http.server
import io
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pyoxigraph
import pytest

from graphs import isomorphic, parse
from mgo import load
from mgo.embedded import read_trig
from mgo.errors import MgoError
from mgo.load import graphs_of, load_graphs, verify
from mgo.remote import StoreError
from servers import Server, free_port, start_oxigraph

DATA_GRAPH = "https://w3id.org/missiegedreven/graph/data"


def run_command(module: ModuleType, name: str, *argv: str) -> tuple[int, str, str]:
    """Run ``mgo NAME ARGV…`` in-process: exit code, stdout, stderr (as ``mgo.cli.main`` reports errors)."""
    parser = argparse.ArgumentParser(prog="mgo")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path)
    module.add_parser(parser.add_subparsers(dest="command"), [common])
    args = parser.parse_args([name, *argv])
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
    return graphs_of(read_trig(dist)[0])


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


def test_load_into_oxigraph_twice_gives_exactly_the_publication(built_dist: Path, oxigraph_fresh: Server) -> None:
    argv = (
        "--endpoint",
        oxigraph_fresh["query"],
        "--graph-store",
        oxigraph_fresh["store"],
        "--dist",
        str(built_dist),
    )
    graphs = publication_graphs(built_dist)
    assert {"ontology", "data", "additions", "shapes"} <= {iri.rsplit("/", 1)[1] for iri in graphs}
    for _ in range(2):  # the second load replaces every graph: the same state as after the first
        code, out, err = run_command(load, "load", *argv)
        assert code == 0, err
        assert "verified" in out and "count, IRI and text lengths match" in out
        for iri, triples in graphs.items():
            assert isomorphic(store_graph(oxigraph_fresh, iri), as_oxigraph_keeps_them(triples)), iri


def test_load_into_virtuoso_twice_is_idempotent(
    built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MGO_STORE_USER", "dba")
    monkeypatch.setenv("MGO_STORE_PASSWORD", "dba")
    argv = ("--endpoint", virtuoso["sparql"], "--graph-store", virtuoso["gsp"], "--dist", str(built_dist))
    graphs = publication_graphs(built_dist)
    states = []
    for _ in range(2):
        code, out, err = run_command(load, "load", *argv)
        assert code == 0, err
        assert "verified" in out
        states.append({iri: construct_graph(virtuoso["sparql"], iri) for iri in graphs})
    for iri in graphs:
        assert len(states[0][iri]) == len(graphs[iri])
        assert isomorphic(states[0][iri], states[1][iri]), iri


def test_wrong_password_is_refused_clearly(built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MGO_STORE_USER", "dba")
    monkeypatch.setenv("MGO_STORE_PASSWORD", "not-the-password")
    argv = ("--endpoint", virtuoso["sparql"], "--graph-store", virtuoso["gsp"], "--dist", str(built_dist))
    code, out, err = run_command(load, "load", *argv)
    assert code == 2
    assert "refused the login (HTTP 401)" in err and "MGO_STORE_PASSWORD" in err
    assert "not-the-password" not in out + err
    assert "Traceback" not in err


def test_missing_login_says_which_variables(
    built_dist: Path, virtuoso: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MGO_STORE_USER", raising=False)
    monkeypatch.delenv("MGO_STORE_PASSWORD", raising=False)
    argv = ("--endpoint", virtuoso["sparql"], "--graph-store", virtuoso["gsp"], "--dist", str(built_dist))
    code, _, err = run_command(load, "load", *argv)
    assert code == 2 and "needs a login" in err and "MGO_STORE_USER" in err


def test_unreachable_store(built_dist: Path) -> None:
    port = free_port()  # nothing listens there
    argv = ("--endpoint", f"http://127.0.0.1:{port}/query", "--dist", str(built_dist))
    code, _, err = run_command(load, "load", *argv)
    assert code == 2 and "cannot reach the store" in err and "Traceback" not in err


def test_credentials_never_on_the_command_line(built_dist: Path) -> None:
    code, _, err = run_command(
        load, "load", "--endpoint", "http://dba:dba@127.0.0.1:1/sparql", "--dist", str(built_dist)
    )
    assert code == 2 and "do not put credentials in the URL" in err


class _FailSecondPut(http.server.BaseHTTPRequestHandler):
    """A graph store that accepts the first PUT and fails every later one (a store falling over mid-load)."""

    puts = 0

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
        code, _, err = run_command(load, "load", "--endpoint", url, "--dist", str(built_dist))
    finally:
        server.shutdown()
        server.server_close()
    graphs = list(publication_graphs(built_dist))
    assert code == 2
    assert "INCOMPLETE" in err and f"<{graphs[0]}> were replaced" in err
    assert all(f"<{iri}>" in err for iri in graphs[1:])
    assert "run 'mgo load' again" in err


def test_verification_finds_a_missing_triple(built_dist: Path, oxigraph_fresh: Server) -> None:
    graphs = publication_graphs(built_dist)
    load_graphs(graphs, oxigraph_fresh["store"])
    assert verify(oxigraph_fresh["query"], graphs) == []
    delete = (
        f"DELETE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o LIMIT 1 }}"
    )
    request = urllib.request.Request(
        oxigraph_fresh["update"], data=delete.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(request, timeout=30).close()
    problems = verify(oxigraph_fresh["query"], graphs)
    assert len(problems) == 1
    assert problems[0].startswith(f"<{DATA_GRAPH}> holds {len(graphs[DATA_GRAPH]) - 1} triples (the publication:")


def sparql_update(server: Server, update: str) -> None:
    request = urllib.request.Request(
        server["update"], data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(request, timeout=30).close()


def test_verification_finds_changed_iris_and_text(built_dist: Path, oxigraph_fresh: Server) -> None:
    """Same number of triples, but an IRI with a stray backslash (what Virtuoso made of ``x\\/en`` in
    Turtle) or a damaged string: the per-predicate fingerprint differs."""
    graphs = publication_graphs(built_dist)
    load_graphs(graphs, oxigraph_fresh["store"])
    concept = "https://w3id.org/missiegedreven/concept/living-lab"
    sparql_update(
        oxigraph_fresh,
        f"DELETE {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> ?p ?o }} }} "
        f"INSERT {{ GRAPH <{DATA_GRAPH}> {{ <{concept}%5C> ?p ?o }} }} "
        f"WHERE {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> ?p ?o }} }}",
    )
    (problem,) = verify(oxigraph_fresh["query"], graphs)
    assert "the store changed some IRIs" in problem
    load_graphs(graphs, oxigraph_fresh["store"])
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    sparql_update(
        oxigraph_fresh,
        f'DELETE {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> <{label}> "Living Lab"@nl }} }} '
        f'INSERT {{ GRAPH <{DATA_GRAPH}> {{ <{concept}> <{label}> "Living LabÃ"@nl }} }} WHERE {{}}',
    )
    (problem,) = verify(oxigraph_fresh["query"], graphs)
    assert "the store changed some text" in problem


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
