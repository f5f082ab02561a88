"""Catalogues: the fast validator equals pySHACL, problems name environment and row, queries, generator."""

from __future__ import annotations

import importlib.util
import io
from collections import Counter
from pathlib import Path

import pytest

from mgo.cli import parse_args
from mgo.config import Project
from mgo.environment import catalogue
from mgo.environment.catalogue import problem_lines, run_catalogue, summary
from mgo.environment.fit import Model
from mgo.environment.profile import ENVIRONMENT_CLASS, PARTNER_SCHEMES, RDF
from mgo.environment.profilecheck import comparable, load_shapes, validate
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, MgoError
from mgo.query.local import canonical_result, run_query
from model_cache import load_model_once

pytestmark = pytest.mark.usefixtures("model_once")  # the commands share one model per content
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
QUERIES = ROOT / "queries" / "catalogue"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_catalogue", ROOT / "benchmarks" / "generate_catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model_once(Project(ROOT))


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ROOT)


@pytest.fixture(scope="module")
def example_run(model: Model, shapes):
    return run_catalogue([EXAMPLES / "catalogue.csv"], model, shapes, with_store=True)


def test_fast_validator_equals_pyshacl_on_1000_environments(model: Model, shapes, tmp_path: Path):
    path = tmp_path / "cat-1000.nt"
    broken = _generator().generate(1000, path, defects=0.05, model=model)
    assert broken == 50
    data = path.read_text(encoding="utf-8") + model.context_nt
    fast = validate(data, shapes, engine="rust")
    reference = validate(data, shapes, engine="pyshacl")
    assert len(fast) == len(reference) > 50
    assert comparable(fast) == comparable(reference), "shacl-rust and pySHACL disagree on the same catalogue"
    fired = Counter(f.shape_id for f in reference)
    ids = {p.stem.removesuffix("-valid") for p in (ROOT / "shapes/profile/examples").glob("*-valid.ttl")}
    assert set(fired) == ids, f"shapes no defect exercised: {ids - set(fired)}"


def test_generator_makes_about_30_triples_per_environment(model: Model, tmp_path: Path):
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    generator = _generator()
    generator.generate(200, first, model=model)
    generator.generate(200, second, model=model)
    assert first.read_bytes() == second.read_bytes(), "the generator is not deterministic"
    triples = len(first.read_text(encoding="utf-8").splitlines())
    assert 25 * 200 <= triples <= 35 * 200


def test_summary_of_the_example_catalogue(example_run, model: Model):
    assert summary(example_run, model) == (
        "catalogue: 8 environments from 1 file (197 triples)\n"
        "  not converted: 0 problems\n"
        "  profile shapes: 8 conform, 0 with violations (0 violations), 0 warnings\n"
        "  environments per base concept: lab 3, community 2, netwerk 1, systeem 1, werkplaats 1\n"
        # the fit of mgo describe (test_a_catalogue_entry_is_ranked_exactly_as_describe_ranks_it)
        "  best-fitting definition: Leer- en InnovatieNetwerk (4) 2, Stadslab (1b) 2, Learning Community (2b) 1, "
        "Leerecosysteem (5) 1, Living Lab (1a) 1, Ontwikkelwerkplaats (3) 1\n"
        "  best fit is not one of their own types: 3\n"
    )


def query_files() -> list[Path]:
    files = sorted(QUERIES.glob("*.rq"))
    assert files, f"no catalogue queries in {QUERIES}"
    return files


@pytest.mark.parametrize("query", query_files(), ids=lambda p: p.stem)
def test_catalogue_query_golden(query: Path, example_run):
    text = query.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# nl: ") and lines[1].startswith("# en: "), "open with the question in nl and en"
    golden = query.with_suffix(".srj")
    actual = canonical_result(run_query(example_run.store, text), "json")
    assert golden.is_file(), (
        f"create it: .venv/bin/mgo catalogue examples/catalogue.csv --query {query.stem} --format json "
        f"> queries/catalogue/{query.stem}.srj"
    )
    assert actual == golden.read_text(encoding="utf-8"), (
        f"regenerate if intended: .venv/bin/mgo catalogue examples/catalogue.csv --query {query.stem} --format json "
        f"> queries/catalogue/{query.stem}.srj"
    )


