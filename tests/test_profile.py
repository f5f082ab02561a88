"""The application profile: its shapes (which fires on which focus node), vocabulary, template, readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mgo.config import Project
from mgo.environment.fit import Model, load_model
from mgo.environment.intake import iter_entries, structural_problems
from mgo.environment.profile import COLUMNS, GROUPINGS, PARTNER_SCHEMES, _fold, convert
from mgo.environment.profilecheck import SHAPE_BASE, load_shapes, validate
from mgo.environment.template import codes_csv, csv_template
from mgo.errors import DataError
from mgo.terms import BASE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "shapes" / "profile" / "examples"
SH = "http://www.w3.org/ns/shacl#"
MGO = "https://w3id.org/missiegedreven/def/"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(Project(ROOT))


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT)


def shape_ids() -> list[str]:
    graph = Graph()
    for path in sorted((ROOT / "shapes" / "profile").glob("*.ttl")):
        graph.parse(path)
    ids = sorted(
        str(s)[len(SHAPE_BASE) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(SHAPE_BASE)
    )
    assert ids, "no shapes found in shapes/profile/*.ttl"
    return ids


def example_files() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.ttl"))
    assert files, f"no examples in {EXAMPLES}"
    return files


def test_every_shape_has_a_valid_and_an_invalid_example():
    ids = set(shape_ids())
    named = {re.sub(r"-(valid|invalid)$", "", p.stem) for p in example_files()}
    assert named == ids, f"examples without a shape: {named - ids}; shapes without examples: {ids - named}"
    for shape in ids:
        assert (EXAMPLES / f"{shape}-valid.ttl").is_file(), f"{shape} has no valid example"
        assert (EXAMPLES / f"{shape}-invalid.ttl").is_file(), f"{shape} has no invalid example"


def test_every_shape_is_named_and_has_messages_in_dutch_and_english():
    graph = Graph()
    for path in sorted((ROOT / "shapes" / "profile").glob("*.ttl")):
        graph.parse(path)
    for shape in shape_ids():
        node = URIRef(SHAPE_BASE + shape)
        for prop in ("name", "message"):
            languages = {o.language for o in graph.objects(node, URIRef(SH + prop)) if isinstance(o, Literal)}
            assert languages == {"nl", "en"}, f"{shape}: sh:{prop} in {languages}, want nl and en"


def _expectations(path: Path) -> tuple[str, set[tuple[str, str]]]:
    """``# expect: <focus>`` (the file's shape on that focus) and ``# also: ID <focus>`` lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# invalid: "), f"{path.name}: the first line says why it is invalid"
    assert lines[1].startswith("# expect: <"), f"{path.name}: the second line names the focus node"
    shape = path.stem.removesuffix("-invalid")
    expected = {(lines[1].split(": ", 1)[1].strip(), shape)}
    for line in lines[2:]:
        match = re.match(r"# also: (\S+) (<[^>]+>)", line)
        if match:
            expected.add((match.group(2), match.group(1)))
    return shape, expected


@pytest.mark.parametrize("engine", ["rust", "pyshacl"])
@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_example_fires_exactly_its_shape(path: Path, engine: str, model: Model, shapes):
    data = Graph().parse(path).serialize(format="nt") + model.context_nt
    fired = {(f.focus, f.shape_id) for f in validate(data, shapes, engine=engine)}
    if path.stem.endswith("-valid"):
        assert fired == set(), f"{path.name} is meant to be valid, but {sorted(fired)} fired"
    else:
        _, expected = _expectations(path)
        assert fired == expected, f"{path.name}: expected {sorted(expected)}, got {sorted(fired)}"


def test_profile_vocabulary_terms_are_documented():
    graph = Graph().parse(ROOT / "ontology" / "profile.ttl")
    # mgo:scales, the scheme's IRI until 0.1.0, is deprecated (tests/test_ontology_namespace.py)
    terms = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and (s, OWL.deprecated, None) not in graph})
    assert len(terms) == 7
    for term in terms:
        labels = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(term, p)}
        definitions = {o.language for o in graph.objects(term, SKOS.definition)}
        assert labels == {"nl", "en"} and definitions == {"nl", "en"}, term
        if (term, RDF.type, SKOS.Concept) in graph:  # the build derives rdfs:isDefinedBy from the scheme
            assert graph.value(term, SKOS.inScheme) == URIRef(BASE + "scheme/schalen"), term
        elif (term, RDF.type, SKOS.ConceptScheme) in graph:  # a scheme is not an ontology term
            assert not str(term).startswith(MGO), term
        else:
            assert (term, RDFS.isDefinedBy, URIRef("https://w3id.org/missiegedreven/def")) in graph, term
        if (term, RDF.type, OWL.ObjectProperty) in graph:
            assert graph.value(term, RDFS.subPropertyOf) is not None, f"{term} specialises no standard term"


# --- template and readers ----------------------------------------------------------------------------


def test_template_lists_the_allowed_values_of_the_graph(model: Model):
    rows = csv_template(model.codes).splitlines()
    assert rows[0] == ",".join(c.key for c in COLUMNS)
    assert rows[1].startswith('"# IRI van de omgeving')
    assert rows[2].startswith('"# IRI of the environment')
    allowed = rows[3]
    groupings = " | ".join(
        str(v).rsplit("/", 1)[-1] for v in sorted(model.graph.subjects(SKOS.inScheme, URIRef(GROUPINGS)))
    )
    assert groupings == (
        "bedrijfsleven | belangenverenigingen | consumentencollectieven | instellingswezen | overheid | "
        "semioverheid | wijkcooperaties"
    )
    assert groupings in allowed
    assert "city | national | neighbourhood | region" in allowed
    codes = codes_csv(model.codes).splitlines()
    assert codes[0] == "column,code,label_nl,label_en,iri"
    assert "scale,neighbourhood,buurt,neighbourhood,https://w3id.org/missiegedreven/def/neighbourhood" in codes


