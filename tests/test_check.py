"""``mgo check``: each check trips on a fixture broken for it, the publication trips none, findings point to the
exact file and line, and the JUnit and SARIF reports are well formed.

* ``tests/fixtures/checks/{rule}.ttl``: a small graph that must trip the quality query ``{rule}`` and no other
  query (first line ``# invalid: why``, second ``# expect: <resource>``); ``clean.ttl`` trips none.
* A copy of the project broken on purpose in several places (module fixture ``broken``) is checked once; the
  tests then look for each finding and its ``file:line``, computed here from the broken files themselves.
* The third-party profiles run on shacl-rust by default; one test compares it with pySHACL result by result.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from build_helpers import run_cli
from mgo.config import Project
from mgo.findings import CheckReport, Finding
from mgo.pipeline.locate import Location, build_index, scan_turtle, term_key, turtle_files
from mgo.pipeline.reason import reason
from mgo.pipeline.validate import external_profiles_available
from mgo.quality.check import run_checks
from mgo.quality.parity import parity, text_hash
from mgo.quality.queries import load_check_store, load_queries, query_files, run_check_query
from mgo.quality.reports import as_junit, as_sarif, render

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checks"
EXTERNAL = ROOT / "external"
BASE = "https://w3id.org/missiegedreven/"


def line_of(path: Path, needle: str, *, after: str | None = None) -> int:
    """The 1-based line of the first ``needle`` in ``path`` (after the first ``after``, if given)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, text in enumerate(lines) if after in text)
    for number, text in enumerate(lines[start:], start=start + 1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- the quality queries on their fixtures -----------------------------------------------------------------


def query_fixtures() -> list[Path]:
    found = sorted(p for p in FIXTURES.glob("*.ttl") if p.name != "clean.ttl")
    assert found, f"no fixtures in {FIXTURES}"
    return found


def run_queries(graph: Graph) -> list[Finding]:
    store = load_check_store(graph)
    return [f for query in load_queries(ROOT) for f in run_check_query(store, query, labels=graph)]


def test_every_query_has_a_fixture_and_every_fixture_a_query():
    queries = {p.name.removesuffix("-violation.rq") for p in query_files(ROOT)}
    fixtures = {p.stem for p in query_fixtures()}
    assert queries, "queries/checks/ has no *-violation.rq"
    assert queries == fixtures, f"without fixture: {queries - fixtures}; without query: {fixtures - queries}"


@pytest.mark.parametrize("path", query_fixtures(), ids=lambda p: p.stem)
def test_fixture_trips_exactly_its_query(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# invalid: "), f"{path.name}: first line must be '# invalid: why'"
    expected = lines[1].removeprefix("# expect: ").strip("<>")
    findings = run_queries(Graph().parse(path, format="turtle"))
    rules = {f.rule for f in findings}
    assert rules == {path.stem}, f"{path.name} should trip only {path.stem}, tripped {sorted(rules)}"
    assert expected in {f.iri for f in findings}
    for finding in findings:
        assert finding.messages.get("nl") and finding.messages.get("en"), "every finding speaks Dutch and English"


def test_clean_fixture_trips_no_query():
    assert run_queries(Graph().parse(FIXTURES / "clean.ttl", format="turtle")) == []


def test_query_headers_name_the_rule_in_both_languages():
    for query in load_queries(ROOT):
        assert set(query.rule.names) == {"nl", "en"}, query.path.name
        assert set(query.questions) == {"nl", "en"}, query.path.name


def test_unknown_term_points_into_the_shapes_graph_too():
    shapes = Graph().parse(
        data="""PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        <https://w3id.org/missiegedreven/shapes/X01> a sh:NodeShape ;
            sh:property [ sh:path skos:prefLable ; sh:minCount 1 ] .""",
        format="turtle",
    )
    store = load_check_store(Graph().parse(FIXTURES / "clean.ttl"), shapes)
    unknown = next(q for q in load_queries(ROOT) if q.rule.id == "unknown-term")
    findings = run_check_query(store, unknown)
    assert [f.value_text for f in findings] == [f"<{SKOS}prefLable>"]
    assert findings[0].iri == "https://w3id.org/missiegedreven/shapes/X01"  # the named shape holding it


# --- the clean publication --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean() -> CheckReport:
    return run_checks(Project(ROOT))


def test_publication_passes_every_check(clean: CheckReport):
    errors = [f for f in clean.findings if f.severity == "error"]
    assert not errors, "\n".join(f"{f.location}: [{f.rule}] {f.iri}: {f.message('en')}" for f in errors)
    ids = [c.id for c in clean.checks]
    quality = ["parse", "fidelity", "shapes", "nl-sbb", "vocpub", "queries", "reasoning", "parity", "translations"]
    assert ids == [*quality, "iris", "todo", "counts", "format"]  # the last four: mgo.quality.upkeep
    assert external_profiles_available(ROOT)  # vendored in external/: a plain clone runs them
    for check in clean.checks:
        assert check.status == "passed", check.id


def test_publication_parity_is_complete(clean: CheckReport):
    parity_check = next(c for c in clean.checks if c.id == "parity")
    coverage = parity_check.details["coverage"]
    assert {row["requirement"] for row in coverage} >= {
        "concept-preflabel",
        "concept-definition",
        "scheme-preflabel",
        "term-label",
        "term-definition",
        "question-text",
        "criterion-label",
        "quote-translation",
    }
    for row in coverage:
        assert row["resources"] > 0, f"{row['requirement']}: selects nothing (a check that cannot fail)"
        assert row["missing"] == {"nl": [], "en": []}


def test_reasoning_reports_what_it_added(clean: CheckReport):
    details = next(c for c in clean.checks if c.id == "reasoning").details
    assert details["inferred"] > 0
    assert details["added_by_predicate"][str(RDFS.subClassOf)] > 0
    assert details["same_as"] == [] and details["collapsed_classes"] == []


def test_text_report_has_profile_and_parity_tables(clean: CheckReport):
    text = render(clean, "text", parity=True, profile=True)
    assert "| check | status | errors | warnings | seconds |" in text
    assert "| preferred label of a concept | " in text
    assert "mgo check passed" in text


def test_every_translation_records_the_current_hash():
    """The hashes in data/additions/translations-en.ttl are those of today's Dutch texts."""
    graph = Graph()
    for name in ("data/definitions.ttl", "data/additions/translations-en.ttl"):
        graph.parse(ROOT / name)
    mgo = "https://w3id.org/missiegedreven/def/"
    translations = list(graph.subject_objects(URIRef(mgo + "translationOf")))
    a = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    translated = {s for kind in ("Definition", "Perspective") for s in graph.subjects(a, URIRef(mgo + kind))}
    assert {source for _, source in translations} == translated, "every quote and perspective has its translation"
    for translation, source in translations:
        dutch = next(v for v in graph.objects(source, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")))
        assert str(graph.value(translation, URIRef(mgo + "translatedTextHash"))) == text_hash(str(dutch))


def test_text_hash_is_nfc():
    assert text_hash("caf\u00e9") == text_hash("cafe\u0301")
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", text_hash("x"))


# --- a broken copy of the project -------------------------------------------------------------------------


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def external_dir() -> Iterator[None]:
    """A copy of the project lives in a temporary folder: point it to the repository's profiles explicitly."""
    with pytest.MonkeyPatch.context() as patch:
        if EXTERNAL.is_dir():
            patch.setenv("MGO_EXTERNAL_DIR", str(EXTERNAL))
        yield


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, external_dir: None) -> tuple[Path, CheckReport]:
    root = tmp_path_factory.mktemp("broken") / "project"
    for name in ("ontology", "data", "shapes", "queries", "source"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    # a typo in a property: skos:prefLable
    replace(root / "data/concepts.ttl", 'skos:prefLabel "Stadslab"@nl', 'skos:prefLable "Stadslab"@nl')
    # a Dutch quote changed after it was translated
    replace(root / "data/definitions.ttl", "Als hobby of professioneel.", "Als hobby of beroepsmatig.")
    # a mapping clash in the SSSOM file: related and close match to the same UNESCO concept
    sssom = root / "data/mappings/external-vocabularies.sssom.tsv"
    row = next(line for line in sssom.read_text(encoding="utf-8").splitlines() if "unesco:concept13097" in line)
    with sssom.open("a", encoding="utf-8") as handle:
        handle.write(row.replace("skos:closeMatch", "skos:relatedMatch").replace("\t0.7\t", "\t0.4\t") + "\n")
    # an owl:sameAs between two agents of ours
    with (root / "data/additions/notes.ttl").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n<https://w3id.org/missiegedreven/agent/mgo> <http://www.w3.org/2002/07/owl#sameAs> "
            "<https://w3id.org/missiegedreven/agent/hu-kenniscentra> .\n"
        )
    # a hierarchy that loops: lab under Living Lab, Living Lab under lab (the punned classes collapse)
    replace(
        root / "data/concepts.ttl",
        "concept:lab\n    a skos:Concept ;",
        "concept:lab\n    a skos:Concept ;\n    skos:broader concept:living-lab ;",
    )
    return root, run_checks(Project(root))


def find(report: CheckReport, rule: str, resource: str | None = None) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule and (resource is None or f.iri == resource)]


def test_broken_project_fails(broken):
    root, report = broken
    assert not report.ok
    code, out, _ = run_cli("check", "--root", root, "--only", "queries")
    assert code == 1 and "unknown-term" in out


def test_unknown_term_points_to_the_typo(broken):
    root, report = broken
    [finding] = find(report, "unknown-term", BASE + "concept/stadslab")
    assert finding.property_text == str(SKOS) + "prefLable" and finding.value_text == '"Stadslab"@nl'
    path = root / "data/concepts.ttl"
    line = line_of(path, "skos:prefLable")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index('"Stadslab"') + 1  # the object
    assert finding.location == Location("data/concepts.ttl", line, column)


def test_stale_translation_points_to_its_hash(broken):
    root, report = broken
    [finding] = find(report, "translations/stale")
    assert finding.iri == BASE + "definitie/leerecosysteem/en"
    path = root / "data/additions/translations-en.ttl"
    expected = line_of(
        path, "mgo:translatedTextHash", after="<https://w3id.org/missiegedreven/definitie/leerecosysteem/en>"
    )
    assert finding.location is not None
    assert (finding.location.file, finding.location.line) == ("data/additions/translations-en.ttl", expected)
    assert "sha256:" in finding.messages["en"] and "sha256:" in finding.messages["nl"]


def test_mapping_clash_points_to_sssom_rows(broken):
    root, report = broken
    unesco = "<http://vocabularies.unesco.org/thesaurus/concept13097>"
    clashes = [f for f in find(report, "mapping-clash", BASE + "concept/lab") if f.value_text == unesco]
    assert {f.property_text for f in clashes} == {str(SKOS) + "closeMatch", str(SKOS) + "relatedMatch"}
    sssom = root / "data/mappings/external-vocabularies.sssom.tsv"
    lines = sssom.read_text(encoding="utf-8").splitlines()
    rows = {n for n, text in enumerate(lines, start=1) if text.startswith("concept:lab\t") and "concept13097" in text}
    assert {f.location.line for f in clashes if f.location} == rows
    assert all(f.location and f.location.file == "data/mappings/external-vocabularies.sssom.tsv" for f in clashes)


def test_same_as_is_flagged_at_its_statement(broken):
    root, report = broken
    [finding] = find(report, "reasoning/same-as")
    assert (finding.iri, finding.value_text) == (BASE + "agent/mgo", f"<{BASE}agent/hu-kenniscentra>")
    path = root / "data/additions/notes.ttl"
    line = line_of(path, "owl#sameAs")
    column = (
        path.read_text(encoding="utf-8").splitlines()[line - 1].index("<https://w3id.org/missiegedreven/agent/hu") + 1
    )
    assert finding.location == Location("data/additions/notes.ttl", line, column)
    assert finding.iri == BASE + "agent/mgo"  # the subject of the statement that says so


def test_class_collapse_is_flagged_at_the_broader(broken):
    root, report = broken
    [finding] = find(report, "reasoning/class-collapse")
    assert (finding.iri, finding.value_text) == (BASE + "concept/lab", f"<{BASE}concept/living-lab>")
    assert finding.location is not None and finding.location.file == "data/concepts.ttl"
    path = root / "data/concepts.ttl"
    assert finding.location.line in {
        line_of(path, "skos:broader concept:living-lab"),
        line_of(path, "skos:broader concept:lab", after="concept:living-lab"),
    }
    assert find(report, "hierarchy-cycle", BASE + "concept/lab")


def test_shape_result_points_to_the_statement(broken):
    """C01 (one prefLabel in Dutch and English) fires on Stadslab; it points to the English label left."""
    root, report = broken
    results = [f for f in report.findings if f.check == "shapes" and f.iri == BASE + "concept/stadslab"]
    assert results, "the shapes should find that Stadslab lost its Dutch prefLabel"
    c01 = next(f for f in results if f.rule.endswith("C01-concept-preflabel-nl-en"))
    path = root / "data/additions/labels-en.ttl"
    assert c01.location is not None
    assert c01.location.file == "data/additions/labels-en.ttl"
    assert c01.location.line == line_of(path, "skos:prefLabel", after="concept:stadslab")
    assert c01.label == "urban lab"  # named by the label that is left


def test_parity_reports_the_missing_dutch_label(broken):
    _, report = broken
    [finding] = find(report, "parity/concept-preflabel", BASE + "concept/stadslab")
    assert finding.value_text == "@nl"
    assert "Dutch" in finding.messages["en"] and "Nederlands" in finding.messages["nl"]


def test_junit_is_well_formed(broken):
    _, report = broken
    root = ET.fromstring(as_junit(report))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [c.id for c in report.checks]
    failures = root.findall(".//testcase/failure")
    assert len(failures) == report.count("error") == int(root.get("failures", "-1"))
    assert int(root.get("tests", "0")) == len(root.findall(".//testcase"))
    typo = next(c for c in root.iter("testcase") if c.get("classname") == "mgo.quality.check.queries.unknown-term")
    assert typo.get("file") == "data/concepts.ttl" and typo.get("line", "").isdigit()
    for suite in suites:
        assert int(suite.get("tests", "0")) == len(suite.findall("testcase"))


def test_sarif_has_the_required_keys_and_locations(broken):
    _, report = broken
    sarif = json.loads(as_sarif(report))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mgo check" and driver["rules"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert len(run["results"]) == len(report.findings)
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in ("error", "warning", "note")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    typo = next(r for r in run["results"] if r["ruleId"] == "unknown-term")
    [location] = typo["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "data/concepts.ttl", "uriBaseId": "%SRCROOT%"}
    assert physical["region"]["startLine"] > 0
    assert location["logicalLocations"][0]["fullyQualifiedName"] == BASE + "concept/stadslab"


def test_json_report_round_trips(broken):
    _, report = broken
    data = json.loads(render(report, "json"))
    assert data["ok"] is False and data["errors"] == report.count("error")
    assert {c["id"] for c in data["checks"]} == {c.id for c in report.checks}
    assert all(set(f["messages"]) >= {"nl", "en"} for f in data["findings"])


# --- the parse check, the CLI ------------------------------------------------------------------------------


def test_a_syntax_error_is_a_located_finding(tmp_path: Path):
    root = tmp_path / "project"
    for name in ("ontology", "data", "shapes", "queries", "source"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    replace(root / "data/concepts.ttl", 'skos:notation "2a" ;', 'skos:notation "2a" ;;;; oops')
    code, out, _ = run_cli("check", "--root", root, "--format", "sarif")
    assert code == 1
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "parse/source"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data/concepts.ttl"


def test_cli_rejects_unknown_check():
    code, _, err = run_cli("check", "--root", ROOT, "--only", "nonsense")
    assert code == 2 and "unknown check" in err


def test_external_profiles_skip_with_a_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("MGO_EXTERNAL_DIR", str(tmp_path / "nowhere"))
    report = run_checks(Project(ROOT), only=("nl-sbb", "vocpub"))
    skipped = {c.id: c.skipped for c in report.checks if c.status == "skipped"}
    assert set(skipped) == {"nl-sbb", "vocpub"}
    assert all("nowhere" in (reason or "") for reason in skipped.values())
    assert "skipped: nl-sbb, vocpub" in render(report, "text")


# --- shacl-rust against pySHACL on the third-party profiles -------------------------------------------------


def _keys(report: CheckReport, check: str) -> set[tuple[str | None, str, str]]:
    return {(f.iri, f.rule, f.severity) for f in report.findings if f.check == check}


def test_rust_and_pyshacl_agree_on_the_profiles(broken, tmp_path: Path):
    root, rust = broken
    py = run_checks(Project(root), only=("nl-sbb", "vocpub"), engine="pyshacl")
    for check in ("nl-sbb", "vocpub"):
        assert _keys(rust, check) == _keys(py, check), check
    # the mapping clash of the broken copy is ours to find (L02, queries/checks): the mappings are SSSOM records
    assert find(rust, BASE + "shapes/L02-mapping-clash", BASE + "concept/lab")
    # and on a copy where NL-SBB has errors to find: a skos:closeMatch asserted to an untyped UNESCO IRI
    asserted = tmp_path / "asserted"
    shutil.copytree(root, asserted)
    with (asserted / "data/additions/notes.ttl").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n<https://w3id.org/missiegedreven/concept/stadslab> <http://www.w3.org/2004/02/skos/core#closeMatch> "
            "<http://vocabularies.unesco.org/thesaurus/concept448> .\n"
        )
    rust_nl = run_checks(Project(asserted), only=("nl-sbb",))
    py_nl = run_checks(Project(asserted), only=("nl-sbb",), engine="pyshacl")
    assert _keys(rust_nl, "nl-sbb") == _keys(py_nl, "nl-sbb")
    assert (
        "http://vocabularies.unesco.org/thesaurus/concept448",
        "http://nlbegrip.nl/def/skosapnl#SemanticRelations",
        "error",
    ) in _keys(rust_nl, "nl-sbb")


def test_rust_and_pyshacl_agree_on_the_publication(clean: CheckReport):
    py = run_checks(Project(ROOT), only=("nl-sbb", "vocpub"), engine="pyshacl")
    for check in ("nl-sbb", "vocpub"):
        assert _keys(clean, check) == _keys(py, check), check


# --- the source index -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index():
    from mgo.pipeline.build import prepare

    project = Project(ROOT)
    publication = prepare(project).publication()
    return build_index(project, store=load_check_store(publication))


def test_scanner_reads_every_source_like_rdflib():
    for path in turtle_files(ROOT):
        statements = scan_turtle(path.read_text(encoding="utf-8"))
        graph = Graph().parse(path, format="turtle")
        assert len(statements) == len(graph), path.name
        named = {
            (s.subject[1], s.predicate, s.object)
            for s in statements
            if s.subject[0] == "iri" and s.object[0] != "bnode"
        }
        expected = {
            (str(s), str(p), term_key(o)) for s, p, o in graph if isinstance(s, URIRef) and term_key(o)[0] != "bnode"
        }
        assert named == expected, path.name


def test_index_points_to_sources_rules_and_rows(index):
    concepts = ROOT / "data/concepts.ttl"
    living = BASE + "concept/living-lab"
    assert index.locate(living) == Location("data/concepts.ttl", line_of(concepts, "concept:living-lab"), 1)
    broader = index.locate(living, str(SKOS.broader), URIRef(BASE + "concept/lab"))
    assert broader == Location(
        "data/concepts.ttl", line_of(concepts, "skos:broader concept:lab", after="concept:living-lab"), 18
    )
    # a triple a rule of queries/derive/ makes
    narrower = index.locate(BASE + "concept/lab", str(SKOS.narrower), URIRef(living))
    assert narrower is not None and narrower.file == "queries/derive/01-skos-entailments.rq"
    assert narrower.line == line_of(ROOT / narrower.file, "CONSTRUCT")
    # a facet link made from a row of data/annotations.tsv
    names = index.locate(living, BASE + "def/names", URIRef(BASE + "facet/activiteit/onderzoeken"))
    tsv = ROOT / "data/annotations.tsv"
    assert names == Location("data/annotations.tsv", line_of(tsv, "living-lab\tactiviteit/onderzoeken"))
    # the version stamp comes from pyproject.toml
    stamp = index.locate(BASE + "def", str(OWL.versionInfo), None)
    assert stamp is not None and stamp.file == "pyproject.toml"


def test_reason_flags_classes_that_collapse():
    graph = Graph().parse(
        data="""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        <urn:a> a owl:Class ; rdfs:subClassOf <urn:b> .
        <urn:b> a owl:Class ; rdfs:subClassOf <urn:a> .
        <urn:c> a owl:Class ; owl:equivalentClass <urn:d> .
        <urn:d> a owl:Class .""",
        format="turtle",
    )
    assert reason(graph).collapsed_classes == [("urn:a", "urn:b")]  # c = d is stated, so expected


def test_parity_on_a_fixture():
    graph = Graph().parse(
        data="""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        <https://w3id.org/missiegedreven/concept/x> a skos:Concept ; skos:prefLabel "x"@nl ;
            skos:definition "x"@nl, "x"@en .""",
        format="turtle",
    )
    coverage, findings = parity(load_check_store(graph), labels=graph)
    assert [(f.rule, f.value_text) for f in findings] == [("parity/concept-preflabel", "@en")]
    assert next(c for c in coverage if c.requirement.id == "concept-preflabel").missing == {
        "nl": [],
        "en": [BASE + "concept/x"],
    }