def test_problems_name_environment_and_row(model: Model, shapes, tmp_path: Path):
    sheet = tmp_path / "cat.csv"
    sheet.write_text(
        "id,name,type,partner_names,partner_types,activities\n"
        "https://example.org/o/1,Een (fictief),living-lab,P,overheid,leren\n"
        "https://example.org/o/2,Twee (fictief),living-lab,P,Livng Lab,leren\n"
        "https://example.org/o/1,Drie (fictief),lab,,,leren\n",
        encoding="utf-8",
    )
    graph = tmp_path / "cat.nt"
    graph.write_text(
        "<https://example.org/o/9> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/missiegedreven/concept/lab> .\n",
        encoding="utf-8",
    )
    result = run_catalogue([sheet, graph], model, shapes)
    assert problem_lines(result, shapes) == [
        f"{sheet}: row 3, column partner_types: 'Livng Lab' is not an allowed value; allowed: "
        + "; ".join(model.codes.allowed(s) for s in PARTNER_SCHEMES),
        f"{sheet}: row 4, column id: the id <https://example.org/o/1> is already used (row 2)",
        "<https://example.org/o/9>: warning of EnvironmentFacetValues: The environment names no facet values "
        "(mgo:involves: sectors, professions, activities, actors …); without them mgo describe cannot "
        "compare "
        "it with the definitions.",
        "<https://example.org/o/9>: violation of EnvironmentName: An environment has exactly one name "
        "(schema:name), a text without a language tag.",
    ]
    assert result.environments == ["https://example.org/o/1", "https://example.org/o/9"]


def test_violations_in_a_spreadsheet_catalogue_name_the_row(model: Model, shapes, tmp_path: Path):
    sheet = tmp_path / "cat.csv"
    sheet.write_text(
        "id,name,type,mission_en\nhttps://example.org/o/1,Een (fictief),lab,One\n",
        encoding="utf-8",
    )
    result = run_catalogue([sheet], model, shapes)
    assert problem_lines(result, shapes) == [
        f"{sheet}, row 2: <https://example.org/o/1>: warning of EnvironmentFacetValues: The environment "
        "names no "
        "facet values (mgo:involves: sectors, professions, activities, actors …); without them mgo describe "
        "cannot compare it with the definitions.",
    ]


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    args = parse_args(argv)
    args.root = ROOT
    out, err = io.StringIO(), io.StringIO()
    try:
        code = catalogue.run(args, out, err)
    except MgoError as exc:
        code = exc.exit_code
        err.write(exc.render())
    return code, out.getvalue(), err.getvalue()


def test_cli_on_the_examples_folder_reports_the_duplicate(tmp_path: Path):
    report = tmp_path / "report.csv"
    code, out, err = run_cli(["catalogue", str(EXAMPLES), "--no-progress", "--report", str(report)])
    assert code == EXIT_INVALID_DATA
    assert out.splitlines()[0] == "catalogue: 9 environments from 4 files (251 triples)"
    assert err.splitlines()[0] == (
        f"{EXAMPLES / 'voorbeeldlab-zuid.yaml'}: id (line 4): the id "
        "<https://example.org/omgeving/voorbeeldlab-zuid> is already used "
        f"({EXAMPLES / 'voorbeeldlab-zuid.csv'}, row 2)"
    )
    rows = report.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id,name,file,row,described_as,best_fit,score,shared_words,shared,violations"
    assert len(rows) == 10


def test_cli_query_and_exit_code():
    code, out, err = run_cli(["catalogue", str(EXAMPLES / "catalogue.csv"), "--query", "environments-per-scale"])
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines()[-1] == "(4 rows)"


