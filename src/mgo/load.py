"""``mgo load --endpoint URL``: put the publication into an external triple store, then prove it arrived.

Loading uses the SPARQL 1.1 Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/):
one ``PUT {graph-store}?graph={IRI}`` (section 5.3) per named graph of ``dist/mgo.trig`` — the layers
``https://w3id.org/missiegedreven/graph/{ontology,data,additions,shapes}`` (and ``…/mappings`` when the
build has it) plus ``…/graph/void``, the dataset description. ``PUT`` *replaces* a graph, so loading twice
leaves the store as loading once did. A layer graph the publication no longer has (say ``additions``
emptied) is deleted (``DELETE``, section 5.4), so the store never keeps a stale layer.

The graph store URL is ``--graph-store`` when given, else the ``--endpoint`` URL itself (one URL for both is
common, e.g. Fuseki). Oxigraph server: ``--endpoint http://HOST/query --graph-store http://HOST/store``;
Virtuoso: ``--endpoint http://HOST/sparql --graph-store http://HOST/sparql-graph-crud-auth``.

Credentials come from the environment only — ``MGO_STORE_USER`` and ``MGO_STORE_PASSWORD`` — never from the
command line (where ``ps`` and the shell history would show them). Basic and Digest authentication are both
answered (Virtuoso's ``-auth`` endpoints use Digest).

Afterwards the store is queried through ``--endpoint`` with SPARQLWrapper: for every graph, the number of
triples *per predicate* must equal the publication's. This is a checksum-ish comparison that catches a
truncated upload, a graph the store put elsewhere, and literals the store silently dropped.

Exit codes (see :mod:`mgo.errors`): ``2`` when the store cannot be reached, refuses the login, or answers an
upload with an error (a :class:`StoreError`; the message lists which graphs were replaced before the
failure, so a half-load is never silent); ``1`` when everything was accepted but the store does not hold
what was sent (:class:`LoadVerificationFailed`).
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, urlsplit

from mgo.errors import EXIT_OK, DataError, Problem, UsageError
from mgo.remote import PASSWORD_VARIABLE, USER_VARIABLE, Credentials, StoreError, login_hint

if TYPE_CHECKING:
    import urllib.request

    import pyoxigraph

DEFAULT_TIMEOUT = 300.0
USER_AGENT = "mgo-load"


class LoadVerificationFailed(DataError):
    """The store accepted the upload but does not hold exactly the publication's triples (exit code 1)."""


@dataclass(frozen=True)
class GraphLoad:
    """What was sent for one graph and what the store holds afterwards."""

    iri: str
    triples: int
    seconds: float


# --- reading the publication ------------------------------------------------------------------------------


def graphs_of(quads: list[pyoxigraph.Quad]) -> dict[str, list[pyoxigraph.Triple]]:
    """The triples of each named graph, in the order the graphs first appear (default-graph quads ignored)."""
    import pyoxigraph

    graphs: dict[str, list[pyoxigraph.Triple]] = {}
    seen: dict[str, set[pyoxigraph.Triple]] = {}
    for quad in quads:
        if not isinstance(quad.graph_name, pyoxigraph.NamedNode):
            continue
        name = quad.graph_name.value
        if quad.triple not in seen.setdefault(name, set()):
            seen[name].add(quad.triple)
            graphs.setdefault(name, []).append(quad.triple)
    return graphs


