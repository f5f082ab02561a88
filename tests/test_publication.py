"""The one :class:`~mgo.pipeline.publication.Publication`: every consumer sees the triples of ``dist/mgo.trig``.

Each test compares what a consumer (``mgo query``, ``mgo check``, the site, ``mgo serve``'s store, ``mgo load``,
the environment model, the tests' fixture) works on with the built files, canonically (W3C RDFC-1.0 N-Quads),
and checks that a consumer given a Publication parses nothing again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from build_helpers import copy_fixture, run_cli
from mgo.config import Project, layers
from mgo.environment.fit import load_model
from mgo.errors import MissingFileError, SyntaxProblem
from mgo.pipeline.build import build, prepare
from mgo.pipeline.publication import Publication
from mgo.quality.check import _Context
from mgo.query.load import graphs_of
from mgo.query.local import load_store, publication_for, run_query
from mgo.rdf.canon import canonical_nquads
from mgo.rdf.convert import quads_of
from mgo.terms import VOID_GRAPH
from mgo.version import project_version as version_of
from mgo.web.servestore import open_store
from mgo.web.site import _index_from, render_site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The fixture project, built once (its dist/ is what the tests compare with)."""
    project = Project(copy_fixture(tmp_path_factory.mktemp("publication")))
    build(project)
    return project


def canonical(triples: Iterable[Any]) -> str:
    """RDFC-1.0 N-Quads of triples or quads (graph names dropped), one statement a line, sorted."""
    return canonical_nquads(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples
    )


def file_triples(path: Path) -> list[Any]:
    """The statements of a built file as the test reads it itself (not through the library)."""
    return [quad.triple for quad in pyoxigraph.parse(path=str(path))]


def trig_graphs(dist: Path) -> dict[str, list[Any]]:
    graphs: dict[str, list[Any]] = {}
    for quad in pyoxigraph.parse(path=str(dist / "mgo.trig")):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    return graphs


def store_default_graph(store: pyoxigraph.Store) -> str:
    """A store's default graph, canonically (the store keeps numbers by value: compare stores with stores)."""
    return canonical(q.triple for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))


def file_store(path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), to_graph=pyoxigraph.DefaultGraph())
    return store


# --- what the Publication holds --------------------------------------------------------------------------


def test_loaded_publication_is_mgo_trig_and_its_union_is_mgo_ttl(project: Project) -> None:
    publication = Publication.load(project.dist)
    graphs = trig_graphs(project.dist)
    assert list(publication.graphs) == list(graphs)  # in the order of the file: the layers, then graph/void
    assert [iri for iri in graphs if iri != VOID_GRAPH] == [e.graph_iri for e in layers() if e.graph_iri in graphs]
    for iri, triples in graphs.items():
        assert canonical(publication.graph(iri)) == canonical(triples), iri
    assert canonical(publication.graph("void")) == canonical(graphs[VOID_GRAPH])
    assert canonical(publication.union()) == canonical(file_triples(project.dist / "mgo.ttl"))
    assert canonical(publication.union()) == canonical(file_triples(project.dist / "mgo.nt"))
    assert publication.triples == len(set(file_triples(project.dist / "mgo.ttl")))
    assert publication.version == project_version(project)
    dataset = publication.dataset
    assert canonical(dataset.quads_for_graph_name(pyoxigraph.DefaultGraph())) == canonical(publication.union())


def test_publication_from_the_sources_is_the_built_one(project: Project) -> None:
    """The build writes exactly the publication :meth:`Publication.from_sources` makes (the tests' fixture)."""
    from_sources = Publication.from_sources(project)
    loaded = Publication.load(project.dist)
    assert canonical(from_sources.union()) == canonical(loaded.union())
    for each in layers():
        assert canonical(from_sources.graph(each.name)) == canonical(loaded.graph(each.name)), each.name
    assert from_sources.version == loaded.version == project_version(project)
    # the prefixes every output declares (mgo.trig leaves out rdflib's built-in xml:, which no statement uses)
    assert {p: ns for p, ns in from_sources.prefixes.items() if p != "xml"} == loaded.prefixes
    # the rdflib view holds the same statements as the pyoxigraph terms
    view = from_sources.rdflib()
    assert len(view) == from_sources.triples == loaded.triples


def test_load_is_cached_per_publication_and_renewed_by_a_build(project: Project) -> None:
    first = Publication.load(project.dist)
    assert Publication.load(project.dist) is first
    build(project)  # a new generation of dist/
    again = Publication.load(project.dist)
    assert again is not first
    assert canonical(again.union()) == canonical(first.union())


def test_missing_and_broken_publications_are_reported(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError, match=r"mgo\.trig not found in ") as missing:
        Publication.load(tmp_path)
    assert missing.value.hint == "run 'mgo build' first"
    (tmp_path / "mgo.trig").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(SyntaxProblem, match=r"mgo\.trig:1:1: mgo\.trig is not valid TriG: .*absolute IRI") as caught:
        Publication.load(tmp_path)
    assert caught.value.line == 1


# --- every consumer sees the same triples ------------------------------------------------------------------


def test_mgo_query_runs_on_the_publication(project: Project) -> None:
    loaded = Publication.load(project.dist)
    assert publication_for(project, build_if_stale=False) is loaded
    expected = store_default_graph(file_store(project.dist / "mgo.ttl"))
    assert store_default_graph(load_store(project, build_if_stale=False)) == expected
    assert store_default_graph(load_store(project, from_sources=True)) == expected


