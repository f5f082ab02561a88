"""Queries on a remote SPARQL store (SPARQLWrapper), with results in the same canonical form as local ones.

``mgo query --endpoint URL NAME`` runs ``queries/NAME.rq`` on a store loaded by ``mgo load`` and prints what
``mgo query NAME`` prints for the embedded store: the result is turned into a :class:`mgo.query.local.QueryResult`
(pyoxigraph terms) and rendered by :mod:`mgo.query.local`, so the golden files compare byte for byte.

**The dataset.** ``mgo load`` keeps each layer in its own named graph; the publication (``dist/mgo.ttl``) is
the merge of the *published* layers. The query is therefore sent with one ``default-graph-uri`` per published
layer (SPARQL 1.1 Protocol, section 2.1.4: the same as one ``FROM`` line per layer, which the README
documents for every store and ``mgo load`` prints), so the same query text sees the same default graph as
locally; ``--verbose`` says so. A query with its own ``FROM`` is sent as it is.
Stores take such a default graph as a union of the graphs: a triple in two layers would be seen twice. The
build keeps the layers disjoint; ``tests/integration/test_remote.py`` checks it on the built publication.

**Normalisation** — only what is legitimately store-specific, each rule with its reason:

1. ``"type": "typed-literal"`` (Virtuoso writes the term type of the 2006 JSON results note) is read as
   ``"literal"`` with its ``datatype``: same RDF term.
2. A literal typed ``xsd:string`` is the simple literal (RDF 1.1, section 3.3: they are the same term);
   :func:`mgo.query.local.canonical_result` then writes it without a datatype, whichever way the store wrote it.
3. Language tags are compared lower-cased (BCP 47 tags are case-insensitive; RDF 1.1, section 3.3); pyoxigraph
   lower-cases them when the term is built.
4. Blank-node labels are store-specific; the canonical form relabels them ``b0``, ``b1``… in order.
5. Keys other than ``head.vars``, ``results.bindings`` and ``boolean`` (Virtuoso adds ``head.link``,
   ``results.distinct``, ``results.ordered``) are ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import urllib.error
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph

from mgo.config import layers
from mgo.errors import UsageError
from mgo.query.local import QueryResult, _blank_out, has_order_by

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.query.local import QueryResult

USER_VARIABLE = "MGO_STORE_USER"
PASSWORD_VARIABLE = "MGO_STORE_PASSWORD"
AGENT = "mgo (https://w3id.org/missiegedreven)"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class StoreError(UsageError):
    """The store cannot be reached, refuses the login, or rejects a request (exit code 2)."""


@dataclass(frozen=True)
class Credentials:
    """A store login, taken from the environment only (never from the command line)."""

    user: str
    password: str

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Credentials | None:
        """``MGO_STORE_USER``/``MGO_STORE_PASSWORD``; ``None`` when neither is set."""
        env = os.environ if environ is None else environ
        user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
        if user is None and password is None:
            return None
        if not user or password is None:
            raise UsageError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither (a store without login)")
        return cls(user, password)


def login_hint(credentials: Credentials | None) -> str:
    if credentials is None:
        return f"the store needs a login: set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment"
    return f"check {USER_VARIABLE} and {PASSWORD_VARIABLE}, and that this user may do this on the store"


def _wrapper(endpoint: str, text: str, return_format: str, timeout: float, default_graphs: tuple[str, ...]) -> Any:
    from SPARQLWrapper import N3, POST, SPARQLWrapper  # lazy: only --endpoint needs SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint, agent=AGENT)
    wrapper.setQuery(text)
    wrapper.setMethod(POST)  # form-encoded: no URL length limit for long queries
    wrapper.setReturnFormat(return_format)
    wrapper.setOnlyConneg(True)  # standard Accept negotiation only, no format=/output= parameters
    wrapper.setTimeout(int(max(1, timeout)))
    for graph in default_graphs:
        wrapper.addDefaultGraph(graph)
    if return_format == N3:
        # N-Triples, not Turtle: Virtuoso's Turtle writer turns "0.7"^^xsd:double into the decimal
        # 0.69999999999999995559 (its N-Triples keep the term); a store that still answers Turtle parses too
        wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.5")
    return wrapper


def _run(
    endpoint: str,
    text: str,
    return_format: str,
    *,
    credentials: Credentials | None,
    timeout: float,
    default_graphs: tuple[str, ...] = (),
) -> bytes:
    """The raw response body; login retried with Basic, then Digest, only when the store asks for one."""
    from SPARQLWrapper import BASIC, DIGEST  # lazy: only --endpoint needs SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import (
        SPARQLWrapperException,
        Unauthorized,
    )  # lazy: only --endpoint needs SPARQLWrapper

    attempts: list[str | None] = [None] + ([BASIC, DIGEST] if credentials is not None else [])
    for index, auth in enumerate(attempts):
        wrapper = _wrapper(endpoint, text, return_format, timeout, default_graphs)
        if auth is not None and credentials is not None:
            wrapper.setCredentials(credentials.user, credentials.password)
            wrapper.setHTTPAuth(auth)
        try:
            response = wrapper.query().response
            return bytes(response.read())
        except Unauthorized:
            if index == len(attempts) - 1:
                raise StoreError(
                    f"the SPARQL endpoint {endpoint} refused the query (HTTP 401)",
                    hint=login_hint(credentials),
                ) from None
        except SPARQLWrapperException as exc:
            detail = " ".join(str(exc).split())[:400]
            raise StoreError(f"the SPARQL endpoint {endpoint} answered an error: {detail}") from None
        except urllib.error.HTTPError as exc:
            if exc.code == 403:
                raise StoreError(
                    f"the SPARQL endpoint {endpoint} refused the query (HTTP 403)",
                    hint=login_hint(credentials),
                ) from None
            raise StoreError(f"the SPARQL endpoint {endpoint} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"cannot reach the SPARQL endpoint {endpoint} ({reason})",
                hint="is the store running, and is the URL right?",
            ) from None
    raise AssertionError("unreachable")


def query_json(
    endpoint: str,
    text: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
    default_graphs: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A SELECT or ASK query's SPARQL JSON results, parsed."""
    from SPARQLWrapper import JSON  # lazy: only --endpoint needs SPARQLWrapper

    body = _run(endpoint, text, JSON, credentials=credentials, timeout=timeout, default_graphs=default_graphs)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StoreError(f"the SPARQL endpoint {endpoint} did not answer SPARQL results JSON") from None
    if not isinstance(data, dict):
        raise StoreError(f"the SPARQL endpoint {endpoint} did not answer SPARQL results JSON")
    return data


