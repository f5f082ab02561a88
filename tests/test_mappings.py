"""The mappings to other vocabularies (data/mappings/), the identifiers (data/additions/identifiers.ttl), the
L shapes (shapes/mappings.ttl) and ``mgo links``.

The verified link list (source/LINKS.md) and the NL-SBB profile (external/) are in the repository: nothing
skips. The checksum tests compare the SPARQL of the L shapes with a Python reference.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from mgo.cli import main
from mgo.pipeline.parse import parse_file
from mgo.pipeline.sssom import (
    LOW_CONFIDENCE,
    MAPPING_PREDICATES,
    NEGATABLE_PREDICATES,
    MappingSetError,
    build_mappings_layer,
    load_mapping_sets,
    mapping_outputs,
    parse_mapping_set,
)
from mgo.pipeline.validate import validate_graph
from mgo.rdf.canon import canonical_nquads

ROOT = Path(__file__).resolve().parents[1]
LINKS = ROOT / "source" / "LINKS.md"
SHAPES = ROOT / "shapes" / "mappings.ttl"
EXAMPLES = ROOT / "shapes" / "examples"
BASE = "https://w3id.org/missiegedreven/"
SSSOM = Namespace("https://w3id.org/sssom/")
OWL_NS = Namespace("http://www.w3.org/2002/07/owl#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCT = Namespace("http://purl.org/dc/terms/")
SHAPE_BASE = BASE + "shapes/"


@pytest.fixture(scope="module")
def mapping_set():
    sets = load_mapping_sets(ROOT)
    assert len(sets) == 1, "expected exactly one mapping set in data/mappings/"
    return sets[0]


def tsv_rows() -> list[dict[str, str]]:
    """The rows of the SSSOM file read as plain TSV (not by the parser under test): the counts the tests
    expect come from the content, never from a number written in a test."""
    import csv

    path = ROOT / "data" / "mappings" / "external-vocabularies.sssom.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def positive_rows() -> list[dict[str, str]]:
    return [row for row in tsv_rows() if row["predicate_modifier"] != "Not"]


@pytest.fixture(scope="module")
def layer() -> Graph:
    return build_mappings_layer(ROOT)


# --- the parser: exact messages with file:line:column ------------------------------------------------------

HEADER = """# curie_map:
#   concept: https://w3id.org/missiegedreven/concept/
#   agent: https://w3id.org/missiegedreven/agent/
#   unesco: http://vocabularies.unesco.org/thesaurus/
# mapping_set_id: https://w3id.org/missiegedreven/mappings/t
# mapping_set_version: "2026-11-28"
# mapping_set_title: test
# license: https://creativecommons.org/licenses/by/4.0/
"""
COLUMNS = (
    "subject_id\tsubject_label\tpredicate_id\tpredicate_modifier\tobject_id\tobject_label\t"
    "mapping_justification\tconfidence\tauthor_id\tmapping_date\tcomment"
)
GOOD_ROW = (
    "concept:lab\tlab\tskos:closeMatch\t\tunesco:concept13097\tResearch laboratories\t"
    "semapv:ManualMappingCuration\t0.7\tagent:mgo\t2026-11-28\t"
)


def write_set(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "t", columns: str = COLUMNS) -> Path:
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.sssom.tsv"
    path.write_text(header + columns + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def problem_texts(path: Path, root: Path) -> list[str]:
    with pytest.raises(MappingSetError) as caught:
        parse_mapping_set(path, root=root)
    error = caught.value
    return [p.render() for p in error.problems] if error.problems else [error.render()]


def test_a_good_row_parses(tmp_path: Path) -> None:
    parsed = parse_mapping_set(write_set(tmp_path, GOOD_ROW), root=tmp_path)
    (mapping,) = parsed.mappings
    assert mapping.subject == BASE + "concept/lab"
    assert mapping.predicate == str(SKOS.closeMatch)
    assert mapping.object == "http://vocabularies.unesco.org/thesaurus/concept13097"
    assert (mapping.line, mapping.confidence, mapping.negated) == (10, 0.7, False)


# Row 10 is the first row (8 header lines, then the column line). The column is the field's first character.
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            GOOD_ROW.replace("skos:closeMatch", "skos:sameAs"),
            "data/mappings/t.sssom.tsv:10:17: column predicate_id: unknown predicate 'skos:sameAs'\n"
            "  how to fix: use one of skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch, "
            "skos:relatedMatch, rdfs:seeAlso",
        ),
        (
            GOOD_ROW.replace("unesco:concept13097", "eurovoc:1653"),
            "data/mappings/t.sssom.tsv:10:34: column object_id: the prefix 'eurovoc' of 'eurovoc:1653' "
            "is not declared in the curie_map\n"
            "  how to fix: add '#   eurovoc: <namespace>' to the curie_map, or correct the prefix",
        ),
        (
            GOOD_ROW.replace("\t0.7\t", "\t1.2\t"),
            "data/mappings/t.sssom.tsv:10:105: column confidence: '1.2' is not a number between 0 and 1",
        ),
        (
            GOOD_ROW.replace("\t0.7\t", "\thigh\t"),
            "data/mappings/t.sssom.tsv:10:105: column confidence: 'high' is not a number between 0 and 1",
        ),
        (
            GOOD_ROW.replace("\t0.7\t", "\t0.4\t"),
            "data/mappings/t.sssom.tsv:10:17: column predicate_id: confidence 0.4 is low (below 0.5), so the "
            "mapping can be at most skos:relatedMatch, not skos:closeMatch\n"
            "  how to fix: use skos:relatedMatch, or raise the confidence if the match was verified",
        ),
        (
            GOOD_ROW.replace("unesco:concept13097", "http://vocabularies.unesco.org/thesaurus/concept13097"),
            "data/mappings/t.sssom.tsv:10:34: column object_id: 'http://vocabularies.unesco.org/thesaurus/"
            "concept13097' is not a CURIE\n"
            "  how to fix: write prefix:local with a prefix of the curie_map",
        ),
        (
            GOOD_ROW.replace("\t\tunesco", "\tNot really\tunesco"),
            "data/mappings/t.sssom.tsv:10:33: column predicate_modifier: 'Not really' is not a predicate "
            "modifier\n  how to fix: leave it empty, or write Not",
        ),
        (
            GOOD_ROW.replace("2026-11-28", "28-11-2026"),
            "data/mappings/t.sssom.tsv:10:119: column mapping_date: '28-11-2026' is not a date\n"
            "  how to fix: write the date as YYYY-MM-DD",
        ),
        (
            GOOD_ROW.replace("concept:lab\t", "unesco:concept1\t"),
            "data/mappings/t.sssom.tsv:10:1: column subject_id: unesco:concept1 is not a concept of ours "
            "(https://w3id.org/missiegedreven/…)",
        ),
        (
            GOOD_ROW + "\textra",
            "data/mappings/t.sssom.tsv:10: the row has 12 fields, the header 11\n"
            "  how to fix: separate the fields with one tab each; leave an empty field for an empty value",
        ),
    ],
    ids=[
        "unknown-predicate",
        "undeclared-prefix",
        "confidence-above-1",
        "confidence-not-a-number",
        "low-confidence-above-related",
        "full-iri-not-curie",
        "bad-modifier",
        "bad-date",
        "subject-not-ours",
        "field-count",
    ],
)
def test_bad_row_is_reported_with_file_line_and_column(tmp_path: Path, row: str, expected: str) -> None:
    assert problem_texts(write_set(tmp_path, row), tmp_path) == [expected]


def test_every_problem_of_a_file_is_reported_in_order(tmp_path: Path) -> None:
    path = write_set(
        tmp_path,
        GOOD_ROW,
        GOOD_ROW,
        GOOD_ROW.replace("skos:closeMatch", "skos:exactMatch").replace("\t0.7\t", "\t2\t"),
    )
    assert problem_texts(path, tmp_path) == [
        "data/mappings/t.sssom.tsv:11: the same mapping is already on line 10\n"
        "  how to fix: remove one of the two rows",
        "data/mappings/t.sssom.tsv:12:105: column confidence: '2' is not a number between 0 and 1",
    ]


def test_a_mapping_both_asserted_and_denied_is_an_error(tmp_path: Path) -> None:
    denied = GOOD_ROW.replace("skos:closeMatch\t", "skos:mappingRelation\tNot")
    assert problem_texts(write_set(tmp_path, GOOD_ROW, denied), tmp_path) == [
        "data/mappings/t.sssom.tsv:10: concept:lab skos:closeMatch unesco:concept13097 is asserted here and "
        "denied on line 11 (predicate_modifier Not skos:mappingRelation)\n"
        "  how to fix: keep either the mapping or the non-match",
    ]


def test_mapping_relation_only_when_negated(tmp_path: Path) -> None:
    row = GOOD_ROW.replace("skos:closeMatch", "skos:mappingRelation")
    assert problem_texts(write_set(tmp_path, row), tmp_path)[0].startswith(
        "data/mappings/t.sssom.tsv:10:17: column predicate_id: unknown predicate 'skos:mappingRelation'"
    )
    denied = row.replace("\t\tunesco", "\tNot\tunesco")
    assert parse_mapping_set(write_set(tmp_path, denied), root=tmp_path).mappings[0].negated


def test_metadata_problems(tmp_path: Path) -> None:
    header = HEADER.replace("mappings/t\n", "mappings/other\n").replace(
        "# license: https://creativecommons.org/licenses/by/4.0/\n", "# licence: CC-BY\n"
    )
    assert problem_texts(write_set(tmp_path, GOOD_ROW, header=header), tmp_path) == [
        "data/mappings/t.sssom.tsv:1: the metadata block has no license\n"
        "  how to fix: add a line '# license: …' to the metadata block",
        "data/mappings/t.sssom.tsv:5: mapping_set_id is https://w3id.org/missiegedreven/mappings/other, "
        "but the set in t.sssom.tsv has the id https://w3id.org/missiegedreven/mappings/t\n"
        "  how to fix: write '# mapping_set_id: https://w3id.org/missiegedreven/mappings/t' "
        "(the ids follow the file names)",
        "data/mappings/t.sssom.tsv:8: unknown metadata key 'licence'\n"
        "  how to fix: use the SSSOM mapping-set slots this project knows: curie_map, mapping_set_id, "
        "mapping_set_version, mapping_set_title, license, mapping_set_description, creator_id, "
        "sssom_version, publication_date",
    ]


def test_yaml_error_names_its_line(tmp_path: Path) -> None:
    header = HEADER.replace("# mapping_set_title: test\n", "# mapping_set_title: [unclosed\n")
    (text,) = problem_texts(write_set(tmp_path, GOOD_ROW, header=header), tmp_path)
    assert text.startswith("data/mappings/t.sssom.tsv:8: the metadata block is not valid YAML")


def test_builtin_prefix_cannot_be_rebound(tmp_path: Path) -> None:
    header = HEADER.replace("# curie_map:\n", "# curie_map:\n#   skos: http://example.org/skos#\n")
    (text,) = problem_texts(write_set(tmp_path, GOOD_ROW, header=header), tmp_path)
    assert text == (
        "data/mappings/t.sssom.tsv:2: curie_map: 'skos' is a built-in SSSOM prefix for "
        "http://www.w3.org/2004/02/skos/core#; it cannot be rebound"
    )


# --- the published mapping set -----------------------------------------------------------------------------


def test_mapping_set_metadata(mapping_set) -> None:
    meta = mapping_set.metadata
    assert meta["mapping_set_id"] == BASE + "mappings/external-vocabularies"
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    # the set's version is the date of its latest curation (not the software version): it cannot drift
    assert meta["mapping_set_version"] == max(m.mapping_date for m in mapping_set.mappings).isoformat()
    assert {m.justification for m in mapping_set.mappings} == {"https://w3id.org/semapv/vocab/ManualMappingCuration"}


def test_low_confidence_is_never_more_than_related_match(mapping_set) -> None:
    low = [m for m in mapping_set.positive() if m.confidence < LOW_CONFIDENCE and m.predicate_id in MAPPING_PREDICATES]
    assert low, "expected low-confidence mappings"
    assert {m.predicate_id for m in low} == {"skos:relatedMatch"}


def test_skos_mappings_only_to_skos_concepts(mapping_set) -> None:
    """A SKOS mapping property only where the target vocabulary is SKOS (UNESCO, EuroVoc, EuroSciVoc publish
    their concepts as skos:Concept); an article, a DBpedia resource or an OpenAlex topic is rdfs:seeAlso."""
    skos_vocabularies = {"UNESCO Thesaurus", "EuroVoc", "EuroSciVoc"}
    for mapping in mapping_set.mappings:
        assert mapping.object_type == ("skos concept" if mapping.vocabulary in skos_vocabularies else "rdfs resource")
        if not mapping.negated:
            expected_skos = mapping.vocabulary in skos_vocabularies
            assert (mapping.predicate_id in MAPPING_PREDICATES) == expected_skos, f"line {mapping.line}"
            assert (mapping.predicate_id == "rdfs:seeAlso") == (not expected_skos), f"line {mapping.line}"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            GOOD_ROW.replace("Research laboratories\t", "Research laboratories\trdfs resource\t"),
            "data/mappings/t.sssom.tsv:10:76: column object_type: skos:closeMatch needs a SKOS concept as its "
            "object, and the object type is 'rdfs resource'",
        ),
        (
            GOOD_ROW.replace("skos:closeMatch", "rdfs:seeAlso").replace(
                "Research laboratories\t", "Research laboratories\tskos concept\t"
            ),
            "data/mappings/t.sssom.tsv:10:73: column object_type: rdfs:seeAlso is for objects that are not SKOS "
            "concepts, and the object type is 'skos concept'",
        ),
        (
            GOOD_ROW.replace("Research laboratories\t", "Research laboratories\tconcept\t"),
            "data/mappings/t.sssom.tsv:10:76: column object_type: 'concept' is not an object type",
        ),
    ],
    ids=["skos-to-resource", "see-also-to-concept", "unknown-type"],
)
def test_object_type_must_fit_the_predicate(tmp_path: Path, row: str, expected: str) -> None:
    path = write_set(tmp_path, row, columns=COLUMNS.replace("object_label\t", "object_label\tobject_type\t"))
    assert problem_texts(path, tmp_path)[0].split("\n")[0] == expected


def test_subjects_are_concepts_of_the_publication_with_their_labels(mapping_set, publication: Graph) -> None:
    for mapping in mapping_set.mappings:
        subject = URIRef(mapping.subject)
        assert (subject, RDF.type, SKOS.Concept) in publication, f"line {mapping.line}: {subject} is not a concept"
        dutch = [str(o) for o in publication.objects(subject, SKOS.prefLabel) if o.language == "nl"]
        assert dutch == [mapping.subject_label], f"line {mapping.line}: subject_label differs from skos:prefLabel@nl"


NON_MATCHES = {
    ("concept/leerecosysteem", "http://vocabularies.unesco.org/thesaurus/concept211"),
    ("concept/leerecosysteem", "http://eurovoc.europa.eu/664"),
    ("concept/hybride-leeromgeving", "http://vocabularies.unesco.org/thesaurus/concept17113"),
    ("concept/hybride-leeromgeving", "https://openalex.org/T10162"),
}


def test_non_matches_are_recorded_and_never_asserted(mapping_set, layer: Graph) -> None:
    denied = {(m.subject.removeprefix(BASE), m.object) for m in mapping_set.negated()}
    assert denied == NON_MATCHES
    assert all(m.modifier == "Not" and m.predicate_id == "skos:mappingRelation" for m in mapping_set.negated())
    for subject, obj in NON_MATCHES:
        assert not list(layer.triples((URIRef(BASE + subject), None, URIRef(obj)))), f"{obj} is asserted"
        records = [
            r
            for r in layer.subjects(OWL_NS.annotatedSource, URIRef(BASE + subject))
            if (r, OWL_NS.annotatedTarget, URIRef(obj)) in layer
        ]
        assert len(records) == 1
        # SSSOM/RDF: an owl:Axiom whose predicate_modifier is the IRI the enumeration value Not means
        assert (records[0], RDF.type, OWL_NS.Axiom) in layer
        assert list(layer.objects(records[0], SSSOM.predicate_modifier)) == [SSSOM.NegatedPredicate]
        assert (records[0], OWL_NS.annotatedProperty, SKOS.mappingRelation) in layer


def test_layer_records_every_row_and_asserts_no_skos_mapping(mapping_set, layer: Graph) -> None:
    """Every row is an owl:Axiom record; no skos:*Match is asserted (NL-SBB would want both ends typed
    skos:Concept, each with a definition); the rdfs:seeAlso links are asserted, claiming nothing."""
    skos_match = [URIRef(SKOS + name.split(":")[1]) for name in NEGATABLE_PREDICATES]
    assert [t for p in skos_match for t in layer.triples((None, p, None))] == []
    records = {
        tuple(
            str(layer.value(axiom, OWL_NS[name]))
            for name in ("annotatedSource", "annotatedProperty", "annotatedTarget")
        )
        for axiom in layer.subjects(RDF.type, OWL_NS.Axiom)
    }
    assert records == {(m.subject, m.predicate, m.object) for m in mapping_set.mappings}
    asserted = {(str(s), str(o)) for s, o in layer.subject_objects(RDFS.seeAlso)}
    assert asserted == {(m.subject, m.object) for m in mapping_set.positive() if m.predicate_id == "rdfs:seeAlso"}
    for axiom in layer.subjects(RDF.type, OWL_NS.Axiom):
        kind = layer.value(axiom, SSSOM.object_type)
        assert kind in (SKOS.Concept, RDFS.Resource)
        assert layer.value(axiom, SSSOM.confidence).datatype == XSD.double
        assert layer.value(axiom, DCT.created).datatype == XSD.date
    (mapping_set_node,) = layer.subjects(RDF.type, SSSOM.MappingSet)
    assert len(set(layer.objects(mapping_set_node, SSSOM.mappings))) == len(mapping_set.mappings)


def test_publication_round_trip_and_determinism(layer: Graph) -> None:
    first = mapping_outputs(ROOT)
    second = mapping_outputs(ROOT)
    assert first == second
    assert sorted(first) == ["mappings.jsonld", "mappings.sssom.tsv", "mappings.ttl"]
    assert first["mappings.sssom.tsv"] == (ROOT / "data/mappings/external-vocabularies.sssom.tsv").read_bytes()
    document = json.loads(first["mappings.jsonld"])
    assert isinstance(document["@context"], dict), "mappings.jsonld carries its own context"
    # term for term (RDFC-1.0 on pyoxigraph, which keeps lexical forms; rdflib's parser would normalise
    # "4.0E-1"^^xsd:double to "0.4" and compare something else than what the files hold)
    expected = _canonical_terms(layer)
    for name, syntax in (
        ("mappings.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("mappings.jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ):
        read = [quad.triple for quad in pyoxigraph.parse(first[name], format=syntax)]
        assert canonical_nquads(read) == expected, name


def _canonical_terms(graph: Graph) -> str:
    from mgo.rdf.convert import to_oxigraph

    return canonical_nquads([pyoxigraph.Triple(*(to_oxigraph(term) for term in triple)) for triple in graph])


def test_mappings_do_not_merge_anything_under_owl_rl(layer: Graph, publication: Graph) -> None:
    from mgo.pipeline.reason import check_consistency

    report = check_consistency(publication + layer)
    assert report.same_as == []


# --- the verified link list (source/LINKS.md) ---- -------------------------------------------------

# LINKS.md section B names our concepts in its first column (bold removed); the facet value is the theme.
CONCEPT_NAMES = {
    "Living Lab": "concept/living-lab",
    "Stadslab / urban living lab": "concept/stadslab",
    "Stadslab": "concept/stadslab",
    "Community of Practice": "concept/community-of-practice",
    "Learning Community": "concept/learning-community",
    "Ontwikkelwerkplaats (social domain)": "concept/ontwikkelwerkplaats",
    "Ontwikkelwerkplaats": "concept/ontwikkelwerkplaats",
    "Leer- en InnovatieNetwerk (LIN)": "concept/leer-en-innovatienetwerk",
    "LIN": "concept/leer-en-innovatienetwerk",
    "Leerecosysteem (learning ecosystem)": "concept/leerecosysteem",
    "Leerecosysteem": "concept/leerecosysteem",
    "Hybride leeromgeving": "concept/hybride-leeromgeving",
    "lab": "concept/lab",
    "community": "concept/community",
    "workplace": "concept/werkplaats",
    "werkplaats (workshop)": "concept/werkplaats",
    "network": "concept/netwerk",
    "system / ecosystem": "concept/systeem",
    "learning environment": "concept/leeromgeving",
    "social innovation": "facet/kernwoord/sociale-innovatie",
}
RELATIONS = {"exact": "exactMatch", "close": "closeMatch", "broad": "broadMatch", "narrow": "narrowMatch"}
RELATIONS["related"] = "relatedMatch"
NAMESPACES = {
    "UNESCO": "http://vocabularies.unesco.org/thesaurus/",
    "EuroVoc": "http://eurovoc.europa.eu/",
    "EuroSciVoc": "http://data.europa.eu/8mn/euroscivoc/",
    "OpenAlex": "https://openalex.org/",
    "Wikipedia": "https://en.wikipedia.org/wiki/",
}


def band(confidence: float) -> str:
    """The link list's confidence letter of an SSSOM confidence (README: H 0.9, M 0.7, L 0.4)."""
    return "H" if confidence >= 0.8 else "M" if confidence >= LOW_CONFIDENCE else "L"


