"""The OWL 2 RL consistency check: same closure as owlrl, readable contradictions."""

from __future__ import annotations

from pathlib import Path

import owlrl
import owlrl.OWLRL
import pytest
from rdflib import OWL, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from build_helpers import copy_fixture
from mgo.config import Project
from mgo.errors import InconsistencyError
from mgo.pipeline.parse import parse_project
from mgo.pipeline.reason import check_consistency, closure, reason

MGO = "https://w3id.org/missiegedreven/"
EXTRA_AXIOMS = """
@prefix mgo: <https://w3id.org/missiegedreven/def/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
mgo:hasDefinition owl:inverseOf mgo:defines .
skos:broader rdfs:subPropertyOf skos:semanticRelation .
mgo:ancestor a owl:TransitiveProperty .
@prefix concept: <https://w3id.org/missiegedreven/concept/> .
@prefix agent: <https://w3id.org/missiegedreven/agent/> .
concept:living-lab mgo:ancestor concept:lab .
concept:lab mgo:ancestor concept:x .
agent:a owl:sameAs agent:rathenau-instituut .
mgo:Quoted owl:equivalentClass [ a owl:Restriction ; owl:onProperty mgo:quotedFrom ;
    owl:someValuesFrom mgo:Source ] .
"""


def publication(tmp_path: Path, extra: str = "") -> Graph:
    graph = parse_project(Project(copy_fixture(tmp_path))).publication()
    if extra:
        graph.parse(data=extra, format="turtle")
    return graph


def test_fixture_is_consistent_and_the_report_counts_additions(tmp_path: Path) -> None:
    graph = publication(tmp_path)
    before = len(graph)
    report = check_consistency(graph)
    assert len(graph) == before, "the input graph must not change"
    assert report.consistent and report.asserted == before
    assert report.inferred == sum(report.added_by_predicate.values()) > 0
    assert list(report.added_by_predicate) == sorted(report.added_by_predicate)
    assert report.same_as == []


def test_optimised_closure_equals_owlrl_minus_reflexive_same_as(tmp_path: Path) -> None:
    graph = publication(tmp_path, EXTRA_AXIOMS)
    ours, errors = closure(graph)
    plain = Graph()
    plain += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(plain)
    expected = {t for t in plain if not (t[1] == OWL.sameAs and t[0] == t[2])}
    assert set(ours) == expected
    assert errors == []
    assert (URIRef(MGO + "definitie/living-lab"), RDF.type, URIRef(MGO + "def/Quoted")) in ours


def test_owlrl_namespaces_are_restored(tmp_path: Path) -> None:
    closure(publication(tmp_path))
    assert owlrl.OWLRL.OWL is OWL and owlrl.OWLRL.RDF is RDF and owlrl.OWLRL.RDFS is RDFS


def test_same_as_between_distinct_iris_is_flagged(tmp_path: Path) -> None:
    report = reason(publication(tmp_path, EXTRA_AXIOMS))
    assert report.same_as == [(MGO + "agent/a", MGO + "agent/rathenau-instituut")]


def test_disjoint_classes_name_both_classes_and_why(tmp_path: Path) -> None:
    extra = f"<{MGO}bron/rathenau-2021> <{MGO}def/defines> <{MGO}concept/lab> ."
    with pytest.raises(InconsistencyError) as caught:
        check_consistency(publication(tmp_path, extra))
    error = caught.value
    assert error.exit_code == 1
    assert error.message.endswith("the OWL 2 RL reasoner found 1 contradiction")
    assert [p.message for p in error.problems] == [
        f'"Living labs in Nederland" <{MGO}bron/rathenau-2021> is an instance of two classes declared '
        f'disjoint (owl:disjointWith or owl:AllDisjointClasses): "definitie" <{MGO}def/Definition> and '
        f'"bron" <{MGO}def/Source>. It is a "definitie" <{MGO}def/Definition> because it is the subject of '
        f'"definieert" <{MGO}def/defines>, whose rdfs:domain is "definitie" <{MGO}def/Definition>; it is a '
        f'"bron" <{MGO}def/Source> because it is typed "bron" <{MGO}def/Source> in the sources'
    ]


def test_same_and_different_is_one_contradiction(tmp_path: Path) -> None:
    extra = f"""
    <{MGO}concept/a> <http://www.w3.org/2002/07/owl#sameAs> <{MGO}concept/b> .
    <{MGO}concept/a> <http://www.w3.org/2002/07/owl#differentFrom> <{MGO}concept/b> .
    <{MGO}concept/c> <http://www.w3.org/2002/07/owl#differentFrom> <{MGO}concept/c> .
    """
    report = reason(publication(tmp_path, extra))
    assert [i.message for i in report.inconsistencies] == [
        f"<{MGO}concept/a> and <{MGO}concept/b> are stated (or inferred) to be the same (owl:sameAs) and "
        "different (owl:differentFrom)",
        f"<{MGO}concept/c> is declared different from itself (owl:differentFrom)",
    ]
