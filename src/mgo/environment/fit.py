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
needs only ``rdf:type`` up the class hierarchy (and through the domains and ranges the vocabulary declares).
:meth:`Model.type_closure` computes it from the model alone (its hierarchy is small), per set of declared
classes; :data:`TYPE_ENTAILMENT` is the same as one SPARQL CONSTRUCT, for a store (``mgo catalogue
--query``). ``tests/test_describe.py`` and ``tests/test_catalogue.py`` prove both give owlrl's types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from mgo.config import Project, _is_mgo_root, find_root, project_from
from mgo.environment.profile import (
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
    _fold,
    codes_from_graph,
    ntriples,
)
from mgo.pipeline.publication import Publication

if TYPE_CHECKING:
    from rdflib import Graph

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
    #: concept -> (text, language) pairs its definition is known by (quote, perspective, domains, labels, source)
    documents: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    #: concept -> the labels (nl/en) of the fields its perspective is about (dct:subject of the perspective)
    perspective_about: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    #: facet value -> every label it is known by (prefLabel, altLabel, hiddenLabel; nl and en)
    value_labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    site: str = "https://w3id.org/missiegedreven/"

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

    # --- the fit from all the evidence ----------------------------------------------------------------

    def text_index(self) -> TextIndex:
        index = self.__dict__.get("_text_index")
        if index is None:
            stemmer = Stemmer()
            index = self.__dict__["_text_index"] = TextIndex.build(self.documents, stemmer)
        return index

    def values_in_text(self, stems: set[str]) -> set[str]:
        """The facet values whose label (or synonym) occurs, all its words stemmed, in a description's text."""
        table = self.__dict__.get("_value_stems")
        if table is None:
            stemmer = self.text_index().stemmer
            table = []
            for value in sorted(self.facet_values):
                for label, lang in self.value_labels.get(value, []):
                    label_stems = frozenset(stem for stem, _ in stemmer.stems(label, (lang,)))
                    if label_stems:
                        table.append((value, label_stems))
            self.__dict__["_value_stems"] = table
        return {value for value, label_stems in table if label_stems <= stems}

    def bases_of(self, concept: str) -> frozenset[str]:
        """The base concepts a variant is narrower than (skos:broader in the scheme of environments)."""
        return frozenset(c for c in self.superclasses.get(concept, frozenset()) if c in self.all_concepts())

    def all_concepts(self) -> frozenset[str]:
        found = self.__dict__.get("_concepts")
        if found is None:
            found = self.__dict__["_concepts"] = frozenset(c.iri for c in self.codes.values(ENVIRONMENTS))
        return found

    def rank(self, evidence: Evidence) -> list[Ranked]:
        """The variants ranked by all the evidence (see the section comment); ``[]`` when there is none."""
        scored = self.score_evidence(evidence)
        if scored is None:
            return []
        ranked = []
        for concept, total, scores, (t_words, shared, p_words) in scored.rows:
            parts = [
                self._text_part(concept, scores[0], t_words),
                self._facet_part(concept, scores[1], shared, set()),
            ]
            if scored.setting:
                parts.append(self._setting_part(concept, scores[2], p_words))
            if evidence.declared:
                parts.append(self._declared_part(concept, scores[-1], evidence))
            ranked.append(Ranked(concept, total, tuple(parts), concept in scored.declared))
        return ranked

    def ranking(self, evidence: Evidence) -> tuple[tuple[str, float], ...]:
        """(concept, score) best first, the same numbers as :meth:`rank` without the explanations.

        ``mgo catalogue`` scores 10^5 environments with this: building the explanations (plain-word texts in
        two languages for every part of every concept) costs more than the scores themselves.
        """
        scored = self.score_evidence(evidence)
        return () if scored is None else tuple((row[0], row[1]) for row in scored.rows)

    def score_evidence(self, evidence: Evidence) -> Scored | None:
        """The numbers behind :meth:`rank`: per concept (best first) its total, the parts' scores and the
        words and values each part shares; ``None`` when the description gives no evidence.

        The parts' scores are computed once here for both :meth:`rank` and :meth:`ranking`, so a catalogue
        and ``mgo describe`` give the same scores to the last bit (``tests/test_catalogue.py``).
        """
        index = self.text_index()
        query: list[tuple[str, str]] = []
        for passage, langs in evidence.texts:
            query.extend(index.stems_of(passage, langs))
        setting: list[tuple[str, str]] = []
        if evidence.scale:
            setting.extend(self._scale_stems(evidence.scale))
        if evidence.place:
            setting.extend(index.stems_of(evidence.place, ("nl", "en")))
        # The facet part counts only the values the description gives; words of its text that name a value
        # (a label or synonym) already count in the text part, where the definitions' documents hold the
        # labels and synonyms of the values they name: counting them twice would let one word weigh double.
        own = self.expand(evidence.values)
        query = index.split_compounds(query)
        text = index.score(query)
        place = index.score(setting)
        facets = {}
        for concept, defined in self.definitions.items():
            shared = own & defined if own else _NOTHING
            union = len(own) + len(defined) - len(shared)
            facets[concept] = (len(shared) / union if union else 0.0, shared)
        if not own and not any(v for v, _ in text.values()):
            return None
        declared = self._declared_concepts(frozenset(evidence.declared))
        top_text = max((v for v, _ in text.values()), default=0.0) or 1.0
        # a single shared value is weak evidence: the facet part grows with the number of values given
        top_facets = (max((v for v, _ in facets.values()), default=0.0) or 1.0) * (len(own) + 2) / max(len(own), 1)
        top_place = max((v for v, _ in place.values()), default=0.0) or 1.0
        order = self._concept_order()
        rows = []
        for concept in self.definitions:
            t_score, t_words = text[concept]
            f_score, shared = facets[concept]
            p_score, p_words = place[concept]
            scores = [WEIGHT_TEXT * t_score / top_text, WEIGHT_FACETS * f_score / top_facets]
            if setting:
                scores.append(WEIGHT_SETTING * p_score / top_place)
            if evidence.declared:
                scores.append(WEIGHT_DECLARED if concept in declared else 0.0)
            total = sum(scores)
            rows.append((-round(total, 9), order[concept], concept, tuple(scores), (t_words, shared, p_words)))
        rows.sort(key=lambda row: row[:3])
        return Scored([(c, -neg, scores, why) for neg, _, c, scores, why in rows], bool(setting), frozenset(declared))

    def _concept_order(self) -> dict[str, tuple[int, str]]:
        order = self.__dict__.get("_rank_order")
        if order is None:
            order = self.__dict__["_rank_order"] = {c: _notation_key(self.notations.get(c)) for c in self.definitions}
        return order

    def _declared_concepts(self, classes: frozenset[str]) -> frozenset[str]:
        """The variants a description declared, itself or through its base concept (cached per set)."""
        cache = self.__dict__.setdefault("_declared_cache", {})
        found = cache.get(classes)
        if found is None:
            found = cache[classes] = frozenset(
                concept
                for cls in classes
                for concept in self.definitions
                if concept == cls or cls in self.bases_of(concept)
            )
        return found

    def _scale_stems(self, scale: str) -> list[tuple[str, str]]:
        cache = self.__dict__.setdefault("_scale_cache", {})
        found = cache.get(scale)
        if found is None:
            stemmer = self.text_index().stemmer
            found = cache[scale] = [
                pair for label, lang in self.value_labels.get(scale, []) for pair in stemmer.stems(label, (lang,))
            ]
        return list(found)

    def _text_part(self, concept: str, score: float, shares: dict[str, float]) -> Part:
        top = [w for w, _ in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
        name_nl, name_en = self.label(concept, "nl"), self.label(concept, "en")
        about = self.perspective_about.get(concept, {})
        if top:
            nl = f"deelt met {name_nl}: {', '.join(top)}"
            en = f"shares with {name_en}: {', '.join(top)}"
        else:
            nl = f"uw tekst deelt geen woorden met de definitie van {name_nl}"
            en = f"your text shares no words with the definition of {name_en}"
        if about:
            nl += f"; de invalshoek gaat over {', '.join(about.get('nl', []))}"
            en += f"; its perspective is about {', '.join(about.get('en', about.get('nl', [])))}"
        return Part("text", score, {"nl": nl, "en": en}, tuple(top))

    def _facet_part(self, concept: str, score: float, shared: frozenset[str], implied: set[str]) -> Part:
        items = tuple(sorted(shared))
        if items:
            names_nl = ", ".join(self.label(v, "nl") + (" (uit uw tekst)" if v in implied else "") for v in items)
            names_en = ", ".join(self.label(v, "en") + (" (from your text)" if v in implied else "") for v in items)
            return Part("facets", score, {"nl": f"beide noemen: {names_nl}", "en": f"both name: {names_en}"}, items)
        return Part("facets", score, {"nl": "geen gedeelde facetwaarden", "en": "no facet values in common"}, items)

    def _setting_part(self, concept: str, score: float, shares: dict[str, float]) -> Part:
        top = tuple(sorted(shares, key=lambda w: (-shares[w], w)))
        if top:
            return Part(
                "setting",
                score,
                {
                    "nl": f"schaal en plaats passen bij: {', '.join(top)}",
                    "en": f"scale and place match: {', '.join(top)}",
                },
                top,
            )
        return Part("setting", score, {"nl": "schaal en plaats: geen aanwijzing", "en": "scale and place: no sign"})

    def _declared_part(self, concept: str, score: float, evidence: Evidence) -> Part:
        names_nl = ", ".join(self.label(c, "nl") for c in sorted(evidence.declared))
        names_en = ", ".join(self.label(c, "en") for c in sorted(evidence.declared))
        if score:
            return Part(
                "declared",
                score,
                {"nl": f"u beschreef de omgeving als {names_nl}", "en": f"you described it as {names_en}"},
            )
        return Part(
            "declared", 0.0, {"nl": f"niet wat u opgaf ({names_nl})", "en": f"not what you declared ({names_en})"}
        )

    def property_classes(self, kind: str) -> dict[str, frozenset[str]]:
        """Predicate term (``<iri>``) -> the classes its ``rdfs:domain`` (``kind="domain"``) or ``rdfs:range``
        gives, directly or through ``rdfs:subPropertyOf`` (OWL 2 RL prp-dom/prp-rng with prp-spo1, scm-spo)."""
        cache = self.__dict__.setdefault("_property_classes", {})
        if kind not in cache:
            from rdflib import URIRef

            supers: dict[str, set[str]] = {}
            for sub, sup in self.graph.subject_objects(URIRef(RDFS + "subPropertyOf")):
                supers.setdefault(str(sub), set()).add(str(sup))
            closure = _closure(supers)
            direct: dict[str, set[str]] = {}
            for node, cls in self.graph.subject_objects(URIRef(RDFS + kind)):
                direct.setdefault(str(node), set()).add(str(cls))
            out: dict[str, set[str]] = {}
            for prop in set(direct) | set(closure):
                for q in {prop} | closure.get(prop, frozenset()):
                    if q in direct:
                        out.setdefault(f"<{prop}>", set()).update(direct[q])
            cache[kind] = {prop: frozenset(classes) for prop, classes in out.items()}
        return dict(cache[kind])

    def type_closure(self, classes: frozenset[str]) -> frozenset[str]:
        """The ``rdf:type`` set of a node typed with ``classes`` after OWL 2 RL: every superclass (cax-sco with
        scm-sco) and ``owl:Thing`` when one of them is an ``owl:Class`` (scm-cls). This is all the entailment
        a catalogue needs (the model's class hierarchy is small): ``tests/test_catalogue.py`` proves it gives
        the types owlrl gives over the whole catalogue and the publication."""
        cache = self.__dict__.setdefault("_type_closure", {})
        found = cache.get(classes)
        if found is None:
            owl_classes = self.__dict__.get("_owl_classes")
            if owl_classes is None:
                from rdflib import URIRef

                owl_classes = self.__dict__["_owl_classes"] = frozenset(
                    str(c) for c in self.graph.subjects(URIRef(RDF + "type"), URIRef(OWL + "Class"))
                )
            out = set(classes)
            for cls in classes:
                out |= self.superclasses.get(cls, frozenset())
            if not out.isdisjoint(owl_classes):
                out.add(OWL + "Thing")
            found = cache[classes] = frozenset(out)
        return found

    def types_up(self, classes: set[str]) -> frozenset[str]:
        out = set(classes)
        for cls in classes:
            out |= self.superclasses.get(cls, frozenset())
        return frozenset(out)


_NOTHING: frozenset[str] = frozenset()


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
        for iri, texts in found.items():
            labels.setdefault(iri, texts)
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
    constructed = graph.query(CONTEXT_QUERY).graph
    if constructed is None:  # rdflib sets the graph of every CONSTRUCT result
        raise TypeError("CONTEXT_QUERY gave no graph: it must be a CONSTRUCT query")
    context = [(s.n3(), p.n3(), o.n3()) for s, p, o in constructed]
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
        **_texts(graph, {str(c): v for c, v in definitions.items()}),
    )


