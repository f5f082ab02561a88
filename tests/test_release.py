"""Releases: the version rules, the refusal to drop a published IRI, the concept-level diff against golden
files, the archive of every release and the competency query over it, and a full release of a project copy.

Golden files (regenerate with ``.venv/bin/python scripts/update_release_goldens.py``, then review the diff):

* ``tests/fixtures/releases/changes-0.1.0-0.2.0.md`` and ``.ttl``: the diff between the two fixture releases
  ``tests/fixtures/releases/0.1.0.nt`` and ``0.2.0.nt``, which change one thing of every kind;
* ``queries/releases/NAME.srj``: each query of ``queries/releases/`` over the archive of the fixture releases.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL

from build_helpers import replace_in, run_cli
from mgo.config import Project
from mgo.errors import EXIT_INVALID_DATA, UsageError
from mgo.query.local import canonical_result, run_query
from mgo.releases.diff import diff_graphs, markdown, rdf_text, word_diff
from mgo.releases.release import (
    ReleaseRefused,
    archive,
    check_removals,
    check_version,
    next_version,
    parse_version,
    read_record,
    recorded_versions,
    release_date,
)
from repo_copy import commit_all, copy_repository, git, shared_stand_ins

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "releases"
QUERIES = ROOT / "queries" / "releases"
BASE = "https://w3id.org/missiegedreven/"
REGENERATE = "regenerate with: .venv/bin/python scripts/update_release_goldens.py (then review the diff)"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A project-like folder whose releases/ holds the two fixture records."""
    (tmp_path / "releases").mkdir()
    for path in FIXTURES.glob("*.nt"):
        shutil.copy(path, tmp_path / "releases" / path.name)
    return tmp_path


def fixture_diff(root: Path):
    old, new = read_record(root, "0.1.0"), read_record(root, "0.2.0")
    return diff_graphs(old, new, old_version="0.1.0", new_version="0.2.0", date=release_date(new) or "")


# --- versions ---------------------------------------------------------------------------------------------


def test_versions_are_three_numbers():
    assert parse_version("0.10.2") == (0, 10, 2)
    for bad in ("1.0", "v1.0.0", "1.0.0-rc1", "01.0.0", ""):
        with pytest.raises(UsageError):
            parse_version(bad)


def test_records_sort_by_version_not_by_text(tmp_path: Path):
    (tmp_path / "releases").mkdir()
    for version in ("0.10.0", "0.9.0", "0.2.1"):
        (tmp_path / "releases" / f"{version}.nt").write_text("")
    assert recorded_versions(tmp_path) == ["0.2.1", "0.9.0", "0.10.0"]


def _pyproject(root: Path, version: str) -> None:
    (root / "pyproject.toml").write_text(f'[project]\nname = "mgo"\nversion = "{version}"\n', encoding="utf-8")


def test_release_needs_the_version_of_pyproject(records: Path):
    _pyproject(records, "0.3.0")
    with pytest.raises(UsageError, match=r"pyproject.toml says version '0.3.0', not '0.4.0'"):
        check_version(records, "0.4.0")
    assert check_version(records, "0.3.0") == "0.2.0"


@pytest.mark.parametrize(("version", "why"), [("0.2.0", "released already"), ("0.1.5", "not greater")])
def test_release_refuses_an_old_version(records: Path, version: str, why: str):
    _pyproject(records, version)
    with pytest.raises(UsageError, match=why):
        check_version(records, version)


def test_first_release_has_no_previous(tmp_path: Path):
    _pyproject(tmp_path, "0.1.0")
    assert check_version(tmp_path, "0.1.0") is None


# --- removed IRIs -----------------------------------------------------------------------------------------


def test_release_refuses_a_removed_iri(records: Path):
    old = read_record(records, "0.2.0")
    new = Graph()
    gone = URIRef(BASE + "concept/stadslab")
    for triple in old:
        if gone not in (triple[0], triple[2]):
            new.add(triple)
    with pytest.raises(ReleaseRefused) as caught:
        check_removals(old, new, previous_version="0.2.0")
    error = caught.value
    assert error.exit_code == EXIT_INVALID_DATA
    assert str(gone) in error.message and "without deprecating" in error.message
    assert "owl:deprecated true" in (error.hint or "") and "dct:isReplacedBy" in (error.hint or "")
    assert [p.iri for p in error.problems] == [str(gone)]
    assert '"Stadslab"' in error.problems[0].message  # named by its label


