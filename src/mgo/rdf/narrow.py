"""rdflib's terms and pyoxigraph's query results narrowed to what mgo's graphs and queries hold.

rdflib types every triple position as ``Node``, the base class that also covers the ``Graph`` terms of N3
formulae, and ``Node`` has no order. The graphs of mgo are parsed from Turtle, N-Triples and SPARQL results:
every term in them is an RDF term (``URIRef``, ``BNode``, ``Literal``, RDF 1.1 section 3), which rdflib
calls an ``Identifier``. :func:`term` and :func:`sorted_terms` narrow with an ``isinstance`` check and sort by
rdflib's own order (``Identifier.__lt__``: by kind of term, then lexically), so ``sorted_terms(x)`` gives
exactly what ``sorted(x)`` gave.

pyoxigraph's ``Store.query`` returns solutions, a boolean or triples, by the form of the query (SPARQL 1.1
section 16). :func:`solutions` and :func:`triples` state which form a query of mgo has.

A ``TypeError`` from these helpers is a bug in mgo (exit 3), never a fault in the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib.term import Identifier

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib.term import Identifier, Node


def term(node: Node) -> Identifier:
    """``node`` as the RDF term it is (an IRI, blank node or literal)."""

    if not isinstance(node, Identifier):
        raise TypeError(f"not an RDF term (IRI, blank node or literal): {node!r}")
    return node


def sorted_terms(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``, typed: the terms in rdflib's order (by kind of term, then lexically)."""

    terms: list[Identifier] = []
    for node in nodes:
        if not isinstance(node, Identifier):
            raise TypeError(f"not an RDF term (IRI, blank node or literal): {node!r}")
        terms.append(node)
    return sorted(terms)


def solutions(
    result: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples,
) -> pyoxigraph.QuerySolutions:
    """The result of a SELECT query, as the solutions it is."""

    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise TypeError(f"a SELECT query gave {type(result).__name__}, not solutions")
    return result


def triples(
    result: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples,
) -> pyoxigraph.QueryTriples:
    """The result of a CONSTRUCT or DESCRIBE query, as the triples it is."""

    if not isinstance(result, pyoxigraph.QueryTriples):
        raise TypeError(f"a CONSTRUCT query gave {type(result).__name__}, not triples")
    return result