@dataclass(frozen=True)
class Fingerprint:
    """What a store must agree on for one predicate of one graph (see :func:`fingerprints`)."""

    triples: int
    #: total length of the subject IRIs (a store that mangles IRIs changes it)
    subject_chars: int
    #: total length of the object IRIs
    object_chars: int
    #: total length of the text of the string literals (plain or language-tagged): catches encoding damage
    text_chars: int


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: the same fingerprint, computed by the store. Only IRIs and strings are measured: stores may rewrite the
#: lexical form of numbers (Oxigraph keeps them by value) but must keep IRIs and text as they are.
#: ``!isBlank``: Virtuoso answers ``isIRI`` true for its blank nodes (``nodeID://b10454``).
FINGERPRINT_QUERY = """SELECT ?p (COUNT(*) AS ?n)
  (SUM(IF(isIRI(?s) && !isBlank(?s), STRLEN(STR(?s)), 0)) AS ?sc)
  (SUM(IF(isIRI(?o) && !isBlank(?o), STRLEN(STR(?o)), 0)) AS ?oc)
  (SUM(IF(isLiteral(?o) && (LANG(?o) != "" || DATATYPE(?o) = <%s>), STRLEN(STR(?o)), 0)) AS ?tc)
WHERE { GRAPH <%s> { ?s ?p ?o } }
GROUP BY ?p"""


def fingerprints(triples: list[pyoxigraph.Triple]) -> dict[str, Fingerprint]:
    """Per predicate: the number of triples and the total length of subject IRIs, object IRIs and strings."""
    import pyoxigraph

    sums: dict[str, list[int]] = {}
    for triple in triples:
        row = sums.setdefault(triple.predicate.value, [0, 0, 0, 0])
        row[0] += 1
        if isinstance(triple.subject, pyoxigraph.NamedNode):
            row[1] += len(triple.subject.value)
        obj = triple.object
        if isinstance(obj, pyoxigraph.NamedNode):
            row[2] += len(obj.value)
        elif isinstance(obj, pyoxigraph.Literal) and (obj.language or obj.datatype.value == XSD_STRING):
            row[3] += len(obj.value)
    return {p: Fingerprint(*row) for p, row in sums.items()}


# --- HTTP ---------------------------------------------------------------------------------------------------


def _opener(credentials: Credentials | None, url: str) -> urllib.request.OpenerDirector:
    import urllib.request  # here, not at the top: ~25 ms that 'mgo --help' need not pay

    handlers: list[Any] = []
    if credentials is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, credentials.user, credentials.password)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(manager),
            urllib.request.HTTPBasicAuthHandler(manager),
        ]
    return urllib.request.build_opener(*handlers)


def _short(body: bytes) -> str:
    """The first line or so of an error page, tags stripped (stores answer errors in HTML)."""
    text = re.sub(r"<[^>]*>", " ", body.decode("utf-8", errors="replace"))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:300]


