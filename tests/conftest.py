"""Shared fixtures: the repository root, the source text, and the publication as the library builds it."""

from __future__ import annotations

import contextlib
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


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook, which means to do this
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` group again: pytest-xdist (3.8) marks a test's group by appending ``@GROUP`` to
    ``item._nodeid``, but pytest 9 keeps the node id in ``item._id`` (a ``NodeId``), so the suffix never reaches
    the scheduler and every test is its own unit. Then the tests of one heavy fixture run on both workers and it
    is made twice (recipes 3 and 4: one ~50 s copy performed twice; Virtuoso and the Jena runners started on
    both workers). Here the suffix is put where pytest 9 reads it; with a pytest-xdist that does it itself (the
    id already ends in ``@GROUP``) nothing changes."""
    if not config.getoption("loadgroup", default=False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if not names or not hasattr(item, "_id"):
            continue
        suffix = "@" + "_".join(names)
        if not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


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
    repository's own ``dist/`` is never touched, and never trusted to be fresh. Built once per test process and
    shared by every test that reads the publication as it ships (unit, site, integration); ``MGO_TEST_DIST=FOLDER``
    uses an already built folder instead (to iterate on the integration tests quickly)."""
    import os

    from mgo.config import Project
    from mgo.pipeline.build import build

    given = os.environ.get("MGO_TEST_DIST")
    if given:
        return Path(given)
    result = build(Project(ROOT), publish=False)
    dist = tmp_path_factory.mktemp("dist")
    for name, data in result.outputs.items():
        (dist / name).parent.mkdir(parents=True, exist_ok=True)
        (dist / name).write_bytes(data)
    return dist


@pytest.fixture(scope="session")
def source_text() -> str:
    return SEED.read_text(encoding="utf-8")


@contextlib.contextmanager
def repository_copy(folder: Path) -> Iterator[Path]:
    """A git copy of the repository in ``folder`` to perform edits on, with the third-party stand-ins set, as the
    cwd (both undone on exit)."""
    from repo_copy import copy_repository, shared_stand_ins

    root = copy_repository(folder / "project")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in shared_stand_ins(folder).items():
            patch.setenv(name, value)
        patch.chdir(root)
        yield root


@pytest.fixture
def copy(tmp_path: Path) -> Iterator[Path]:
    """A git copy of the repository for one test (the recipe tests; ``test_upkeep`` keeps its own lighter one)."""
    with repository_copy(tmp_path) as root:
        yield root


@pytest.fixture(scope="module")
def module_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One git copy of the repository for the tests of a module that restore what they change or build on each
    other's steps (the removal sweep; recipes 3 and 4). Mark those tests ``xdist_group`` so that one worker runs
    them all on one copy."""
    with repository_copy(tmp_path_factory.mktemp("copy")) as root:
        yield root


@pytest.fixture
def model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``mgo describe|catalogue|template`` in-process load the model from the sources on every call (~1.5 s):
    with this fixture they share one model per content of the project (:mod:`model_cache`)."""
    import mgo.environment.fit as fit
    from model_cache import load_model_once

    monkeypatch.setattr(fit, "load_model", load_model_once)
