"""Quality queries: ``queries/checks/*-violation.rq`` on Oxigraph; every row is a finding.

The ODK / ROBOT habit (STYLE.md): a quality rule that needs to compare many resources (cycles, uniqueness,
reachability) is one set-based SPARQL query that returns a row per offence, run once over the whole
publication. On Oxigraph each takes milliseconds (PERF-FACTS.md: ~100x rdflib's engine). The rules are ports
of qSKOS (Mader, Haslhofer & Isaac, *Finding Quality Issues in SKOS Vocabularies*, 2012) plus our own.

A query file opens with comment lines that describe its rule::

    # name-nl: Weesbegrip                       the rule's name, Dutch and English
    # name-en: Orphan concept
    # nl: Welke begrippen …?                    the question it answers, Dutch and English
    # en: Which concepts …?
    # severity: error                           error (default), warning or info
    # after: qSKOS "Orphan Concepts"            where the rule comes from (optional)

and selects ``?resource`` (required), ``?message_nl`` and ``?message_en`` (required: what is wrong, in plain
words), and optionally ``?label``, ``?property`` and ``?value`` (the statement at fault, used to point to its
line). The store (:func:`load_check_store`) holds the publication in the default graph and the shapes layer
in its named graph, so a query may look at the shapes too (``GRAPH <…/graph/shapes>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from mgo.errors import MissingFileError, UsageError
from mgo.findings import Finding, Rule
from mgo.rdf.convert import to_oxigraph, to_rdflib
from mgo.rdf.labels import label as best_label
from mgo.terms import SHAPES_GRAPH

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from mgo.pipeline.locate import SourceIndex

CHECKS_DIR = Path("queries") / "checks"
SUFFIX = "-violation.rq"
_HEADER = re.compile(r"^#\s*(name-nl|name-en|nl|en|severity|after):\s*(.*?)\s*$")
REQUIRED_VARIABLES = ("resource", "message_nl", "message_en")


@dataclass(frozen=True)
class CheckQuery:
    """One ``*-violation.rq`` file: its rule (ID = file name without ``-violation.rq``) and its text."""

    path: Path
    rule: Rule
    text: str
    questions: dict[str, str]
    after: str = ""


def query_files(root: Path) -> list[Path]:
    return sorted((root / CHECKS_DIR).glob(f"*{SUFFIX}"))


def read_query(path: Path) -> CheckQuery:
    """Parse the header of a check query (see the module docstring)."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1), match.group(2))
    severity = fields.get("severity", "error")
    if severity not in ("error", "warning", "info"):
        raise UsageError(f"{path}: severity {severity!r} is not error, warning or info", file=path)
    rule_id = path.name[: -len(SUFFIX)]
    names = {lang: fields[f"name-{lang}"] for lang in ("nl", "en") if f"name-{lang}" in fields}
    questions = {lang: fields[lang] for lang in ("nl", "en") if lang in fields}
    return CheckQuery(
        path=path,
        rule=Rule(rule_id, names=names or {"en": rule_id}, description=questions, severity=severity),
        text=text,
        questions=questions,
        after=fields.get("after", ""),
    )


def load_queries(root: Path) -> list[CheckQuery]:
    files = query_files(root)
    if not files:
        raise MissingFileError(
            f"no quality queries: nothing matches {CHECKS_DIR}/*{SUFFIX} in {root}",
            hint="a check that finds no queries would pass without checking anything",
        )
    return [read_query(path) for path in files]


# --- the store ------------------------------------------------------------------------------------------


def load_check_store(publication: Graph, shapes: Graph | None = None) -> pyoxigraph.Store:
    """The publication in the default graph and the shapes in ``graph/shapes`` (terms converted directly:
    no serialisation round trip)."""

    store = pyoxigraph.Store()
    default = pyoxigraph.DefaultGraph()
    cache: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_oxigraph(term)
        return found

    quads = [pyoxigraph.Quad(convert(s), convert(p), convert(o), default) for s, p, o in publication]
    if shapes is not None:
        graph = pyoxigraph.NamedNode(SHAPES_GRAPH)
        quads += [pyoxigraph.Quad(convert(s), convert(p), convert(o), graph) for s, p, o in shapes]
    store.extend(quads)
    return store


# --- running --------------------------------------------------------------------------------------------


def _named_owner(store: pyoxigraph.Store, node: Any) -> Any:
    """The nearest IRI that holds blank node ``node`` (``[ … ]`` written inside its block), or ``None``."""

    seen = {node}
    frontier = [node]
    while frontier:
        current = frontier.pop(0)
        for quad in store.quads_for_pattern(None, None, current, None):
            subject = quad.subject
            if isinstance(subject, pyoxigraph.NamedNode):
                return subject
            if subject not in seen:
                seen.add(subject)
                frontier.append(subject)
    return None


def run_check_query(
    store: pyoxigraph.Store,
    query: CheckQuery,
    *,
    index: SourceIndex | None = None,
    labels: Graph | None = None,
) -> list[Finding]:
    """The findings of one query: one per distinct row (resource, property, value, messages)."""

    try:
        answer = store.query(query.text)
    except SyntaxError as exc:
        raise UsageError(
            f"SPARQL syntax error in {query.path.name}: {exc}",
            file=query.path,
            hint="check the query against https://www.w3.org/TR/sparql11-query/",
        ) from None
    if not isinstance(answer, pyoxigraph.QuerySolutions):
        raise UsageError(f"{query.path.name}: a check query must be a SELECT query", file=query.path)
    variables = {v.value for v in answer.variables}
    missing = [name for name in REQUIRED_VARIABLES if name not in variables]
    if missing:
        raise UsageError(
            f"{query.path.name}: the query does not select {', '.join('?' + m for m in missing)}",
            file=query.path,
            hint="select ?resource ?message_nl ?message_en (and optionally ?label ?property ?value)",
        )
    findings: dict[tuple[Any, ...], Finding] = {}
    for row in answer:
        resource = row["resource"]
        located_at = resource
        if isinstance(resource, pyoxigraph.BlankNode):
            located_at = _named_owner(store, resource) or resource
        prop = row["property"] if "property" in variables else None
        value = row["value"] if "value" in variables else None
        label_term = row["label"] if "label" in variables else None
        label = label_term.value if label_term is not None else None
        if label is None and labels is not None and isinstance(located_at, pyoxigraph.NamedNode):
            label = best_label(labels, to_rdflib(located_at))
        messages = {lang: row[f"message_{lang}"].value for lang in ("nl", "en") if row[f"message_{lang}"] is not None}
        location = None
        if index is not None:
            prop_iri = prop.value if isinstance(prop, pyoxigraph.NamedNode) else None
            if isinstance(resource, pyoxigraph.NamedNode):
                location = index.locate(resource.value, prop_iri, to_rdflib(value))
            elif prop_iri is not None and value is not None:
                location = index.locate_value(prop_iri, to_rdflib(value))
            if location is None and isinstance(located_at, pyoxigraph.NamedNode):
                location = index.locate(located_at.value)
        finding = Finding(
            check="queries",
            rule=query.rule.id,
            severity=query.rule.severity,
            messages=messages,
            resource=located_at,
            label=label,
            location=location,
            property=prop,
            value=value,
        )
        key = (finding.iri, finding.property_text, finding.value_text, messages.get("en"))
        findings.setdefault(key, finding)
    return list(findings.values())
