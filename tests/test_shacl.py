"""The one SHACL adapter (:func:`mgo.pipeline.shacl.validate`): pySHACL and shacl-rust give the same Findings.

"The same" is the set of (focus node, path, named shape, severity) of :func:`mgo.pipeline.shacl.comparable`
(blank-node labels masked: each engine names blank nodes its own way), compared

* on the publication (the library's, :func:`mgo.pipeline.build.publication_of`) with the project's shapes,
  and on every invalid example of ``shapes/examples/`` (each must also fire its own shape on both engines);
* on ``dist/mgo.ttl`` as the build writes it with NL-SBB, and per concept scheme with VocPub (multilang),
  each also on a copy broken on purpose so that there is something to agree on.

shacl-rust 0.2.12 differs from pySHACL (and from the SHACL spec) on four of our shapes, listed in
:data:`RUST_DIFFERS` with the reason; they are left out of the comparison, and
``test_the_known_shacl_rust_differences_still_hold`` fails as soon as an upgrade fixes one (then shorten the list).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SKOS

from mgo.config import Project
from mgo.errors import UsageError
from mgo.pipeline.parse import parse_project
from mgo.pipeline.shacl import comparable, validate
from mgo.pipeline.validate import split_by_scheme

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "shapes" / "examples"
SHAPES_NS = "https://w3id.org/missiegedreven/shapes/"
NO_PATH_PARSER = "shacl-rust cannot parse an alternative path holding a sequence with sh:zeroOrMorePath"
QUALIFIED_LANGUAGE = "shacl-rust: sh:languageIn inside sh:qualifiedValueShape never conforms"
RUST_DIFFERS = {
    SHAPES_NS + "S04-agent-typed": NO_PATH_PARSER,
    SHAPES_NS + "C04-concept-definition-nl": QUALIFIED_LANGUAGE,
    SHAPES_NS + "M09-question-text": QUALIFIED_LANGUAGE,
    SHAPES_NS + "M11-criterion-text": QUALIFIED_LANGUAGE,
}


def _drop(graph: Graph, shape: URIRef) -> None:
    """Remove a shape and its blank-node closure (its property shapes, paths, lists)."""
    frontier: list[object] = [shape]
    while frontier:
        node = frontier.pop()
        for p, o in list(graph.predicate_objects(node)):  # type: ignore[arg-type]
            graph.remove((node, p, o))  # type: ignore[arg-type]
            if isinstance(o, BNode):
                frontier.append(o)


@cache
def project_shapes() -> Graph:
    return parse_project(Project(ROOT), only=("shapes",)).shapes()


@cache
def comparable_shapes() -> Graph:
    """The project's shapes without the ones of :data:`RUST_DIFFERS`."""
    graph = Graph() + project_shapes()
    for shape in RUST_DIFFERS:
        assert (URIRef(shape), None, None) in graph, f"{shape} is no longer a shape: update RUST_DIFFERS"
        _drop(graph, URIRef(shape))
    return graph


def both(data: Graph, shapes: Graph) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    return comparable(validate(data, shapes, engine="pyshacl")), comparable(validate(data, shapes, engine="rust"))


def external(relative: str) -> Graph:
    path = ROOT / "external" / relative
    assert path.is_file(), f"{path} is missing from external/ (see its README.md)"
    return Graph().parse(path, format="turtle")


# --- our shapes -------------------------------------------------------------------------------------------


def test_the_engines_agree_on_the_publication(publication: Graph) -> None:
    reference, rust = both(publication, comparable_shapes())
    assert rust == reference


def test_the_engines_agree_on_a_broken_publication(publication: Graph) -> None:
    """Something to agree on: every concept loses its preferred labels (C01 and the shapes built on labels)."""
    broken = Graph() + publication
    for triple in list(broken.triples((None, SKOS.prefLabel, None))):
        broken.remove(triple)
    reference, rust = both(broken, comparable_shapes())
    assert reference, "removing every skos:prefLabel must break some shape"
    assert rust == reference


