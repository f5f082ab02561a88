"""Concept-level diff between two versions of the publication: Markdown for people, RDF for programs.

The unit is the *entity* a curator thinks in: a concept (``skos:Concept``), a concept scheme, an ontology term
(an OWL class or property in ``def/``). For each, what changed is sorted into the kinds a changelog or a
review asks about:

=============== ============================================================================================
added           the entity is new
deprecated      ``owl:deprecated true`` was added; *replaced* when it also has ``dct:isReplacedBy``
removed         the IRI is gone (``mgo release`` refuses that: published IRIs never disappear)
labels          ``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel``, ``rdfs:label``, per language
definitions     ``skos:definition`` per language, with a word diff (``difflib`` on words)
sources         ``dct:source``, ``prov:wasDerivedFrom``
hierarchy       ``skos:broader``, ``skos:topConceptOf``, ``skos:inScheme``, ``rdfs:subClassOf`` moves
mappings        the five SKOS mapping properties and ``rdfs:seeAlso``, asserted (as in 0.1.0) or stated by an
                SSSOM/RDF record (``owl:Axiom``, as since #11: :func:`with_mappings`)
other           every other statement about the entity, by property
=============== ============================================================================================

Every other IRI of ours whose statements changed (definitions, sources, annotations …) is listed with its
counts, and statements about blank nodes (records of mappings, selectors) are counted, so nothing changes
unseen. The version stamp of the ontology header (``owl:versionIRI``, ``owl:versionInfo``,
``owl:priorVersion``, ``dct:modified``) is left out: it changes with every release.

**RDF.** The Changeset vocabulary (http://purl.org/vocab/changeset/schema#, Tunnicliffe & Davis, 2005), made
for exactly this: one ``cs:ChangeSet`` per changed resource, ``cs:subjectOfChange`` the resource,
``cs:addition``/``cs:removal`` the statements as ``rdf:Statement``, ``cs:changeReason`` the summary in Dutch
and English, ``cs:createdDate`` the release date; the change sets are ``dct:isPartOf`` the release, which is a
``prov:Entity`` that ``prov:wasRevisionOf`` the previous release. We chose it over a vocabulary of our own
(nothing to define and document) and over ``skos:changeNote`` (which would put the history inside the concept
descriptions, changing the very data the diff describes). Change set IRIs:
``https://w3id.org/missiegedreven/release/{version}/changes/{path of the resource below the base}``.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef

from mgo.config import project_from
from mgo.errors import EXIT_OK, UsageError
from mgo.pipeline.publication import Publication
from mgo.rdf.convert import new_graph
from mgo.rdf.formats import canonical, canonical_turtle
from mgo.rdf.labels import label
from mgo.rdf.names import Names
from mgo.rdf.narrow import sorted_terms
from mgo.releases.records import read_record, recorded_versions, release_date
from mgo.terms import BASE, DCT, OWL, PROV, RDF, RDFS, SKOS, SSSOM, XSD

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier, Node

RELEASE_BASE = BASE + "release/"
ONTOLOGY_IRI = BASE + "def"
CS = "http://purl.org/vocab/changeset/schema#"

LABELS = (SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", RDFS + "label")
DEFINITIONS = (SKOS + "definition",)
SOURCES = (DCT + "source", PROV + "wasDerivedFrom")
HIERARCHY = (SKOS + "broader", SKOS + "topConceptOf", SKOS + "inScheme", RDFS + "subClassOf")
SKOS_MAPPINGS = tuple(SKOS + m for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"))
#: a link to a page that is not a SKOS concept (Wikipedia, DBpedia, OpenAlex) is rdfs:seeAlso since #11: a mapping
#: that became such a link reads "skos:exactMatch → rdfs:seeAlso", not as a removal
MAPPINGS = (*SKOS_MAPPINGS, RDFS + "seeAlso")
DEPRECATION = (OWL + "deprecated", DCT + "isReplacedBy")
#: the version stamp, different in every release by design
STAMP = (OWL + "versionIRI", OWL + "versionInfo", OWL + "priorVersion", DCT + "modified")
KINDS = ("concept", "scheme", "term")
KIND_NAMES = {
    "concept": ("begrip", "concept"),
    "scheme": ("begrippenkader", "concept scheme"),
    "term": ("ontologieterm", "ontology term"),
}
#: (new, gone) in Dutch, with the article and adjective each noun takes
_NEW_GONE_NL = {
    "concept": ("Nieuw begrip.", "Het begrip is verdwenen."),
    "scheme": ("Nieuw begrippenkader.", "Het begrippenkader is verdwenen."),
    "term": ("Nieuwe ontologieterm.", "De ontologieterm is verdwenen."),
    "other": ("Nieuwe bron.", "De bron is verdwenen."),
}
PREFIXES = {
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "dct": DCT,
    "prov": PROV,
    "schema": "https://schema.org/",
    "mgo": BASE + "def/",
}
_NAMES = Names(PREFIXES)


def short(iri: str) -> str:
    """``skos:prefLabel``, or ``<iri>`` outside the namespaces of :data:`PREFIXES` (mgo.rdf.names)."""
    return _NAMES.shorten(iri, trailing_dot=True)


def word_diff(old: str, new: str, *, markdown: bool = True) -> str:
    """The new text with removed words marked ``~~old~~`` and added words ``**new**`` (Markdown), or git's
    plain word-diff form ``[-old-]{+new+}``."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if op in ("delete", "replace"):
            removed = " ".join(a[i1:i2])
            out.append(f"~~{_escape(removed)}~~" if markdown else f"[-{removed}-]")
        if op in ("insert", "replace"):
            added = " ".join(b[j1:j2])
            out.append(f"**{_escape(added)}**" if markdown else f"{{+{added}+}}")
    return " ".join(out)


