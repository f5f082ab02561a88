"""Deterministic serialisations: the same graph always gives the same bytes (STYLE.md, habit 5).

rdflib's serializers follow the order of the store (insertion order), pick blank-node labels at random and
name unbound namespaces ``ns1``, ``ns2`` … in the order they meet them. :func:`canonical` removes all three:

* blank nodes are relabelled from their content (:func:`bnode_labels`; rdflib's RGDA1 when blank nodes form
  a cycle), so a label depends only on the graph, never on the parse or ``PYTHONHASHSEED``;
* triples are inserted into a fresh graph in sorted N-Triples order, so insertion order is sorted order;
* every predicate, class and datatype namespace gets its prefix in sorted order before serialising.

On top of that each format is written in its canonical form: ``longturtle`` (sorted, blank nodes inlined)
for Turtle; N-Triples as sorted lines; TriG written by pyoxigraph from sorted quads, graphs in layer order
(rdflib's TriG serializer orders graphs by its store). ``tests/test_serialize.py`` checks two
builds byte for byte, also across ``PYTHONHASHSEED`` values, and that every format parses back isomorphic.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mgo.convert import new_graph, to_oxigraph

if TYPE_CHECKING:
    from rdflib import BNode, Graph
    from rdflib.term import Node


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def bnode_labels(graph: Graph) -> dict[BNode, str] | None:
    """Content-derived labels for the blank nodes of ``graph``, or ``None`` when they form a cycle.

    A label hashes the node's outgoing triples (blank objects by their own outgoing hash, recursively) and
    its incoming edges (blank subjects by their label, recursively). Two nodes that still share a label have
    the same content and the same parents: swapping them maps the graph onto itself, so numbering them in
    any order gives the same output. Linear in the graph; rdflib's RGDA1 (``to_canonical_graph``) took 1.3 s
    per call on the 3k-triple publication and handles the cyclic case this does not.
    """
    from rdflib import BNode

    outgoing: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    incoming: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
        if isinstance(o, BNode):
            incoming[o].append((s, p))
    nodes = set(outgoing) | set(incoming)
    if not nodes:
        return {}
    out_hash: dict[BNode, str] = {}
    labels: dict[BNode, str] = {}

    def content(node: BNode, visiting: frozenset[BNode]) -> str | None:
        if node in out_hash:
            return out_hash[node]
        if node in visiting:
            return None
        parts = []
        for p, o in outgoing.get(node, []):
            if isinstance(o, BNode):
                inner = content(o, visiting | {node})
                if inner is None:
                    return None
                parts.append(f"{p.n3()} [{inner}]")
            else:
                parts.append(f"{p.n3()} {o.n3()}")
        out_hash[node] = _hash("\n".join(sorted(parts)))
        return out_hash[node]

    def label(node: BNode, visiting: frozenset[BNode]) -> str | None:
        if node in labels:
            return labels[node]
        if node in visiting:
            return None
        own = content(node, frozenset())
        if own is None:
            return None
        parents = []
        for s, p in incoming.get(node, []):
            if isinstance(s, BNode):
                parent = label(s, visiting | {node})
                if parent is None:
                    return None
                parents.append(f"_:{parent} {p.n3()}")
            else:
                parents.append(f"{s.n3()} {p.n3()}")
        labels[node] = _hash(own + "\n" + "\n".join(sorted(parents)))[:24]
        return labels[node]

    for node in nodes:
        if label(node, frozenset()) is None:
            return None
    numbered: dict[BNode, str] = {}
    seen: Counter[str] = Counter()
    for node in sorted(nodes, key=lambda n: labels[n]):
        base = "b" + labels[node]
        numbered[node] = base if seen[base] == 0 else f"{base}-{seen[base]}"
        seen[base] += 1
    return numbered


def canonical(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> Graph:
    """A copy of ``graph`` with content-derived blank-node labels, sorted insertion and stable prefixes."""
    from rdflib import RDF, BNode, Literal, URIRef
    from rdflib.compare import to_canonical_graph

    labels = bnode_labels(graph)
    if labels is None:  # blank nodes in a cycle: the general (slow) algorithm
        triples = list(to_canonical_graph(graph))
    elif labels:
        triples = [
            (
                BNode(labels[s]) if isinstance(s, BNode) else s,
                p,
                BNode(labels[o]) if isinstance(o, BNode) else o,
            )
            for s, p, o in graph
        ]
    else:
        triples = list(graph)
    triples.sort(key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    copy = new_graph(str(graph.identifier) if isinstance(graph.identifier, URIRef) else None)
    bindings = sorted(prefixes if prefixes is not None else graph.namespaces())
    for prefix, namespace in bindings:
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        copy.add(triple)
    # Namespaces rdflib would otherwise invent (ns1, ns2 …) while writing, in an order of its choosing.
    names = {p for _, p, _ in triples}
    names |= {o for _, p, o in triples if p == RDF.type and isinstance(o, URIRef)}
    names |= {o.datatype for _, _, o in triples if isinstance(o, Literal) and o.datatype is not None}
    for iri in sorted(names):
        with contextlib.suppress(ValueError):  # an IRI that cannot be a QName is written in full
            copy.namespace_manager.compute_qname_strict(str(iri))
    copy.canonical = True  # type: ignore[attr-defined]
    return copy


def _canonical_once(graph: Graph, prefixes: Iterable[tuple[str, str]] | None) -> Graph:
    """``graph`` itself when it came from :func:`canonical` (and no other prefixes are asked), else a copy."""
    if getattr(graph, "canonical", False) and prefixes is None:
        return graph
    return canonical(graph, prefixes=prefixes)


def canonical_turtle(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """rdflib ``longturtle`` of :func:`canonical` (sorted; blank nodes inlined where possible)."""
    text = _canonical_once(graph, prefixes).serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"


def fast_turtle(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """Turtle written by pyoxigraph from the sorted N-Triples of :func:`canonical`: ~40x faster than longturtle.

    Used for ``dist/mgo.ttl``, where rdflib's writer was a third of the build. The output is deterministic:
    the triples come in sorted order (pyoxigraph groups consecutive triples of a subject with ``;`` and
    ``,``), the prefix lines (written in hash-map order) are sorted, and a blank line separates subjects.
    Blank nodes keep their canonical labels instead of being inlined.
    """
    import pyoxigraph

    pairs = (
        sorted(dict(prefixes).items())
        if prefixes is not None
        else sorted((p, str(n)) for p, n in graph.namespaces() if p)
    )
    nt = ntriples(graph).encode("utf-8")
    triples = pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(pairs)) or b""
    lines = body.decode("utf-8").rstrip("\n").split("\n")  # not splitlines(): U+2028 is no line end here
    head = sorted(line for line in lines if line.startswith("@prefix "))
    out = [*head]
    for line in lines:
        if line.startswith("@prefix "):
            continue
        if not line.startswith(("\t", " ")):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted (canonical blank-node labels)."""
    # split on "\n" only: splitlines() also breaks at U+2028, U+2029, U+0085 inside a literal (#12 item 9)
    lines = _canonical_once(graph, None).serialize(format="nt").split("\n")
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


