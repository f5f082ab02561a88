"""The IRIs the site reads, in one place (the namespaces are those of ``ontology/README.md``)."""

from __future__ import annotations

from mgo.terms import BASE, DCAT, DCT, FOAF, OA, ONTOLOGY_IRI, OWL, PROV, RDF, RDFS, SCHEMA, SH, SKOS, SSSOM  # noqa: F401  (re-exported)

CITO = "http://purl.org/spar/cito/"
MGO = ONTOLOGY_IRI + "/"

ENVIRONMENTS_SCHEME = BASE + "scheme/omgevingen"
MODEL = BASE + "bron/missiegedreven-omgevingen"
SELECTION = BASE + "selectie"
DATASET = BASE + "dataset"

#: properties that name a resource, in order of preference
LABEL_PROPERTIES = (
    SKOS + "prefLabel",
    RDFS + "label",
    DCT + "title",
    SCHEMA + "name",
    SH + "name",
)
#: the SKOS mapping properties (the mappings layer), in the order a reader expects them
MATCH_PROPERTIES = (
    SKOS + "exactMatch",
    SKOS + "closeMatch",
    SKOS + "broadMatch",
    SKOS + "narrowMatch",
    SKOS + "relatedMatch",
)
ONTOLOGY_TYPES = (
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
)
