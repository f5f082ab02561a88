"""The dereferenceable documents of the publication, all computed once at startup.

Every subject IRI under ``https://w3id.org/missiegedreven/`` is a *resource* served under its own path
(the base stripped: ``/concept/living-lab``); ``ontology/README.md`` fixes the pattern: the resource answers
``303 See Other`` to a *document* ``/concept/living-lab.{ttl,jsonld,nt,rdf,html}``.

A document describes one resource (https://www.w3.org/submissions/CBD/, Concise Bounded Description): every
triple with the resource as subject, in any graph of the publication, plus the triples of the blank nodes
they reach (recursively), plus the labels (``skos:prefLabel``, ``rdfs:label``) of the IRIs it links to, so
a client can show names without further requests. The HTML page (:mod:`mgo.htmlpage`) also shows what
links *to* the resource.

The publication is a few thousand triples, so every document in every format is rendered at startup into
``bytes``: answering a request is a dict lookup (the throughput target of ``mgo serve`` depends on it).
Turtle declares only the prefixes it uses; JSON-LD is pyoxigraph's expanded form (valid JSON-LD 1.1 that
needs no remote ``@context``; the compacted whole-publication form is ``/mgo.jsonld``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from mgo.project import BASE

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.embedded import Publication

SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LINKED_LABELS = (SKOS_PREF_LABEL, RDFS_LABEL)


@dataclass(frozen=True)
class DocFormat:
    """One document format: file extension, media type, and the pyoxigraph format (``None``: HTML)."""

    ext: str
    media_type: str
    name: str

    @property
    def content_type(self) -> str:
        # text/* defaults to US-ASCII without a charset (RFC 2046); the others are UTF-8 by definition
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


#: in the server's order of preference (ties in ``Accept`` go to the first): Turtle is the canonical form
DOC_FORMATS: tuple[DocFormat, ...] = (
    DocFormat("ttl", "text/turtle", "Turtle"),
    DocFormat("jsonld", "application/ld+json", "JSON-LD"),
    DocFormat("nt", "application/n-triples", "N-Triples"),
    DocFormat("rdf", "application/rdf+xml", "RDF/XML"),
    DocFormat("html", "text/html", "HTML"),
)
BY_EXT = {f.ext: f for f in DOC_FORMATS}
#: media types some clients send for the same documents; chosen only when nothing canonical scores higher
ALIASES = {
    "application/x-turtle": "ttl",
    "application/json": "jsonld",
    "application/xml": "rdf",
    "text/xml": "rdf",
    "application/xhtml+xml": "html",
}
OFFERS: tuple[str, ...] = (*(f.media_type for f in DOC_FORMATS), *ALIASES)
EXT_OF_OFFER = {f.media_type: f.ext for f in DOC_FORMATS} | ALIASES

_GENERATED_PREFIX = re.compile(r"^ns\d+$")


@dataclass
class Resource:
    """A dereferenceable resource: its IRI, local path and every document, rendered."""

    iri: str
    path: str
    documents: dict[str, bytes] = field(default_factory=dict)
    #: the ``Link`` header value listing every document of the resource
    link: str = ""

    def document_path(self, ext: str) -> str:
        return f"{self.path}.{ext}"


def local_path(iri: str) -> str:
    """``/concept/living-lab`` for ``https://w3id.org/missiegedreven/concept/living-lab``."""
    return iri[len(BASE) - 1 :]


def url_path(path: str) -> str:
    """``path`` as it may appear in a header or a link: non-ASCII and unsafe characters percent-encoded."""
    return quote(path, safe="/:@!$&'()*+,;=-._~%")


def link_header(resource_path: str) -> str:
    """``Link`` to every document of a resource (RFC 8288), one ``rel="alternate"`` per format."""
    target = url_path(resource_path)
    return ", ".join(f'<{target}.{f.ext}>; rel="alternate"; type="{f.media_type}"' for f in DOC_FORMATS)