DOCUMENT_QUERY = f"""
PREFIX mgo: <{MGO}>
PREFIX rdf: <{RDF}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?concept ?text WHERE {{
  ?definition mgo:defines ?concept .
  {{ ?definition rdf:value ?text . }}
  UNION {{ ?definition dct:bibliographicCitation ?text . }}
  UNION {{ ?definition mgo:perspective/rdf:value ?text . }}
  UNION {{ ?t mgo:translationOf ?definition ; rdf:value ?text . }}
  UNION {{ ?definition mgo:perspective ?p . ?t mgo:translationOf ?p ; rdf:value ?text . }}
}}
"""

PERSPECTIVE_QUERY = f"""
PREFIX mgo: <{MGO}>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <{SKOS}>
SELECT ?concept ?label WHERE {{
  ?definition mgo:defines ?concept ; mgo:perspective/dct:subject ?domain .
  ?domain skos:prefLabel ?label .
}}
"""

LABEL_PROPS = ("prefLabel", "altLabel", "hiddenLabel")


def _texts(graph: Graph, definitions: dict[str, set[str]]) -> dict[str, Any]:
    """The documents of the text fit, the perspectives' fields and every label of the facet values."""

    def lang_of(text: Any) -> str:
        return "en" if isinstance(text, Literal) and text.language == "en" else "nl"

    documents: dict[str, list[tuple[str, str]]] = {c: [] for c in definitions}
    for concept, text in graph.query(DOCUMENT_QUERY):  # type: ignore[misc]
        documents.setdefault(str(concept), []).append((str(text), lang_of(text)))
    about: dict[str, dict[str, list[str]]] = {}
    for concept, label in graph.query(PERSPECTIVE_QUERY):  # type: ignore[misc]
        about.setdefault(str(concept), {}).setdefault(lang_of(label), []).append(str(label))
        documents.setdefault(str(concept), []).append((str(label), lang_of(label)))
    value_labels: dict[str, list[tuple[str, str]]] = {}
    for prop in LABEL_PROPS:
        for node, label in graph.subject_objects(URIRef(SKOS + prop)):
            if isinstance(label, Literal):
                value_labels.setdefault(str(node), []).append((str(label), lang_of(label)))
    for concept, values in definitions.items():
        for iri in [concept, *sorted(values)]:
            documents.setdefault(concept, []).extend((text, lang) for text, lang in value_labels.get(iri, []))
    for texts in about.values():
        for labels in texts.values():
            labels.sort()
    return {
        "documents": {c: sorted(set(d)) for c, d in documents.items()},
        "perspective_about": about,
        "value_labels": {k: sorted(set(v)) for k, v in value_labels.items()},
    }


