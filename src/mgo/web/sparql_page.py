"""``/sparql`` in a browser: the site's SPARQL page with a plain form and the result as a table.

The page is the site's own ``sparql.html`` (rendered by ``mgo site`` with the site's Jinja base template, in
Dutch or English); ``mgo serve`` replaces the part between ``<!--mgo:sparql-->`` and ``<!--/mgo:sparql-->``
(on the static site: how to run queries) by ``templates/sparql_form.html``: a form that works without
JavaScript (``GET /sparql?query=…``), the competency queries as examples, the result as a table (ASK as
yes/no, CONSTRUCT as Turtle) and links that download the same result in each SPARQL result format
(``&format=json`` …, which overrides ``Accept`` for links). Every value is escaped by Jinja's autoescape;
only ``http(s)`` IRIs become links, and IRIs of the publication link to this server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from mgo.terms import BASE
from mgo.web.site.competency import read_queries
from mgo.web.site.i18n import MESSAGES

START = b"<!--mgo:sparql-->"
END = b"<!--/mgo:sparql-->"
#: the ``format`` parameter of ``/sparql`` (download links): name -> media type
FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
RESULT_DOWNLOADS = (("SPARQL JSON", "json"), ("SPARQL XML", "xml"), ("CSV", "csv"), ("TSV", "tsv"))
GRAPH_DOWNLOADS = (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdf"))
#: what the page asks the query workers for: results as JSON (a table), graphs as Turtle
PAGE_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


@dataclass
class Example:
    name: str
    question: dict[str, str]
    sparql: str


@dataclass
class PageResult:
    variables: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str | None]]] = field(default_factory=list)
    boolean: bool | None = None
    text: str | None = None


def read_examples(folder: Path | None) -> list[Example]:
    """The competency queries (``queries/*.rq``) as examples; none when the folder is missing."""
    if folder is None or not folder.is_dir():
        return []

    return [Example(q.name, q.question, q.sparql) for q in read_queries(folder)]


def _cell(binding: dict[str, str] | None) -> dict[str, str | None]:
    if binding is None:
        return {"text": "", "href": None}
    value = binding.get("value", "")
    if binding.get("type") == "uri":
        if value.startswith(BASE):
            return {"text": value, "href": value[len(BASE) - 1 :]}
        return {"text": value, "href": value if value.startswith(("http://", "https://")) else None}
    if binding.get("xml:lang"):
        return {"text": f"{value} @{binding['xml:lang']}", "href": None}
    return {"text": value, "href": None}


def result_of(content_type: str, body: bytes) -> PageResult:
    """The page's view of a worker's answer (SPARQL results JSON, or Turtle for CONSTRUCT/DESCRIBE)."""
    if content_type.startswith("application/sparql-results+json"):
        data = json.loads(body)
        if "boolean" in data:
            return PageResult(boolean=bool(data["boolean"]))
        variables = list(data.get("head", {}).get("vars", []))
        rows = [[_cell(row.get(var)) for var in variables] for row in data.get("results", {}).get("bindings", [])]
        return PageResult(variables=variables, rows=rows)
    return PageResult(text=body.decode("utf-8", errors="replace"))


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined  # lazy: only the SPARQL page needs Jinja2

    return Environment(
        loader=PackageLoader("mgo.web.site", "templates"), autoescape=True, undefined=StrictUndefined, trim_blocks=True
    )


_ENV: Any = None


def render(
    shell: bytes | None,
    lang: str,
    *,
    query: str,
    examples: list[Example],
    result: PageResult | None = None,
    error: str | None = None,
    kind: str = "results",
) -> bytes:
    """The page: the site's ``sparql.html`` (``shell``) with the form, examples and result filled in."""
    global _ENV

    if _ENV is None:
        _ENV = _environment()
    texts = SimpleNamespace(**{key: value.get(lang, value.get("nl", "")) for key, value in MESSAGES.items()})
    listed = [
        (
            each.name,
            each.question.get(lang) or each.question.get("nl") or each.name,
            "/sparql?" + urlencode({"query": each.sparql}),
        )
        for each in examples
    ]
    downloads = [
        (label, "/sparql?" + urlencode({"query": query, "format": name}))
        for label, name in (GRAPH_DOWNLOADS if kind == "graph" else RESULT_DOWNLOADS)
    ]
    fragment = _ENV.get_template("sparql_form.html").render(
        t=texts, action="/sparql", query=query, examples=listed, result=result, error=error, downloads=downloads
    )
    data = fragment.encode("utf-8")
    if shell is not None and START in shell and END in shell:
        head, rest = shell.split(START, 1)
        _, tail = rest.split(END, 1)
        # the page's relative links are written for sparql.html in its folder (en/ for English)
        base = b'<base href="/en/sparql.html">' if lang == "en" else b'<base href="/sparql.html">'
        head = head.replace(b"<head>", b"<head>" + base, 1)
        return head + data + tail
    title = texts.sparql_title
    return (
        (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><main><h1>{title}</h1>\n"
        ).encode()
        + data
        + b"</main></body></html>\n"
    )
