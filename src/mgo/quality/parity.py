"""Language parity (every text that must exist in Dutch and English does) and stale translations.

**Parity.** The publication is bilingual: the source is Dutch, the English is ours (``data/additions/``).
:data:`REQUIREMENTS` lists each kind of text that must exist in both languages: concept and scheme labels and
definitions, the ontology's title, description and its terms' labels and definitions, the model's questions,
the selection criteria's labels, and the quoted texts (a definition or perspective is Dutch; its English is an
``mgo:Translation``). :func:`parity` counts, per requirement, the resources and which language each lacks;
every gap is a finding. ``mgo check --parity`` prints the table.

**Stale translations.** An English translation records which Dutch text it translates: ``mgo:translatedTextHash``
holds ``sha256:`` + the hex SHA-256 of the UTF-8 bytes of the Dutch text in Unicode NFC (:func:`text_hash`;
NFC so that the same text typed with a composed or a decomposed "é" has one hash). When the Dutch text
changes, the hash no longer matches and the translation is reported as stale: the English must be checked
against the new Dutch, and the hash updated (the message gives the new value). A hash is not in SHACL
because SPARQL has ``SHA256()`` but no Unicode normalisation; shape D18 checks that a hash is there and well
formed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode
from rdflib import URIRef

from mgo.findings import Finding, Rule
from mgo.rdf.convert import node
from mgo.rdf.labels import label as best_label
from mgo.rdf.narrow import solutions
from mgo.terms import MGO

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from mgo.pipeline.locate import SourceIndex

RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
HASH_PROPERTY = MGO + "translatedTextHash"
LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": {"nl": "het Nederlands", "en": "Dutch"}, "en": {"nl": "het Engels", "en": "English"}}
PREFIXES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX mgo: <https://w3id.org/missiegedreven/def/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True)
class Requirement:
    """A kind of text that must exist in Dutch and English (``names``: Dutch with its article, English without).

    ``select`` is a SPARQL group pattern binding ``?resource``; ``texts`` one binding ``?text`` to the texts
    (usually ``?resource <property> ?text``), each counted in the language of its tag.
    """

    id: str
    names: dict[str, str]
    select: str
    property: str
    texts: str = ""

    def text_pattern(self) -> str:
        return self.texts or f"?resource <{self.property}> ?text ."


_TERMS = (
    "VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty } "
    '?resource a ?type . FILTER(STRSTARTS(STR(?resource), "https://w3id.org/missiegedreven/def/"))'
)
REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "concept-preflabel",
        {"nl": "het voorkeurslabel van een begrip", "en": "preferred label of a concept"},
        "?resource a skos:Concept .",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
    ),
    Requirement(
        "concept-definition",
        {"nl": "de definitie van een begrip", "en": "definition of a concept"},
        "?resource a skos:Concept .",
        "http://www.w3.org/2004/02/skos/core#definition",
    ),
    Requirement(
        "scheme-preflabel",
        {"nl": "de naam van een begrippenkader", "en": "name of a concept scheme"},
        "?resource a skos:ConceptScheme .",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
    ),
    Requirement(
        "scheme-definition",
        {"nl": "de definitie van een begrippenkader", "en": "definition of a concept scheme"},
        "?resource a skos:ConceptScheme .",
        "http://www.w3.org/2004/02/skos/core#definition",
    ),
    Requirement(
        "ontology-title",
        {"nl": "de titel van de ontologie", "en": "title of the ontology"},
        "?resource a owl:Ontology .",
        "http://purl.org/dc/terms/title",
    ),
    Requirement(
        "ontology-description",
        {"nl": "de beschrijving van de ontologie", "en": "description of the ontology"},
        "?resource a owl:Ontology .",
        "http://purl.org/dc/terms/description",
    ),
    Requirement(
        "term-label",
        {"nl": "het label van een ontologieterm", "en": "label of an ontology term"},
        _TERMS,
        "http://www.w3.org/2000/01/rdf-schema#label",
    ),
    Requirement(
        "term-definition",
        {"nl": "de definitie van een ontologieterm", "en": "definition of an ontology term"},
        _TERMS,
        "http://www.w3.org/2004/02/skos/core#definition",
    ),
    Requirement(
        "question-text",
        {"nl": "de tekst van een vraag van het model", "en": "text of a question of the model"},
        "?resource a schema:Question .",
        "https://schema.org/text",
    ),
    Requirement(
        "criterion-label",
        {"nl": "het label van een selectiecriterium", "en": "label of a selection criterion"},
        "?resource a mgo:SelectionCriterion .",
        "http://www.w3.org/2000/01/rdf-schema#label",
    ),
    Requirement(
        "quote-translation",
        {
            "nl": "de tekst van een geciteerde definitie of invalshoek (Engels: een mgo:Translation)",
            "en": "text of a quoted definition or perspective (English: an mgo:Translation)",
        },
        "VALUES ?type { mgo:Definition mgo:Perspective } ?resource a ?type .",
        RDF_VALUE,
        "{ ?resource rdf:value ?text } UNION { ?translation mgo:translationOf ?resource ; rdf:value ?text }",
    ),
)


def text_hash(text: str) -> str:
    """``sha256:`` + hex SHA-256 of the UTF-8 bytes of ``text`` in Unicode NFC."""
    return "sha256:" + hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def _query(requirement: Requirement) -> str:
    return (
        PREFIXES
        + 'SELECT ?resource (SUM(IF(LANGMATCHES(LANG(?text), "nl"), 1, 0)) AS ?nl) '
        + '(SUM(IF(LANGMATCHES(LANG(?text), "en"), 1, 0)) AS ?en)\n'
        + f"WHERE {{ {{ SELECT DISTINCT ?resource WHERE {{ {requirement.select} }} }}\n"
        + f"  OPTIONAL {{ {requirement.text_pattern()} }} }}\nGROUP BY ?resource"
    )


@dataclass(frozen=True)
class Coverage:
    requirement: Requirement
    total: int
    missing: dict[str, list[str]]  # language -> IRIs lacking it

    def as_dict(self) -> dict[str, Any]:
        return {
            "requirement": self.requirement.id,
            "names": dict(self.requirement.names),
            "property": self.requirement.property,
            "resources": self.total,
            "missing": {lang: list(iris) for lang, iris in self.missing.items()},
        }


def rules() -> list[Rule]:
    return [
        Rule(
            f"parity/{r.id}",
            names={
                "nl": f"{r.names['nl'].split(' ', 1)[1]} in het Nederlands en het Engels",
                "en": f"{r.names['en']} in Dutch and English",
            },
        )
        for r in REQUIREMENTS
    ]


def parity(
    store: pyoxigraph.Store, *, index: SourceIndex | None = None, labels: Graph | None = None
) -> tuple[list[Coverage], list[Finding]]:
    """The coverage of every requirement and a finding for each missing text."""

    coverage: list[Coverage] = []
    findings: list[Finding] = []
    for requirement in REQUIREMENTS:
        missing: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        total = 0
        for row in solutions(store.query(_query(requirement))):
            resource = row["resource"]
            if type(resource).__name__ != "NamedNode":
                continue
            total += 1
            for lang in LANGUAGES:
                # no text at all: the SUM over an unbound ?text is unbound (a half-finished resource)
                if row[lang] is None or int(row[lang].value) == 0:
                    missing[lang].append(resource.value)
        coverage.append(Coverage(requirement, total, {k: sorted(v) for k, v in missing.items()}))
        for lang in LANGUAGES:
            for iri in sorted(missing[lang]):
                other = "en" if lang == "nl" else "nl"
                name = best_label(labels, URIRef(iri)) if labels is not None else None
                where = index.locate(iri, requirement.property) if index is not None else None
                what_nl = requirement.names["nl"][0].upper() + requirement.names["nl"][1:]
                findings.append(
                    Finding(
                        check="parity",
                        rule=f"parity/{requirement.id}",
                        severity="error",
                        messages={
                            "nl": f"{what_nl} ontbreekt in {LANGUAGE_NAMES[lang]['nl']} "
                            f"(<{requirement.property}> met taalcode @{lang}); elke tekst staat er in het "
                            f"Nederlands én in het Engels. Vertaal de tekst in {LANGUAGE_NAMES[other]['nl']}"
                            + (" (Engelse teksten van ons staan in data/additions/)." if lang == "en" else "."),
                            "en": f"The {requirement.names['en']} is missing in {LANGUAGE_NAMES[lang]['en']} "
                            f"(<{requirement.property}> tagged @{lang}); every such text exists in Dutch and in "
                            f"English. Translate the {LANGUAGE_NAMES[other]['en']} text"
                            + (" (our English texts are in data/additions/)." if lang == "en" else "."),
                        },
                        resource=node(iri),
                        label=name,
                        location=where,
                        property=NamedNode(requirement.property),
                        value=f"@{lang}",  # a note, not a term: the language that is missing
                    )
                )
    return coverage, findings


# --- stale translations -----------------------------------------------------------------------------------

TRANSLATIONS_QUERY = (
    PREFIXES
    + """SELECT ?translation ?source ?hash ?dutch WHERE {
  ?translation a mgo:Translation ; mgo:translationOf ?source .
  OPTIONAL { ?translation mgo:translatedTextHash ?hash }
  OPTIONAL { ?source rdf:value ?dutch FILTER(LANGMATCHES(LANG(?dutch), "nl")) }
}"""
)
TRANSLATION_RULES = (
    Rule(
        "translations/stale",
        names={
            "nl": "Vertaling is bij met de Nederlandse tekst",
            "en": "Translation is up to date with the Dutch text",
        },
    ),
    Rule(
        "translations/hash-missing",
        names={
            "nl": "Vertaling zegt welke Nederlandse tekst ze vertaalt",
            "en": "Translation records the Dutch text it translates",
        },
    ),
)


def stale_translations(
    store: pyoxigraph.Store, *, index: SourceIndex | None = None, labels: Graph | None = None
) -> list[Finding]:
    """A finding for each translation whose recorded hash is missing or no longer that of its Dutch text."""

    findings: list[Finding] = []
    for row in solutions(store.query(TRANSLATIONS_QUERY)):
        translation, source, recorded, dutch = row["translation"], row["source"], row["hash"], row["dutch"]
        if type(translation).__name__ != "NamedNode" or dutch is None:
            continue  # no Dutch text: parity (quote-translation) and shape D11 report that
        expected = text_hash(dutch.value)
        iri = translation.value
        where = index.locate(iri, HASH_PROPERTY) if index is not None else None
        name = best_label(labels, URIRef(source.value)) if labels is not None else None
        if recorded is None:
            findings.append(
                Finding(
                    check="translations",
                    rule="translations/hash-missing",
                    severity="error",
                    messages={
                        "nl": f"Deze vertaling zegt niet welke versie van de Nederlandse tekst <{source.value}> ze "
                        f'vertaalt. Controleer de vertaling en voeg toe: mgo:translatedTextHash "{expected}".',
                        "en": f"This translation does not record which version of the Dutch text <{source.value}> "
                        f'it translates. Check the translation and add: mgo:translatedTextHash "{expected}".',
                    },
                    resource=translation,
                    label=name,
                    location=where,
                    property=NamedNode(HASH_PROPERTY),
                )
            )
        elif recorded.value != expected:
            findings.append(
                Finding(
                    check="translations",
                    rule="translations/stale",
                    severity="error",
                    messages={
                        "nl": f"De Nederlandse tekst <{source.value}> is veranderd sinds deze vertaling is gemaakt "
                        "(de vastgelegde hash klopt niet meer): de Engelse tekst is mogelijk verouderd. Lees de "
                        "vertaling na tegen de nieuwe tekst, pas haar aan waar nodig en zet dan "
                        f'mgo:translatedTextHash "{expected}".',
                        "en": f"The Dutch text <{source.value}> has changed since this translation was made (the "
                        "recorded hash no longer matches): the English may be out of date. Review the translation "
                        "against the new text, update it where needed, then set "
                        f'mgo:translatedTextHash "{expected}".',
                    },
                    resource=translation,
                    label=name,
                    location=where,
                    property=NamedNode(HASH_PROPERTY),
                    value=recorded,
                )
            )
    return findings
