"""What the pages show, read from the graph: labels and texts per language, concepts, definitions, sources.

Every fact on the site comes from here, and this module reads it from the graph only (no vocabulary content
is written in the templates or in Python). The rules that choose what to show when a text is missing in a
language are here too, so that every page says the same thing the same way:

* a text in the page's language is shown as is;
* an English text of the mgo project that translates a Dutch text of the source (an ``mgo:Translation`` with
  ``mgo:translationOf``, or an English ``rdf:value`` beside the source's Dutch one) is shown with the note
  "translation by mgo";
* a text that exists in the other language only is shown in that language, marked with its ``lang`` and the
  note "only in Dutch" (or English): never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from mgo.rdf.names import ANY_LOCAL_NAME, Names
from mgo.terms import BASE, ONTOLOGY_IRI
from mgo.web.site import citation
from mgo.web.site.highlight import Piece, Selector, SelectorError, pieces, spans
from mgo.web.site.rdf import RDF_TYPE, Blank, Index, Iri, Lit, Node, Term
from mgo.web.site.vocab import (
    CITO,
    DCT,
    ENVIRONMENTS_SCHEME,
    LABEL_PROPERTIES,
    MATCH_PROPERTIES,
    MGO,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SSSOM,
)

#: a list of IRIs sorts to a list of IRIs (Site.sorted keeps the element type)
_N = TypeVar("_N", bound=Node)


class SiteError(ValueError):
    """The graph cannot be shown as asked (a selector that does not fit its quote, a clash of page paths)."""


@dataclass(frozen=True)
class Text:
    """A text chosen for a page: its value, its language (``""``: none) and why it is shown (``note``)."""

    value: str
    lang: str = ""
    #: ``""`` (in the page's language), ``"translation"`` (ours), ``"missing"`` (other language only)
    note: str = ""


EMPTY = Text("")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")
_NATURAL = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[object, ...]:
    """``"2a" < "10"``: numbers in a notation compare as numbers."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in _NATURAL.split(text))