class TripleIndex:
    """The statements of the publication by subject and by object, exactly as parsed from the files.

    Not the store: Oxigraph keeps numbers by value (:class:`mgo.embedded.Publication`), and a document must
    show ``"5"^^xsd:nonNegativeInteger`` as the publication says it. Each triple is kept once, whichever
    graphs state it, in the order the files give them.
    """

    def __init__(self, triples: Iterable[pyoxigraph.Triple]) -> None:
        self.by_subject: dict[object, list[pyoxigraph.Triple]] = {}
        self.by_object: dict[object, list[pyoxigraph.Triple]] = {}
        seen: set[pyoxigraph.Triple] = set()
        for triple in triples:
            if triple in seen:
                continue
            seen.add(triple)
            self.by_subject.setdefault(triple.subject, []).append(triple)
            self.by_object.setdefault(triple.object, []).append(triple)

    @classmethod
    def from_publication(cls, publication: Publication) -> TripleIndex:
        return cls([*(q.triple for q in publication.quads), *publication.published])

    def about(self, subject: object) -> list[pyoxigraph.Triple]:
        return self.by_subject.get(subject, [])

    def objects(self, subject: object, predicate: str) -> list:
        return [t.object for t in self.about(subject) if t.predicate.value == predicate]

    def referencing(self, target: object) -> list[pyoxigraph.Triple]:
        return self.by_object.get(target, [])


def subjects(index: TripleIndex) -> list[str]:
    """Every IRI under the base that is the subject of a triple in any graph, sorted."""
    import pyoxigraph

    return sorted(
        node.value
        for node in index.by_subject
        if isinstance(node, pyoxigraph.NamedNode) and node.value.startswith(BASE) and len(node.value) > len(BASE)
    )


def description(index: TripleIndex, iri: str) -> list[pyoxigraph.Triple]:
    """The CBD of ``iri`` over all graphs, plus the labels of the IRIs it links to; deterministic order."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    own: set[pyoxigraph.Triple] = set()
    pending: list[object] = [node]
    seen_bnodes: set[pyoxigraph.BlankNode] = set()
    while pending:
        for triple in index.about(pending.pop()):
            own.add(triple)
            if isinstance(triple.object, pyoxigraph.BlankNode) and triple.object not in seen_bnodes:
                seen_bnodes.add(triple.object)
                pending.append(triple.object)
    linked = {t.object for t in own if isinstance(t.object, pyoxigraph.NamedNode) and t.object != node}
    labels = {
        triple
        for target in linked
        for triple in index.about(target)
        if triple.predicate.value in LINKED_LABELS and triple not in own
    }
    return _ordered(own, node) + sorted(labels, key=str)


def _ordered(triples: Iterable[pyoxigraph.Triple], first: pyoxigraph.NamedNode) -> list[pyoxigraph.Triple]:
    """The resource's own triples first, then blank nodes; sorted within each (stable output)."""
    return sorted(triples, key=lambda t: (t.subject != first, str(t.subject), str(t.predicate), str(t.object)))


def used_prefixes(triples: Iterable[pyoxigraph.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The subset of ``prefixes`` whose namespace some IRI of ``triples`` starts with."""
    import pyoxigraph

    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, pyoxigraph.NamedNode):
                iris.add(term.value)
            elif isinstance(term, pyoxigraph.Literal):
                iris.add(term.datatype.value)
    return {
        prefix: namespace
        for prefix, namespace in sorted(prefixes.items())
        if not _GENERATED_PREFIX.match(prefix) and any(iri.startswith(namespace) for iri in iris)
    }


def serialize(triples: list[pyoxigraph.Triple], ext: str, prefixes: dict[str, str]) -> bytes:
    """The triples in the RDF format of ``ext`` (``ttl``, ``jsonld``, ``nt``, ``rdf``)."""
    import pyoxigraph

    formats = {
        "ttl": pyoxigraph.RdfFormat.TURTLE,
        "jsonld": pyoxigraph.RdfFormat.JSON_LD,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "rdf": pyoxigraph.RdfFormat.RDF_XML,
    }
    rdf_format = formats[ext]
    if rdf_format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML):
        return pyoxigraph.serialize(triples, format=rdf_format, prefixes=used_prefixes(triples, prefixes))
    return pyoxigraph.serialize(triples, format=rdf_format)


def build_documents(publication: Publication) -> dict[str, Resource]:
    """Every resource of the publication, keyed by its local path, with all documents rendered."""
    from mgo.htmlpage import PageContext, render_page

    index = TripleIndex.from_publication(publication)
    context = PageContext.from_publication(publication, index)
    resources: dict[str, Resource] = {}
    for iri in subjects(index):
        path = local_path(iri)
        triples = description(index, iri)
        resource = Resource(iri=iri, path=path, link=link_header(path))
        for doc_format in DOC_FORMATS:
            if doc_format.ext == "html":
                resource.documents["html"] = render_page(context, iri).encode("utf-8")
            else:
                resource.documents[doc_format.ext] = serialize(triples, doc_format.ext, publication.prefixes)
        resources[path] = resource
    return resources
