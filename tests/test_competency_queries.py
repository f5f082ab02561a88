"""The competency questions (queries/*.rq) against their golden results, exactly (STYLE habit 4)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from mgo.config import Project
from mgo.query.local import (
    available_queries,
    check_golden,
    known_prefixes,
    load_store,
    namespace_warnings,
    publication_namespaces,
)

ROOT = Path(__file__).resolve().parents[1]
PROJECT = Project(ROOT)
NAMES = available_queries(PROJECT)


def test_at_least_twelve_competency_questions() -> None:
    assert len(NAMES) >= 12, f"only {len(NAMES)} queries in {PROJECT.queries_dir}"


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    # Built from the sources in memory: the same graph as dist/mgo.ttl, without touching dist/.
    return load_store(PROJECT, from_sources=True)


@pytest.mark.parametrize("name", NAMES)
def test_query_opens_with_its_question_in_dutch_and_english(name: str) -> None:
    lines = (PROJECT.queries_dir / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# nl: ") and len(lines[0]) > 12, lines[0]
    assert lines[1].startswith("# en: ") and len(lines[1]) > 12, lines[1]


@pytest.mark.parametrize("name", NAMES)
def test_query_gives_its_golden_result(store: pyoxigraph.Store, name: str) -> None:
    matches, expected, actual = check_golden(PROJECT, name, store)
    assert matches, (
        f"queries/{name}: the result differs from the golden file; if the change is intended, regenerate it "
        f"with `.venv/bin/mgo query {name} --update-golden` and review the diff\n--- expected\n{expected}"
        f"\n--- actual\n{actual}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_query_is_portable_no_transitive_path_with_both_ends_unbound(name: str) -> None:
    # Virtuoso refuses `?a skos:broader+ ?b` with both ends unbound; the queries avoid such paths altogether.
    text = (PROJECT.queries_dir / f"{name}.rq").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "+ ?" not in body and "* ?" not in body, f"{name} uses a transitive path"


def test_no_competency_query_names_an_iri_outside_the_publication(store: pyoxigraph.Store) -> None:
    """The check ``mgo query`` warns with (a namespace typo such as ``…/def#`` gives 0 rows, silently)."""
    prefixes = known_prefixes(PROJECT)
    namespaces, iris = publication_namespaces(store, prefixes)
    for name in NAMES:
        text = (PROJECT.queries_dir / f"{name}.rq").read_text(encoding="utf-8")
        assert namespace_warnings(text, namespaces, iris, prefixes) == [], name