def _expand(token: str, vocabulary: str) -> str:
    token = token.strip()
    if token.startswith("http"):
        return token
    if "UNESCO" in vocabulary:
        return NAMESPACES["UNESCO"] + re.search(r"concept\d+", token).group(0)
    if "EuroSciVoc" in vocabulary:
        return NAMESPACES["EuroSciVoc"] + re.search(r"[0-9a-f]{8}-[0-9a-f-]{27}", token).group(0)
    if "EuroVoc" in vocabulary:
        return NAMESPACES["EuroVoc"] + token
    if "OpenAlex" in vocabulary:
        return NAMESPACES["OpenAlex"] + token
    if "Wikipedia" in vocabulary:
        return NAMESPACES["Wikipedia"] + token
    raise AssertionError(f"cannot read identifier {token!r} of {vocabulary!r}")


def links_rows() -> tuple[dict[tuple[str, str], set[tuple[str, str]]], set[tuple[str, str]]]:
    """From LINKS.md section B: (subject, object IRI) -> {(relation, confidence)}, and the denied pairs."""
    text = LINKS.read_text(encoding="utf-8")
    section = text[text.index("## B.") : text.index("## C.")]
    allowed: dict[tuple[str, str], set[tuple[str, str]]] = {}
    denied: set[tuple[str, str]] = set()
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("Concept (NL → EN)", "Base concept", "Theme") or cells[0].startswith("---"):
            continue
        thing = cells[0].replace("**", "").strip()
        if thing not in CONCEPT_NAMES:
            continue  # a theme without a concept of ours, or the generic 'innovation' row
        subject = BASE + CONCEPT_NAMES[thing]
        vocabulary, identifiers, relations, confidences = cells[1], cells[2], cells[4], cells[5]
        parts = re.split(r"\*\*(?:Do not|Not)\*\*", identifiers, maxsplit=1)
        keep, refused = parts[0], parts[1] if len(parts) > 1 else ""
        if "non-match" in vocabulary:
            keep, refused = "", identifiers
        vocabularies = [v.strip() for v in vocabulary.split("/")]
        tokens = re.findall(r"`([^`]+)`", keep)
        for token in re.findall(r"`([^`]+)`", refused):
            denied.add((subject, _expand(token, vocabularies[0])))
        rels = [RELATIONS[r.strip()] for r in relations.split("/") if r.strip() in RELATIONS]
        confs = [c.strip()[:1] for c in confidences.split("/")]
        for index, token in enumerate(tokens):
            which = vocabularies[index] if len(vocabularies) == len(tokens) else vocabularies[0]
            iri = _expand(token.split("→")[0], which)
            rel_options = [rels[index]] if len(rels) == len(tokens) > 1 else rels
            conf = confs[index] if len(confs) == len(tokens) else confs[0]
            for rel in rel_options:
                allowed.setdefault((subject, iri), set()).add((rel, conf))
    return allowed, denied


