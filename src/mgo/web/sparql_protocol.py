"""The SPARQL 1.1 Protocol, read-only: from an HTTP request to a query job, and from a job to a response.

Spec: https://www.w3.org/TR/sparql11-protocol/ (section 2.1, query operation):

* ``GET /sparql?query=…`` (2.1.1), ``POST`` with ``application/x-www-form-urlencoded`` (2.1.2) and ``POST``
  with ``application/sparql-query`` (2.1.3); ``default-graph-uri`` / ``named-graph-uri`` set the dataset
  (in the URL, or in the form body). Without them the default graph is the publication (``dist/mgo.ttl``)
  and every layer is a named graph (:mod:`mgo.pipeline.publication`).
* Results are negotiated on ``Accept`` (:mod:`mgo.web.negotiate`): SELECT/ASK as SPARQL results JSON, XML, CSV
  or TSV; CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples or RDF/XML. The non-standard ``format``/
  ``output`` parameters some clients add (SPARQLWrapper sends both) are ignored, on purpose: ``Accept``
  is the one switch.
* The endpoint is read-only. An ``update`` parameter, an ``application/sparql-update`` body, or a query text
  that is an update operation is refused with ``403`` and says so (section 2.2 is not offered).
* The endpoint never makes an outbound request. pyoxigraph evaluates ``SERVICE <url>`` (SPARQL 1.1 Federated
  Query) by fetching the URL, which on a public endpoint is a server-side request forgery: anyone could make
  the server read a service on its own loopback or network and relay the answer. A query with ``SERVICE`` is
  refused with ``400`` before it reaches the store (:func:`fetches`). ``LOAD`` is an update (``403``);
  ``FROM``/``FROM NAMED`` only name graphs of the store (Oxigraph never fetches them; the hostile-request tests
  hold a listener on loopback to prove it).

This module is pure (no sockets, no processes): :func:`parse_request` turns the request parts into a
:class:`QueryJob` or raises :class:`HttpError`; :func:`execute` runs a job on a store and is what each
query worker process (:mod:`mgo.web.query_pool`) calls; :func:`service_description` describes the endpoint
(https://www.w3.org/TR/sparql11-service-description/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl

import pyoxigraph

from mgo.terms import DATASET_IRI, VOID
from mgo.web import negotiate

if TYPE_CHECKING:
    import pyoxigraph

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

#: SELECT and ASK, in the server's preference order; (media type, pyoxigraph QueryResultsFormat name)
RESULTS_FORMATS: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
)
RESULTS_ALIASES = {"application/json": "JSON", "application/xml": "XML", "text/xml": "XML"}
#: CONSTRUCT and DESCRIBE; (media type, pyoxigraph RdfFormat name)
GRAPH_FORMATS: tuple[tuple[str, str], ...] = (
    ("text/turtle", "TURTLE"),
    ("application/ld+json", "JSON_LD"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/rdf+xml", "RDF_XML"),
)
GRAPH_ALIASES = {
    "application/x-turtle": "TURTLE",
    "application/json": "JSON_LD",
    "application/xml": "RDF_XML",
}
CANONICAL_TYPE = {name: media for media, name in RESULTS_FORMATS + GRAPH_FORMATS}

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PROLOGUE = re.compile(r"^\s*(?:(?:BASE|PREFIX\s+[^\s:]*:)\s*\S*\s*)*", re.IGNORECASE)
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class HttpError(Exception):
    """A request we answer with a 4xx/5xx status and a short plain-text message (never a traceback)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query request (picklable: it crosses a process boundary)."""

    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A worker's reply: an HTTP status, a content type and a body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: CPU seconds the store took to answer (measured where it ran; 0 when not measured)
    elapsed: float = 0.0


def decode_params(text: str) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` pairs; bad percent-encoding or non-UTF-8 is a 400."""
    if _BAD_PERCENT.search(text):
        raise HttpError(400, "malformed percent-encoding in the request (a '%' must be followed by two hex digits)")
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "the request parameters are not valid UTF-8 after percent-decoding") from None


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update rather than a query (its first keyword after the prologue)."""
    bare = _STRINGS_IRIS_COMMENTS.sub(lambda m: " " if m.group(0).startswith("#") else " <> ", _unescape(text))
    rest = _PROLOGUE.sub("", bare, count=1)
    match = re.match(r"\s*([A-Za-z]+)", rest)
    return match is not None and match.group(1).upper() in _UPDATE_KEYWORDS


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: the keyword as a token: not a variable (``?service``), not part of a prefixed name (``ex:service``,
#: ``service:x``) nor of a longer word
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)


def _unescape(text: str) -> str:
    """The query after SPARQL's codepoint escapes (``\\u0053``; SPARQL 1.1, 19.2), as a parser may apply them."""

    def char(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT_ESCAPE.sub(char, text)


def fetches(text: str) -> bool:
    """True when the query would make the server fetch a URL: it has a ``SERVICE`` clause.

    Conservative on purpose: strings, IRIs and comments are removed first (a label saying "service" is
    fine), codepoint escapes are applied first (``\\u0053ERVICE`` is caught too); anything else that reads
    as the keyword is refused, since a false refusal costs a 400 and a miss costs an outbound request.
    """
    bare = _STRINGS_IRIS_COMMENTS.sub(lambda m: " " if m.group(0).startswith("#") else " <> ", _unescape(text))
    return bool(_SERVICE.search(bare))


def _refuse_service() -> HttpError:
    return HttpError(
        400,
        "SERVICE is not allowed: this public endpoint never makes outbound requests (a federated query would let "
        "anyone make this server fetch any URL). Run federated queries on a store of your own: load the "
        "publication with 'mgo load', or query dist/mgo.trig locally",
    )


def _refuse_update() -> HttpError:
    return HttpError(
        403,
        "this SPARQL endpoint is read-only: updates are not accepted. The publication is loaded from dist/ "
        "at startup; to change it, edit the sources and run 'mgo build'",
    )


def parse_request(method: str, query_string: str, content_type: str | None, body: bytes | None) -> QueryJob | None:
    """The query job of a ``/sparql`` request, or ``None`` for a plain ``GET`` (the service description)."""
    params = decode_params(query_string)
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if method == "POST":
        if media == FORM:
            try:
                text = (body or b"").decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError(400, "the form body is not UTF-8") from None
            params += decode_params(text)
        elif media == DIRECT:
            if any(name == "query" for name, _ in params):
                raise HttpError(400, "give the query either in the body or as 'query=', not both")
            try:
                params.append(("query", (body or b"").decode("utf-8")))
            except UnicodeDecodeError:
                raise HttpError(400, "the query in the body is not UTF-8") from None
        elif media == UPDATE:
            raise _refuse_update()
        else:
            raise HttpError(
                415,
                f"POST a query as {FORM} (query=…) or as {DIRECT}; got Content-Type {media or '(none)'}",
            )
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise _refuse_update()
    queries = [value for name, value in params if name == "query"]
    if not queries:
        if method == "GET" and not params:
            return None
        raise HttpError(400, "missing 'query' parameter (see https://www.w3.org/TR/sparql11-protocol/#query-operation)")
    if len(queries) > 1:
        raise HttpError(400, "more than one 'query' parameter")
    if not queries[0].strip():
        raise HttpError(400, "the query is empty")
    if is_update(queries[0]):
        raise _refuse_update()
    if fetches(queries[0]):
        raise _refuse_service()
    return QueryJob(
        query=queries[0],
        default_graphs=tuple(value for name, value in params if name == "default-graph-uri"),
        named_graphs=tuple(value for name, value in params if name == "named-graph-uri"),
    )


class ResultTooLarge(Exception):
    """Raised by :class:`LimitedBuffer` when a result passes the size limit."""


class LimitedBuffer:
    """A binary sink for pyoxigraph's serializers that stops the serialisation past ``limit`` bytes.

    The results of pyoxigraph are lazy iterators, so raising from ``write`` also stops the evaluation:
    a query with a huge result costs at most ``limit`` bytes of memory and the time to produce them.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _choose(accept: str | None, formats: tuple[tuple[str, str], ...], aliases: dict[str, str]) -> str | None:
    offers = [media for media, _ in formats] + list(aliases)
    chosen = negotiate.choose(accept, offers)
    if chosen is None:
        return None
    return dict(formats).get(chosen) or aliases[chosen]


def _iri_list(values: tuple[str, ...]) -> list[pyoxigraph.NamedNode]:

    nodes = []
    for value in values:
        try:
            nodes.append(pyoxigraph.NamedNode(value))
        except ValueError:
            raise HttpError(400, f"not an absolute IRI: {value[:200]!r}") from None
    return nodes


def _one_line(text: str, limit: int = 300) -> str:
    """A message as one short line: pyoxigraph's syntax errors span lines and list every expected token."""
    line = " ".join(text.split()) or "no details"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _too_large(limit: int) -> Answer:
    return Answer(
        413,
        "text/plain; charset=utf-8",
        (
            f"the result is larger than this server's limit of {limit} bytes; "
            "ask for less (add LIMIT, or select fewer variables)\n"
        ).encode(),
    )


def execute(store: pyoxigraph.Store, job: QueryJob, *, max_result_bytes: int) -> Answer:
    """Run ``job`` on ``store`` and serialise the result as negotiated; errors become 4xx answers."""

    # the element types Store.query takes (its lists are invariant: a list[NamedNode] is not one of them)
    default_graph: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] | None
    named_graphs: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] | None
    try:
        default_graph = list(_iri_list(job.default_graphs)) or None
        named_graphs = list(_iri_list(job.named_graphs)) or None
    except HttpError as exc:
        return Answer(exc.status, "text/plain; charset=utf-8", (exc.message + "\n").encode())
    try:
        if default_graph is None and named_graphs is None:
            result = store.query(job.query)
        else:
            # a dataset given in the protocol replaces the whole default dataset (SPARQL 1.1 Protocol 2.1.4)
            result = store.query(job.query, default_graph=default_graph or [], named_graphs=named_graphs or [])
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"SPARQL syntax error: {_one_line(str(exc))}\n".encode())
    except (OSError, ValueError, RuntimeError) as exc:  # an evaluation error raised before the first result
        return Answer(400, "text/plain; charset=utf-8", f"the query failed: {_one_line(str(exc))}\n".encode())
    if isinstance(result, pyoxigraph.QueryTriples):
        name = _choose(job.accept, GRAPH_FORMATS, GRAPH_ALIASES)
        offered = [media for media, _ in GRAPH_FORMATS]
    else:
        name = _choose(job.accept, RESULTS_FORMATS, RESULTS_ALIASES)
        offered = [media for media, _ in RESULTS_FORMATS]
    if name is None:
        return Answer(
            406,
            "text/plain; charset=utf-8",
            f"no accepted media type can carry this result; available: {', '.join(offered)}\n".encode(),
        )
    sink = LimitedBuffer(max_result_bytes)
    try:
        # pyoxigraph's stub asks for an IO[bytes]; pyoxigraph only calls write() (and flush()) on the sink
        if isinstance(result, pyoxigraph.QueryTriples):
            result.serialize(sink, getattr(pyoxigraph.RdfFormat, name))  # type: ignore[arg-type]
        else:
            result.serialize(sink, getattr(pyoxigraph.QueryResultsFormat, name))  # type: ignore[arg-type]
    except ResultTooLarge:
        return _too_large(max_result_bytes)
    except (OSError, ValueError, RuntimeError) as exc:  # an evaluation error surfacing while the result is written
        if isinstance(exc.__cause__, ResultTooLarge) or isinstance(exc.__context__, ResultTooLarge):
            return _too_large(max_result_bytes)
        return Answer(400, "text/plain; charset=utf-8", f"the query failed: {_one_line(str(exc))}\n".encode())
    media = CANONICAL_TYPE[name]
    content_type = f"{media}; charset=utf-8" if media.startswith("text/") else media
    return Answer(200, content_type, sink.getvalue())


