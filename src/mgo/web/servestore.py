"""The on-disk Oxigraph stores ``mgo serve`` reads: built once from ``dist/``, opened read-only at each start.

Why on disk: precomputing every document in memory cost 110 s and 9.3 GB at 2.9M triples (issue #12, item
12), while an Oxigraph store opened read-only is ready in milliseconds and lets the operating system's page
cache hold what is used. Two stores, side by side in one folder (``--store``, default ``.DIST-store`` beside
the built folder), rebuilt when the files of ``dist/`` change (sizes and modification times, recorded in
``meta.json``):

* ``sparql/``: what ``/sparql`` queries: every named graph of ``dist/mgo.trig`` and ``dist/mgo.ttl`` as the
  default graph (:mod:`mgo.pipeline.publication` says why the default graph is a copy and not a union).
* ``documents/``: the triples the site's per-IRI documents are made of (the site's index: ``mgo.nt`` or
  ``mgo.ttl``, plus ``void.ttl``), so that a document made on demand has the bytes of the site's file
  (:class:`StoreIndex` feeds the one document builder, :mod:`mgo.web.site.documents`). Oxigraph keeps numbers,
  booleans and dates *by value* (``"05"^^xsd:nonNegativeInteger`` comes back as ``"5"^^xsd:integer``), so
  every typed literal is stored under a private datatype that holds the real one
  (:data:`LEXICAL`), and decoded when read; blank nodes are kept as IRIs (:data:`BLANK`), since Oxigraph's
  loaders relabel them. This store is never queried with SPARQL. It is loaded by Oxigraph's bulk loader
  from ``mgo.nt`` rewritten as bytes (:func:`_load_ntriples_lexical`), not triple by triple in Python.

The queries of ``/sparql`` run in worker processes (:mod:`mgo.web.query_pool`), each opening ``sparql/``
read-only; the server process opens ``documents/`` read-only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from mgo.errors import MissingFileError, SyntaxProblem
from mgo.query.remote import published_graphs, query_json
from mgo.rdf.narrow import solutions
from mgo.terms import BASE, ONTOLOGY_IRI
from mgo.web.site import documents
from mgo.web.site.documents import clean_prefixes
from mgo.web.site.rdf import _PLAIN_DATATYPES, Blank, Iri, Lit, term_key

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.web.site.rdf import Node, Term

STORE_FORMAT = 2
#: the private datatype namespace under which typed literals keep their lexical form in ``documents/``
LEXICAL = "urn:x-mgo:lexical:"
#: blank nodes are kept in ``documents/`` as IRIs under this namespace, their labels intact: Oxigraph's
#: loaders relabel blank nodes, and the site's N-Triples documents show the labels of ``mgo.nt``
BLANK = "urn:x-mgo:blank:"
#: the files of dist/ the stores are made of; a change to any of them rebuilds the stores
SOURCES = ("mgo.trig", "mgo.ttl", "mgo.nt", "void.ttl")
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
RDFS_IS_DEFINED_BY = "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"


def default_location(dist: Path) -> Path:
    """``.dist-store`` beside ``dist``: outside the published folder, which stays as the build wrote it.

    Links are not resolved: ``dist`` is a link to its current generation (:mod:`mgo.pipeline.publish`), and the
    store belongs beside the name, not inside the generations' folder (which each build cleans)."""
    absolute = Path(os.path.abspath(dist))
    return absolute.parent / f".{absolute.name}-store"


def _fingerprint(dist: Path) -> dict[str, list[int]]:
    found = {}
    for name in SOURCES:
        path = dist / name
        if path.is_file():
            stat = path.stat()
            found[name] = [stat.st_size, stat.st_mtime_ns]
    return found


