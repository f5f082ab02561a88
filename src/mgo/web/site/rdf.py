"""A small read-only index of an RDF graph, made for the site generator.

Why not ask rdflib every time: the site reads a few thousand triples many hundreds of times per build, and
rdflib's lookups and parser (about 30x slower than pyoxigraph, ``shared/PERF-FACTS.md``) would eat most of the
one-second budget of ``mgo site``. The graph is loaded once (with pyoxigraph from a file, or copied from an
rdflib ``Graph`` the build already holds) into dicts of plain frozen values; every lookup after that is a dict
access, and every list it returns is sorted, so the pages come out the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from mgo.terms import RDF, XSD

if TYPE_CHECKING:
    from rdflib import Graph

RDF_TYPE = RDF + "type"
_PLAIN_DATATYPES = {XSD + "string", RDF + "langString"}


@dataclass(frozen=True, slots=True)
class Iri:
    value: str

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Blank:
    id: str

    def __str__(self) -> str:
        return "_:" + self.id


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal; ``lang`` and ``datatype`` are ``""`` when absent (``xsd:string`` is stored as ``""``)."""

    value: str
    lang: str = ""
    datatype: str = ""

    def __str__(self) -> str:
        return self.value


Node = Iri | Blank
Term = Iri | Blank | Lit
Triple = tuple[Node, str, Term]


def term_key(term: Term) -> tuple[int, str, str, str]:
    """A total order over terms (IRIs, then blank nodes, then literals) for deterministic output."""
    if isinstance(term, Iri):
        return (0, term.value, "", "")
    if isinstance(term, Blank):
        return (1, term.id, "", "")
    return (2, term.value, term.lang, term.datatype)


class Index:
    """Subject → predicate → objects, and the reverse, over one or more graphs."""

    def __init__(self, triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> None:
        out: dict[Node, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
        inc: dict[Term, dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
        count = 0
        for s, p, o in triples:
            if o not in out[s][p]:
                count += 1
            out[s][p].add(o)
            inc[o][p].add(s)
        self._out = {s: {p: sorted(os, key=term_key) for p, os in ps.items()} for s, ps in out.items()}
        self._in = {o: {p: sorted(ss, key=term_key) for p, ss in ps.items()} for o, ps in inc.items()}
        self.size = count
        #: prefix → namespace, as bound in the source file or graph (for the per-resource documents)
        self.prefixes: dict[str, str] = dict(prefixes or {})

    # -- reading -------------------------------------------------------------------------------------------
    def subjects(self) -> list[Node]:
        return sorted(self._out, key=term_key)

    def properties(self, s: Node) -> dict[str, list[Term]]:
        return self._out.get(s, {})

    def objects(self, s: Node, p: str) -> list[Term]:
        return self._out.get(s, {}).get(p, [])

    def iris(self, s: Node, p: str) -> list[Iri]:
        return [o for o in self.objects(s, p) if isinstance(o, Iri)]

    def nodes(self, s: Node, p: str) -> list[Node]:
        return [o for o in self.objects(s, p) if isinstance(o, Iri | Blank)]

    def literals(self, s: Node, p: str) -> list[Lit]:
        return [o for o in self.objects(s, p) if isinstance(o, Lit)]

    def value(self, s: Node, p: str) -> Term | None:
        found = self.objects(s, p)
        return found[0] if found else None

    def first_literal(self, s: Node, p: str) -> Lit | None:
        found = self.literals(s, p)
        return found[0] if found else None

    def subjects_of(self, p: str, o: Term) -> list[Node]:
        return self._in.get(o, {}).get(p, [])

    def incoming(self, o: Term) -> dict[str, list[Node]]:
        return self._in.get(o, {})

    def types(self, s: Node) -> list[Iri]:
        return self.iris(s, RDF_TYPE)

    def has_type(self, s: Node, cls: str) -> bool:
        return Iri(cls) in self.objects(s, RDF_TYPE)

    def instances(self, cls: str) -> list[Node]:
        return self.subjects_of(RDF_TYPE, Iri(cls))

    def triples(self) -> Iterator[Triple]:
        for s in self.subjects():
            for p in sorted(self._out[s]):
                for o in self._out[s][p]:
                    yield (s, p, o)


# -- loading -------------------------------------------------------------------------------------------------
def _from_oxigraph(term: Any) -> Term:

    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    datatype = term.datatype.value
    return Lit(term.value, term.language or "", "" if datatype in _PLAIN_DATATYPES else datatype)


def read_triples(source: Path | bytes, *, blank_prefix: str = "") -> tuple[list[Triple], dict[str, str]]:
    """The triples of an RDF file (format from its extension; every graph of a TriG file) or of Turtle
    ``bytes``, and the prefixes it declares."""

    if isinstance(source, bytes):
        fmt = ox.RdfFormat.TURTLE
        parser = ox.parse(source, format=fmt)
    else:
        fmt = ox.RdfFormat.from_extension(source.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        parser = ox.parse(path=str(source), format=fmt)
    triples: list[Triple] = []
    for quad in parser:
        s = _from_oxigraph(quad.subject)
        if isinstance(s, Blank) and blank_prefix:
            s = Blank(blank_prefix + s.id)
        o = _from_oxigraph(quad.object)
        if isinstance(o, Blank) and blank_prefix:
            o = Blank(blank_prefix + o.id)
        triples.append((s, quad.predicate.value, o))  # type: ignore[arg-type]
    prefixes = dict(parser.prefixes) if fmt != ox.RdfFormat.N_TRIPLES else {}
    return triples, prefixes


def from_oxigraph(triples: Iterable[Any]) -> list[Triple]:
    """pyoxigraph triples (the :class:`~mgo.pipeline.publication.Publication`'s) as plain values."""
    return [(_from_oxigraph(t.subject), t.predicate.value, _from_oxigraph(t.object)) for t in triples]  # type: ignore[misc]


def from_rdflib(graph: Graph) -> tuple[list[Triple], dict[str, str]]:
    """The triples of an rdflib graph (or dataset: every graph) as plain values, and its bound prefixes."""

    def convert(term: Any) -> Term:
        if isinstance(term, URIRef):
            return Iri(str(term))
        if isinstance(term, BNode):
            return Blank(str(term))
        if isinstance(term, Literal):
            datatype = str(term.datatype) if term.datatype is not None else ""
            return Lit(str(term), term.language or "", "" if datatype in _PLAIN_DATATYPES else datatype)
        raise TypeError(f"unexpected RDF term {term!r}")

    triples = [(convert(s), str(p), convert(o)) for s, p, o in graph]
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    return triples, prefixes  # type: ignore[return-value]


def layer_statements(trig: bytes, graphs: Iterable[str]) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of the statements in the named ``graphs`` of a TriG document, as strings.

    Why: ``mgo.nt`` is the union of the layers, so it cannot say what is the source's and what the project
    added; ``mgo.trig`` keeps one named graph per layer. Blank-node labels differ between files, so statements
    about blank nodes are keyed by their predicate and object only (subject ``""``).
    """

    wanted = set(graphs)
    found: set[tuple[str, str, str]] = set()
    for quad in ox.parse(trig, format=ox.RdfFormat.TRIG):
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or graph.value not in wanted:
            continue
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        found.add((subject, quad.predicate.value, quad.object.value))
    return found
