"""The SHACL shapes of the publication (``shapes/*.ttl``), tested with their examples and on the publication.

* Every shape (an IRI in ``https://w3id.org/missiegedreven/shapes/``) has ``shapes/examples/{ID}-invalid.ttl``
  and ``{ID}-valid.ttl``. The invalid example, validated against *all* shapes, must give a result whose
  ``sh:sourceShape`` is that shape and whose ``sh:focusNode`` is the node on its ``# expect:`` line (and whose
  ``sh:value`` is each ``# value:`` line); the valid example must give no result of that shape at all.
  Comparing the shape and the focus node, not just conforms/does not conform, is what pySHACL's own test suite
  does with the W3C manifests: a shape that fires for the wrong reason fails here.
* Every shape has ``sh:name``, ``sh:description`` and ``sh:message`` in Dutch and English and a severity.
* The publication (ontology + data + additions + derived triples, version-stamped as the build does) has no
  ``sh:Violation``, and conforms to NL-SBB and, per concept scheme, to VocPub (multilang). Conformance is
  decided by counting ``sh:Violation`` results, never with ``allow_warnings`` (see
  ``external/README.md``).

Validation is pySHACL's, as the build runs it (SHACL-AF on for SPARQL-based targets, no inference).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node
from rdflib.util import from_n3

ROOT = Path(__file__).resolve().parents[1]
SHAPES_DIR = ROOT / "shapes"
EXAMPLES_DIR = SHAPES_DIR / "examples"
EXTERNAL = ROOT / "external"  # vendored: external/README.md
NL_SBB_SEMANTIC_RELATIONS = URIRef("http://nlbegrip.nl/def/skosapnl#SemanticRelations")

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/missiegedreven/shapes/"
ONTOLOGY = URIRef("https://w3id.org/missiegedreven/def")
SEVERITIES = (SH.Violation, SH.Warning, SH.Info)
# What makes an IRI of the shapes namespace a shape (a prefix declaration node, for instance, is not one).
SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
SHAPE_PREDICATES = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.path,
    SH.sparql,
    SH.property,
)
ID_FORM = re.compile(r"[A-Z][0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*")
EXAMPLE_NAME = re.compile(r"(?P<id>.+)-(?P<kind>valid|invalid)\.ttl")


# ---------------------------------------------------------------- shapes and examples


def shape_files() -> list[Path]:
    return sorted(SHAPES_DIR.glob("*.ttl"))


@cache
def shapes_graph() -> Graph:
    files = shape_files()
    assert files, f"no shapes found: {SHAPES_DIR}/*.ttl matches no file"
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def shape_ids(graph: Graph) -> list[str]:
    """The local names of every shape IRI in the shapes namespace."""
    found = set()
    for subject in set(graph.subjects()):
        if not isinstance(subject, URIRef) or not str(subject).startswith(SHAPES_NS):
            continue
        typed = any((subject, RDF.type, kind) in graph for kind in SHAPE_TYPES)
        if typed or any((subject, p, None) in graph for p in SHAPE_PREDICATES):
            found.add(str(subject)[len(SHAPES_NS) :])
    return sorted(found)


SHAPE_IDS = shape_ids(shapes_graph()) if shape_files() else []


@dataclass(frozen=True)
class Example:
    path: Path
    kind: str  # "valid" or "invalid"
    why: str
    focus: URIRef | None
    values: tuple[Node, ...]


def read_example(path: Path) -> Example:
    """The header: `# invalid: why`, `# expect: <focus>`, any `# value: term` lines; or `# valid: what`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    match = EXAMPLE_NAME.fullmatch(path.name)
    assert match, f"{path.name}: an example is named {{ID}}-valid.ttl or {{ID}}-invalid.ttl"
    kind = match["kind"]
    says = "why it is invalid" if kind == "invalid" else "what it shows"
    assert lines and lines[0].startswith(f"# {kind}: ") and lines[0][len(kind) + 4 :].strip(), (
        f"{path.name}: the first line must be '# {kind}: <{says}>'"
    )
    why = lines[0][len(kind) + 4 :].strip()
    focus = None
    values: list[Node] = []
    if kind == "invalid":
        assert len(lines) > 1 and lines[1].startswith("# expect: <"), (
            f"{path.name}: the second line must be '# expect: <focus node IRI>'"
        )
        focus = from_n3(lines[1][len("# expect: ") :].strip())
        assert isinstance(focus, URIRef), f"{path.name}: '# expect:' must name an IRI in <…>"
        for line in lines[2:]:
            if not line.startswith("# value: "):
                break
            values.append(from_n3(line[len("# value: ") :].strip()))
    return Example(path, kind, why, focus, tuple(values))