def test_every_mapping_is_a_verified_identifier_with_its_relation(mapping_set) -> None:
    allowed, _ = links_rows()
    for mapping in mapping_set.positive():
        options = allowed.get((mapping.subject, mapping.object))
        assert options, f"line {mapping.line}: {mapping.object_id} is not listed in LINKS.md for {mapping.subject_id}"
        relation = mapping.predicate_id.split(":")[1]
        if relation == "seeAlso":  # not a SKOS concept: the relation the list suggests is named in the comment
            ok = any(
                conf == band(mapping.confidence)
                and f"the link list suggests {rel.removesuffix('Match')}." in mapping.comment
                for rel, conf in options
            )
        else:
            ok = any(
                conf == band(mapping.confidence) and (relation == rel or (conf == "L" and relation == "relatedMatch"))
                for rel, conf in options
            )
        assert ok, f"line {mapping.line}: {mapping.predicate_id} @ {mapping.confidence} not allowed by {options}"


def test_the_non_matches_of_the_link_list_are_all_recorded(mapping_set) -> None:
    _, denied = links_rows()
    assert denied == {(BASE + s, o) for s, o in NON_MATCHES}
    assert {(m.subject, m.object) for m in mapping_set.negated()} == denied


def test_identifiers_and_pages_are_from_the_link_list() -> None:
    text = LINKS.read_text(encoding="utf-8")
    graph = Graph().parse(ROOT / "data/additions/identifiers.ttl")
    properties = (SCHEMA.identifier, SCHEMA.sameAs, SCHEMA.url, FOAF.page, BIBO.doi, BIBO.isbn13, BIBO.isbn10)
    values = [str(o) for p in properties for o in graph.objects(None, p)]
    assert len(values) > 20
    for value in values:
        bare = value.rsplit("/", 1)[-1] if "ror.org/" in value or "wikidata.org/" in value else value
        bare = bare.removeprefix("https://doi.org/")
        assert bare in text or bare in text.replace("-", ""), f"{value} is not in LINKS.md"


