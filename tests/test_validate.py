"""SHACL validation: results grouped by named shape, with labels and messages in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from rdflib import Graph

from build_helpers import FIXTURE, REPO, copy_fixture, run_cli
from mgo.config import Project
from mgo.errors import ValidationFailed
from mgo.pipeline.parse import parse_file, parse_project
from mgo.pipeline.validate import (
    external_profiles_available,
    require_conformance,
    split_by_scheme,
    validate_external,
    validate_file,
    validate_graph,
    validate_sources,
)

MGO = "https://w3id.org/missiegedreven/"
SHAPES = "https://w3id.org/missiegedreven/shapes/"
INVALID = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix mgo: <https://w3id.org/missiegedreven/def/> .
<https://w3id.org/missiegedreven/concept/y> a skos:Concept ; skos:prefLabel "ypsilon"@nl, "y"@en .
<https://w3id.org/missiegedreven/definitie/y> a mgo:Definition .
"""


def shapes() -> Graph:
    return parse_file(FIXTURE / "shapes" / "concepts.ttl")


def test_fixture_conforms(tmp_path: Path) -> None:
    report = validate_sources(parse_project(Project(copy_fixture(tmp_path))))
    assert report.conforms and report.results == []
    assert report.summary() == "shapes: conforms (0 violations, 0 warnings, 0 infos)"


def test_results_carry_named_shape_focus_label_messages_and_severity() -> None:
    report = validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes())
    assert not report.conforms
    # each result is a Finding (mgo.findings) holding terms: the focus node and the path as IRIs
    assert [(r.rule, r.resource, r.severity) for r in report.results] == [
        (SHAPES + "ConceptInScheme", NamedNode(MGO + "concept/y"), "error"),
        (SHAPES + "DefinitionSource", NamedNode(MGO + "definitie/y"), "warning"),
    ]
    in_scheme = report.results[0]
    assert in_scheme.label == "ypsilon"  # the Dutch label is preferred
    assert in_scheme.property == NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
    assert report.path_text(in_scheme) == "skos:inScheme"  # rendered late, with the prefixes of the graphs
    assert in_scheme.messages == {
        "nl": "Een begrip hoort bij minstens één begrippenkader (skos:inScheme).",
        "en": "A concept is in at least one concept scheme (skos:inScheme).",
    }
    assert report.shape_names[SHAPES + "ConceptInScheme"] == {
        "nl": "Begrip hoort bij een schema",
        "en": "Concept is in a scheme",
    }


def test_named_shape_messages_stand_in_for_a_silent_property_shape() -> None:
    data = Graph().parse(FIXTURE / "shapes" / "examples" / "ConceptPrefLabelNl-invalid-01.ttl")
    (result,) = validate_graph(data, shapes()).results
    assert result.rule == SHAPES + "ConceptPrefLabelNl"
    assert result.messages["en"] == "A concept has exactly one skos:prefLabel in Dutch."
    assert result.detail is not None and result.detail.startswith("Focus node does not conform")


def test_warnings_alone_conform() -> None:
    data = Graph().parse(data=INVALID.split("<https://w3id.org/missiegedreven/concept/y>")[0], format="turtle")
    data.parse(data=f"<{MGO}definitie/z> a <{MGO}def/Definition> .", format="turtle")
    report = validate_graph(data, shapes())
    assert report.conforms and report.count("Warning") == 1
    assert require_conformance(report) is report


def test_text_report_is_grouped_by_shape() -> None:
    text = validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes()).render_text()
    assert text == (
        "validation: does NOT conform (1 violation, 1 warning, 0 infos)\n"
        "\n"
        'shape mgosh:ConceptInScheme ("Begrip hoort bij een schema" / "Concept is in a scheme"): '
        "1 problem (1 violation)\n"
        f'  - violation: "ypsilon" <{MGO}concept/y>, property skos:inScheme\n'
        "      nl: Een begrip hoort bij minstens één begrippenkader (skos:inScheme).\n"
        "      en: A concept is in at least one concept scheme (skos:inScheme).\n"
        "\n"
        'shape mgosh:DefinitionSource ("Definitie noemt haar bron" / "Definition names its source"): '
        "1 problem (1 warning)\n"
        f"  - warning: <{MGO}definitie/y>, property mgo:quotedFrom\n"
        "      nl: Een definitie noemt de bron waaruit ze geciteerd is.\n"
        "      en: A definition names the source it is quoted from.\n"
    )


def test_json_report() -> None:
    data = json.loads(validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes()).as_json())
    assert (data["conforms"], data["violations"], data["warnings"]) == (False, 1, 1)
    assert [s["shape"] for s in data["shapes"]] == [SHAPES + "ConceptInScheme", SHAPES + "DefinitionSource"]


def test_turtle_report_is_canonical() -> None:
    first = validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes()).as_turtle()
    second = validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes()).as_turtle()
    assert first == second
    assert "sh:ValidationReport" in first


def test_require_conformance_raises_with_the_report() -> None:
    report = validate_graph(Graph().parse(data=INVALID, format="turtle"), shapes())
    with pytest.raises(ValidationFailed) as caught:
        require_conformance(report)
    assert caught.value.exit_code == 1
    assert caught.value.report is report
    assert caught.value.message == "validation: 1 violation of 1 shape; nothing was published"