def example_path(shape_id: str, kind: str) -> Path:
    return EXAMPLES_DIR / f"{shape_id}-{kind}.ttl"


@dataclass(frozen=True)
class Result:
    shape: Node
    focus: Node
    value: Node | None
    severity: Node
    messages: tuple[str, ...]


def run_shapes(data: Graph, shapes: Graph) -> list[Result]:
    _, report, _ = validate(
        data,
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        allow_warnings=False,
        allow_infos=False,
        do_owl_imports=False,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            Result(
                shape=report.value(node, SH.sourceShape),
                focus=report.value(node, SH.focusNode),
                value=report.value(node, SH.value),
                severity=report.value(node, SH.resultSeverity),
                messages=tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
            )
        )
    return results


def describe(results: list[Result]) -> str:
    def short(node: Node | None) -> str:
        return "-" if node is None else node.n3()

    lines = []
    for r in sorted(results, key=lambda r: (str(r.shape), str(r.focus), str(r.value))):
        shape = short(r.shape).replace("<" + SHAPES_NS, "<mgosh:")
        message = f"\n      {r.messages[0][:200]}" if r.messages else ""
        lines.append(f"  {shape} focus {short(r.focus)} value {short(r.value)}{message}")
    return "\n".join(lines)


def parse_example(example: Example) -> Graph:
    """The example's triples in a graph with rdflib's default prefixes only (see `prepared_sparql`)."""
    parsed = Graph()
    parsed.parse(example.path, format="turtle")
    graph = Graph()
    graph += parsed
    return graph


@pytest.fixture(scope="module", autouse=True)
def prepared_sparql() -> Iterator[None]:
    """Parse each SPARQL text of the shapes once per test module instead of once per validation.

    pySHACL hands rdflib the *text* of every SPARQL constraint and target on every validation, and rdflib's
    pyparsing parser is most of the time of validating one small example (~15 ms a query). A parsed query
    can be evaluated again and again, on any graph (that is what ``rdflib.plugins.sparql.prepareQuery`` is
    for), so the results are the same. The key includes the namespaces rdflib resolves prefixes with; the
    examples are loaded into graphs with the same default namespaces so that the cache is hit. Falls back to
    no cache if rdflib's processor no longer has these names.
    """
    from rdflib.plugins.sparql import algebra, parser, processor

    if not (hasattr(processor, "parseQuery") and hasattr(processor, "translateQuery")):
        yield
        return

    @cache
    def prepared(text: str, base: str | None, namespaces: frozenset) -> object:
        return algebra.translateQuery(parser.parseQuery(text), base, dict(namespaces))

    def translate(text: object, base: str | None = None, init_ns: dict | None = None) -> object:
        if not isinstance(text, str):
            return algebra.translateQuery(text, base, init_ns)
        return prepared(text, base, frozenset((init_ns or {}).items()))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor, "parseQuery", lambda text: text)
        patch.setattr(processor, "translateQuery", translate)
        yield


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@cache
def harvested_shapes() -> ShapesGraph:
    shapes = ShapesGraph(shapes_graph())
    _ = shapes.shapes  # pySHACL harvests the shapes when this property is first read
    return shapes


def target_owners(shape_id: str) -> list[Node]:
    """The shape itself if it has targets, else the shapes that hold it with sh:property."""
    graph = shapes_graph()
    node = URIRef(SHAPES_NS + shape_id)
    if any((node, p, None) in graph for p in TARGETS):
        return [node]
    return list(graph.subjects(SH.property, node))


def sparql_targeted(shape_id: str) -> bool:
    return any((owner, SH.target, None) in shapes_graph() for owner in target_owners(shape_id))


def focus_nodes(shape_id: str, data: Graph) -> set[Node]:
    """The nodes the shape's targets select in ``data`` (for a shape without targets: its owners' targets)."""
    found: set[Node] = set()
    for owner in target_owners(shape_id):
        shape = harvested_shapes().lookup_shape_from_node(owner)
        shape.set_advanced(True)  # SPARQL-based targets, as in validate(advanced=True)
        found |= set(shape.focus_nodes(data))
    return found


# ---------------------------------------------------------------- (a) each shape fires on its invalid example


def test_shapes_are_found() -> None:
    assert shape_files(), f"no shapes found: {SHAPES_DIR}/*.ttl matches no file"
    assert SHAPE_IDS, "the shapes files define no shape in the namespace " + SHAPES_NS