# --- identifiers.ttl: additions that change nothing the source says -----------------------------------


def test_identifiers_add_no_titles_names_or_years_to_source_resources() -> None:
    graph = Graph().parse(ROOT / "data/additions/identifiers.ttl")
    new = {URIRef(BASE + "agent/de-haagse-hogeschool"), URIRef(BASE + "bron/evans-karvonen-raven-2016")}
    for subject, predicate, _ in graph:
        if subject in new:
            continue
        assert predicate not in (DCT.title, SCHEMA.name, DCT.issued, DCT.creator), f"{subject} {predicate}"
    assert not list(graph.triples((None, OWL_NS.sameAs, None))), "owl:sameAs would merge our agents with Wikidata"
    coenders = URIRef(BASE + "bron/coenders-canon-van-het-leren")
    assert not list(graph.triples((coenders, BIBO.isbn13, None))), "the 2021 ISBN is another edition"
    chapter = URIRef(BASE + "bron/schliwa-mccormick-2016")
    assert not list(graph.triples((chapter, BIBO.isbn13, None))), "the ISBN is the book's, not the chapter's"
    for added in new:
        assert (
            added,
            URIRef("http://www.w3.org/ns/prov#wasAttributedTo"),
            URIRef(BASE + "agent/mgo"),
        ) in graph


