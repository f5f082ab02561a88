"""Shared fixtures: the repository root, the source text, and the publication graph built from the sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mgo.derive import derive

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "source" / "bijlage-a.txt"


def source_files(root: Path = ROOT) -> list[Path]:
    """The Turtle sources of the publication (ontology, data, additions), in a fixed order."""
    files = sorted((root / "ontology").glob("*.ttl")) + sorted((root / "data").glob("*.ttl"))
    files += sorted((root / "data" / "additions").glob("*.ttl"))
    assert files, f"no Turtle sources found under {root}"
    return files


def publication_graph(root: Path = ROOT) -> Graph:
    """Ontology + data + additions + derived triples: what the build validates and publishes."""
    graph = Graph()
    for path in source_files(root):
        graph.parse(path, format="turtle")
    for extra in derive(graph, root).values():
        graph += extra
    return graph


@pytest.fixture(scope="session")
def publication() -> Graph:
    return publication_graph()


@pytest.fixture(scope="session")
def source_text() -> str:
    return SEED.read_text(encoding="utf-8")