def test_a_deprecated_iri_may_stay(records: Path):
    check_removals(read_record(records, "0.1.0"), read_record(records, "0.2.0"), previous_version="0.1.0")


# --- the diff ---------------------------------------------------------------------------------------------


def test_diff_markdown_matches_golden(records: Path):
    expected = (FIXTURES / "changes-0.1.0-0.2.0.md").read_text(encoding="utf-8")
    assert markdown(fixture_diff(records)) == expected, REGENERATE


def test_diff_rdf_matches_golden(records: Path):
    actual = rdf_text(fixture_diff(records))
    assert actual == (FIXTURES / "changes-0.1.0-0.2.0.ttl").read_text(encoding="utf-8"), REGENERATE
    golden = Graph().parse(FIXTURES / "changes-0.1.0-0.2.0.ttl", format="turtle")
    assert isomorphic(Graph().parse(data=actual, format="turtle"), golden)


def test_diff_covers_every_kind_of_change(records: Path):
    summary = fixture_diff(records).summary()
    for kind in ("added", "deprecated", "replaced", "labels", "definitions", "sources", "hierarchy", "mappings"):
        assert summary[kind] == 1, kind
    assert summary["removed"] == 0


def test_diff_ignores_the_version_stamp(records: Path):
    old = read_record(records, "0.1.0")
    new = Graph()
    for triple in old:
        new.add(triple)
    header = URIRef(BASE + "def")
    new.set((header, OWL.versionInfo, Literal("9.9.9")))
    new.set((header, DCTERMS.modified, Literal("2030-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    diff = diff_graphs(old, new, old_version="0.1.0", new_version="9.9.9", date="2030-01-01")
    assert diff.entities == [] and "No changes." in markdown(diff)


def test_word_diff():
    assert word_diff("a b c", "a x c") == "a ~~b~~ **x** c"
    assert word_diff("a b c", "a x c", markdown=False) == "a [-b-] {+x+} c"


# --- every release side by side ---------------------------------------------------------------------------


@pytest.fixture
def archive_store(records: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(archive(records), format=pyoxigraph.RdfFormat.TRIG)
    return store


def test_archive_has_a_graph_per_release(records: Path, archive_store: pyoxigraph.Store):
    graphs = {g.value for g in archive_store.named_graphs()}
    assert graphs == {
        BASE + "release/0.1.0",
        BASE + "release/0.2.0",
        BASE + "release/0.2.0/changes",
        BASE + "graph/releases",
    }
    for version in ("0.1.0", "0.2.0"):
        count = len(
            list(archive_store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(BASE + f"release/{version}")))
        )
        assert count == len(read_record(records, version))
    assert archive(records) == archive(records), "the archive is deterministic"


def release_queries() -> list[Path]:
    found = sorted(QUERIES.glob("*.rq"))
    assert found, f"no queries in {QUERIES}"
    return found


@pytest.mark.parametrize("path", release_queries(), ids=lambda p: p.stem)
def test_release_query_matches_golden(path: Path, archive_store: pyoxigraph.Store):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# nl: .+", text, re.M) and re.search(r"^# en: .+", text, re.M)
    actual = canonical_result(run_query(archive_store, text), "json")
    assert actual == path.with_suffix(".srj").read_text(encoding="utf-8"), REGENERATE


# --- the committed record of 0.1.0 --------------------------------------------------------------------------


def test_first_release_record_is_committed_and_stamped():
    assert "0.1.0" in recorded_versions(ROOT)
    record = read_record(ROOT, "0.1.0")
    header = URIRef(BASE + "def")
    assert record.value(header, OWL.versionIRI) == URIRef(BASE + "def/0.1.0")
    assert str(record.value(header, OWL.versionInfo)) == "0.1.0"
    assert release_date(record) == "2026-11-28"
    assert record.value(header, OWL.priorVersion) is None
    text = (ROOT / "releases" / "0.1.0.nt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines == sorted(lines), "a record is sorted N-Triples"


# --- a release of a project copy ----------------------------------------------------------------------------
# The copy is a git work tree of the whole repository (tests/repo_copy.py), with the version set to the one
# after the last record (never hard-coded: the next version moves with every release) and a CHANGELOG entry.


def prepare_version(root: Path, version: str, *, entry: str = "- a label corrected\n") -> None:
    """What the release recipe asks before `mgo release`: the version and the CHANGELOG entry."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', text, count=1), encoding="utf-8")
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    section = f"## [{version}] - 2026-12-15\n\n### Vocabulary\n\n{entry}\n"
    changelog.write_text(text.replace("\n## [", f"\n{section}## [", 1), encoding="utf-8")


@pytest.fixture
def project_copy(tmp_path: Path) -> Iterator[Path]:
    root = copy_repository(tmp_path / "project", commit=False)
    prepare_version(root, next_version(ROOT))
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "prepare the release")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in shared_stand_ins(tmp_path).items():
            patch.setenv(name, value)
        yield root


@pytest.fixture
def version(project_copy: Path) -> str:
    return next_version(ROOT)


def test_release_refuses_to_drop_a_question(project_copy: Path, version: str):
    for name in ("data/model.ttl", "data/additions/labels-en.ttl"):
        path = project_copy / name
        path.write_text(re.sub(r"(?ms)^vraag:8\n.*?^\.\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    commit_all(project_copy, "drop a question")
    code, _out, err = run_cli("release", version, "--root", project_copy, "--date", "2026-12-15")
    assert code == EXIT_INVALID_DATA, err
    assert "removes 1 published IRI" in err and BASE + "vraag/8" in err
    assert not (project_copy / "releases" / f"{version}.nt").exists()
    assert not (project_copy / "dist").exists(), "a refused release writes nothing"


def test_release_writes_the_release_the_record_the_archive_dist_and_site(project_copy: Path, version: str):
    labels = project_copy / "data/additions/labels-en.ttl"
    labels.write_text(
        labels.read_text(encoding="utf-8").replace('"urban lab"@en', '"urban living lab"@en', 1), encoding="utf-8"
    )
    commit_all(project_copy, "a label")
    last = recorded_versions(ROOT)[-1]
    code, out, err = run_cli("release", version, "--root", project_copy, "--date", "2026-12-15")
    assert code == 0, err
    folder = project_copy / "dist" / "releases" / version
    for name in ("mgo.ttl", "mgo.nt", "mgo.jsonld", "mgo.trig", "void.ttl", "changes.md", "changes.ttl"):
        assert (folder / name).is_file(), name
    record = project_copy / "releases" / f"{version}.nt"
    assert record.read_bytes() == (folder / "mgo.nt").read_bytes()
    graph = read_record(project_copy, version)
    header = URIRef(BASE + "def")
    assert graph.value(header, OWL.versionIRI) == URIRef(BASE + f"def/{version}")
    assert graph.value(header, OWL.priorVersion) == URIRef(BASE + f"def/{last}")
    assert release_date(graph) == "2026-12-15"
    changes = (folder / "changes.md").read_text(encoding="utf-8")
    assert changes.startswith(f"# Changes from {last} to {version} (2026-12-15)")
    assert "skos:prefLabel @en: “urban lab” → “urban living lab”" in changes
    # the version stamp of the ontology header is no change (a deprecated term's own dct:modified is one)
    assert "versionInfo" not in changes
    assert not [line for line in changes.splitlines() if f"<{BASE}def>" in line and "dct:modified" in line]
    store = pyoxigraph.Store()
    store.load(path=str(project_copy / "dist" / "releases" / "all.trig"), format=pyoxigraph.RdfFormat.TRIG)
    graphs = {g.value for g in store.named_graphs()}
    assert {BASE + f"release/{last}", BASE + f"release/{version}", BASE + "graph/releases"} <= graphs
    # dist/ and the site were rebuilt with the released version
    built = Graph().parse(project_copy / "dist" / "mgo.ttl", format="turtle")
    assert str(built.value(header, OWL.versionInfo)) == version
    page = (project_copy / "dist" / "site" / "concept" / "stadslab.html").read_text(encoding="utf-8")
    assert f"(versie {version}" in page and f"versie {last}" not in page, "the citation says the release"
    # and the maintainer is told what to commit and tag
    assert f"  git add releases/{version}.nt\n" in out
    assert f'  git tag -a v{version} -m "mgo {version}"\n' in out
    # the next one must be greater still
    code, _, err = run_cli("release", version, "--root", project_copy)
    assert code == 2 and "released already" in err


def test_release_command_needs_a_version(project_copy: Path, version: str):
    code, _, err = run_cli("release", "--root", project_copy)
    assert code == 2 and f"mgo release {version}" in err


def _refusal(project_copy: Path, version: str) -> tuple[int, str]:
    code, out, err = run_cli("release", version, "--root", project_copy, "--date", "2026-12-15")
    assert out == ""
    assert not (project_copy / "releases" / f"{version}.nt").exists(), "a refused release writes nothing"
    assert not (project_copy / "dist").exists(), "a refused release writes nothing"
    return code, err


def test_release_refuses_without_a_changelog_entry(project_copy: Path, version: str):
    changelog = project_copy / "CHANGELOG.md"
    changelog.write_text(
        re.sub(rf"(?ms)^## \[{re.escape(version)}\].*?(?=^## )", "", changelog.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    commit_all(project_copy, "no entry")
    code, err = _refusal(project_copy, version)
    assert (code, err) == (
        EXIT_INVALID_DATA,
        f"error: CHANGELOG.md: no entry for {version}: a release says what it changes\n"
        f"  how to fix: add '## [{version}] - YYYY-MM-DD' with what changed (mgo diff lists it), commit, "
        "release again\n",
    )


def test_release_refuses_an_empty_changelog_entry(project_copy: Path, version: str):
    changelog = project_copy / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text(encoding="utf-8").replace("- a label corrected\n", "", 1), encoding="utf-8"
    )
    commit_all(project_copy, "empty entry")
    code, err = _refusal(project_copy, version)
    assert (code, err) == (
        EXIT_INVALID_DATA,
        f"error: CHANGELOG.md: the entry for {version} is empty: a release says what it changes\n"
        f"  how to fix: write under '## [{version}]' what changed (mgo diff lists it), commit, release again\n",
    )


def test_release_refuses_uncommitted_changes(project_copy: Path, version: str):
    (project_copy / "data" / "notes.txt").write_text("draft\n", encoding="utf-8")
    (project_copy / "README.md").write_text("changed\n", encoding="utf-8")
    code, err = _refusal(project_copy, version)
    assert (code, err) == (
        2,
        "error: uncommitted changes (2): README.md, data/notes.txt; a release must be the build of a commit\n"
        "  how to fix: commit (or stash) them, then release again: git status shows them\n",
    )


def test_release_refuses_without_the_third_party_profiles(
    project_copy: Path, version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MGO_EXTERNAL_DIR", str(tmp_path / "nowhere"))
    code, err = _refusal(project_copy, version)
    assert (code, err) == (
        2,
        f"error: the third-party profiles are not in {tmp_path / 'nowhere'} (nl-sbb/skos-ap-nl.ttl, "
        "vocpub/validator.multilang.ttl): a release is checked against NL-SBB and VocPub, never without them\n"
        "  how to fix: restore external/ from the repository (git checkout -- external/), or set MGO_EXTERNAL_DIR\n",
    )


def test_release_refuses_without_the_source_text(
    project_copy: Path, version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MGO_SOURCE_TEXT_DIR", str(tmp_path / "nowhere"))
    code, err = _refusal(project_copy, version)
    assert (code, err) == (
        2,
        f"error: the source text is not in {tmp_path / 'nowhere'}: a release checks its quotes against the text "
        "they quote\n"
        "  how to fix: restore source/ from the repository (git checkout -- source/), or set MGO_SOURCE_TEXT_DIR\n",
    )


def test_release_refuses_a_failing_check(project_copy: Path, version: str):
    replace_in(project_copy / "data" / "additions" / "labels-en.ttl", '"urban lab"@en', '"urban lab"@nl')
    commit_all(project_copy, "a label in the wrong language")
    code, err = _refusal(project_copy, version)
    assert code == EXIT_INVALID_DATA
    first, hint = err.splitlines()[:2]
    assert re.fullmatch(r"error: the quality gate fails: mgo check finds \d+ error\(s\); nothing was released", first)
    assert hint == "  how to fix: run 'mgo check' and fix every error it lists, then release again"
    assert "<https://w3id.org/missiegedreven/concept/stadslab>" in err, "the errors name the resource at fault"


def test_diff_command_from_last_release_to_sources():
    code, out, _ = run_cli("diff", "--root", ROOT)
    assert code == 0 and out.startswith("# Changes from 0.1.0 to sources")


def test_project_removal_check_uses_published_iris(records: Path):
    project = Project(records)
    assert recorded_versions(project.root) == ["0.1.0", "0.2.0"]


def test_archive_command_rebuilds_from_the_records(records: Path):
    (records / "pyproject.toml").write_text('[project]\nname = "mgo"\nversion = "0.2.0"\n', encoding="utf-8")
    code, out, err = run_cli("release", "--archive", "--root", records)
    assert code == 0, err
    assert "2 releases (0.1.0, 0.2.0)" in out
    assert (records / "dist" / "releases" / "all.trig").read_bytes() == archive(records)
