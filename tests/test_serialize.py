"""Deterministic serialisations: content-derived blank-node labels, sorted output, canonical TriG."""

from __future__ import annotations

import random

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from mgo.rdf.formats import canonical, canonical_turtle, ntriples, rdfc_triples, rdfxml, trig

EX = "http://example.org/"
TEXT = f"""
@prefix ex: <{EX}> .
ex:a ex:p [ ex:q "1" ; ex:r [ ex:s ex:b ] ] , [ ex:q "2" ] ;
     ex:list ( ex:x ex:y ) ;
     ex:note \"\"\"two
lines\"\"\"@en .
ex:b ex:p [ ex:q "1" ] , [ ex:q "1" ] .
"""


def shuffled(graph: Graph, seed: int) -> Graph:
    """The same triples, inserted in another order, with fresh blank-node labels."""
    triples = list(graph)
    random.Random(seed).shuffle(triples)
    fresh: dict[BNode, BNode] = {}

    def relabel(node):
        return fresh.setdefault(node, BNode()) if isinstance(node, BNode) else node

    copy = Graph()
    copy.bind("ex", EX)
    for s, p, o in triples:
        copy.add((relabel(s), p, relabel(o)))
    return copy


def test_labels_depend_on_content_only() -> None:
    graph = Graph().parse(data=TEXT, format="turtle")
    outputs = {canonical_turtle(shuffled(graph, seed)) for seed in range(5)}
    assert len(outputs) == 1
    assert {ntriples(shuffled(graph, seed)) for seed in range(5)} == {ntriples(graph)}
    assert {rdfxml(shuffled(graph, seed)) for seed in range(5)} == {rdfxml(graph)}


def test_identical_twins_get_distinct_labels() -> None:
    graph = Graph().parse(data=TEXT, format="turtle")
    before = {t[0] for t in graph if isinstance(t[0], BNode)} | {t[2] for t in graph if isinstance(t[2], BNode)}
    triples = rdfc_triples(graph)
    after = {t[0] for t in triples if isinstance(t[0], BNode)} | {t[2] for t in triples if isinstance(t[2], BNode)}
    assert len(after) == len(before)  # twins keep two labels
    assert all(str(node).startswith("bc14n") for node in after)
    assert isomorphic(canonical(graph), graph)


def test_cyclic_blank_nodes_are_canonical_too() -> None:
    graph = Graph()
    a, b = BNode(), BNode()
    graph.add((a, URIRef(EX + "next"), b))
    graph.add((b, URIRef(EX + "next"), a))
    graph.add((URIRef(EX + "x"), URIRef(EX + "p"), a))
    assert {ntriples(shuffled(graph, seed)) for seed in range(4)} == {ntriples(graph)}


def test_ntriples_lines_are_sorted() -> None:
    lines = ntriples(Graph().parse(data=TEXT, format="turtle")).splitlines()
    assert lines == sorted(lines)


def test_trig_has_one_graph_block_per_layer_in_order_and_parses_back() -> None:
    one = Graph().parse(data=TEXT, format="turtle")
    two = Graph()
    two.add((URIRef(EX + "c"), URIRef(EX + "p"), Literal("c", lang="nl")))
    text = trig([(EX + "g1", one), (EX + "g2", two), (EX + "empty", Graph())], prefixes=[("ex", EX)])
    assert text.count(" {\n") == 2  # the empty graph is left out
    assert text.index("ex:g1 {") < text.index("ex:g2 {")
    assert text.startswith("@prefix ex: <http://example.org/> .\n")
    dataset = Dataset()
    dataset.parse(data=text, format="trig")
    assert isomorphic(dataset.graph(URIRef(EX + "g1")), one)
    assert isomorphic(dataset.graph(URIRef(EX + "g2")), two)


def test_trig_is_the_same_for_any_insertion_order() -> None:
    graph = Graph().parse(data=TEXT, format="turtle")
    texts = {trig([(EX + "g", shuffled(graph, seed))], prefixes=[("ex", EX), ("a", "http://a/")]) for seed in range(4)}
    assert len(texts) == 1