def test_mgo_query_prints_what_dist_holds(project: Project) -> None:
    query = project.root / "all.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    code, out, err = run_cli("query", query, "--format", "csv", "--root", project.root)
    assert code == 0, err
    assert out.splitlines() == ["n", str(len(set(file_triples(project.dist / "mgo.ttl"))))]


def test_mgo_check_runs_on_the_publication(project: Project) -> None:
    ctx = _Context(project, prepare(project))
    loaded = Publication.load(project.dist)
    assert canonical(ctx.the_publication.union()) == canonical(loaded.union())
    assert store_default_graph(ctx.store) == store_default_graph(file_store(project.dist / "mgo.ttl"))
    shapes = pyoxigraph.NamedNode(next(e.graph_iri for e in layers() if e.name == "shapes"))
    in_store = canonical(q.triple for q in ctx.store.quads_for_pattern(None, None, None, shapes))
    assert in_store == canonical(
        q.triple for q in file_store_named(project.dist / "mgo.trig").quads_for_pattern(None, None, None, shapes)
    )


def file_store_named(path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path))
    return store


def test_the_site_renders_the_publication(project: Project) -> None:
    loaded = Publication.load(project.dist)
    index = _index_from(loaded)
    from_file = _index_from(project.dist / "mgo.nt")
    assert len(list(index.triples())) == len(list(from_file.triples())) == loaded.triples
    assert render_site(loaded, shapes=project.dist / "shapes.ttl", queries_dir=project.queries_dir, downloads={}) == (
        render_site(project.dist / "mgo.nt", shapes=project.dist / "shapes.ttl", queries_dir=project.queries_dir)
    )


def test_mgo_serve_store_holds_the_publication(project: Project, tmp_path: Path) -> None:
    loaded = Publication.load(project.dist)
    served = open_store(project.dist, tmp_path / "store")
    assert served.triples == loaded.triples and served.version == loaded.version
    assert served.graphs == loaded.graphs
    sparql = pyoxigraph.Store.read_only(str(served.sparql_path))
    assert store_default_graph(sparql) == store_default_graph(loaded.store)
    for iri in loaded.graphs:
        name = pyoxigraph.NamedNode(iri)
        assert canonical(q.triple for q in sparql.quads_for_pattern(None, None, None, name)) == canonical(
            q.triple for q in loaded.store.quads_for_pattern(None, None, None, name)
        ), iri


def test_mgo_load_sends_the_publication(project: Project) -> None:
    loaded = Publication.load(project.dist)
    graphs = graphs_of(loaded.quads)
    assert {iri: canonical(t) for iri, t in graphs.items()} == {
        iri: canonical(t) for iri, t in trig_graphs(project.dist).items()
    }


def test_the_environment_model_reads_the_publication(project: Project) -> None:
    """``mgo describe``/``template``/``catalogue``/``/reconcile`` read the model of the one publication: the
    built one (given) or the sources' (made), the same either way."""
    loaded = Publication.load(project.dist)
    model = load_model(publication=loaded)
    assert model.graph is loaded.rdflib()  # the publication's view, not a copy
    from_sources = load_model(project)
    assert canonical_graph(model.graph) == canonical_graph(from_sources.graph)
    assert replace(model, graph=None) == replace(from_sources, graph=None)  # type: ignore[arg-type]


def canonical_graph(graph: Any) -> str:
    return canonical(quads_of(graph))


def test_the_tests_fixture_is_the_library_publication(the_publication: Publication) -> None:
    """``conftest``'s ``publication`` is the library's, mappings included (it once lacked the mappings layer)."""
    from conftest import ROOT

    assert the_publication.sources is not None and the_publication.sources.project.root == ROOT
    names = {each.name for each in layers() if each.published}
    assert set(the_publication.sources.graphs) >= names
    for name in names:
        assert set(the_publication.graph(name)) <= set(the_publication.union())
    assert len(the_publication.rdflib()) == the_publication.triples


# --- a consumer given a Publication parses nothing again ---------------------------------------------------


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every RDF parse of the publication's files (pyoxigraph's and rdflib's) while the test runs."""
    import rdflib

    seen: list[str] = []
    real_parse = pyoxigraph.parse
    real_graph_parse = rdflib.Graph.parse

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        seen.append(str(kwargs.get("path") or "bytes"))
        return real_parse(*args, **kwargs)

    def counting_graph_parse(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append("rdflib:" + str(args[0] if args else kwargs.get("source") or "data"))
        return real_graph_parse(self, *args, **kwargs)

    monkeypatch.setattr(pyoxigraph, "parse", counting_parse)
    monkeypatch.setattr(rdflib.Graph, "parse", counting_graph_parse)
    yield seen


def test_consumers_given_a_publication_parse_nothing(project: Project, parses: list[str]) -> None:
    loaded = Publication.load(project.dist)  # parses mgo.trig once unless this process loaded it before
    parses.clear()
    assert Publication.load(project.dist) is loaded  # cached: not parsed again
    assert parses == []
    run_query(load_store(project, build_if_stale=False), "ASK { ?s ?p ?o }")
    _index_from(loaded)
    loaded.rdflib()
    loaded.dataset  # noqa: B018
    assert parses == []

    from_sources = Publication.from_sources(project)
    parsed_sources = len(parses)
    assert parsed_sources > 0  # the sources themselves are read once
    load_model(publication=from_sources)
    ctx = _Context(project, from_sources.sources)  # type: ignore[arg-type]
    ctx.store.query("ASK { ?s ?p ?o }")
    assert len(parses) == parsed_sources


def project_version(project: Project) -> str:
    return version_of(project.root)
