"""The built publication in an embedded pyoxigraph store: what ``mgo serve`` and its query workers read.

The store is loaded from ``dist/`` and never updated:

* every named graph of ``dist/mgo.trig`` (one per layer: ``…/graph/ontology``, ``…/graph/data``,
  ``…/graph/additions``, ``…/graph/shapes``, later ``…/graph/mappings``, plus ``…/graph/void``) as a
  named graph of the store;
* ``dist/mgo.ttl`` (the publication: ontology + data + additions + derived) as the **default graph**.

Why the default graph is loaded from ``mgo.ttl`` rather than queried as a union of the layer graphs: a
union default graph in pyoxigraph (``default_graph=[…]`` or ``use_default_graph_as_union``) is a *bag* — a
triple stated in two layers comes back twice — while ``mgo.ttl`` is a set, and the competency queries and
their goldens are defined over ``mgo.ttl`` (``queries/README.md``). Loading it as its own graph gives
exactly those semantics at the cost of a second copy of ~3k triples.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mgo.config import project_from
from mgo.errors import MissingFileError, SyntaxProblem, UsageError
from mgo.pipeline.build import build, is_stale
from mgo.terms import ONTOLOGY_IRI

if TYPE_CHECKING:
    import pyoxigraph

TRIG = "mgo.trig"
PUBLICATION = "mgo.ttl"
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


@dataclass
class Publication:
    """The loaded store, the parsed statements, and what we know about them (prefixes, sizes, version).

    The store is for SPARQL. Oxigraph stores numeric and boolean literals by *value*:
    ``"5"^^xsd:nonNegativeInteger`` comes back as ``"5"^^xsd:integer``, ``"1.50"^^xsd:decimal`` as ``"1.5"``.
    Whatever must show the publication exactly as written — the dereferenceable documents — reads
    :attr:`quads` and :attr:`published`, the statements as parsed from the files.
    """

    store: pyoxigraph.Store
    dist: Path
    prefixes: dict[str, str] = field(default_factory=dict)
    #: named graph IRI -> number of triples, in the order of ``mgo.trig``
    graphs: dict[str, int] = field(default_factory=dict)
    #: number of triples of the default graph (= ``mgo.ttl``)
    triples: int = 0
    version: str | None = None
    #: the quads of ``mgo.trig`` as parsed (exact lexical forms and datatypes)
    quads: list[pyoxigraph.Quad] = field(default_factory=list)
    #: the triples of ``mgo.ttl`` as parsed
    published: list[pyoxigraph.Triple] = field(default_factory=list)


def _read(path: Path, *, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise MissingFileError(f"{shown} not found in {path.parent}", file=path, hint="run 'mgo build' first") from None


def read_trig(dist: Path) -> tuple[list[pyoxigraph.Quad], dict[str, str]]:
    """The quads of ``dist/mgo.trig`` (in file order) and its prefixes."""
    import pyoxigraph

    path = dist / TRIG
    data = _read(path, shown=TRIG)
    parser = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TRIG)
    try:
        quads = list(parser)
    except SyntaxError as exc:
        raise SyntaxProblem(
            f"{TRIG} is not valid TriG: {exc.msg}", file=path, line=exc.lineno, column=exc.offset
        ) from None
    return quads, dict(parser.prefixes)


def load_publication(dist: Path, *, statements: bool = True) -> Publication:
    """Load ``dist/mgo.trig`` (named graphs) and ``dist/mgo.ttl`` (default graph) into a new store.

    ``statements=False`` is for a process that only queries (the query workers of ``mgo serve``): the files
    go straight into the store in Rust (~10x faster at a million triples) and :attr:`Publication.quads`,
    :attr:`~Publication.published` and the sizes stay empty.
    """
    import pyoxigraph

    if not statements:
        return _load_store_only(dist)
    quads, prefixes = read_trig(dist)
    path = dist / PUBLICATION
    data = _read(path, shown=PUBLICATION)
    try:
        published = [q.triple for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise SyntaxProblem(
            f"{PUBLICATION} is not valid Turtle: {exc.msg}", file=path, line=exc.lineno, column=exc.offset
        ) from None
    store = pyoxigraph.Store()
    store.extend(quads)
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in published)
    # sizes from the files, not the store: the store keeps numbers by value (see the Publication docstring)
    graphs: dict[str, set[pyoxigraph.Triple]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, pyoxigraph.NamedNode):
            graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    version = next(
        (
            t.object.value
            for t in published
            if t.subject.value == ONTOLOGY_IRI and t.predicate.value == OWL_VERSION_INFO
        ),
        None,
    )
    return Publication(
        store=store,
        dist=dist,
        prefixes=prefixes,
        graphs={name: len(triples) for name, triples in graphs.items()},
        triples=len(set(published)),
        version=version,
        quads=quads,
        published=published,
    )


def _load_store_only(dist: Path) -> Publication:
    import pyoxigraph

    store = pyoxigraph.Store()
    for name, rdf_format, graph in (
        (TRIG, pyoxigraph.RdfFormat.TRIG, None),
        (PUBLICATION, pyoxigraph.RdfFormat.TURTLE, pyoxigraph.DefaultGraph()),
    ):
        path = dist / name
        if not path.is_file():
            raise MissingFileError(f"{name} not found in {dist}", file=path, hint="run 'mgo build' first")
        try:
            if graph is None:
                store.bulk_load(path=str(path), format=rdf_format)
            else:
                store.bulk_load(path=str(path), format=rdf_format, to_graph=graph)
        except SyntaxError as exc:
            raise SyntaxProblem(
                f"{name} is not valid: {exc.msg}", file=path, line=exc.lineno, column=exc.offset
            ) from None
    return Publication(store=store, dist=dist)


def built_dist(args: argparse.Namespace) -> Path:
    """The folder with the built publication: ``--dist`` as given, else the project's ``dist/``.

    The project's ``dist/`` is built first when it is missing or older than the sources
    (:func:`mgo.pipeline.build.is_stale`), unless ``--no-build``.
    """
    dist: Path | None = getattr(args, "dist", None)
    if dist is not None:
        if not (dist / TRIG).is_file():
            raise UsageError(f"--dist {dist}: no {TRIG} in that folder", hint="give a folder written by 'mgo build'")
        return dist
    project = project_from(getattr(args, "root", None))
    if not getattr(args, "no_build", False) and (is_stale(project) or not (project.dist / TRIG).is_file()):
        print("dist/ is missing or older than the sources: building first", file=sys.stderr)
        build(project)
    if not (project.dist / TRIG).is_file():
        raise UsageError(f"{project.relative(project.dist)}/{TRIG} not found", hint="run 'mgo build' first")
    return project.dist
