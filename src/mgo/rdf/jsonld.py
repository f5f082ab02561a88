"""JSON-LD for web developers: a generated context with readable keys, and the compacted document.

The context is generated from the graph, deterministically (https://www.w3.org/TR/json-ld11/#the-context):

* ``"id"`` and ``"type"`` alias ``@id`` and ``@type``;
* every predicate gets its local name as key (``prefLabel``); when two predicates (or a predicate and a
  class) share a local name, *all* of them get ``prefix_local`` (``dct_title``, ``schema_title``) so a key
  never depends on which came first;
* a predicate whose values are all language-tagged literals is a language map
  (``"prefLabel": {"nl": "…", "en": "…"}``, ``@container: @language``); all IRIs: ``@type: @id``; all
  literals of one datatype: ``@type`` that datatype (the value stays the exact lexical form); anything
  else a plain term (values then carry their own ``@language``/``@type``);
* every class gets its local name, so ``"type": "Concept"``;
* the prefixes of the vocabularies in use (predicates, classes, datatypes) are included; the namespaces of
  our resources (``concept/``, ``bron/`` …) are not, so ``id`` values are full IRIs.

The document is made with rdflib's JSON-LD converter (linear; pyld's ``from_rdf`` is quadratic, PERF-FACTS.md)
with native JSON types switched off, so that ``"1.50"^^xsd:decimal`` stays ``"1.50"`` and the document parses
back isomorphic. ``@graph`` is sorted by ``id``, and every array of values is sorted.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import IdentifiedNode

if TYPE_CHECKING:
    from rdflib import Graph

_KEYWORD_ALIASES = {"id": "@id", "type": "@type"}
_SIMPLE_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _split(iri: str) -> tuple[str, str]:
    """Namespace and local name: after the last ``#``, else the last ``/``."""
    for mark in ("#", "/"):
        index = iri.rfind(mark)
        if 0 <= index < len(iri) - 1:
            return iri[: index + 1], iri[index + 1 :]
    return iri, ""


def build_context(graph: Graph) -> dict[str, Any]:
    """The ``@context`` object for ``graph`` (see the module docstring for the rules)."""

    bound = {str(namespace): prefix for prefix, namespace in graph.namespaces() if prefix and prefix != "xml"}
    kinds: dict[str, set[str]] = defaultdict(set)
    classes: set[str] = set()
    used_namespaces: set[str] = set()
    for _, p, o in graph:
        if p in (RDF.first, RDF.rest):
            continue  # list cells are written as "@list" arrays, never as nodes
        if p == RDF.type:
            if isinstance(o, URIRef):
                classes.add(str(o))
                used_namespaces.add(_split(str(o))[0])
            continue
        used_namespaces.add(_split(str(p))[0])
        if o == RDF.nil or (isinstance(o, BNode) and (o, RDF.first, None) in graph):
            kinds[str(p)].add("@list")  # no coercion: the converter writes {"@list": [...]}
        elif isinstance(o, (URIRef, BNode)):
            kinds[str(p)].add("@id")
        elif isinstance(o, Literal) and o.language:
            kinds[str(p)].add("@language")
        elif isinstance(o, Literal) and o.datatype is not None:
            kinds[str(p)].add(str(o.datatype))
            used_namespaces.add(_split(str(o.datatype))[0])
        else:
            kinds[str(p)].add("string")

    prefixes = {
        prefix: namespace
        for namespace, prefix in sorted(bound.items())
        if namespace in used_namespaces and namespace[-1:] in ("/", "#") and _SIMPLE_TERM.match(prefix)
    }
    reserved = set(_KEYWORD_ALIASES) | set(prefixes)

    def compact(iri: str) -> str:
        namespace, local = _split(iri)
        prefix = bound.get(namespace)
        return f"{prefix}:{local}" if prefix in prefixes and local else iri

    by_local: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(set(kinds) | classes):
        local = _split(iri)[1]
        if local:
            by_local[local].append(iri)
    keys: dict[str, str] = {}
    for local, iris in by_local.items():
        for iri in iris:
            if len(iris) == 1 and local not in reserved and _SIMPLE_TERM.match(local):
                keys[iri] = local
                continue
            prefix = bound.get(_split(iri)[0])
            qualified = f"{prefix}_{local}" if prefix else None
            if qualified and qualified not in reserved and _SIMPLE_TERM.match(qualified):
                keys[iri] = qualified
            # else: no term; the converter writes the compact or full IRI as the key

    context: dict[str, Any] = {"@version": 1.1, **_KEYWORD_ALIASES, **prefixes}
    for iri in sorted(keys, key=lambda i: keys[i]):
        key = keys[iri]
        if iri in classes and iri not in kinds:
            context[key] = compact(iri)
            continue
        found = kinds.get(iri, set())
        definition: dict[str, Any] = {"@id": compact(iri)}
        if found == {"@id"}:
            definition["@type"] = "@id"
        elif found == {"@language"}:
            definition["@container"] = "@language"
        elif len(found) == 1 and next(iter(found)) not in ("string", "@list", _LANG_STRING):
            definition["@type"] = compact(next(iter(found)))
        context[key] = definition if len(definition) > 1 else definition["@id"]
    return context


def _sort_values(node: dict[str, Any]) -> dict[str, Any]:
    def key(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    for value in node.values():
        if isinstance(value, list):
            value.sort(key=key)
        elif isinstance(value, dict) and "@list" not in value:
            for inner in value.values():
                if isinstance(inner, list):
                    inner.sort(key=key)
    return node


def compact_document(graph: Graph, context: dict[str, Any], *, context_ref: str | dict[str, Any]) -> dict[str, Any]:
    """The compacted JSON-LD object: ``{"@context": context_ref, "@graph": [...]}`` sorted by ``id``."""

    converter = Converter(Context(context), use_native_types=False, use_rdf_type=False)
    converter.use_native_types = False  # the constructor forces native types on when a context is active
    # Not converter.from_graph: it emits a referenced blank node only when a value is converted without
    # type coercion, so a blank node behind an "@type": "@id" term (oa:hasTarget [...]) lost its triples.
    # Every subject is emitted here, except the cells of RDF lists, which appear inside "@list".
    nodemap: dict[str, Any] = {}
    for subject in sorted(set(graph.subjects()), key=lambda node: node.n3()):
        if not isinstance(subject, IdentifiedNode):  # rdflib types it Node; RDF 1.1 (3.1): an IRI or blank node
            continue
        if isinstance(subject, BNode) and (subject, RDF.first, None) in graph:
            continue
        converter.process_subject(graph, subject, nodemap)
    nodes = list(nodemap.values())
    id_key = "id"
    nodes = [_sort_values(node) for node in nodes]
    nodes.sort(key=lambda node: (str(node.get(id_key, "")).startswith("_:"), str(node.get(id_key, ""))))
    # Plain JSON types (the converter leaves rdflib terms, str subclasses that compare unlike str).
    return json.loads(json.dumps({"@context": context_ref, "@graph": nodes}, ensure_ascii=False))


def dumps(data: dict[str, Any]) -> str:
    """JSON text: UTF-8 characters as they are, 2-space indent, keys sorted, newline at the end."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def context_document(context: dict[str, Any]) -> dict[str, Any]:
    return {"@context": context}
