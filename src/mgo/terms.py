"""Every IRI and namespace of mgo, once, as plain strings.

The publication's own IRIs follow the pattern of ``ontology/README.md`` (``https://w3id.org/missiegedreven/…``);
the vocabularies it uses are the W3C and community namespaces named here. Plain strings (no rdflib import), so
any module may import this one without slowing ``mgo --help``; wrap them (``URIRef(SKOS + "Concept")``,
``pyoxigraph.NamedNode(...)``) where a term object is needed. Like pySHACL's ``consts.py``.
"""

from __future__ import annotations

# -- the publication's own IRIs (published, never changed once released) ------------------------------------
BASE = "https://w3id.org/missiegedreven/"
MGO = BASE + "def/"  #: the ontology namespace (classes and properties)
ONTOLOGY_IRI = BASE + "def"  #: the owl:Ontology header
GRAPH_BASE = BASE + "graph/"  #: named graphs, one per layer: graph/{layer}
VOID_GRAPH = GRAPH_BASE + "void"  #: the VoID/DCAT description inside mgo.trig
SHAPES_GRAPH = GRAPH_BASE + "shapes"
DATASET_IRI = BASE + "dataset"  #: the dcat:Dataset / void:Dataset
CONTEXT_IRI = BASE + "context.jsonld"  #: the published JSON-LD context
SHAPES_NS = BASE + "shapes/"  #: SHACL shapes of the publication (stable IDs)
PROFILE_SHAPES_NS = SHAPES_NS + "profile/"  #: shapes of the environment profile
MAPPING_SET_BASE = BASE + "mappings/"  #: SSSOM mapping sets
RELEASE_BASE = BASE + "release/"  #: release records
TOOL_IRI = BASE  #: the tool as named in SARIF and reports

# -- vocabularies ---------------------------------------------------------------------------------------------
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
CITO = "http://purl.org/spar/cito/"
SPDX = "http://spdx.org/rdf/terms#"
VANN = "http://purl.org/vocab/vann/"
SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"

#: Prefixes the build binds for namespaces that derived triples use without any source declaring them
#: (else rdflib invents ns1, ns2 …); see :func:`mgo.pipeline.build._prefixes`.
WELL_KNOWN_PREFIXES: dict[str, str] = {
    "cito": CITO,
    "dcat": DCAT,
    "dct": DCT,
    "foaf": FOAF,
    "oa": OA,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "spdx": SPDX,
    "vann": VANN,
    "void": VOID,
    "xsd": XSD,
}

#: The languages of the publication: Dutch is the source, English the translation.
LANGUAGES = ("nl", "en")
