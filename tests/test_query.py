"""Queries on pyoxigraph and the canonical result text the golden files hold (queries/README.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph
import pytest

from build_helpers import copy_fixture
from mgo.errors import MissingFileError, UsageError
from mgo.project import Project
from mgo.query import (
    available_queries,
    canonical_result,
    check_golden,
    has_order_by,
    load_store,
    render,
    run_query,
    update_golden,
)

EX = "http://example.org/"


@pytest.fixture
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    data = f"""
    <{EX}b> <{EX}label> "bé"@nl , "b"@en ; <{EX}n> 2 .
    <{EX}a> <{EX}label> "a"@nl ; <{EX}n> 10 .
    <{EX}c> <{EX}ref> [ <{EX}label> "blank"@nl ] .
    """
    store.load(data.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def test_order_by_detection_ignores_comments_strings_and_iris() -> None:
    assert has_order_by("SELECT * { ?s ?p ?o } order  by ?s")
    assert not has_order_by("# ORDER BY in a comment\nSELECT * { ?s ?p ?o }")
    assert not has_order_by('SELECT * { ?s ?p "ORDER BY" }')
    assert has_order_by("SELECT * { ?s <http://x/a#frag> ?o } ORDER BY ?s")  # '#' in an IRI is no comment


def test_rows_are_sorted_by_their_json_unless_ordered(store: pyoxigraph.Store) -> None:
    unordered = run_query(store, f"SELECT ?s ?n WHERE {{ ?s <{EX}n> ?n }}")
    text = canonical_result(unordered)
    rows = json.loads(text)["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == [EX + "a", EX + "b"]
    assert rows == sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
    assert (
        text.endswith("}\n")
        and text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    ordered = run_query(store, f"SELECT ?s ?n WHERE {{ ?s <{EX}n> ?n }} ORDER BY DESC(?n)")
    assert [r["s"]["value"] for r in json.loads(canonical_result(ordered))["results"]["bindings"]] == [
        EX + "a",
        EX + "b",
    ]
    ordered_asc = run_query(store, f"SELECT ?s ?n WHERE {{ ?s <{EX}n> ?n }} ORDER BY ?n")
    assert [r["s"]["value"] for r in json.loads(canonical_result(ordered_asc))["results"]["bindings"]] == [
        EX + "b",
        EX + "a",
    ]


def test_terms_in_sparql_json(store: pyoxigraph.Store) -> None:
    result = run_query(store, f"SELECT ?l ?n WHERE {{ <{EX}b> <{EX}label> ?l ; <{EX}n> ?n }}")
    bindings = json.loads(canonical_result(result))["results"]["bindings"]
    assert bindings[0]["l"] == {"type": "literal", "value": "b", "xml:lang": "en"}
    assert bindings[0]["n"] == {
        "type": "literal",
        "value": "2",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }


def test_blank_nodes_are_relabelled_stably(store: pyoxigraph.Store) -> None:
    result = run_query(store, f"SELECT ?b WHERE {{ <{EX}c> <{EX}ref> ?b }}")
    assert json.loads(canonical_result(result))["results"]["bindings"] == [{"b": {"type": "bnode", "value": "b0"}}]


def test_ask_and_construct(store: pyoxigraph.Store) -> None:
    assert json.loads(canonical_result(run_query(store, "ASK { ?s ?p ?o }"))) == {"head": {}, "boolean": True}
    constructed = canonical_result(run_query(store, f"CONSTRUCT {{ ?s <{EX}n> ?n }} WHERE {{ ?s <{EX}n> ?n }}"))
    assert constructed.splitlines() == sorted(constructed.splitlines())
    assert len(constructed.splitlines()) == 2


def test_csv_tsv_and_table(store: pyoxigraph.Store) -> None:
    result = run_query(store, f"SELECT ?s ?l WHERE {{ ?s <{EX}label> ?l FILTER(isIRI(?s)) }}")
    assert canonical_result(result, "csv") == f"s,l\r\n{EX}a,a\r\n{EX}b,b\r\n{EX}b,bé\r\n"
    assert render(result, "tsv").splitlines()[0] == "?s\t?l"
    table = render(result, "table", {"ex": EX})
    assert table.splitlines() == [
        "s     l",
        "----  ------",
        "ex:a  a @nl",
        "ex:b  b @en",
        "ex:b  bé @nl",
        "(3 rows)",
    ]


def test_syntax_error_is_a_usage_error(store: pyoxigraph.Store) -> None:
    with pytest.raises(UsageError, match="SPARQL syntax error"):
        run_query(store, "SELEC ?x")


def test_goldens_round_trip(tmp_path: Path) -> None:
    project = Project(copy_fixture(tmp_path))
    assert available_queries(project) == ["concepts", "has-sources"]
    store = load_store(project, from_sources=True)
    with pytest.raises(MissingFileError, match="mgo query concepts --update-golden"):
        check_golden(project, "concepts", store)
    path = update_golden(project, "concepts", store)
    assert path.name == "concepts.srj"
    assert check_golden(project, "concepts", store)[0]
    (project.queries_dir / "has-sources.csv").write_text("stale", encoding="utf-8")
    assert update_golden(project, "has-sources", store).name == "has-sources.csv"
    assert (project.queries_dir / "has-sources.csv").read_bytes() == b"boolean\r\ntrue\r\n"
    assert check_golden(project, "has-sources", store)[0]


def test_load_store_rebuilds_when_sources_are_newer(tmp_path: Path) -> None:
    project = Project(copy_fixture(tmp_path))
    load_store(project)
    built = project.dist / "mgo.ttl"
    old = built.stat().st_mtime - 100
    os.utime(built, (old, old))
    source = project.root / "data" / "concepts.ttl"
    os.utime(source, (old + 50, old + 50))  # a source newer than the build
    load_store(project)
    assert built.stat().st_mtime > old + 50
    rebuilt = built.stat().st_mtime
    load_store(project)  # up to date: no new build
    assert built.stat().st_mtime == rebuilt
