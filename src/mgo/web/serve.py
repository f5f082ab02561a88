"""``mgo serve``: the publication over HTTP — the site, dereferenceable IRIs, a read-only SPARQL endpoint.

One process serves what a static host and w3id.org serve, byte for byte, plus ``/sparql``:

================================  ===================================================================
``GET /concept/living-lab``       ``303 See Other`` to ``/concept/living-lab.{ttl,jsonld,nt,rdf,html}``,
                                  by the one table of :mod:`mgo.web.site.htaccess` (the w3id ``.htaccess`` is
                                  generated from it), q-values weighed; ``?format=ttl`` … overrides
``GET /concept/living-lab.ttl``   ``200``, the file of ``dist/site/``; a document the site has no file for
                                  (a catalogue too large to write out) is made from the on-disk store by the
                                  site's own builder (:mod:`mgo.web.servestore`): the same bytes
``GET /concepts.html``, ``/en/``  the site's pages and files (``dist/site/``, written by ``mgo site``)
``/sparql``                       SPARQL 1.1 Protocol, read-only (:mod:`mgo.web.sparql_protocol`); ``GET`` without
                                  a query: the query page (HTML) or the service description (RDF)
``GET /health``                   JSON: ``ok``, ``triples``, ``version``, graphs, query workers
================================  ===================================================================

Status codes of ``/sparql``: ``400`` malformed request or query, or a ``SERVICE`` clause (this endpoint
never fetches), ``403`` an update (read-only), ``406`` no acceptable result format, ``413`` a body over
``--max-body`` or a result over ``--max-result-bytes`` (no silent truncation), ``415`` a POST that is
neither form nor ``application/sparql-query``, ``429`` too many queries from one address, ``503`` a query
stopped at ``--timeout`` or at the memory limit of its worker (the server itself stays up).

Every response allows any origin (CORS, https://fetch.spec.whatwg.org/#http-cors-protocol); ``OPTIONS``
answers preflight requests. A bad request gets a 4xx with a one-line plain-text message; nothing the
server says names a file of this machine or shows a traceback. Header size and count, time to a whole
request head, unread responses, idle connections and ``TCP_NODELAY`` are handled by :mod:`mgo.web.bounded_http`.

Why uvicorn with a bare ASGI callable (no web framework): measured on this 2-core machine with the same
client (8 concurrent keep-alive connections, precomputed bodies), uvicorn + httptools served 6.1-7.6k req/s,
stdlib ``ThreadingHTTPServer`` 4.1-4.6k, uvicorn + Starlette 3.1-3.9k; routing here is a handful of dict
lookups, so a framework adds cost and nothing else. Other commands add routes with :meth:`App.add_route`.
Even uvicorn's per-request machinery (scope, cycle, task) costs more than answering a file or a ``303``, so
those are answered from the parser callback (:meth:`App.direct`, :mod:`mgo.web.bounded_http`) and replayed
from a bounded memory when asked again (:class:`ResponseCache`); only the routes take the ASGI way.
Queries run in worker processes (:mod:`mgo.web.query_pool`) so that a slow query can be killed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import socket
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, unquote_to_bytes

import pyoxigraph

from mgo.config import find_root
from mgo.errors import EXIT_OK, MgoError, UsageError
from mgo.pipeline.build import built_dist
from mgo.query.remote import Credentials
from mgo.terms import BASE
from mgo.web import negotiate, reconcile, sparql_page
from mgo.web.bounded_http import Limits, protocol_class
from mgo.web.query_pool import PoolSettings, QueryPool, RemotePool
from mgo.web.servestore import RemoteStore, describe, document, open_store
from mgo.web.site import build_site, htaccess
from mgo.web.sparql_page import read_examples
from mgo.web.sparql_protocol import (
    GRAPH_FORMATS,
    HttpError,
    QueryJob,
    decode_params,
    parse_request,
    service_description,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from mgo.web.query_pool import QueryPool
    from mgo.web.servestore import ServeStore

    Scope = dict[str, Any]
    Receive = Callable[[], Awaitable[dict[str, Any]]]
    Send = Callable[[dict[str, Any]], Awaitable[None]]
    #: a route: (scope, receive, query string, request headers) -> response (None: the client left)
    Handler = Callable[[Scope, Receive, str, dict[str, str]], Awaitable["Response | None"]]

log = logging.getLogger("mgo.web.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY = 2**20  # 1 MiB: far more than any query text
BODY_TIMEOUT = 10.0  # seconds for a POST body to arrive (a client trickling bytes holds no slot for ever)
#: requests being answered at once (not connections: idle sockets are bounded by :mod:`mgo.web.bounded_http`);
#: past it a request gets 503 at once instead of queueing without end
MAX_IN_FLIGHT = 1024
TEXT = "text/plain; charset=utf-8"
#: content types of the site's files, by extension (what a static host sends for them)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".svg": "image/svg+xml",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    # the citation exports beside every citable page (.csl.json is served as .json)
    ".bib": "application/x-bibtex; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
}
SD_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: the files kept in memory after their first request, in bytes (bounded: the rest is read from disk)
FILE_CACHE_BYTES = 64 * 2**20
#: descriptions of resources kept for their other formats (documents made from the store)
DESCRIPTIONS_KEPT = 256
FILE_CACHE_LARGEST = 2**20
_COMMON = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"Link, Location, Content-Location, Vary"),
    (b"x-content-type-options", b"nosniff"),
]
_PREFLIGHT = [
    (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, Accept-Language, Content-Type"),
    (b"access-control-max-age", b"86400"),
]
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
#: what ``/sparql`` offers a client that names no format: results and graphs first, the query page last (a
#: browser asks for HTML above everything else; ``*/*`` gets results)
SPARQL_OFFERS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    *(media for media, _ in GRAPH_FORMATS),
    "text/html",
)
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: the same request (path, query string, ``Accept``, ``Accept-Language``) always gets this response
    replayable: bool = False


def _encoded_headers(response: Response) -> list[tuple[bytes, bytes]]:
    """The response's header fields as sent (CORS and the rest first), names lower-case."""
    headers = list(_COMMON)
    if response.content_type:
        headers.append((b"content-type", response.content_type.encode("latin-1")))
    headers.append((b"content-length", str(len(response.body)).encode()))
    for name, value in response.headers:
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    return headers


