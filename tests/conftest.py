"""Shared fixtures: the repository root, the source text, and the publication as the library builds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "bijlage-a.txt"


def publication_graph(root: Path = ROOT) -> Graph:
    """The publication as the build makes it (:func:`mgo.build.publication_of`): every published layer
    (ontology, version-stamped; data; additions; mappings) plus the derived triples. Never assembled here."""
    from mgo.build import publication_of
    from mgo.config import Project

    return publication_of(Project(root))


@pytest.fixture(scope="session")
def publication() -> Graph:
    return publication_graph()


@pytest.fixture(scope="session")
def source_text() -> str:
    return SEED.read_text(encoding="utf-8")
