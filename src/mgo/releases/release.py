"""``mgo release X.Y.Z``: a versioned, checked, diffed release, and a record of it in the repository.

**The version.** ``pyproject.toml``'s ``version`` stays the one source. ``mgo release X.Y.Z`` does not edit
it: it *requires* it to be ``X.Y.Z`` already, so the version bump is a reviewed edit committed together with
the ``CHANGELOG.md`` entry, and a typo on the command line cannot release a version nobody agreed on. The
version is read from ``pyproject.toml`` itself (the installed metadata, :data:`mgo.__version__`, is only
refreshed by a reinstall). ``X.Y.Z`` is plain semantic versioning (three numbers, no pre-release) and must
be greater than the last release; an existing version is never released twice.

**What a release does**, in this order, writing nothing until every step has passed:

1. parse, stamp and derive the sources as the build does (:func:`mgo.pipeline.build.prepare`), and stamp into the
   ontology header ``owl:versionIRI <…/def/X.Y.Z>``, ``owl:versionInfo "X.Y.Z"``, ``owl:priorVersion
   <…/def/PREVIOUS>`` and ``dct:modified`` the release date (default: today; the source's own
   ``dct:modified`` is the date of the last edit and is replaced in the release);
2. refuse when an IRI of ours that the previous release published (as a subject) is gone: published IRIs
   never disappear; keep the resource with ``owl:deprecated true`` and, when something replaces it,
   ``dct:isReplacedBy`` (the message names every such IRI);
3. run the quality gate, ``mgo check`` (every check), on exactly what is released; any error refuses;
4. render every output of the build (:func:`mgo.pipeline.build.render_outputs`), compute the concept-level diff
   against the previous release (:mod:`mgo.releases.diff`), and write:

   * ``dist/releases/X.Y.Z/``: every build output of that version, ``changes.md`` and ``changes.ttl``;
   * ``releases/X.Y.Z.nt``: **the release record**, committed to the repository;
   * ``dist/releases/all.trig``: every release side by side (:func:`archive`).

**Why a committed record.** Built artefacts are not committed, yet the next release must be diffed against
this one, on any fresh clone, for ever. A release is a published fact, not a build product, so its content is
kept in the repository: ``releases/X.Y.Z.nt``, the published graph as sorted N-Triples, exactly ``mgo.nt`` of
the release (blank nodes labelled from their content, so equal content gives equal bytes). N-Triples because
it is line-based (``git diff`` between two records is a triple-level diff, and git stores the next record as
a small delta of this one) and needs no prefixes or parser state; the other formats and the diffs are built
from it. A git tag alone would need the build of that day to reproduce the graph; a record does not.

**Side by side.** ``dist/releases/all.trig`` holds each record as the named graph
``https://w3id.org/missiegedreven/release/X.Y.Z``, the diff of each release against the one before as
``…/release/X.Y.Z/changes`` (Changeset vocabulary, :mod:`mgo.releases.diff`), and ``…/graph/releases`` describing the
releases (``owl:versionInfo``, ``dct:issued``, ``prov:wasRevisionOf``), so SPARQL can ask what changed when
(``queries/releases/``). ``mgo release --archive`` rebuilds it from the records alone.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib import Literal, URIRef

from mgo.config import project_from
from mgo.errors import EXIT_OK, DataError, MissingFileError, Problem, UsageError
from mgo.pipeline.build import build, prepare, render_outputs
from mgo.pipeline.publication import Publication
from mgo.pipeline.publish import publish
from mgo.pipeline.validate import (
    NL_SBB,
    VOCPUB,
    external_dir,
    external_profiles_available,
    require_conformance,
    validate_sources,
)
from mgo.quality.check import run_checks
from mgo.rdf.convert import new_graph
from mgo.rdf.formats import trig
from mgo.rdf.labels import describe
from mgo.releases.diff import diff_graphs, markdown, rdf, rdf_text, release_iri
from mgo.releases.records import (  # noqa: F401  (re-exported: reading the records lives in mgo.releases.records)
    RECORDS,
    VERSION,
    parse_version,
    read_record,
    record_path,
    recorded_versions,
    records_dir,
    release_date,
)
from mgo.terms import BASE, DCT, OWL, XSD
from mgo.version import project_version
from mgo.web.site import build_site

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.config import Project
    from mgo.findings import CheckReport
    from mgo.releases.diff import Diff

ONTOLOGY_IRI = BASE + "def"
RELEASE_BASE = BASE + "release/"
RELEASES_GRAPH = BASE + "graph/releases"


class ReleaseRefused(DataError):
    """The release would break a promise (an IRI gone, a check failing): nothing was written (exit code 1)."""


def pyproject_version(root: Path) -> str:
    """The version ``root/pyproject.toml`` states (:func:`mgo.version.project_version`, the one reader)."""

    return project_version(root)


def check_version(root: Path, version: str) -> str | None:
    """Refuse a version that is malformed, not the one in pyproject.toml, or not after the last release;
    return the previous release (or ``None`` for the first)."""
    parse_version(version)
    stated = pyproject_version(root)
    if stated != version:
        raise UsageError(
            f"pyproject.toml says version {stated!r}, not {version!r}: a release publishes the version of the "
            "one version source",
            file="pyproject.toml",
            hint=f'set version = "{version}" in pyproject.toml (with its CHANGELOG.md entry), then release again',
        )
    versions = recorded_versions(root)
    if version in versions:
        raise UsageError(
            f"{version} was released already (releases/{version}.nt): a release is never made twice",
            hint="choose the next version, greater than the last release",
        )
    if versions and parse_version(version) <= parse_version(versions[-1]):
        raise UsageError(
            f"{version} is not greater than the last release, {versions[-1]}",
            hint=f"choose a version after {versions[-1]}",
        )
    return versions[-1] if versions else None


# --- what must hold before a release is even prepared ----------------------------------------------------


SOURCE_TEXT_ENV = "MGO_SOURCE_TEXT_DIR"


def changelog_entry(root: Path, version: str) -> str | None:
    """The text of ``CHANGELOG.md``'s ``## [X.Y.Z]`` section without its sub-headings, or ``None`` if absent.

    Why without sub-headings: an entry that is only ``### Vocabulary`` / ``### Code`` says nothing, and a
    release must say what it changes."""
    path = root / "CHANGELOG.md"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"(?m)^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## |\Z)", text, re.S)
    if match is None:
        return None
    lines = [line for line in match.group(1).splitlines() if line.strip() and not line.startswith("#")]
    return "\n".join(lines)


def source_text_dir(root: Path) -> Path:
    """The source text's folder: ``$MGO_SOURCE_TEXT_DIR`` or ``source/`` of the project (``source/README.md``)."""
    import os

    override = os.environ.get(SOURCE_TEXT_ENV)
    return Path(override) if override else root.resolve() / "source"