def select(
    endpoint: str, text: str, *, credentials: Credentials | None = None, timeout: float = 60.0
) -> list[dict[str, Any]]:
    """The bindings of a SELECT query (list of variable -> JSON term)."""
    return list(
        query_json(endpoint, text, credentials=credentials, timeout=timeout).get("results", {}).get("bindings", [])
    )


def term_from_json(
    value: dict[str, Any], bnodes: dict[str, pyoxigraph.BlankNode] | None = None
) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """A SPARQL JSON term as a pyoxigraph term, normalised as the module docstring lists.

    ``bnodes`` maps the store's blank-node labels to fresh blank nodes (one map per result), so that one
    blank node in several rows stays one node.
    """

    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return pyoxigraph.NamedNode(text)
    if kind == "bnode":
        if bnodes is None:
            return pyoxigraph.BlankNode()
        return bnodes.setdefault(text, pyoxigraph.BlankNode())  # labels are store-specific (rule 4)
    if kind in ("literal", "typed-literal"):  # rule 1
        language = value.get("xml:lang")
        if language:
            return pyoxigraph.Literal(text, language=language.lower())  # rule 3
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:  # rule 2
            return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(datatype))
        return pyoxigraph.Literal(text)
    raise StoreError(f"unexpected term type {kind!r} in the store's results")


