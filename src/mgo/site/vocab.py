"""The IRIs the site reads, in one place (the namespaces are those of ``ontology/README.md``)."""

from __future__ import annotations

from mgo.project import BASE, ONTOLOGY_IRI

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
SH = "http://www.w3.org/ns/shacl#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FOAF = "http://xmlns.com/foaf/0.1/"
CITO = "http://purl.org/spar/cito/"
DCAT = "http://www.w3.org/ns/dcat#"
SSSOM = "https://w3id.org/sssom/"
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