# --- checksums: Python reference against the SPARQL of the shapes ----------------------------------------

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def ror_valid(identifier: str) -> bool:
    """ROR: '0', 6 Crockford base32 characters, checksum 98 - (n * 100 mod 97) (ISO 7064 Mod 97-10)."""
    if not re.fullmatch(r"0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}", identifier):
        return False
    number = 0
    for character in identifier[1:7]:
        number = number * 32 + CROCKFORD.index(character)
    return int(identifier[7:]) == 98 - (number * 100) % 97


def ror_checksum(body: str) -> str:
    number = 0
    for character in body:
        number = number * 32 + CROCKFORD.index(character)
    return f"{98 - (number * 100) % 97:02d}"


def isbn13_valid(isbn: str) -> bool:
    if not re.fullmatch(r"97[89][0-9]{10}", isbn):
        return False
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(isbn)) % 10 == 0


def isbn10_valid(isbn: str) -> bool:
    if not re.fullmatch(r"[0-9]{9}[0-9X]", isbn):
        return False
    return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn)) % 11 == 0


def test_reference_implementations_on_the_verified_identifiers() -> None:
    for ror in ("028z9kw20", "03cfsyg37", "04crnd335", "021zvq422", "02e2c7k09", "04pp8hn57"):
        assert ror_valid(ror)
    assert not ror_valid("028z9kw21")
    assert isbn13_valid("9780521663632") and isbn13_valid("9781138856202") and isbn13_valid("9789462764071")
    assert isbn10_valid("0521663636") and not isbn10_valid("0521663637")


