"""``mgo describe``: three input forms give the same RDF, reasoning, the fast entailment, ranking, errors."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from mgo import describe
from mgo.describe import description_graph, read_description, reasoned_types
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE, MgoError
from mgo.fit import TYPE_ENTAILMENT, Model, load_model
from mgo.profile import ENVIRONMENT_CLASS
from mgo.project import Project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE = "https://example.org/omgeving/voorbeeldlab-zuid"
CONCEPT = "https://w3id.org/missiegedreven/concept/"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(Project(ROOT))


def run(argv: list[str]) -> tuple[int, str, str]:
    """``mgo describe …`` in-process, as ``mgo.cli.main`` runs it (errors rendered, exit code returned)."""
    parser = argparse.ArgumentParser(prog="mgo")
    describe.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    args.root = ROOT
    out, err = io.StringIO(), io.StringIO()
    try:
        code = describe.run(args, out, err)
    except MgoError as exc:
        code = exc.exit_code
        err.write(exc.render())
    return code, out.getvalue(), err.getvalue()


def test_three_forms_give_isomorphic_graphs(model: Model):
    graphs = {
        suffix: description_graph(read_description(EXAMPLES / f"voorbeeldlab-zuid.{suffix}", model))
        for suffix in ("csv", "yaml", "ttl")
    }
    assert len(graphs["ttl"]) == 27
    assert isomorphic(graphs["csv"], graphs["ttl"]), "CSV and Turtle differ"
    assert isomorphic(graphs["yaml"], graphs["ttl"]), "YAML and Turtle differ"


def test_examples_are_fictional_and_not_published():
    for path in sorted(EXAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert "https://example.org/" in text and "(fictief)" in text, path
    for folder in ("ontology", "data"):
        for path in (ROOT / folder).rglob("*.ttl"):
            assert "example.org/omgeving" not in path.read_text(encoding="utf-8"), path


GOLDEN = ROOT / "tests" / "golden" / "describe-voorbeeldlab-zuid.txt"


def test_describe_prints_the_ranking_exactly():
    code, out, err = run(["describe", str(EXAMPLES / "voorbeeldlab-zuid.csv")])
    assert (code, err) == (EXIT_OK, "")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert out == expected, (
        "the data (annotations.tsv) or the score changed; if intended, regenerate (check docs/DESCRIBE.md): "
        "mgo describe examples/voorbeeldlab-zuid.csv > tests/golden/describe-voorbeeldlab-zuid.txt"
    )
    code, out_ttl, _ = run(["describe", str(EXAMPLES / "voorbeeldlab-zuid.ttl")])
    assert code == EXIT_OK and out_ttl == expected.replace(" (row 2)", "", 1)


def test_ranking_on_the_example_catalogue(model: Model):
    description = read_description(EXAMPLES / "catalogue.csv", model)
    values = describe.facet_values(description)
    ranking = {
        env.rsplit("/", 1)[-1]: [f.concept[len(CONCEPT) :] for f in model.fits(values[env])][:2]
        for env in description.where
    }
    assert ranking == {
        "proeftuin-noord": ["living-lab", "ontwikkelwerkplaats"],
        "buurtlab-oost": ["stadslab", "hybride-leeromgeving"],
        "stadsatelier-west": ["stadslab", "leer-en-innovatienetwerk"],
        "kring-docenten": ["ontwikkelwerkplaats", "community-of-practice"],  # 2/10 = 1/5: more shared first
        "energie-community": ["learning-community", "hybride-leeromgeving"],
        "zorgnetwerk": ["leer-en-innovatienetwerk", "hybride-leeromgeving"],
        "werkplaats-wijk": ["ontwikkelwerkplaats", "living-lab"],
        "leerlandschap": ["leerecosysteem", "community-of-practice"],
    }
    top = model.fits(values["https://example.org/omgeving/buurtlab-oost"])[0]
    assert (top.score.numerator, top.score.denominator, len(top.shared), top.union) == (7, 15, 7, 15)


def test_a_living_lab_is_a_lab_and_an_environment_after_owlrl(model: Model):
    types = reasoned_types(read_description(EXAMPLES / "voorbeeldlab-zuid.ttl", model), model)
    assert {CONCEPT + "living-lab", CONCEPT + "lab", ENVIRONMENT_CLASS} <= types[EXAMPLE]
    assert CONCEPT + "community" not in types[EXAMPLE]


@pytest.mark.parametrize("name", ["voorbeeldlab-zuid.ttl", "catalogue.csv"])
def test_fast_entailment_gives_the_types_owlrl_gives(model: Model, name: str):
    description = read_description(EXAMPLES / name, model)
    owlrl_types = reasoned_types(description, model)
    store = pyoxigraph.Store()
    store.load(model.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.load(
        description_graph(description).serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    fast: dict[str, set[str]] = {}
    for node in owlrl_types:
        fast[node] = {str(o) for o in description_graph(description).objects(URIRef(node), RDF.type)}
    for triple in store.query(TYPE_ENTAILMENT):
        if triple.subject.value in fast:
            fast[triple.subject.value].add(triple.object.value)
    assert fast == owlrl_types
    assert len(owlrl_types) > 1


def test_out_writes_the_description_as_turtle(tmp_path: Path):
    out = tmp_path / "out.ttl"
    code, _, err = run(["describe", str(EXAMPLES / "voorbeeldlab-zuid.yaml"), "--out", str(out)])
    assert code == EXIT_OK and err == f"wrote {out}\n"
    assert isomorphic(Graph().parse(out), Graph().parse(EXAMPLES / "voorbeeldlab-zuid.ttl"))


def test_errors_and_exit_codes(tmp_path: Path):
    code, out, err = run(["describe", str(tmp_path / "missing.csv")])
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith(f"{tmp_path / 'missing.csv'}: file not found")

    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type,sectors\nhttps://example.org/a,A,living-lab,hbo\n", encoding="utf-8")
    code, out, err = run(["describe", str(bad)])
    assert (code, out) == (EXIT_INVALID_DATA, "")
    assert err.splitlines()[:2] == [
        f"{bad}: 1 problem in the description",
        "  how to fix: correct the values named above (mgo template lists the allowed values of every column)",
    ]
    assert err.splitlines()[2] == (
        f"{bad}: row 2, column sectors: 'hbo' is not an allowed value; allowed: associate-degree, bachelor, "
        "bedrijfsopleidingen, contractonderwijs, master, mbo, post-initieel"
    )

    ttl = tmp_path / "two-names.ttl"
    ttl.write_text(
        "<https://example.org/x> a <https://w3id.org/missiegedreven/concept/lab> ;\n"
        '  <https://schema.org/name> "X", "Y" .\n',
        encoding="utf-8",
    )
    code, _, err = run(["describe", str(ttl)])
    assert code == EXIT_INVALID_DATA
    assert f"{ttl}: <https://example.org/x>: EnvironmentName (Environment has one name)" in err
    assert "    nl: Een omgeving heeft precies één naam (schema:name), een tekst zonder taallabel." in err

    syntax = tmp_path / "syntax.ttl"
    syntax.write_text("<https://example.org/x> a <https://example.org/y>\n", encoding="utf-8")
    code, _, err = run(["describe", str(syntax)])
    assert code == EXIT_INVALID_DATA and err.startswith(f"{syntax}:2:")

    warn = tmp_path / "warn.ttl"
    warn.write_text(
        "<https://example.org/x> a <https://w3id.org/missiegedreven/concept/lab> ;\n"
        '  <https://schema.org/name> "X" .\n',
        encoding="utf-8",
    )
    code, out, err = run(["describe", str(warn)])
    assert code == EXIT_OK and "names 0 facet values: none" in out
    assert err.startswith(f"warning: {warn}: <https://example.org/x>: EnvironmentFacetValues")
