"""The maintainer's side of ``mgo check`` (:mod:`mgo.quality.upkeep`, :mod:`mgo.quality.fix`): a half-finished edit
gives
findings that point at the file and line to edit, the telling one first; ``--fix`` writes what can be
computed and nothing else; the output is quiet when all passes.

Each test edits a copy of the repository (tests/repo_copy.py) and runs ``mgo check`` in-process.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from build_helpers import replace_in, run_cli
from mgo.quality.parity import text_hash
from mgo.releases.release import pyproject_version
from repo_copy import REPO, copy_repository

BASE = "https://w3id.org/missiegedreven/"
MGO = Namespace(BASE + "def/")


def unused(root: Path) -> tuple[str, str]:
    """A concept name and a notation that the data of ``root`` does not use: the half variant must be new (the
    recipes' example variant, a *proeftuin* numbered 1c, may exist already, as on a copy after recipe 4)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "data").rglob("*.ttl")))
    names = ("proeftuin", *(f"proeftuin-{n}" for n in range(2, 100)))
    slug = next(s for s in names if not re.search(rf"concept[:/]{s}\b(?!-)", text))
    notation = next(n for n in (f"1{c}" for c in "cdefghijklmnopqrstuvwxyz") if f'skos:notation "{n}"' not in text)
    return slug, notation


HALF_A_VARIANT = """
concept:{slug}
    a skos:Concept ;
    skos:broader concept:labb ;
    skos:inScheme scheme:omgevingen ;
    skos:notation "{notation}" ;
    skos:prefLabel "{label}"@nl ;
.
"""


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "project", commit=False)


