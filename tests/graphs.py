"""Graph comparison for the tests: isomorphism by RDF canonicalisation (pyoxigraph, RDFC-1.0-style).

rdflib's ``isomorphic`` takes tens of seconds on the publication's graphs with hundreds of blank nodes;
canonicalising both sides with pyoxigraph and comparing the sets takes milliseconds. rdflib graphs are
compared the same way, term for term as rdflib holds them (through :mod:`mgo.rdf.convert`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph

from mgo.rdf.convert import quads_of

if TYPE_CHECKING:
    from rdflib import Graph

Triples = Iterable[pyoxigraph.Triple] | Iterable[pyoxigraph.Quad]


def canonical(triples: Triples) -> set[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def isomorphic(left: Triples, right: Triples) -> bool:
    """True when the two graphs are equal up to blank-node labels."""
    return canonical(left) == canonical(right)


def same_graph(left: Graph, right: Graph) -> bool:
    """``rdflib.compare.isomorphic`` for two rdflib graphs, in milliseconds instead of seconds."""
    return isomorphic(quads_of(left), quads_of(right))


def parse(data: bytes, rdf_format: pyoxigraph.RdfFormat) -> list[pyoxigraph.Triple]:
    return [quad.triple for quad in pyoxigraph.parse(data, format=rdf_format)]
