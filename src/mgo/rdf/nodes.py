"""rdflib's terms typed as mgo's graphs hold them, so that ``sorted(graph.objects(...))`` type-checks.

rdflib types every triple position as ``Node``, the base class that also covers the ``Graph`` terms of N3
formulae, and ``Node`` has no order. The graphs of mgo are parsed from Turtle, N-Triples and SPARQL results:
every term in them is an RDF term (``URIRef``, ``BNode``, ``Literal``, RDF 1.1 section 3), which rdflib
calls an ``Identifier``. These helpers narrow with an ``isinstance`` check (a ``TypeError`` would be a bug in
mgo, exit 3) and sort by rdflib's own order (``Identifier.__lt__``: by kind of term, then lexically), so a
call ``sorted_terms(x)`` gives exactly what ``sorted(x)`` gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Identifier, Node


def term(node: Node) -> Identifier:
    """``node`` as the RDF term it is (an IRI, blank node or literal)."""
    from rdflib.term import Identifier

    if not isinstance(node, Identifier):
        raise TypeError(f"not an RDF term (IRI, blank node or literal): {node!r}")
    return node


def sorted_terms(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``, typed: the terms in rdflib's order (by kind of term, then lexically)."""
    from rdflib.term import Identifier

    terms: list[Identifier] = []
    for node in nodes:
        if not isinstance(node, Identifier):
            raise TypeError(f"not an RDF term (IRI, blank node or literal): {node!r}")
        terms.append(node)
    return sorted(terms)
