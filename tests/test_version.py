"""One version at run time (#15): ``pyproject.toml`` of the project being built, never the installed metadata.

The test edits the version of a copy and sees ``mgo version`` and ``dist/mgo.ttl`` follow at once, without a
reinstall. The versions are made up for the test (no next release is hard-coded) and differ from the
installed one, so a reading of the metadata would fail it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from build_helpers import REPO, copy_fixture, run_cli
from mgo.terms import ONTOLOGY_IRI
from mgo.version import project_version

PYPROJECT = '[project]\nname = "mgo"\nversion = "{version}"\n'


def _published_version(root: Path) -> str:
    graph = Graph().parse(root / "dist" / "mgo.ttl")
    return str(graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo))


def test_version_build_and_site_follow_an_edit_of_pyproject_without_reinstall(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    for version in (f"{project_version(REPO)}.1", f"{project_version(REPO)}.2"):
        (root / "pyproject.toml").write_text(PYPROJECT.format(version=version), encoding="utf-8")
        assert run_cli("version", "--root", root) == (0, f"mgo {version}\n", "")
        code, out, _ = run_cli("build", "--root", root)
        assert code == 0 and out.startswith(f"built mgo {version}: ")
        assert _published_version(root) == version
        graph = Graph().parse(root / "dist" / "mgo.ttl")
        assert graph.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
        assert Literal(version) in set(Graph().parse(root / "dist" / "void.ttl").objects())
        assert run_cli("site", "--root", root)[0] == 0  # the site says what the build stamped
        page = (root / "dist" / "site" / "en" / "def.html").read_text(encoding="utf-8")
        assert f"<dt>version</dt><dd>{version}</dd>" in page


def test_a_folder_without_pyproject_gets_the_version_of_this_source_tree(tmp_path: Path) -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        expected = tomllib.load(handle)["project"]["version"]
    assert project_version(copy_fixture(tmp_path)) == expected


def test_a_pyproject_without_a_version_exits_2_naming_the_file(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "mgo"\n', encoding="utf-8")
    code, out, err = run_cli("version", "--root", root)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {root / 'pyproject.toml'}: no version under [project]\n"
        '  how to fix: set version = "X.Y.Z" under [project] in pyproject.toml\n'
    )


def test_a_broken_pyproject_exits_2_naming_the_file(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    code, _, err = run_cli("version", "--root", root)
    assert code == 2
    assert err.startswith(f"error: {root / 'pyproject.toml'}: cannot read the version: not valid TOML (")
    assert err.endswith("  how to fix: correct pyproject.toml (https://toml.io/)\n")