def _negotiation_inputs(headers: list[tuple[bytes, bytes]]) -> tuple[bytes | None, bytes | None]:
    """``Accept`` and ``Accept-Language`` as :func:`_headers` joins them (repeats with ``, ``)."""
    accept = language = None
    for name, value in headers:
        if name == b"accept":
            accept = value if accept is None else accept + b", " + value
        elif name == b"accept-language":
            language = value if language is None else language + b", " + value
    return accept, language


class ResponseCache:
    """Answers given before to ``GET``/``HEAD`` requests that always get the same one (files, ``303``s).

    Replayed by :mod:`mgo.bounded_http` without the ASGI machinery. Keyed by what the answer depends on
    and nothing else: the raw path, the query string, ``Accept`` and ``Accept-Language`` (the only headers
    :meth:`App.handle` reads for these routes). Bounded in entries and bytes; a request whose negotiation
    headers are unusually long is answered but not remembered. Errors are never remembered (a flood of
    unknown paths fills nothing). Only in front of the on-disk store, read-only for the server's life: a
    store behind ``--endpoint`` may be reloaded while the server runs, so there every answer is made anew.
    """

    MAX_ENTRIES = 16384
    MAX_BYTES = 64 * 2**20
    MAX_KEY_HEADER = 512

    def __init__(self) -> None:
        self._entries: dict[tuple[bytes, bytes, bytes | None, bytes | None], tuple[int, bytes, bytes]] = {}
        self._bytes = 0
        #: bodies already counted (a file's bytes are shared by its entries: one per Accept header); the
        #: entries keep them alive, so their ids stay theirs
        self._bodies: dict[int, None] = {}

    def get(self, key: tuple[bytes, bytes, bytes | None, bytes | None]) -> tuple[int, bytes, bytes] | None:
        return self._entries.get(key)

    def remember(
        self, key: tuple[bytes, bytes, bytes | None, bytes | None], status: int, head: bytes, body: bytes
    ) -> None:
        accept, language = key[2], key[3]
        if (accept is not None and len(accept) > self.MAX_KEY_HEADER) or (
            language is not None and len(language) > self.MAX_KEY_HEADER
        ):
            return
        if len(body) > FILE_CACHE_LARGEST or key in self._entries:
            return  # large files are read from disk each time, as Files does
        size = len(head) + len(key[0]) + len(key[1]) + 200
        if id(body) not in self._bodies:
            size += len(body)
        if len(self._entries) >= self.MAX_ENTRIES or self._bytes + size > self.MAX_BYTES:
            return  # full: answered the ordinary way from now on (the site's files are cached by Files too)
        self._bodies[id(body)] = None
        self._entries[key] = (status, head, body)
        self._bytes += size


