"""NL-SBB over the mappings layer: the graph the mappings are validated in, and the validation.

Moved out of :mod:`mgo.mappings` so that the SSSOM reader (a pipeline module, read by :mod:`mgo.parse`) does
not import the validation (which imports the parser): that import closed the six-module cycle
project ⇄ mappings ⇄ parse ⇄ validate. This is a quality module (target: ``quality/profiles.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgo.convert import new_graph
from mgo.mappings import MAPPING_PREDICATES, OWL, SKOS, SSSOM
from mgo.validate import NL_SBB, _load_profile, external_dir, validate_graph

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.validate import Report


# --- NL-SBB --------------------------------------------------------------------------------------------

#: NL-SBB rules that cannot hold for a stub of an external concept: a definition (we do not copy it), and the
#: node-level rules about its place in its own scheme (orphan, top concept, notations, labels in the scheme)
STUB_EXEMPT_SHAPES = (
    "http://nlbegrip.nl/def/skosapnl#Concept-definition",
    "http://nlbegrip.nl/def/skosapnl#Concept",
)


def nl_sbb_graph(mappings: Graph, core: Graph) -> tuple[Graph, set[str]]:
    """The graph in which the mappings are validated against NL-SBB, and the IRIs of the external stubs.

    NL-SBB's ``SemanticRelations`` rule wants both ends of every ``skos:*Match`` typed ``skos:Concept``. The
    graph holds the mappings layer; the full description in ``core`` (the publication without mappings) of
    each of our mapped concepts, with the types of what that description refers to; and, *in this graph
    only*, every external target typed ``skos:Concept`` with the label seen in its vocabulary
    (``sssom:object_label``) as ``skos:prefLabel``. Nothing of this is published. The rest of ``core`` is
    left out: the core is validated on its own, and NL-SBB's per-node SPARQL rules make every extra
    concept cost time.
    """
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF as RDF_NS
    from rdflib.namespace import SKOS as SKOS_NS

    graph = new_graph()
    graph += mappings
    ours = {s for p in MAPPING_PREDICATES for s in mappings.subjects(_skos(p), None)}
    for concept in ours:
        for predicate, value in core.predicate_objects(concept):
            graph.add((concept, predicate, value))
            kinds = set(core.objects(value, RDF_NS.type))
            if kinds & {SKOS_NS.Concept, SKOS_NS.ConceptScheme}:
                graph.add((value, RDF_NS.type, next(iter(sorted(kinds & {SKOS_NS.Concept, SKOS_NS.ConceptScheme})))))
            else:  # a source document or agent: NL-SBB checks what a dct:source has
                for p, o in core.predicate_objects(value):
                    graph.add((value, p, o))
    stubs: set[str] = set()
    for predicate in MAPPING_PREDICATES:
        for target in mappings.objects(None, _skos(predicate)):
            if (target, RDF_NS.type, SKOS_NS.Concept) not in core:
                stubs.add(str(target))
                graph.add((target, RDF_NS.type, SKOS_NS.Concept))
    target_of, label_of = URIRef(OWL + "annotatedTarget"), URIRef(SSSOM + "object_label")
    for record, target in mappings.subject_objects(target_of):
        if str(target) in stubs:
            for text in mappings.objects(record, label_of):
                graph.add((target, SKOS_NS.prefLabel, Literal(str(text), lang="en")))
    return graph, stubs


def validate_nl_sbb(root: Path, mappings: Graph, core: Graph) -> Report:
    """NL-SBB over :func:`nl_sbb_graph`: the results about the mappings' ends (our concepts and the stubs).

    NL-SBB requires a ``skos:definition`` of every concept (``skosapnl:Concept-definition``, severity
    Violation) and checks each concept's place in its scheme (``skosapnl:Concept``: orphans, top concepts,
    notations). The external concepts are defined and placed in their own vocabularies, which we do not
    copy, so those two shapes are not applied to a stub (:data:`STUB_EXEMPT_SHAPES`); every other result
    about a stub (its type, its mapping properties) or about a mapped concept of ours counts.
    Raises :class:`mgo.errors.MissingFileError` when the profile is not on this machine.
    """
    graph, stubs = nl_sbb_graph(mappings, core)
    report = validate_graph(graph, _load_profile(external_dir(root) / NL_SBB), title="NL-SBB (mappings)")
    ends = stubs | {str(s) for p in MAPPING_PREDICATES for s in mappings.subjects(_skos(p), None)}
    report.results = [
        result
        for result in report.results
        if result.focus_node in ends and not (result.focus_node in stubs and result.source_shape in STUB_EXEMPT_SHAPES)
    ]
    return report


def _skos(curie: str) -> Any:
    from rdflib import URIRef

    return URIRef(SKOS + curie.split(":", 1)[1])
