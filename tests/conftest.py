"""Shared fixtures: the repository root, the source text, and the publication as the library builds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph

if TYPE_CHECKING:
    from mgo.pipeline.publication import Publication

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "bijlage-a.txt"


def library_publication(root: Path = ROOT) -> Publication:
    """The publication as the build makes it (:meth:`mgo.pipeline.publication.Publication.from_sources`): every
    layer (ontology, version-stamped; data; additions; mappings; shapes) plus the derived triples. Never
    assembled here."""
    from mgo.config import Project
    from mgo.pipeline.publication import Publication

    return Publication.from_sources(Project(root))


def publication_graph(root: Path = ROOT) -> Graph:
    """The rdflib view of :func:`library_publication`: the union of the published layers."""
    return library_publication(root).rdflib()


@pytest.fixture(scope="session")
def the_publication() -> Publication:
    """The library's one publication of the repository's sources (shared by the whole session: never change it)."""
    return library_publication()


@pytest.fixture(scope="session")
def publication(the_publication: Publication) -> Graph:
    return the_publication.rdflib()


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every file of ``dist/`` as ``mgo build`` writes it (:func:`mgo.pipeline.build.build`), in a temporary folder: the
    repository's own ``dist/`` is never touched, and never trusted to be fresh."""
    from mgo.config import Project
    from mgo.pipeline.build import build

    result = build(Project(ROOT), publish=False)
    dist = tmp_path_factory.mktemp("dist")
    for name, data in result.outputs.items():
        (dist / name).parent.mkdir(parents=True, exist_ok=True)
        (dist / name).write_bytes(data)
    return dist


@pytest.fixture(scope="session")
def source_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def copy(tmp_path: Path) -> Iterator[Path]:
    """A git copy of the repository to perform edits on, with the third-party stand-ins set, as the cwd.
    (Shared by the recipe and partial-edit tests; ``test_upkeep`` keeps its own lighter ``copy``.)"""
    from repo_copy import copy_repository, shared_stand_ins

    root = copy_repository(tmp_path / "project")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in shared_stand_ins(tmp_path).items():
            patch.setenv(name, value)
        patch.chdir(root)
        yield root
