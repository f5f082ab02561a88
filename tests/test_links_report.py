"""``mgo links --check --format junit|sarif``: the mapping checks as a selection of the quality run, with the
same findings at the same ``file:line`` as the text output, and the same exit code."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from mgo.cli import main

ROOT = Path(__file__).resolve().parents[1]
TSV = "data/mappings/external-vocabularies.sssom.tsv"
SHAPES = "https://w3id.org/missiegedreven/shapes/"


def run(*args: str | Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["links", *(str(a) for a in args)], stdout=out, stderr=err)
    return code, out.getvalue()


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the project whose mapping set has one clash (L02) more: (root, line of the clash)."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    tsv = tmp_path / TSV
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("concept:lab\tlab\tskos:closeMatch"))
    tsv.write_text("".join([*lines, lines[first].replace("skos:closeMatch", "skos:narrowMatch", 1)]), encoding="utf-8")
    return tmp_path, first + 1


def test_sarif_has_the_findings_of_the_text_output(broken: tuple[Path, int]) -> None:
    root, line = broken
    code, text = run("--root", root, "--check")
    assert code == 1 and f"{TSV}:{line}: [L02-mapping-clash]" in text
    code, out = run("--root", root, "--check", "--format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    located = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    ]
    assert located == [(SHAPES + "L02-mapping-clash", TSV, line)]
    # the text output counts the same violations
    assert text.endswith(f"shapes (shapes/mappings.ttl): {len(results)} violation{'s' if len(results) != 1 else ''}\n")


def test_junit_passes_on_the_project_and_names_every_check() -> None:
    code, out = run("--root", ROOT, "--check", "--format", "junit")
    assert code == 0, out
    suites = ET.fromstring(out).findall("testsuite")
    assert [s.get("name") for s in suites] == ["mappings", "shapes"]
    assert all(s.get("failures") == "0" for s in suites)


def test_junit_and_sarif_need_check() -> None:
    code, _ = run("--root", ROOT, "--format", "sarif")
    assert code == 2