def _identifier_cases() -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(20261128)
    rors = ["028z9kw20", "03cfsyg37", "04crnd335", "021zvq422", "02e2c7k09", "04pp8hn57", "000000098"]
    for _ in range(40):
        body = "".join(rng.choice(CROCKFORD) for _ in range(6))
        good = "0" + body + ror_checksum(body)
        rors += [good, good[:-1] + str((int(good[-1]) + 1) % 10)]
    rors += ["128z9kw20", "028Z9KW20", "028z9kw2", "028z9kl20", "028z9kw200", "028z9ko20"]
    isbn13s = ["9780521663632", "9781138856202", "9789462764071"]
    isbn10s = ["0521663636", "080442957X"]
    for _ in range(40):
        digits = "978" + "".join(rng.choice("0123456789") for _ in range(9))
        check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
        isbn13s += [digits + str(check), digits + str((check + 1) % 10)]
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        rest = (11 - sum((10 - i) * int(c) for i, c in enumerate(nine)) % 11) % 11
        isbn10s += [nine + ("X" if rest == 10 else str(rest)), nine + str((rest + 1) % 10)]
    isbn13s += ["978-0521663632", "97805216636320", "1234567890123", "978052166363X"]
    isbn10s += ["0-521-66363-6", "052166363x", "05216636366"]
    return rors, isbn13s, isbn10s


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_file(SHAPES)


def test_sparql_checksums_agree_with_the_reference(shapes: Graph) -> None:
    rors, isbn13s, isbn10s = _identifier_cases()
    data = Graph()
    expected: set[str] = set()
    for kind, values, prop, valid in (
        ("ror", rors, SCHEMA.identifier, ror_valid),
        ("isbn13", isbn13s, BIBO.isbn13, isbn13_valid),
        ("isbn10", isbn10s, BIBO.isbn10, isbn10_valid),
    ):
        for index, value in enumerate(values):
            node = URIRef(f"{BASE}test/{kind}/{index}")
            data.add((node, prop, Literal(f"https://ror.org/{value}" if kind == "ror" else value)))
            if not valid(value):
                expected.add(str(node))
    assert 20 < len(expected) < len(rors) + len(isbn13s) + len(isbn10s) - 20  # both kinds well represented
    report = validate_graph(data, shapes)
    assert {r.iri for r in report.violations} == expected


# --- the L shapes (their examples are run by tests/test_shapes.py) and the real publication ---------------


def shape_ids(shapes: Graph) -> list[str]:
    names = URIRef("http://www.w3.org/ns/shacl#name")
    return sorted(str(s)[len(SHAPE_BASE) :] for s in set(shapes.subjects(names, None)) if str(s).startswith(SHAPE_BASE))