def result_from_json(data: dict[str, Any], *, ordered: bool) -> QueryResult:
    """A :class:`mgo.query.local.QueryResult` from SPARQL JSON results (rule 5: unknown keys ignored)."""

    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]), ordered=ordered)
    variables = [str(v) for v in data.get("head", {}).get("vars", [])]
    rows = []
    bnodes: dict[str, Any] = {}
    for binding in data.get("results", {}).get("bindings", []):
        rows.append({name: term_from_json(term, bnodes) for name, term in binding.items() if name in variables})
    return QueryResult("select", variables=variables, rows=rows, ordered=ordered)


def published_graphs() -> tuple[str, ...]:
    """The graph IRIs whose merge is the publication (``dist/mgo.ttl``): the published layers."""

    return tuple(each.graph_iri for each in layers() if each.published)


def run_remote_query(
    endpoint: str,
    text: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = 60.0,
    default_graphs: tuple[str, ...] | None = None,
) -> QueryResult:
    """Run ``text`` on the store at ``endpoint`` over the publication's layers; see the module docstring."""

    graphs = published_graphs() if default_graphs is None else default_graphs
    if default_graphs is None and names_its_dataset(text):
        graphs = ()  # the query's own FROM / FROM NAMED (a default-graph-uri parameter would override them)
    ordered = has_order_by(text)
    if _is_graph_query(text):
        from SPARQLWrapper import N3  # lazy: only --endpoint needs SPARQLWrapper

        body = _run(endpoint, text, N3, credentials=credentials, timeout=timeout, default_graphs=graphs)
        try:
            triples = [q.triple for q in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE)]
        except SyntaxError:
            raise StoreError(
                f"the SPARQL endpoint {endpoint} did not answer N-Triples or Turtle for a CONSTRUCT query"
            ) from None
        return QueryResult("construct", triples=triples, ordered=ordered)
    data = query_json(endpoint, text, credentials=credentials, timeout=timeout, default_graphs=graphs)
    return result_from_json(data, ordered=ordered)


def names_its_dataset(text: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause of its own (outside strings and IRIs)."""
    import re

    return re.search(r"\bFROM\b", _blank_out(text), re.IGNORECASE) is not None


def _is_graph_query(text: str) -> bool:
    from SPARQLWrapper import SPARQLWrapper  # lazy: only --endpoint needs SPARQLWrapper

    wrapper = SPARQLWrapper("http://localhost/")
    wrapper.setQuery(text)
    return wrapper.queryType in ("CONSTRUCT", "DESCRIBE")


# --- command line: the --endpoint option of `mgo query` -----------------------------------------------------


def query_endpoint(args: argparse.Namespace, text: str, err: Any = None) -> QueryResult:
    """The result of ``mgo query --endpoint URL …`` for the query ``text``; ``err``: where to say which graphs
    the query reads (the mechanism the README documents: the published layers as the default graph)."""
    from urllib.parse import urlsplit

    parts = urlsplit(args.endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint {args.endpoint!r}: not an http(s) URL")
    if parts.username or parts.password:
        raise UsageError(
            "--endpoint: do not put credentials in the URL",
            hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment instead",
        )
    if err is not None:
        if names_its_dataset(text):
            print("mgo query: the query names its own FROM graphs; no default-graph-uri sent", file=err)
        else:
            graphs = " ".join(f"<{iri}>" for iri in published_graphs())
            print(
                f"mgo query: reading the publication on {args.endpoint}: default-graph-uri {graphs} "
                "(the same as one FROM line per published layer)",
                file=err,
            )
    return run_remote_query(
        args.endpoint,
        text,
        credentials=Credentials.from_environment(),
        timeout=getattr(args, "timeout", 60.0),
    )
