"""The one publication: built once from the sources, or loaded once from ``dist/``, read by every consumer.

:class:`Publication` is what the outputs, SHACL validation, ``mgo check``, the site, ``mgo serve``, ``mgo load``,
``mgo query``, the environment tools and the tests use (issue #10). Its term model is pyoxigraph's:

* one named graph per layer (``…/graph/ontology``, ``…/graph/data``, ``…/graph/additions``,
  ``…/graph/mappings``, ``…/graph/shapes``; loaded from ``dist/mgo.trig`` also ``…/graph/void``), in layer order;
* the **default graph** is the publication proper, the *set* union of the published layers (exactly the
  triples of ``dist/mgo.ttl``; a test compares them canonically).

Why the default graph is a copy and not queried as a union of the layer graphs: a union default graph in
pyoxigraph (``default_graph=[…]`` or ``use_default_graph_as_union``) is a *bag* — a triple stated in two layers
comes back twice — while ``mgo.ttl`` is a set, and the competency queries and their goldens are defined over
``mgo.ttl`` (``queries/README.md``). The copy costs ~4k triples.

Two constructors, each reading its input once:

* :meth:`Publication.from_sources` parses, stamps and derives the sources (:func:`prepare`) as the build
  reasons over, validates and publishes them; nothing is written. Its rdflib views are the parsed graphs
  themselves (no conversion).
* :meth:`Publication.load` parses ``dist/mgo.trig`` (one file: the union is made from its published layers) and
  is cached per process and publication generation, so every consumer in one process shares one object.

Views, each made once on first use and kept: :attr:`~Publication.dataset` (a ``pyoxigraph.Dataset``, exact lexical
forms), :attr:`~Publication.store` (a ``pyoxigraph.Store`` for SPARQL; Oxigraph stores numeric and boolean
literals by *value*, so whatever must show the terms exactly as written reads :meth:`~Publication.union` or
:meth:`~Publication.graph`), and :meth:`~Publication.rdflib` (rdflib graphs for pySHACL and owlrl, converted by
:mod:`mgo.rdf.convert`).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import OWL as RDFLIB_OWL

from mgo.config import Project, layer, layers
from mgo.errors import DataError, MissingFileError, SyntaxProblem
from mgo.pipeline.annotations import AnnotationError
from mgo.pipeline.derive import derive
from mgo.pipeline.parse import parse_project
from mgo.rdf.convert import graph_of, new_graph, to_oxigraph
from mgo.rdf.lexical import canonicalise_graph
from mgo.terms import DCAT, DCT, ONTOLOGY_IRI, OWL, SPDX, VOID, VOID_GRAPH
from mgo.version import project_version

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rdflib import Graph

    from mgo.pipeline.parse import Sources

TRIG = "mgo.trig"
PUBLICATION = "mgo.ttl"
OWL_VERSION_INFO = OWL + "versionInfo"

# Prefixes for namespaces that derived triples use without any source declaring them (else rdflib invents
# ns1, ns2 …). Only bound when the namespace is used and no source binds it.
WELL_KNOWN_PREFIXES = {
    "cito": "http://purl.org/spar/cito/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: the namespaces of the VoID/DCAT description, bound in every output beside the sources' own
DATASET_PREFIXES = (("dcat", DCAT), ("dct", DCT), ("spdx", SPDX), ("void", VOID))


# --- from the sources: parse, stamp, derive ------------------------------------------------------------------


def stamp_version(ontology: Graph, version: str) -> Graph:
    """A copy of the ontology layer with ``owl:versionIRI`` and ``owl:versionInfo`` on the ontology header."""

    header = URIRef(ONTOLOGY_IRI)
    if (header, RDF.type, RDFLIB_OWL.Ontology) not in ontology:
        raise DataError(
            f"the ontology header is missing: no <{ONTOLOGY_IRI}> a owl:Ontology in ontology/*.ttl",
            iri=ONTOLOGY_IRI,
            hint=f"declare the ontology: <{ONTOLOGY_IRI}> a owl:Ontology ; dct:title … .",
        )
    stated = [p for p in (RDFLIB_OWL.versionIRI, RDFLIB_OWL.versionInfo) if (header, p, None) in ontology]
    if stated:
        names = " and ".join(f"owl:{str(p).rsplit('#', 1)[1]}" for p in stated)
        raise DataError(
            f"the ontology source states {names}, but the version has one source: pyproject.toml",
            iri=ONTOLOGY_IRI,
            hint=f"remove {names} from the ontology header; the build adds them from pyproject.toml",
        )
    stamped = new_graph(str(ontology.identifier))
    for prefix, namespace in ontology.namespaces():
        stamped.bind(prefix, namespace)
    stamped += ontology
    stamped.add((header, RDFLIB_OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{version}")))
    stamped.add((header, RDFLIB_OWL.versionInfo, Literal(version)))
    return stamped


def derive_into(project: Project, sources: Sources) -> dict[str, int]:
    """Add the derived triples to their layers (in place); returns the number added per layer."""

    try:
        derived = derive(sources.publication(), project.root, in_place=True)
    except AnnotationError as exc:
        raise DataError(
            exc.message,
            file=project.relative(exc.path),
            line=exc.line,
            hint="correct this row of the annotations table (columns: concept, value, exact, within)",
        ) from None
    except ValueError as exc:  # a rule without its '# layer: NAME' line, or not a valid CONSTRUCT query
        raise DataError(
            str(exc),
            hint="a rule in queries/derive/ starts with '# layer: data' (or additions) and is a SPARQL CONSTRUCT "
            "query (https://www.w3.org/TR/sparql11-query/)",
        ) from None
    added: dict[str, int] = {}
    for name, graph in sorted(derived.items()):
        try:
            target = layer(name)
        except KeyError:
            target = None
        if target is None or not target.published or name not in sources.graphs:
            raise DataError(
                f"a derivation rule writes to the layer {name!r}, which is not a published layer",
                hint="use '# layer: data' or '# layer: additions' in the rule",
            )
        canonicalise_graph(graph)  # a rule's computed value in its canonical lexical form (mgo.rdf.lexical)
        before = len(sources.graphs[name])
        sources.graphs[name] += graph
        added[name] = len(sources.graphs[name]) - before
    return added


def parse_and_stamp(project: Project, version: str) -> Sources:
    """Parse every layer and stamp the version into the ontology layer (the shapes may check the stamp)."""

    sources = parse_project(project)
    sources.graphs["ontology"] = stamp_version(sources.graphs["ontology"], version)
    return sources


def prepare(project: Project, *, version: str | None = None) -> Sources:
    """Parse, stamp and derive: the sources as the build reasons over, validates and publishes them."""

    sources = parse_and_stamp(project, version or project_version(project.root))
    derive_into(project, sources)
    return sources


def publication_prefixes(graphs: Iterable[Graph]) -> list[tuple[str, str]]:
    """The prefixes of every output: the layers' bindings, then those of the VoID/DCAT description.

    One prefix per namespace and one namespace per prefix; the first binding (in layer order) wins; a
    well-known namespace the triples use without any source binding it gets its usual prefix."""
    graphs = list(graphs)
    first = _prefixes(graphs)
    return _prefixes([_bound(first), _bound(list(DATASET_PREFIXES))])


def _prefixes(graphs: list[Graph]) -> list[tuple[str, str]]:
    taken: dict[str, str] = {}
    namespaces: set[str] = set()
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            if prefix and prefix not in taken and str(namespace) not in namespaces:
                taken[prefix] = str(namespace)
                namespaces.add(str(namespace))
    used = {str(term) for graph in graphs for triple in graph for term in triple}
    for prefix, known in WELL_KNOWN_PREFIXES.items():
        if prefix not in taken and known not in namespaces and any(t.startswith(known) for t in used):
            taken[prefix] = known
            namespaces.add(known)
    return sorted(taken.items())


def _bound(pairs: list[tuple[str, str]]) -> Graph:
    graph = new_graph()
    for prefix, namespace in pairs:
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


# --- the publication -------------------------------------------------------------------------------------------


class Publication:
    """The publication's layers and their union, in pyoxigraph terms, with views made once and kept.

    Build it with :meth:`from_sources` (or :meth:`from_prepared`) or :meth:`load`; it is never changed after.
    """

    def __init__(
        self,
        quads: list[pyoxigraph.Quad] | None,
        published: list[pyoxigraph.Triple] | None,
        prefixes: dict[str, str],
        *,
        dist: Path | None = None,
        sources: Sources | None = None,
    ) -> None:
        self._quads = quads
        self._published = published
        #: prefix -> namespace, as every output declares them
        self.prefixes = prefixes
        #: the built folder it was loaded from (``None`` when made from the sources)
        self.dist = dist
        #: the parsed, stamped and derived sources it was made from (``None`` when loaded from ``dist/``)
        self.sources = sources
        self._rdflib: dict[str | None, Graph] = {}
        if sources is not None:
            for each in layers():
                if each.name in sources.graphs:
                    self._rdflib[each.name] = sources.graphs[each.name]

    def __repr__(self) -> str:
        where = f"dist={self.dist}" if self.dist is not None else "from the sources"
        return f"<Publication {self.version} {where}>"

    # -- constructors --

    @classmethod
    def from_sources(cls, project: Project, *, version: str | None = None) -> Publication:
        """The publication of ``project`` as the build makes it (parsed, stamped, derived; nothing written)."""
        return cls.from_prepared(prepare(project, version=version))

    @classmethod
    def from_prepared(cls, sources: Sources) -> Publication:
        """The publication of sources already parsed, stamped and derived (the build's, ``mgo release``'s).

        The pyoxigraph terms are made on first use (the build itself needs only the rdflib views)."""
        prefixes = publication_prefixes(sources.graphs[each.name] for each in layers() if each.name in sources.graphs)
        return cls(None, None, dict(prefixes), sources=sources)

    def _convert_sources(self) -> None:
        assert self.sources is not None
        cache: dict[Any, Any] = {}

        def convert(term: Any) -> Any:
            found = cache.get(term)
            if found is None:
                found = cache[term] = to_oxigraph(term)
            return found

        quads: list[pyoxigraph.Quad] = []
        published: dict[pyoxigraph.Triple, None] = {}
        for each in layers():
            graph = self.sources.graphs.get(each.name)
            if graph is None:
                continue
            name = pyoxigraph.NamedNode(each.graph_iri)
            for s, p, o in graph:
                triple = pyoxigraph.Triple(convert(s), convert(p), convert(o))
                quads.append(pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name))
                if each.published:
                    published[triple] = None
        self._quads, self._published = quads, list(published)

    @property
    def quads(self) -> list[pyoxigraph.Quad]:
        """The quads of every named graph, in layer order (loaded: in the order of ``mgo.trig``)."""
        if self._quads is None:
            self._convert_sources()
        assert self._quads is not None
        return self._quads

    @property
    def published(self) -> list[pyoxigraph.Triple]:
        """The triples of the default graph: the set union of the published layers (= ``mgo.ttl``)."""
        if self._published is None:
            self._convert_sources()
        assert self._published is not None
        return self._published

    @classmethod
    def load(cls, dist: Path) -> Publication:
        """The publication in ``dist/`` (its ``mgo.trig``), parsed once per process and publication.

        Cached by the file's identity (device, inode, size, modification time): ``mgo build`` publishes a new
        generation (a new file), so a process that asks again after a build gets the new publication."""
        path = dist / TRIG
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise MissingFileError(f"{TRIG} not found in {dist}", file=path, hint="run 'mgo build' first") from None
        key = (str(Path(os.path.abspath(dist))), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        found = _LOADED.get(key)
        if found is None:
            found = cls._read(dist)
            _LOADED.clear()  # one publication per process: an older generation is not kept alive
            _LOADED[key] = found
        return found

    @classmethod
    def _read(cls, dist: Path) -> Publication:
        path = dist / TRIG
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingFileError(f"{TRIG} not found in {dist}", file=path, hint="run 'mgo build' first") from None
        parser = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TRIG)
        try:
            quads = [quad for quad in parser if isinstance(quad.graph_name, pyoxigraph.NamedNode)]
        except SyntaxError as exc:
            raise SyntaxProblem(
                f"{TRIG} is not valid TriG: {exc.msg}", file=path, line=exc.lineno, column=exc.offset
            ) from None
        published_graphs = {each.graph_iri for each in layers() if each.published}
        published = dict.fromkeys(q.triple for q in quads if _graph_iri(q) in published_graphs)
        return cls(quads, list(published), dict(parser.prefixes), dist=dist)

    # -- what it holds --

    @property
    def version(self) -> str | None:
        """``owl:versionInfo`` of the ontology header (stamped by the build)."""
        if self._published is None and self.sources is not None:
            ontology = self.sources.graphs.get("ontology")
            found = ontology.value(URIRef(ONTOLOGY_IRI), URIRef(OWL_VERSION_INFO)) if ontology is not None else None
            return None if found is None else str(found)
        for triple in self.published:
            subject, obj = triple.subject, triple.object
            header = isinstance(subject, pyoxigraph.NamedNode) and subject.value == ONTOLOGY_IRI
            if header and triple.predicate.value == OWL_VERSION_INFO and isinstance(obj, pyoxigraph.Literal):
                return obj.value
        return None

    @property
    def triples(self) -> int:
        """The number of triples of the publication (``mgo.ttl``)."""
        return len(self.published)

    @cached_property
    def graphs(self) -> dict[str, int]:
        """Named graph IRI -> number of triples, in layer (file) order."""
        sizes: dict[str, int] = {}
        for quad in self.quads:
            name = _graph_iri(quad)
            sizes[name] = sizes.get(name, 0) + 1
        return sizes

    @property
    def files(self) -> list[Path]:
        """The files of the built folder it was loaded from (none when made from the sources)."""
        if self.dist is None:
            return []
        return sorted(path for path in self.dist.iterdir() if path.is_file())

    def graph(self, name: str) -> list[pyoxigraph.Triple]:
        """The triples of one layer (its name, ``"ontology"``, or its graph IRI; ``"void"`` when loaded)."""
        iri = name if "/" in name else layer_iri(name)
        return [quad.triple for quad in self.quads if _graph_iri(quad) == iri]

    def union(self) -> list[pyoxigraph.Triple]:
        """The publication proper: the set union of the published layers (the triples of ``mgo.ttl``)."""
        return self.published

    # -- views, made once --

    @cached_property
    def dataset(self) -> pyoxigraph.Dataset:
        """Every layer as a named graph and the publication as the default graph (exact lexical forms)."""
        default = pyoxigraph.DefaultGraph()
        return pyoxigraph.Dataset(
            [*self.quads, *(pyoxigraph.Quad(t.subject, t.predicate, t.object, default) for t in self.published)]
        )

    @cached_property
    def store(self) -> pyoxigraph.Store:
        """The dataset in an in-memory Oxigraph store, for SPARQL (numbers and booleans kept by value)."""
        store = pyoxigraph.Store()
        default = pyoxigraph.DefaultGraph()
        store.extend(self.quads)
        store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, default) for t in self.published)
        return store

    def rdflib(self, name: str | None = None) -> Graph:
        """An rdflib view (for pySHACL and owlrl) of one layer, or of the publication when ``name`` is ``None``.

        Made once and kept: callers must not change it. From the sources the layer views are the parsed graphs."""
        found = self._rdflib.get(name)
        if found is None:
            if name is None and self.sources is not None:
                found = self.sources.publication()
            elif name is None:
                found = graph_of(self.published)
            else:
                found = graph_of(self.graph(name), layer_iri(name) if "/" not in name else name)
            if self.sources is None:
                for prefix, namespace in sorted(self.prefixes.items()):
                    found.bind(prefix, namespace, override=True, replace=True)
            self._rdflib[name] = found
        return found


def _graph_iri(quad: pyoxigraph.Quad) -> str:
    """The IRI of a quad's named graph (``""`` for the default graph: the publication holds none)."""
    graph = quad.graph_name
    return graph.value if isinstance(graph, pyoxigraph.NamedNode) else ""


def layer_iri(name: str) -> str:
    """The graph IRI of a layer name (``void``: the VoID/DCAT description of ``mgo.trig``)."""
    if name == "void":
        return VOID_GRAPH
    return layer(name).graph_iri


_LOADED: dict[tuple[Any, ...], Publication] = {}