def _text(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"), TEXT, headers or [])


def url_path(path: str) -> str:
    """``path`` as it may appear in a header: non-ASCII and unsafe characters percent-encoded."""
    return quote(path, safe="/:@!$&'()*+,;=-._~%")


def link_header(stem: str) -> str:
    """``Link`` to every document of a resource (RFC 8288), one ``rel="alternate"`` per format."""
    target = url_path("/" + stem)
    return ", ".join(f'<{target}.{ext}>; rel="alternate"; type="{media}"' for ext, media in _ALTERNATES)


#: (extension, media type) of each document of a resource, in the Link header's order
_ALTERNATES = tuple(
    (ext, {o.ext: o.media_type for o in reversed(htaccess.OFFERS) if not o.alias}[ext])
    for ext in (*htaccess.DOCUMENT_EXTS, "html")
)


class Files:
    """The files of the built site (``dist/site/``), read safely: nothing outside it, no hidden names."""

    def __init__(self, root: Path | None) -> None:
        # not resolved: dist/ is a link switched by each build (mgo.pipeline.publish); resolving it here would pin the
        # generation of the server's start, which a later build removes
        self.root = Path(os.path.abspath(root)) if root is not None and root.is_dir() else None
        self._cache: dict[str, bytes] = {}
        self._cached = 0
        self._root_checked: tuple[float, str] | None = None
        self._lock = threading.Lock()

    def warm(self) -> int:
        """Read the site's files into the cache (in name order) within its bounds; the bytes read.

        Run once in a background thread at start: the first request for each document then costs no disk
        read (on this shared machine a cold read took ~7 ms, the answer from memory ~0.1 ms). Bounded by
        :data:`FILE_CACHE_BYTES` like the lazy cache it fills; a catalogue too large for a site has none.
        """
        if self.root is None:
            return 0
        read = 0
        for folder, dirs, names in os.walk(self.root):  # links to folders are not followed
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                relative = os.path.relpath(os.path.join(folder, name), self.root).replace(os.sep, "/")
                if relative in self._cache or not _SAFE_PATH.match(relative):
                    continue
                data = self._read_inside(self.root / relative)
                if data is None or not self._keep(relative, data):
                    if self._cached >= FILE_CACHE_BYTES:
                        return read
                    continue
                read += len(data)
        return read

    def _keep(self, relative: str, data: bytes) -> bool:
        with self._lock:  # the warming thread and requests add entries at the same time
            if len(data) > FILE_CACHE_LARGEST or self._cached + len(data) > FILE_CACHE_BYTES:
                return False
            if relative not in self._cache:
                self._cache[relative] = data
                self._cached += len(data)
            return True

    def get(self, relative: str) -> bytes | None:
        if self.root is None:
            return None
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        cached = self._cache.get(relative)
        if cached is not None:
            return cached
        if not _SAFE_PATH.match(relative):
            return None
        data = self._read_inside(self.root / relative)
        if data is None:
            return None
        self._keep(relative, data)
        return data

    def _real_root(self, *, again: bool = False) -> str:
        """The real path of the root, looked up at most once a second or ``again`` (a build switches the link)."""
        now = time.monotonic()
        if again or self._root_checked is None or now - self._root_checked[0] > 1.0:
            self._root_checked = (now, os.path.realpath(self.root or "."))
        return self._root_checked[1]

    def _read_inside(self, path: Path) -> bytes | None:
        """The bytes of ``path`` if it is a regular file really inside the root (no link out), else ``None``.

        Opened first, then checked by what was opened (``/proc/self/fd``: one system call where
        ``os.path.realpath`` makes one per path component), so nothing can swap the file in between.
        """
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            try:
                real = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:  # no /proc (not Linux)
                real = os.path.realpath(path)
            if not real.startswith(self._real_root() + os.sep) and not real.startswith(
                self._real_root(again=True) + os.sep  # the link was switched within the second
            ):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)

    def exists(self, relative: str) -> bool:
        if self.root is None or not _SAFE_PATH.match(relative):
            return False
        return relative in self._cache or os.path.isfile(os.path.join(self.root, relative))