def request(
    opener: urllib.request.OpenerDirector,
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    content_type: str | None = None,
    timeout: float,
    credentials: Credentials | None,
    what: str,
) -> int:
    """Send one request; any failure becomes a :class:`StoreError` with a message a user can act on."""
    import urllib.error
    import urllib.request

    headers = {"User-Agent": USER_AGENT}
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with opener.open(req, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        detail = _short(exc.read() or b"")
        if exc.code in (401, 403):
            raise StoreError(
                f"{what}: the store refused the login (HTTP {exc.code})", hint=login_hint(credentials)
            ) from None
        if exc.code == 404 and method == "DELETE":
            return 404
        raise StoreError(
            f"{what}: the store answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else ""),
            hint="check --graph-store: it must be the store's Graph Store Protocol URL",
        ) from None
    except ValueError as exc:  # urllib's digest handler on an unusable challenge, a malformed URL
        raise StoreError(f"{what}: {exc}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(
            f"{what}: cannot reach the store at {_origin(url)} ({reason})",
            hint="is the store running, and is the URL right?",
        ) from None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def graph_url(graph_store: str, graph: str) -> str:
    """``{graph_store}?graph={IRI}`` (indirect graph identification, GSP section 4.2)."""
    separator = "&" if "?" in graph_store else "?"
    return f"{graph_store}{separator}graph={quote(graph, safe='')}"


# --- load and verify ----------------------------------------------------------------------------------------


def load_graphs(
    graphs: dict[str, list[pyoxigraph.Triple]],
    graph_store: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stale: list[str] | None = None,
    out: TextIO | None = None,
) -> list[GraphLoad]:
    """``PUT`` every graph, ``DELETE`` the ``stale`` ones; a failure names what was already done.

    The body is N-Triples, sent as ``text/turtle`` (every N-Triples document is Turtle, and every store
    reads Turtle). Not prefixed Turtle: Virtuoso 7.2 keeps the backslash of ``definitie:x\\/en`` (a legal
    Turtle local name) in the IRI, and N-Triples has no prefixed names to get wrong.
    """
    import pyoxigraph

    opener = _opener(credentials, graph_store)
    done: list[GraphLoad] = []
    for iri, triples in graphs.items():
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        started = time.perf_counter()
        try:
            request(
                opener,
                "PUT",
                graph_url(graph_store, iri),
                data=body,
                content_type="text/turtle; charset=utf-8",
                timeout=timeout,
                credentials=credentials,
                what=f"loading <{iri}>",
            )
        except StoreError as exc:
            raise _partial(exc, done, [g for g in graphs if g not in {d.iri for d in done}]) from None
        done.append(GraphLoad(iri, len(triples), time.perf_counter() - started))
        if out is not None:
            print(f"  PUT <{iri}>: {len(triples)} triples in {done[-1].seconds:.2f} s", file=out)
    for iri in stale or []:
        status = request(
            opener,
            "DELETE",
            graph_url(graph_store, iri),
            timeout=timeout,
            credentials=credentials,
            what=f"removing the stale graph <{iri}>",
        )
        if out is not None and status != 404:
            print(f"  DELETE <{iri}>: the publication no longer has this layer", file=out)
    return done


def _partial(error: StoreError, done: list[GraphLoad], missing: list[str]) -> StoreError:
    if not done:
        return error
    replaced = ", ".join(f"<{d.iri}>" for d in done)
    left = ", ".join(f"<{iri}>" for iri in missing)
    return StoreError(
        f"{error.message}. The load is INCOMPLETE: {replaced} were replaced, {left} were not "
        "(they still hold what they held before, if anything)",
        hint=(error.hint + "; then " if error.hint else "") + "run 'mgo load' again: it replaces every graph",
    )


def remote_fingerprints(
    endpoint: str, graph: str, *, credentials: Credentials | None, timeout: float
) -> dict[str, Fingerprint]:
    """:func:`fingerprints` of ``graph`` as the store computes them (one query, through SPARQLWrapper)."""
    from mgo.remote import select

    rows = select(endpoint, FINGERPRINT_QUERY % (XSD_STRING, graph), credentials=credentials, timeout=timeout)

    def number(row: dict[str, Any], name: str) -> int:
        return int(float(row[name]["value"])) if name in row else 0

    return {
        row["p"]["value"]: Fingerprint(number(row, "n"), number(row, "sc"), number(row, "oc"), number(row, "tc"))
        for row in rows
    }


def verify(
    endpoint: str,
    graphs: dict[str, list[pyoxigraph.Triple]],
    *,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
) -> list[str]:
    """Compare each graph's per-predicate fingerprints with the store's; the differences (none: equal)."""
    problems: list[str] = []
    for iri, triples in graphs.items():
        expected = fingerprints(triples)
        actual = remote_fingerprints(endpoint, iri, credentials=credentials, timeout=timeout)
        if expected == actual:
            continue
        total = sum(f.triples for f in actual.values())
        differing = sorted(p for p in set(expected) | set(actual) if expected.get(p) != actual.get(p))
        shown = ", ".join(_difference(p, expected.get(p), actual.get(p)) for p in differing[:5])
        more = f" and {len(differing) - 5} more predicates" if len(differing) > 5 else ""
        problems.append(f"<{iri}> holds {total} triples (the publication: {len(triples)}); {shown}{more}")
    return problems


def _difference(predicate: str, expected: Fingerprint | None, actual: Fingerprint | None) -> str:
    if actual is None or expected is None or actual.triples != expected.triples:
        have = actual.triples if actual else 0
        want = expected.triples if expected else 0
        return f"<{predicate}>: {have} triples instead of {want}"
    if actual.subject_chars != expected.subject_chars or actual.object_chars != expected.object_chars:
        return f"<{predicate}>: the store changed some IRIs (their lengths differ)"
    return f"<{predicate}>: the store changed some text (string lengths differ)"


def load_publication_into(
    dist: Path,
    endpoint: str,
    *,
    graph_store: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    verify_after: bool = True,
    out: TextIO | None = None,
) -> list[GraphLoad]:
    """Load ``dist/mgo.trig`` graph by graph, then verify; raises :class:`StoreError` or
    :class:`LoadVerificationFailed`."""
    from mgo.embedded import read_trig
    from mgo.project import layers

    quads, _ = read_trig(dist)
    graphs = graphs_of(quads)
    total = sum(len(t) for t in graphs.values())
    target = graph_store or endpoint
    if out is not None:
        print(f"loading {len(graphs)} graphs ({total} triples) into {target}", file=out)
    stale = [each.graph_iri for each in layers() if each.graph_iri not in graphs]
    done = load_graphs(graphs, target, credentials=credentials, timeout=timeout, stale=stale, out=out)
    if verify_after:
        try:
            problems = verify(endpoint, graphs, credentials=credentials, timeout=timeout)
        except StoreError as exc:
            raise StoreError(
                f"the graphs were uploaded, but checking them through {endpoint} failed: {exc.message}",
                hint=exc.hint or "check --endpoint: it must be the store's SPARQL query URL",
            ) from None
        if problems:
            raise LoadVerificationFailed(
                f"the store does not hold the publication after loading ({len(problems)} graphs differ)",
                hint="the store changed or dropped triples; see the differences listed",
                problems=[Problem(p) for p in problems],
            )
        if out is not None:
            print(
                f"verified through {endpoint}: all {len(graphs)} graphs hold exactly the publication's "
                f"{total} triples (per predicate: count, IRI and text lengths match)",
                file=out,
            )
    return done


# --- command line -------------------------------------------------------------------------------------------


def add_parser(subparsers: Any, parents: list[argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
    """Register ``mgo load`` on the CLI's subparsers (``parents``: the CLI's common options)."""
    from mgo.embedded import add_dist_arguments

    parser = subparsers.add_parser(
        "load",
        parents=parents or [],
        help="load the publication into a triple store (Graph Store Protocol), then verify it",
        description=(
            "Load every named graph of dist/mgo.trig into a store with the SPARQL 1.1 Graph Store Protocol "
            f"(PUT replaces), then check the triple counts per graph and predicate. Credentials: "
            f"{USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment."
        ),
    )
    parser.add_argument("--endpoint", required=True, help="the store's SPARQL query URL (used to verify)")
    parser.add_argument(
        "--graph-store",
        help="the store's Graph Store Protocol URL, if not --endpoint (Oxigraph: …/store; "
        "Virtuoso: …/sparql-graph-crud-auth)",
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per HTTP request (default 300)")
    parser.add_argument("--no-verify", action="store_true", help="skip the check of the counts after loading")
    add_dist_arguments(parser)
    return parser


def _check_url(option: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url!r}: not an http(s) URL", hint="for example http://127.0.0.1:7878/query")
    if parts.username or parts.password:
        raise UsageError(
            f"{option}: do not put credentials in the URL",
            hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment instead",
        )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo load``; raises :class:`mgo.errors.MgoError` subclasses for the CLI to report."""
    from mgo.embedded import built_dist

    _check_url("--endpoint", args.endpoint)
    if args.graph_store:
        _check_url("--graph-store", args.graph_store)
    credentials = Credentials.from_environment()
    dist = built_dist(args)
    load_publication_into(
        dist,
        args.endpoint,
        graph_store=args.graph_store,
        credentials=credentials,
        timeout=args.timeout,
        verify_after=not args.no_verify,
        out=out,
    )
    return EXIT_OK
