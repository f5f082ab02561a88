"""Deterministic serialisations: the same graph always gives the same bytes (STYLE.md, habit 5).

rdflib's serializers follow the order of the store (insertion order), pick blank-node labels at random and
name unbound namespaces ``ns1``, ``ns2`` … in the order they meet them. :func:`canonical` removes all three:

* blank nodes are relabelled by W3C RDFC-1.0 (:func:`rdfc_triples`, pyoxigraph; cycles included), so a label
  depends only on the graph, never on the parse or ``PYTHONHASHSEED``;
* triples are inserted into a fresh graph in sorted N-Triples order, so insertion order is sorted order;
* every predicate, class and datatype namespace gets its prefix in sorted order before serialising.

On top of that each format is written in its canonical form: ``longturtle`` (sorted, blank nodes inlined)
for Turtle; N-Triples as sorted lines; TriG written by pyoxigraph from sorted quads, graphs in layer order
(rdflib's TriG serializer orders graphs by its store). ``tests/test_serialize.py`` checks two
builds byte for byte, also across ``PYTHONHASHSEED`` values, and that every format parses back isomorphic.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.plugins.serializers.longturtle import _GEN_QNAME_FOR_DT, LongTurtleSerializer
from rdflib.plugins.serializers.rdfxml import XMLSerializer

from mgo.rdf.convert import new_graph, to_oxigraph, to_rdflib
from mgo.rdf.lexical import turtle_shorthand

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node


def rdfc_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with W3C RDFC-1.0 blank-node labels (https://www.w3.org/TR/rdf-canon/).

    pyoxigraph's ``Dataset.canonicalize`` (the W3C Recommendation, cycles included) replaces the home-made
    content hashing and rdflib's RGDA1 fallback. Only the triples with a blank node are canonicalised: a
    triple without one cannot change a label (RDFC-1.0 section 4.6). Labels are ``c14nN``, made ``bc14nN`` so
    that they stay valid and distinct from any label the sources use.
    """

    triples = list(graph)
    blank = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    if not blank:
        return triples
    ground = [t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))]
    dataset = pyoxigraph.Dataset(quads_of_triples(blank))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)

    def back(term: object) -> Node:
        if isinstance(term, pyoxigraph.BlankNode):
            return BNode("b" + term.value)
        return to_rdflib(term)

    return ground + [(back(q.subject), back(q.predicate), back(q.object)) for q in dataset]


def quads_of_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[pyoxigraph.Quad]:

    default = pyoxigraph.DefaultGraph()
    return [pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), default) for s, p, o in triples]


