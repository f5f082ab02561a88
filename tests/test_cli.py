"""The command line: exit codes and messages (what, where, how to fix), never a traceback for a user error."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_helpers import REPO, copy_fixture, replace_in, run_cli, snapshot
from mgo.cli.commands import BY_NAME, COMMANDS, build_parser, function
from mgo.version import project_version

MGO = "https://w3id.org/missiegedreven/"


def test_version() -> None:
    # the version pyproject.toml states (never the installed metadata, which lags until a reinstall)
    assert run_cli("version") == (0, f"mgo {project_version(REPO)}\n", "")


def test_build_succeeds_and_profiles(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    code, out, err = run_cli("build", "--root", root, "--profile")
    assert code == 0, err
    assert out.startswith(f"built mgo {project_version(root)}: 77 triples, 9 files in dist/ (shapes: conforms")
    for phase in (
        "import",
        "parse",
        "derivation",
        "reasoning",
        "validation",
        "serialization",
        "publish",
        "total",
    ):
        assert f"| {phase} | " in out


def test_bad_turtle_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(
        root / "data" / "concepts.ttl",
        '    skos:prefLabel "Living Lab"@nl ;',
        '    skos:prefLabel "Living Lab"@nl',
    )
    code, _, err = run_cli("build", "--root", root)
    assert code == 1
    assert err.splitlines()[0] == (
        "error: data/concepts.ttl:21:5: Turtle syntax error: A dot is expected at the end of statements"
    )
    assert "how to fix: end each statement with ' .'" in err
    assert "Traceback" not in err and not (root / "dist").exists()


def test_bad_language_tag_exits_1_with_file_and_line(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(root / "data" / "concepts.ttl", '"lab"@nl ;', '"lab"@nl_NL ;')
    code, _, err = run_cli("build", "--root", root)
    assert code == 1
    assert err.startswith("error: data/concepts.ttl:15:28: Turtle syntax error: Unexpected character 'N'\n")
    assert "such as @nl or @en" in err


def test_invalid_data_exits_1_with_shape_and_focus_label(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    replace_in(
        root / "data" / "concepts.ttl",
        f"    skos:broader <{MGO}concept/lab> ;\n    skos:inScheme <{MGO}scheme/basisconcepten> ;\n",
        "    skos:broader <https://w3id.org/missiegedreven/concept/lab> ;\n",
    )
    code, _, err = run_cli("build", "--root", root)
    assert code == 1
    assert err.startswith("error: shapes: 1 violation of 1 shape; nothing was published\n")
    assert (
        'shape mgosh:ConceptInScheme ("Begrip hoort bij een schema" / "Concept is in a scheme"): '
        "1 problem (1 violation)\n"
        f'  - violation: "Living Lab" <{MGO}concept/living-lab>, property skos:inScheme\n'
        "      nl: Een begrip hoort bij minstens één begrippenkader (skos:inScheme).\n"
    ) in err


def test_inconsistent_data_exits_1(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    with (root / "data" / "concepts.ttl").open("a", encoding="utf-8") as handle:
        handle.write(f"\n<{MGO}bron/rathenau-2021> mgo:defines <{MGO}concept/lab> .\n")
    code, _, err = run_cli("build", "--root", root)
    assert code == 1
    assert "the ontology and data are inconsistent: the OWL 2 RL reasoner found 1 contradiction" in err
    assert '"Living labs in Nederland"' in err


def test_missing_layer_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "shapes" / "concepts.ttl").unlink()
    code, _, err = run_cli("build", "--root", root)
    assert code == 2
    assert err.startswith("error: the shapes layer has no source files: nothing matches shapes/*.ttl in ")


def test_missing_root_exits_2(tmp_path: Path) -> None:
    code, _, err = run_cli("build", "--root", tmp_path / "nope")
    assert code == 2 and "no such folder" in err


def test_bad_option_exits_2_without_traceback() -> None:
    code, _, err = run_cli("build", "--frobnicate")
    assert code == 2
    assert err.startswith("error: mgo: unrecognized arguments: --frobnicate")


def test_unknown_command_exits_2() -> None:
    code, _, err = run_cli("publish")
    assert code == 2 and "invalid choice: 'publish'" in err


def test_internal_error_exits_3_with_a_short_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr("mgo.pipeline.build.build", broken)
    monkeypatch.delenv("MGO_DEBUG", raising=False)
    code, _, err = run_cli("build", "--root", copy_fixture(tmp_path))
    assert code == 3
    assert err.startswith("internal error: KeyError: 'oops'\nThis is a bug in mgo, not in your data;")
    assert "Traceback" not in err
    code, _, err = run_cli("build", "--root", tmp_path / "mini", "--debug")
    assert code == 3 and "Traceback (most recent call last)" in err


def test_mgo_debug_environment_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("mgo.pipeline.build.build", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("MGO_DEBUG", "1")
    code, _, err = run_cli("build", "--root", copy_fixture(tmp_path))
    assert code == 3 and "ZeroDivisionError" in err and "Traceback" in err


def test_validate_project_and_formats(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("validate", "--root", root) == (
        0,
        "shapes: conforms (0 violations, 0 warnings, 0 infos)\n",
        "",
    )
    code, out, _ = run_cli("validate", "--root", root, "--format", "json")
    assert code == 0 and json.loads(out)["conforms"] is True
    code, out, _ = run_cli("validate", "--root", root, "--format", "turtle")
    assert code == 0 and "sh:conforms true" in out


def test_validate_a_file_with_violations_exits_1(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    example = root / "shapes" / "examples" / "ConceptPrefLabelNl-invalid-01.ttl"
    code, out, err = run_cli("validate", example, "--root", root)
    assert code == 1
    assert out.splitlines()[0] == (
        "shapes on shapes/examples/ConceptPrefLabelNl-invalid-01.ttl: does NOT conform "
        "(1 violation, 0 warnings, 0 infos)"
    )
    assert "shape mgosh:ConceptPrefLabelNl" in out
    assert err.startswith("error: 1 of 1 validation found violations")


def test_validate_a_missing_file_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    code, _, err = run_cli("validate", root / "nope.ttl", "--root", root)
    assert code == 2 and "file not found" in err


def test_validate_with_other_shapes(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    shapes = tmp_path / "strict.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetClass skos:Concept ;\n"
        "    sh:property [ sh:path skos:altLabel ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", "--root", root, "--shapes", shapes)
    assert code == 1 and "2 violations" in out


def test_query_unknown_name_exits_2_with_the_list(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    code, _, err = run_cli("query", "nope", "--root", root)
    assert code == 2
    assert err.startswith("error: unknown query 'nope'; available queries: concepts, has-sources\n")


def test_query_builds_first_and_prints_a_table(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    code, out, err = run_cli("query", "concepts", "--root", root)
    assert code == 0, err
    assert out == (
        "concept                                               label\n"
        "----------------------------------------------------  ----------\n"
        f"<{MGO}concept/living-lab>  Living Lab\n"
        f"<{MGO}concept/lab>         lab\n"
        "(2 rows)\n"
    )
    assert (root / "dist" / "mgo.ttl").is_file()


def test_query_ask_and_sources(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("query", "has-sources", "--root", root, "--sources") == (0, "yes\n", "")
    assert not (root / "dist").exists()


def test_query_syntax_error_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x }", encoding="utf-8")
    code, _, err = run_cli("query", bad, "--root", root, "--sources")
    assert code == 2 and err.startswith("error: SPARQL syntax error at line 1, column 19: unexpected '?x'\n")


def test_update_golden_then_json_output_matches(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    code, out, _ = run_cli("query", "--update-golden", "--root", root)
    assert code == 0
    assert out == "wrote queries/concepts.srj\nwrote queries/has-sources.srj\n"
    code, out, _ = run_cli("query", "concepts", "--format", "json", "--root", root)
    assert out == (root / "queries" / "concepts.srj").read_text(encoding="utf-8")


def test_failed_build_from_the_cli_leaves_dist_untouched(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    before = snapshot(root / "dist")
    replace_in(root / "data" / "concepts.ttl", '"lab"@nl ;', '"lab"@nl')
    assert run_cli("build", "--root", root)[0] == 1
    assert snapshot(root / "dist") == before


def test_console_script_exit_code(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mgo.cli", "query", "nope", "--root", str(copy_fixture(tmp_path))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


# --- the table of commands (mgo.cli.commands) -------------------------------------------------------------------

HEAVY = ("rdflib", "pyshacl", "owlrl", "pyoxigraph", "jinja2", "uvicorn")


def _subparsers(names: list[str]) -> dict[str, argparse.ArgumentParser]:
    parser = build_parser(names)
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def test_every_command_takes_the_shared_options_and_resolves_its_library_values() -> None:
    parsers = _subparsers([c.name for c in COMMANDS])  # every Ref of every command is looked up here
    assert list(parsers) == [c.name for c in COMMANDS]
    for name, parser in parsers.items():
        assert {"--root", "--debug", "--help"} <= _options(parser), name
        assert callable(function(BY_NAME[name])), name
    # a shared option is declared once: every command that has --format offers the library's formats
    assert _options(parsers["check"]) >= {"--format", "--verbose", "-v", "--engine"}
    assert _options(parsers["query"]) >= {"--format", "--verbose", "--endpoint", "--timeout"}
    assert _options(parsers["serve"]) >= {"--endpoint", "--timeout", "--dist", "--no-build"}
    assert _options(parsers["load"]) >= {"--endpoint", "--timeout", "--dist", "--no-build"}


def test_the_readme_command_table_names_every_command_and_only_real_options() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The `mgo` command", 1)[1].split("\n\n", 2)[1]
    cells = [row.split(" | ")[0] for row in table.splitlines() if row.startswith("| `mgo ")]
    named: dict[str, set[str]] = {}
    for cell in cells:
        for usage in re.findall(r"`(mgo [^`]+)`", cell):
            named.setdefault(usage.split()[1], set()).update(re.findall(r"--[a-z][a-z-]*", usage))
    assert sorted(named) == sorted(BY_NAME)
    parsers = _subparsers(list(named))
    for name, options in named.items():
        assert options <= _options(parsers[name]), name


def test_help_and_version_import_no_heavy_library() -> None:
    code = (
        "import sys, io; from mgo.cli import main; "
        "assert main(['--help'], stdout=io.StringIO()) == 0; assert main(['version'], stdout=io.StringIO()) == 0; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"  # (argparse prints --help to sys.stdout itself)


def test_a_bug_in_any_command_is_exit_3_through_the_one_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr("mgo.web.site.run", broken)
    code, out, err = run_cli("site", "--root", REPO)
    assert (code, out) == (3, "")
    assert err.startswith("internal error: RuntimeError: boom\nThis is a bug in mgo, not in your data;")
    assert "Traceback" not in err


def test_architecture_names_every_module_of_the_package() -> None:
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([a-z0-9_/]+\.py)` \|", text, flags=re.MULTILINE))
    src = REPO / "src" / "mgo"
    modules = {path.relative_to(src).as_posix() for path in src.rglob("*.py")}
    packages = {m for m in modules if m.endswith("/__init__.py")} - {"cli/__init__.py", "web/site/__init__.py"}
    assert sorted(modules - packages - named) == []  # each needs a row: `path.py` | its one job
    assert sorted(named - modules) == []  # and no row for a module that is gone
