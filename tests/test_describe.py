"""``mgo describe``: three input forms give the same RDF, reasoning, the fast entailment, ranking, errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graphs import same_graph
from mgo.cli import parse_args
from mgo.config import Project
from mgo.environment import describe
from mgo.environment.describe import description_graph, read_description, reasoned_types
from mgo.environment.fit import TYPE_ENTAILMENT, Model
from mgo.environment.profile import ENVIRONMENT_CLASS
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE, MgoError
from model_cache import load_model_once

pytestmark = pytest.mark.usefixtures("model_once")  # the commands share one model per content
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE = "https://example.org/omgeving/voorbeeldlab-zuid"
CONCEPT = "https://w3id.org/missiegedreven/concept/"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model_once(Project(ROOT))


def run(argv: list[str]) -> tuple[int, str, str]:
    """``mgo describe …`` in-process, as ``mgo.cli.main`` runs it (errors rendered, exit code returned)."""
    args = parse_args(argv)
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
    assert same_graph(graphs["csv"], graphs["ttl"]), "CSV and Turtle differ"
    assert same_graph(graphs["yaml"], graphs["ttl"]), "YAML and Turtle differ"


def test_examples_are_fictional_and_not_published():
    for path in sorted(EXAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert "https://example.org/" in text and "(fictief)" in text, path
    for folder in ("ontology", "data"):
        for path in (ROOT / folder).rglob("*.ttl"):
            assert "example.org/omgeving" not in path.read_text(encoding="utf-8"), path


def test_describe_ranks_from_all_the_evidence_and_explains_it():
    code, out, err = run(["describe", str(EXAMPLES / "voorbeeldlab-zuid.csv")])
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[:2] == [
        f"Voorbeeldlab Zuid (fictief) <{EXAMPLE}> (row 2)",
        "  beschreven als: Living Lab",  # Dutch: the description has a Dutch mission
    ]
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1. "))
    assert lines[first].startswith("    1. Living Lab (1a)  ") and lines[first].endswith(f"<{CONCEPT}living-lab>")
    parts = {line.split()[0]: line for line in lines[first + 1 : first + 4]}
    # the words it shares, by weight (their order moves with the content: a new variant's text reweighs them)
    shared = parts["text"].split("deelt met Living Lab: ", 1)[1].split(";", 1)[0].split(", ")
    assert "onderzoekers" in shared, parts["text"]
    assert parts["text"].endswith("; de invalshoek gaat over onderzoek")
    assert parts["facets"].endswith("beide noemen: leren, onderzoeken, onderzoekers, praktijkpartners")
    assert parts["declared"].endswith("u beschreef de omgeving als Living Lab")
    code, out_en, _ = run(["describe", "--lang", "en", str(EXAMPLES / "voorbeeldlab-zuid.ttl")])
    assert code == EXIT_OK and "  described as: Living Lab" in out_en
    # as in Dutch: the words it shares, whose order by weight moves with the content
    shared_en = out_en.split("shares with Living Lab: ", 1)[1].split(";", 1)[0].split(", ")
    assert {"researchers", "onderzoekers"} & set(shared_en), shared_en


def test_json_output_follows_its_schema(tmp_path: Path):
    import json

    import jsonschema

    schema = json.loads((ROOT / "src" / "mgo" / "schemas" / "describe-result.schema.json").read_text("utf-8"))
    code, out, _ = run(["describe", "--format", "json", str(EXAMPLES / "voorbeeldlab-zuid.yaml")])
    assert code == EXIT_OK
    result = json.loads(out)
    jsonschema.validate(result, schema)
    ranking = result["environments"][0]["ranking"]
    assert [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    assert ranking[0]["concept"] == CONCEPT + "living-lab"
    assert {p["part"] for p in ranking[0]["evidence"]} == {"text", "facets", "setting", "declared"}
    assert ranking[0]["score"] == pytest.approx(sum(p["score"] for p in ranking[0]["evidence"]), abs=1e-3)
    code, html, _ = run(["describe", "--format", "html", str(EXAMPLES / "voorbeeldlab-zuid.yaml")])
    assert code == EXIT_OK and html.startswith("<!DOCTYPE html>")
    assert f'<a href="{CONCEPT}living-lab">Living Lab</a>' in html


def test_labelled_set_top1_and_top3(model: Model):
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "labelled"))
    from accuracy import accuracy, measure

    results = measure(model)
    expected = {row.split("\t")[0] for row in (ROOT / "tests/labelled/labels.tsv").read_text("utf-8").splitlines()[1:]}
    assert {r.id for r in results} == expected
    plain = [r for r in results if r.plain]
    assert len(plain) * 2 >= len(results)  # half of them in plain words
    assert accuracy(results, 1) >= 0.9 and accuracy(plain, 1) >= 0.9
    assert accuracy(results, 3) >= accuracy(results, 1)


def test_declared_base_ranks_its_variants_first_unless_the_evidence_says_otherwise(model: Model):
    description = read_description(ROOT / "tests" / "labelled" / "descriptions.yaml", model)
    overvecht = describe.environment_report(
        "https://example.org/omgeving/buurtlab-overvecht", description, model, set(), None
    )
    # a lab with the municipality and residents in a neighbourhood: Stadslab, then the other lab
    assert [r["concept"] for r in overvecht["ranking"][:2]] == [CONCEPT + "stadslab", CONCEPT + "living-lab"]
    text = overvecht["ranking"][0]["evidence"][0]["why"]
    assert text.startswith("deelt met Stadslab: ") and "bewoners" in text and "wijk" in text
    assert overvecht["message"] is None
    workshop = describe.environment_report(
        "https://example.org/omgeving/youth-care-practice-workshop", description, model, set(), None
    )
    assert workshop["lang"] == "en" and workshop["ranking"][0]["concept"] == CONCEPT + "ontwikkelwerkplaats"
    assert workshop["message"] == (
        "note: you described it as Living Lab, but its text and values fit development workplace better"
    )


def test_no_evidence_gives_no_ranking_but_what_to_add(tmp_path: Path):
    bare = tmp_path / "bare.yaml"
    bare.write_text("id: https://example.org/a\nname: Zwaluw\ntype: lab\n", encoding="utf-8")
    code, out, _ = run(["describe", str(bare)])
    assert code == EXIT_OK
    assert out.splitlines()[-1] == (
        "  geen rangorde: de beschrijving zegt nog niets om te vergelijken. Voeg toe: een missie in eigen woorden "
        "(mission of mission_en), thema's (theme), of facetwaarden (activities, actors, sectors, partners met "
        "partner_types)."
    )
    assert "1. " not in out


def test_words_people_use_are_accepted_and_recorded(tmp_path: Path, model: Model):
    words = tmp_path / "words.yaml"
    words.write_text(
        "id: https://example.org/a\nname: A\ntype: lab\nscale: wijk\nsectors: [hbo]\n"
        "partners:\n  - {name: HU, type: hogeschool}\n  - {name: Gemeente, type: gemeente}\n"
        "  - {name: Buren, type: bewoners}\n",
        encoding="utf-8",
    )
    description = read_description(words, model)
    objects = {o for _, _, o in description.triples}
    facet = "https://w3id.org/missiegedreven/facet/"
    for value in ("actor/kennisinstellingen", "groepering/overheid", "actor/burgers", "onderwijssector/bachelor"):
        assert f"<{facet}{value}>" in objects, value
    assert any(o.endswith("/neighbourhood>") for o in objects)  # wijk is a neighbourhood
    # recorded in the publication as marked additions
    additions = Graph().parse(ROOT / "data" / "additions" / "synonyms.ttl")
    from rdflib import Literal
    from rdflib.namespace import SKOS

    assert (URIRef(facet + "actor/kennisinstellingen"), SKOS.altLabel, Literal("hogeschool", lang="nl")) in additions
    for node in set(additions.subjects(SKOS.altLabel)) | set(additions.subjects(SKOS.hiddenLabel)):
        assert (node, SKOS.editorialNote, None) in additions, node


def test_refused_values_get_did_you_mean(tmp_path: Path):
    typo = tmp_path / "typo.yaml"
    typo.write_text("id: https://example.org/a\nname: A\ntype: Livng Lab\n", encoding="utf-8")
    code, _, err = run(["describe", str(typo)])
    assert code == EXIT_INVALID_DATA
    # the closest value first; others close enough may follow (a new variant can be one: 'proeftuin')
    message = f"{typo}: type (line 3): 'Livng Lab' is not an allowed value; did you mean 'living-lab'"
    assert re.search(re.escape(message) + r"(, '[^']+')*( or '[^']+')?\?", err), err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "tag.yaml",
            "id: https://example.org/a\nname: !!python/name:os.system x\ntype: lab\n",
            "{f}:2: the YAML tag !!python/name:os.system is not allowed",
        ),
        (
            "int.yaml",
            "id: https://example.org/a\nname: x\ntype: lab\nstart: !!int abc\n",
            "{f}:4: 'abc' is not a valid !!int (ValueError)",
        ),
        (
            "deep.yaml",
            "id: https://example.org/a\nname: " + "[" * 20000 + "]" * 20000 + "\n",
            "{f}: the YAML is nested too deeply to be a description",
        ),
        (
            "tab.yaml",
            'id: https://example.org/a\nname: "a\\tb"\ntype: lab\n',
            "{f}: name (line 2): the value has a TAB at position 2; remove it",
        ),
        (
            "nul.yaml",
            'id: https://example.org/a\nname: "a\\0b"\ntype: lab\n',
            "{f}: name (line 2): the value has a NUL character at position 2; remove it",
        ),
        (
            "big.csv",
            "id,name,type\nhttps://example.org/a," + "x" * 140_000 + ",lab\n",
            "{f}:2: row 2: a cell is longer than 131,072 characters",
        ),
        (
            "tab.csv",
            'id,name,type\nhttps://example.org/a,"a\tb",lab\n',
            "{f}: row 2, column name: the value has a TAB at position 2; remove it",
        ),
    ],
)
def test_intake_faults_are_user_errors_with_place_and_fix(tmp_path: Path, name: str, text: str, message: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["describe", str(path)])
    assert (code, out) == (EXIT_INVALID_DATA, "")
    assert message.format(f=path) in err
    assert "how to fix:" in err and "Traceback" not in err


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
    assert same_graph(Graph().parse(out), Graph().parse(EXAMPLES / "voorbeeldlab-zuid.ttl"))


def test_errors_and_exit_codes(tmp_path: Path):
    code, out, err = run(["describe", str(tmp_path / "missing.csv")])
    assert (code, out) == (EXIT_USAGE, "")
    assert err.startswith(f"{tmp_path / 'missing.csv'}: file not found")

    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type,sectors\nhttps://example.org/a,A,living-lab,kleuterschool\n", encoding="utf-8")
    code, out, err = run(["describe", str(bad)])
    assert (code, out) == (EXIT_INVALID_DATA, "")
    assert err.splitlines()[:2] == [
        f"{bad}: 1 problem in the description",
        "  how to fix: correct the values named above (mgo template lists the allowed values of every column)",
    ]
    assert err.splitlines()[2] == (
        f"{bad}: row 2, column sectors: 'kleuterschool' is not an allowed value; allowed: associate-degree, bachelor, "
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
    assert code == EXIT_OK and "facetwaarden (0): geen" in out
    assert err.startswith(f"warning: {warn}: <https://example.org/x>: EnvironmentFacetValues")


def test_text_echoed_to_the_terminal_is_escaped(tmp_path: Path):
    # control characters are refused at intake; a bidi override (U+202E) is valid in every serialisation,
    # but echoed raw it reverses what the terminal shows
    ttl = tmp_path / "bidi.ttl"
    ttl.write_text(
        "<https://example.org/x> a <https://w3id.org/missiegedreven/concept/lab> ;\n"
        '  <https://schema.org/name> "Lab \\u202Edcba (fictief)" .\n',
        encoding="utf-8",
    )
    code, out, _ = run(["describe", str(ttl)])
    assert code == EXIT_OK
    assert "\u202e" not in out
    assert out.splitlines()[0] == "Lab \\u202edcba (fictief) <https://example.org/x>"


def test_installed_mgo_runs_template_describe_catalogue_in_any_folder(tmp_path: Path):
    """As the wheel lays it out (setup.py copies MODEL_FOLDERS into mgo/model/), run from a folder with no
    repository around it: the model comes from the package data."""
    import shutil
    import subprocess
    import sys

    from mgo.environment.fit import MODEL_FOLDERS

    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "mgo", site / "mgo", ignore=shutil.ignore_patterns("__pycache__", "model"))
    for folder in MODEL_FOLDERS:
        shutil.copytree(ROOT / folder, site / "mgo" / "model" / folder)
    work = tmp_path / "anywhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "voorbeeldlab-zuid.yaml", work / "mijn-omgeving.yaml")
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def mgo(*argv: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from mgo.cli import main; sys.exit(main(sys.argv[1:]))"
        return subprocess.run(
            [sys.executable, "-c", code, *argv], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )

    probe = subprocess.run(
        [sys.executable, "-c", "import mgo.environment.fit as f; print(f.model_project(None).root)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip() == str(site / "mgo" / "model")
    template = mgo("template", "--out", "t.csv")
    assert template.returncode == 0, template.stderr
    assert (work / "t.csv").read_text(encoding="utf-8").startswith("id,name,type")
    described = mgo("describe", "mijn-omgeving.yaml")
    assert described.returncode == 0, described.stderr
    assert "    1. Living Lab (1a)  " in described.stdout
    catalogued = mgo("catalogue", "mijn-omgeving.yaml", "--no-progress")
    assert catalogued.returncode == 0, catalogued.stderr
    assert catalogued.stdout.startswith("catalogue: 1 environments from 1 file")
