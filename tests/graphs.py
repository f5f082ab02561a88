"""Graph comparison for the tests: isomorphism by RDF canonicalisation (pyoxigraph, RDFC-1.0-style).

rdflib's ``isomorphic`` takes tens of seconds on the publication's graphs with hundreds of blank nodes;
canonicalising both sides with pyoxigraph and comparing the sets takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph


def canonical(triples: Iterable[pyoxigraph.Triple]) -> set[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def isomorphic(left: Iterable[pyoxigraph.Triple], right: Iterable[pyoxigraph.Triple]) -> bool:
    """True when the two graphs are equal up to blank-node labels."""
    return canonical(left) == canonical(right)


def parse(data: bytes, rdf_format: pyoxigraph.RdfFormat) -> list[pyoxigraph.Triple]:
    return [quad.triple for quad in pyoxigraph.parse(data, format=rdf_format)]
