"""``mgo diff`` sees the mappings whether they are asserted (0.1.0: ``skos:*Match`` triples) or published as
SSSOM/RDF records (since #11: ``owl:Axiom``), so 0.1.0 → now is not "every mapping removed".

The expected changes come from the two sources of truth, not from the diff's code: the mapping triples the
release record ``releases/0.1.0.nt`` asserts, and the rows of the SSSOM/TSV file (read by the SSSOM parser).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from mgo.pipeline.sssom import load_mapping_sets
from mgo.releases.diff import MAPPINGS, diff_graphs, markdown, short
from mgo.releases.records import read_record

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def released() -> Graph:
    return read_record(ROOT, "0.1.0")


def released_mappings(graph: Graph) -> set[tuple[str, str, str]]:
    """The mapping triples of the concepts (the ontology header's rdfs:seeAlso to the project page is none)."""
    return {
        (str(s), str(p), str(o))
        for p in MAPPINGS
        for s, o in graph.subject_objects(URIRef(p))
        if (s, RDF.type, SKOS.Concept) in graph
    }


def current_mappings() -> set[tuple[str, str, str]]:
    """The positive rows of the mapping set: what the records of the publication state."""
    return {(m.subject, m.predicate, m.object) for s in load_mapping_sets(ROOT) for m in s.positive()}


def test_0_1_0_asserted_the_mappings_the_publication_now_records(released: Graph, publication: Graph) -> None:
    old, now = released_mappings(released), current_mappings()
    assert old and now and old & now  # the premise: most mappings are the same in both forms
    mapping_predicates = {URIRef(p) for p in MAPPINGS[:-1]}  # the five SKOS properties, not rdfs:seeAlso
    assert not any(p in mapping_predicates for _, p, _ in publication)  # none asserted any more


def test_diff_reports_only_the_mappings_that_changed(released: Graph, publication: Graph) -> None:
    diff = diff_graphs(released, publication, old_version="0.1.0", new_version="sources", date="2030-01-01")
    reported_added = {
        (change.iri, predicate, str(value))
        for change in diff.entities
        for predicate, value in change.added
        if predicate in MAPPINGS
    }
    reported_removed = {
        (change.iri, predicate, str(value))
        for change in diff.entities
        for predicate, value in change.removed
        if predicate in MAPPINGS
    }
    old, now = released_mappings(released), current_mappings()
    assert reported_added == now - old
    assert reported_removed == old - now
    assert reported_removed != old  # not "all removed" (what the diff said before it read the records)
    changed_subjects = {s for s, _, _ in (now - old) | (old - now)}
    assert diff.summary()["mappings"] == len(changed_subjects)


def test_markdown_shows_a_mapping_that_became_a_see_also_link(released: Graph, publication: Graph) -> None:
    old, now = released_mappings(released), current_mappings()
    moved = sorted(
        (s, p_old, p_new, o) for s, p_old, o in old for s2, p_new, o2 in now if (s, o) == (s2, o2) and p_old != p_new
    )
    assert moved
    text = markdown(diff_graphs(released, publication, old_version="0.1.0", new_version="sources", date="2030-01-01"))
    for _, p_old, p_new, o in moved:
        assert f"<{o}>: {short(p_old)} → {short(p_new)}" in text