def test_sparql_constraints_give_the_same_report_on_oxigraph_and_rdflib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = Graph().parse(FIXTURE / "data" / "concepts.ttl")
    data.parse(data=INVALID, format="turtle")
    data.parse(
        data=f"<{MGO}concept/y> <http://www.w3.org/2004/02/skos/core#inScheme> "
        f"<{MGO}scheme/basisconcepten> ; "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "lab"@nl .',
        format="turtle",
    )
    monkeypatch.setenv("MGO_SHACL_SPARQL", "rdflib")
    plain = validate_graph(data, shapes())
    monkeypatch.delenv("MGO_SHACL_SPARQL")
    fast = validate_graph(data, shapes())
    unique = [r for r in fast.results if r.rule == SHAPES + "SchemeLabelsUnique"]
    assert [(r.iri, r.value) for r in unique] == [(MGO + "scheme/basisconcepten", Literal("lab", language="nl"))]
    assert unique[0].messages == {
        "nl": "Twee begrippen in dit schema hebben de voorkeursterm lab.",
        "en": "Two concepts in this scheme have the preferred label lab.",
    }
    assert fast.as_json() == plain.as_json()
    assert fast.as_turtle() == plain.as_turtle()


def test_shapes_with_rules_stay_on_rdflib() -> None:
    from mgo.pipeline.shacl_sparql import acceleration_possible

    assert acceleration_possible(shapes())
    with_rule = shapes()
    with_rule.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n<https://example.org/S> sh:rule [ a sh:TripleRule ] .",
        format="turtle",
    )
    assert not acceleration_possible(with_rule)


def test_validate_file_uses_the_project_shapes(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    report = validate_file(Project(root), root / "shapes" / "examples" / "ConceptPrefLabelNl-invalid-01.ttl")
    assert [r.rule for r in report.violations] == [SHAPES + "ConceptPrefLabelNl"]


def test_split_by_scheme_gives_one_scheme_per_graph() -> None:
    data = Graph().parse(
        data=f"""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <{MGO}scheme/a> a skos:ConceptScheme ; dct:creator <{MGO}agent/x> .
        <{MGO}scheme/b> a skos:ConceptScheme .
        <{MGO}concept/a1> a skos:Concept ; skos:inScheme <{MGO}scheme/a> ; skos:related <{MGO}concept/b1> ;
            dct:source <{MGO}bron/s> .
        <{MGO}concept/b1> a skos:Concept ; skos:inScheme <{MGO}scheme/b> .
        <{MGO}bron/s> dct:title "S"@nl ; dct:creator <{MGO}agent/x> .
        <{MGO}agent/x> <https://schema.org/name> "X" .
        """,
        format="turtle",
    )
    parts = split_by_scheme(data)
    assert sorted(parts) == [MGO + "scheme/a", MGO + "scheme/b"]
    a = parts[MGO + "scheme/a"]
    assert {str(s) for s in a.subjects()} == {
        MGO + "scheme/a",
        MGO + "concept/a1",
        MGO + "agent/x",
    }
    assert len(parts[MGO + "scheme/b"]) == 3  # the scheme and its concept; not a1, which only links to it


def test_external_profiles_run_per_scheme(tmp_path: Path) -> None:
    assert external_profiles_available(REPO)  # vendored in external/
    data = parse_project(Project(copy_fixture(tmp_path))).publication()
    reports = validate_external(REPO, data)
    assert [r.title for r in reports] == [
        "NL-SBB (skos-ap-nl)",
        f"VocPub (multilang) for <{MGO}scheme/basisconcepten>",
    ]


def broken_fixture(tmp_path: Path) -> Path:
    """The mini project with one concept that breaks ConceptPrefLabelNl (its invalid example, as a data file)."""
    root = copy_fixture(tmp_path)
    example = root / "shapes" / "examples" / "ConceptPrefLabelNl-invalid-01.ttl"
    (root / "data" / "broken.ttl").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_validate_as_sarif_is_the_shapes_selection_of_check(tmp_path: Path) -> None:
    """``mgo validate --format sarif`` = ``mgo check --only shapes --format sarif``: the same Findings, at the
    same file:line, with the same exit code."""
    root = broken_fixture(tmp_path)
    code, out, err = run_cli("validate", "--root", root, "--format", "sarif")
    assert code == 1 and err.startswith("error: 1 of 1 validation found violations: shapes")
    results = json.loads(out)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [(SHAPES + "ConceptPrefLabelNl", "error")]
    (place,) = results[0]["locations"]
    assert place["physicalLocation"]["artifactLocation"]["uri"] == "data/broken.ttl"
    assert place["logicalLocations"][0]["fullyQualifiedName"] == MGO + "concept/x"
    code, checked, _ = run_cli("check", "--root", root, "--only", "shapes", "--no-external", "--format", "sarif")
    assert code == 1 and json.loads(checked)["runs"][0]["results"] == results


def test_validate_as_junit_lists_every_shape_and_fails_the_broken_one(tmp_path: Path) -> None:
    from xml.etree import ElementTree as ET

    root = broken_fixture(tmp_path)
    code, out, _ = run_cli("validate", "--root", root, "--format", "junit")
    assert code == 1
    (suite,) = ET.fromstring(out).findall("testsuite")
    failed = [case for case in suite.findall("testcase") if case.find("failure") is not None]
    assert [(c.get("classname"), c.get("file")) for c in failed] == [
        ("mgo.quality.check.shapes.ConceptPrefLabelNl", "data/broken.ttl")
    ]
    shapes_in_layer = {str(s).rsplit("/", 1)[-1] for s in shapes().subjects() if str(s).startswith(SHAPES)}
    passed = {c.get("name", "").split(":")[0] for c in suite.findall("testcase") if c.find("failure") is None}
    assert passed == shapes_in_layer - {"ConceptPrefLabelNl"}


def test_validate_a_file_as_junit(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    example = root / "shapes" / "examples" / "ConceptPrefLabelNl-invalid-01.ttl"
    code, out, _ = run_cli("validate", example, "--root", root, "--format", "junit")
    assert code == 1 and 'failures="1"' in out.splitlines()[1]
