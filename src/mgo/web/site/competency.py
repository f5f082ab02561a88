"""The competency questions and their results: ``queries/*.rq`` and the golden ``*.srj`` beside each.

The page shows the golden result, not a fresh run: the golden file is what the tests compare the build
against (``queries/README.md``), so the page shows exactly what the project vouches for, and the site needs
no query engine. Each ``.rq`` opens with ``# nl:``, ``# en:``, ``# why:`` and ``# why-nl:`` lines (the question and why
it is asked, in both languages); a missing line is shown as missing, never invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from mgo.web.site.rdf import Blank, Iri, Lit, Term


@dataclass
class QueryResult:
    variables: list[str]
    rows: list[dict[str, Term]]
    boolean: bool | None = None


@dataclass
class CompetencyQuery:
    name: str
    question: dict[str, str] = field(default_factory=dict)  # lang → text (the "# nl:"/"# en:" lines)
    why: str = ""  # the "# why:" line (English)
    why_nl: str = ""  # the "# why-nl:" line (Dutch)
    sparql: str = ""  # the query without its header comment lines
    result: QueryResult | None = None


def _term(binding: dict[str, str]) -> Term:
    kind = binding.get("type")
    if kind == "uri":
        return Iri(binding["value"])
    if kind == "bnode":
        return Blank(binding["value"])
    datatype = binding.get("datatype", "")
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = ""
    return Lit(binding["value"], binding.get("xml:lang", ""), datatype)


def read_result(path: Path) -> QueryResult:
    """A SPARQL 1.1 Query Results JSON document (https://www.w3.org/TR/sparql11-results-json/)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "boolean" in data:
        return QueryResult([], [], bool(data["boolean"]))
    variables = list(data.get("head", {}).get("vars", []))
    rows = [{name: _term(value) for name, value in row.items()} for row in data["results"]["bindings"]]
    return QueryResult(variables, rows)


def read_query(path: Path) -> CompetencyQuery:
    query = CompetencyQuery(path.stem)
    body: list[str] = []
    header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if header and line.startswith("#"):
            key, _, rest = line[1:].strip().partition(":")
            if key in ("nl", "en") and rest:
                query.question[key] = rest.strip()
                continue
            if key == "why" and rest:
                query.why = rest.strip()
                continue
            if key == "why-nl" and rest:
                query.why_nl = rest.strip()
                continue
        header = False
        body.append(line)
    query.sparql = "\n".join(body).strip() + "\n"
    for suffix in (".srj", ".json"):
        golden = path.with_suffix(suffix)
        if golden.is_file():
            query.result = read_result(golden)
            break
    return query


def read_queries(folder: Path | None) -> list[CompetencyQuery]:
    """Every ``*.rq`` directly in ``folder`` (not ``derive/``, the build's own rules), sorted by name."""
    if folder is None or not folder.is_dir():
        return []
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]