def test_every_l_shape_has_a_name_messages_and_both_examples(shapes: Graph) -> None:
    ids = shape_ids(shapes)
    assert ids == [
        "L01-mapping-predicate",
        "L02-mapping-clash",
        "L03-exact-match-unique",
        "L04-ror-identifier",
        "L05-isbn13",
        "L06-isbn10",
        "L07-doi",
        "L08-wikidata-identifier",
    ]
    message = URIRef("http://www.w3.org/ns/shacl#message")
    for shape_id in ids:
        languages = {o.language for o in shapes.objects(URIRef(SHAPE_BASE + shape_id), message)}
        assert languages == {"nl", "en"}, shape_id
        for kind in ("valid", "invalid"):
            assert (EXAMPLES / f"{shape_id}-{kind}.ttl").is_file(), f"{shape_id}-{kind}.ttl is missing"


def test_l_shapes_do_not_fire_on_the_publication(shapes: Graph, layer: Graph, publication: Graph) -> None:
    report = validate_graph(publication + layer, shapes)
    assert report.results == [], report.render_text()


def test_mappings_conform_to_nl_sbb_in_the_publication(layer: Graph, publication: Graph) -> None:
    """NL-SBB over the publication with the mappings layer (what dist/mgo.ttl holds): no stub, no exemption."""
    from mgo.quality.mappings_profile import validate_nl_sbb

    report = validate_nl_sbb(ROOT, layer, publication)
    # nothing about the mappings; the only results are NL-SBB's warning on a concept whose dct:source has no
    # dct:title, which a source the text names only by an attribution line has not (data/README.md, #11)
    untitled = {
        str(concept)
        for concept, source in publication.subject_objects(DCT.source)
        if (source, DCT.title, None) not in publication
    }
    assert report.conforms, report.render_text()
    assert {(r.iri, r.severity) for r in report.results} == {(iri, "warning") for iri in untitled}, report.render_text()
    # asserting one SKOS mapping to an external IRI is what NL-SBB rejects: its end is not a skos:Concept
    asserted = Graph() + layer
    asserted.add((URIRef(BASE + "concept/lab"), SKOS.closeMatch, URIRef(NAMESPACES["UNESCO"] + "concept13097")))
    failed = validate_nl_sbb(ROOT, asserted, publication)
    assert not failed.conforms
    assert {r.iri for r in failed.results if r.severity == "error"} == {BASE + "concept/lab"}


def test_a_clash_of_two_records_is_caught_by_l02(shapes: Graph, layer: Graph, publication: Graph) -> None:
    from rdflib import BNode

    clashing = Graph() + layer
    record = BNode()
    lab, target = URIRef(BASE + "concept/lab"), URIRef(NAMESPACES["UNESCO"] + "concept13097")
    for p, o in (
        (RDF.type, OWL_NS.Axiom),
        (OWL_NS.annotatedSource, lab),
        (OWL_NS.annotatedProperty, SKOS.relatedMatch),
    ):
        clashing.add((record, p, o))
    clashing.add((record, OWL_NS.annotatedTarget, target))
    report = validate_graph(publication + clashing, shapes)
    assert [(r.rule, r.iri) for r in report.results] == [(SHAPE_BASE + "L02-mapping-clash", str(lab))]


# --- mgo links ----------------------------------------------------------------------------------------------

LAB = """\
lab (concept:lab)
  closeMatch   unesco:concept13097  Research laboratories    UNESCO Thesaurus  0.7
  narrowMatch  unesco:concept1058   University laboratories  UNESCO Thesaurus  0.7

2 mappings and 0 non-matches of 1 concept

vocabulary        exact  close  broad  narrow  related  seeAlso  NOT  total
UNESCO Thesaurus  0      1      0      1       0        0        0    2
total             0      1      0      1       0        0        0    2
"""


