"""Layers, their sources and the project root."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_helpers import REPO, copy_fixture
from mgo.config import Layer, Project, find_root, layer, layers, register_layer
from mgo.errors import MissingFileError
from mgo.terms import GRAPH_BASE


def test_layers_in_fixed_order_with_graph_iris() -> None:
    assert [(each.name, each.graph_iri) for each in layers()] == [
        ("ontology", "https://w3id.org/missiegedreven/graph/ontology"),
        ("data", "https://w3id.org/missiegedreven/graph/data"),
        ("additions", "https://w3id.org/missiegedreven/graph/additions"),
        ("mappings", "https://w3id.org/missiegedreven/graph/mappings"),
        ("shapes", "https://w3id.org/missiegedreven/graph/shapes"),
    ]
    assert [each.name for each in layers() if each.published] == ["ontology", "data", "additions", "mappings"]


def test_shape_examples_are_not_part_of_the_shapes_layer(tmp_path: Path) -> None:
    project = Project(copy_fixture(tmp_path))
    assert [p.name for p in project.sources(layer("shapes"))] == ["concepts.ttl"]
    assert (project.root / "shapes" / "examples").is_dir()


@pytest.mark.parametrize("name", ["ontology", "data", "shapes"])
def test_a_required_layer_without_files_is_an_error(tmp_path: Path, name: str) -> None:
    root = copy_fixture(tmp_path)
    for path in Project(root).sources(layer(name)):
        path.unlink()
    with pytest.raises(MissingFileError) as caught:
        Project(root).sources(layer(name))
    assert caught.value.exit_code == 2
    assert f"the {name} layer has no source files" in caught.value.message


def test_additions_may_be_empty(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "data" / "additions" / "en.ttl").unlink()
    assert Project(root).sources(layer("additions")) == []


def test_find_root_walks_up_to_the_mgo_pyproject(tmp_path: Path) -> None:
    assert find_root(REPO / "src" / "mgo") == REPO
    assert find_root(tmp_path) == tmp_path.resolve()


def test_register_layer_adds_a_layer_before_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import mgo.config as project_module

    monkeypatch.setattr(project_module, "_LAYERS", list(project_module._LAYERS))
    register_layer(Layer("extra", ("data/extra/*.ttl",), required=False), before="shapes")
    assert [each.name for each in layers()] == [
        "ontology",
        "data",
        "additions",
        "mappings",
        "extra",
        "shapes",
    ]
    assert layer("extra").graph_iri == GRAPH_BASE + "extra"
    with pytest.raises(ValueError, match="already registered"):
        register_layer(Layer("data", ("x",)))


def test_resolve_root_checks_that_the_folder_exists(tmp_path: Path) -> None:
    from mgo.config import resolve_root
    from mgo.errors import UsageError

    assert resolve_root(tmp_path) == tmp_path.resolve()
    with pytest.raises(UsageError) as caught:
        resolve_root(tmp_path / "absent")
    assert caught.value.exit_code == 2
    assert caught.value.message == f"--root {tmp_path / 'absent'}: no such folder"


@pytest.mark.parametrize(
    "command",
    [
        *(["site"], ["check"], ["release"], ["diff"], ["describe", "x.yaml"], ["template"], ["links"]),
        *(["build"], ["validate"], ["query"], ["fmt"], ["catalogue", "x.csv"]),
    ],
    ids=lambda argv: argv[0],
)
def test_every_command_refuses_a_root_that_is_not_a_folder(tmp_path: Path, command: list[str]) -> None:
    import io

    from mgo.cli import main

    err = io.StringIO()
    code = main([*command, "--root", str(tmp_path / "absent")], stdout=io.StringIO(), stderr=err)
    assert code == 2, err.getvalue()
    assert f"--root {tmp_path / 'absent'}: no such folder" in err.getvalue()


def test_site_before_build_is_a_usage_error(tmp_path: Path) -> None:
    import io

    from mgo.cli import main

    err = io.StringIO()
    code = main(["site", "--root", str(tmp_path)], stdout=io.StringIO(), stderr=err)
    assert code == 2, err.getvalue()
    assert f"no built publication: {tmp_path / 'dist'} is not a folder" in err.getvalue()
    assert "run 'mgo build' first" in err.getvalue()