@pytest.mark.parametrize("shape_id", SHAPE_IDS)
def test_invalid_example_fires_the_shape_on_the_expected_node(shape_id: str) -> None:
    path = example_path(shape_id, "invalid")
    assert path.is_file(), f"{shape_id} has no invalid example: write {path.relative_to(ROOT)}"
    example = read_example(path)
    shape = URIRef(SHAPES_NS + shape_id)
    results = run_shapes(parse_example(example), shapes_graph())
    fired = [r for r in results if r.shape == shape]
    on_focus = [r for r in fired if r.focus == example.focus]
    assert on_focus, (
        f"{path.name} ({example.why}): expected {shape_id} on {example.focus.n3()}; "
        f"{shape_id} gave {len(fired)} result(s), all results:\n{describe(results)}"
    )
    found_values = {r.value for r in on_focus}
    for value in example.values:
        assert value in found_values, (
            f"{path.name}: expected {shape_id} on {example.focus.n3()} with value {value.n3()}; "
            f"got values {sorted(v.n3() for v in found_values if v is not None)}"
        )


@pytest.mark.parametrize("shape_id", SHAPE_IDS)
def test_valid_example_does_not_fire_the_shape(shape_id: str) -> None:
    path = example_path(shape_id, "valid")
    assert path.is_file(), f"{shape_id} has no valid example: write {path.relative_to(ROOT)}"
    example = read_example(path)
    shape = URIRef(SHAPES_NS + shape_id)
    data = parse_example(example)
    fired = [r for r in run_shapes(data, shapes_graph()) if r.shape == shape]
    assert not fired, f"{path.name} ({example.why}): {shape_id} fired:\n{describe(fired)}"
    # A valid example that the shape never looks at would pass for any shape: it must hold a focus node.
    # Not asked of SPARQL-based targets: they may select only the offending nodes (as the L shapes do).
    if not sparql_targeted(shape_id):
        assert focus_nodes(shape_id, data), f"{path.name}: {shape_id} selects no focus node: it shows nothing"


# ---------------------------------------------------------------- (b) completeness


def test_every_shape_has_both_examples() -> None:
    missing = [
        example_path(shape_id, kind).relative_to(ROOT).as_posix()
        for shape_id in SHAPE_IDS
        for kind in ("valid", "invalid")
        if not example_path(shape_id, kind).is_file()
    ]
    assert not missing, "shapes without examples; write:\n  " + "\n  ".join(missing)


def test_every_example_names_an_existing_shape() -> None:
    examples = sorted(EXAMPLES_DIR.glob("*.ttl"))
    assert examples, f"no examples found: {EXAMPLES_DIR.relative_to(ROOT)}/*.ttl matches no file"
    orphans = []
    for path in examples:
        match = EXAMPLE_NAME.fullmatch(path.name)
        if match is None or match["id"] not in SHAPE_IDS:
            orphans.append(path.name)
    assert not orphans, f"examples that name no shape of {SHAPES_DIR.relative_to(ROOT)}/*.ttl: {orphans}"


def test_every_example_has_its_header() -> None:
    for path in sorted(EXAMPLES_DIR.glob("*.ttl")):
        read_example(path)  # asserts the header lines


def test_shape_ids_are_stable_and_distinct() -> None:
    malformed = [i for i in SHAPE_IDS if not ID_FORM.fullmatch(i)]
    assert not malformed, f"an ID is a letter, two digits and a readable name (C01-concept-…): {malformed}"
    numbers: dict[str, list[str]] = {}
    for shape_id in SHAPE_IDS:
        numbers.setdefault(shape_id[:3], []).append(shape_id)
    reused = {number: ids for number, ids in numbers.items() if len(ids) > 1}
    assert not reused, f"one number, one shape: {reused}"