def test_report_neutralises_formulas_and_terminal_output_is_escaped(tmp_path: Path):
    import csv

    sheet = tmp_path / "hostile.csv"
    names = ['=HYPERLINK("https://example.org/x","klik")', "+1", "-2", "@SUM(A1)", "\tTab (fictief)"]
    rows = [f'https://example.org/o/{i},"{n.replace(chr(34), chr(34) * 2)}",lab,leren' for i, n in enumerate(names)]
    rows.append("https://example.org/o/esc,Esc (fictief),\x1b[2Jlab,leren")
    sheet.write_text("id,name,type,activities\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    code, _, err = run_cli(["catalogue", str(sheet), "--no-progress", "--report", str(report)])
    assert code == EXIT_INVALID_DATA
    assert f"{sheet}: row 7, column type: the value has the control character U+001B at position 1" in err
    with report.open(encoding="utf-8", newline="") as handle:
        cells = {row[0]: row[1] for row in list(csv.reader(handle))[1:]}
    assert cells["https://example.org/o/0"] == "'" + names[0]
    assert cells["https://example.org/o/1"] == "'+1"
    assert cells["https://example.org/o/2"] == "'-2"
    assert cells["https://example.org/o/3"] == "'@SUM(A1)"
    assert cells["https://example.org/o/4"] == "Tab (fictief)"  # a leading TAB is trimmed at intake
    from mgo.environment.intake import spreadsheet_safe

    assert [spreadsheet_safe(c) for c in ("\tx", "\rx", "x=1", "")] == ["'\tx", "'\rx", "x=1", ""]
    from mgo.environment.intake import terminal_safe

    assert terminal_safe("a\x1b[2Jb\u202ec\nd\te") == "a\\x1b[2Jb\\u202ec\nd\\x09e"


# --- the catalogue ranks and types as mgo describe does (issue #14) -----------------------------------------


def _describe_rankings(path: Path, model: Model) -> dict[str, list[tuple[str, float]]]:
    """Each environment's ranking as ``mgo describe`` computes it (its own reading of the file, its evidence)."""
    from mgo.environment.describe import evidence_of, read_description

    description = read_description(path, model)
    envs = description.where or {s[1:-1]: None for s, p, o in description.triples if p == f"<{RDF}type>"}
    rankings = {}
    for env in envs:
        ranking = model.rank(evidence_of(env, description))
        if ranking or env in description.where:
            rankings[env] = [(r.concept, r.score) for r in ranking]
    return rankings


@pytest.mark.parametrize(
    "path",
    [EXAMPLES / "catalogue.csv", EXAMPLES / "voorbeeldlab-zuid.ttl", ROOT / "tests/labelled/descriptions.yaml"],
    ids=lambda p: p.name,
)
def test_a_catalogue_entry_is_ranked_exactly_as_describe_ranks_it(path: Path, model: Model, shapes):
    result = run_catalogue([path], model, shapes)
    expected = _describe_rankings(path, model)
    assert result.environments and set(result.environments) <= set(expected)
    for env in result.environments:
        assert list(result.fits[env]) == expected[env], env  # the same concepts, order and float scores
    assert any(fits and fits[0][1] > 0 for fits in result.fits.values())


def test_a_catalogue_in_n_triples_is_ranked_as_describe_ranks_that_file(model: Model, shapes, tmp_path: Path):
    nt = tmp_path / "catalogue.nt"
    run_catalogue([EXAMPLES / "catalogue.csv"], model, shapes, keep_nt=nt)
    # the same triples, written the way people and other tools write N-Triples: tabs, comments, CRLF
    messy = tmp_path / "messy.nt"
    lines = nt.read_text(encoding="utf-8").splitlines()
    messy.write_bytes(
        ("# a comment\n\n" + "\n".join(line.replace(" ", "\t", 1) if i % 3 else line for i, line in enumerate(lines)))
        .replace("\n", "\r\n")
        .encode("utf-8")
    )
    expected = _describe_rankings(nt, model)
    for path in (nt, messy):
        result = run_catalogue([path], model, shapes)
        assert result.triples == len(lines)
        assert {env: list(fits) for env, fits in result.fits.items()} == {e: expected[e] for e in result.environments}
    assert len(result.environments) == 8


def test_fast_types_and_findings_equal_owlrl_and_pyshacl(model: Model, shapes, tmp_path: Path):
    """The fast path (types from the model's class hierarchy, shacl-rust in a thread) against the full path:
    the OWL 2 RL closure by owlrl over catalogue + publication, the SPARQL entailment in a store, pySHACL."""
    from mgo.environment.describe import read_description, reasoned_types

    path = tmp_path / "cat-60.nt"
    broken = _generator().generate(60, path, defects=0.2, model=model)
    assert broken == 12
    result = run_catalogue([path], model, shapes, with_store=True)
    owlrl_types = reasoned_types(read_description(path, model), model)
    environments = sorted(n for n, types in owlrl_types.items() if ENVIRONMENT_CLASS in types)
    assert sorted(result.environments) == environments
    assert {env: result.types[env] for env in environments} == {env: owlrl_types[env] for env in environments}
    assert result.store is not None
    stored: dict[str, set[str]] = {}
    for row in result.store.query(f"SELECT ?s ?t WHERE {{ ?s <{RDF}type> ?t }}"):
        if row[0].value in result.types:
            stored.setdefault(row[0].value, set()).add(row[1].value)
    assert stored == result.types
    reference = validate(path.read_text(encoding="utf-8") + model.context_nt, shapes, engine="pyshacl")
    assert comparable(result.findings) == comparable(reference) and len(reference) >= broken


def test_syntax_errors_in_n_triples_name_file_and_line(model: Model, shapes, tmp_path: Path):
    from mgo.errors import SyntaxProblem

    good = '<https://example.org/o/1> <https://schema.org/name> "Een (fictief)" .\n'
    for text, line in [(good + "<https://example.org/o/2>\t<https://schema.org/name> Twee .\n", 2)]:
        path = tmp_path / "bad.nt"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SyntaxProblem) as caught:
            run_catalogue([path], model, shapes)
        assert caught.value.exit_code == EXIT_INVALID_DATA
        assert (caught.value.file, caught.value.line) == (path, line)
    path = tmp_path / "bad-iri.nt"
    path.write_text(good + '<https://example.org/o 2> <https://schema.org/name> "x" .\n', encoding="utf-8")
    with pytest.raises(SyntaxProblem) as caught:
        run_catalogue([path], model, shapes)
    assert caught.value.line == 2
    path.write_text(good + '<https://example.org/o^2> <https://schema.org/name> "x" .\n', encoding="utf-8")
    with pytest.raises(SyntaxProblem) as caught:
        run_catalogue([path], model, shapes)
    assert "syntax error in the catalogue's N-Triples" in caught.value.render() and "line 2" in caught.value.render()
