"""Each recipe of docs/MAINTAINING.md, performed as written on a copy of the repository (tests/maintaining.py
reads the guide), and its result checked. A failure here means the guide and the code disagree: fix one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from build_helpers import run_cli
from maintaining import GUIDE, Outcome, Step, example_name, perform, recipes
from mgo.quality.parity import text_hash
from mgo.releases.release import next_version, read_record
from repo_copy import REPO, commit_all, git

BASE = "https://w3id.org/missiegedreven/"
CONCEPT = Namespace(BASE + "concept/")
NUMBERS_NL = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"]
RECIPES = recipes()


def published(root: Path) -> Graph:
    return Graph().parse(root / "dist" / "mgo.ttl", format="turtle")


def variants(root: Path) -> int:
    graph = Graph().parse(root / "data" / "concepts.ttl", format="turtle")
    return len({s for s in graph.subjects(SKOS.broader, None) if (s, OWL.deprecated, None) not in graph})


def test_the_guide_has_the_seven_recipes_in_dutch_and_english():
    titles = [r.title for r in RECIPES.values()]
    assert titles == [
        "Change a quote's translation / De vertaling van een citaat wijzigen",
        "Correct the source text's reading / De lezing van de brontekst verbeteren",
        "Add a source / Een bron toevoegen",
        "Add a variant / Een variant toevoegen",
        "Add or change a mapping / Een koppeling toevoegen of wijzigen",
        "Deprecate a concept / Een begrip afschaffen",
        "Release / Een release maken",
    ]
    text = GUIDE.read_text(encoding="utf-8")
    for number in RECIPES:
        section = text.split(f"## {number}. ", 1)[1].split("\n## ", 1)[0]
        assert "**nl**" in section and "**en**" in section, f"recipe {number} is in Dutch and English"


@pytest.mark.slow
def test_recipe_1_change_a_translation(copy: Path):
    outcomes = perform(copy, RECIPES[1])
    diff = outcomes[-1].out
    assert "skos:definition @en:" in diff and "”. ~~Key~~ **Its key** words are:" in diff, diff
    assert outcomes[0].out.splitlines()[-1].startswith("mgo check passed"), "the hash did not go stale"


@pytest.mark.slow
def test_recipe_2_correct_the_reading(copy: Path):
    definitions = copy / "data" / "definitions.ttl"
    translations = copy / "data" / "additions" / "translations-en.ttl"
    original = {p: p.read_text(encoding="utf-8") for p in (definitions, translations)}
    # the state the recipe repairs: the text was misread, and its translation reviewed against the misreading
    right = "maken onderdeel uit van de sociale theorie over leren"
    wrong = "maken deel uit van de sociale theorie over leren"
    definitions.write_text(original[definitions].replace(right, wrong, 1), encoding="utf-8")
    misread = re.search(r'"(CoP’s komen uit[^"]*)"@nl', definitions.read_text(encoding="utf-8"))
    assert misread is not None
    correct_hash = text_hash(misread.group(1).replace(wrong, right))
    translations.write_text(original[translations].replace(correct_hash, text_hash(misread.group(1))), "utf-8")
    commit_all(copy, "the misreading")
    outcomes = perform(copy, RECIPES[2])
    assert "translations/stale" in outcomes[0].out, "the first check names the stale translation"
    assert {p: p.read_text(encoding="utf-8") for p in original} == original, "the reading and its hash are right"


@dataclass
class SourceAndVariant:
    """Recipes 3 and 4 performed once, in order, on one copy (recipe 4 builds on the source of recipe 3), with
    ``mgo check`` and ``mgo build`` run after every step that changes the graph's shape (the partial states)."""

    root: Path
    variants_before: int
    outcomes_3: list[Outcome]
    published_3: Graph
    outcomes_4: list[Outcome]
    partial_states: list[str]


@pytest.fixture(scope="module")
def source_and_variant(module_copy: Path) -> SourceAndVariant:
    root = module_copy
    before = variants(root)
    seen: list[str] = []

    def look(last: Step) -> None:
        """After a step that changes the graph's shape (the skeletons of ``mgo new``, every TODO open, and each
        edit of an IRI; the edits that only replace a TODO text by the text change no statement's shape, and the
        recipe runs ``mgo check`` after those itself, expecting exit 1 or 0): findings, never a crash."""
        shape_changed = "mgo new" in last.body if last.kind == "sh" else '"' not in last.body
        if not shape_changed:
            return
        for command in (("check", "--no-external"), ("build",)):
            code, out, err = run_cli(*command, "--root", root)
            assert code in (0, 1) and "internal error" not in err, (
                f"mgo {command[0]} exits {code} after the step {last.kind} {last.arg or ''}:\n{out}\n{err}"
            )
            seen.append(f"{command[0]}={code}")

    outcomes_3 = perform(root, RECIPES[3], look)
    published_3 = published(root)
    outcomes_4 = perform(root, RECIPES[4], look)
    return SourceAndVariant(root, before, outcomes_3, published_3, outcomes_4, seen)


