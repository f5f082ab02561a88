"""``mgo load [BASE]``: put the publication into an external triple store, then prove it arrived term for term.

**Where.** The store's base URL (``http://127.0.0.1:8890``) is enough: :mod:`mgo.query.stores` detects or is told
(``--store oxigraph|virtuoso|fuseki|graphdb|generic``) the kind of store and derives its SPARQL endpoint and
its SPARQL 1.1 Graph Store HTTP Protocol endpoint (https://www.w3.org/TR/sparql11-http-rdf-update/);
``--endpoint`` and ``--graph-store`` override either. Credentials come from the environment only,
``MGO_STORE_USER`` and ``MGO_STORE_PASSWORD`` (never the command line, where ``ps`` and the shell history
would show them); Basic and Digest are both answered (Virtuoso's ``-auth`` endpoints use Digest).

**Fail fast.** Before uploading, one ``GET {graph-store}?default`` (5 s) must answer RDF: a refused
connection, a missing endpoint (404), a login the store wants (401: "needs credentials"), or a URL that is
a SPARQL form page rather than a Graph Store (Virtuoso's ``/sparql`` answers HTML to a ``GET`` and leaves a
``PUT`` unanswered for minutes) each stop the load within seconds with the cause. Every later request
waits at most ``--timeout`` seconds (default 30) for the store to answer.

**What.** One ``PUT {graph-store}?graph={IRI}`` (section 5.3: it *replaces*, so loading twice leaves the store
as loading once did) per named graph of ``dist/mgo.trig`` — the layers and ``…/graph/void`` — printed as it
goes. Where a query without ``FROM`` reads a default graph of its own (Oxigraph, Fuseki), the publication
itself (``dist/mgo.ttl``, the union of the published layers) is also ``PUT`` into the default graph, so
plain queries see it; :func:`mgo.query.stores.union_advice` says how to query it on each store. A layer the
publication no longer has is deleted (section 5.4), so the store never keeps a stale layer.

**Verify, term for term.** Each graph is read back through the SPARQL endpoint (``CONSTRUCT``, as
N-Triples: Virtuoso's Turtle writer turns ``"0.7"^^xsd:double`` into the decimal ``0.69999999999999995559``)
and compared with the publication's by a SHA-256 of its canonical N-Quads (W3C RDFC-1.0 blank-node labels,
pyoxigraph's ``Dataset.canonicalize``, sorted lines). Only the value-preserving normalisations of
:data:`NORMALISATIONS` are tolerated, and each one that was needed is named with its count and an example
(Oxigraph 0.5 stores ``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer``).

Exit codes (see :mod:`mgo.errors`): ``2`` when the store cannot be reached, refuses the login, or answers an
upload with an error (a :class:`StoreError`; the message lists which graphs were replaced before the
failure, so a half-load is never silent); ``1`` when everything was accepted but the store does not hold
what was sent (:class:`LoadVerificationFailed`).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote, urlsplit

import pyoxigraph

from mgo.config import layers
from mgo.errors import EXIT_OK, DataError, Problem, UsageError
from mgo.pipeline.build import built_dist
from mgo.pipeline.publication import Publication
from mgo.query.http import opener, unreachable
from mgo.query.remote import PASSWORD_VARIABLE, USER_VARIABLE, Credentials, StoreError, login_hint, published_graphs
from mgo.query.stores import KINDS, resolve, union_advice
from mgo.rdf.canon import canonical_nquads
from mgo.terms import XSD

if TYPE_CHECKING:
    import urllib.request

    import pyoxigraph

    from mgo.query.stores import StoreUrls

DEFAULT_TIMEOUT = 30.0
#: seconds for the check of the Graph Store endpoint before anything is uploaded
PREFLIGHT_TIMEOUT = 5.0
USER_AGENT = "mgo-load"
#: the name of the default graph in messages (it has no IRI)
DEFAULT_GRAPH = "the default graph"


class LoadVerificationFailed(DataError):
    """The store accepted the upload but does not hold exactly the publication's triples (exit code 1)."""


