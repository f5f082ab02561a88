"""Fidelity to the source text: every published quote and every text the source gives is verbatim.

The only differences allowed between a published text and the PDF text of the source are whitespace (line
breaks of the PDF, the list layout) and the repairs the PDF extraction needs, each named here:
- a hyphen at the end of a line that breaks a word ("On-\\nderzoekers") is removed;
- the list bullets of the PDF (U+F02D, a Symbol-font glyph) are layout, not text;
- "contract- onderwijs" is a line-break hyphen that survived in the middle of a line (see the editorial note on
  the definition of Hybride leeromgeving).
Everything else, real hyphens and "(…)" included, must be exactly as in the source.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

MGO = Namespace("https://w3id.org/missiegedreven/def/")
SCHEMA = Namespace("https://schema.org/")
BASE = "https://w3id.org/missiegedreven/"
KNOWN_REPAIRS = {"contract- onderwijs": "contractonderwijs"}


def normalise_source(text: str) -> str:
    text = re.sub(r"(?<=[a-zà-ÿ])-[ \u202f]*\n\s*(?=[a-zà-ÿ])", "", text)  # line-break hyphens only
    for broken, repaired in KNOWN_REPAIRS.items():
        text = text.replace(broken, repaired)
    text = text.replace("\uf02d", " ")
    return re.sub(r"\s+", " ", text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def nl(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "nl"]
    assert len(values) == 1, f"{subject} has {len(values)} {predicate} @nl"
    return str(values[0])


def definitions(graph: Graph) -> list[URIRef]:
    found = sorted(URIRef(s) for s in graph.subjects(RDF.type, MGO.Definition))
    assert len(found) == 8, f"expected the eight quoted definitions, found {len(found)}"
    return found


def test_normalisation_repairs_only_line_break_hyphens() -> None:
    assert normalise_source("On-\nderzoekers en Leer- en Innovatie") == "Onderzoekers en Leer- en Innovatie"
    assert normalise_source("kwali-\nteits-projecten") == "kwaliteits-projecten"
    assert normalise_source("Human Capi-\ntal") == "Human Capital"
    assert normalise_source("werkgevers- en") == "werkgevers- en"


@pytest.mark.parametrize(
    "slug",
    [
        "living-lab",
        "stadslab",
        "community-of-practice",
        "learning-community",
        "ontwikkelwerkplaats",
        "leer-en-innovatienetwerk",
        "leerecosysteem",
        "hybride-leeromgeving",
    ],
)
def test_quote_is_verbatim_between_the_quotation_marks(publication: Graph, source_text: str, slug: str) -> None:
    definition = URIRef(f"{BASE}definitie/{slug}")
    quote = nl(publication, definition, RDF.value)
    source = normalise_source(source_text)
    assert f"“{normalise(quote)}”" in source, f"the quote of {slug} differs from the source text"
    # the plain-SKOS view carries the same text, exactly once, in Dutch
    concept = URIRef(f"{BASE}concept/{slug}")
    assert nl(publication, concept, SKOS.definition) == quote


def test_eight_quotes_are_all_the_quotes_of_the_source(publication: Graph, source_text: str) -> None:
    published = {normalise(nl(publication, d, RDF.value)) for d in definitions(publication)}
    source = normalise_source(source_text)
    # top-level quotations of the source: “ at the start of a quote up to ” before the citation line
    starts = [m.start() for m in re.finditer(r"(?:^|\) )“", source)]
    assert len(starts) == 8
    assert all(any(source.startswith(q, s + source[s:].index("“") + 1) for q in published) for s in starts)


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("leer-en-innovatienetwerk", ["Leer- en InnovatieNetwerk", "kwaliteits-projecten", "(…)"]),
        ("living-lab", ["cocreatie-aanpak", "cocreatie-proces", "én/of"]),
        ("stadslab", ["co-creëren", "(Schliwa & McCormick 2016)", "(Steen & van Bueren 2017)"]),
        ("leerecosysteem", ["leef- en leeromgeving", "hij/zij", "wijk/stad"]),
        ("hybride-leeromgeving", ["post-initieel", "contractonderwijs", "(…)", "human capital agenda’s"]),
        ("learning-community", ["ICT-mogelijkheden", "(…)", "‘een leven lang leren’"]),
    ],
)
def test_real_hyphens_and_elisions_are_kept(publication: Graph, slug: str, words: list[str]) -> None:
    quote = nl(publication, URIRef(f"{BASE}definitie/{slug}"), RDF.value)
    for word in words:
        assert word in quote, f"{word!r} missing from the quote of {slug}"


def test_contract_onderwijs_repair_is_documented(publication: Graph) -> None:
    notes = " ".join(
        str(n) for n in publication.objects(URIRef(f"{BASE}definitie/hybride-leeromgeving"), SKOS.editorialNote)
    )
    assert "contract- onderwijs" in notes


def test_perspectives_are_verbatim(publication: Graph, source_text: str) -> None:
    source = normalise_source(source_text)
    perspectives = sorted(publication.subjects(RDF.type, MGO.Perspective))
    assert len(perspectives) == 8
    for perspective in perspectives:
        text = normalise(nl(publication, perspective, RDF.value))
        assert f"Invalshoek: {text}" in source, f"perspective {perspective} differs from the source"


def test_citations_criteria_questions_and_titles_are_verbatim(publication: Graph, source_text: str) -> None:
    source = normalise_source(source_text)
    texts: list[tuple[URIRef, str]] = []
    for definition in definitions(publication):
        texts.append((definition, str(publication.value(definition, DCTERMS.bibliographicCitation))))
    for criterion in publication.subjects(RDF.type, MGO.SelectionCriterion):
        texts.append((criterion, nl(publication, criterion, RDF.value)))
    for question in publication.subjects(RDF.type, SCHEMA.Question):
        texts.append((question, nl(publication, question, SCHEMA.text)))
    selection = URIRef(f"{BASE}selectie")
    texts.append((selection, nl(publication, selection, DCTERMS.description)))
    texts.append((selection, nl(publication, selection, RDFS.comment)))
    model = URIRef(f"{BASE}bron/missiegedreven-omgevingen")
    texts.append((model, nl(publication, model, DCTERMS.title)))
    assert len(texts) == 8 + 4 + 8 + 3
    for subject, text in texts:
        assert normalise(text) in source, f"{subject}: {text!r} is not verbatim in the source"


def test_questions_in_order_and_this_text_answers_the_sixth(publication: Graph) -> None:
    questions = sorted(
        publication.subjects(RDF.type, SCHEMA.Question),
        key=lambda q: int(publication.value(q, SCHEMA.position)),
    )
    assert [int(publication.value(q, SCHEMA.position)) for q in questions] == list(range(1, 9))
    answered = [q for q in questions if publication.value(q, SCHEMA.acceptedAnswer) is not None]
    assert answered == [URIRef(f"{BASE}vraag/6")]
    assert publication.value(answered[0], SCHEMA.acceptedAnswer) == URIRef(f"{BASE}bron/bijlage-a")


def test_years_only_where_given(publication: Graph) -> None:
    years = {}
    for definition in definitions(publication):
        source = publication.value(definition, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom"))
        issued = list(publication.objects(source, DCTERMS.issued))
        years[str(definition).rsplit("/", 1)[1]] = [str(y) for y in issued]
    assert years == {
        "living-lab": ["2021"],
        "stadslab": ["2017"],
        "community-of-practice": ["1998"],
        "learning-community": ["2019"],
        "ontwikkelwerkplaats": ["2020"],
        "leer-en-innovatienetwerk": [],
        "leerecosysteem": [],
        "hybride-leeromgeving": ["2021"],
    }


def test_greve_stays_as_given_with_the_correction_beside_it(publication: Graph) -> None:
    greve = URIRef(f"{BASE}agent/greve")
    assert str(publication.value(greve, SCHEMA.name)) == "Greve"
    assert any("Greven" in str(n) for n in publication.objects(greve, SKOS.editorialNote))
    correction = publication.value(URIRef(f"{BASE}bron/kloppenburg-de-jonge-greve-2020"), SCHEMA.correction)
    assert correction is not None
    assert str(publication.value(correction, SCHEMA.citation)).startswith("https://www.hu.nl/")


def test_every_annotation_quotes_its_definition(publication: Graph) -> None:
    oa = Namespace("http://www.w3.org/ns/oa#")
    annotations = sorted(publication.subjects(RDF.type, oa.Annotation))
    assert len(annotations) >= 70
    for annotation in annotations:
        target = publication.value(annotation, oa.hasTarget)
        selector = publication.value(target, oa.hasSelector)
        quote = str(publication.value(publication.value(target, oa.hasSource), RDF.value))
        exact, prefix, suffix = (str(publication.value(selector, p)) for p in (oa.exact, oa.prefix, oa.suffix))
        assert quote.count(prefix + exact + suffix) == 1, annotation
