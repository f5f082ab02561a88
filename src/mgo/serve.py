"""``mgo serve``: the publication over HTTP — dereferenceable IRIs, a read-only SPARQL endpoint, downloads.

One process, one embedded pyoxigraph store loaded from the built ``dist/`` (built first when missing or
stale), never updated. Routes (``ontology/README.md`` fixes the IRI pattern):

================================  ===================================================================
``GET /concept/living-lab``       ``303 See Other`` to ``/concept/living-lab.{ext}``, negotiated on ``Accept``
                                  (or ``?format=ttl|jsonld|nt|rdf|html``); ``406`` if nothing fits
``GET /concept/living-lab.ttl``   ``200``, the resource's description (:mod:`mgo.documents`)
``/sparql``                       SPARQL 1.1 Protocol, read-only (:mod:`mgo.sparql_protocol`); ``GET`` without
                                  a query: the service description
``GET /mgo.ttl`` …                the files of ``dist/`` as downloads; a file wins over a document at the same
                                  path (``/shapes.ttl``): ``void.ttl`` publishes its size and checksum
``GET /health``                   JSON: ``ok``, ``triples``, ``version``, graphs, query workers
``GET /``                         ``303`` to ``/dataset``
================================  ===================================================================

Status codes of ``/sparql``: ``400`` malformed request or query, ``403`` an update (read-only), ``406`` no
acceptable result format, ``413`` a body over ``--max-body`` or a result over ``--max-result-bytes`` (no
silent truncation), ``415`` a POST that is neither form nor ``application/sparql-query``, ``503`` a query
stopped at ``--timeout`` or at the memory limit of its worker (the server itself stays up).

Every response allows any origin (CORS, https://fetch.spec.whatwg.org/#http-cors-protocol); ``OPTIONS``
answers preflight requests. A bad request gets a 4xx with a one-line plain-text message; nothing the
server says names a file of this machine or shows a traceback.

Why uvicorn with a bare ASGI callable (no web framework): measured on this 2-core machine with the same
client (8 concurrent keep-alive connections, precomputed bodies), uvicorn + httptools served 6.1-7.6k req/s,
stdlib ``ThreadingHTTPServer`` 4.1-4.6k (and 180 req/s until Nagle is switched off), uvicorn + Starlette
3.1-3.9k; routing here is a handful of dict lookups, so a framework adds cost and nothing else.
uvicorn is a well-kept production server (timeouts, keep-alive limits, graceful shutdown) — the Python
docs advise against ``http.server`` in production. Queries run in worker processes (:mod:`mgo.query_pool`)
so that a slow query can be killed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import unquote_to_bytes

from mgo import negotiate
from mgo.documents import (
    BY_EXT,
    DOC_FORMATS,
    EXT_OF_OFFER,
    OFFERS,
    Resource,
    build_documents,
    local_path,
    serialize,
    url_path,
)
from mgo.embedded import add_dist_arguments, built_dist
from mgo.errors import EXIT_OK, UsageError
from mgo.project import DATASET_IRI
from mgo.sparql_protocol import (
    SD_OFFERS,
    HttpError,
    QueryJob,
    decode_params,
    parse_request,
    service_description,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from mgo.embedded import Publication
    from mgo.query_pool import QueryPool

    Scope = dict[str, Any]
    Receive = Callable[[], Awaitable[dict[str, Any]]]
    Send = Callable[[dict[str, Any]], Awaitable[None]]

log = logging.getLogger("mgo.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY = 2**20  # 1 MiB: far more than any query text
BODY_TIMEOUT = 10.0  # seconds for a POST body to arrive (a client trickling bytes holds no slot for ever)
#: requests being answered at once (not connections: idle sockets are bounded by :mod:`mgo.bounded_http`);
#: past it a request gets 503 at once instead of queueing without end
MAX_IN_FLIGHT = 1024
TEXT = "text/plain; charset=utf-8"
DOWNLOAD_TYPES = {
    ".ttl": "text/turtle; charset=utf-8",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
}
SD_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_COMMON = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Link, Location, Content-Location, Vary"),
    (b"x-content-type-options", b"nosniff"),
]
_PREFLIGHT = [
    (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, Content-Type"),
    (b"access-control-max-age", b"86400"),
]
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


def _text(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"), TEXT, headers or [])


@dataclass
class Site:
    """Everything the server answers without running a query, computed once at startup."""

    publication: Publication
    resources: dict[str, Resource]
    #: document path (``/concept/x.ttl``) -> (resource, extension)
    documents: dict[str, tuple[Resource, str]]
    #: download path (``/mgo.ttl``) -> (bytes, content type)
    downloads: dict[str, tuple[bytes, str]]

    @classmethod
    def load(cls, dist: Path) -> Site:
        from mgo.embedded import load_publication

        publication = load_publication(dist)
        resources = build_documents(publication)
        documents = {
            resource.document_path(ext): (resource, ext)
            for resource in resources.values()
            for ext in resource.documents
        }
        downloads = {}
        for path in sorted(dist.iterdir()):
            media = DOWNLOAD_TYPES.get(path.suffix)
            if path.is_file() and media and not path.name.startswith("."):
                downloads["/" + path.name] = (path.read_bytes(), media)
        for clash in sorted(set(downloads) & set(documents)):
            log.warning(
                "%s is both a file of dist/ and the %s document of <%s>; serving the file, whose size and "
                "checksum the dataset description publishes",
                clash,
                documents[clash][1],
                documents[clash][0].iri,
            )
        return cls(publication=publication, resources=resources, documents=documents, downloads=downloads)


class App:
    """The ASGI application (https://asgi.readthedocs.io/en/latest/specs/www.html)."""

    def __init__(self, site: Site, pool: QueryPool, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.site = site
        self.pool = pool
        self.max_body = max_body
        self._sd_cache: dict[tuple[str, str], bytes] = {}
        self.started = False
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if self.in_flight >= MAX_IN_FLIGHT:
            await self._send(send, _text(503, "the server is busy; try again in a moment", [("Retry-After", "1")]))
            return
        self.in_flight += 1
        try:
            response = await self.handle(scope, receive)
        except HttpError as exc:
            response = _text(exc.status, exc.message, list(exc.headers.items()))
        except Exception:
            log.exception("internal error while answering %s", scope.get("method"))
            response = _text(500, "internal server error")
        finally:
            self.in_flight -= 1
        if response is not None:  # None: the client left before the answer was ready
            await self._send(send, response)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.pool.start()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                self.started = True
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _send(send: Send, response: Response) -> None:
        headers = list(_COMMON)
        if response.content_type:
            headers.append((b"content-type", response.content_type.encode("latin-1")))
        headers.append((b"content-length", str(len(response.body)).encode()))
        for name, value in response.headers:
            headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    # --- routing -------------------------------------------------------------------------------------

    async def handle(self, scope: Scope, receive: Receive) -> Response | None:
        method: str = scope["method"]
        raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        raw = raw.split(b"?", 1)[0]
        if _BAD_PERCENT.search(raw):
            raise HttpError(400, "malformed percent-encoding in the path")
        try:
            path = unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the path is not valid UTF-8 after percent-decoding") from None
        query_string = scope.get("query_string", b"").decode("latin-1")
        headers = _headers(scope)
        if method == "OPTIONS":
            return Response(204, headers=[(n.decode(), v.decode()) for n, v in _PREFLIGHT])
        if path == "/sparql":
            if method not in ("GET", "HEAD", "POST"):
                raise HttpError(
                    405, f"{method} is not allowed on /sparql", headers={"Allow": "GET, HEAD, POST, OPTIONS"}
                )
            return await self.sparql(scope, receive, method, query_string, headers)
        if method not in ("GET", "HEAD"):
            raise HttpError(
                405,
                f"{method} is not allowed here; this server is read-only",
                headers={"Allow": "GET, HEAD, OPTIONS"},
            )
        if path == "/health":
            return self.health()
        if path == "/":
            return Response(303, b"", None, [("Location", url_path(local_path(DATASET_IRI)))])
        resource = self.site.resources.get(path)
        if resource is not None:
            return self.negotiate(resource, headers.get("accept"), query_string)
        download = self.site.downloads.get(path)
        if download is not None:  # before documents: a download URL must give the file void.ttl describes
            return Response(200, download[0], download[1], [("Content-Location", url_path(path))])
        document = self.site.documents.get(path)
        if document is not None:
            return self.document(*document)
        raise HttpError(404, f"not found: no resource or document at {path[:300]}")

    def negotiate(self, resource: Resource, accept: str | None, query_string: str) -> Response:
        params = dict(decode_params(query_string))
        links = [("Link", resource.link), ("Vary", "Accept")]
        wanted = params.get("format")
        if wanted is not None:
            if wanted not in BY_EXT:
                raise HttpError(400, f"unknown format {wanted[:40]!r}; use one of: {', '.join(BY_EXT)}")
            ext = wanted
        else:
            offer = negotiate.choose(accept, OFFERS)
            if offer is None:
                available = ", ".join(f.media_type for f in DOC_FORMATS)
                return _text(406, f"none of the accepted media types is available; available: {available}", links)
            ext = EXT_OF_OFFER[offer]
        location = url_path(resource.document_path(ext))
        body = f"See Other: {location}\n".encode()
        # no Content-Location: the content of this message is the note above, not the document (RFC 9110,
        # 8.7); the 200 response of the document carries it
        return Response(303, body, TEXT, [("Location", location), *links])

    def document(self, resource: Resource, ext: str) -> Response:
        doc_format = BY_EXT[ext]
        headers = [("Content-Location", url_path(resource.document_path(ext))), ("Link", resource.link)]
        if ext == "html":
            headers.append(("Content-Security-Policy", HTML_POLICY))
        return Response(200, resource.documents[ext], doc_format.content_type, headers)

    def health(self) -> Response:
        publication = self.site.publication
        ok = self.started and self.pool.alive > 0
        body = {
            "ok": ok,
            "triples": publication.triples,
            "version": publication.version,
            "graphs": publication.graphs,
            "resources": len(self.site.resources),
            "query_workers": self.pool.alive,
            "queries_stopped_at_timeout": self.pool.timeouts,
            "queries_cancelled": self.pool.cancelled,
        }
        data = json.dumps(body, indent=2, sort_keys=True).encode() + b"\n"
        return Response(200 if ok else 503, data, "application/json")

    # --- SPARQL --------------------------------------------------------------------------------------

    async def sparql(
        self, scope: Scope, receive: Receive, method: str, query_string: str, headers: dict[str, str]
    ) -> Response | None:
        import asyncio  # loaded by uvicorn already; not at the top, for the start-up time of 'mgo --help'

        body = None
        if method == "POST":
            try:
                body = await asyncio.wait_for(self._body(receive, headers), BODY_TIMEOUT)
            except TimeoutError:
                raise HttpError(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s") from None
        job = parse_request(method, query_string, headers.get("content-type"), body)
        if job is None:
            return self.service_description(scope, headers)
        job = QueryJob(job.query, headers.get("accept"), job.default_graphs, job.named_graphs)
        client = (scope.get("client") or ("", 0))[0]
        query = asyncio.ensure_future(self.pool.run(job, client))
        left = asyncio.ensure_future(_disconnected(receive))
        await asyncio.wait({query, left}, return_when=asyncio.FIRST_COMPLETED)
        if not query.done():  # the client went away: stop its query (the pool kills the worker)
            query.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await query
            return None
        left.cancel()
        answer = query.result()
        extra = [("Vary", "Accept")]
        return Response(answer.status, answer.body, answer.content_type, extra + list(answer.headers.items()))

    async def _body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        declared = headers.get("content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                raise HttpError(400, "malformed Content-Length") from None
            if size > self.max_body:
                raise HttpError(413, f"the request body is larger than this server's limit of {self.max_body} bytes")
        parts: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise HttpError(400, "the client closed the connection before sending the whole body")
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                raise HttpError(413, f"the request body is larger than this server's limit of {self.max_body} bytes")
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    def service_description(self, scope: Scope, headers: dict[str, str]) -> Response:
        offers = [media for media, _ in SD_OFFERS]
        chosen = negotiate.choose(headers.get("accept"), offers)
        if chosen is None:
            return _text(406, f"the service description is available as: {', '.join(offers)}", [("Vary", "Accept")])
        endpoint = _endpoint_url(scope, headers)
        key = (endpoint, chosen)
        if key not in self._sd_cache:
            triples = service_description(endpoint, self.site.publication)
            self._sd_cache[key] = serialize(triples, EXT_OF_OFFER[chosen], SD_PREFIXES)
            if len(self._sd_cache) > 64:  # one entry per Host header: bound it
                self._sd_cache.pop(next(iter(self._sd_cache)))
        content_type = f"{chosen}; charset=utf-8" if chosen.startswith("text/") else chosen
        return Response(200, self._sd_cache[key], content_type, [("Vary", "Accept")])


async def _disconnected(receive: Receive) -> None:
    """Return when the client has closed the connection (the request body has been read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers, lower-case names; repeated headers joined with ``,`` (RFC 9110, 5.3).

    Joined once per name (linear: joining as they come was quadratic in the number of repeats).
    """
    found: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return {key: ", ".join(values) for key, values in found.items()}


def _endpoint_url(scope: Scope, headers: dict[str, str]) -> str:
    """The absolute URL of ``/sparql`` as the client reached it (a malformed ``Host`` is not echoed)."""
    host = headers.get("host", "")
    if not _HOST.match(host):
        server = scope.get("server") or (DEFAULT_HOST, DEFAULT_PORT)
        host = f"{server[0]}:{server[1]}"
    scheme = scope.get("scheme", "http")
    return f"{scheme if scheme in ('http', 'https') else 'http'}://{host}/sparql"


# --- command line -----------------------------------------------------------------------------------------


def add_parser(subparsers: Any, parents: list[argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
    """Register ``mgo serve`` on the CLI's subparsers (``parents``: the CLI's common options)."""
    parser = subparsers.add_parser(
        "serve",
        parents=parents or [],
        help="serve the publication over HTTP: IRIs, SPARQL endpoint, downloads",
        description="Serve the built publication: every IRI dereferences (303 + content negotiation), "
        "a read-only SPARQL 1.1 endpoint at /sparql, the dist/ files as downloads, /health.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    add_dist_arguments(parser)
    parser.add_argument("--timeout", type=float, default=10.0, help="query time limit in seconds (default 10)")
    parser.add_argument(
        "--max-result-bytes",
        type=int,
        default=16 * 2**20,
        help="largest query result in bytes; a larger one gets 413 (default 16 MiB)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="query worker processes (default 3); one client runs queries on all but one of them at once",
    )
    parser.add_argument(
        "--worker-memory",
        type=int,
        default=2048,
        help="address-space limit of each query worker in MiB, 0 for none (default 2048)",
    )
    parser.add_argument(
        "--max-body", type=int, default=DEFAULT_MAX_BODY, help="largest POST body in bytes (default 1 MiB)"
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a connection may take to send a whole request head; slower ones are closed (default 10)",
    )
    parser.add_argument(
        "--write-timeout",
        type=float,
        default=30.0,
        help="seconds a client may leave a response unread before the connection is dropped (default 30)",
    )
    return parser


def _raise_open_files_limit() -> None:
    """Allow as many sockets as the system lets this process have (idle floods are bounded per connection)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def _check(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number")
    if args.timeout <= 0 or args.workers < 1 or args.max_result_bytes < 1 or args.max_body < 1:
        raise UsageError("--timeout, --workers, --max-result-bytes and --max-body must be positive")
    if args.header_timeout <= 0 or args.write_timeout <= 0:
        raise UsageError("--header-timeout and --write-timeout must be positive")
    if args.worker_memory < 0:
        raise UsageError("--worker-memory must be 0 (no limit) or a number of MiB")


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port fails fast with a clear message."""
    try:
        listener = socket.create_server((host, port), reuse_port=False, backlog=2048)
        # accepted sockets inherit it on Linux; bounded_http sets it again on each connection
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return listener
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="is the port in use? choose another with --port, or another address with --host",
        ) from None


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``mgo serve`` until interrupted (Ctrl-C, SIGTERM); returns the exit code."""
    _check(args)
    listener = _listen(args.host, args.port)  # first: a port in use is a usage error, before any work
    try:
        return _serve(args, listener, err)
    finally:
        listener.close()


def _serve(args: argparse.Namespace, listener: socket.socket, err: TextIO) -> int:
    import uvicorn

    from mgo.query_pool import PoolSettings, QueryPool  # asyncio and multiprocessing: only when serving

    dist = built_dist(args)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    site = Site.load(dist)
    settings = PoolSettings(
        size=args.workers,
        timeout=args.timeout,
        max_result_bytes=args.max_result_bytes,
        memory_limit=args.worker_memory * 2**20 if args.worker_memory > 0 else None,
    )
    app = App(site, QueryPool(dist, settings), max_body=args.max_body)
    from mgo.bounded_http import Limits, protocol_class

    _raise_open_files_limit()
    config = uvicorn.Config(
        app,
        http=protocol_class(Limits(header_timeout=args.header_timeout, write_timeout=args.write_timeout)),
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=5,
        backlog=2048,
    )
    server = uvicorn.Server(config)
    print(
        f"serving {site.publication.triples} triples, {len(site.resources)} resources on "
        f"http://{args.host}:{listener.getsockname()[1]}/ (SPARQL: /sparql); Ctrl-C stops",
        file=err,
    )
    try:
        server.run(sockets=[listener])
    except SystemExit:  # uvicorn exits with its own code 3 when the query workers cannot start
        if server.started:
            raise
    if not server.started:
        raise UsageError("the server did not start", hint="the messages above say why")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """``python -m mgo.serve …`` = ``mgo serve …`` (tests and benchmarks use it; independent of cli.py)."""
    from mgo.errors import MgoError

    parser = argparse.ArgumentParser(prog="mgo")
    sub = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path)
    add_parser(sub, [common])
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run(args, sys.stdout, sys.stderr)
    except MgoError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
