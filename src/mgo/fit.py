"""How well a described environment fits each of the eight definitions, and the model it is compared with.

**The score** (also in ``docs/DESCRIBE.md``). Let *E* be the facet values an environment names — its
``mgo:involves`` values and the ``org:classification`` of its partners (``schema:member``), each with the
values it is narrower than (``skos:broader``, transitively; the facets are flat today, so this adds nothing
yet) — and *D* the values the definition of a variant names (``mgo:names``, one row each in
``data/annotations.tsv``). The score is the Jaccard index

    score = |E & D| / |E | D|   (shared values / values in either)

between 0 (nothing shared) and 1 (the same values). Jaccard, not the shared count, because the definitions
name very different numbers of values (Community of Practice 1, Hybride leeromgeving 36): a count favours the
longest definition, Jaccard asks how much of both sets the overlap covers. Ties are broken by the larger
overlap, then by the variant's number in the text (``skos:notation``). The shared values are listed with
every score, so it explains itself.

**The model** (:class:`Model`) is read once from the publication (ontology + data + additions + derived): the
allowed values of the profile's columns, the definitions' values, labels, the class hierarchy, and the
*vocabulary context* — the few triples SHACL needs beside a description (``skos:inScheme``, the types of the
schemes, ``rdfs:subClassOf``) so that ``sh:targetClass mgo:Environment`` finds an environment typed
``concept/living-lab``. The context holds no ``schema:name`` or ``mgo:involves`` subject, so the profile's
shapes see only the descriptions.

**Entailment at scale.** owlrl is the ceiling past ~100k triples (``../shared/PERF-FACTS.md``); a catalogue
needs only ``rdf:type`` up the class hierarchy (and through the domains and ranges the vocabulary declares),
which :data:`TYPE_ENTAILMENT` computes as one SPARQL CONSTRUCT on pyoxigraph. ``tests/test_describe.py``
proves it gives the same types as owlrl on the examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from mgo.profile import (
    ENVIRONMENT_CLASS,
    ENVIRONMENTS,
    MGO,
    ORG,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    Codes,
    codes_from_graph,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.project import Project

CONTEXT_QUERY = f"""
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
CONSTRUCT {{ ?value skos:inScheme ?scheme . ?scheme a ?kind . ?class rdfs:subClassOf ?super . }}
WHERE {{
  {{ ?value skos:inScheme ?scheme . ?scheme a ?kind . }}
  UNION {{ ?class rdfs:subClassOf ?super . }}
}}
"""

#: The rdf:type entailments of OWL 2 RL (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules)
#: that concern a description: cax-sco (subclasses, with scm-sco for transitivity), scm-cls (every owl:Class
#: is a subclass of owl:Thing), prp-dom and prp-rng (through rdfs:subPropertyOf*, prp-spo1/scm-spo).
TYPE_ENTAILMENT = f"""
PREFIX owl: <{OWL}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
CONSTRUCT {{ ?x rdf:type ?class . }}
WHERE {{
  {{ ?x rdf:type ?given . ?given rdfs:subClassOf+ ?class . }}
  UNION {{ ?x rdf:type ?given . ?given rdfs:subClassOf* ?c . ?c rdf:type owl:Class .
          BIND(owl:Thing AS ?class) }}
  UNION {{ ?q rdfs:domain ?d . ?p rdfs:subPropertyOf* ?q . ?x ?p ?o . ?d rdfs:subClassOf* ?class . }}
  UNION {{ ?q rdfs:range ?r . ?p rdfs:subPropertyOf* ?q . ?s ?p ?x . ?r rdfs:subClassOf* ?class . }}
}}
"""

FACET_VALUES_QUERY = f"""
PREFIX mgo: <{MGO}>
PREFIX org: <{ORG}>
PREFIX schema: <{SCHEMA}>
SELECT ?env ?value WHERE {{
  {{ ?env mgo:involves ?value . }}
  UNION {{ ?env schema:member ?partner . ?partner org:classification ?value . }}
}}
"""


@dataclass(frozen=True)
class Fit:
    """The fit of one environment with one definition."""

    concept: str
    shared: tuple[str, ...]
    own: int
    defined: int

    @property
    def union(self) -> int:
        return self.own + self.defined - len(self.shared)

    @property
    def score(self) -> Fraction:
        """The Jaccard index: shared values / values in either (0 when both are empty)."""
        return Fraction(len(self.shared), self.union) if self.union else Fraction(0)


@dataclass
class Model:
    """What a description is checked and compared against, read from the publication."""

    graph: Graph
    codes: Codes
    definitions: dict[str, frozenset[str]]  # variant IRI -> the facet values its definition names
    labels: dict[str, dict[str, str]]  # IRI -> language -> skos:prefLabel
    notations: dict[str, str]
    broader: dict[str, frozenset[str]]  # facet value -> every value it is (transitively) narrower than
    superclasses: dict[str, frozenset[str]]  # class -> every superclass (transitively)
    facet_values: frozenset[str]
    context_nt: str = field(repr=False, default="")

    def label(self, iri: str, lang: str = "nl") -> str:
        texts = self.labels.get(iri, {})
        return texts.get(lang) or texts.get("nl") or texts.get("en") or iri

    def short(self, iri: str) -> str:
        """``activiteit/leren`` for a facet value, the label otherwise."""
        marker = "/missiegedreven/facet/"
        if marker in iri:
            return iri.split(marker, 1)[1]
        return self.label(iri)

    def concept_name(self, iri: str) -> str:
        notation = self.notations.get(iri)
        return f"{self.label(iri)} ({notation})" if notation else self.label(iri)

    def expand(self, values: set[str]) -> frozenset[str]:
        out = set(values)
        for value in values:
            wider = self.broader.get(value)
            if wider:
                out |= wider
        return frozenset(out & self.facet_values)

    def fits(self, values: set[str]) -> list[Fit]:
        """Every definition's fit with an environment naming ``values``, best first (see the module)."""
        own = self.expand(values)
        order = self.__dict__.get("_order")
        if order is None:
            order = self.__dict__["_order"] = {c: _notation_key(self.notations.get(c)) for c in self.definitions}
        ranked = []
        for concept, defined in self.definitions.items():
            shared = own & defined
            union = len(own) + len(defined) - len(shared)
            # Float division orders these small fractions exactly (distinct ones differ by at least
            # 1/(union1 * union2)); the Fraction is built only when asked for (Fit.score).
            score = len(shared) / union if union else 0.0
            ranked.append((-score, -len(shared), order[concept], concept, shared, len(defined)))
        ranked.sort()
        return [Fit(c, tuple(sorted(shared)), len(own), n) for _, _, _, c, shared, n in ranked]

    def types_up(self, classes: set[str]) -> frozenset[str]:
        out = set(classes)
        for cls in classes:
            out |= self.superclasses.get(cls, frozenset())
        return frozenset(out)