def load_model(project: Project | None = None, *, publication: Publication | None = None) -> Model:
    """The model of a :class:`~mgo.pipeline.publication.Publication` (given, or the project's sources parsed and
    derived as the build does; no ``dist/`` needed)."""
    if publication is None:
        if project is None:
            raise TypeError("load_model needs a project or a publication")
        publication = Publication.from_sources(project)
    return model_from_graph(publication.rdflib())


def is_environment_class(model: Model, iri: str) -> bool:
    return ENVIRONMENT_CLASS in model.superclasses.get(iri, frozenset())


# --- the fit from all the evidence (issue #14) ------------------------------------------------------------
#
# Why BM25 over stemmed words: the definitions are short texts of very different lengths (Community of Practice
# two sentences, Hybride leeromgeving a list of 36 values); BM25 (Robertson & Zaragoza 2009) weighs a shared word
# by how rare it is among the eight (IDF) and damps long texts (b) and repeated words (k1), which a plain count
# or cosine over raw counts does not. Words are stemmed with the Snowball stemmers (``snowballstemmer`` on PyPI:
# the reference Snowball algorithms for Dutch and English, pure Python, maintained by the Snowball project), so
# "buurten" meets "buurt" and "residents" meets "resident". Each definition's document is its quote, its
# perspective, the labels of the fields (domains) that perspective names, the labels of the concept and of the
# facet values the definition names, and the citation of its source, in Dutch and in the project's English
# translation, so an English description is compared with the English texts and a Dutch one with the Dutch.

