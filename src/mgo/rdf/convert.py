"""The one converter between rdflib and pyoxigraph terms and graphs, and the one way to make an rdflib graph.

pyoxigraph is the model at the centre (parsing, SPARQL, canonicalisation, writing bytes); rdflib is the
interface of pySHACL and owlrl. Every crossing between the two goes through this module, so a term keeps its
exact lexical form both ways (a literal's text is never re-read as a Python value).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef

from mgo.terms import XSD

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

XSD_STRING = XSD + "string"


def new_graph(identifier: str | None = None) -> Graph:
    """An empty rdflib graph binding only the core prefixes (rdflib's default binds ~30 we do not use)."""

    return Graph(identifier=URIRef(identifier) if identifier else None, bind_namespaces="core")


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``); plain strings lose ``xsd:string``."""

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        # normalize=False: rdflib would otherwise re-read the text as a Python value and write it back in
        # its own form ("4.0E-1"^^xsd:double becomes "0.4"), a different RDF term (see mgo.rdf.lexical)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unexpected term from Oxigraph: {term!r}")


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term (shared by the modules that mirror rdflib graphs into pyoxigraph)."""

    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    return pyoxigraph.NamedNode(str(term))


def quads_of(graph: Graph, graph_name: str | None = None) -> list[pyoxigraph.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in ``graph_name`` (default graph if ``None``)."""

    name = pyoxigraph.NamedNode(graph_name) if graph_name else pyoxigraph.DefaultGraph()
    return [pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph]


def graph_of(quads: Iterable[Any], identifier: str | None = None) -> Graph:
    """An rdflib graph holding the triples of pyoxigraph quads or triples (their graph names are dropped)."""
    graph = new_graph(identifier)
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def node(text: str | None) -> Any:
    """A resource named in text (an IRI, or ``_:label``) as a pyoxigraph term, for a Finding.

    Text that is no valid IRI (a typo that a ``parse`` finding is about) stays text: a finding must still say it.
    """

    if text is None:
        return None
    if text.startswith("_:"):
        return pyoxigraph.BlankNode(text[2:])
    try:
        return pyoxigraph.NamedNode(text)
    except ValueError:
        return text


def from_ntriples(text: str | None) -> Any:
    """A term in N-Triples syntax (``<iri>``, ``_:b``, ``"text"@nl``, as shacl-rust writes them) as a pyoxigraph
    term; ``None`` for ``None`` or ``""``. Text that is not a term stays text."""

    if not text:
        return None
    if text.startswith("<") and text.endswith(">"):
        return node(text[1:-1])
    if text.startswith("_:"):
        return pyoxigraph.BlankNode(text[2:])
    try:
        triple = f"<urn:x:s> <urn:x:p> {text} .".encode()
        return next(iter(pyoxigraph.parse(triple, format=pyoxigraph.RdfFormat.N_TRIPLES))).object
    except (SyntaxError, ValueError, StopIteration):
        return text