def test_readme_lists_every_shape_and_every_file() -> None:
    readme = (SHAPES_DIR / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    missing = [shape_id for shape_id in SHAPE_IDS if shape_id not in rows]
    assert not missing, f"shapes/README.md has no row for: {missing}"
    stale = sorted(row for row in rows if ID_FORM.fullmatch(row) and row not in SHAPE_IDS)
    assert not stale, f"shapes/README.md has rows for shapes that do not exist: {stale}"
    unlisted = [path.name for path in shape_files() if f"`{path.name}`" not in readme]
    assert not unlisted, f"shapes/README.md does not list: {unlisted}"


# ---------------------------------------------------------------- (c) names, descriptions, messages, severity


@pytest.mark.parametrize("shape_id", SHAPE_IDS)
def test_shape_has_name_and_message_in_dutch_and_english_and_a_severity(shape_id: str) -> None:
    graph = shapes_graph()
    shape = URIRef(SHAPES_NS + shape_id)
    for prop in (SH.name, SH.message):
        texts = [o for o in graph.objects(shape, prop) if isinstance(o, Literal) and str(o).strip()]
        missing = sorted({"nl", "en"} - {o.language for o in texts})
        assert not missing, f"{shape_id}: {prop.n3(graph.namespace_manager)} lacks @{' and @'.join(missing)}"
    severities = set(graph.objects(shape, SH.severity))
    assert len(severities) == 1 and severities <= set(SEVERITIES), (
        f"{shape_id}: exactly one sh:severity (sh:Violation blocks publishing, sh:Warning is advice)"
    )


@pytest.mark.parametrize("shape_id", SHAPE_IDS)
def test_shape_has_a_description(shape_id: str) -> None:
    graph = shapes_graph()
    shape = URIRef(SHAPES_NS + shape_id)
    assert any(isinstance(o, Literal) and str(o).strip() for o in graph.objects(shape, SH.description)), (
        f"{shape_id}: sh:description is missing (what the shape checks, for shapes/README.md and curators)"
    )


# ---------------------------------------------------------------- (d) the publication has no violation


@cache
def publication() -> Graph:
    """The publication as the build validates it (every published layer, mappings included, version-stamped,
    derived triples added): the library's, :meth:`mgo.pipeline.publication.Publication.from_sources`, never one
    assembled here."""
    from mgo.config import Project
    from mgo.pipeline.publication import Publication

    return Publication.from_sources(Project(ROOT)).rdflib()


def violations(results: list[Result]) -> list[Result]:
    return [r for r in results if r.severity == SH.Violation]


def test_publication_has_no_violation() -> None:
    found = violations(run_shapes(publication(), shapes_graph()))
    assert not found, f"the publication violates {len(found)} time(s):\n{describe(found)}"


# ---------------------------------------------------------------- (e) third-party profiles


def external_profile(relative: str) -> Graph:
    path = EXTERNAL / relative
    assert path.is_file(), f"{path} is missing from external/ (see its README.md)"
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


@cache
def shipped() -> Graph:
    """``dist/mgo.ttl`` exactly as the build writes it (the library's build, in memory: dist/ is untouched)."""
    from mgo.config import Project
    from mgo.pipeline.build import build

    result = build(Project(ROOT), publish=False)
    return Graph().parse(data=result.outputs["mgo.ttl"].decode("utf-8"), format="turtle")


def test_the_built_mgo_ttl_conforms_to_nl_sbb() -> None:
    """What ships, every layer and the mappings included: 0 sh:Violation (never allow_warnings)."""
    profile = external_profile("nl-sbb/skos-ap-nl.ttl")
    found = violations(run_shapes(shipped(), profile))
    assert not found, f"NL-SBB: {len(found)} violation(s):\n{describe(found)}"


def test_nl_sbb_rejects_a_skos_mapping_to_an_untyped_external_iri() -> None:
    """The conformance test can fail: one asserted skos:closeMatch to a UNESCO IRI is one violation of
    NL-SBB's SemanticRelations, on that IRI (why the mappings layer publishes SSSOM records instead)."""
    profile = external_profile("nl-sbb/skos-ap-nl.ttl")
    graph = Graph() + shipped()
    target = URIRef("http://vocabularies.unesco.org/thesaurus/concept13097")
    graph.add((URIRef("https://w3id.org/missiegedreven/concept/lab"), SKOS.closeMatch, target))
    found = violations(run_shapes(graph, profile))
    assert [(r.focus, r.shape) for r in found if r.focus == target] == [(target, NL_SBB_SEMANTIC_RELATIONS)]


def scheme_graphs(graph: Graph) -> Iterator[tuple[URIRef, Graph]]:
    """Per concept scheme: the scheme, its concepts (skos:inScheme) and its creator, publisher and contributor."""
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        part = Graph()
        members = {scheme, *graph.subjects(SKOS.inScheme, scheme)}
        members |= {
            a for p in (DCTERMS.creator, DCTERMS.publisher, DCTERMS.contributor) for a in graph.objects(scheme, p)
        }
        for member in members:
            for triple in graph.triples((member, None, None)):
                part.add(triple)
        yield URIRef(scheme), part


def test_every_concept_scheme_conforms_to_vocpub_multilang() -> None:
    profile = external_profile("vocpub/validator.multilang.ttl")
    schemes = list(scheme_graphs(shipped()))
    assert schemes, "the publication has no skos:ConceptScheme"
    failures = []
    for scheme, part in schemes:
        found = violations(run_shapes(part, profile))
        if found:
            failures.append(f"{scheme.n3()}: {len(found)} violation(s):\n{describe(found)}")
    assert not failures, "VocPub (multilang):\n" + "\n".join(failures)