def other(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def pick(literals: list[Lit], lang: str) -> Text:
    """The literal in ``lang``; else one without a language; else the other language (marked missing)."""
    for literal in literals:
        if literal.lang == lang:
            return Text(literal.value, lang)
    for literal in literals:
        if not literal.lang:
            return Text(literal.value)
    for literal in sorted(literals, key=lambda lit: (lit.lang != other(lang), lit.lang, lit.value)):
        return Text(literal.value, literal.lang, "missing")
    return EMPTY


@dataclass
class FacetRow:
    facet: Iri | None
    value: Iri
    words: str
    anchor: str


@dataclass
class Quote:
    """A quoted definition: the Dutch text cut into pieces for ``<mark>``, and the table of facet values."""

    definition: Iri
    lang: str
    pieces: list[Piece]
    rows: list[FacetRow]


@dataclass
class Mapping:
    """A link to a concept of another vocabulary (or a recorded non-match), as the mappings layer gives it."""

    kind: str  # exactMatch, closeMatch … (mappingRelation for "no relation at all")
    target: Iri
    label: Text | None
    confidence: str | None
    comment: Text


def _number(value: str) -> str:
    """``7e-01`` (how a double is written) as ``0.7``."""
    try:
        return f"{float(value):g}"
    except ValueError:
        return value


@dataclass
class Statement:
    """One row of the "all statements" table: a property and its values (blank nodes nested)."""

    predicate: str
    values: list[Term]
    nested: dict[Blank, list[Statement]] = field(default_factory=dict)


class Site:
    """The graph, read for pages: one instance per site build, shared by every page."""

    def __init__(self, index: Index, additions: set[tuple[str, str, str]] | None = None) -> None:
        self.index = index
        #: the statements of the project's layers (additions, mappings): (subject, predicate, object) strings
        self.additions = additions or set()
        self._added_pairs = {(s, p) for s, p, _ in self.additions}
        self.ontology = Iri(ONTOLOGY_IRI)
        self.version = citation.ontology_version(self, self.ontology)
        self._labels: dict[tuple[Node, str], Text] = {}
        self._quotes: dict[tuple[Iri, str], Quote] = {}
        self._curies: dict[str, str] = {}
        self._names: Names | None = None
        self._facets: list[Iri] | None = None
        self.pages = self._page_paths()

    def is_addition(self, node: Node, prop: str, value: str | None = None) -> bool:
        """Whether the project added this statement (or, without ``value``, any value of ``prop``) to ``node``."""
        subject = node.value if isinstance(node, Iri) else ""
        if value is not None:
            return (subject, prop, value) in self.additions
        return (subject, prop) in self._added_pairs

    def says_something(self, kind: Node) -> bool:
        """False for a kind of definition that only says "definition" (every quote is one): not worth a line."""
        label = self.label(kind, "nl").value.strip().lower()
        return label not in ("", self.label(Iri(MGO + "Definition"), "nl").value.strip().lower())

    def project_agent(self) -> Iri | None:
        """The agent the project's additions are attributed to (``prov:wasAttributedTo`` of a translation)."""
        for translation in self.index.instances(MGO + "Translation"):
            for agent in self.index.iris(translation, PROV + "wasAttributedTo"):
                return agent
        return None

    def additions_count(self) -> int:
        return len(self.additions)

    # -- paths --------------------------------------------------------------------------------------------
    def _page_paths(self) -> dict[Iri, str]:
        """Every resource IRI under the base that is described in the graph → its path (without ``.html``)."""
        found: dict[Iri, str] = {}
        for subject in self.index.subjects():
            if not isinstance(subject, Iri) or not subject.value.startswith(BASE):
                continue
            path = subject.value[len(BASE) :]
            if path and _SAFE_PATH.match(path) and not path.endswith((".ttl", ".jsonld", ".nt", ".rdf", ".html")):
                found[subject] = path
        return found

    def path(self, iri: Iri) -> str | None:
        """The page path of ``iri`` without extension (``concept/living-lab``), ``index`` for the base IRI."""
        if iri.value == BASE:
            return "index"
        return self.pages.get(iri)

    # -- labels and texts ---------------------------------------------------------------------------------
    def label(self, node: Term, lang: str) -> Text:
        """The name of a resource in ``lang`` (marked when only the other language has one)."""
        if isinstance(node, Lit):
            return Text(node.value, node.lang)
        key = (node, lang)
        if key not in self._labels:
            self._labels[key] = self._label(node, lang)
        return self._labels[key]

    def _label(self, node: Node, lang: str) -> Text:
        for prop in LABEL_PROPERTIES:
            literals = self.index.literals(node, prop)
            if literals:
                return pick(literals, lang)
        if self.index.has_type(node, OA + "Annotation"):
            return self._annotation_label(node, lang)
        if self.index.has_type(node, MGO + "Translation"):
            for original in self.index.nodes(node, MGO + "translationOf"):
                base = self.label(original, lang)
                return Text(f"{base.value} (en)", base.lang, base.note)
        if self.index.has_type(node, MGO + "Definition") or self.index.has_type(node, MGO + "Perspective"):
            for concept in self._defined_concepts(node):
                kind = "definition" if self.index.has_type(node, MGO + "Definition") else "perspective"
                word = self.ontology_label(MGO + kind.capitalize(), lang)
                base = self.label(concept, lang)
                return Text(
                    f"{word.value[:1].upper()}{word.value[1:]}: {base.value}",
                    base.lang or word.lang,
                    base.note,
                )
        text = self.index.first_literal(node, SCHEMA + "text")
        if text is not None:
            return pick(self.index.literals(node, SCHEMA + "text"), lang)
        return Text(self.fallback_name(node))

    def _annotation_label(self, node: Node, lang: str) -> Text:
        bodies = self.index.iris(node, OA + "hasBody")
        concept = next(iter(self.annotation_concepts(node)), None)
        if not bodies or concept is None:
            return Text(self.fallback_name(node))
        return Text(f"{self.label(concept, lang).value} → {self.label(bodies[0], lang).value}", lang)

    def ontology_label(self, iri: str, lang: str) -> Text:
        return self.label(Iri(iri), lang)

    def fallback_name(self, node: Node) -> str:
        if isinstance(node, Blank):
            return "(…)"
        value = node.value
        if value.startswith(BASE):
            return value[len(BASE) :] or value
        return value.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or value

    def text(self, node: Node, prop: str, lang: str) -> Text:
        """A text-valued property in ``lang``: as is, or the other language marked as missing."""
        return pick(self.index.literals(node, prop), lang)

    def texts(self, node: Node, prop: str) -> list[Text]:
        """All values of a text property, Dutch first, each with its language (for "both languages" lists)."""
        literals = self.index.literals(node, prop)
        return [
            Text(lit.value, lit.lang)
            for lit in sorted(literals, key=lambda lit: (lit.lang != "nl", lit.lang, lit.value))
        ]

    def value_text(self, node: Node, lang: str) -> Text:
        """``rdf:value`` of a text of the source in ``lang``: Dutch as is, English as a translation by mgo."""
        values = self.index.literals(node, RDF + "value")
        for literal in values:
            if literal.lang == lang:
                translated = lang != "nl" and any(v.lang == "nl" for v in values)
                return Text(literal.value, lang, "translation" if translated else "")
        if lang != "nl":
            for translation in self.index.subjects_of(MGO + "translationOf", node):
                for literal in self.index.literals(translation, RDF + "value"):
                    if literal.lang == lang:
                        return Text(literal.value, lang, "translation")
        return pick(values, lang)

    def notes(self, node: Node, lang: str) -> list[Text]:
        """The editorial notes on ``node`` in ``lang`` (or the other language, marked)."""
        literals = self.index.literals(node, SKOS + "editorialNote")
        mine = [Text(lit.value, lang) for lit in literals if lit.lang == lang]
        if mine:
            return mine
        return [Text(lit.value, lit.lang, "missing" if lit.lang else "") for lit in literals]

    # -- ordering -----------------------------------------------------------------------------------------
    def sort_key(self, node: Node, lang: str = "nl") -> tuple[object, ...]:
        notation = self.index.first_literal(node, SKOS + "notation")
        position = self.index.first_literal(node, SCHEMA + "position")
        return (
            natural_key(notation.value) if notation is not None else (),
            natural_key(position.value) if position is not None else (),
            self.label(node, lang).value.lower(),
            str(node),
        )

    def sorted(self, nodes: list[_N], lang: str = "nl") -> list[_N]:
        return sorted(nodes, key=lambda node: self.sort_key(node, lang))

    # -- the model ----------------------------------------------------------------------------------------
    def environments(self) -> Iri:
        return Iri(ENVIRONMENTS_SCHEME)

    def base_concepts(self) -> list[Iri]:
        """The top concepts of the environments scheme, in the order of their first variant's number."""
        scheme = self.environments()
        tops = {c for c in self.index.subjects_of(SKOS + "topConceptOf", scheme) if isinstance(c, Iri)}
        tops |= {c for c in self.index.iris(scheme, SKOS + "hasTopConcept")}

        def key(concept: Iri) -> tuple[object, ...]:
            numbers = [natural_key(n) for n in self._notations(self.narrower(concept))]
            return (min(numbers) if numbers else (float("inf"),), self.label(concept, "nl").value.lower())

        return sorted(tops, key=key)

    def _notations(self, nodes: list[Iri]) -> list[str]:
        return [n.value for node in nodes for n in self.index.literals(node, SKOS + "notation")]

    def narrower(self, concept: Node) -> list[Iri]:
        found = set(self.index.iris(concept, SKOS + "narrower"))
        found |= {s for s in self.index.subjects_of(SKOS + "broader", concept) if isinstance(s, Iri)}
        return self.sorted(list(found))

    def broader(self, concept: Node) -> list[Iri]:
        found = set(self.index.iris(concept, SKOS + "broader"))
        found |= {s for s in self.index.subjects_of(SKOS + "narrower", concept) if isinstance(s, Iri)}
        return self.sorted(list(found))

    def is_environment(self, node: Node) -> bool:
        scheme = self.environments()
        return scheme in self.index.objects(node, SKOS + "inScheme") or scheme in self.index.objects(
            node, SKOS + "topConceptOf"
        )

    def is_base_concept(self, node: Node) -> bool:
        return self.environments() in self.index.objects(node, SKOS + "topConceptOf")

    def schemes_of(self, node: Node) -> list[Iri]:
        found = set(self.index.iris(node, SKOS + "inScheme")) | set(self.index.iris(node, SKOS + "topConceptOf"))
        return sorted(found, key=lambda s: s.value)

    def facets(self) -> list[Iri]:
        """The facet schemes (``mgo:Facet``), by Dutch name."""
        if self._facets is None:
            found = [s for s in self.index.instances(MGO + "Facet") if isinstance(s, Iri)]
            self._facets = sorted(found, key=lambda s: self.label(s, "nl").value.lower())
        return self._facets

    def facet_of(self, value: Node) -> Iri | None:
        facets = set(self.facets())
        for scheme in self.schemes_of(value):
            if scheme in facets:
                return scheme
        return None

    def scheme_members(self, scheme: Iri) -> list[Iri]:
        found = {s for s in self.index.subjects_of(SKOS + "inScheme", scheme) if isinstance(s, Iri)}
        found |= {s for s in self.index.subjects_of(SKOS + "topConceptOf", scheme) if isinstance(s, Iri)}
        found |= set(self.index.iris(scheme, SKOS + "hasTopConcept"))
        return self.sorted(list(found))

    def scheme_tops(self, scheme: Iri) -> list[Iri]:
        """Members with no broader member in the same scheme (the roots of the scheme's tree)."""
        members = set(self.scheme_members(scheme))
        tops = [m for m in members if not (set(self.broader(m)) & members)]
        return self.sorted(tops)

    def schemes(self) -> list[Iri]:
        found = [s for s in self.index.instances(SKOS + "ConceptScheme") if isinstance(s, Iri)]
        return sorted(found, key=lambda s: (s != self.environments(), self.label(s, "nl").value.lower()))

    def model_work(self) -> Iri | None:
        """The publication of the model: the ontology's source, else the work the questions are part of."""
        for work in self.index.iris(self.ontology, DCT + "source"):
            return work
        for question in self.questions():
            for work in self.index.iris(question, SCHEMA + "isPartOf"):
                return work
        return None

    def questions(self) -> list[Iri]:
        """The questions of the model (``schema:Question``), by ``schema:position``."""
        found = [q for q in self.index.instances(SCHEMA + "Question") if isinstance(q, Iri)]
        return self.sorted(found)

    def selection(self) -> Iri | None:
        """The selection of the definitions: the activity the definitions were ``mgo:selectedBy``."""
        found = {a for d in self.index.instances(MGO + "Definition") for a in self.index.iris(d, MGO + "selectedBy")}
        return sorted(found, key=lambda a: a.value)[0] if found else None

    def criteria(self) -> list[Iri]:
        found = [c for c in self.index.instances(MGO + "SelectionCriterion") if isinstance(c, Iri)]
        return self.sorted(found)

    # -- definitions and their evidence -------------------------------------------------------------------
    def definition_of(self, concept: Node) -> Iri | None:
        found = [d for d in self.index.subjects_of(MGO + "defines", concept) if isinstance(d, Iri)]
        found += [d for d in self.index.iris(concept, MGO + "hasDefinition") if d not in found]
        return sorted(found, key=lambda d: d.value)[0] if found else None

    def _defined_concepts(self, node: Node) -> list[Iri]:
        """The concept of a definition, or of the definition that has this perspective."""
        concepts = self.index.iris(node, MGO + "defines")
        if concepts:
            return concepts
        return [
            c for d in self.index.subjects_of(MGO + "perspective", node) for c in self.index.iris(d, MGO + "defines")
        ]

    def concept_of(self, definition: Node) -> Iri | None:
        found = self._defined_concepts(definition)
        return found[0] if found else None

    def annotation_target(self, annotation: Node) -> tuple[Node | None, Selector | None]:
        """The definition an annotation points into, and its text-quote selector."""
        for target in self.index.nodes(annotation, OA + "hasTarget"):
            source = self.index.nodes(target, OA + "hasSource")
            for selector in self.index.nodes(target, OA + "hasSelector"):
                if not self.index.has_type(selector, OA + "TextQuoteSelector"):
                    continue
                exact = self.index.first_literal(selector, OA + "exact")
                if exact is None:
                    continue
                prefix = self.index.first_literal(selector, OA + "prefix")
                suffix = self.index.first_literal(selector, OA + "suffix")
                return (
                    source[0] if source else None,
                    Selector(exact.value, prefix.value if prefix else "", suffix.value if suffix else ""),
                )
        return None, None

    def annotations_on(self, definition: Node) -> list[Node]:
        found = []
        for target in self.index.subjects_of(OA + "hasSource", definition):
            found += self.index.subjects_of(OA + "hasTarget", target)
        return sorted(set(found), key=lambda n: str(n))

    def annotation_concepts(self, annotation: Node) -> list[Iri]:
        definition, _ = self.annotation_target(annotation)
        if definition is None:
            return []
        return self.index.iris(definition, MGO + "defines")

    def quote(self, definition: Iri, lang: str) -> Quote:
        """The Dutch quote with its marks (from every annotation on it) and the facet-value table."""
        key = (definition, lang)
        if key not in self._quotes:
            self._quotes[key] = self._quote(definition, lang)
        return self._quotes[key]

    def _quote(self, definition: Iri, lang: str) -> Quote:
        original = [lit for lit in self.index.literals(definition, RDF + "value") if lit.lang in ("nl", "")]
        text = original[0] if original else (self.index.literals(definition, RDF + "value") or [Lit("")])[0]
        selectors: list[tuple[str, Selector]] = []
        bodies: dict[str, list[Iri]] = {}
        for annotation in self.annotations_on(definition):
            _, selector = self.annotation_target(annotation)
            if selector is None:
                continue
            selectors.append((str(annotation), selector))
            bodies[str(annotation)] = self.index.iris(annotation, OA + "hasBody")
        try:
            found = spans(text.value, selectors)
        except SelectorError as exc:
            raise SiteError(f"<{definition.value}>: {exc}") from exc
        rows = [
            FacetRow(self.facet_of(body), body, text.value[span.start : span.end], span.anchor)
            for span in found
            for key in span.keys
            for body in bodies[key]
        ]
        rows.sort(
            key=lambda row: (
                self.label(row.facet, lang).value.lower() if row.facet else "",
                self.label(row.value, lang).value.lower(),
                row.anchor,
            )
        )
        return Quote(definition, text.lang, pieces(text.value, found), rows)

    def evidence_for(self, value: Iri) -> list[tuple[Iri, str, str]]:
        """(concept, exact words, anchor on the concept page) for every annotation with ``value`` as body."""
        found: list[tuple[Iri, str, str]] = []
        for annotation in self.index.subjects_of(OA + "hasBody", value):
            definition, selector = self.annotation_target(annotation)
            if definition is None or selector is None or not isinstance(definition, Iri):
                continue
            for concept in self.index.iris(definition, MGO + "defines"):
                quote = self.quote(definition, "nl")
                anchor = next((row.anchor for row in quote.rows if row.value == value), "")
                found.append((concept, selector.exact, anchor))
        named = {c for c in self.index.subjects_of(MGO + "names", value) if isinstance(c, Iri)}
        for concept in named - {c for c, _, _ in found}:
            found.append((concept, "", ""))
        return sorted(found, key=lambda item: (self.sort_key(item[0]), item[1]))

    def perspectives_naming(self, domain: Iri) -> list[Iri]:
        return [
            p
            for p in self.index.subjects_of(DCT + "subject", domain)
            if isinstance(p, Iri) and self.index.has_type(p, MGO + "Perspective")
        ]

    def mappings(self, node: Node, lang: str = "nl") -> list[Mapping]:
        """Every SKOS mapping of ``node``: the SSSOM records (``owl:Axiom``, not negated) of the mappings layer.

        SSSOM-RDF (https://mapping-commons.github.io/sssom/spec-formats-rdf/) gives each mapping as an
        ``owl:Axiom`` (``owl:annotatedSource/Property/Target``) holding the target's label, the confidence and a
        comment; the layer asserts no ``skos:*Match`` (``mgo.pipeline.sssom.mapping_graph``). ``rdfs:seeAlso`` links
        (to what is not a SKOS concept) are not mappings and are shown with the other statements.
        """
        found: list[Mapping] = []
        # rdfs:seeAlso: a link to something that is not a SKOS concept (an encyclopaedia article, a topic), shown
        # here only as the mapping set records it (other rdfs:seeAlso are not mappings)
        for prop in (*MATCH_PROPERTIES, RDFS + "seeAlso"):
            of_prop: list[Mapping] = []
            for record in self.index.subjects_of(OWL + "annotatedSource", node):
                if Iri(prop) not in self.index.objects(record, OWL + "annotatedProperty"):
                    continue
                if self.index.objects(record, SSSOM + "predicate_modifier"):
                    continue
                for target in self.index.iris(record, OWL + "annotatedTarget"):
                    of_prop.append(self._mapping(prop, target, record, lang))
            found.extend(sorted(of_prop, key=lambda m: m.target.value))  # records are blank nodes: no order
        return found

    def non_mappings(self, node: Node, lang: str = "nl") -> list[Mapping]:
        """The SSSOM records that say "not a match" (``sssom:predicate_modifier sssom:NegatedPredicate``)."""
        found: list[Mapping] = []
        for record in self.index.subjects_of(OWL + "annotatedSource", node):
            if Iri(SSSOM + "NegatedPredicate") not in self.index.objects(record, SSSOM + "predicate_modifier"):
                continue
            for prop in self.index.iris(record, OWL + "annotatedProperty"):
                for target in self.index.iris(record, OWL + "annotatedTarget"):
                    found.append(self._mapping(prop.value, target, record, lang))
        return sorted(found, key=lambda m: (m.target.value, m.kind))

    def _record(self, node: Node, prop: str, target: Iri, prefix: str) -> Node | None:
        for record in self.index.subjects_of(prefix + "Source", node):
            if Iri(prop) in self.index.objects(record, prefix + "Property") and target in self.index.objects(
                record, prefix + "Target"
            ):
                return record
        return None

    def _mapping(self, prop: str, target: Iri, record: Node | None, lang: str) -> Mapping:
        label = confidence = None
        comment = EMPTY
        if record is not None:
            label = self.index.first_literal(record, SSSOM + "object_label")
            confidence = self.index.first_literal(record, SSSOM + "confidence")
            comment = self.text(record, RDFS + "comment", lang)
        if label is None:
            named = self.label(target, lang)
            label = Lit(named.value, named.lang) if named.value != self.fallback_name(target) else None
        return Mapping(
            kind=prop.rsplit("#", 1)[-1],
            target=target,
            label=Text(label.value, label.lang) if label is not None else None,
            confidence=_number(confidence.value) if confidence is not None else None,
            comment=comment,
        )

    # -- sources ------------------------------------------------------------------------------------------
    def works(self) -> list[Iri]:
        """The bibliography: every ``dct:BibliographicResource``, by first author then year."""
        found = [w for w in self.index.instances(DCT + "BibliographicResource") if isinstance(w, Iri)]

        def key(work: Iri) -> tuple[str, str, str]:
            creators = citation.ordered_creators(self, work)
            first = citation.agent_name(self, creators[0]) if creators else self.label(work, "nl").value
            issued = self.index.first_literal(work, DCT + "issued")
            return (first.lower(), issued.value if issued else "", work.value)

        return sorted(found, key=key)

    def definitions_from(self, work: Iri) -> list[Iri]:
        found = set(self.index.subjects_of(PROV + "wasQuotedFrom", work)) | set(
            self.index.subjects_of(MGO + "knownThrough", work)
        )
        return sorted((d for d in found if isinstance(d, Iri)), key=lambda d: d.value)

    # -- ontology -----------------------------------------------------------------------------------------
    def ontology_terms(self) -> dict[str, list[Iri]]:
        """The terms ``rdfs:isDefinedBy`` the ontology, by kind (class, object property …), sorted by name."""
        kinds = {
            "classes": OWL + "Class",
            "object_properties": OWL + "ObjectProperty",
            "datatype_properties": OWL + "DatatypeProperty",
            "annotation_properties": OWL + "AnnotationProperty",
        }
        members = [t for t in self.index.subjects_of(RDFS + "isDefinedBy", self.ontology) if isinstance(t, Iri)]
        result: dict[str, list[Iri]] = {}
        for kind, cls in kinds.items():
            terms = [t for t in members if self.index.has_type(t, cls)]
            if terms:
                result[kind] = sorted(terms, key=lambda t: (t.value.rsplit("/", 1)[-1].lower(), t.value))
        return result

    def is_ontology_term(self, node: Node) -> bool:
        return (
            self.ontology in self.index.objects(node, RDFS + "isDefinedBy")
            and isinstance(node, Iri)
            and node.value.startswith(MGO)
        )

    # -- kinds of page ------------------------------------------------------------------------------------
    def kind(self, iri: Iri) -> str:
        """Which template shows ``iri``."""
        index = self.index
        if iri == self.ontology:
            return "ontology"
        if self.is_ontology_term(iri):
            return "ontology_term"
        if index.has_type(iri, SKOS + "ConceptScheme"):
            return "scheme"
        if index.has_type(iri, SKOS + "Concept") and self.is_environment(iri):
            return "concept"
        if index.has_type(iri, SKOS + "Concept"):
            return "term"
        if index.has_type(iri, MGO + "Definition"):
            return "definition"
        if index.has_type(iri, DCT + "BibliographicResource"):
            return "source"
        if index.has_type(iri, SCHEMA + "Person") or index.has_type(iri, SCHEMA + "Organization"):
            return "agent"
        return "resource"

    # -- the generic table --------------------------------------------------------------------------------
    def statements(self, node: Node, trail: frozenset[Node] = frozenset()) -> list[Statement]:
        """Every property of ``node`` with its values, rdf:type first; blank nodes nested (CBD)."""
        rows: list[Statement] = []
        properties = self.index.properties(node)
        for predicate in sorted(properties, key=lambda p: (p != RDF_TYPE, p)):
            values = properties[predicate]
            nested = {v: self.statements(v, trail | {node}) for v in values if isinstance(v, Blank) and v not in trail}
            # blank-node labels differ between parses: order blank values by what they say, not by label
            ordered = sorted(
                values, key=lambda v: (1, self._signature(v), "") if isinstance(v, Blank) else (0, "", str(v))
            )
            rows.append(Statement(predicate, ordered, nested))
        return rows

    def _signature(self, node: Blank, depth: int = 0) -> str:
        """What a blank node says (its properties and non-blank values), for a label-free order."""
        parts = []
        for predicate, values in sorted(self.index.properties(node).items()):
            for value in values:
                inner = self._signature(value, depth + 1) if isinstance(value, Blank) and depth < 3 else str(value)
                parts.append(f"{predicate}={inner}")
        return "|".join(sorted(parts))

    def curie(self, iri: str) -> str:
        """``skos:prefLabel`` for a full IRI when a prefix is bound for its namespace (cached: many calls)."""
        found = self._curies.get(iri)
        if found is None:
            found = self._curies[iri] = self._curie(iri)
        return found

    def _curie(self, iri: str) -> str:
        # the longest bound namespace, any local part (mgo.rdf.names); the prefixes are read when first needed
        if self._names is None or self._names.source is not self.index.prefixes:
            self._names = Names(self.index.prefixes)
        return self._names.compress(iri, local=ANY_LOCAL_NAME, trailing_dot=True) or iri

    # -- misc ---------------------------------------------------------------------------------------------
    def types(self, node: Node) -> list[Iri]:
        return self.index.types(node)

    def literal(self, node: Node, prop: str) -> Lit | None:
        return self.index.first_literal(node, prop)

    def cites(self, node: Node) -> list[Iri]:
        return self.index.iris(node, CITO + "cites")