def _escape(text: str) -> str:
    return re.sub(r"([*~_`\\])", r"\\\1", text)


# --- the model of a diff ----------------------------------------------------------------------------------


@dataclass
class EntityChange:
    """What changed about one IRI between the two versions."""

    iri: str
    kind: str  # concept, scheme, term, other
    label: str | None
    added: list[tuple[str, Node]] = field(default_factory=list)  # (predicate, object) statements
    removed: list[tuple[str, Node]] = field(default_factory=list)
    status: str = "changed"  # added, removed, deprecated, changed

    def predicates(self) -> set[str]:
        return {p for p, _ in self.added} | {p for p, _ in self.removed}

    def values(self, predicate: str, which: str) -> list[Identifier]:
        pairs = self.added if which == "added" else self.removed
        return sorted_terms(o for p, o in pairs if p == predicate)


@dataclass
class Diff:
    old_version: str | None
    new_version: str
    date: str
    entities: list[EntityChange]
    blank_added: int = 0
    blank_removed: int = 0
    labels_old: Graph | None = None
    labels_new: Graph | None = None

    def of_kind(self, *kinds: str) -> list[EntityChange]:
        return [e for e in self.entities if e.kind in kinds]

    def with_status(self, status: str) -> list[EntityChange]:
        return [e for e in self.entities if e.status == status]

    @property
    def removed_iris(self) -> list[str]:
        return [e.iri for e in self.entities if e.status == "removed"]

    def touching(self, predicates: tuple[str, ...]) -> list[EntityChange]:
        return [
            e
            for e in self.entities
            if e.kind in KINDS and e.status in ("changed", "deprecated") and e.predicates() & set(predicates)
        ]

    def summary(self) -> dict[str, int]:
        entity = [e for e in self.entities if e.kind in KINDS]
        return {
            "added": sum(1 for e in entity if e.status == "added"),
            "deprecated": sum(1 for e in entity if e.status == "deprecated"),
            "replaced": sum(1 for e in entity if e.status == "deprecated" and e.values(DCT + "isReplacedBy", "added")),
            "removed": sum(1 for e in entity if e.status == "removed"),
            "labels": len(self.touching(LABELS)),
            "definitions": len(self.touching(DEFINITIONS)),
            "sources": len(self.touching(SOURCES)),
            "hierarchy": len(self.touching(HIERARCHY)),
            "mappings": len(self.touching(MAPPINGS)),
            "other resources": sum(1 for e in self.entities if e.kind == "other"),
        }