# the function words of Dutch and English that carry no meaning about a setting (Snowball's stop lists,
# shortened): with eight documents IDF cannot tell them apart from content words
_STOP_TEXT = """
    de het een en of in op te van voor met aan bij door om uit als dat die dit er is zijn wordt worden ook niet
    maar naar over tot zo ze we wij hun hij zij je ons onze hen haar zich kan kunnen heeft hebben elk elke alle
    meer veel nog dan waar wat wie hoe elkaar samen the a an and or in on to of for with at by from as that
    this these those is are be been being it its their they we our us you your he she his her not but so than
    then there which who what how also all each more many very into over per other others one both together
    """
STOPWORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


def _stemmers() -> dict[str, Any]:
    import snowballstemmer

    return {"nl": snowballstemmer.stemmer("dutch"), "en": snowballstemmer.stemmer("english")}


_SPACING = __import__("re").compile(r"[\s_-]+")


def words(text: str) -> list[str]:
    """The words of ``text``: letters only, case and accents folded, stop words dropped."""
    # ASCII text needs no Unicode decomposition: the same folding as _fold, ~10x faster (catalogues)
    folded = _SPACING.sub(" ", text.strip().casefold()) if text.isascii() else _fold(text)
    out = []
    for match in _WORD.findall(folded):
        if "'" in match or "’" in match:
            for part in match.replace("’", "-").replace("'", "-").split("-"):
                if len(part) > 1 and part not in STOPWORDS:
                    out.append(part)
        elif len(match) > 1 and match not in STOPWORDS:
            out.append(match)
    return out


