"""The documentation site: a static, bilingual site generated from the published graph (``mgo site``).

Why a generator and not pages by hand: every fact on the site (labels, quotes, citations, facet values,
shapes, query results) is read from the graph, the shapes and the query goldens, so the site cannot drift
from the data. Why static files: the IRIs are served by w3id.org redirects to any plain file host
(:mod:`mgo.web.site.htaccess`), and ``mgo serve`` can hand out the same files.

Parts, one job each:

========================  ================================================================================
:mod:`.rdf`               the graph as plain dicts (fast lookups, sorted results)
:mod:`.model`             what the pages show, chosen per language (with "only in Dutch" and
                          "translation by mgo" notes)
:mod:`.highlight`         Web Annotation text-quote selectors → ``<mark>`` spans
:mod:`.citation`          one reference per citable resource: APA 7, MLA 9, BibTeX, RIS, CSL-JSON
:mod:`.documents`         per-IRI ``.ttl``/``.jsonld``/``.nt``/``.rdf`` (concise bounded descriptions)
:mod:`.diagram`           the SVG of the model
:mod:`.search`            the search index (the browser does the searching: ``static/search.js``)
:mod:`.classes`           the class diagram and per-class properties and examples (ontology page,
                          ``ontology/README.md`` via ``mgo site --ontology-readme``)
:mod:`.shapes`            what the validator checks, from the SHACL shapes
:mod:`.competency`        the competency questions and their golden results
:mod:`.htaccess`          the w3id.org redirect rules
:mod:`.render`            the pages (Jinja2 templates in ``templates/``) and every other file, in memory
========================  ================================================================================

Public API: :func:`build_site` (the build calls it), :func:`render_site` (files in memory),
:func:`page_path` and :func:`page_for` (for ``mgo serve``), :func:`run` (``mgo site``; its arguments are in
:mod:`mgo.cli.commands`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import posixpath
import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mgo.config import find_root, project_from
from mgo.errors import EXIT_OK, DataError, MissingFileError
from mgo.pipeline.publication import Publication
from mgo.pipeline.publish import is_switched, lock
from mgo.terms import BASE
from mgo.web.site.classes import class_views, readme_part, replace_readme_part
from mgo.web.site.competency import read_queries
from mgo.web.site.documents import clean_prefixes
from mgo.web.site.htaccess import htaccess as w3id_rules  # not `htaccess`: that is the submodule's name
from mgo.web.site.model import Site, SiteError
from mgo.web.site.rdf import Index, from_oxigraph, from_rdflib, read_triples
from mgo.web.site.render import DOWNLOAD_NAMES, Inputs, Renderer

if TYPE_CHECKING:
    from rdflib import Graph

#: where the site is hosted when nothing else is configured (``[tool.mgo.site] hosting-base`` in
#: pyproject.toml, ``--hosting-base``, or ``MGO_HOSTING_BASE``); only the w3id ``.htaccess`` uses it
PLACEHOLDER_HOSTING_BASE = "https://example.org/missiegedreven/"
RDF_DOWNLOADS = (
    "mgo.ttl",
    "mgo.jsonld",
    "mgo.nt",
    "mgo.rdf",
    "mgo.trig",
    "context.jsonld",
    "shapes.ttl",
    "void.ttl",
)


@dataclass(frozen=True)
class SiteResult:
    out_dir: Path
    files: int
    pages: int
    seconds: float
    htaccess: Path | None


# -- inputs -------------------------------------------------------------------------------------------------
def _index_from(source: Graph | Path | Index | Publication, extra: bytes | None = None) -> Index:
    """The index of the publication (the union of its published layers), a graph or an RDF file, plus the
    Turtle ``extra`` (the VoID description) when given."""

    if isinstance(source, Index):
        return source
    if isinstance(source, Publication):
        triples = from_oxigraph(source.union())
        prefixes: dict[str, str] = {}  # as from mgo.nt: the prefixes come with ``extra``
    elif isinstance(source, Path):
        triples, prefixes = read_triples(source)
    else:
        triples, prefixes = from_rdflib(source)
    if extra is not None:
        more, more_prefixes = read_triples(extra, blank_prefix="void-")
        triples += more
        prefixes = {**more_prefixes, **prefixes}
    return Index(triples, prefixes)


def _publication_of(dist: Path) -> Publication:
    """The one :class:`~mgo.pipeline.publication.Publication` of a built folder (loaded once per process)."""

    if not (dist / "mgo.ttl").is_file():
        raise MissingFileError(f"no built publication in {dist}: mgo.ttl is missing", hint="run 'mgo build' first")
    return Publication.load(dist)


def render_site(
    source: Graph | Path | Index | Publication,
    *,
    shapes: Graph | Path | None = None,
    queries_dir: Path | None = None,
    downloads: dict[str, bytes] | None = None,
    hosting_base: str = PLACEHOLDER_HOSTING_BASE,
) -> dict[str, bytes]:
    """Every file of the site (relative path → bytes), in memory, from the published graph.

    ``source`` is the publication: a :class:`~mgo.pipeline.publication.Publication`, a dist folder (its
    publication, and by default its ``shapes.ttl``, its downloads and ``../queries``), an rdflib graph or an RDF
    file. ``downloads`` are copied
    into the site (the build passes its outputs); ``void.ttl`` among them also gives the dataset a page.
    """

    if isinstance(source, Path) and source.is_dir():
        dist = source
        source = _publication_of(dist)
        if shapes is None and (dist / "shapes.ttl").is_file():
            shapes = dist / "shapes.ttl"
        if queries_dir is None:
            queries_dir = dist.parent / "queries"
        if downloads is None:
            downloads = {name: (dist / name).read_bytes() for name in DOWNLOAD_NAMES if (dist / name).is_file()}
    downloads = dict(downloads or {})
    downloads = {name: data for name, data in downloads.items() if name in DOWNLOAD_NAMES}
    # the VoID description is not part of mgo.ttl (it holds its checksum); it gives the dataset its page
    index = _index_from(source, downloads.get("void.ttl"))
    shapes_index = _index_from(shapes) if shapes is not None else None
    inputs = Inputs(index, shapes_index, read_queries(queries_dir), downloads, hosting_base)
    return Renderer(inputs).render()


# -- writing ------------------------------------------------------------------------------------------------
def write_tree(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` by exactly ``files``: written beside it, then swapped in (no stale pages left)."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the site is for everyone to read
    try:
        folders = {posixpath.dirname(name) for name in files} - {""}
        for folder in sorted(folders):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
        old = None
        if out_dir.exists():
            old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def build_site(
    source: Graph | Path | Publication,
    out_dir: Path,
    *,
    shapes: Graph | Path | None = None,
    queries_dir: Path | None = None,
    downloads: dict[str, bytes] | None = None,
    hosting_base: str | None = None,
    htaccess_dir: Path | None = None,
) -> SiteResult:
    """Write the site to ``out_dir`` (replacing it) and the w3id ``.htaccess`` to ``htaccess_dir``.

    ``htaccess_dir`` defaults to ``out_dir/../w3id`` (the file belongs in the w3id.org repository, not on
    the site host). Raises :class:`mgo.web.site.model.SiteError` when the graph cannot be shown.
    """

    started = time.perf_counter()
    base = hosting_base or configured_hosting_base(out_dir)
    files = render_site(source, shapes=shapes, queries_dir=queries_dir, downloads=downloads, hosting_base=base)
    write_tree(files, out_dir)
    target = htaccess_dir if htaccess_dir is not None else out_dir.parent / "w3id"
    target.mkdir(parents=True, exist_ok=True)
    (target / ".htaccess").write_text(w3id_rules(base), encoding="utf-8")
    pages = sum(1 for name in files if name.endswith(".html"))
    return SiteResult(out_dir, len(files), pages, time.perf_counter() - started, target / ".htaccess")


def configured_hosting_base(near: Path | None = None) -> str:
    """``MGO_HOSTING_BASE``, else ``[tool.mgo.site] hosting-base`` in pyproject.toml, else a placeholder."""
    from_env = os.environ.get("MGO_HOSTING_BASE")
    if from_env:
        return from_env

    root = find_root(near.parent if near is not None else None)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as handle:
            value = tomllib.load(handle).get("tool", {}).get("mgo", {}).get("site", {}).get("hosting-base")
        if isinstance(value, str) and value:
            return value
    return PLACEHOLDER_HOSTING_BASE


# -- for mgo serve ------------------------------------------------------------------------------------------
def page_path(iri: str, lang: str = "nl") -> str | None:
    """The site-relative path of the HTML page of ``iri`` (``concept/living-lab.html``; ``en/…`` for English).

    Pure path convention (no file access): the base IRI is ``index.html``; any other IRI under the base is
    its path plus ``.html``. Whether the page exists is for :func:`page_for` to say.
    """
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE) :].split("#", 1)[0]
    key = "index.html" if path == "" else path.rstrip("/") + ".html"
    if ".." in key.split("/"):
        return None
    return key if lang == "nl" else f"{lang}/{key}"


def page_for(iri: str, site_dir: Path, lang: str = "nl") -> bytes | None:
    """The HTML page of ``iri`` from a built site, or ``None`` when the site has none."""
    relative = page_path(iri, "en" if lang.lower().startswith("en") else "nl")
    if relative is None:
        return None
    path = site_dir / relative
    return path.read_bytes() if path.is_file() else None


# -- the CLI ------------------------------------------------------------------------------------------------


def ontology_readme_part(dist: Path) -> str:
    """The generated part of ``ontology/README.md`` (class diagram, properties, examples) from a built dist/."""

    publication = _publication_of(dist)
    index = _index_from(publication)
    index.prefixes = clean_prefixes(publication.prefixes)
    return readme_part(class_views(Site(index)))


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``mgo site``: build the site from ``dist/``; returns the exit code (problems raise MgoError)."""

    out = out or sys.stdout
    project = project_from(getattr(args, "root", None))
    dist = getattr(args, "dist", None) or project.dist
    if not Path(dist).is_dir():  # before 'mgo build', or a wrong --dist: a usage error (exit 2), not a crash
        raise MissingFileError(
            f"no built publication: {dist} is not a folder",
            hint="run 'mgo build' first, or pass --dist with the folder 'mgo build' wrote",
        )
    target = getattr(args, "out", None) or dist / "site"

    try:
        # the publication lock: a build running now would otherwise carry a half-written site over
        with lock(dist) if is_switched(dist) else contextlib.nullcontext():
            result = build_site(
                dist, target, queries_dir=project.queries_dir, hosting_base=getattr(args, "hosting_base", None)
            )
    except SiteError as exc:
        raise DataError(str(exc), hint="fix the data (see the message), then run 'mgo build'") from exc
    if getattr(args, "ontology_readme", False):
        readme = project.root / "ontology" / "README.md"
        readme.write_text(replace_readme_part(readme.read_text(encoding="utf-8"), ontology_readme_part(dist)), "utf-8")
        print(f"wrote the class diagram part of {project.relative(readme)}", file=out)
    htaccess = project.relative(result.htaccess) if result.htaccess else "-"
    print(
        f"wrote {result.pages} pages, {result.files} files to {project.relative(target)}/ in "
        f"{result.seconds:.2f} s; w3id rules: {htaccess}",
        file=out,
    )
    return EXIT_OK