def run_links(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["links", "--root", str(ROOT), *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_links_for_one_concept() -> None:
    assert run_links("--concept", "concept:lab") == (0, LAB, "")
    assert run_links("--concept", BASE + "concept/lab")[1] == LAB
    assert run_links("--concept", "LAB")[1] == LAB


RELATIONS_SHOWN = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch", "seeAlso")


def test_links_lists_every_row_and_counts_per_vocabulary() -> None:
    code, out, _ = run_links()
    assert code == 0
    mappings = load_mapping_sets(ROOT)[0].mappings
    denied = sum(1 for m in mappings if m.negated)
    concepts = len({m.subject for m in mappings})
    assert f"{len(mappings) - denied} mappings and {denied} non-matches of {concepts} concepts" in out
    counts = [
        sum(1 for m in mappings if not m.negated and m.predicate_id.endswith(":" + rel)) for rel in RELATIONS_SHOWN
    ]
    assert out.rstrip().splitlines()[-1].split() == ["total", *map(str, counts), str(denied), str(len(mappings))]
    assert "NOT mappingRelation  unesco:concept211" in out


def test_links_json_and_tsv() -> None:
    data = json.loads(run_links("--format", "json", "--vocabulary", "unesco")[1])
    assert len(data["mappings"]) == len([row for row in tsv_rows() if row["object_id"].startswith("unesco:")])
    assert data["per_vocabulary"] == {
        "UNESCO Thesaurus": {
            "exactMatch": 1,
            "closeMatch": 3,
            "broadMatch": 1,
            "narrowMatch": 1,
            "relatedMatch": 19,
            "seeAlso": 0,
            "NOT": 2,
        }
    }
    tsv = run_links("--format", "tsv", "--concept", "concept:lab")[1]
    assert tsv.splitlines()[1] == (
        "concept:lab\tlab\t\tskos:closeMatch\tunesco:concept13097\tResearch laboratories\tUNESCO Thesaurus\t0.7"
    )


def test_links_unknown_concept_is_a_usage_error() -> None:
    code, _, err = run_links("--concept", "concept:nope")
    assert code == 2
    assert err.startswith("error: no mappings for concept 'concept:nope'")


def test_links_check_passes_on_the_project() -> None:
    code, out, _ = run_links("--check")
    assert code == 0, out
    assert out == (
        "mapping sets: 1 file, 68 mappings and 4 non-matches, no problem in the rows\n"
        "shapes (shapes/mappings.ttl): 0 violations\n"
    )


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_links_check_locates_shape_violations(project_copy: Path) -> None:
    tsv = project_copy / "data/mappings/external-vocabularies.sssom.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("concept:lab\tlab\tskos:closeMatch"))
    clash = lines[first].replace("skos:closeMatch", "skos:narrowMatch", 1)  # concept:lab ... unesco:concept13097
    assert clash.startswith("concept:lab\tlab\tskos:narrowMatch\t\tunesco:concept13097")
    tsv.write_text("".join([*lines, clash]), encoding="utf-8")
    ids = project_copy / "data/additions/identifiers.ttl"
    source = ids.read_text(encoding="utf-8")
    ror_line = source[: source.index("ror.org/04crnd335")].count("\n") + 1
    ids.write_text(source.replace("ror.org/04crnd335", "ror.org/04crnd336"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["links", "--root", str(project_copy), "--check"], stdout=out, stderr=err)
    text = out.getvalue()
    assert code == 1, text
    assert (
        f"data/mappings/external-vocabularies.sssom.tsv:{first + 1}: [L02-mapping-clash] A concept has at most" in text
    )
    assert (
        "(focus <https://w3id.org/missiegedreven/concept/lab>, value <http://vocabularies.unesco.org/thesaurus/"
        "concept13097>)" in text
    )
    # the literal and the IRI, both found first on the line of the literal
    assert text.count(f"data/additions/identifiers.ttl:{ror_line}: [L04-ror-identifier]") == 2
    assert text.endswith("shapes (shapes/mappings.ttl): 3 violations\n")


def test_links_check_reports_parser_problems(project_copy: Path) -> None:
    tsv = project_copy / "data/mappings/external-vocabularies.sssom.tsv"
    text = tsv.read_text(encoding="utf-8").replace("concept:lab\tlab\tskos:closeMatch", "concept:lab\tlab\tskos:sameAs")
    tsv.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert main(["links", "--root", str(project_copy), "--check"], stdout=out, stderr=io.StringIO()) == 1
    line = 1 + next(i for i, row in enumerate(text.splitlines()) if row.startswith("concept:lab\tlab\tskos:sameAs"))
    assert out.getvalue().startswith(
        f"data/mappings/external-vocabularies.sssom.tsv:{line}:17: column predicate_id: unknown predicate 'skos:sameAs'"
    )


def test_blank_record_nodes_only_describe_mappings(layer: Graph) -> None:
    for node in {s for s in layer.subjects() if isinstance(s, BNode)}:
        kinds = set(layer.objects(node, RDF.type))
        assert kinds == {OWL_NS.Axiom}, kinds


# --- competency queries that cross a mapping ----------------------------------------------------------------

MAPPING_QUERIES = (
    "concepts-sharing-external-concept",
    "unesco-concepts-per-base-concept",
    "external-non-matches",
)


@pytest.fixture(scope="module")
def store(publication: Graph):
    import pyoxigraph

    store = pyoxigraph.Store()  # the publication (conftest: the library's) holds the mappings layer already
    store.load(publication.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("name", MAPPING_QUERIES)
def test_mapping_query_golden(name: str, store) -> None:
    from mgo.query.local import canonical_result, run_query

    query = ROOT / "queries" / f"{name}.rq"
    lines = query.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# nl: ") and lines[1].startswith("# en: ")
    result = run_query(store, query.read_text(encoding="utf-8"))
    assert result.rows, f"{name} has no answer"
    expected = query.with_suffix(".srj").read_text(encoding="utf-8")
    assert canonical_result(result) == expected, (
        f"queries/{name}: the result differs from the golden file; if the change is intended, regenerate it "
        f"with `.venv/bin/mgo query {name} --update-golden` and review the diff"
    )


# --- sssom-py, the reference implementation, reads what the build publishes --------------------------------


def test_sssom_py_reads_mappings_ttl_as_the_tsv(tmp_path: Path) -> None:
    """``sssom parse -I rdf`` on dist/mappings.ttl (as the build writes it) gives the rows of the TSV, slot by
    slot, non-matches included (owl:Axiom with sssom:predicate_modifier sssom:NegatedPredicate)."""
    from sssom.parsers import parse_sssom_rdf, parse_sssom_table

    published = tmp_path / "mappings.ttl"
    published.write_bytes(mapping_outputs(ROOT)["mappings.ttl"])
    from_rdf = parse_sssom_rdf(published).df.fillna("")
    from_tsv = parse_sssom_table(ROOT / "data/mappings/external-vocabularies.sssom.tsv").df.fillna("")
    assert sorted(from_rdf.columns) == sorted(from_tsv.columns)

    def rows(frame) -> list[tuple[str, ...]]:
        return sorted(tuple(str(row[c]) for c in sorted(frame.columns)) for _, row in frame.iterrows())

    assert rows(from_rdf) == rows(from_tsv)
    negated = from_rdf[from_rdf["predicate_modifier"] == "Not"]
    assert len(negated) == len(load_mapping_sets(ROOT)[0].negated())