@dataclass
class Site:
    """What the server answers without a query: the site's files and the documents store."""

    files: Files
    store: ServeStore
    #: the last descriptions made from the store, by IRI: a client that asks for a resource in one format
    #: often asks for another next, and describing costs more than writing (the store is read-only)
    _descriptions: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, dist: Path, site_dir: Path | None = None, store_dir: Path | None = None, log: Any = None) -> Site:

        return cls(Files(site_dir if site_dir is not None else dist / "site"), open_store(dist, store_dir, log=log))

    @property
    def local(self) -> bool:
        """True for the on-disk store, read-only for the server's life (not a store behind ``--endpoint``)."""
        return hasattr(self.store, "documents")

    def is_resource(self, stem: str) -> bool:
        """True when ``stem`` (``concept/living-lab``) is an IRI the site has a page or documents for."""
        if not _SAFE_PATH.match(stem) or stem.endswith(tuple(f".{ext}" for ext in (*htaccess.DOCUMENT_EXTS, "html"))):
            return False
        return self.files.exists(stem + ".ttl") or self.store.has_resource(BASE + stem)

    def document(self, relative: str) -> bytes | None:
        """A file of the site, or a per-IRI document made from the store when the site has no file for it."""
        data = self.files.get(relative)
        if data is not None:
            return data
        stem, dot, ext = relative.rpartition(".")
        if dot and ext in htaccess.DOCUMENT_EXTS and self.is_resource(stem):
            index = self.store.index()
            iri = BASE + stem
            if not self.local:  # a store behind --endpoint may be reloaded: ask it every time
                return document(index, iri, ext)
            description = self._descriptions.pop(iri, None)
            if description is None:
                description = describe(index, iri)
            self._descriptions[iri] = description  # most recent last
            if len(self._descriptions) > DESCRIPTIONS_KEPT:
                self._descriptions.pop(next(iter(self._descriptions)))
            return document(index, iri, ext, description)
        return None


