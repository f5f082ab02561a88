"""Every competency query gives its golden result on every engine: the embedded store, ``mgo serve``, Oxigraph
server, Virtuoso, and Apache Jena ARQ.

The remote stores are loaded with ``mgo load`` (one named graph per layer) and queried through SPARQLWrapper
with the published layers as the default graph (:mod:`mgo.query.remote`, the mechanism the README documents);
ARQ runs every query in one JVM over ``dist/mgo.trig`` with the same default graph (``tests/jena``). Each
result goes through the canonical form of ``mgo query`` (:func:`mgo.query.local.canonical_result`) and is compared
with ``queries/NAME.srj`` byte for byte. The only normalisations are those of the :mod:`mgo.query.remote` docstring
(term type ``typed-literal``, ``xsd:string``, language-tag case, blank-node labels, extra JSON keys): the
queries are written in a form every engine answers alike (no boolean results, which Virtuoso gives as
``"1"^^xsd:integer``; no transitive path with both ends unbound). A store that differs is a failing test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from mgo.config import Project, layers
from mgo.pipeline.publication import Publication
from mgo.query import local as q
from mgo.query.load import graphs_of, load_publication_into
from mgo.query.remote import Credentials, published_graphs, run_remote_query
from mgo.query.stores import resolve
from servers import ROOT, Server, jena_available, run_arq

PROJECT = Project(ROOT)
QUERIES = sorted(PROJECT.queries_dir.glob("*.rq"))
BNODE = pyoxigraph.BlankNode


def query_ids() -> list[Any]:
    return [pytest.param(path, id=path.stem) for path in QUERIES]


def test_there_are_competency_queries() -> None:
    assert QUERIES, f"no competency queries in {PROJECT.queries_dir} (a glob that finds nothing is a failure)"


def golden(path: Path) -> tuple[Path, str]:
    found = q.golden_path(PROJECT, path.stem)
    assert found is not None, f"no golden for {path.name}: run `.venv/bin/mgo query {path.stem} --update-golden`"
    return found, found.read_bytes().decode("utf-8")


def check(result: q.QueryResult, path: Path, where: str) -> None:
    golden_file, expected = golden(path)
    actual = q.golden_text(result, golden_file)
    assert actual == expected, (
        f"{path.stem} on {where} differs from {golden_file.name} "
        f"(if the golden is stale, regenerate it with `.venv/bin/mgo query {path.stem} --update-golden`)"
    )


@pytest.fixture(scope="module")
def publication(built_dist: Path) -> Publication:
    return Publication.load(built_dist)


@pytest.fixture(scope="module")
def loaded_oxigraph(oxigraph: Server, built_dist: Path) -> Iterator[Server]:
    load_publication_into(
        built_dist, resolve(oxigraph["base"], store="oxigraph", endpoint=None, graph_store=None, credentials=None)
    )
    yield oxigraph


@pytest.fixture(scope="module")
def loaded_virtuoso(virtuoso: Server, built_dist: Path) -> Iterator[Server]:
    login = Credentials("dba", "dba")
    urls = resolve(virtuoso["base"], store="virtuoso", endpoint=None, graph_store=None, credentials=login)
    load_publication_into(built_dist, urls, credentials=login)
    yield virtuoso


def test_published_layers_are_disjoint_and_make_the_publication(publication: Publication, built_dist: Path) -> None:
    """A store's default graph over several graphs is a union *with* duplicates: the remote results equal
    the local ones only because no triple is in two published layers, and together they are mgo.ttl."""
    graphs = graphs_of(Publication.load(built_dist).quads)
    published = [iri for iri in published_graphs() if iri in graphs]
    assert {each.graph_iri for each in layers() if each.published and each.graph_iri in graphs} == set(published)
    seen: dict[pyoxigraph.Triple, str] = {}
    for iri in published:
        for triple in graphs[iri]:
            assert triple not in seen, f"{triple} is in both <{seen[triple]}> and <{iri}>"
            seen[triple] = iri

    def ground(triples: Any) -> set[pyoxigraph.Triple]:
        return {t for t in triples if not isinstance(t.subject, BNODE) and not isinstance(t.object, BNODE)}

    # blank-node labels differ between the two files: compare the ground triples and count the others
    assert ground(seen) == ground(publication.published)
    assert len(seen) == len(set(publication.published))


@pytest.mark.parametrize("path", query_ids())
def test_embedded_store(path: Path, publication: Publication) -> None:
    check(q.run_query(publication.store, path.read_text(encoding="utf-8")), path, "the embedded store")


@pytest.mark.parametrize("path", query_ids())
def test_mgo_serve(path: Path, mgo_server: Server) -> None:
    check(run_remote_query(mgo_server["sparql"], path.read_text(encoding="utf-8")), path, "mgo serve")


@pytest.mark.parametrize("path", query_ids())
def test_oxigraph_server(path: Path, loaded_oxigraph: Server) -> None:
    check(run_remote_query(loaded_oxigraph["query"], path.read_text(encoding="utf-8")), path, "Oxigraph server")


@pytest.mark.parametrize("path", query_ids())
def test_virtuoso(path: Path, loaded_virtuoso: Server) -> None:
    check(run_remote_query(loaded_virtuoso["sparql"], path.read_text(encoding="utf-8")), path, "Virtuoso")


@pytest.fixture(scope="module")
def arq_results(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not jena_available():
        pytest.fail(
            "Apache Jena is not installed (java, javac or /usr/share/java/jena-arq.jar is missing): run "
            "scripts/install-system-deps.sh (Debian packages libapache-jena-java, default-jdk-headless)"
        )
    graphs = graphs_of(Publication.load(built_dist).quads)
    published = [iri for iri in published_graphs() if iri in graphs]
    return run_arq(built_dist / "mgo.trig", published, QUERIES, tmp_path_factory.mktemp("jena"))


@pytest.mark.parametrize("path", query_ids())
def test_jena_arq(path: Path, arq_results: dict[str, Path]) -> None:
    import json

    from mgo.query.local import has_order_by
    from mgo.query.remote import result_from_json

    text = path.read_text(encoding="utf-8")
    output = arq_results[path.stem]
    if output.suffix == ".nt":
        triples = [quad.triple for quad in pyoxigraph.parse(path=str(output), format=pyoxigraph.RdfFormat.N_TRIPLES)]
        result = q.QueryResult("construct", triples=triples, ordered=has_order_by(text))
    else:
        result = result_from_json(json.loads(output.read_text(encoding="utf-8")), ordered=has_order_by(text))
    check(result, path, "Apache Jena ARQ")


def test_query_endpoint_prints_what_local_prints(loaded_oxigraph: Server, publication: Publication) -> None:
    """``mgo query --endpoint URL NAME --format json`` prints what ``mgo query NAME --format json`` prints."""
    import io

    from mgo.cli import main

    name = QUERIES[0].stem
    out, err = io.StringIO(), io.StringIO()
    argv = ["query", name, "--format", "json", "--endpoint", loaded_oxigraph["query"], "--root", str(ROOT)]
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    local = q.render(q.run_query(publication.store, QUERIES[0].read_text(encoding="utf-8")), "json")
    assert out.getvalue() == local


def test_query_endpoint_unreachable_is_a_clear_error() -> None:
    import io

    from mgo.cli import main

    err = io.StringIO()
    argv = ["query", QUERIES[0].stem, "--endpoint", "http://127.0.0.1:9/sparql", "--root", str(ROOT)]
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("error: ")
    assert "Traceback" not in err.getvalue()


def test_query_endpoint_verbose_names_the_graphs_it_reads(loaded_oxigraph: Server) -> None:
    """``--verbose`` says the documented mechanism: the published layers as default-graph-uri (= FROM)."""
    import io

    from mgo.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = ["query", QUERIES[0].stem, "--endpoint", loaded_oxigraph["query"], "--verbose", "--root", str(ROOT)]
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    graphs = " ".join(f"<{iri}>" for iri in published_graphs())
    assert err.getvalue() == (
        f"mgo query: reading the publication on {loaded_oxigraph['query']}: default-graph-uri {graphs} "
        "(the same as one FROM line per published layer)\n"
    )


def test_a_query_with_its_own_from_is_sent_as_it_is(loaded_oxigraph: Server, built_dist: Path) -> None:
    """FROM <…/graph/shapes> reads the shapes layer (a default-graph-uri parameter would have overridden it)."""
    shapes = next(each.graph_iri for each in layers() if not each.published)
    text = f"SELECT (COUNT(*) AS ?n) FROM <{shapes}> WHERE {{ ?s ?p ?o }}"
    result = run_remote_query(loaded_oxigraph["query"], text)
    assert int(result.rows[0]["n"].value) == len(graphs_of(Publication.load(built_dist).quads)[shapes])


def test_construct_keeps_every_term_on_every_store(
    loaded_virtuoso: Server, loaded_oxigraph: Server, publication: Publication
) -> None:
    """A CONSTRUCT through ``mgo query --endpoint`` gives the embedded store's triples: asked for as
    N-Triples, because Virtuoso's Turtle writes ``"0.7"^^xsd:double`` as the decimal 0.69999999999999995559."""
    text = (
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
        "FILTER(isLiteral(?o) && datatype(?o) = <http://www.w3.org/2001/XMLSchema#double>) }"
    )
    local = q.canonical_result(q.run_query(publication.store, text))
    assert local.count("XMLSchema#double") > 0
    for server, endpoint in ((loaded_virtuoso, "sparql"), (loaded_oxigraph, "query")):
        assert q.canonical_result(run_remote_query(server[endpoint], text)) == local, server.name
