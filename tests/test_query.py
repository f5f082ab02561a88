"""Queries on pyoxigraph and the canonical result text the golden files hold (queries/README.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph
import pytest

from build_helpers import copy_fixture
from mgo.config import Project
from mgo.errors import MissingFileError, UsageError
from mgo.query.local import (
    available_queries,
    canonical_result,
    check_golden,
    has_order_by,
    load_store,
    namespace_warnings,
    render,
    run_query,
    syntax_error,
    update_golden,
    with_publication_prefixes,
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
    with pytest.raises(UsageError, match=r"^SPARQL syntax error at line 1, column 1: 'SELEC' is not a query form"):
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


# --- mgo query: the publication's prefixes, one-line syntax errors, namespace typos ----------------------

MGO = "https://w3id.org/missiegedreven/def/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KNOWN = {"mgo": MGO, "skos": SKOS}


def test_undeclared_publication_prefixes_are_prepended() -> None:
    text = "PREFIX skos: <http://example.org/mine#>\nSELECT ?x WHERE { ?x a mgo:Definition ; skos:x ?y }"
    prepared, added = with_publication_prefixes(text, KNOWN)
    assert added == {"mgo": MGO}  # the query's own skos: is left as it is
    assert prepared == f"PREFIX mgo: <{MGO}>\n" + text
    assert with_publication_prefixes("SELECT * WHERE { ?s ?p 'mgo:x' }", KNOWN) == (
        "SELECT * WHERE { ?s ?p 'mgo:x' }",
        {},
    )  # in a string: not a prefixed name


def syntax_message(text: str, known: dict[str, str] | None = None) -> str:
    return syntax_usage_error(text, known).message


def syntax_usage_error(text: str, known: dict[str, str] | None = None) -> UsageError:
    prepared, added = with_publication_prefixes(text, known or {})
    with pytest.raises(SyntaxError) as caught:
        pyoxigraph.Store().query(prepared)
    return syntax_error(str(caught.value), prepared, known, added_lines=len(added))


def test_an_unknown_prefix_is_named_in_one_line() -> None:
    text = "SELECT ?x WHERE {\n  ?x a mgo:Definition ;\n     skosx:prefLabel ?l }"
    assert syntax_message(text, KNOWN) == "SPARQL syntax error at line 3, column 6: unknown prefix skosx:"
    hint = syntax_usage_error(text, KNOWN).hint
    assert hint is not None and hint.startswith("declare it (PREFIX skosx: <…>), or did you mean skos:?;")


def test_a_syntax_error_names_the_token_without_unicode_ranges() -> None:
    assert syntax_message("SELECT ?x WHERE { ?x ?y }") == "SPARQL syntax error at line 1, column 19: unexpected '?x'"
    assert syntax_message("SELEC ?x WHERE { ?x ?y ?z }") == (
        "SPARQL syntax error at line 1, column 1: 'SELEC' is not a query form (did you mean SELECT?)"
    )
    message = syntax_message("SELECT ?x WHERE { ?x a mgo:D FILTER(?x = ) }", KNOWN)
    assert message == "SPARQL syntax error at line 1, column 30: unexpected 'FILTER'"
    assert "\n" not in message and "\\u{" not in message


def test_an_iri_in_none_of_the_namespaces_gets_a_warning() -> None:
    namespaces = {MGO, SKOS, "https://w3id.org/missiegedreven/concept/"}
    iris = {MGO + "Definition"}
    typo = "PREFIX mgo: <https://w3id.org/missiegedreven/def#>\nSELECT ?x WHERE { ?x a mgo:Definition }"
    assert namespace_warnings(typo, namespaces, iris, KNOWN) == [
        "warning: <https://w3id.org/missiegedreven/def#Definition> is in none of the publication's namespaces; "
        f"the closest is <{MGO}> (mgo:)"
    ]
    full = "SELECT ?x WHERE { ?x <https://w3id.org/missiegedreven/concepts/lab> ?y } # <http://nope/>"
    assert namespace_warnings(full, namespaces, iris, KNOWN) == [
        "warning: <https://w3id.org/missiegedreven/concepts/lab> is in none of the publication's namespaces; "
        "the closest is <https://w3id.org/missiegedreven/concept/>"
    ]
    fine = f"SELECT ?x WHERE {{ ?x a <{MGO}Definition> ; <{SKOS}prefLabel> '<http://nope/>' }}"
    assert namespace_warnings(fine, namespaces, iris, KNOWN) == []


def test_mgo_query_with_undeclared_prefixes_and_verbose(tmp_path: Path) -> None:
    from build_helpers import run_cli

    root = copy_fixture(tmp_path)
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?d WHERE { ?d a mgo:Definition }\n", encoding="utf-8")
    code, out, err = run_cli("query", query, "--sources", "--format", "csv", "--verbose", "--root", root)
    assert code == 0, err
    assert out == "d\r\nhttps://w3id.org/missiegedreven/definitie/living-lab\r\n"
    assert err == (f"mgo query: added the publication's prefixes the query uses without declaring them: mgo: <{MGO}>\n")
    code, out, err = run_cli("query", query, "--sources", "--format", "csv", "--root", root)
    assert (code, err) == (0, "")  # without --verbose: silent
    query.write_text("SELECT ?d WHERE { ?d a mgox:Definition }\n", encoding="utf-8")
    code, _, err = run_cli("query", query, "--sources", "--root", root)
    assert code == 2
    assert err.splitlines()[0] == "error: SPARQL syntax error at line 1, column 24: unknown prefix mgox:"
    query.write_text(
        "PREFIX mgo: <https://w3id.org/missiegedreven/def#>\nSELECT ?d WHERE { ?d a mgo:Definition }\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("query", query, "--sources", "--format", "csv", "--root", root)
    assert code == 0 and out == "d\r\n"
    assert err == (
        "warning: <https://w3id.org/missiegedreven/def#Definition> is in none of the publication's namespaces; "
        f"the closest is <{MGO}> (mgo:)\n"
    )