def invalid_examples() -> list[Path]:
    found = sorted(EXAMPLES.glob("*-invalid*.ttl"))
    assert found, f"no invalid examples in {EXAMPLES}"
    return found


@pytest.mark.parametrize("path", invalid_examples(), ids=lambda p: p.stem)
def test_the_engines_agree_on_the_invalid_example(path: Path) -> None:
    data = Graph().parse(path, format="turtle")
    reference, rust = both(data, comparable_shapes())
    assert rust == reference, f"pySHACL only: {sorted(reference - rust)}\nshacl-rust only: {sorted(rust - reference)}"
    shape = SHAPES_NS + path.name.split("-invalid")[0]
    if shape not in RUST_DIFFERS:
        assert shape in {rule for _, _, rule, _ in rust}, f"{path.name} does not fire {shape} on shacl-rust"


def test_the_known_shacl_rust_differences_still_hold() -> None:
    """Each entry of RUST_DIFFERS, shown on the smallest input: fails once shacl-rust agrees (shorten the list)."""
    unparsed = Graph()
    _copy_shape(unparsed, SHAPES_NS + "S04-agent-typed")
    with pytest.raises(UsageError, match="the Rust SHACL engine cannot read these shapes"):
        validate(Graph(), unparsed, engine="rust")
    qualified = Graph()
    _copy_shape(qualified, SHAPES_NS + "C04-concept-definition-nl")
    concept = Graph().parse(
        data="@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/c> a skos:Concept ; skos:definition "een definitie"@nl .',
        format="turtle",
    )
    assert validate(concept, qualified, engine="pyshacl").results == []
    assert [f.rule for f in validate(concept, qualified, engine="rust").results] == [
        SHAPES_NS + "C04-concept-definition-nl"
    ]


def _copy_shape(into: Graph, shape: str) -> None:
    source = project_shapes()
    frontier: list[object] = [URIRef(shape)]
    while frontier:
        node = frontier.pop()
        for p, o in source.predicate_objects(node):  # type: ignore[arg-type]
            into.add((node, p, o))  # type: ignore[arg-type]
            if isinstance(o, BNode):
                frontier.append(o)


# --- the third-party profiles -----------------------------------------------------------------------------


@cache
def shipped_graph(dist: Path) -> Graph:
    return Graph().parse(dist / "mgo.ttl", format="turtle")


def test_the_engines_agree_on_nl_sbb(built_dist: Path) -> None:
    profile = external("nl-sbb/skos-ap-nl.ttl")
    shipped = shipped_graph(built_dist)
    reference, rust = both(shipped, profile)
    assert rust == reference
    broken = Graph() + shipped  # an asserted mapping to an IRI NL-SBB cannot type: one violation
    target = URIRef("http://vocabularies.unesco.org/thesaurus/concept13097")
    broken.add((URIRef("https://w3id.org/missiegedreven/concept/lab"), SKOS.closeMatch, target))
    reference, rust = both(broken, profile)
    assert (target.toPython(), "", "http://nlbegrip.nl/def/skosapnl#SemanticRelations", "error") in reference
    assert rust == reference


def test_the_engines_agree_on_vocpub_per_scheme(built_dist: Path) -> None:
    profile = external("vocpub/validator.multilang.ttl")
    schemes = split_by_scheme(shipped_graph(built_dist))
    assert schemes, "the publication has no skos:ConceptScheme"
    for scheme, graph in schemes.items():
        reference, rust = both(graph, profile)
        assert rust == reference, scheme
        broken = Graph() + graph  # a scheme without its title
        for triple in list(broken.triples((URIRef(scheme), None, None))):
            if "title" in str(triple[1]) or str(triple[1]).endswith("prefLabel"):
                broken.remove(triple)
        reference, rust = both(broken, profile)
        assert reference, f"{scheme} without its title or preferred label must break VocPub"
        assert rust == reference, scheme
