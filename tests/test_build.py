"""The build: outputs, version stamping, derivation, determinism and atomic publication."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL

from build_helpers import copy_fixture, leftovers, replace_in, snapshot
from graphs import same_graph
from mgo.config import Project
from mgo.errors import DataError, SyntaxProblem, ValidationFailed
from mgo.pipeline.build import PHASES, build
from mgo.version import project_version

ONTOLOGY = URIRef("https://w3id.org/missiegedreven/def")
OUTPUTS = [
    "context.jsonld",
    "mgo.jsonld",
    "mgo.nt",
    "mgo.rdf",
    "mgo.trig",
    "mgo.ttl",
    "shapes.ttl",
    "validation-report.ttl",
    "void.ttl",
]


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = copy_fixture(tmp_path)
    build(Project(root))
    return root / "dist"


def test_build_writes_every_output(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    result = build(Project(root))
    assert sorted(p.name for p in (root / "dist").iterdir()) == OUTPUTS
    assert [p.name for p in result.files] == OUTPUTS
    assert set(result.timings) == {*PHASES, "total"}
    assert result.reasoning.consistent and result.validation.conforms


def test_version_is_stamped_on_the_ontology(built: Path) -> None:
    graph = Graph().parse(built / "mgo.ttl")
    version = project_version(built.parent)  # what the project states, not the installed metadata
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{version}")
    assert graph.value(ONTOLOGY, OWL.versionInfo) == Literal(version)


def test_a_version_in_the_sources_is_an_error(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / "ontology" / "mgo.ttl", 'dct:created "2024', 'owl:versionInfo "9.9" ;\n    dct:created "2024')
    with pytest.raises(DataError) as caught:
        build(Project(root))
    assert caught.value.exit_code == 1
    assert caught.value.message == (
        "the ontology source states owl:versionInfo, but the version has one source: pyproject.toml"
    )


def test_a_missing_ontology_header_is_an_error(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(
        root / "ontology" / "mgo.ttl",
        "<https://w3id.org/missiegedreven/def> a owl:Ontology ;",
        "<https://w3id.org/missiegedreven/def>",
    )
    with pytest.raises(DataError, match="the ontology header is missing"):
        build(Project(root))


@pytest.mark.parametrize(("name", "fmt"), [("mgo.nt", "nt"), ("mgo.rdf", "xml"), ("mgo.ttl", "turtle")])
def test_each_format_parses_back_isomorphic(built: Path, name: str, fmt: str) -> None:
    reference = Graph().parse(built / "mgo.ttl")
    assert len(reference) > 60
    assert same_graph(Graph().parse(built / name, format=fmt), reference)


def test_jsonld_parses_back_isomorphic_with_the_local_context(built: Path) -> None:
    document = json.loads((built / "mgo.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == "https://w3id.org/missiegedreven/context.jsonld"
    document["@context"] = json.loads((built / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    assert same_graph(graph, Graph().parse(built / "mgo.ttl"))
    ids = [node["id"] for node in document["@graph"]]
    assert ids == sorted(ids, key=lambda i: (i.startswith("_:"), i))


def test_trig_holds_every_layer_and_the_dataset_description(built: Path) -> None:
    dataset = Dataset()
    dataset.parse(built / "mgo.trig", format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    base = "https://w3id.org/missiegedreven/graph/"
    assert sorted(graphs) == [base + n for n in ("additions", "data", "ontology", "shapes", "void")]
    union = Graph()
    for name in ("ontology", "data", "additions"):
        union += graphs[base + name]
    assert same_graph(union, Graph().parse(built / "mgo.ttl"))
    assert same_graph(graphs[base + "shapes"], Graph().parse(built / "shapes.ttl"))


def test_void_describes_every_distribution_with_size_and_checksum(built: Path) -> None:
    void = Graph().parse(built / "void.ttl")
    rows = void.query(
        """
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?sum WHERE {
          <https://w3id.org/missiegedreven/dataset> dcat:distribution ?d .
          ?d dcat:downloadURL ?url ; dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sum .
        }"""
    )
    found = {str(url).rsplit("/", 1)[1]: (int(size), str(checksum)) for url, size, checksum in rows}
    # every file the build wrote, except void.ttl itself (listed, but a file cannot hold its own checksum)
    assert sorted(found) == sorted(p.name for p in built.iterdir() if p.is_file() and p.name != "void.ttl")
    for name, (size, checksum) in found.items():
        data = (built / name).read_bytes()
        assert (size, checksum) == (len(data), hashlib.sha256(data).hexdigest()), name
    triples = void.value(URIRef("https://w3id.org/missiegedreven/dataset"), URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == len(Graph().parse(built / "mgo.ttl"))
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (
        URIRef("https://w3id.org/missiegedreven/dataset"),
        URIRef("http://purl.org/dc/terms/license"),
        licence,
    ) in void


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    build(Project(root))
    first = snapshot(root / "dist")
    build(Project(root))
    assert snapshot(root / "dist") == first


def test_builds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        root = copy_fixture(tmp_path, f"seed-{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "mgo.cli", "build", "--root", str(root)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(snapshot(root / "dist"))
    assert outputs[0] == outputs[1]


def test_derivation_rules_add_to_their_layer(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "queries" / "derive").mkdir()
    (root / "queries" / "derive" / "01-narrower.rq").write_text(
        "# layer: data\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "CONSTRUCT { ?b skos:narrower ?n } WHERE { ?n skos:broader ?b }\n",
        encoding="utf-8",
    )
    build(Project(root))
    narrower = (
        URIRef("https://w3id.org/missiegedreven/concept/lab"),
        URIRef("http://www.w3.org/2004/02/skos/core#narrower"),
        URIRef("https://w3id.org/missiegedreven/concept/living-lab"),
    )
    assert narrower in Graph().parse(root / "dist" / "mgo.ttl")


def test_a_derivation_rule_without_its_layer_is_an_error(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "queries" / "derive").mkdir()
    (root / "queries" / "derive" / "01-x.rq").write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n")
    with pytest.raises(DataError, match="# layer: NAME"):
        build(Project(root))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# layer: data\nCONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }\n",
            "01-x.rq: SPARQL syntax error in a derivation rule",
        ),
        ("# layer: data\nSELECT * WHERE { ?s ?p ?o }\n", "01-x.rq: a derivation rule must be a CONSTRUCT query"),
    ],
)
def test_a_broken_derivation_rule_names_its_file(tmp_path: Path, text: str, expected: str) -> None:
    root = copy_fixture(tmp_path)
    (root / "queries" / "derive").mkdir()
    (root / "queries" / "derive" / "01-x.rq").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        build(Project(root))


# --- atomicity ----------------------------------------------------------------------------------------


def _good_build_with_foreign_files(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root = copy_fixture(tmp_path)
    build(Project(root))
    (root / "dist" / "site").mkdir()
    (root / "dist" / "site" / "index.html").write_text("<p>not ours</p>\n", encoding="utf-8")
    return root, snapshot(root / "dist")


def _no_staging_left(root: Path) -> bool:
    return leftovers(root) == []


def test_failed_syntax_leaves_dist_untouched(tmp_path: Path) -> None:
    root, before = _good_build_with_foreign_files(tmp_path)
    replace_in(root / "data" / "concepts.ttl", '"lab"@nl ;', '"lab"@nl')
    with pytest.raises(SyntaxProblem):
        build(Project(root))
    assert snapshot(root / "dist") == before and _no_staging_left(root)


def test_failed_validation_leaves_dist_untouched(tmp_path: Path) -> None:
    root, before = _good_build_with_foreign_files(tmp_path)
    replace_in(root / "data" / "concepts.ttl", '    skos:prefLabel "lab"@nl ;\n', "")
    with pytest.raises(ValidationFailed):
        build(Project(root))
    assert snapshot(root / "dist") == before and _no_staging_left(root)


def test_crash_while_serialising_leaves_dist_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = _good_build_with_foreign_files(tmp_path)
    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')

    def crash(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("mgo.pipeline.build.rdfxml", crash)  # the name build() serialises with
    with pytest.raises(RuntimeError, match="boom"):
        build(Project(root))
    assert snapshot(root / "dist") == before and _no_staging_left(root)


def test_crash_while_writing_leaves_dist_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = _good_build_with_foreign_files(tmp_path)
    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError("disk full")

    monkeypatch.setattr("mgo.pipeline.publish.os.fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        build(Project(root))
    assert snapshot(root / "dist") == before and _no_staging_left(root)


def test_a_successful_build_keeps_folders_it_did_not_write(tmp_path: Path) -> None:
    root, before = _good_build_with_foreign_files(tmp_path)
    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')
    build(Project(root))
    after = snapshot(root / "dist")
    assert after["site/index.html"] == before["site/index.html"]
    assert after["mgo.ttl"] != before["mgo.ttl"]
