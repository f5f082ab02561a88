"""The real publication builds, deterministically, and every format parses back.

These tests run the build on the repository's own content (in a temporary copy, so dist/ is not touched).
Everything else is tested on the small fixture project (tests/fixtures/mini).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from build_helpers import REPO, snapshot
from mgo.config import Project
from mgo.errors import MgoError
from mgo.pipeline.build import BuildResult, build

CONTENT = ("ontology", "data", "shapes", "queries", "source", "pyproject.toml")


def _copy(target: Path) -> Path:
    target.mkdir()
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def _build(root: Path) -> BuildResult:
    try:
        return build(Project(root))
    except MgoError as exc:
        detail = ""
        report = getattr(exc, "report", None)
        if report is not None and hasattr(report, "render_text"):
            detail = "\n" + report.render_text()
        pytest.fail(f"the publication does not build (exit code {exc.exit_code}):\n{exc.render()}{detail}")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = _copy(tmp_path_factory.mktemp("publication") / "repo")
    return root / "dist", _build(root)


def test_the_publication_builds_and_conforms(published: tuple[Path, BuildResult]) -> None:
    _, result = published
    assert result.reasoning.consistent
    assert result.validation.conforms
    assert result.triples > 1000


def test_the_publication_build_is_deterministic(
    published: tuple[Path, BuildResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    dist, _ = published
    other = _copy(tmp_path_factory.mktemp("again") / "repo")
    _build(other)
    assert snapshot(other / "dist") == snapshot(dist)


@pytest.mark.parametrize(("name", "fmt"), [("mgo.nt", "nt"), ("mgo.rdf", "xml")])
def test_every_format_parses_back(published: tuple[Path, BuildResult], name: str, fmt: str) -> None:
    dist, _ = published
    assert isomorphic(Graph().parse(dist / name, format=fmt), Graph().parse(dist / "mgo.ttl"))


def test_jsonld_parses_back(published: tuple[Path, BuildResult]) -> None:
    dist, _ = published
    document = json.loads((dist / "mgo.jsonld").read_text(encoding="utf-8"))
    document["@context"] = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(graph, Graph().parse(dist / "mgo.ttl"))


def test_void_describes_every_file_of_dist(published: tuple[Path, BuildResult]) -> None:
    """#11: void.ttl lists every file the build writes (it said so, but left out mappings.* and the context)."""
    import hashlib

    from rdflib import URIRef

    dist, _ = published
    void = Graph().parse(dist / "void.ttl")
    dcat, spdx = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    dataset = URIRef("https://w3id.org/missiegedreven/dataset")
    listed = {}
    for node in void.objects(dataset, URIRef(dcat + "distribution")):
        url = str(void.value(node, URIRef(dcat + "downloadURL")))
        listed[url.removeprefix("https://w3id.org/missiegedreven/")] = node
    files = sorted(p.name for p in dist.iterdir() if p.is_file())
    assert sorted(listed) == files
    for name, node in listed.items():
        if name == "void.ttl":  # a file cannot hold its own checksum
            assert void.value(node, URIRef(spdx + "checksum")) is None
            continue
        data = (dist / name).read_bytes()
        checksum = void.value(node, URIRef(spdx + "checksum"))
        assert str(void.value(checksum, URIRef(spdx + "checksumValue"))) == hashlib.sha256(data).hexdigest(), name
        assert int(void.value(node, URIRef(dcat + "byteSize"))) == len(data), name