def test_a_filled_in_template_is_read_back(model: Model, tmp_path: Path):
    template = csv_template(model.codes)
    row = "https://example.org/omgeving/t,T (fictief),lab" + "," * (len(COLUMNS) - 3)
    path = tmp_path / "t.csv"
    path.write_text(template + row + "\r\n", encoding="utf-8")
    entries = list(iter_entries(path))
    assert len(entries) == 1 and entries[0].where.row == 5
    converted = convert(entries[0], model.codes)
    assert converted.problems == []
    assert len(converted.triples) == 2


def _problems(path: Path, model: Model) -> list[str]:
    out = []
    for entry in iter_entries(path):
        out += [p.render() for p in structural_problems(entry)]
        out += [p.render() for p in convert(entry, model.codes).problems]
    return out


def test_csv_errors_name_row_column_and_allowed_values(model: Model, tmp_path: Path):
    # a partner's type is a grouping or an actor the definitions name (derived from the model, not hard-coded)
    PARTNER_TYPES = "; ".join(model.codes.allowed(s) for s in PARTNER_SCHEMES)
    assert "kennisinstellingen" in PARTNER_TYPES and "overheid" in PARTNER_TYPES
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,name,type,partner_names,partner_types,scale,start\n"
        "https://example.org/a,A,living-lab,Gemeente X,overheid,stad,2024\n"
        "https://example.org/b,B,livinglab,Gemeente Y,kerk,continent,24-03-2024\n"
        "example.org/c,,lab,P | Q,overheid,,\n",
        encoding="utf-8",
    )
    # the closest value first; the others within difflib's cutoff move with the content (a new variant's label
    # may be close too), so they are the model's own suggestions, each named by its code
    type_scheme = next(c.scheme for c in COLUMNS if c.key == "type")
    close = model.codes.suggest(type_scheme, "livinglab")
    assert close[0].code == "living-lab" and all(_fold(c.nl) == _fold(c.code) for c in close)
    meant = " or ".join(f"'{c.code}'" for c in close)
    assert _problems(path, model) == [
        f"{path}: row 3, column type: 'livinglab' is not an allowed value; did you mean {meant}?\n"
        "  how to fix: mgo template --codes codes.csv lists every allowed value (Mission-driven environments: base "
        "concepts and variants)",
        f"{path}: row 3, column scale: 'continent' is not an allowed value; allowed: city, national, neighbourhood, "
        "region",
        f"{path}: row 3, column start: '24-03-2024' is not a year or a date; write YYYY (2024) or YYYY-MM-DD "
        "(2024-03-31)",
        f"{path}: row 3, column partner_types: 'kerk' is not an allowed value; allowed: " + PARTNER_TYPES,
        f"{path}: row 4, column id: 'example.org/c' is not an IRI; write it in full, https://…",
        f"{path}: row 4, column name: required: name of the environment",
        f"{path}: row 4, column partner_types: the partner 'Q' has no type; allowed: " + PARTNER_TYPES,
    ]


def test_csv_with_semicolons_and_labels_instead_of_codes(model: Model, tmp_path: Path):
    path = tmp_path / "nl.csv"
    path.write_text("\ufeffid;name;type;scale\nhttps://example.org/a;A;Living Lab;Buurt\n", encoding="utf-8")
    (entry,) = iter_entries(path)
    converted = convert(entry, model.codes)
    assert converted.problems == []
    assert (
        "<https://example.org/a>",
        "<https://w3id.org/missiegedreven/def/scale>",
        "<https://w3id.org/missiegedreven/def/neighbourhood>",
    ) in converted.triples


def test_csv_header_errors(tmp_path: Path):
    path = tmp_path / "h.csv"
    path.write_text("id,naam,type,partner_names\nhttps://example.org/a,A,lab,P\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        list(iter_entries(path))
    assert caught.value.exit_code == 1
    assert [p.message for p in caught.value.problems] == [
        "row 1, column 2: unknown column 'naam'; known: id, name, type, mission, mission_en, theme, "
        "partner_names, partner_types, sectors, professions, research_parties, activities, actors, agendas, "
        "keywords, place, scale, start, end, url",
        "row 1: the header has no column 'name' (required)",
        "row 1: partner_names and partner_types go together; add the missing one",
    ]


def test_yaml_errors_name_the_path_and_line(model: Model, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: https://example.org/a\n"
        "name: A\n"
        "type: lab\n"
        "partners:\n"
        "  - name: Gemeente X\n"
        "    type: gemeenteraad\n"
        "activities: [leren, dansen]\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    assert _problems(path, model) == [
        f"{path}: colour (line 8): unknown key 'colour'; known: id, name, type, mission, mission_en, theme, "
        "sectors, professions, research_parties, activities, actors, agendas, keywords, place, scale, "
        "start, end, "
        "url, partners",
        f"{path}: activities[1] (line 7): 'dansen' is not an allowed value; allowed: innoveren, leren, "
        "onderzoeken, veranderen, werken",
        f"{path}: partners[0].type (line 6): 'gemeenteraad' is not an allowed value; did you mean 'overheid' "
        "or 'overheden'?\n  how to fix: mgo template --codes codes.csv lists every allowed value (groupings)",
    ]


def test_yaml_syntax_error_has_a_line(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: https://example.org/a\nname: [A\ntype: lab\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        list(iter_entries(path))
    assert caught.value.line == 3 and caught.value.message.startswith("YAML syntax error")
