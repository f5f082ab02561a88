"""The VoID + DCAT description of the dataset and its distributions (``dist/void.ttl``).

Vocabularies: VoID (https://www.w3.org/TR/void/), DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/), SPDX checksums
as DCAT recommends (section 6.8.9). Dataset IRI ``https://w3id.org/missiegedreven/dataset``; each distribution
``…/dataset/distribution/{format}`` with ``dcat:downloadURL`` ``https://w3id.org/missiegedreven/{file}``.

The description is **not** part of ``mgo.ttl``: it holds the size and SHA-256 of ``mgo.ttl``, and a file
cannot contain its own checksum. It is written to ``void.ttl`` and is the graph ``…/graph/void`` of
``mgo.trig``; in that copy the TriG distribution has no size and checksum (for the same reason);
``void.ttl`` has all of them.
No dates are stamped (a build date would make two builds differ); ``dct:modified`` is copied from the
ontology header when it has one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, BNode, Literal, Namespace, URIRef
from rdflib.namespace import OWL, XSD

from mgo.rdf.convert import new_graph
from mgo.rdf.narrow import sorted_terms, term
from mgo.terms import BASE, DATASET_IRI, DCAT, DCT, ONTOLOGY_IRI, SPDX, VOID

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of the dataset."""

    file: str  # name in dist/ and below BASE
    slug: str  # last segment of the distribution IRI
    title: str
    media_type: str
    conforms_to: tuple[str, ...]
    #: a full dump of the publication (void:dataDump); the shapes, mappings, context and reports are parts
    dump: bool = False

    @property
    def iri(self) -> str:
        return f"{DATASET_IRI}/distribution/{self.slug}"

    @property
    def download_url(self) -> str:
        return BASE + self.file


TURTLE, SHACL, JSONLD = "http://www.w3.org/TR/turtle/", "http://www.w3.org/TR/shacl/", "http://www.w3.org/TR/json-ld11/"
SSSOM_TSV = "https://mapping-commons.github.io/sssom/spec-formats-tsv/"
SSSOM_RDF = "https://mapping-commons.github.io/sssom/spec-formats-rdf/"

#: Every file the build writes to dist/ (a test compares this table with the folder): void.ttl lists them all.
DISTRIBUTIONS = (
    Distribution("mgo.ttl", "turtle", "Turtle", "text/turtle", (TURTLE,), dump=True),
    Distribution(
        "mgo.nt", "n-triples", "N-Triples", "application/n-triples", ("http://www.w3.org/TR/n-triples/",), dump=True
    ),
    Distribution(
        "mgo.rdf", "rdf-xml", "RDF/XML", "application/rdf+xml", ("http://www.w3.org/TR/rdf-syntax-grammar/",), dump=True
    ),
    Distribution("mgo.jsonld", "json-ld", "JSON-LD", "application/ld+json", (JSONLD,), dump=True),
    Distribution(
        "mgo.trig",
        "trig",
        "TriG (one named graph per layer)",
        "application/trig",
        ("http://www.w3.org/TR/trig/",),
        dump=True,
    ),
    Distribution("shapes.ttl", "shapes", "SHACL shapes (Turtle)", "text/turtle", (TURTLE, SHACL)),
    Distribution("context.jsonld", "context", "JSON-LD context of mgo.jsonld", "application/ld+json", (JSONLD,)),
    Distribution("mappings.ttl", "mappings-turtle", "Mappings, SSSOM/RDF (Turtle)", "text/turtle", (TURTLE, SSSOM_RDF)),
    Distribution(
        "mappings.jsonld",
        "mappings-json-ld",
        "Mappings, SSSOM/RDF (JSON-LD)",
        "application/ld+json",
        (JSONLD, SSSOM_RDF),
    ),
    Distribution(
        "mappings.sssom.tsv", "mappings-sssom-tsv", "Mappings, SSSOM/TSV", "text/tab-separated-values", (SSSOM_TSV,)
    ),
    Distribution(
        "validation-report.ttl",
        "validation-report",
        "SHACL validation report (warnings and infos)",
        "text/turtle",
        (TURTLE, SHACL),
    ),
    # this description itself: listed, without its own size and checksum (a file cannot hold its own hash)
    Distribution("void.ttl", "void", "VoID and DCAT description of the dataset", "text/turtle", (TURTLE,)),
)
SELF = "void.ttl"

_LICENSE_PROPERTIES = (DCT + "license", "http://creativecommons.org/ns#license", "https://schema.org/license")


def distribution(file: str) -> Distribution:
    return next(d for d in DISTRIBUTIONS if d.file == file)


