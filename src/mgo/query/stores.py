"""Which triple store runs at a base URL, where its SPARQL and Graph Store endpoints are, how to query the union.

``mgo load http://127.0.0.1:8890`` needs two URLs that every store names differently: the SPARQL query
endpoint (to verify) and the SPARQL 1.1 Graph Store HTTP Protocol endpoint (to ``PUT`` each graph). This
module derives both from the server's base URL for the four stores the README documents, either told
(``--store KIND``) or detected with a few short ``GET`` requests (:func:`detect`):

=========  ========================================  ===================  ==============================
kind       base URL                                  SPARQL               Graph Store
=========  ========================================  ===================  ==============================
oxigraph   ``http://HOST:7878``                      ``/query``           ``/store``
virtuoso   ``http://HOST:8890``                      ``/sparql``          ``/sparql-graph-crud-auth``
fuseki     ``http://HOST:3030/DATASET``              ``/DATASET/sparql``  ``/DATASET/data``
graphdb    ``http://HOST:7200/repositories/REPO``    the base itself      ``/repositories/REPO/rdf-graphs/service``
=========  ========================================  ===================  ==============================

Detection reads the ``Server`` header (Oxigraph, Virtuoso and Fuseki name themselves), then asks GraphDB's
``/rest/info/version`` and Fuseki's ``/$/ping``. A Fuseki server or GraphDB instance given without its
dataset or repository is completed when it has exactly one (``/$/datasets``, ``/rest/repositories``).

**The union.** Every store keeps the layers as named graphs. Where a query without ``FROM`` reads a default
graph of its own (Oxigraph, Fuseki), ``mgo load`` also puts the publication (the union of the published
layers, ``dist/mgo.ttl``) there, so a plain query sees exactly the publication. Virtuoso and GraphDB answer a
query without ``FROM`` over *all* their graphs (the shapes and the VoID graph included, and Virtuoso's system
graphs): there the publication is the dataset named by one ``FROM`` per published layer, which works on every
store and is what ``mgo query --endpoint`` sends (as the equivalent ``default-graph-uri`` parameters).
:func:`union_advice` is the text ``mgo load`` prints.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mgo.errors import UsageError
from mgo.query.http import opener, unreachable
from mgo.query.remote import PASSWORD_VARIABLE, USER_VARIABLE, Credentials

if TYPE_CHECKING:
    from collections.abc import Sequence

#: seconds for each detection probe (connect and answer): a store that does not answer in this time is not
#: the store being looked for
PROBE_TIMEOUT = 5.0


@dataclass(frozen=True)
class StoreKind:
    """What ``mgo`` knows of one kind of store; paths are relative to the base URL."""

    name: str
    title: str
    base_example: str
    sparql_path: str
    graph_store_path: str
    login: str
    #: a query without FROM reads a default graph of its own (so ``mgo load`` fills it with the publication)
    own_default_graph: bool
    plain_queries: str


KINDS: dict[str, StoreKind] = {
    kind.name: kind
    for kind in (
        StoreKind(
            "oxigraph",
            "Oxigraph server",
            "http://127.0.0.1:7878",
            "/query",
            "/store",
            "none (Oxigraph server has no login; put a proxy in front of it for one)",
            True,
            "a query without FROM reads the default graph, which mgo load fills with the publication "
            "(start the server without --union-default-graph: that would add the shapes and VoID graphs)",
        ),
        StoreKind(
            "virtuoso",
            "OpenLink Virtuoso",
            "http://127.0.0.1:8890",
            "/sparql",
            "/sparql-graph-crud-auth",
            f"HTTP Digest, a user with the SPARQL_UPDATE role (for example dba): set {USER_VARIABLE} and "
            f"{PASSWORD_VARIABLE}",
            False,
            "a query without FROM reads every graph of the store (the shapes, the VoID graph and "
            "Virtuoso's own system graphs too): add the FROM lines below",
        ),
        StoreKind(
            "fuseki",
            "Apache Jena Fuseki",
            "http://127.0.0.1:3030/mgo",
            "/sparql",
            "/data",
            f"HTTP Basic when the server has users (shiro.ini or --passwd): set {USER_VARIABLE} and "
            f"{PASSWORD_VARIABLE}",
            True,
            "a query without FROM reads the default graph, which mgo load fills with the publication "
            "(unless the dataset is configured with unionDefaultGraph, which would add the shapes and VoID "
            "graphs)",
        ),
        StoreKind(
            "graphdb",
            "Ontotext GraphDB",
            "http://127.0.0.1:7200/repositories/mgo",
            "",
            "/rdf-graphs/service",
            f"HTTP Basic when security is on: set {USER_VARIABLE} and {PASSWORD_VARIABLE}",
            False,
            "a query without FROM reads every graph of the repository (the shapes and the VoID graph too): "
            "add the FROM lines below",
        ),
        StoreKind(
            "generic",
            "a SPARQL 1.1 store",
            "",
            "",
            "",
            f"whatever the store asks: Basic or Digest from {USER_VARIABLE} and {PASSWORD_VARIABLE}",
            False,
            "how a query without FROM reads the store depends on the store: add the FROM lines below",
        ),
    )
}
STORE_NAMES = tuple(KINDS)


@dataclass(frozen=True)
class StoreUrls:
    """The endpoints ``mgo load`` uses, and how they were found."""

    kind: StoreKind
    sparql: str
    graph_store: str
    how: str

    def describe(self) -> str:
        return f"{self.kind.title} ({self.how}): SPARQL {self.sparql}, Graph Store {self.graph_store}"


def urls_for(kind: StoreKind, base: str) -> tuple[str, str]:
    """``(sparql, graph_store)`` of ``kind`` at ``base`` (trailing slash and a known endpoint path removed)."""
    base = strip_endpoint(kind, base)
    return base + kind.sparql_path, base + kind.graph_store_path


def strip_endpoint(kind: StoreKind, url: str) -> str:
    """The base URL of ``url``: ``http://h:8890/sparql`` gives ``http://h:8890`` for Virtuoso."""
    url = url.rstrip("/")
    for path in sorted({kind.sparql_path, kind.graph_store_path, "/query", "/update", "/get"} - {""}, key=len)[::-1]:
        if url.endswith(path) and urlsplit(url[: -len(path)]).netloc:
            return url[: -len(path)]
    return url