def check(root: Path, *args: str) -> tuple[int, str, str]:
    return run_cli("check", "--root", root, "--no-external", *args)


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error: [" in line or line.startswith("error: [")]


def test_quiet_when_all_passes_and_the_reasoner_table_only_when_verbose():
    code, out, _ = check(REPO)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f"mgo check {pyproject_version(REPO)}: {REPO}"
    assert [line.split()[0] for line in lines[2:-2]] == ["nl-sbb", "skipped:", "vocpub", "skipped:"]
    assert re.fullmatch(
        r"mgo check passed: 0 errors, 0 warnings in \d+ checks \(.*skipped: nl-sbb, vocpub\)", lines[-1]
    )
    assert "Reasoner" not in out
    code, out, _ = check(REPO, "--verbose")
    assert code == 0 and "Reasoner (OWL 2 RL):" in out and "  reasoning     passed" in out


def test_half_a_variant_with_a_typo_gives_findings_the_typo_first(copy: Path):
    concepts = copy / "data" / "concepts.ttl"
    slug, notation = unused(copy)
    half = HALF_A_VARIANT.format(slug=slug, notation=notation, label=slug.capitalize())
    concepts.write_text(concepts.read_text(encoding="utf-8") + half, encoding="utf-8")
    line = concepts.read_text(encoding="utf-8").splitlines().index("    skos:broader concept:labb ;") + 1
    code, out, err = check(copy)
    assert code == 1, err
    first = errors(out)[0]
    assert first == (
        f"data/concepts.ttl:{line}:18: error: [iris iris/undescribed] <https://w3id.org/missiegedreven/concept/"
        f"{slug}> (property <http://www.w3.org/2004/02/skos/core#broader>, value "
        "<https://w3id.org/missiegedreven/concept/labb>)"
    )
    assert (
        "    en: concept:labb (in 'skos:broader concept:labb') is described nowhere: probably a typo for concept:lab "
        "(<https://w3id.org/missiegedreven/concept/lab>). Correct the IRI; the findings below about the same "
        "statement follow from it." in out
    )
    # the English label is asked for in the file it belongs in
    assert any(
        e.startswith("data/additions/labels-en.ttl: error: [parity parity/concept-preflabel]") for e in errors(out)
    )
    # and the build says what is wrong, never "internal error"
    code, _, err = run_cli("build", "--root", copy)
    assert code == 1 and "internal error" not in err


def test_the_missing_english_definition_is_reported_at_the_translations(copy: Path):
    replace_in(copy / "data" / "additions" / "translations-en.ttl", "mgo:translationOf definitie:stadslab ;", "")
    code, out, _ = check(copy, "--only", "parity")
    assert code == 1
    lines = [e for e in errors(out) if "parity/concept-definition" in e]
    assert lines and all(e.startswith("data/additions/translations-en.ttl:") for e in lines), lines
    assert "queries/derive/" not in out


def test_a_stale_count_in_words_is_found_and_fixed(copy: Path):
    concepts = copy / "data" / "concepts.ttl"
    text = concepts.read_text(encoding="utf-8")
    variants = Graph().parse(concepts, format="turtle").subjects(SKOS.broader, None)
    count = len(set(variants))  # from the source, not a number written here
    word_nl = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"]
    assert f"{word_nl[count]} varianten" in text
    replace_in(concepts, f"{word_nl[count]} varianten", f"{word_nl[count + 1]} varianten")
    code, out, _ = check(copy, "--only", "counts")
    assert code == 1
    assert (
        f"    en: The text says '{word_nl[count + 1]} varianten', the content counts '{word_nl[count]} varianten'."
        in out
    )
    code, out, err = check(copy, "--fix", "--only", "counts")
    assert code == 0, out
    assert f"'{word_nl[count + 1]} varianten' → '{word_nl[count]} varianten'" in err
    assert concepts.read_text(encoding="utf-8") == text


def test_fix_writes_a_missing_hash_and_renews_a_stale_one_only_when_reviewed(copy: Path):
    path = copy / "data" / "additions" / "translations-en.ttl"
    text = path.read_text(encoding="utf-8")
    recorded = re.search(r'(?s)definitie/stadslab/en>.*?mgo:translatedTextHash "(sha256:[0-9a-f]+)"', text)
    assert recorded is not None
    path.write_text(text.replace(f'    mgo:translatedTextHash "{recorded.group(1)}" ;\n', "", 1), encoding="utf-8")
    code, out, _ = check(copy, "--only", "translations")
    assert code == 1 and "translations/hash-missing" in out
    code, out, err = check(copy, "--fix", "--only", "translations")
    assert code == 0, out
    assert path.read_text(encoding="utf-8") == text, "the missing hash is written where it was, canonically"
    # a stale hash (the Dutch changed) is the reviewer's to renew
    definitions = copy / "data" / "definitions.ttl"
    replace_in(definitions, "Hoewel de invulling", "Hoewel de interpretatie")
    code, out, _ = check(copy, "--fix", "--only", "translations")
    assert code == 1 and "translations/stale" in out
    code, out, err = check(copy, "--fix", "--reviewed", "--only", "translations")
    assert code == 0, out
    dutch = Graph().parse(definitions, format="turtle").value(URIRef(BASE + "definitie/stadslab"), RDF.value)
    renewed = Graph().parse(path, format="turtle").value(URIRef(BASE + "definitie/stadslab/en"), MGO.translatedTextHash)
    assert str(renewed) == text_hash(str(dutch)) != recorded.group(1)
    assert "definitie/stadslab/en> mgo:translatedTextHash" in err


def test_format_covers_every_file_fmt_looks_at_and_fix_rewrites_it(copy: Path):
    example = sorted((copy / "shapes" / "examples").glob("*.ttl"))[0]
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace(" ;\n", " ;\n\n", 1), encoding="utf-8")
    code, out, _ = check(copy, "--only", "format")
    assert code == 1
    assert errors(out) == [f"shapes/examples/{example.name}: error: [format format/canonical]"]
    code, out, _ = check(copy, "--fix", "--only", "format")
    assert code == 0 and example.read_text(encoding="utf-8") == text


def test_a_todo_marker_is_an_error_at_its_line(copy: Path):
    path = copy / "data" / "additions" / "labels-en.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"urban lab"@en', '"TODO English label"@en', 1), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "TODO" in t)
    code, out, _ = check(copy, "--only", "todo")
    assert code == 1
    assert errors(out) == [f"data/additions/labels-en.ttl:{line}: error: [todo todo/marker]"]