@dataclass
class ServeStore:
    """The two opened stores and what ``/health`` and the service description say about them."""

    location: Path
    documents: pyoxigraph.Store
    prefixes: dict[str, str] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    version: str | None = None

    @property
    def sparql_path(self) -> Path:
        return self.location / "sparql"

    def has_resource(self, iri: str) -> bool:

        for _ in self.documents.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()):
            return True
        return False

    def index(self) -> StoreIndex:
        return StoreIndex(self.documents, self.prefixes)


def open_store(dist: Path, location: Path | None = None, *, log: Any = None) -> ServeStore:
    """The stores of ``dist`` at ``location``, built first when missing or older than ``dist``'s files."""

    location = location or default_location(dist)
    sources = _fingerprint(dist)
    wanted = {"format": STORE_FORMAT, "sources": sources}
    if "mgo.trig" not in sources or "mgo.ttl" not in sources:
        raise MissingFileError(
            f"no built publication in {dist}: mgo.trig or mgo.ttl is missing", hint="run 'mgo build'"
        )
    meta_path = location / "meta.json"
    meta: dict[str, Any] | None = None
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = None
    if meta is None or {k: meta.get(k) for k in wanted} != wanted:
        if log is not None:
            print(f"building the store of {dist} in {location} (once; rebuilt when dist/ changes)", file=log)
        meta = build_store(dist, location)
    return ServeStore(
        location=location,
        documents=ox.Store.read_only(str(location / "documents")),
        prefixes=meta["prefixes"],
        graphs=meta["graphs"],
        triples=meta["triples"],
        version=meta["version"],
    )


def _encode(term: Any) -> Any:

    if isinstance(term, ox.Literal) and term.language is None:
        datatype = term.datatype.value
        if datatype != "http://www.w3.org/2001/XMLSchema#string":
            return ox.Literal(term.value, datatype=ox.NamedNode(LEXICAL + datatype))
    return term


def _parse_into(store: pyoxigraph.Store, path: Path, blank_prefix: str = "") -> dict[str, str]:
    """Add the triples of ``path`` to the default graph of ``store`` (typed literals encoded); its prefixes."""

    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    parser = ox.parse(path=str(path), format=fmt)
    default = ox.DefaultGraph()

    def quads() -> Any:
        for quad in parser:
            s, o = quad.subject, quad.object
            if isinstance(s, ox.BlankNode):
                s = ox.NamedNode(BLANK + blank_prefix + s.value)
            if isinstance(o, ox.BlankNode):
                o = ox.NamedNode(BLANK + blank_prefix + o.value)
            yield ox.Quad(s, quad.predicate, _encode(o), default)

    try:
        store.bulk_extend(quads())
    except SyntaxError as exc:
        raise SyntaxProblem(f"{path.name} is not valid: {exc.msg}", file=path, line=exc.lineno) from None
    return dict(parser.prefixes) if fmt != ox.RdfFormat.N_TRIPLES else {}


#: the object of an N-Triples line that is a typed literal (not xsd:string, which Oxigraph keeps as it is):
#: its closing quote, datatype and the line's end. Anchored at the end of the line, so a ``"^^<`` inside a
#: literal (where N-Triples escapes the quote) is never taken for it. Blank nodes likewise: a subject at the
#: start of a line, an object right before its end.
_TYPED_OBJECT = re.compile(rb'"\^\^<(?!http://www\.w3\.org/2001/XMLSchema#string>)([^<>"\s]*)> \.(?=\r?$)', re.M)
_BLANK_SUBJECT = re.compile(rb"^_:(\S+) ", re.M)
_BLANK_OBJECT = re.compile(rb" _:(\S+) \.(?=\r?$)", re.M)