def _notation_key(notation: str | None) -> tuple[int, str]:
    if not notation:
        return (999, "")
    digits = "".join(c for c in notation if c.isdigit())
    return (int(digits) if digits else 999, notation)


def _closure(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = frozenset(seen)
    return result


def model_from_graph(graph: Graph) -> Model:
    """The :class:`Model` of a publication graph (ontology + data + additions + derived triples)."""
    from rdflib import Literal, URIRef

    from mgo.profile import ntriples

    mgo_names = URIRef(MGO + "names")
    definitions: dict[str, set[str]] = {}
    for concept, value in graph.subject_objects(mgo_names):
        definitions.setdefault(str(concept), set()).add(str(value))
    labels: dict[str, dict[str, str]] = {}
    for prop in (SKOS + "prefLabel", RDFS + "label"):  # skos:prefLabel first, rdfs:label where there is none
        found: dict[str, dict[str, str]] = {}
        for node, text in graph.subject_objects(URIRef(prop)):
            if isinstance(text, Literal) and text.language:
                current = found.setdefault(str(node), {})
                if text.language not in current or str(text) < current[text.language]:
                    current[text.language] = str(text)
        for node, texts in found.items():
            labels.setdefault(node, texts)
    notations = {
        str(s): str(o)
        for s, o in graph.subject_objects(URIRef(SKOS + "notation"))
        if (s, URIRef(SKOS + "inScheme"), URIRef(ENVIRONMENTS)) in graph
    }
    broader: dict[str, set[str]] = {}
    for narrower, wider in graph.subject_objects(URIRef(SKOS + "broader")):
        broader.setdefault(str(narrower), set()).add(str(wider))
    supers: dict[str, set[str]] = {}
    for sub, sup in graph.subject_objects(URIRef(RDFS + "subClassOf")):
        supers.setdefault(str(sub), set()).add(str(sup))
    facets = {str(s) for s in graph.subjects(URIRef(RDF + "type"), URIRef(MGO + "Facet"))}
    facet_values = frozenset(str(v) for v, s in graph.subject_objects(URIRef(SKOS + "inScheme")) if str(s) in facets)
    context = [(t[0].n3(), t[1].n3(), t[2].n3()) for t in graph.query(CONTEXT_QUERY)]  # type: ignore[union-attr]
    return Model(
        graph=graph,
        codes=codes_from_graph(graph),
        definitions={k: frozenset(v) for k, v in sorted(definitions.items())},
        labels=labels,
        notations=notations,
        broader=_closure(broader),
        superclasses=_closure(supers),
        facet_values=facet_values,
        context_nt=ntriples(sorted(context)),
    )


def load_model(project: Project) -> Model:
    """The model of the project's sources (parsed and derived as the build does; no ``dist/`` needed)."""
    from mgo.build import prepare

    return model_from_graph(prepare(project).publication())


def is_environment_class(model: Model, iri: str) -> bool:
    return ENVIRONMENT_CLASS in model.superclasses.get(iri, frozenset())
