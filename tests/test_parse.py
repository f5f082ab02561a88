"""Parsing: syntax errors and malformed language tags name the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_helpers import copy_fixture
from mgo.config import Project
from mgo.errors import MissingFileError, SyntaxProblem
from mgo.pipeline.parse import language_tag_problem, parse_file, parse_project

HEAD = "@prefix ex: <http://example.org/> .\n"


def write(tmp_path: Path, text: str, name: str = "a.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str) -> SyntaxProblem:
    with pytest.raises(SyntaxProblem) as caught:
        parse_file(write(tmp_path, text), shown_as=Path("data/a.ttl"))
    assert caught.value.exit_code == 1
    return caught.value


def test_valid_file_parses(tmp_path: Path) -> None:
    graph = parse_file(write(tmp_path, HEAD + 'ex:a ex:p "x"@nl, "y"@en-GB .\n'))
    assert len(graph) == 2


def test_missing_dot_names_file_line_column_and_fix(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + '\nex:a ex:p "x" ;\n    ex:q ex:c\nex:d ex:p "z" .\n')
    assert (error.file, error.line, error.column) == (Path("data/a.ttl"), 5, 1)
    assert error.render().startswith(
        "data/a.ttl:5:1: Turtle syntax error: A dot is expected at the end of statements\n  how to fix: end each"
    )


def test_undeclared_prefix_says_how_to_declare_it(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + "foo:a ex:p ex:b .\n")
    assert error.line == 2
    assert error.message == "Turtle syntax error: The prefix foo: has not been declared"
    assert error.hint == "declare the prefix at the top of the file: @prefix foo: <namespace IRI> ."


def test_relative_iri_is_rejected(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + "<a> ex:p ex:b .\n")
    assert error.line == 2
    assert "write the IRI in full" in (error.hint or "")


@pytest.mark.parametrize("tag", ["nl_NL", "x-toolongsubtag123", "nl-"])
def test_malformed_language_tag_is_a_located_error(tmp_path: Path, tag: str) -> None:
    error = problem(tmp_path, HEAD + f'\nex:a ex:p "x"@{tag} .\n')
    assert error.line == 3
    assert "BCP 47 language tag" in (error.hint or "")


def test_language_tag_without_a_language_code_is_an_error(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + 'ex:a ex:p "x"@nl .\nex:b ex:p "y"@english .\n')
    assert error.render().splitlines()[0] == (
        "data/a.ttl:3:14: malformed language tag: 'english' does not start with a 2- or 3-letter language "
        "code (such as nl or en)"
    )


def test_every_bad_tag_is_listed(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + 'ex:a ex:p "x"@dutch .\nex:b ex:p "y"@english , "z"@english .\n')
    lines = [(p.line, p.column) for p in error.problems]
    assert (error.line, error.column) == (2, 14)
    assert lines == [(3, 14), (3, 28)]


def test_ill_typed_literal_is_an_error_with_a_hint(tmp_path: Path) -> None:
    text = HEAD + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:a ex:p "2021-13-01"^^xsd:date .\n'
    error = problem(tmp_path, text)
    assert error.render() == (
        'data/a.ttl:3:11: "2021-13-01" is not a valid xsd:date value\n'
        "  how to fix: write a date as YYYY-MM-DD, for example 2021-03-31"
    )


@pytest.mark.parametrize(
    ("tag", "ok"),
    [
        ("nl", True),
        ("en", True),
        ("en-GB", True),
        ("zh-Hant-TW", True),
        ("de-CH-1996", True),
        ("x-private", True),
        ("es-419", True),
        ("english", False),
        ("nl_NL", False),
        ("e", False),
        ("123", False),
        ("abcd", False),
    ],
)
def test_language_tag_rules(tag: str, ok: bool) -> None:
    assert (language_tag_problem(tag) is None) is ok


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as caught:
        parse_file(tmp_path / "nope.ttl")
    assert caught.value.exit_code == 2


def test_all_syntax_errors_of_all_files_are_reported_together(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "data" / "broken.ttl").write_text(HEAD + "ex:a ex:p .\n", encoding="utf-8")
    (root / "data" / "additions" / "bad.ttl").write_text(HEAD + 'ex:a ex:p "x"@nl_NL .\n', encoding="utf-8")
    with pytest.raises(SyntaxProblem) as caught:
        parse_project(Project(root))
    error = caught.value
    assert error.message == "2 syntax problems in the sources"
    assert [p.location() for p in error.problems] == ["data/broken.ttl:2:11", "data/additions/bad.ttl:2:17"]


def test_layers_are_named_graphs(tmp_path: Path) -> None:
    sources = parse_project(Project(copy_fixture(tmp_path)))
    assert list(sources.graphs) == ["ontology", "data", "additions", "mappings", "shapes"]
    assert str(sources.graphs["data"].identifier) == "https://w3id.org/missiegedreven/graph/data"
    publication = sources.publication()
    assert len(publication) == sum(len(sources.graphs[n]) for n in ("ontology", "data", "additions"))


def test_a_control_character_in_a_literal_is_located(tmp_path: Path) -> None:
    error = problem(tmp_path, HEAD + 'ex:a ex:p "one" ;\n    ex:q "t\\u0007o" .\n')
    assert (error.file, error.line, error.column) == (Path("data/a.ttl"), 3, 12)
    assert error.message == "a literal holds U+0007 (a control character), which RDF/XML cannot hold"
    assert error.iri == "http://example.org/a"


def test_the_publication_guard_names_the_resource_of_a_literal_from_a_table() -> None:
    """Triples that come from no Turtle file (SSSOM and annotation tables, derivation) are checked too."""
    from rdflib import Graph, Literal, URIRef

    from mgo.errors import DataError
    from mgo.pipeline.parse import check_serialisable

    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x\x00y")))
    with pytest.raises(DataError) as caught:
        check_serialisable(graph)
    assert caught.value.exit_code == 1
    assert caught.value.render() == (
        "1 literal of the publication holds a character that RDF/XML cannot hold; nothing was published\n"
        "  how to fix: correct the source of each resource listed below\n"
        "a literal holds U+0000 (NUL), which RDF/XML cannot hold\n"
        "  resource: <http://example.org/a>\n"
        "  how to fix: remove the character, or write a space or a line break (\\n) instead: RDF/XML (XML 1.0, "
        "section 2.2 https://www.w3.org/TR/xml/#charsets) cannot hold it, so mgo.rdf would not be well-formed"
    )