def canonical(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> Graph:
    """A copy of ``graph`` with RDFC-1.0 blank-node labels, sorted insertion and stable prefixes."""

    triples = rdfc_triples(graph)
    triples.sort(key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    copy = new_graph(str(graph.identifier) if isinstance(graph.identifier, URIRef) else None)
    bindings = sorted(prefixes if prefixes is not None else graph.namespaces())
    for prefix, namespace in bindings:
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        copy.add(triple)
    # Namespaces rdflib would otherwise invent (ns1, ns2 …) while writing, in an order of its choosing.
    names = {p for _, p, _ in triples if isinstance(p, URIRef)}  # a predicate is always an IRI (RDF 1.1, 3.1)
    names |= {o for _, p, o in triples if p == RDF.type and isinstance(o, URIRef)}
    names |= {o.datatype for _, _, o in triples if isinstance(o, Literal) and o.datatype is not None}
    for iri in sorted(names):
        with contextlib.suppress(ValueError):  # an IRI that cannot be a QName is written in full
            copy.namespace_manager.compute_qname_strict(str(iri))
    # a marker that _canonical_once reads (getattr): rdflib's Graph declares no such attribute
    copy.canonical = True  # type: ignore[attr-defined]
    return copy


def _canonical_once(graph: Graph, prefixes: Iterable[tuple[str, str]] | None) -> Graph:
    """``graph`` itself when it came from :func:`canonical` (and no other prefixes are asked), else a copy."""
    if getattr(graph, "canonical", False) and prefixes is None:
        return graph
    return canonical(graph, prefixes=prefixes)


def canonical_turtle(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """rdflib ``longturtle`` of :func:`canonical` (sorted; blank nodes inlined where possible), every literal
    written with its exact lexical form (:class:`_LexicalLongTurtle`)."""
    stream = io.BytesIO()
    _lexical_longturtle()(_canonical_once(graph, prefixes)).serialize(stream, encoding="utf-8")
    text = stream.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def _lexical_longturtle() -> type:
    """rdflib's ``longturtle`` writer, except that a number or boolean is written bare only when the bare text
    is its lexical form.

    rdflib writes every ``xsd:double`` bare in its own notation (``"4.0E-1"`` and ``"0.4"`` both as ``4e-01``),
    which a lexical-preserving reader (Jena, Oxigraph) reads as the term ``"4e-01"^^xsd:double``: another
    term than the N-Triples and JSON-LD of the same graph hold (#11). Here the literal is written bare when
    Turtle's shorthand reads back the same text (``4.0E-1``, ``1``, ``true``), else quoted with its datatype.
    """

    class _LexicalLongTurtle(LongTurtleSerializer):
        def label(self, node: Node, position: object) -> str:
            if isinstance(node, Literal) and node.datatype is not None and node.language is None:
                if turtle_shorthand(str(node), str(node.datatype)):
                    return str(node)
                return node._literal_n3(
                    use_plain=False, qname_callback=lambda dt: self.get_pname(dt, _GEN_QNAME_FOR_DT)
                )
            return str(super().label(node, position))

    return _LexicalLongTurtle


def fast_turtle(graph: Graph, *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """Turtle written by pyoxigraph from the sorted N-Triples of :func:`canonical`: ~40x faster than longturtle.

    Used for ``dist/mgo.ttl``, where rdflib's writer was a third of the build. The output is deterministic:
    the triples come in sorted order (pyoxigraph groups consecutive triples of a subject with ``;`` and
    ``,``), the prefix lines (written in hash-map order) are sorted, and a blank line separates subjects.
    Blank nodes keep their canonical labels instead of being inlined.
    """

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

    def __contains__(self, triple: tuple[Node | None, Node | None, Node | None]) -> bool:
        return triple in self._graph


def rdfxml(graph: Graph) -> str:
    """RDF/XML (rdflib's plain writer: one ``rdf:Description`` per subject, subjects sorted)."""

    stream = io.BytesIO()
    # _SortedSubjects stands in for the Graph the serializer asks for (it forwards every other attribute)
    XMLSerializer(_SortedSubjects(_canonical_once(graph, None))).serialize(stream, encoding="utf-8")  # type: ignore[arg-type]
    return stream.getvalue().decode("utf-8")


def _labelled_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with RDFC-1.0 blank-node labels (no copy into a new rdflib graph)."""
    return rdfc_triples(graph)


def trig(named_graphs: list[tuple[str, Graph]], *, prefixes: Iterable[tuple[str, str]] | None = None) -> str:
    """TriG: one block per named graph, in the given order; in each, triples sorted, blank nodes labelled
    from their content (labels are unique across the whole document: TriG labels are document-wide).

    Written by pyoxigraph (rdflib's TriG writer orders graphs by its store; running ``longturtle`` once per
    graph cost ~0.3 s on the publication, pyoxigraph takes milliseconds). Empty graphs are left out.
    """

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
            quads.append(pyoxigraph.Quad(terms[0], terms[1], terms[2], graph_name))
    used = {prefix: namespace for prefix, namespace in (prefixes or ()) if prefix and prefix != "xml"}
    # `or b""`: pyoxigraph.serialize returns None only when it writes to an output, never here
    text = (pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=used) or b"").decode("utf-8")
    # pyoxigraph writes the @prefix lines in hash-map order (it varies per process): sort them.
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("@prefix "):
        count += 1
    return "".join(sorted(lines[:count])) + "".join(lines[count:])