# --- service description ---------------------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
SD_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "N-Triples",
    "RDF_XML",
)
SD_OFFERS: tuple[tuple[str, str], ...] = GRAPH_FORMATS


class Counted(Protocol):
    """What the service description says of the data: ``Publication`` (mgo query) and ``ServeStore`` have it."""

    @property
    def triples(self) -> int: ...

    @property
    def graphs(self) -> dict[str, int]: ...


def service_description(endpoint: str, publication: Counted) -> list[pyoxigraph.Triple]:
    """The SPARQL Service Description of the endpoint at ``endpoint`` (an absolute URL)."""

    def iri(value: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(value)

    rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = iri(endpoint)
    dataset = pyoxigraph.BlankNode("dataset")
    default = pyoxigraph.BlankNode("default")
    triples = [
        pyoxigraph.Triple(service, rdf_type, iri(SD + "Service")),
        pyoxigraph.Triple(service, iri(SD + "endpoint"), service),
        pyoxigraph.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        pyoxigraph.Triple(service, iri(SD + "defaultEntailmentRegime"), iri("http://www.w3.org/ns/entailment/Simple")),
        pyoxigraph.Triple(service, iri(SD + "defaultDataset"), dataset),
        pyoxigraph.Triple(dataset, rdf_type, iri(SD + "Dataset")),
        pyoxigraph.Triple(dataset, iri("http://purl.org/dc/terms/source"), iri(DATASET_IRI)),
        pyoxigraph.Triple(dataset, iri(SD + "defaultGraph"), default),
        pyoxigraph.Triple(default, rdf_type, iri(SD + "Graph")),
        pyoxigraph.Triple(
            default,
            iri(VOID + "triples"),
            pyoxigraph.Literal(str(publication.triples), datatype=iri("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    ]
    for each in SD_FORMATS:
        triples.append(pyoxigraph.Triple(service, iri(SD + "resultFormat"), iri(FORMATS_NS + each)))
    for number, (name, size) in enumerate(publication.graphs.items()):
        named = pyoxigraph.BlankNode(f"g{number}")
        graph = pyoxigraph.BlankNode(f"g{number}graph")
        triples += [
            pyoxigraph.Triple(dataset, iri(SD + "namedGraph"), named),
            pyoxigraph.Triple(named, rdf_type, iri(SD + "NamedGraph")),
            pyoxigraph.Triple(named, iri(SD + "name"), iri(name)),
            pyoxigraph.Triple(named, iri(SD + "graph"), graph),
            pyoxigraph.Triple(graph, rdf_type, iri(SD + "Graph")),
            pyoxigraph.Triple(
                graph,
                iri(VOID + "triples"),
                pyoxigraph.Literal(str(size), datatype=iri("http://www.w3.org/2001/XMLSchema#integer")),
            ),
        ]
    return triples