# --- detection ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _get(url: str, credentials: Credentials | None, accept: str = "*/*", *, reach: bool = False) -> _Answer | None:
    """One short ``GET``; HTTP errors are answers. Nothing answering at all (refused, timeout) is ``None``,
    or with ``reach`` a :class:`StoreError` naming the cause."""
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": "mgo-load"})
    try:
        with opener(credentials, url).open(request, timeout=PROBE_TIMEOUT) as response:
            return _Answer(int(response.status), {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as exc:
        return _Answer(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read() or b"")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if reach:
            raise unreachable(url, exc, PROBE_TIMEOUT) from None
        return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def detect(base: str, credentials: Credentials | None = None) -> StoreKind:
    """The kind of store at ``base``, from its ``Server`` header or from GraphDB's and Fuseki's own URLs."""
    first = _get(base, credentials, reach=True)
    assert first is not None
    server = first.headers.get("server", "")
    for name, pattern in (("virtuoso", "virtuoso"), ("oxigraph", "oxigraph"), ("fuseki", "fuseki")):
        if pattern in server.lower():
            return KINDS[name]
    if "fuseki-request-id" in first.headers:
        return KINDS["fuseki"]
    origin = _origin(base)
    version = _get(origin + "/rest/info/version", credentials, "application/json")
    if version is not None and version.status == 200 and b"productVersion" in version.body:
        return KINDS["graphdb"]
    ping = _get(origin + "/$/ping", credentials)
    if ping is not None and ping.status == 200:
        return KINDS["fuseki"]
    raise UsageError(
        f"cannot tell which store runs at {base} (Server header: {server or 'none'})",
        hint="say it with --store " + "|".join(STORE_NAMES) + " (generic: also give --endpoint and --graph-store)",
    )


def _only(names: Sequence[str], what: str, base: str, example: str) -> str:
    if len(names) == 1:
        return names[0]
    listing = ", ".join(names) if names else "none"
    raise UsageError(
        f"{base} has {len(names)} {what}s ({listing}): say which one in the URL",
        hint=f"for example {example}",
    )


def complete_base(kind: StoreKind, base: str, credentials: Credentials | None) -> str:
    """Add the Fuseki dataset or GraphDB repository to a bare server URL when the server has just one."""
    base = strip_endpoint(kind, base)
    path = urlsplit(base).path.strip("/")
    origin = _origin(base)
    if kind.name == "fuseki" and not path:
        answer = _get(origin + "/$/datasets", credentials, "application/json")
        names = [str(d.get("ds.name", "")).strip("/") for d in _json(answer).get("datasets", [])]
        return f"{origin}/{_only(names, 'dataset', base, origin + '/mgo')}"
    if kind.name == "graphdb" and not re.fullmatch(r"repositories/[^/]+", path):
        answer = _get(origin + "/rest/repositories", credentials, "application/json")
        data = _json(answer)
        names = [str(r.get("id", "")) for r in data] if isinstance(data, list) else []
        return f"{origin}/repositories/{_only(names, 'repositor', base, origin + '/repositories/mgo')}"
    return base


def _json(answer: _Answer | None) -> Any:
    if answer is None or answer.status != 200:
        return {}
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}


def resolve(
    base: str | None,
    *,
    store: str | None,
    endpoint: str | None,
    graph_store: str | None,
    credentials: Credentials | None,
) -> StoreUrls:
    """The endpoints from a base URL and/or ``--store``, ``--endpoint``, ``--graph-store`` (given ones win)."""
    if store == "generic":
        if endpoint is None or graph_store is None:
            raise UsageError("--store generic needs --endpoint and --graph-store")
        return StoreUrls(KINDS["generic"], endpoint, graph_store, "URLs given")
    if base is None and endpoint is not None and graph_store is not None:
        # both URLs given: the kind still decides whether the default graph gets the publication
        try:
            kind = KINDS[store] if store else detect(endpoint, credentials)
        except UsageError:
            kind = KINDS["generic"]
        return StoreUrls(kind, endpoint, graph_store, "URLs given")
    start = base or endpoint
    if start is None:
        raise UsageError(
            "give the store's base URL, e.g. 'mgo load http://127.0.0.1:7878'",
            hint="see 'mgo load --help' or the README section 'Loading into a triple store'",
        )
    if store is not None:
        kind, how = KINDS[store], f"--store {store}"
    else:
        kind, how = detect(start, credentials), f"detected at {_origin(start)}"
    root = complete_base(kind, start, credentials)
    sparql, gsp = urls_for(kind, root)
    return StoreUrls(kind, endpoint or sparql, graph_store or gsp, how)


def union_advice(kind: StoreKind, published: Sequence[str]) -> str:
    """How to query the publication (the union of the published layers) on ``kind``: what ``mgo load`` prints."""
    froms = "\n".join(f"  FROM <{iri}>" for iri in published)
    return (
        f"querying the publication on {kind.title}: {kind.plain_queries}.\n"
        f"On any store, these FROM lines (before WHERE) make the publication the query's default graph; "
        f"'mgo query --endpoint' sends the same graphs as default-graph-uri parameters:\n{froms}\n"
    )