def _load_ntriples_lexical(store: pyoxigraph.Store, path: Path) -> None:
    """:func:`_parse_into` for an N-Triples file, at Rust speed.

    The file is rewritten as bytes (one regular expression over the whole text, every typed literal's
    datatype put under :data:`LEXICAL`, every blank node made an IRI under :data:`BLANK`) and handed to
    Oxigraph's bulk loader: no Python object per triple (~3M triples in seconds, where the per-triple pass
    took minutes). The same triples as :func:`_parse_into` writes (``tests/integration/test_serve.py``).
    """

    data = _TYPED_OBJECT.sub(rb'"^^<' + LEXICAL.encode() + rb"\1> .", path.read_bytes())
    data = _BLANK_SUBJECT.sub(b"<" + BLANK.encode() + rb"\1> ", data)
    data = _BLANK_OBJECT.sub(b" <" + BLANK.encode() + rb"\1> .", data)
    try:
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    except SyntaxError as exc:
        raise SyntaxProblem(f"{path.name} is not valid: {exc.msg}", file=path, line=exc.lineno) from None


def build_store(dist: Path, location: Path) -> dict[str, Any]:
    """Build both stores of ``dist`` into ``location`` (written beside it, then swapped in); the metadata."""

    location.parent.mkdir(parents=True, exist_ok=True)
    fingerprint = _fingerprint(dist)
    staging = Path(tempfile.mkdtemp(prefix=f"{location.name}.tmp-", dir=location.parent))
    try:
        sparql = ox.Store(str(staging / "sparql"))
        try:
            sparql.bulk_load(path=str(dist / "mgo.trig"), format=ox.RdfFormat.TRIG)
            sparql.bulk_load(path=str(dist / "mgo.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise SyntaxProblem(f"dist/ is not valid RDF: {exc.msg}", file=dist, line=exc.lineno) from None
        graphs = {}
        by_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        for row in solutions(sparql.query(by_graph)):
            graphs[row["g"].value] = int(row["n"].value)
        triples = int(next(iter(solutions(sparql.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))))["n"].value)
        version = None
        for row in solutions(sparql.query(f"SELECT ?v WHERE {{ <{BASE}def> <{OWL_VERSION_INFO}> ?v }} LIMIT 1")):
            version = row["v"].value
        sparql.flush()
        del sparql
        documents = ox.Store(str(staging / "documents"))
        # the site's index (mgo.web.site._index_from): the publication file, then void.ttl with "void-" blank nodes
        if (dist / "mgo.nt").is_file():
            _load_ntriples_lexical(documents, dist / "mgo.nt")
            prefixes: dict[str, str] = {}
        else:
            prefixes = _parse_into(documents, dist / "mgo.ttl")
        if (dist / "void.ttl").is_file():
            prefixes = {**_parse_into(documents, dist / "void.ttl", "void-"), **prefixes}
        documents.flush()
        del documents
        meta = {
            "format": STORE_FORMAT,
            "sources": fingerprint,
            "prefixes": clean_prefixes(prefixes),
            "graphs": graphs,
            "triples": triples,
            "version": version,
        }
        (staging / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
        old = None
        if location.exists():
            old = location.parent / f"{location.name}.old-{os.getpid()}"
            location.rename(old)
        staging.rename(location)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return meta
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def site_prefixes(dist: Path | None) -> dict[str, str]:
    """The prefixes the site's documents declare: those of the publication file and ``void.ttl``, cleaned."""

    found: dict[str, str] = {}
    if dist is not None:
        publication = dist / "mgo.nt" if (dist / "mgo.nt").is_file() else dist / "mgo.ttl"
        for path in (dist / "void.ttl", publication):
            if path.is_file() and path.suffix == ".ttl":
                parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                for _ in parser:
                    pass
                found.update(parser.prefixes)
    return clean_prefixes(found)


class StoreIndex:
    """The read interface of :class:`mgo.web.site.rdf.Index` over ``documents/``, for one document at a time.

    Lookups go to the store (and are remembered for the life of this object, one request); object lists are
    sorted by :func:`mgo.web.site.rdf.term_key`, as the in-memory index sorts them, so the document builder
    writes the same bytes from either.
    """

    def __init__(self, store: pyoxigraph.Store, prefixes: dict[str, str]) -> None:
        self._store = store
        self.prefixes = prefixes
        self._out: dict[Node, dict[str, list[Term]]] = {}

    @staticmethod
    def _to_store(term: Term) -> Any:

        if isinstance(term, Iri):
            return ox.NamedNode(term.value)
        if isinstance(term, Blank):
            return ox.NamedNode(BLANK + term.id)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(LEXICAL + term.datatype))
        return ox.Literal(term.value)

    @staticmethod
    def _from_store(term: Any) -> Term:

        if isinstance(term, ox.NamedNode):
            if term.value.startswith(BLANK):
                return Blank(term.value[len(BLANK) :])
            return Iri(term.value)
        if isinstance(term, ox.BlankNode):
            return Blank(term.value)
        if term.language:
            return Lit(term.value, term.language, "")
        datatype = term.datatype.value
        if datatype.startswith(LEXICAL):
            return Lit(term.value, "", datatype[len(LEXICAL) :])
        return Lit(term.value, "", "")

    def properties(self, s: Node) -> dict[str, list[Term]]:

        found = self._out.get(s)
        if found is None:
            grouped: dict[str, set[Term]] = {}
            for quad in self._store.quads_for_pattern(self._to_store(s), None, None, ox.DefaultGraph()):
                grouped.setdefault(quad.predicate.value, set()).add(self._from_store(quad.object))
            found = self._out[s] = {p: sorted(objects, key=term_key) for p, objects in grouped.items()}
        return found

    def objects(self, s: Node, p: str) -> list[Term]:
        return self.properties(s).get(p, [])

    def literals(self, s: Node, p: str) -> list[Any]:

        return [o for o in self.objects(s, p) if isinstance(o, Lit)]

    def subjects_of(self, p: str, o: Term) -> list[Node]:

        found = {
            self._from_store(quad.subject)
            for quad in self._store.quads_for_pattern(None, ox.NamedNode(p), self._to_store(o), ox.DefaultGraph())
        }
        return sorted(found, key=term_key)  # type: ignore[arg-type]


def describe(index: StoreIndex | RemoteIndex, iri: str) -> Any:
    """What the documents of ``iri`` say (the site's builder), before it is written in any format."""

    return documents.describe(index, Iri(iri), ontology=ONTOLOGY_IRI)  # type: ignore[arg-type]


def document(index: StoreIndex | RemoteIndex, iri: str, ext: str, description: Any = None) -> bytes:
    """The document ``ext`` of ``iri``, made by the site's builder: the bytes of the site's file.

    ``description``: what :func:`describe` gave for ``iri`` (its four documents share one)."""
    if description is None:
        description = describe(index, iri)
    if ext == "ttl":
        return documents.turtle(description, index.prefixes).encode()
    if ext == "jsonld":
        return documents.jsonld(description, index.prefixes).encode()
    if ext == "nt":
        return documents.ntriples(description).encode()
    if ext == "rdf":
        return documents.rdfxml(description, index.prefixes).encode()
    raise ValueError(f"not a document format: {ext}")


# --- in front of any SPARQL 1.1 store (mgo serve --endpoint URL) ---------------------------------------------

#: how deep a document follows blank nodes in one query (the publication nests them at most three deep)
REMOTE_BLANK_DEPTH = 4


@dataclass
class RemoteStore:
    """The same interface as :class:`ServeStore`, over a SPARQL endpoint loaded with ``mgo load``.

    Queries name the published layers with ``FROM`` (:func:`mgo.query.remote.published_graphs`), the portable
    way to query their union on every store. A store that keeps literals by value (Oxigraph) gives
    ``"30"^^xsd:integer`` where the file says ``"0030"^^xsd:nonNegativeInteger``: the graph is the same,
    those bytes are not.
    """

    endpoint: str
    credentials: Any = None
    graphs: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    version: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def connect(cls, endpoint: str, credentials: Any = None, dist: Path | None = None) -> RemoteStore:
        store = cls(endpoint, credentials, prefixes=site_prefixes(dist))
        rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        store.triples = int(rows[0]["n"]["value"]) if rows else 0
        for row in store.select(f"SELECT ?v WHERE {{ <{BASE}def> <{OWL_VERSION_INFO}> ?v }} LIMIT 1"):
            store.version = row["v"]["value"]
        return store

    @property
    def sparql_path(self) -> Path:  # pragma: no cover - there is no local store to open
        raise AttributeError("a remote store has no local path")

    def _from(self) -> str:

        return " ".join(f"FROM <{graph}>" for graph in (*published_graphs(), BASE + "graph/void"))

    def select(self, text: str) -> list[dict[str, Any]]:

        data = query_json(self.endpoint, text, credentials=self.credentials, timeout=30)
        return list(data.get("results", {}).get("bindings", []))

    def has_resource(self, iri: str) -> bool:

        text = f"ASK {self._from()} WHERE {{ <{iri}> ?p ?o }}"
        return bool(query_json(self.endpoint, text, credentials=self.credentials, timeout=30).get("boolean"))

    def index(self) -> RemoteIndex:
        return RemoteIndex(self)


class RemoteIndex:
    """:class:`StoreIndex` over a SPARQL endpoint: one query per described IRI (its blank nodes included)."""

    def __init__(self, store: RemoteStore) -> None:
        self._store = store
        self.prefixes = store.prefixes
        self._out: dict[Any, dict[str, set[Any]]] = {}
        self._loaded: set[str] = set()
        self._queries = 0

    def _term(self, value: dict[str, str]) -> Any:

        kind = value["type"]
        if kind == "uri":
            return Iri(value["value"])
        if kind == "bnode":
            return Blank(f"q{self._queries}-{value['value']}")  # labels hold within one result only
        datatype = value.get("datatype", "")
        return Lit(value["value"], value.get("xml:lang", ""), "" if datatype in _PLAIN_DATATYPES else datatype)

    def _load(self, iri: str) -> None:
        self._loaded.add(iri)
        self._queries += 1
        branches = [f"{{ BIND(<{iri}> AS ?s) <{iri}> ?p ?o }}"]
        for depth in range(1, REMOTE_BLANK_DEPTH + 1):
            steps = []
            previous = f"<{iri}>"
            for level in range(1, depth + 1):
                steps.append(f"{previous} ?p{level} ?b{level} . FILTER(isBlank(?b{level}))")
                previous = f"?b{level}"
            branches.append("{ " + " ".join(steps) + f" ?b{depth} ?p ?o . BIND(?b{depth} AS ?s) }}")
        text = f"SELECT ?s ?p ?o {self._store._from()} WHERE {{ {' UNION '.join(branches)} }}"
        for row in self._store.select(text):
            subject = self._term(row["s"])
            self._out.setdefault(subject, {}).setdefault(row["p"]["value"], set()).add(self._term(row["o"]))

    def properties(self, s: Any) -> dict[str, list[Any]]:

        if isinstance(s, Iri) and s.value not in self._loaded:
            self._load(s.value)
        return {p: sorted(objects, key=term_key) for p, objects in self._out.get(s, {}).items()}

    def objects(self, s: Any, p: str) -> list[Any]:
        return self.properties(s).get(p, [])

    def literals(self, s: Any, p: str) -> list[Any]:

        return [o for o in self.objects(s, p) if isinstance(o, Lit)]

    def subjects_of(self, p: str, o: Any) -> list[Any]:

        if not isinstance(o, Iri):
            return []
        rows = self._store.select(f"SELECT DISTINCT ?s {self._store._from()} WHERE {{ ?s <{p}> <{o.value}> }}")
        return sorted((self._term(row["s"]) for row in rows if row["s"]["type"] == "uri"), key=term_key)