def describe_dataset(
    publication: Graph, files: dict[str, bytes], *, version: str, omit_checksum_of: str | None = None
) -> Graph:
    """The VoID/DCAT graph for ``publication`` (the content of mgo.ttl) and the serialised ``files``.

    ``omit_checksum_of``: a file whose size and checksum are left out (the TriG that will carry this graph).
    """

    dcat, void, spdx, dct = Namespace(DCAT), Namespace(VOID), Namespace(SPDX), Namespace(DCT)
    graph = new_graph()
    for prefix, namespace in (("dcat", DCAT), ("void", VOID), ("spdx", SPDX), ("dct", DCT)):
        graph.bind(prefix, namespace)
    dataset = URIRef(DATASET_IRI)
    ontology = URIRef(ONTOLOGY_IRI)
    graph.add((dataset, RDF.type, dcat["Dataset"]))
    graph.add((dataset, RDF.type, void["Dataset"]))
    for source_property in ("title", "description", "creator", "publisher", "modified"):
        for value in publication.objects(ontology, URIRef(DCT + source_property)):
            graph.add((dataset, dct[source_property], value))
    licenses = sorted_terms({o for p in _LICENSE_PROPERTIES for o in publication.objects(ontology, URIRef(p))})
    for licence in licenses:
        graph.add((dataset, dct["license"], licence))
    graph.add((dataset, dcat["version"], Literal(version)))
    graph.add((dataset, OWL.versionInfo, Literal(version)))
    graph.add((dataset, void["uriSpace"], Literal(BASE)))
    graph.add((dataset, void["rootResource"], ontology))

    # statistics (VoID section 4)
    classes: Counter[URIRef] = Counter()
    properties: Counter[Identifier] = Counter()
    for _, p, o in publication:
        properties[term(p)] += 1
        if p == RDF.type and isinstance(o, URIRef):
            classes[o] += 1
    subjects = set(publication.subjects())
    graph.add((dataset, void["triples"], Literal(len(publication))))
    graph.add((dataset, void["entities"], Literal(sum(1 for s in subjects if isinstance(s, URIRef)))))
    graph.add((dataset, void["classes"], Literal(len(classes))))
    graph.add((dataset, void["properties"], Literal(len(properties))))
    graph.add((dataset, void["distinctSubjects"], Literal(len(subjects))))
    graph.add((dataset, void["distinctObjects"], Literal(len(set(publication.objects())))))
    for cls, count in sorted(classes.items()):
        part = BNode()
        graph.add((dataset, void["classPartition"], part))
        graph.add((part, void["class"], cls))
        graph.add((part, void["entities"], Literal(count)))
    for prop, count in sorted(properties.items()):
        part = BNode()
        graph.add((dataset, void["propertyPartition"], part))
        graph.add((part, void["property"], prop))
        graph.add((part, void["triples"], Literal(count)))
    vocabularies = sorted({_namespace(str(p)) for p in properties} | {_namespace(str(c)) for c in classes})
    for namespace in vocabularies:
        graph.add((dataset, void["vocabulary"], URIRef(namespace)))

    for each in DISTRIBUTIONS:
        if each.file not in files and each.file != SELF:
            continue
        node = URIRef(each.iri)
        graph.add((dataset, dcat["distribution"], node))
        if each.dump:
            graph.add((dataset, void["dataDump"], URIRef(each.download_url)))
        graph.add((node, RDF.type, dcat["Distribution"]))
        graph.add((node, dct["title"], Literal(each.title, lang="en")))
        graph.add((node, dcat["downloadURL"], URIRef(each.download_url)))
        graph.add((node, dcat["accessURL"], URIRef(each.download_url)))
        graph.add((node, dcat["mediaType"], URIRef(IANA + each.media_type)))
        for spec in each.conforms_to:
            graph.add((node, dct["conformsTo"], URIRef(spec)))
        for licence in licenses:
            graph.add((node, dct["license"], licence))
        if each.file == omit_checksum_of or each.file not in files or each.file == SELF:
            continue
        data = files[each.file]
        graph.add((node, dcat["byteSize"], Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        graph.add((node, spdx["checksum"], checksum))
        graph.add((checksum, RDF.type, spdx["Checksum"]))
        graph.add((checksum, spdx["algorithm"], spdx["checksumAlgorithm_sha256"]))
        graph.add(
            (
                checksum,
                spdx["checksumValue"],
                Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary),
            )
        )
    return graph


def _namespace(iri: str) -> str:
    for mark in ("#", "/"):
        index = iri.rfind(mark)
        if index >= 0:
            return iri[: index + 1]
    return iri
