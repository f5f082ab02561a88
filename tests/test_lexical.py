"""mgo.rdf.lexical: the canonical lexical forms of XSD 1.1 Part 2, with the examples of its canonical mappings."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from mgo.rdf.lexical import canonical_lexical, canonicalise_graph, turtle_shorthand
from mgo.terms import XSD


@pytest.mark.parametrize(
    ("lexical", "datatype", "canonical"),
    [
        ("0.4", "double", "4.0E-1"),  # the confidences of the mapping set (#11)
        ("4e-01", "double", "4.0E-1"),  # rdflib's Turtle shorthand of the same value
        (".5", "double", "5.0E-1"),
        ("100", "double", "1.0E2"),
        ("1.5E+03", "double", "1.5E3"),
        ("-0", "double", "-0.0E0"),
        ("0.0", "double", "0.0E0"),
        ("+INF", "double", "INF"),
        ("NaN", "double", "NaN"),
        ("0.1", "float", "1.0E-1"),  # the shortest digits of the single-precision value, not 1.0000000149E-1
        ("1.50", "decimal", "1.5"),
        ("2.0", "decimal", "2"),  # an integral decimal has no point in XSD 1.1
        ("-00.10", "decimal", "-0.1"),
        ("+.000", "decimal", "0"),
        ("+007", "integer", "7"),
        ("-0", "nonNegativeInteger", "0"),
        ("1", "boolean", "true"),
        ("0", "boolean", "false"),
        ("2026-11-28", "date", "2026-11-28"),
        ("2026-11-28-00:00", "date", "2026-11-28Z"),
        ("2026-11-28+01:00", "date", "2026-11-28+01:00"),
        ("2026-01-01T10:00:00.500+00:00", "dateTime", "2026-01-01T10:00:00.5Z"),
        ("2026-01-01T10:00:00.000", "dateTime", "2026-01-01T10:00:00"),
        ("4a5B", "hexBinary", "4a5B"),  # SPDX wants checksums in lower case: not rewritten (module docstring)
        (" 7 ", "integer", "7"),  # whiteSpace collapse
    ],
)
def test_canonical_lexical(lexical: str, datatype: str, canonical: str) -> None:
    assert canonical_lexical(lexical, XSD + datatype) == canonical


@pytest.mark.parametrize(("lexical", "datatype"), [("0.4x", "double"), ("1.", "integer"), ("yes", "boolean")])
def test_an_invalid_form_is_left_for_the_shapes(lexical: str, datatype: str) -> None:
    assert canonical_lexical(lexical, XSD + datatype) == lexical


def test_canonicalise_graph_keeps_the_form_rdflib_would_normalise_away() -> None:
    graph = Graph()
    subject, predicate = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    graph.add((subject, predicate, Literal("0.40", datatype=URIRef(XSD + "double"), normalize=False)))
    graph.add((subject, predicate, Literal("x", lang="nl")))
    assert canonicalise_graph(graph) == 1
    assert sorted(str(o) for o in graph.objects(subject, predicate)) == ["4.0E-1", "x"]
    assert canonicalise_graph(graph) == 0


@pytest.mark.parametrize(
    ("lexical", "datatype", "bare"),
    [
        ("4.0E-1", "double", True),
        ("0.4", "double", False),  # bare 0.4 is an xsd:decimal in Turtle
        ("INF", "double", False),
        ("1.5", "decimal", True),
        ("2", "decimal", False),  # bare 2 is an xsd:integer
        ("-7", "integer", True),
        ("true", "boolean", True),
    ],
)
def test_turtle_shorthand_only_where_it_reads_back_the_same_text(lexical: str, datatype: str, bare: bool) -> None:
    assert turtle_shorthand(lexical, XSD + datatype) is bare
