"""Human names for resources in messages: a curator recognises "Living Lab", not an IRI alone.

A resource is named by its ``skos:prefLabel``, ``rdfs:label``, ``schema:name`` or ``dct:title`` (in that order
of preference), Dutch first, then English, then any language; the IRI is always given as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

_LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name",
    "http://schema.org/name",
    "http://purl.org/dc/terms/title",
)
PREFERRED_LANGUAGES = ("nl", "en")


def label(graph: Graph, node: Node, languages: tuple[str, ...] = PREFERRED_LANGUAGES) -> str | None:
    """The best label of ``node`` in ``graph``, or ``None``. Deterministic: ties broken by sort order."""

    for prop in _LABEL_PROPERTIES:
        values = sorted(str(o) for o in graph.objects(node, URIRef(prop)) if isinstance(o, Literal))
        if not values:
            continue
        by_language: dict[str, list[str]] = {}
        for value in graph.objects(node, URIRef(prop)):
            if isinstance(value, Literal):
                by_language.setdefault((value.language or "").lower(), []).append(str(value))
        for language in languages:
            for tag in sorted(by_language):
                if tag == language or tag.startswith(language + "-"):
                    return sorted(by_language[tag])[0]
        return values[0]
    return None


def describe(graph: Graph, node: Node) -> str:
    """``"label" <iri>`` or ``<iri>`` (or the literal / blank node as written in Turtle)."""

    if isinstance(node, URIRef):
        name = label(graph, node)
        return f'"{name}" <{node}>' if name else f"<{node}>"
    if isinstance(node, BNode):
        name = label(graph, node)
        return f'"{name}" (blank node)' if name else "a blank node"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)