@pytest.mark.slow
@pytest.mark.xdist_group("recipes-3-4")
def test_recipe_3_add_a_source(source_and_variant: SourceAndVariant):
    todo = [line for line in source_and_variant.outcomes_3[1].out.splitlines() if "[todo todo/marker]" in line]
    assert todo and all(line.startswith("data/sources.ttl:") for line in todo)
    source = URIRef(BASE + "bron/" + example_name("proeftuinen-2020"))
    title = Literal(example_name("Proeftuinen in de stad"), lang="nl")
    assert source_and_variant.published_3.value(source, DCTERMS.title) == title


@pytest.mark.slow
@pytest.mark.xdist_group("recipes-3-4")
def test_recipe_4_add_a_variant(source_and_variant: SourceAndVariant):
    copy, before = source_and_variant.root, source_and_variant.variants_before
    first = source_and_variant.outcomes_4[1].out
    files = {line.split(":", 1)[0] for line in first.splitlines() if "[todo todo/marker]" in line}
    assert files == {
        "data/concepts.ttl",
        "data/definitions.ttl",
        "data/additions/labels-en.ttl",
        "data/additions/translations-en.ttl",
    }, "mgo new wrote the skeleton in every file, and check points at each TODO"
    assert variants(copy) == before + 1
    graph = published(copy)
    proeftuin = CONCEPT[example_name("proeftuin")]
    assert graph.value(proeftuin, SKOS.broader) == CONCEPT.lab
    assert {lit.language for lit in graph.objects(proeftuin, SKOS.prefLabel)} == {"nl", "en"}
    assert {lit.language for lit in graph.objects(proeftuin, SKOS.definition)} == {"nl", "en"}
    concepts = (copy / "data" / "concepts.ttl").read_text(encoding="utf-8")
    assert f"{NUMBERS_NL[before + 1]} varianten" in concepts, "--fix corrected the count in words"
    assert (copy / "queries" / "variants-per-base-concept.srj").read_text(encoding="utf-8") != (
        REPO / "queries" / "variants-per-base-concept.srj"
    ).read_text(encoding="utf-8"), "the goldens the recipe names were regenerated"


@pytest.mark.slow
@pytest.mark.xdist_group("recipes-3-4")
def test_every_partial_state_of_adding_a_variant_gives_findings(source_and_variant: SourceAndVariant):
    """No crash on a half-finished edit (with tests/test_partial_edits.py): ``mgo check`` and ``mgo build``
    after every step of recipes 3 and 4 that changes the graph's shape give findings (exit 0 or 1)."""
    seen = source_and_variant.partial_states
    assert "check=1" in seen and "build=1" in seen, f"the partial states were looked at: {seen}"


@pytest.mark.slow
def test_recipe_5_add_a_mapping(copy: Path):
    perform(copy, RECIPES[5])
    graph = Graph().parse(copy / "dist" / "mappings.ttl", format="turtle")
    target = URIRef("http://vocabularies.unesco.org/thesaurus/concept448")
    # The mappings are published as SSSOM/RDF records (owl:Axiom), not as asserted skos:*Match triples.
    records = {
        record
        for record in graph.subjects(OWL.annotatedSource, CONCEPT["living-lab"])
        if (record, OWL.annotatedProperty, SKOS.relatedMatch) in graph
        and (record, OWL.annotatedTarget, target) in graph
    }
    assert len(records) == 1, "the recipe's row is published as one SSSOM record"


@pytest.mark.slow
def test_recipe_6_deprecate_a_concept(copy: Path):
    before = variants(copy)
    perform(copy, RECIPES[6])
    graph = published(copy)
    old = CONCEPT.ontwikkelwerkplaats
    assert graph.value(old, OWL.deprecated) == Literal(True)
    assert graph.value(old, DCTERMS.isReplacedBy) == CONCEPT.werkplaats
    assert graph.value(old, SKOS.prefLabel) is not None, "a deprecated concept keeps its labels"
    assert f"{NUMBERS_NL[before - 1]} varianten" in (copy / "data" / "concepts.ttl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_recipe_7_release(copy: Path):
    version = next_version(REPO)
    outcomes = perform(copy, RECIPES[7])
    released = next(o for o in outcomes if o.command == f".venv/bin/mgo release {version}")
    assert f"released mgo {version}" in released.out
    assert read_record(copy, version) is not None
    assert git(copy, "status", "--porcelain") == ""
    assert git(copy, "tag", "--list").split() == [f"v{version}"]
    assert str(published(copy).value(URIRef(BASE + "def"), OWL.versionInfo)) == version