class _SortedSubjects:
    """A read-only view of a graph whose ``subjects()`` come sorted.

    rdflib's RDF/XML writer walks ``store.subjects()``, which the memory store yields in the order of a
    Python ``set`` (it varies with ``PYTHONHASHSEED``); per subject it uses ``predicate_objects``, which
    follows insertion order (sorted, after :func:`canonical`).
    """

    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def subjects(self, *args: object, **kwargs: object) -> list[Node]:
        return sorted(set(self._graph.subjects()), key=lambda node: node.n3())

    def __getattr__(self, name: str) -> object:
        return getattr(self._graph, name)

    def __contains__(self, triple: object) -> bool:
        return triple in self._graph


def rdfxml(graph: Graph) -> str:
    """RDF/XML (rdflib's plain writer: one ``rdf:Description`` per subject, subjects sorted)."""
    from rdflib.plugins.serializers.rdfxml import XMLSerializer

    stream = io.BytesIO()
    XMLSerializer(_SortedSubjects(_canonical_once(graph, None))).serialize(stream, encoding="utf-8")  # type: ignore[arg-type]
    return stream.getvalue().decode("utf-8")


def _labelled_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with content-derived blank-node labels (no copy into a new rdflib graph)."""
    from rdflib import BNode
    from rdflib.compare import to_canonical_graph

    labels = bnode_labels(graph)
    if labels is None:
        return list(to_canonical_graph(graph))
    if not labels:
        return list(graph)
    return [
        (
            BNode(labels[s]) if isinstance(s, BNode) else s,
            p,
            BNode(labels[o]) if isinstance(o, BNode) else o,
        )
        for s, p, o in graph
    ]


def trig(named_graphs: list[tuple[str, Graph]], *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """TriG: one block per named graph, in the given order; in each, triples sorted, blank nodes labelled
    from their content (labels are unique across the whole document: TriG labels are document-wide).

    Written by pyoxigraph (rdflib's TriG writer orders graphs by its store; running ``longturtle`` once per
    graph cost ~0.3 s on the publication, pyoxigraph takes milliseconds). Empty graphs are left out.
    """
    import pyoxigraph

    quads = []
    seen_labels: dict[str, str] = {}
    for index, (iri, graph) in enumerate(named_graphs):
        graph_name = pyoxigraph.NamedNode(iri)
        triples = _labelled_triples(graph)
        triples.sort(key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
        for s, p, o in triples:
            terms = []
            for term in (s, p, o):
                converted = to_oxigraph(term)
                if isinstance(converted, pyoxigraph.BlankNode):
                    # the same content in two graphs gives the same label: keep them apart per graph
                    owner = seen_labels.setdefault(converted.value, iri)
                    if owner != iri:
                        converted = pyoxigraph.BlankNode(f"{converted.value}g{index}")
                terms.append(converted)
            quads.append(pyoxigraph.Quad(terms[0], terms[1], terms[2], graph_name))  # type: ignore[arg-type]
    used = {prefix: namespace for prefix, namespace in (prefixes or ()) if prefix and prefix != "xml"}
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=used).decode("utf-8")
    # pyoxigraph writes the @prefix lines in hash-map order (it varies per process): sort them.
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("@prefix "):
        count += 1
    return "".join(sorted(lines[:count])) + "".join(lines[count:])