class App:
    """The ASGI application (https://asgi.readthedocs.io/en/latest/specs/www.html)."""

    def __init__(self, site: Site, pool: QueryPool, *, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.site = site
        self.pool = pool
        self.max_body = max_body
        self._sd_cache: dict[tuple[str, str], bytes] = {}
        self.started = False
        self.in_flight = 0
        self.routes: dict[str, tuple[Handler, tuple[str, ...]]] = {}
        self.replies = ResponseCache()
        #: the competency queries, as examples on the SPARQL page
        self.examples: list[Any] = []
        self.add_route("/sparql", self.sparql, ("GET", "HEAD", "POST"))
        self.add_route("/health", self.health)

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
                threading.Thread(target=self.site.files.warm, name="mgo-warm-files", daemon=True).start()
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
        headers = _encoded_headers(response)
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    # --- routing -------------------------------------------------------------------------------------

    def add_route(self, path: str, handler: Handler, methods: tuple[str, ...] = ("GET", "HEAD")) -> None:
        """Answer ``path`` with ``handler(scope, receive, query_string, headers)`` (for other commands' routes)."""
        self.routes[path] = (handler, methods)

    async def handle(self, scope: Scope, receive: Receive) -> Response | None:
        method: str = scope["method"]
        raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        raw = raw.split(b"?", 1)[0]
        path = _decode_path(raw)
        query_string = scope.get("query_string", b"").decode("latin-1")
        headers = _headers(scope)
        if method == "OPTIONS":
            return Response(204, headers=[(n.decode(), v.decode()) for n, v in _PREFLIGHT])
        route = self.routes.get(path)
        if route is not None:
            handler, methods = route
            if method not in methods:
                allowed = ", ".join((*methods, "OPTIONS"))
                raise HttpError(405, f"{method} is not allowed on {path}", headers={"Allow": allowed})
            return await handler(scope, receive, query_string, headers)
        return self.static(method, path, headers, query_string)

    def static(self, method: str, path: str, headers: dict[str, str], query_string: str) -> Response:
        """A request for anything but a route: a file of the site, a document, a ``303`` (synchronous)."""
        if method not in ("GET", "HEAD"):
            raise HttpError(
                405,
                f"{method} is not allowed here; this server is read-only",
                headers={"Allow": "GET, HEAD, OPTIONS"},
            )
        relative = path[1:] if path.startswith("/") else path
        if relative != "" and htaccess.passed_on(relative):  # a document: the file (or made from the store)
            data = self.site.document(relative)
            if data is None:
                raise HttpError(404, f"not found: {path[:300]}")
            return self.file(relative, data)
        if relative.endswith("/"):  # a folder of the site (/en/): its index page
            data = self.site.files.get(relative)
            if data is not None:
                return self.file(relative, data)
        return self.negotiate(relative, headers, query_string)

    def direct(
        self, method: bytes, url: bytes, header_list: list[tuple[bytes, bytes]]
    ) -> tuple[int, bytes, bytes] | None:
        """The answer to a ``GET``/``HEAD`` outside the routes, for :mod:`mgo.bounded_http` to write at once.

        The same answer :meth:`handle` gives (it calls :meth:`static` too), without the ASGI scope, cycle
        and task, which cost more than the answer: a replay of an answer given before
        (:class:`ResponseCache`), else :meth:`static` run here. ``None`` for the routes (``/sparql`` …),
        which take the ASGI way.
        """
        import httptools

        try:
            parsed = httptools.parse_url(url)
        except httptools.HttpParserInvalidURLError:
            return None  # uvicorn answers it
        if parsed.path is None:
            return None
        raw, query = parsed.path, parsed.query or b""
        accept, language = _negotiation_inputs(header_list)
        key = (raw, query, accept, language)
        found = self.replies.get(key) if self.site.local else None  # see ResponseCache
        if found is not None:
            return found
        try:
            path = _decode_path(raw)
            if path in self.routes:
                return None
            response = self.static(method.decode("latin-1"), path, _joined(header_list), query.decode("latin-1"))
        except HttpError as exc:
            response = _text(exc.status, exc.message, list(exc.headers.items()))
        except Exception:
            log.exception("internal error while answering %s", method.decode("latin-1"))
            response = _text(500, "internal server error")
        head = b"".join(name + b": " + value + b"\r\n" for name, value in _encoded_headers(response))
        if response.replayable and self.site.local:
            self.replies.remember(key, response.status, head, response.body)
        return response.status, head, response.body

    def file(self, relative: str, data: bytes) -> Response:
        name = relative + "index.html" if relative == "" or relative.endswith("/") else relative
        content_type = CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
        return Response(200, data, content_type, [("Content-Location", url_path("/" + name))], replayable=True)

    def negotiate(self, relative: str, headers: dict[str, str], query_string: str) -> Response:
        """The ``303`` of a resource IRI, by the table the w3id rules are generated from."""
        stem = relative.rstrip("/")
        if stem != "" and not htaccess.SHAPES.match(stem) and not self.site.is_resource(stem):
            raise HttpError(404, f"not found: no resource or document at /{relative[:300]}")
        vary = [("Vary", "Accept, Accept-Language")]
        links = [("Link", link_header(stem))] if stem and not htaccess.SHAPES.match(stem) else []
        wanted = dict(decode_params(query_string)).get("format")
        if wanted is not None:
            offer = next((o for o in htaccess.ALL_OFFERS if o.ext == wanted and not o.alias), None)
            if offer is None:
                choices = ", ".join((*htaccess.DOCUMENT_EXTS, "html"))
                raise HttpError(400, f"unknown format {wanted[:40]!r}; use one of: {choices}")
            target = htaccess.target(relative, offer, headers.get("accept-language"))
        else:
            found = htaccess.resolve(relative, headers.get("accept"), headers.get("accept-language"))
            if found is None:
                available = ", ".join(o.media_type for o in htaccess.OFFERS)
                message = f"none of the accepted media types is available; available: {available}"
                return _text(406, message, [*links, *vary])
            target = found
        if target == "":  # the base IRI's page: the home page (on w3id, the host's root)
            target = "index.html"
        location = url_path("/" + target)
        body = f"See Other: {location}\n".encode()
        # no Content-Location: the content of this message is the note above, not the document (RFC 9110,
        # 8.7); the 200 response of the document carries it
        return Response(303, body, TEXT, [("Location", location), *links, *vary], replayable=True)

    async def health(self, scope: Scope, receive: Receive, query_string: str, headers: dict[str, str]) -> Response:
        store = self.site.store
        ok = self.started and self.pool.alive > 0
        body = {
            "ok": ok,
            "triples": store.triples,
            "version": store.version,
            "graphs": store.graphs,
            "site": self.site.files.root is not None,
            "query_workers": self.pool.alive,
            "queries_stopped_at_timeout": self.pool.timeouts,
            "queries_cancelled": self.pool.cancelled,
            "queries_answered_in_server": getattr(self.pool, "answered_here", 0),
        }
        data = json.dumps(body, indent=2, sort_keys=True).encode() + b"\n"
        return Response(200 if ok else 503, data, "application/json")

    # --- SPARQL --------------------------------------------------------------------------------------

    async def sparql(
        self, scope: Scope, receive: Receive, query_string: str, headers: dict[str, str]
    ) -> Response | None:
        import asyncio  # loaded by uvicorn already; not at the top, for the start-up time of 'mgo --help'

        method: str = scope["method"]
        body = None
        if method == "POST":
            try:
                body = await asyncio.wait_for(self._body(receive, headers), BODY_TIMEOUT)
            except TimeoutError:
                raise HttpError(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s") from None

        wanted = sparql_page.FORMATS.get(dict(decode_params(query_string)).get("format", ""))
        accept = wanted or headers.get("accept")
        html = wanted is None and negotiate.choose(accept, SPARQL_OFFERS) == "text/html"
        try:
            job = parse_request(method, query_string, headers.get("content-type"), body)
        except HttpError as exc:
            if not html or exc.status in (405, 413, 415):
                raise
            return self.query_page(headers, "", error=exc.message, status=exc.status)
        if job is None:
            if html:
                return self.query_page(headers, self.examples[0].sparql if self.examples else "")
            return self.service_description(scope, headers)
        sent = QueryJob(job.query, sparql_page.PAGE_ACCEPT if html else accept, job.default_graphs, job.named_graphs)
        answer = self.pool.answer_here(sent)  # a job known to be cheap: no worker, nothing to cancel
        if answer is None:
            client = (scope.get("client") or ("", 0))[0]
            query = asyncio.ensure_future(self.pool.run(sent, client))
            left = asyncio.ensure_future(_disconnected(receive))
            await asyncio.wait({query, left}, return_when=asyncio.FIRST_COMPLETED)
            if not query.done():  # the client went away: stop its query (the pool kills the worker)
                query.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await query
                return None
            left.cancel()
            answer = query.result()
        if html:
            if answer.status != 200:
                message = answer.body.decode("utf-8", errors="replace").strip()
                return self.query_page(headers, job.query, error=message, status=answer.status)
            result = sparql_page.result_of(answer.content_type, answer.body)
            kind = "graph" if result.text is not None else "results"
            return self.query_page(headers, job.query, result=result, kind=kind)
        extra = [("Vary", "Accept")]
        if wanted is not None and answer.status == 200:
            name = dict(decode_params(query_string))["format"]
            extra.append(("Content-Disposition", f'attachment; filename="result.{name}"'))
        return Response(answer.status, answer.body, answer.content_type, extra + list(answer.headers.items()))

    def query_page(self, headers: dict[str, str], query: str, *, status: int = 200, **parts: Any) -> Response:
        """The SPARQL page of the site (its language by ``Accept-Language``) with form and result."""

        lang = "en" if (headers.get("accept-language") or "").lower().startswith("en") else "nl"
        shell = self.site.files.get("sparql.html" if lang == "nl" else "en/sparql.html")
        body = sparql_page.render(shell, lang, query=query, examples=self.examples, **parts)
        return Response(status, body, "text/html; charset=utf-8", [("Vary", "Accept, Accept-Language")])

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
        offers = [media for media, _ in GRAPH_FORMATS]
        chosen = negotiate.choose(headers.get("accept"), offers)
        if chosen is None:
            return _text(406, f"the service description is available as: {', '.join(offers)}", [("Vary", "Accept")])
        endpoint = _endpoint_url(scope, headers)
        key = (endpoint, chosen)
        if key not in self._sd_cache:
            triples = service_description(endpoint, self.site.store)
            rdf_format = getattr(pyoxigraph.RdfFormat, dict(GRAPH_FORMATS)[chosen])
            prefixes = (
                SD_PREFIXES if rdf_format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.RDF_XML) else None
            )
            # `or b""`: pyoxigraph.serialize returns None only when it writes to an output, never here
            self._sd_cache[key] = pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
            if len(self._sd_cache) > 64:  # one entry per Host header: bound it
                self._sd_cache.pop(next(iter(self._sd_cache)))
        content_type = f"{chosen}; charset=utf-8" if chosen.startswith("text/") else chosen
        return Response(200, self._sd_cache[key], content_type, [("Vary", "Accept")])


async def _disconnected(receive: Receive) -> None:
    """Return when the client has closed the connection (the request body has been read already)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers, lower-case names; repeated headers joined with ``,`` (RFC 9110, 5.3)."""
    return _joined(scope.get("headers", []))


def _joined(header_list: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header fields as a dict (see :func:`_headers`).

    Joined once per name (linear: joining as they come was quadratic in the number of repeats).
    """
    found: dict[str, list[str]] = {}
    for name, value in header_list:
        found.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return {key: ", ".join(values) for key, values in found.items()}


def _decode_path(raw: bytes) -> str:
    """The request path, percent-decoded; malformed escapes or non-UTF-8 are a 400."""
    if _BAD_PERCENT.search(raw):
        raise HttpError(400, "malformed percent-encoding in the path")
    try:
        return unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the path is not valid UTF-8 after percent-decoding") from None


def _endpoint_url(scope: Scope, headers: dict[str, str]) -> str:
    """The absolute URL of ``/sparql`` as the client reached it (a malformed ``Host`` is not echoed)."""
    host = headers.get("host", "")
    if not _HOST.match(host):
        server = scope.get("server") or (DEFAULT_HOST, DEFAULT_PORT)
        host = f"{server[0]}:{server[1]}"
    scheme = scope.get("scheme", "http")
    return f"{scheme if scheme in ('http', 'https') else 'http'}://{host}/sparql"


# --- command line -----------------------------------------------------------------------------------------


def _project_dist() -> Path:
    """The project's ``dist/`` (its site is what ``--endpoint`` mode serves besides the store's documents)."""

    return find_root() / "dist"


def _queries_dir(dist: Path) -> Path | None:
    """The competency queries: ``queries/`` beside ``dist``, else the project's (the SPARQL page's examples)."""
    if (dist.parent / "queries").is_dir():
        return dist.parent / "queries"

    try:
        return find_root() / "queries"
    except MgoError:
        return None


def _build_site_when_stale(dist: Path, err: TextIO) -> None:
    """Write ``dist/site`` (``mgo site``) when it is missing or older than the publication."""
    site = dist / "site"
    index = site / "index.html"
    if index.is_file() and index.stat().st_mtime_ns >= (dist / "mgo.ttl").stat().st_mtime_ns:
        return

    print("dist/site is missing or older than the publication: writing the site first", file=err)
    build_site(dist, site, queries_dir=dist.parent / "queries")


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
    import uvicorn  # lazy: only a running server needs uvicorn

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    pool: Any
    if args.endpoint:
        credentials = Credentials.from_environment()
        dist = args.dist if args.dist is not None else _project_dist()
        store = RemoteStore.connect(args.endpoint, credentials, dist)
        site = Site(Files(args.site if args.site is not None else dist / "site"), store)  # type: ignore[arg-type]
    else:
        dist = built_dist(args)
        if args.dist is None and args.site is None and not args.no_build:
            _build_site_when_stale(dist, err)
        site = Site.open(dist, args.site, args.store, log=err)
    settings = PoolSettings(
        size=args.workers,
        timeout=args.timeout,
        max_result_bytes=args.max_result_bytes,
        memory_limit=args.worker_memory * 2**20 if args.worker_memory > 0 else None,
    )
    if args.endpoint:
        pool = RemotePool(args.endpoint, settings, credentials)
    else:
        pool = QueryPool(site.store.sparql_path, settings)
    app = App(site, pool, max_body=args.max_body)

    app.examples = read_examples(_queries_dir(dist))

    reconcile.install(app, Response)

    _raise_open_files_limit()
    config = uvicorn.Config(
        app,
        http=protocol_class(Limits(header_timeout=args.header_timeout, write_timeout=args.write_timeout), app.direct),
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=5,
        backlog=2048,
    )
    server = uvicorn.Server(config)
    print(
        f"serving {site.store.triples} triples ({'with' if site.files.root else 'without'} the site) on "
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