@dataclass(frozen=True)
class GraphLoad:
    """What was sent for one graph."""

    iri: str
    triples: int
    seconds: float


# --- reading the publication ------------------------------------------------------------------------------


def graphs_of(quads: list[pyoxigraph.Quad]) -> dict[str, list[pyoxigraph.Triple]]:
    """The triples of each named graph, in the order the graphs first appear (default-graph quads ignored)."""

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


def publication_union(graphs: dict[str, list[pyoxigraph.Triple]]) -> list[pyoxigraph.Triple]:
    """The union of the published layers (what ``dist/mgo.ttl`` holds), each triple once."""

    union: dict[pyoxigraph.Triple, None] = {}
    for iri in published_graphs():
        for triple in graphs.get(iri, []):
            union.setdefault(triple)
    return list(union)


# --- canonical comparison ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Normalisation:
    """A value-preserving change a store may make to a literal: the publication's term -> the store's."""

    name: str
    why: str
    apply: Callable[[pyoxigraph.Literal], pyoxigraph.Literal | None]


_INTEGER_SUBTYPES = {
    XSD + name
    for name in (
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def _as_integer(literal: pyoxigraph.Literal) -> pyoxigraph.Literal | None:

    if literal.datatype.value in _INTEGER_SUBTYPES and re.fullmatch(r"\s*[+-]?\d+\s*", literal.value):
        return pyoxigraph.Literal(str(int(literal.value)), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    return None


def _canonical_lexical(literal: pyoxigraph.Literal) -> pyoxigraph.Literal | None:

    datatype, text = literal.datatype.value, literal.value.strip()
    canonical = None
    if datatype == XSD + "integer" or datatype in _INTEGER_SUBTYPES:
        canonical = str(int(text)) if re.fullmatch(r"[+-]?\d+", text) else None
    elif datatype == XSD + "boolean":
        canonical = {"1": "true", "0": "false", "true": "true", "false": "false"}.get(text)
    elif datatype == XSD + "decimal" and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        value = format(Decimal(text).normalize(), "f")
        canonical = value if "." in value else value + ".0"
    if canonical is None or canonical == literal.value:
        return None
    return pyoxigraph.Literal(canonical, datatype=literal.datatype)


def _plain_double(literal: pyoxigraph.Literal) -> pyoxigraph.Literal | None:
    """An ``xsd:double``/``xsd:float`` in plain decimal notation, as Oxigraph (Rust's ``Display``) and Virtuoso
    write it: ``"4.0E-1"`` (the XSD canonical form the publication uses) as ``"0.4"``, ``"1.0E0"`` as ``"1"``."""

    if literal.datatype.value not in (XSD + "double", XSD + "float"):
        return None
    try:
        number = float(literal.value)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    plain = format(Decimal(repr(number)), "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return None if plain == literal.value else pyoxigraph.Literal(plain, datatype=literal.datatype)


def _lower_language(literal: pyoxigraph.Literal) -> pyoxigraph.Literal | None:

    if literal.language and literal.language != literal.language.lower():
        return pyoxigraph.Literal(literal.value, language=literal.language.lower())
    return None


#: the only differences between the publication and a store's copy that verification accepts, each
#: value-preserving; any other difference fails the load
NORMALISATIONS: tuple[Normalisation, ...] = (
    Normalisation(
        "xsd:integer subtype stored as xsd:integer",
        "the same number; Oxigraph 0.5 keeps xsd:nonNegativeInteger, xsd:int and the like as xsd:integer",
        _as_integer,
    ),
    Normalisation(
        "canonical lexical form",
        'the same value written canonically (XSD 1.1): "05"^^xsd:integer as "5", "1"^^xsd:boolean as "true"',
        _canonical_lexical,
    ),
    Normalisation(
        "xsd:double in plain decimal notation",
        'the same number; Oxigraph and Virtuoso write "4.0E-1"^^xsd:double as "0.4"',
        _plain_double,
    ),
    Normalisation("language tag in lower case", "BCP 47 tags are case-insensitive (RDF 1.1, 3.3)", _lower_language),
)


def graph_hash(triples: list[pyoxigraph.Triple]) -> str:
    """``sha256:`` of :func:`canonical_nquads`."""
    return _sha256(canonical_nquads(triples))


def _sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Comparison:
    """The publication's graph against the store's copy."""

    iri: str
    expected: int
    actual: int
    store_hash: str
    publication_hash: str
    #: normalisation name -> (count, example "publication term -> store term")
    normalised: dict[str, tuple[int, str]] = field(default_factory=dict)
    only_publication: list[str] = field(default_factory=list)
    only_store: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.only_publication and not self.only_store and self.expected == self.actual

    def summary(self) -> str:
        if self.normalised:
            named = "; ".join(
                f"{name}: {count} literals, e.g. {example}" for name, (count, example) in self.normalised.items()
            )
            how = f"equal after the tolerated normalisations ({named})"
        else:
            how = "identical"
        return f"{self.actual} triples, {self.store_hash[:23]}…, {how}"

    def problem(self) -> str:
        shown = [f"only in the publication: {t}" for t in self.only_publication[:3]]
        shown += [f"only in the store: {t}" for t in self.only_store[:3]]
        more = len(self.only_publication) + len(self.only_store) - len(shown)
        tail = f" (and {more} more)" if more > 0 else ""
        return (
            f"{_name(self.iri)} holds {self.actual} triples (the publication: {self.expected}), canonical hash "
            f"{self.store_hash[:23]}… instead of {self.publication_hash[:23]}…; " + "; ".join(shown) + tail
        )


def _name(iri: str) -> str:
    return iri if iri == DEFAULT_GRAPH else f"<{iri}>"


def compare(iri: str, publication: list[pyoxigraph.Triple], store: list[pyoxigraph.Triple]) -> Comparison:
    """Compare term for term; a publication literal the store lacks may be mapped by one :data:`NORMALISATIONS`
    rule to a literal the store has (then it is counted under that rule's name)."""

    publication = list(dict.fromkeys(publication))
    store = list(dict.fromkeys(store))
    store_literals = {t.object for t in store if isinstance(t.object, pyoxigraph.Literal)}
    mapping: dict[pyoxigraph.Literal, pyoxigraph.Literal] = {}
    normalised: dict[str, tuple[int, str]] = {}
    for literal in dict.fromkeys(t.object for t in publication if isinstance(t.object, pyoxigraph.Literal)):
        if literal in store_literals:
            continue
        for rule in NORMALISATIONS:
            changed = rule.apply(literal)
            if changed is not None and changed in store_literals:
                mapping[literal] = changed
                count, example = normalised.get(rule.name, (0, f"{literal} -> {changed}"))
                normalised[rule.name] = (count + 1, example)
                break
    adjusted = (
        [
            pyoxigraph.Triple(t.subject, t.predicate, mapping[t.object])  # type: ignore[index]
            if t.object in mapping
            else t
            for t in publication
        ]
        if mapping
        else publication
    )
    expected_text, actual_text = canonical_nquads(adjusted), canonical_nquads(store)
    result = Comparison(
        iri,
        len(publication),
        len(store),
        _sha256(actual_text),
        graph_hash(publication) if mapping else _sha256(expected_text),
        normalised,
    )
    if expected_text != actual_text:
        want, have = set(expected_text.splitlines()), set(actual_text.splitlines())
        result.only_publication = sorted(_ground(want - have))
        result.only_store = sorted(_ground(have - want))
        if not result.only_publication and not result.only_store:  # the difference is in blank-node structure
            result.only_publication = sorted(want - have)[:3]
            result.only_store = sorted(have - want)[:3]
    return result


def _ground(lines: set[str]) -> list[str]:
    """Lines without blank nodes first (their labels mean nothing across graphs), then the rest."""
    ground = [line for line in lines if "_:" not in line]
    return ground or list(lines)


# --- HTTP ---------------------------------------------------------------------------------------------------


def preemptive_login(
    credentials: Credentials | None, url: str, timeout: float
) -> Callable[[urllib.request.Request], None] | None:
    """Something that adds the login to a request *before* it is sent, or ``None`` (no login, no challenge).

    urllib answers a challenge by sending the request again, so an upload would first go out without the
    login: Virtuoso answers the 401 and closes the connection while a large body is still being sent
    ("Broken pipe" at ~10,000 triples). One bodiless ``GET`` of ``url`` fetches the challenge instead; each
    upload then carries its own Digest response (or the Basic header)."""
    import base64
    import urllib.error
    import urllib.request

    if credentials is None:
        return None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": USER_AGENT}), timeout=timeout):
            return None  # no login asked for
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except (urllib.error.URLError, OSError, ValueError):
        return None  # the request itself will report it
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
        return lambda req: req.add_unredirected_header("Authorization", f"Basic {token}")
    if scheme.lower() == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, credentials.user, credentials.password)
        digest = urllib.request.HTTPDigestAuthHandler(manager)
        fields = urllib.request.parse_keqv_list([part for part in urllib.request.parse_http_list(rest) if part])

        def add_digest(req: urllib.request.Request) -> None:
            value = digest.get_authorization(req, fields)
            if value:
                req.add_unredirected_header("Authorization", f"Digest {value}")

        return add_digest
    return None


def _short(body: bytes) -> str:
    """The first line or so of an error page, tags stripped (stores answer errors in HTML)."""
    text = re.sub(r"<[^>]*>", " ", body.decode("utf-8", errors="replace"))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:300]


def credentials_error(what: str, status: int, credentials: Credentials | None) -> StoreError:
    if credentials is None:
        return StoreError(
            f"{what}: the store needs credentials (HTTP {status}): set {USER_VARIABLE}/{PASSWORD_VARIABLE}",
            hint=login_hint(credentials),
        )
    return StoreError(f"{what}: the store refused the login (HTTP {status})", hint=login_hint(credentials))


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def request(
    opener_: urllib.request.OpenerDirector,
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
    timeout: float,
    credentials: Credentials | None,
    what: str,
    hint: str = "check --graph-store: it must be the store's Graph Store Protocol URL",
    missing_ok: bool = False,
    authorize: Callable[[urllib.request.Request], None] | None = None,
) -> Answer:
    """Send one request; any failure becomes a :class:`StoreError` with a message a user can act on."""
    import urllib.error
    import urllib.request

    headers = {"User-Agent": USER_AGENT}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    if authorize is not None:
        authorize(req)
    try:
        with opener_.open(req, timeout=timeout) as response:
            body = response.read()
            return Answer(int(response.status), response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        detail = _short(exc.read() or b"")
        if exc.code in (401, 403):
            raise credentials_error(what, exc.code, credentials) from None
        if exc.code == 404 and (method == "DELETE" or missing_ok):
            return Answer(404, "", b"")
        if exc.code == 404 and method == "PUT":
            raise StoreError(
                f"{what}: there is no Graph Store endpoint at {url.split('?')[0]} (HTTP 404)", hint=NOT_GSP_HINT
            ) from None
        raise StoreError(
            f"{what}: the store answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else ""), hint=hint
        ) from None
    except ValueError as exc:  # urllib's digest handler on an unusable challenge, a malformed URL
        raise StoreError(f"{what}: {exc}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise unreachable(url, exc, timeout) from None


def graph_url(graph_store: str, graph: str | None) -> str:
    """``{graph_store}?graph={IRI}`` (indirect graph identification, GSP section 4.2); ``None``: ``?default``."""
    separator = "&" if "?" in graph_store else "?"
    if graph is None:
        return f"{graph_store}{separator}default"
    return f"{graph_store}{separator}graph={quote(graph, safe='')}"


RDF_TYPES = ("application/n-triples", "text/turtle", "application/n-quads", "application/rdf+xml", "text/plain")


def preflight(
    graph_store: str, graph: str, *, credentials: Credentials | None, timeout: float = PREFLIGHT_TIMEOUT
) -> None:
    """``GET {graph_store}?graph={graph}`` must answer RDF (or 404: no such graph yet) within ``timeout``: the
    causes a load would otherwise hit only after minutes (or never report) are found here in seconds.

    Not ``?default``: Virtuoso's Graph Store has no default graph and answers it with HTTP 500."""
    url = graph_url(graph_store, graph)
    answer = request(
        opener(credentials, graph_store),
        "GET",
        url,
        accept="application/n-triples, text/turtle;q=0.9, */*;q=0.1",
        timeout=timeout,
        credentials=credentials,
        what=f"the Graph Store endpoint {graph_store}",
        hint=NOT_GSP_HINT,
        missing_ok=True,
    )
    kind = answer.content_type.split(";")[0].strip().lower()
    if answer.status == 200 and kind not in RDF_TYPES:
        raise StoreError(
            f"{graph_store} is not a Graph Store Protocol endpoint: a GET of one graph answers "
            f"{kind or 'no content type'}, not RDF",
            hint=NOT_GSP_HINT,
        )


NOT_GSP_HINT = (
    "give the store's base URL (mgo derives its Graph Store URL) or its Graph Store URL with --graph-store "
    "(Virtuoso: /sparql-graph-crud-auth, Oxigraph: /store, Fuseki: /DATASET/data, "
    "GraphDB: /repositories/REPO/rdf-graphs/service)"
)


# --- load and verify ----------------------------------------------------------------------------------------


def load_graphs(
    graphs: dict[str, list[pyoxigraph.Triple]],
    graph_store: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stale: list[str] | None = None,
    default_graph: list[pyoxigraph.Triple] | None = None,
    out: TextIO | None = None,
) -> list[GraphLoad]:
    """``PUT`` every graph (and ``default_graph`` into the default graph), ``DELETE`` the ``stale`` ones;
    a failure names what was already done; one line per graph on ``out`` as it goes.

    The body is N-Triples, sent as ``text/turtle`` (every N-Triples document is Turtle, and every store
    reads Turtle). Not prefixed Turtle: Virtuoso 7.2 keeps the backslash of ``definitie:x\\/en`` (a legal
    Turtle local name) in the IRI, and N-Triples has no prefixed names to get wrong.
    """

    session = opener(credentials, graph_store)
    first = next(iter(graphs), None)
    login = preemptive_login(credentials, graph_url(graph_store, first), min(timeout, PREFLIGHT_TIMEOUT))
    targets: list[tuple[str | None, list[pyoxigraph.Triple]]] = list(graphs.items())
    if default_graph is not None:
        targets.append((None, default_graph))
    done: list[GraphLoad] = []
    for index, (iri, triples) in enumerate(targets, 1):
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        name = _name(iri or DEFAULT_GRAPH)
        started = time.perf_counter()
        try:
            request(
                session,
                "PUT",
                graph_url(graph_store, iri),
                data=body,
                content_type="text/turtle; charset=utf-8",
                timeout=timeout,
                credentials=credentials,
                what=f"loading {name}",
                authorize=login,
            )
        except StoreError as exc:
            loaded = {d.iri for d in done}
            raise _partial(
                exc, done, [_name(g or DEFAULT_GRAPH) for g, _ in targets if (g or DEFAULT_GRAPH) not in loaded]
            ) from None
        done.append(GraphLoad(iri or DEFAULT_GRAPH, len(triples), time.perf_counter() - started))
        if out is not None:
            what = " (the publication: the union of the published layers)" if iri is None else ""
            print(
                f"  [{index}/{len(targets)}] PUT {name}{what}: {len(triples)} triples in {done[-1].seconds:.2f} s",
                file=out,
                flush=True,
            )
    for iri in stale or []:
        answer = request(
            session,
            "DELETE",
            graph_url(graph_store, iri),
            timeout=timeout,
            credentials=credentials,
            what=f"removing the stale graph <{iri}>",
        )
        if out is not None and answer.status != 404:
            print(f"  DELETE <{iri}>: the publication no longer has this layer", file=out, flush=True)
    return done


def _partial(error: StoreError, done: list[GraphLoad], missing: list[str]) -> StoreError:
    if not done:
        return error
    replaced = ", ".join(_name(d.iri) for d in done)
    left = ", ".join(missing)
    return StoreError(
        f"{error.message}. The load is INCOMPLETE: {replaced} were replaced, {left} were not "
        "(they still hold what they held before, if anything)",
        hint=(error.hint + "; then " if error.hint else "") + "run 'mgo load' again: it replaces every graph",
    )


def _sparql(
    endpoint: str, query: str, accept: str, *, credentials: Credentials | None, timeout: float, what: str
) -> Answer:
    import urllib.parse

    return request(
        opener(credentials, endpoint),
        "POST",
        endpoint,
        data=urllib.parse.urlencode({"query": query}).encode(),
        content_type="application/x-www-form-urlencoded",
        accept=accept,
        timeout=timeout,
        credentials=credentials,
        what=what,
        hint="check --endpoint: it must be the store's SPARQL query URL",
    )


def fetch_graph(
    endpoint: str, graph: str | None, *, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[pyoxigraph.Triple]:
    """A graph as the store holds it: ``CONSTRUCT`` through the SPARQL endpoint, asked for as N-Triples.

    A store may cap the rows of one answer (Virtuoso's ``ResultSetMaxRows``, 10,000 in Debian's
    ``virtuoso.ini``) without saying so: when the answer has fewer triples than ``COUNT(*)`` says, the graph
    is read again in parts by the MD5 of the subject (16 parts, each split again while it hits the cap;
    ``ORDER BY … OFFSET`` paging is refused by Virtuoso past the cap), the parts parsed as one document so
    that a blank node keeps its label across parts."""
    import json

    name = _name(graph or DEFAULT_GRAPH)
    where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"

    def run(query: str, accept: str = "application/n-triples") -> Answer:
        what = f"reading {name} back through {endpoint}"
        return _sparql(endpoint, query, accept, credentials=credentials, timeout=timeout, what=what)

    answer = run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}")
    triples = _parse_triples(endpoint, answer)
    counted = run(f"SELECT (COUNT(*) AS ?n) WHERE {where}", "application/sparql-results+json")
    try:
        total = int(json.loads(counted.body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        return triples
    if len(triples) >= total or not triples:
        return triples
    cap, bodies = len(triples), []

    def read(prefix: str) -> None:
        """The triples whose subject's MD5 starts with ``prefix``; split 16 ways while an answer is capped."""
        bucket = where[:-1] + f' FILTER(STRSTARTS(MD5(STR(?s)), "{prefix}")) }}'
        body = run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {bucket}").body
        if len(_parse_triples(endpoint, Answer(200, answer.content_type, body))) < cap or len(prefix) >= 4:
            bodies.append(body)
            return
        for digit in "0123456789abcdef":
            read(prefix + digit)

    for digit in "0123456789abcdef":
        read(digit)
    return list(dict.fromkeys(_parse_triples(endpoint, Answer(200, answer.content_type, b"\n".join(bodies)))))


def _parse_triples(endpoint: str, answer: Answer) -> list[pyoxigraph.Triple]:

    kind = answer.content_type.split(";")[0].strip().lower()
    rdf_format = pyoxigraph.RdfFormat.TURTLE if kind == "text/turtle" else pyoxigraph.RdfFormat.N_TRIPLES
    try:
        return [quad.triple for quad in pyoxigraph.parse(answer.body, format=rdf_format)]
    except SyntaxError as exc:
        raise StoreError(
            f"{endpoint} answered a CONSTRUCT with {kind or 'no type'} that is not N-Triples: {exc}"
        ) from None


def verify(
    endpoint: str,
    graphs: dict[str, list[pyoxigraph.Triple]],
    *,
    default_graph: list[pyoxigraph.Triple] | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Comparison]:
    """Read every graph back and compare it term for term with the publication's (:func:`compare`)."""
    targets: list[tuple[str | None, list[pyoxigraph.Triple]]] = list(graphs.items())
    if default_graph is not None:
        targets.append((None, default_graph))
    return [
        compare(iri or DEFAULT_GRAPH, triples, fetch_graph(endpoint, iri, credentials=credentials, timeout=timeout))
        for iri, triples in targets
    ]


def load_publication_into(
    dist: Path | Publication,
    urls: StoreUrls,
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    verify_after: bool = True,
    out: TextIO | None = None,
) -> list[GraphLoad]:
    """Load the publication (``dist/mgo.trig``, or the :class:`Publication` given) graph by graph, and the
    publication into the default graph where the store has one of its own, then verify; raises
    :class:`StoreError` or :class:`LoadVerificationFailed`."""

    publication = dist if isinstance(dist, Publication) else Publication.load(dist)
    graphs = graphs_of(publication.quads)
    default_graph = publication.union() if urls.kind.own_default_graph else None
    total = sum(len(t) for t in graphs.values())
    if out is not None:
        print(f"store: {urls.describe()}", file=out)
        print(f"loading {len(graphs)} graphs ({total} triples)", file=out, flush=True)
    preflight(urls.graph_store, next(iter(graphs)), credentials=credentials, timeout=min(timeout, PREFLIGHT_TIMEOUT))
    stale = [each.graph_iri for each in layers() if each.graph_iri not in graphs]
    done = load_graphs(
        graphs,
        urls.graph_store,
        credentials=credentials,
        timeout=timeout,
        stale=stale,
        default_graph=default_graph,
        out=out,
    )
    if verify_after:
        try:
            comparisons = verify(
                urls.sparql, graphs, default_graph=default_graph, credentials=credentials, timeout=timeout
            )
        except StoreError as exc:
            raise StoreError(
                f"the graphs were uploaded, but reading them back through {urls.sparql} failed: {exc.message}",
                hint=exc.hint or "check --endpoint: it must be the store's SPARQL query URL",
            ) from None
        failed = [c for c in comparisons if not c.equal]
        if failed:
            raise LoadVerificationFailed(
                f"the store does not hold the publication after loading ({len(failed)} graphs differ)",
                hint="the store changed or dropped triples; see the differences listed",
                problems=[Problem(c.problem()) for c in failed],
            )
        if out is not None:
            for comparison in comparisons:
                print(f"  verified {_name(comparison.iri)}: {comparison.summary()}", file=out)
            print(
                f"verified through {urls.sparql}: every graph holds the publication's triples term for term "
                "(canonical RDFC-1.0 N-Quads, SHA-256)",
                file=out,
            )
    if out is not None:
        present = [iri for iri in published_graphs() if iri in graphs]
        print(union_advice(urls.kind, present), file=out, end="")
    return done


# --- command line -------------------------------------------------------------------------------------------


def _check_url(option: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url!r}: not an http(s) URL", hint="for example http://127.0.0.1:7878")
    if parts.username or parts.password:
        raise UsageError(
            f"{option}: do not put credentials in the URL",
            hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment instead",
        )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``mgo load``; raises :class:`mgo.errors.MgoError` subclasses for the CLI to report."""

    for option, value in (("BASE", args.base), ("--endpoint", args.endpoint), ("--graph-store", args.graph_store)):
        if value:
            _check_url(option, value)
    credentials = Credentials.from_environment()
    if args.how_to_query and args.store:
        print(union_advice(KINDS[args.store], published_graphs()), file=out, end="")
        return EXIT_OK
    urls = resolve(
        args.base, store=args.store, endpoint=args.endpoint, graph_store=args.graph_store, credentials=credentials
    )
    if args.how_to_query:
        print(f"store: {urls.describe()}", file=out)
        print(union_advice(urls.kind, published_graphs()), file=out, end="")
        return EXIT_OK
    dist = built_dist(args)
    load_publication_into(
        dist, urls, credentials=credentials, timeout=args.timeout, verify_after=not args.no_verify, out=out
    )
    return EXIT_OK