def git_changes(root: Path) -> list[str] | None:
    """``git status --porcelain`` of the project folder (``None`` when it is not a git work tree)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=normal", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return [line for line in done.stdout.splitlines() if line.strip()]


def preflight(root: Path, version: str) -> None:
    """Refuse a release whose inputs are not all there and committed (before anything is computed).

    Each refusal says what is missing and the command that fixes it; nothing is written. The order is the
    order a maintainer works in: the CHANGELOG entry, the commit, then the environment."""

    entry = changelog_entry(root, version)
    if entry is None:
        raise ReleaseRefused(
            f"no entry for {version}: a release says what it changes",
            file="CHANGELOG.md",
            hint=f"add '## [{version}] - YYYY-MM-DD' with what changed (mgo diff lists it), commit, release again",
        )
    if not entry:
        raise ReleaseRefused(
            f"the entry for {version} is empty: a release says what it changes",
            file="CHANGELOG.md",
            hint=f"write under '## [{version}]' what changed (mgo diff lists it), commit, release again",
        )
    changes = git_changes(root)
    if changes is None:
        raise UsageError(
            f"{root} is not a git work tree: a release is recorded by a commit and a tag",
            hint="release from a clone of the repository",
        )
    if changes:
        shown = ", ".join(line[3:] for line in changes[:5]) + (" …" if len(changes) > 5 else "")
        raise UsageError(
            f"uncommitted changes ({len(changes)}): {shown}; a release must be the build of a commit",
            hint="commit (or stash) them, then release again: git status shows them",
        )
    if not external_profiles_available(root):
        folder = external_dir(root)
        raise UsageError(
            f"the third-party profiles are not in {folder} ({NL_SBB}, {VOCPUB}): a release is checked against "
            "NL-SBB and VocPub, never without them",
            hint="restore external/ from the repository (git checkout -- external/), or set MGO_EXTERNAL_DIR",
        )
    seed = source_text_dir(root)
    if not any(seed.glob("*.txt")):
        raise UsageError(
            f"the source text is not in {seed}: a release checks its quotes against the text they quote",
            hint=f"restore source/ from the repository (git checkout -- source/), or set {SOURCE_TEXT_ENV}",
        )


def next_version(root: Path, part: str = "minor") -> str:
    """The version after the last record (``minor``: 0.1.0 → 0.2.0), for scripts and tests that must not
    hard-code it."""
    versions = recorded_versions(root)
    if not versions:
        return "0.1.0"
    major, minor, patch = parse_version(versions[-1])
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor + 1}.0"


def stamp_release(ontology: Graph, *, previous: str | None, date: str) -> None:
    """Add ``owl:priorVersion`` and set ``dct:modified`` on the ontology header (in place; the version IRI
    and number are stamped by :func:`mgo.pipeline.build.stamp_version`)."""

    header = URIRef(ONTOLOGY_IRI)
    if previous is not None:
        ontology.add((header, URIRef(OWL + "priorVersion"), URIRef(f"{ONTOLOGY_IRI}/{previous}")))
    ontology.remove((header, URIRef(DCT + "modified"), None))
    ontology.add((header, URIRef(DCT + "modified"), Literal(date, datatype=URIRef(XSD + "date"))))


def published_iris(graph: Graph) -> set[str]:
    """The IRIs of ours the graph describes (subjects in the ``https://w3id.org/missiegedreven/`` space)."""

    return {str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}


def check_removals(previous: Graph, new: Graph, *, previous_version: str) -> None:
    """Refuse a release that drops an IRI the previous release published."""

    gone = sorted(published_iris(previous) - published_iris(new))
    if not gone:
        return
    problems = [
        Problem(f"{describe(previous, URIRef(iri))} was published in {previous_version} and is gone", iri=iri)
        for iri in gone
    ]
    count = len(gone)
    raise ReleaseRefused(
        f"the release removes {count} published IRI{'s' if count != 1 else ''} without deprecating "
        f"{'them' if count != 1 else 'it'}: {', '.join(gone)}",
        hint="published IRIs never disappear: keep each resource, with owl:deprecated true and, when another "
        "resource replaces it, dct:isReplacedBy <that IRI> (a deprecated concept keeps its labels and scheme)",
        problems=problems,
    )


@dataclass
class Release:
    """A release computed in memory (nothing written yet)."""

    version: str
    previous: str | None
    date: str
    outputs: dict[str, bytes]  # dist/releases/X.Y.Z/ file name -> bytes
    record: bytes  # releases/X.Y.Z.nt
    diff: Diff
    check: CheckReport | None = None
    written: list[Path] = field(default_factory=list)


def prepare_release(project: Project, version: str, *, date: str | None = None, check: bool = True) -> Release:
    """Steps 1-4 of the module docstring, in memory. Raises :class:`ReleaseRefused` or :class:`UsageError`."""

    date = date or _dt.date.today().isoformat()
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date {date!r} is not a date", hint="write it as YYYY-MM-DD") from None
    previous = check_version(project.root, version)
    if check:
        preflight(project.root, version)
    sources = prepare(project, version=version)
    stamp_release(sources.graphs["ontology"], previous=previous, date=date)
    release = Publication.from_prepared(sources)  # the one publication: checked, validated, written
    publication = release.rdflib()
    old = read_record(project.root, previous) if previous is not None else None
    if old is not None and previous is not None:
        check_removals(old, publication, previous_version=previous)
    report = None
    if check:
        report = run_checks(project, sources=sources)
        if not report.ok:
            raise ReleaseRefused(
                f"the quality gate fails: mgo check finds {report.count('error')} error(s); nothing was released",
                hint="run 'mgo check' and fix every error it lists, then release again",
                problems=[
                    Problem(
                        f"[{f.check}] {f.message('en')}",
                        Path(f.location.file) if f.location else None,
                        f.location.line if f.location else None,
                        iri=f.iri,
                    )
                    for f in report.findings
                    if f.severity == "error"
                ][:20],
            )
    validation = require_conformance(validate_sources(sources))
    outputs, published = render_outputs(release, version, validation)
    diff = diff_graphs(old, published, old_version=previous, new_version=version, date=date)
    outputs = dict(outputs)
    outputs["changes.md"] = markdown(diff).encode()
    outputs["changes.ttl"] = rdf_text(diff).encode()
    return Release(version, previous, date, outputs, outputs["mgo.nt"], diff, report)


def write_release(project: Project, release: Release) -> list[Path]:
    """Write the release folder, the record and the archive (each file atomically)."""

    folder = project.dist / "releases" / release.version
    written = publish(release.outputs, folder)
    record = record_path(project.root, release.version)
    written += publish({record.name: release.record}, record.parent)
    written += publish({"all.trig": archive(project.root)}, project.dist / "releases")
    release.written = written
    return written


# --- every release side by side ----------------------------------------------------------------------------


def archive(root: Path, versions: list[str] | None = None) -> bytes:
    """``all.trig``: each record as a named graph, the diffs between consecutive records, and the catalogue."""

    versions = versions if versions is not None else recorded_versions(root)
    named: list[tuple[str, Graph]] = []
    changes: list[tuple[str, Graph]] = []
    catalogue = new_graph()
    a = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    previous: tuple[str, Graph] | None = None
    for version in versions:
        graph = read_record(root, version)
        named.append((release_iri(version), graph))
        date = release_date(graph) or ""
        node = URIRef(release_iri(version))
        catalogue.add((node, a, URIRef("http://www.w3.org/ns/prov#Entity")))
        catalogue.add((node, URIRef(OWL + "versionInfo"), Literal(version)))
        catalogue.add((node, URIRef(OWL + "versionIRI"), URIRef(f"{ONTOLOGY_IRI}/{version}")))
        catalogue.add((node, URIRef(DCT + "isVersionOf"), URIRef(BASE + "dataset")))
        catalogue.add((node, URIRef("http://rdfs.org/ns/void#triples"), Literal(len(graph))))
        if date:
            catalogue.add((node, URIRef(DCT + "issued"), Literal(date, datatype=URIRef(XSD + "date"))))
        if previous is not None:
            catalogue.add((node, URIRef("http://www.w3.org/ns/prov#wasRevisionOf"), URIRef(release_iri(previous[0]))))
            diff = diff_graphs(previous[1], graph, old_version=previous[0], new_version=version, date=date)
            changes.append((release_iri(version) + "/changes", rdf(diff)))
        previous = (version, graph)
    prefixes = [
        ("cs", "http://purl.org/vocab/changeset/schema#"),
        ("dct", DCT),
        ("owl", OWL),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("void", "http://rdfs.org/ns/void#"),
        ("xsd", XSD),
    ]
    return trig([*named, *changes, (RELEASES_GRAPH, catalogue)], prefixes=prefixes).encode()


# --- command line -----------------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    project = project_from(getattr(args, "root", None))
    if args.archive:
        if args.version:
            raise UsageError("--archive takes no version", hint="mgo release --archive")

        versions = recorded_versions(project.root)
        if not versions:
            raise MissingFileError(f"no release records in {records_dir(project.root)}", hint="release a version first")
        written = publish({"all.trig": archive(project.root, versions)}, project.dist / "releases")
        print(f"wrote {project.relative(written[0])}: {len(versions)} releases ({', '.join(versions)})", file=out)
        return EXIT_OK
    if not args.version:
        stated = pyproject_version(project.root)
        raise UsageError("which version? give it as X.Y.Z", hint=f"pyproject.toml says {stated}: mgo release {stated}")
    release = prepare_release(project, args.version, date=args.date)

    if args.dry_run:
        out.write(markdown(release.diff))
        print(f"dry run: {args.version} would be released; nothing was written", file=err)
        return EXIT_OK
    written = write_release(project, release)
    rebuilt = rebuild(project, release.version)
    summary = ", ".join(f"{count} {name}" for name, count in release.diff.summary().items() if count) or "no changes"
    since = f" since {release.previous}" if release.previous else " (first release)"
    print(f"released mgo {release.version} ({release.date}){since}: {summary}", file=out)
    for path in written:
        print(f"  wrote {project.relative(path)}", file=out)
    print(f"  rebuilt {rebuilt}", file=out)
    record = f"{RECORDS}/{release.version}.nt"
    print(
        f"now commit the record and tag the release:\n"
        f"  git add {record}\n"
        f'  git commit -m "Release {release.version}"\n'
        f'  git tag -a v{release.version} -m "mgo {release.version}"\n'
        f"  git push && git push origin v{release.version}",
        file=out,
    )
    return EXIT_OK


def rebuild(project: Project, version: str) -> str:
    """Rebuild ``dist/`` and the site with the released version, so that what is served says the release.

    Why here: a release that leaves ``dist/`` and the site at the previous build's version publishes a
    citation ("Citeer dit begrip") of a version that is not the one released."""

    result = build(project, version=version)
    site = build_site(project.dist, project.dist / "site", queries_dir=project.queries_dir)
    return (
        f"{project.relative(project.dist)}/ ({result.triples} triples, {len(result.files)} files) and "
        f"{project.relative(site.out_dir)}/ ({site.pages} pages) as mgo {version}"
    )
