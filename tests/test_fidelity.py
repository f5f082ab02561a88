"""Fidelity to the source text (``source/bijlage-a.txt``): the gate of ``mgo build`` and ``mgo check``.

:mod:`mgo.pipeline.fidelity` compares every quote, perspective, attribution line, question, criterion, title and
description of the data layer with the source text; the only differences it allows are whitespace, repaired
line-break hyphens and corrections recorded as editorial notes. These tests prove that it finds every text
(the counts come from the source text, not from the data), that it passes on the sources, and that changing a
single character of any quote makes ``mgo build`` and ``mgo check`` fail at the quote's ``file:line``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from build_helpers import annotation_rows, run_cli
from mgo.config import Project
from mgo.pipeline.build import parse_and_stamp
from mgo.pipeline.fidelity import (
    SOURCE_TEXT,
    check_fidelity,
    compare,
    corrections_of,
    normalise_source,
    texts_of,
    word_diff,
)

ROOT = Path(__file__).resolve().parents[1]
MGO = Namespace("https://w3id.org/missiegedreven/def/")
SCHEMA = Namespace("https://schema.org/")
BASE = "https://w3id.org/missiegedreven/"
DEFINITIONS = ROOT / "data" / "definitions.ttl"
#: what a plain clone needs to build (the copy the mutation tests change)
CONTENT = ("ontology", "data", "shapes", "queries", "source", "external", "pyproject.toml")


def nl(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "nl"]
    assert len(values) == 1, f"{subject} has {len(values)} {predicate} @nl"
    return str(values[0])


def definitions(graph: Graph) -> list[URIRef]:
    return sorted(URIRef(s) for s in graph.subjects(RDF.type, MGO.Definition))


def _quotes_of_the_file() -> list[tuple[str, str]]:
    """(definition IRI, quote) for every mgo:Definition of data/definitions.ttl, read with rdflib."""
    graph = Graph().parse(DEFINITIONS, format="turtle")
    return sorted((str(d), nl(graph, d, RDF.value)) for d in definitions(graph))


QUOTES = _quotes_of_the_file()


def _questions_of(source_text: str) -> list[str]:
    """The model's questions as the source text lists them: the lines after "de volgende vragen:"."""
    questions = source_text.split("de volgende vragen:")[1].split("De antwoorden")[0]
    return [line.strip() for line in questions.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sources():
    project = Project(ROOT)
    return project, parse_and_stamp(project, "0")


def test_the_source_text_is_in_the_repository(source_text: str) -> None:
    assert (ROOT / SOURCE_TEXT).is_file()
    assert source_text.startswith(" Model Missiegedreven Omgevingen")


def test_normalisation_repairs_only_line_break_hyphens() -> None:
    assert normalise_source("On-\nderzoekers en Leer- en Innovatie") == "Onderzoekers en Leer- en Innovatie"
    assert normalise_source("kwali-\nteits-projecten") == "kwaliteits-projecten"
    assert normalise_source("Human Capi-\ntal") == "Human Capital"
    assert normalise_source("werkgevers- en") == "werkgevers- en"
    assert normalise_source("a\uf02d b", {"a b": "c"}) == "c"


def test_every_text_from_the_source_is_compared_and_verbatim(sources, source_text: str) -> None:
    project, parsed = sources
    report = check_fidelity(project, parsed)
    assert report.mismatches == []
    counts = report.counts()
    # the counts come from the source text itself: its top-level quotations (a paragraph that opens with “, so
    # a line that begins with it), its "Invalshoek:" paragraphs, the questions listed after "de volgende
    # vragen:", the bullets of the selection criteria
    assert counts["quote"] == len(re.findall(r"(?m)^[ \t]*“", source_text)) == len(QUOTES)
    assert counts["perspective"] == source_text.count("Invalshoek:")
    assert counts["question"] == len(_questions_of(source_text))
    criteria = source_text.split("selectiecriteria gebruikt:")[1].split("De definities, de invalshoek")[0]
    assert counts["criterion"] == criteria.count("\uf02d")
    assert counts["attribution"] >= len(QUOTES)  # every definition has its line of attribution


@pytest.mark.parametrize(("subject", "quote"), QUOTES, ids=[q[0].rsplit("/", 1)[1] for q in QUOTES])
def test_plain_skos_definition_is_the_quote(publication: Graph, subject: str, quote: str) -> None:
    concept = URIRef(subject.replace("/definitie/", "/concept/"))
    assert nl(publication, concept, SKOS.definition) == quote


def _copy_project(target: Path) -> Path:
    target.mkdir()
    for name in CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_project(tmp_path_factory.mktemp("fidelity") / "project")


def _mutate(text: str, quote: str) -> tuple[str, int]:
    """``text`` (the Turtle file) with one letter of ``quote`` changed, and the line of that letter."""
    start = text.index(quote)
    letters = [i for i, c in enumerate(quote) if c.isalpha() and c.islower()]
    offset = letters[len(letters) * 2 // 3]  # well inside the quote, on a later line of a multi-line quote
    changed = "x" if quote[offset] != "x" else "y"
    position = start + offset
    return text[:position] + changed + text[position + 1 :], text[:position].count("\n") + 1


@pytest.mark.parametrize(("subject", "quote"), QUOTES, ids=[q[0].rsplit("/", 1)[1] for q in QUOTES])
def test_one_changed_character_of_a_quote_fails_build_and_check(project_copy: Path, subject: str, quote: str) -> None:
    path = project_copy / "data" / "definitions.ttl"
    original = path.read_text(encoding="utf-8")
    mutated, line = _mutate(original, quote)
    path.write_text(mutated, encoding="utf-8")
    try:
        code, out, err = run_cli("build", "--root", project_copy)
        assert code == 1, err
        assert f"data/definitions.ttl:{line}: quote differs from the source text" in err
        assert f"resource: <{subject}>" in err
        assert "nothing was published" in err
        assert not (project_copy / "dist").exists()
        code, out, err = run_cli("check", "--root", project_copy, "--only", "fidelity")
        assert code == 1, out
        assert f"data/definitions.ttl:{line}: error: [fidelity fidelity/verbatim] <{subject}>" in out
        assert re.search(r"mgo check FAILED: [12] errors?,", out)  # + its annotations, if the letter is in one
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_word_diff_names_the_changed_word() -> None:
    diff, first = word_diff("een kleine wijzeging hier", "dit is een kleine wijziging hier en daar")
    assert diff == "…een kleine [-wijziging-]{+wijzeging+} hier…"
    assert first == 2


def test_translation_hashes_do_not_matter(sources) -> None:
    """The gate reads the source text only: a changed quote fails even with every other file in agreement."""
    _, parsed = sources
    data = Graph()
    data += parsed.graphs["data"]
    living_lab = URIRef(BASE + "definitie/living-lab")
    quote = nl(data, living_lab, RDF.value)
    data.set((living_lab, RDF.value, Literal(quote.replace("Living Labs", "Living-Labs", 1), lang="nl")))
    source = (ROOT / SOURCE_TEXT).read_text(encoding="utf-8")
    wrong = compare(data, source, corrections=corrections_of([parsed.graphs["additions"]]))
    assert [(t.kind, t.subject) for t in wrong] == [("quote", str(living_lab))]


@pytest.mark.parametrize(
    ("kind", "subject", "predicate"),
    [
        ("perspective", "invalshoek/stadslab", RDF.value),
        ("criterion", "criterium/3", RDF.value),
        ("question", "vraag/5", SCHEMA.text),
    ],
)
def test_each_kind_of_text_is_guarded(sources, kind: str, subject: str, predicate: URIRef) -> None:
    _, parsed = sources
    data = Graph()
    data += parsed.graphs["data"]
    node = URIRef(BASE + subject)
    text = nl(data, node, predicate)
    data.set((node, predicate, Literal(text[:-2] + "x" + text[-1:], lang="nl")))
    source = (ROOT / SOURCE_TEXT).read_text(encoding="utf-8")
    wrong = compare(data, source, corrections=corrections_of([parsed.graphs["additions"]]))
    assert [(t.kind, t.subject) for t in wrong] == [(kind, str(node))]


def test_a_correction_is_allowed_only_where_its_note_is(sources) -> None:
    """ "contract- onderwijs" → "contractonderwijs" holds for the definition whose note records it, only."""
    _, parsed = sources
    source = (ROOT / SOURCE_TEXT).read_text(encoding="utf-8")
    corrections = corrections_of([parsed.graphs["additions"]])
    hybride = BASE + "definitie/hybride-leeromgeving"
    assert corrections == {hybride: {"contract- onderwijs": "contractonderwijs"}}
    assert compare(parsed.graphs["data"], source, corrections=corrections) == []
    wrong = compare(parsed.graphs["data"], source, corrections={})
    assert [t.subject for t in wrong] == [hybride]
    moved = {BASE + "definitie/living-lab": corrections[hybride]}
    assert [t.subject for t in compare(parsed.graphs["data"], source, corrections=moved)] == [hybride]


def test_texts_are_read_from_the_data_layer_only(sources) -> None:
    _, parsed = sources
    kinds = {t.kind for t in texts_of(parsed.graphs["additions"])}
    assert "quote" not in kinds  # English translations are ours, never compared with the Dutch source


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


def test_questions_in_order_and_this_text_answers_its_own(publication: Graph, source_text: str) -> None:
    """The questions are numbered as the source text lists them, and the one this text answers is its own title
    (the appendix is called after a question: "Welke definities zijn er zoal? (Bijlage a)")."""
    questions = sorted(
        publication.subjects(RDF.type, SCHEMA.Question),
        key=lambda q: int(publication.value(q, SCHEMA.position)),
    )
    listed = _questions_of(source_text)
    assert [int(publication.value(q, SCHEMA.position)) for q in questions] == list(range(1, len(listed) + 1))
    assert [nl(publication, q, SCHEMA.text) for q in questions] == listed
    own = next(i for i, q in enumerate(listed, 1) if source_text.splitlines()[2].startswith(q))
    answered = [q for q in questions if publication.value(q, SCHEMA.acceptedAnswer) is not None]
    assert answered == [URIRef(f"{BASE}vraag/{own}")]
    assert publication.value(answered[0], SCHEMA.acceptedAnswer) == URIRef(f"{BASE}bron/bijlage-a")


def _attribution_after(quote: str, source_text: str, corrections: dict[str, str] | None) -> str:
    """The line of attribution that follows ``quote`` in the source text (up to its "Invalshoek:")."""
    plain = normalise_source(source_text, corrections)
    framed = f"“{' '.join(quote.split())}”"
    assert plain.count(framed) == 1, f"the quote is not once in the source text: {framed[:60]}…"
    return plain.split(framed, 1)[1].split("Invalshoek:", 1)[0].strip()


def test_years_only_where_given(publication: Graph, sources, source_text: str) -> None:
    """A quoted work has a year (``dct:issued``) exactly where the source text gives one: the year in brackets
    in the line of attribution under the quote ("Wenger (1998)"), none where the line has none."""
    _, parsed = sources
    corrections = corrections_of([parsed.graphs["additions"]])
    published, given = {}, {}
    for definition in definitions(publication):
        slug = str(definition).rsplit("/", 1)[1]
        source = publication.value(definition, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom"))
        published[slug] = sorted(str(y) for y in publication.objects(source, DCTERMS.issued))
        line = _attribution_after(nl(publication, definition, RDF.value), source_text, corrections.get(str(definition)))
        given[slug] = re.findall(r"\((\d{4})\)", line)
    assert len(given) == len(QUOTES)
    assert published == given


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
    assert len(annotations) == len(annotation_rows()), "one Web Annotation per row of data/annotations.tsv"
    for annotation in annotations:
        target = publication.value(annotation, oa.hasTarget)
        selector = publication.value(target, oa.hasSelector)
        quote = str(publication.value(publication.value(target, oa.hasSource), RDF.value))
        exact, prefix, suffix = (str(publication.value(selector, p)) for p in (oa.exact, oa.prefix, oa.suffix))
        assert quote.count(prefix + exact + suffix) == 1, annotation