class Stemmer:
    """Snowball stems per language, cached (the same words recur in every description of a catalogue)."""

    def __init__(self) -> None:
        self._stemmers = _stemmers()
        self._cache: dict[tuple[str, str], str] = {}
        self._pairs: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str], ...]] = {}
        self._texts: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str], ...]] = {}

    def stem(self, word: str, lang: str) -> str:
        key = (word, lang)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._stemmers[lang].stemWord(word)
        return found

    def stems(self, text: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
        """(stem, word) pairs; a text of unknown language is stemmed in each of ``langs``."""
        key = (text, langs)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > 100_000:  # a bounded cache: names of partners, themes and places recur
                self._texts.clear()
            pairs: list[tuple[str, str]] = []
            for word in words(text):
                pairs.extend(self.word_stems(word, langs))
            found = self._texts[key] = tuple(pairs)
        return list(found)

    def word_stems(self, word: str, langs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """(stem, word) pairs of one word in each of ``langs``, without repeats (cached)."""
        key = (word, langs)
        found = self._pairs.get(key)
        if found is None:
            seen: list[str] = []
            for lang in langs:
                stem = self.stem(word, lang)
                if stem not in seen:
                    seen.append(stem)
            found = self._pairs[key] = tuple((stem, word) for stem in seen)
        return found


@dataclass
class TextIndex:
    """BM25 over the eight definitions' documents (see above); ``k1``/``b`` are the usual defaults."""

    stemmer: Stemmer
    docs: dict[str, dict[str, int]]  # concept -> stem -> count
    lengths: dict[str, int]
    idf: dict[str, float]
    average: float
    k1: float = 1.2
    b: float = 0.75
    #: stem -> ((concept, its BM25 term weight), ...): the weights of the eight documents computed once, so a
    #: query costs one lookup per word (a catalogue scores 10^5 descriptions against the same eight)
    weights: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict, repr=False)
    _compounds: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, texts: dict[str, list[tuple[str, str]]], stemmer: Stemmer) -> TextIndex:
        """``texts``: concept -> (text, language) pairs."""
        import math

        docs: dict[str, dict[str, int]] = {}
        for concept, parts in texts.items():
            counts: dict[str, int] = {}
            for text, lang in parts:
                for stem, _ in stemmer.stems(text, (lang,)):
                    counts[stem] = counts.get(stem, 0) + 1
            docs[concept] = counts
        lengths = {c: sum(d.values()) for c, d in docs.items()}
        n = len(docs)
        df: dict[str, int] = {}
        for counts in docs.values():
            for stem in counts:
                df[stem] = df.get(stem, 0) + 1
        idf = {s: math.log(1 + (n - k + 0.5) / (k + 0.5)) for s, k in df.items()}
        average = sum(lengths.values()) / n if n else 1.0
        index = cls(stemmer, docs, lengths, idf, average)
        weights: dict[str, list[tuple[str, float]]] = {}
        for concept, counts in docs.items():
            norm = index.k1 * (1 - index.b + index.b * lengths[concept] / average)
            for stem, tf in counts.items():
                weights.setdefault(stem, []).append((concept, idf[stem] * tf * (index.k1 + 1) / (tf + norm)))
        index.weights = {stem: tuple(pairs) for stem, pairs in weights.items()}
        return index

    def stems_of(self, text: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
        return self.stemmer.stems(text, langs)

    def split_compounds(self, query: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Dutch compounds split into words the definitions use: ``buurtlab`` -> ``buurt`` + ``lab``.

        Dutch writes compounds as one word (``zorgmedewerkers``, ``buurthuis``); a stem no definition has is
        split where both halves (at least 3 letters, a linking -s- or -e(n)- allowed) are stems of the
        definitions' vocabulary. Dictionary-based splitting with the vocabulary of the eight documents is the
        smallest form of the usual decompounding (Koehn & Knight 2003) and needs no word list of its own.
        """
        out: list[tuple[str, str]] = []
        for pair in query:
            found = self._compounds.get(pair)
            if found is None:
                found = self._compounds[pair] = self._split(*pair)
            out.extend(found)
        return out

    def _split(self, stem: str, word: str) -> tuple[tuple[str, str], ...]:
        out = [(stem, word)]
        if not (stem in self.idf or len(word) < 6):
            for cut in range(3, len(word) - 2):
                head, tail = word[:cut], word[cut:]
                heads = {head, head[:-1]} if head.endswith("s") or head.endswith("e") else {head}
                head_stems = {self.stemmer.stem(h, "nl") for h in heads} | heads
                tail_stem = self.stemmer.stem(tail, "nl")
                found_head = next((h for h in sorted(head_stems) if h in self.idf), None)
                if found_head and (tail_stem in self.idf or tail in self.idf):
                    out.append((found_head, word))
                    out.append((tail_stem if tail_stem in self.idf else tail, word))
                    break
        return tuple(out)

    def score(self, query: list[tuple[str, str]]) -> dict[str, tuple[float, dict[str, float]]]:
        """concept -> (BM25 score, {word of the description: its share}) for the (stem, word) pairs of a query."""
        wanted: dict[str, str] = {}
        for stem, word in query:
            if stem not in wanted:
                wanted[stem] = word
        totals = dict.fromkeys(self.docs, 0.0)
        shares: dict[str, dict[str, float]] = {}
        weights = self.weights
        # per concept the same additions in the same order (the query's) as term by term: the same floats
        for stem, word in wanted.items():
            found = weights.get(stem)
            if found is None:
                continue
            for concept, value in found:
                totals[concept] += value
                parts = shares.get(concept)
                if parts is None:
                    shares[concept] = {word: value}
                else:
                    parts[word] = parts.get(word, 0.0) + value
        return {concept: (total, shares.get(concept) or {}) for concept, total in totals.items()}


#: weights of the parts of the fit; the text is the richest evidence (every description has words, few
#: have many codes), the facet values the most exact; a declared type counts as much as a good text match,
#: so a lab is ranked among the labs unless its words and values clearly point elsewhere
WEIGHT_TEXT = 0.55
WEIGHT_FACETS = 0.45
WEIGHT_DECLARED = 0.25
#: scale and place: a small part (few definitions speak of a setting at all)
WEIGHT_SETTING = 0.1


@dataclass(frozen=True)
class Part:
    """One part of the evidence for a concept: its name, its share of the score, and why (plain words)."""

    name: str
    score: float
    why: dict[str, str]  # lang -> explanation
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """One variant in the ranking from all the evidence."""

    concept: str
    score: float
    parts: tuple[Part, ...]
    declared: bool  # the description declared this variant or its base concept


@dataclass(frozen=True)
class Scored:
    """What :meth:`Model.score_evidence` computes: rows ``(concept, total, part scores, (text words, shared
    values, setting words))`` best first; whether scale or place were given; the declared variants."""

    rows: list[tuple[str, float, tuple[float, ...], tuple[dict[str, float], frozenset[str], dict[str, float]]]]
    setting: bool
    declared: frozenset[str]


@dataclass
class Evidence:
    """What a description says that the fit can use: texts (with language), facet values, declared types."""

    texts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (text, stemming languages)
    values: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)
    scale: str | None = None
    place: str | None = None
    #: the languages of its mission texts (schema:description), which set the default language of the output
    languages: set[str] = field(default_factory=set)

    def empty(self) -> bool:
        return not self.values and not any(words(t) for t, _ in self.texts)


# --- the model anywhere (issue #14): package data of an installed mgo ------------------------------------

#: the folders of the project an installed mgo carries as package data (``setup.py`` copies them into
#: ``mgo/model/`` when the wheel is built): all that ``template``, ``describe`` and ``catalogue`` read
MODEL_FOLDERS = ("ontology", "data", "queries/derive", "queries/catalogue", "shapes")


def packaged_root() -> Path | None:
    """The model folder inside the installed package, if this mgo was installed from a wheel."""
    here = Path(__file__).resolve().parents[1] / "model"  # mgo/model/, next to mgo/environment/
    return here if (here / "ontology").is_dir() and (here / "data").is_dir() else None


def model_project(root: Path | str | None) -> Project:
    """The project ``template``/``describe``/``catalogue`` read: ``--root``, the repository around the working
    folder, or, outside any repository, the model installed with the package (so they run in any folder)."""
    if root is None or root == "":
        found = find_root()
        if not _is_mgo_root(found):
            packaged = packaged_root()
            if packaged is not None:
                return Project(packaged)
    return project_from(root)


# --- the evidence of many descriptions at once (mgo catalogue) --------------------------------------------


def literal_text(term: str) -> tuple[str, str | None]:
    """The text and language of an N-Triples literal term (``"…"@nl``, ``"…"^^<…>``)."""
    import json

    end = term.rindex('"')
    if "\\" not in term:  # no escapes (nearly every literal): the text as written
        rest = term[end + 1 :]
        return term[1:end], (rest[1:] if rest.startswith("@") else None)
    try:
        text = json.loads(term[: end + 1])
    except ValueError:  # an escape JSON does not share (\U0001F600 from Turtle input): the raw text
        text = term[1:end]
    rest = term[end + 1 :]
    return text, (rest[1:] if rest.startswith("@") else None)


_P_TYPE = f"<{RDF}type>"
_P_NAME = f"<{SCHEMA}name>"
_P_DESCRIPTION = f"<{SCHEMA}description>"
_P_SUBJECT = "<http://purl.org/dc/terms/subject>"
_P_LOCATION = f"<{SCHEMA}location>"
_P_SCALE = f"<{MGO}scale>"
_P_INVOLVES = f"<{MGO}involves>"
_P_MEMBER = f"<{SCHEMA}member>"
_P_CLASSIFICATION = f"<{ORG}classification>"
_BOTH = ("nl", "en")


class Gatherer:
    """What the fit needs of every described node, gathered triple by triple (N-Triples terms).

    One pass over the triples of a description or a whole catalogue, in any order: :meth:`evidence` then gives
    an environment's :class:`Evidence` exactly as ``mgo describe`` builds it (its own names, mission texts
    and themes with their language, its partners' names, its facet values and those of its partners, its
    declared types, scale and place). Order matters only for which text comes first (it decides which word
    a stem is shown with) and which scale or place wins when there are two: every text, scale and place
    carries a sort key, the triple's position (``key=None``) or the triple itself (``mgo describe`` sorts an
    RDF file's triples, so the catalogue passes the triple as key for RDF input).
    """

    def __init__(self, model: Model | None = None) -> None:
        self.seq = 0
        #: the position of a triple: (file, its number) in the order given, or with ``by_triple`` (file, s, p, o),
        #: the order in which ``mgo describe`` reads an RDF file (sorted)
        self.file = 0
        self.by_triple = False
        #: predicate term -> the classes its rdfs:domain (through rdfs:subPropertyOf) gives a subject; the same
        #: for rdfs:range and objects: the rdf:type entailments a triple adds besides its own types
        self.domains: dict[str, frozenset[str]] = model.property_classes("domain") if model else {}
        self.ranges: dict[str, frozenset[str]] = model.property_classes("range") if model else {}
        self.implied: dict[str, set[str]] = {}  # node -> classes from domains and ranges
        self._typing = frozenset(self.domains) | frozenset(self.ranges)
        #: node -> [(key, literal term, is a schema:name)]
        self.texts: dict[str, list[tuple[Any, str, bool]]] = {}
        self.types: dict[str, set[str]] = {}  # node -> the classes it is typed with (IRIs)
        self.scale: dict[str, tuple[Any, str]] = {}
        self.place: dict[str, tuple[Any, str]] = {}
        self.involves: dict[str, set[str]] = {}  # node -> its mgo:involves IRIs
        self.classes: dict[str, set[str]] = {}  # node -> its org:classification IRIs
        self.members: dict[str, set[str]] = {}  # environment term -> partner terms
        self.owner: dict[str, tuple[Any, str]] = {}  # partner term -> (key, environment term)
        self.languages: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}  # node -> its first schema:name term (the catalogue's name column)

    def _imply(self, node: str, classes: frozenset[str] | None) -> None:
        if classes:
            found = self.implied.get(node)
            if found is None:
                self.implied[node] = set(classes)
            elif not classes <= found:
                found |= classes

    def add(self, s: str, p: str, o: str, key: Any = None) -> None:
        """One triple, its terms in N-Triples syntax."""
        if p in self._typing:
            self._imply(s, self.domains.get(p))
            if o[0] != '"':
                self._imply(o, self.ranges.get(p))
        if p == _P_TYPE:
            cls = intern(o[1:-1])  # a few classes, named by millions of triples: one string each
            found = self.types.get(s)
            if found is None:
                self.types[s] = {cls}
            else:
                found.add(cls)
        elif p in (_P_INVOLVES, _P_CLASSIFICATION):
            if o[0] == "<":
                table = self.involves if p == _P_INVOLVES else self.classes
                value = intern(o[1:-1])
                found = table.get(s)
                if found is None:
                    table[s] = {value}
                else:
                    found.add(value)
        elif p == _P_MEMBER:
            self.seq += 1
            self.members.setdefault(s, set()).add(o)
            where = key if key is not None else (self.file, s, p, o) if self.by_triple else (self.file, self.seq)
            current = self.owner.get(o)
            if current is None or current[0] < where:
                self.owner[o] = (where, s)
        elif p == _P_SCALE:
            self.seq += 1
            where = key if key is not None else (self.file, s, p, o) if self.by_triple else (self.file, self.seq)
            current = self.scale.get(s)
            if current is None or current[0] < where:
                self.scale[s] = (where, intern(o[1:-1]))
        elif o[0] == '"' and p in (_P_NAME, _P_DESCRIPTION, _P_SUBJECT, _P_LOCATION):
            self.seq += 1
            where = key if key is not None else (self.file, s, p, o) if self.by_triple else (self.file, self.seq)
            # the literal is kept as written and read when its evidence is built (half the memory)
            if p == _P_LOCATION:
                current = self.place.get(s)
                if current is None or current[0] < where:
                    self.place[s] = (where, o)
                return
            if p == _P_NAME and s not in self.names:
                self.names[s] = o
            if p == _P_DESCRIPTION and o[-1] != '"':
                lang = literal_text(o)[1]
                if lang:
                    self.languages.setdefault(s, set()).add(lang)
            self.texts.setdefault(s, []).append((where, o, p == _P_NAME))

    def name(self, node: str) -> str | None:
        """The first ``schema:name`` of ``node`` (a term), as text."""
        term = self.names.get(node)
        return literal_text(term)[0] if term is not None else None

    def evidence(self, env: str) -> Evidence:
        """The :class:`Evidence` of the environment ``env`` (an IRI, without angle brackets)."""
        subject = f"<{env}>"
        entries = []
        for where, term, _ in self.texts.get(subject, ()):
            text, lang = literal_text(term)
            entries.append((where, text, (lang,) if lang else _BOTH))
        values = set(self.involves.get(subject, ()))
        for partner in self.members.get(subject, ()):
            if partner == subject:
                continue
            for where, term, is_name in self.texts.get(partner, ()):
                if is_name:
                    entries.append((where, literal_text(term)[0], _BOTH))
            if self.owner[partner][1] == subject:
                values |= self.classes.get(partner, set())
        entries.sort(key=lambda entry: entry[0])
        scale = self.scale.get(subject)
        place = self.place.get(subject)
        return Evidence(
            texts=[(text, langs) for _, text, langs in entries],
            values=values,
            declared=set(self.types.get(subject, ())),
            scale=scale[1] if scale else None,
            place=literal_text(place[1])[0] if place else None,
            languages=set(self.languages.get(subject, ())),
        )