def _kind(graph: Graph, node: Node) -> str:

    types = {str(t) for t in graph.objects(node, URIRef(RDF + "type"))}
    if SKOS + "Concept" in types:
        return "concept"
    if SKOS + "ConceptScheme" in types:
        return "scheme"
    owl_terms = {OWL + n for n in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
    if types & owl_terms and str(node).startswith(BASE + "def/"):
        return "term"
    return "other"


def with_mappings(graph: Graph) -> Graph:
    """``graph`` plus the triple each positive SSSOM/RDF mapping record of it states.

    Since #11 the mappings are published as records (``owl:Axiom`` with ``owl:annotatedSource``,
    ``owl:annotatedProperty``, ``owl:annotatedTarget``; https://mapping-commons.github.io/sssom/spec-formats-rdf/),
    not as asserted ``skos:*Match`` triples; 0.1.0 asserted them. Comparing the two as they are would report
    every mapping removed and none added. Here a record with a mapping property (:data:`MAPPINGS`) and no
    ``sssom:predicate_modifier sssom:NegatedPredicate`` (a non-match) counts as the statement it records, so a
    mapping is the same mapping in either form. ``graph`` itself is returned when it holds no such record.
    """

    rdf_type, axiom = URIRef(RDF + "type"), URIRef(OWL + "Axiom")
    source, prop, target = (URIRef(OWL + n) for n in ("annotatedSource", "annotatedProperty", "annotatedTarget"))
    modifier, negated = URIRef(SSSOM + "predicate_modifier"), URIRef(SSSOM + "NegatedPredicate")
    stated: list[tuple[Node, Node, Node]] = []
    for record in graph.subjects(rdf_type, axiom):
        s, p, o = graph.value(record, source), graph.value(record, prop), graph.value(record, target)
        if s is None or p is None or o is None or str(p) not in MAPPINGS or (record, modifier, negated) in graph:
            continue
        stated.append((s, p, o))
    if not stated:
        return graph
    view = new_graph()
    view += graph
    for triple in stated:
        view.add(triple)
    return view


def diff_graphs(old: Graph | None, new: Graph, *, old_version: str | None, new_version: str, date: str) -> Diff:
    """The diff from ``old`` (``None``: the first release, everything is added) to ``new``; a mapping counts the
    same whether it is asserted or stated by an SSSOM/RDF record (:func:`with_mappings`)."""

    old = with_mappings(old) if old is not None else new_graph()
    new = with_mappings(new)
    stamp = {URIRef(p) for p in STAMP}
    header = URIRef(ONTOLOGY_IRI)

    def ours(graph: Graph) -> dict[Node, set[tuple[Node, Node]]]:
        found: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
        for s, p, o in graph:
            if isinstance(s, URIRef) and str(s).startswith(BASE) and not (s == header and p in stamp):
                found[s].add((p, o))
        return found

    before, after = ours(old), ours(new)
    entities: list[EntityChange] = []
    for subject in sorted(set(before) | set(after), key=str):
        gone = before.get(subject, set()) - after.get(subject, set())
        came = after.get(subject, set()) - before.get(subject, set())
        if not gone and not came:
            continue
        in_new = subject in after
        graph = new if in_new else old
        change = EntityChange(
            iri=str(subject),
            kind=_kind(graph, subject),
            label=label(graph, subject),
            added=sorted(((str(p), o) for p, o in came if not isinstance(o, BNode)), key=_pair_key),
            removed=sorted(((str(p), o) for p, o in gone if not isinstance(o, BNode)), key=_pair_key),
        )
        deprecated_now = (subject, URIRef(OWL + "deprecated"), Literal(True)) in new
        deprecated_before = (subject, URIRef(OWL + "deprecated"), Literal(True)) in old
        if subject not in before:
            change.status = "added"
        elif not in_new:
            change.status = "removed"
        elif deprecated_now and not deprecated_before:
            change.status = "deprecated"
        if change.kind == "other" and _kind(old, subject) != "other":
            change.kind = _kind(old, subject)
        if change.added or change.removed or change.status != "changed":
            entities.append(change)
    old_blank, new_blank = _blank_statements(old), _blank_statements(new)
    return Diff(
        old_version=old_version,
        new_version=new_version,
        date=date,
        entities=entities,
        blank_added=len(new_blank - old_blank),
        blank_removed=len(old_blank - new_blank),
        labels_old=old,
        labels_new=new,
    )


def _blank_statements(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """The statements about blank nodes, with labels made from their content (:func:`mgo.rdf.formats.canonical`)
    so that the same structure compares equal across two parses."""

    blank = Graph()
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            blank.add(triple)
    return {t for t in canonical(blank) if isinstance(t[0], BNode)}


def _pair_key(pair: tuple[str, Node]) -> tuple[str, str]:
    return (pair[0], pair[1].n3())


# --- Markdown ---------------------------------------------------------------------------------------------


def _who(diff: Diff, iri: str) -> str:

    name = None
    for graph in (diff.labels_new, diff.labels_old):
        if graph is not None and name is None:
            name = label(graph, URIRef(iri))
    return f'"{name}" <{iri}>' if name else f"<{iri}>"


def _term(diff: Diff, node: Node, *, language: bool = True) -> str:

    if isinstance(node, Literal):
        text = str(node)
        return f"“{text}”" + (f"@{node.language}" if node.language and language else "")
    if isinstance(node, URIRef) and str(node).startswith(BASE):
        return _who(diff, str(node))
    return short(str(node)) if isinstance(node, URIRef) else node.n3()


def _by_language(values: Iterable[Node]) -> dict[str, list[Node]]:

    out: dict[str, list[Node]] = defaultdict(list)
    for value in values:
        out[value.language or "" if isinstance(value, Literal) else ""].append(value)
    return out


def _value_changes(diff: Diff, change: EntityChange, predicate: str) -> list[str]:
    """``prefLabel @en: “a” → “b”`` when one value replaced one; otherwise ``+ …`` and ``− …`` lists."""
    gone = _by_language(change.values(predicate, "removed"))
    came = _by_language(change.values(predicate, "added"))
    lines = []
    for language in sorted(set(gone) | set(came)):
        tag = f" @{language}" if language else ""
        old_values, new_values = gone.get(language, []), came.get(language, [])
        if len(old_values) == 1 and len(new_values) == 1:
            before = _term(diff, old_values[0], language=False)
            lines.append(f"{short(predicate)}{tag}: {before} → {_term(diff, new_values[0], language=False)}")
            continue
        parts = [f"+ {_term(diff, v, language=False)}" for v in new_values]
        parts += [f"− {_term(diff, v, language=False)}" for v in old_values]
        lines.append(f"{short(predicate)}{tag}: " + "; ".join(parts))
    return lines


def _mapping_changes(diff: Diff, change: EntityChange) -> list[str]:
    """Per external concept: ``<target>: skos:closeMatch → skos:exactMatch``, or added/removed mappings."""
    targets: dict[Node, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for predicate in MAPPINGS:
        for value in change.values(predicate, "removed"):
            targets[value][0].append(short(predicate))
        for value in change.values(predicate, "added"):
            targets[value][1].append(short(predicate))
    lines = []
    for target in sorted(targets, key=lambda n: n.n3()):
        gone, came = targets[target]
        if gone and came:
            lines.append(f"{_term(diff, target)}: {', '.join(gone)} → {', '.join(came)}")
        elif came:
            lines.append(f"{_term(diff, target)}: + {', '.join(came)}")
        else:
            lines.append(f"{_term(diff, target)}: − {', '.join(gone)}")
    return lines


def markdown(diff: Diff) -> str:
    """The diff as Markdown: a summary table, then one section per kind of change (empty ones left out)."""
    since = f"from {diff.old_version} " if diff.old_version else ""
    title = f"# Changes {since}to {diff.new_version} ({diff.date})"
    lines = [title, ""]
    if diff.old_version is None:
        lines += ["The first release: everything in it is new.", ""]
    summary = diff.summary()
    if not any(summary.values()) and not diff.blank_added and not diff.blank_removed:
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    if any(summary.values()):
        lines += ["| change | count |", "|---|---|"]
        lines += [f"| {name} | {count} |" for name, count in summary.items() if count]
    kind_order = {kind: i for i, kind in enumerate((*KINDS, "other"))}

    def entity_line(change: EntityChange) -> str:
        return f"- {KIND_NAMES.get(change.kind, ('', 'resource'))[1]} {_who(diff, change.iri)}"

    def ordered(items: list[EntityChange]) -> list[EntityChange]:
        return sorted(items, key=lambda e: (kind_order.get(e.kind, 9), e.iri))

    added = ordered([e for e in diff.entities if e.kind in KINDS and e.status == "added"])
    if added:
        lines += ["", "## Added", ""]
        for change in added:
            extra = []
            for predicate in (SKOS + "prefLabel", RDFS + "label"):
                extra += [_term(diff, v) for v in change.values(predicate, "added")]
            tops = change.values(SKOS + "topConceptOf", "added")
            for predicate in (SKOS + "broader", SKOS + "topConceptOf", SKOS + "inScheme"):
                extra += [
                    f"{short(predicate)} {_term(diff, v)}"
                    for v in change.values(predicate, "added")
                    if not (predicate == SKOS + "inScheme" and v in tops)
                ]
            lines.append(entity_line(change) + (f": {', '.join(extra)}" if extra else ""))
    deprecated = ordered([e for e in diff.entities if e.kind in KINDS and e.status == "deprecated"])
    if deprecated:
        lines += ["", "## Deprecated", ""]
        for change in deprecated:
            replaced = change.values(DCT + "isReplacedBy", "added")
            by = f": replaced by {', '.join(_term(diff, r) for r in replaced)}" if replaced else ""
            lines.append(entity_line(change) + by)
    removed = ordered([e for e in diff.entities if e.status == "removed"])
    if removed:
        lines += ["", "## Removed (published IRIs that are gone)", ""]
        lines += [entity_line(change) for change in removed]
    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Labels", LABELS),
        ("Sources", SOURCES),
        ("Hierarchy", HIERARCHY),
        ("Mappings", MAPPINGS),
    )
    for heading, predicates in sections[:1]:
        _section(diff, lines, heading, predicates, ordered)
    _definitions(diff, lines, ordered)
    for heading, predicates in sections[1:]:
        _section(diff, lines, heading, predicates, ordered)
    known = set(LABELS + DEFINITIONS + SOURCES + HIERARCHY + MAPPINGS + DEPRECATION)
    other = [
        e
        for e in ordered(diff.entities)
        if e.kind in KINDS and e.status in ("changed", "deprecated") and e.predicates() - known
    ]
    if other:
        lines += ["", "## Other statements", ""]
        for change in other:
            unknown = sorted(change.predicates() - known)
            lines.append(entity_line(change) + ": " + ", ".join(short(p) for p in unknown))
    others = [e for e in diff.entities if e.kind == "other"]
    if others or diff.blank_added or diff.blank_removed:
        lines += ["", "## Other resources", ""]
        if diff.old_version is None:  # the first release: counts by IRI pattern, not hundreds of lines
            by_pattern: dict[str, int] = defaultdict(int)
            for change in others:
                by_pattern[change.iri[len(BASE) :].split("/", 1)[0]] += 1
            lines += [f"- {BASE}{pattern}/…: {count}" for pattern, count in sorted(by_pattern.items())]
            others = []
        for change in sorted(others, key=lambda e: e.iri):
            status = {"added": "new", "removed": "gone"}.get(change.status, "changed")
            lines.append(
                f"- {_who(diff, change.iri)}: {status} (+{len(change.added)} / −{len(change.removed)} statements)"
            )
        if diff.blank_added or diff.blank_removed:
            lines.append(
                f"- statements about blank nodes (mapping records, selectors, qualified associations): "
                f"+{diff.blank_added} / −{diff.blank_removed}"
            )
    return "\n".join(lines) + "\n"


def _section(diff: Diff, lines: list[str], heading: str, predicates: tuple[str, ...], ordered: Any) -> None:
    changes = ordered(diff.touching(predicates))
    if not changes:
        return
    lines += ["", f"## {heading}", ""]
    for change in changes:
        if predicates == MAPPINGS:
            details = _mapping_changes(diff, change)
        else:
            details = [d for p in predicates if p in change.predicates() for d in _value_changes(diff, change, p)]
        lines.append(f"- {KIND_NAMES[change.kind][1]} {_who(diff, change.iri)}")
        lines += [f"  - {detail}" for detail in details]


def _definitions(diff: Diff, lines: list[str], ordered: Any) -> None:
    changes = ordered(diff.touching(DEFINITIONS))
    if not changes:
        return
    lines += ["", "## Definitions", ""]
    for change in changes:
        lines.append(f"- {KIND_NAMES[change.kind][1]} {_who(diff, change.iri)}")
        for predicate in DEFINITIONS:
            gone = _by_language(change.values(predicate, "removed"))
            came = _by_language(change.values(predicate, "added"))
            for language in sorted(set(gone) | set(came)):
                tag = f" @{language}" if language else ""
                old_values, new_values = gone.get(language, []), came.get(language, [])
                if len(old_values) == 1 and len(new_values) == 1:
                    lines.append(f"  - {short(predicate)}{tag}: {word_diff(str(old_values[0]), str(new_values[0]))}")
                else:
                    for value in new_values:
                        lines.append(f"  - {short(predicate)}{tag} added: {_escape(str(value))}")
                    for value in old_values:
                        lines.append(f"  - {short(predicate)}{tag} removed: {_escape(str(value))}")


# --- RDF --------------------------------------------------------------------------------------------------


def release_iri(version: str) -> str:
    return RELEASE_BASE + version


def _reasons(diff: Diff, change: EntityChange) -> dict[str, str]:
    """One sentence per language that says what changed (``cs:changeReason``)."""
    en = KIND_NAMES.get(change.kind, ("bron", "resource"))[1]
    new_nl, gone_nl = _NEW_GONE_NL.get(change.kind, _NEW_GONE_NL["other"])
    if change.status == "added":
        return {"nl": new_nl, "en": f"New {en}."}
    if change.status == "removed":
        return {"nl": gone_nl, "en": f"The {en} is gone."}
    parts_en: list[str] = []
    parts_nl: list[str] = []
    if change.status == "deprecated":
        parts_en.append("deprecated")
        parts_nl.append("vervallen")
    groups = (
        (LABELS, "labels", "labels"),
        (DEFINITIONS, "definitie", "definition"),
        (SOURCES, "bronnen", "sources"),
        (HIERARCHY, "plaats in de hiërarchie", "place in the hierarchy"),
        (MAPPINGS, "koppelingen", "mappings"),
    )
    seen: set[str] = set(DEPRECATION)
    for predicates, name_nl, name_en in groups:
        if change.predicates() & set(predicates):
            parts_nl.append(f"{name_nl} gewijzigd")
            parts_en.append(f"{name_en} changed")
            seen |= set(predicates)
    rest = sorted(change.predicates() - seen)
    if rest:
        listed = ", ".join(short(p) for p in rest)
        parts_nl.append(f"overige uitspraken gewijzigd ({listed})")
        parts_en.append(f"other statements changed ({listed})")
    return {"nl": "; ".join(parts_nl).capitalize() + ".", "en": "; ".join(parts_en).capitalize() + "."}


def rdf(diff: Diff) -> Graph:
    """The diff in the Changeset vocabulary (see the module docstring); deterministic once canonicalised."""

    graph = new_graph()
    for prefix, namespace in (
        ("cs", CS),
        ("dct", DCT),
        ("owl", OWL),
        ("prov", PROV),
        ("rdf", RDF),
        ("xsd", XSD),
        ("skos", SKOS),
    ):
        graph.bind(prefix, namespace)
    release = URIRef(release_iri(diff.new_version))
    a = URIRef(RDF + "type")
    graph.add((release, a, URIRef(PROV + "Entity")))
    graph.add((release, URIRef(OWL + "versionInfo"), Literal(diff.new_version)))
    graph.add((release, URIRef(DCT + "issued"), Literal(diff.date, datatype=URIRef(XSD + "date"))))
    if diff.old_version:
        graph.add((release, URIRef(PROV + "wasRevisionOf"), URIRef(release_iri(diff.old_version))))
    created = Literal(f"{diff.date}T00:00:00Z", datatype=URIRef(XSD + "dateTime"))
    for change in diff.entities:
        node = URIRef(f"{release}/changes/{change.iri[len(BASE) :]}")
        graph.add((node, a, URIRef(CS + "ChangeSet")))
        graph.add((node, URIRef(CS + "subjectOfChange"), URIRef(change.iri)))
        graph.add((node, URIRef(CS + "createdDate"), created))
        graph.add((node, URIRef(CS + "creatorName"), Literal("mgo release")))
        graph.add((node, URIRef(DCT + "isPartOf"), release))
        for language, text in _reasons(diff, change).items():
            graph.add((node, URIRef(CS + "changeReason"), Literal(text, lang=language)))
        for link, pairs in ((CS + "addition", change.added), (CS + "removal", change.removed)):
            for predicate, obj in pairs:
                statement = BNode()
                graph.add((node, URIRef(link), statement))
                graph.add((statement, a, URIRef(RDF + "Statement")))
                graph.add((statement, URIRef(RDF + "subject"), URIRef(change.iri)))
                graph.add((statement, URIRef(RDF + "predicate"), URIRef(predicate)))
                graph.add((statement, URIRef(RDF + "object"), obj))
    return graph


def rdf_text(diff: Diff) -> str:

    return canonical_turtle(rdf(diff))


# --- command line -----------------------------------------------------------------------------------------

SOURCES_NAME = "sources"


def run(args: Any, out: Any, err: Any) -> int:
    import datetime as _dt

    project = project_from(getattr(args, "root", None))
    versions = recorded_versions(project.root)
    old_name = args.old or (versions[-1] if versions else None)
    new_name = args.new or SOURCES_NAME
    if old_name == SOURCES_NAME:
        raise UsageError("FROM must be a released version", hint=f"released: {', '.join(versions) or 'none'}")

    def load(name: str) -> tuple[Graph, str, str]:
        if name == SOURCES_NAME:
            return Publication.from_sources(project).rdflib(), "sources", _dt.date.today().isoformat()
        graph = read_record(project.root, name)
        return graph, name, release_date(graph) or ""

    old_graph = None
    if old_name is not None:
        old_graph, old_name, _ = load(old_name)
    new_graph, new_label, date = load(new_name)
    diff = diff_graphs(old_graph, new_graph, old_version=old_name, new_version=new_label, date=date)
    out.write(markdown(diff) if args.format == "markdown" else rdf_text(diff))
    return EXIT_OK
