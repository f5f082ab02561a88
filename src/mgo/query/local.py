"""SPARQL queries over the publication with pyoxigraph, and stable result texts for golden tests.

``mgo query NAME|FILE|-``: ``NAME`` is ``queries/NAME.rq``. The query runs on an in-memory pyoxigraph
``Store`` (~100x faster than rdflib's engine, PERF-FACTS.md): the store of the one
:class:`~mgo.pipeline.publication.Publication`, loaded from ``dist/`` (built first when missing or older than the
sources) or, with ``--sources``, made from the parsed and derived sources (no reasoning or validation; nothing
written). Its default graph is the publication (``dist/mgo.ttl``), each layer a named graph.

Golden results (``queries/NAME.srj``, or ``queries/NAME.csv``) are compared with :func:`canonical_result`,
a stable text: SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/) with keys sorted
and two-space indent, or CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/). Rows are sorted unless the
query has ``ORDER BY`` (then the query's order is the contract). Blank nodes get labels ``b0``, ``b1`` … in
order of appearance. ``CONSTRUCT``/``DESCRIBE`` give sorted N-Triples, blank nodes labelled by W3C RDFC-1.0.
``mgo query NAME --update-golden`` rewrites the golden file from the current result.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib.plugins.sparql.parser import parseQuery

from mgo.config import Project, layers
from mgo.errors import MissingFileError, UnknownQueryError, UsageError
from mgo.pipeline.build import build, is_stale
from mgo.pipeline.publication import Publication
from mgo.rdf.canon import canonical_nquads
from mgo.rdf.names import Names

if TYPE_CHECKING:
    import pyoxigraph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GOLDEN_SUFFIXES = (".srj", ".csv")
FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class QueryResult:
    """A query's answer, detached from the store. ``kind``: ``select``, ``ask`` or ``construct``."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)  # variable -> pyoxigraph term (unbound: absent)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    ordered: bool = False


# --- finding and loading --------------------------------------------------------------------------------


def available_queries(project: Project) -> list[str]:
    return sorted(path.stem for path in project.queries_dir.glob("*.rq"))


def resolve_query(project: Project, spec: str) -> tuple[str, str, Path | None]:
    """``(text, name, path)`` for ``NAME``, a file path, or ``-`` (stdin)."""
    if spec == "-":
        return sys.stdin.read(), "stdin", None
    path = Path(spec)
    looks_like_file = spec.endswith(".rq") or "/" in spec or path.suffix != ""
    if looks_like_file:
        if not path.is_file():
            raise MissingFileError(
                f"query file not found: {spec}", file=spec, hint="check the path, or give a query NAME"
            )
        return path.read_text(encoding="utf-8"), path.stem, path
    named = project.queries_dir / f"{spec}.rq"
    if not named.is_file():
        names = available_queries(project)
        listing = ", ".join(names) if names else f"(none: {project.queries_dir} has no .rq files)"
        raise UnknownQueryError(
            f"unknown query {spec!r}; available queries: {listing}",
            hint="run 'mgo query NAME' with one of these names, or give a .rq file path",
        )
    return named.read_text(encoding="utf-8"), spec, named


def publication_for(project: Project, *, from_sources: bool = False, build_if_stale: bool = True) -> Publication:
    """The publication ``mgo query`` runs on: the built one (``dist/``, built first when missing or older than
    the sources; one :meth:`Publication.load` per process) or, ``from_sources``, the parsed and derived sources."""
    if from_sources:
        return Publication.from_sources(project)
    if build_if_stale and is_stale(project):
        build(project)
    built = project.dist / "mgo.ttl"
    if not built.is_file():
        raise MissingFileError(f"{built} not found", file=built, hint="run 'mgo build' first")
    return Publication.load(project.dist)


def load_store(project: Project, *, from_sources: bool = False, build_if_stale: bool = True) -> pyoxigraph.Store:
    """The SPARQL store of :func:`publication_for`: the publication in the default graph, each layer named."""
    return publication_for(project, from_sources=from_sources, build_if_stale=build_if_stale).store


# --- running ---------------------------------------------------------------------------------------------

_STRINGS_AND_IRIS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>'
)
_COMMENT = re.compile(r"#[^\n]*")


def has_order_by(text: str) -> bool:
    """True when the query text has ``ORDER BY`` outside strings, IRIs and comments."""
    bare = _COMMENT.sub(" ", _STRINGS_AND_IRIS.sub(" ", text))
    return re.search(r"\bORDER\s+BY\b", bare, re.IGNORECASE) is not None


def run_query(store: pyoxigraph.Store, text: str) -> QueryResult:
    """Run ``text`` on ``store``; a SPARQL syntax error is a :class:`UsageError` (exit code 2) in one line."""

    try:
        answer = store.query(text)
    except SyntaxError as exc:
        raise syntax_error(str(exc), text) from None
    ordered = has_order_by(text)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer), ordered=ordered)
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            row = {}
            for name in variables:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return QueryResult("select", variables=variables, rows=rows, ordered=ordered)
    return QueryResult("construct", triples=list(answer), ordered=ordered)


# --- canonical text for goldens ------------------------------------------------------------------------


def _term_json(term: Any, bnodes: dict[str, str]) -> dict[str, str]:

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        label = bnodes.setdefault(term.value, f"b{len(bnodes)}")
        return {"type": "bnode", "value": label}
    if isinstance(term, pyoxigraph.Literal):
        data = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            data["datatype"] = term.datatype.value
        return data
    return {"type": "triple", "value": str(term)}


def _sorted_rows(result: QueryResult) -> list[dict[str, Any]]:
    if result.ordered:
        return list(result.rows)

    def key(row: dict[str, Any]) -> str:
        # queries/README.md: rows sorted by json.dumps(row, sort_keys=True), ASCII escapes included as
        # there. Blank nodes sort as equal: their labels are arbitrary.
        placeholder: dict[str, str] = {}
        return json.dumps(
            {k: _term_json(v, placeholder) if not _is_bnode(v) else {"type": "bnode"} for k, v in row.items()},
            sort_keys=True,
        )

    return sorted(result.rows, key=key)


def _is_bnode(term: Any) -> bool:

    return isinstance(term, pyoxigraph.BlankNode)


def canonical_result(result: QueryResult, fmt: str = "json") -> str:
    """The stable text of ``result``: ``json`` (SPARQL results JSON, ``.srj``) or ``csv``; see the module."""
    if result.kind == "construct":
        return canonical_nquads(list(dict.fromkeys(result.triples)))  # RDFC-1.0 labels: stable across stores
    if fmt == "csv":
        return _csv(result)
    if result.kind == "ask":
        data: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bnodes: dict[str, str] = {}
        bindings = [{k: _term_json(v, bnodes) for k, v in row.items()} for row in _sorted_rows(result)]
        data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _csv(result: QueryResult) -> str:

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    bnodes: dict[str, str] = {}
    for row in _sorted_rows(result):
        cells = []
        for name in result.variables:
            term = row.get(name)
            if term is None:
                cells.append("")
            elif isinstance(term, pyoxigraph.BlankNode):
                cells.append("_:" + bnodes.setdefault(term.value, f"b{len(bnodes)}"))
            else:
                cells.append(term.value)
        writer.writerow(cells)
    return buffer.getvalue()


def tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: header ``?var``, terms in Turtle/N-Triples syntax; canonical row order."""
    if result.kind == "construct":
        return canonical_result(result)
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in _sorted_rows(result):
        lines.append("\t".join(str(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


# --- table for people -----------------------------------------------------------------------------------


def known_prefixes(project: Project) -> dict[str, str]:
    """Prefix -> namespace from the ``@prefix``/``PREFIX`` lines of the built Turtle or the sources."""
    pattern = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*|):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)
    candidates = [project.dist / "mgo.ttl"]
    if not candidates[0].is_file():
        candidates = [p for each in layers() if each.published for p in project.root.glob(each.patterns[0])]
    prefixes: dict[str, str] = {}
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for prefix, namespace in pattern.findall(text):
            if prefix:
                prefixes.setdefault(prefix, namespace)
    return prefixes


def table(result: QueryResult, prefixes: dict[str, str] | None = None) -> str:
    """Aligned columns; IRIs shortened with ``prefixes``; a language shown only where a column mixes them."""

    names = Names(prefixes or {})
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "construct":
        return canonical_result(result)
    rows = _sorted_rows(result)
    show_language = {}
    for name in result.variables:
        tags = {row[name].language for row in rows if isinstance(row.get(name), pyoxigraph.Literal)}
        show_language[name] = len(tags) > 1
    bnodes: dict[str, str] = {}

    def cell(name: str, term: Any) -> str:
        if term is None:
            return ""
        if isinstance(term, pyoxigraph.NamedNode):
            return names.shorten(term.value)
        if isinstance(term, pyoxigraph.BlankNode):
            return "_:" + bnodes.setdefault(term.value, f"b{len(bnodes)}")
        if isinstance(term, pyoxigraph.Literal):
            text = term.value.replace("\n", " ")
            if show_language[name] and term.language:
                return f"{text} @{term.language}"
            return text
        return str(term)

    grid = [list(result.variables)] + [[cell(v, row.get(v)) for v in result.variables] for row in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(result.variables))]
    out = []
    for index, line in enumerate(grid):
        out.append("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    count = len(rows)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: QueryResult, fmt: str, prefixes: dict[str, str] | None = None) -> str:
    if fmt == "table":
        return table(result, prefixes)
    if fmt == "tsv":
        return tsv(result)
    if fmt in ("json", "csv"):
        return canonical_result(result, fmt)
    raise UsageError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")


# --- golden files ---------------------------------------------------------------------------------------


def golden_path(project: Project, name: str) -> Path | None:
    """The existing golden file of query ``name`` (``.srj`` preferred, else ``.csv``), or ``None``."""
    for suffix in GOLDEN_SUFFIXES:
        path = project.queries_dir / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def golden_text(result: QueryResult, path: Path) -> str:
    return canonical_result(result, "csv" if path.suffix == ".csv" else "json")


def update_golden(project: Project, name: str, store: pyoxigraph.Store) -> Path:
    """Rewrite ``queries/NAME.srj`` (or the existing ``.csv``) from the current result."""
    text, name, _ = resolve_query(project, name)
    path = golden_path(project, name) or project.queries_dir / f"{name}.srj"
    path.write_text(golden_text(run_query(store, text), path), encoding="utf-8", newline="")
    return path


def check_golden(project: Project, name: str, store: pyoxigraph.Store) -> tuple[bool, str, str]:
    """``(matches, expected, actual)`` for query ``name``; a missing golden file is a MissingFileError."""
    text, name, _ = resolve_query(project, name)
    path = golden_path(project, name)
    if path is None:
        raise MissingFileError(
            f"no golden result for query {name!r} (queries/{name}.srj or .csv)",
            hint=f"create it with: mgo query {name} --update-golden",
        )
    expected = path.read_bytes().decode("utf-8")  # bytes: keep the CRLF of a CSV golden
    actual = golden_text(run_query(store, text), path)
    return expected == actual, expected, actual


# --- the text of a query: prefixes, syntax errors, namespaces --------------------------------------------

_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
#: a prefixed name ``p:local`` (or ``p:``), not part of a variable, an IRI or another name
_PNAME = re.compile(
    r"(?<![\w?$:.-])([A-Za-z][\w.-]*[\w-]|[A-Za-z])?:((?:[\w-]|%[0-9A-Fa-f]{2}|\\.)(?:[\w.-]|%[0-9A-Fa-f]{2})*[\w-]?)?"
)
_POSITION = re.compile(r"^error at (\d+):(\d+): ")


def _blank_out(text: str) -> str:
    """``text`` with strings, IRIs and comments replaced by spaces (same length: positions stay valid)."""
    return _TOKENS.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query, prefix -> namespace (``""`` for the empty prefix)."""
    return {prefix or "": namespace for prefix, namespace in _PREFIX_DECL.findall(text)}


def used_prefixes(text: str) -> dict[str, int]:
    """The prefixes of the prefixed names a query uses, each with the offset of its first use."""
    bare = _blank_out(text)
    declared_at = {m.start() for m in re.finditer(r"\bPREFIX\s+", bare, re.IGNORECASE)}
    used: dict[str, int] = {}
    for match in _PNAME.finditer(bare):
        before = bare[: match.start()].rstrip()
        if any(before.upper().endswith("PREFIX") and start <= match.start() for start in declared_at):
            continue  # the declaration itself
        used.setdefault(match.group(1) or "", match.start())
    return used


def with_publication_prefixes(text: str, known: dict[str, str]) -> tuple[str, dict[str, str]]:
    """``text`` with a ``PREFIX`` line for each publication prefix it uses without declaring, and those."""
    declared = declared_prefixes(text)
    added = {p: known[p] for p in used_prefixes(text) if p not in declared and p in known}
    if not added:
        return text, {}
    lines = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(added.items()))
    return lines + text, added


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def _rdflib_position(text: str) -> tuple[int, int] | None:
    """``(line, column)`` of the token where rdflib's parser gives up, or ``None`` if it parses ``text``.

    Only on an error (importing rdflib costs ~0.2 s): pyoxigraph's parser reports the furthest point it
    tried, often the end of the query, and rdflib's pyparsing grammar the token that does not fit."""
    try:
        from pyparsing import ParseException
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        parseQuery(text)
    except ParseException as exc:
        return int(exc.lineno), int(exc.col)
    except Exception:  # rdflib may fail later, on something pyoxigraph rejected for another reason
        return None
    return None


def syntax_error(message: str, text: str, known: dict[str, str] | None = None, *, added_lines: int = 0) -> UsageError:
    """One line for a pyoxigraph syntax error in ``text``: the unknown prefix, a misspelt query form, or the
    position, the token before it and what the parser expected (without its lists of Unicode ranges).

    ``added_lines``: PREFIX lines prepended to ``text`` that the user did not write (positions are shifted
    back, and the unknown prefix is looked for in the user's lines)."""
    import difflib

    original = text.split("\n", added_lines)[-1] if added_lines else text
    position = _POSITION.match(message)
    detail = message[position.end() :] if position else message
    hint = "check the query against https://www.w3.org/TR/sparql11-query/"
    if "Prefix not found" in detail:
        declared = declared_prefixes(text)
        unknown = {p: at for p, at in used_prefixes(original).items() if p not in declared}
        if unknown:
            prefix, offset = min(unknown.items(), key=lambda item: item[1])
            line, column = _line_column(original, offset)
            close = difflib.get_close_matches(prefix, sorted(known or {}), n=1)
            hint = f"declare it (PREFIX {prefix}: <…>)" + (f", or did you mean {close[0]}:?" if close else "")
            if known:
                hint += f"; mgo query adds the publication's own prefixes: {', '.join(p + ':' for p in sorted(known))}"
            return UsageError(
                f"SPARQL syntax error at line {line}, column {column}: unknown prefix {prefix}:", hint=hint
            )
    body = _blank_out(original)
    form = re.search(r"[A-Za-z]+", re.sub(r"(?i)\b(PREFIX\s+(?:[A-Za-z][\w.-]*)?:|BASE)\s*", " ", body))
    if form and form.group(0).upper() not in QUERY_FORMS:
        line, column = _line_column(original, form.start())
        close = difflib.get_close_matches(form.group(0).upper(), QUERY_FORMS, n=1)
        return UsageError(
            f"SPARQL syntax error at line {line}, column {column}: {form.group(0)!r} is not a query form"
            + (f" (did you mean {close[0]}?)" if close else f" ({', '.join(QUERY_FORMS)})"),
            hint=hint,
        )
    found = _rdflib_position(original)
    if found is not None:  # pyparsing points at the token where the query stops making sense
        line, column = found
        lines = original.splitlines()
        rest = lines[line - 1][column - 1 :] if line <= len(lines) else ""
        match = re.match(r"[^\s(){},;]+|\S", rest)
        token = match.group(0)[:40] if match else ""
        if token:
            return UsageError(f"SPARQL syntax error at line {line}, column {column}: unexpected {token!r}", hint=hint)
    where = ""
    if position:
        line, column = int(position.group(1)) - added_lines, int(position.group(2))
        lines = original.splitlines()
        if line > len(lines) or (line == len(lines) and column > len(lines[-1])):
            last = original.rstrip().split()
            where = " at the end of the query" + (f", after {last[-1][:40]!r}" if last else "")
        else:
            before = lines[line - 1][: column - 1].split()
            where = f" at line {line}, column {column}" + (f", after {before[-1][:40]!r}" if before else "")
    expected = ""
    if detail.startswith("expected"):
        flat = re.sub(r"\[[^\]]*\]", "", detail.replace("\n", " "))  # character classes: the Unicode ranges
        items = [re.sub(r"^expected( one of)?\s*", "", item).strip() for item in flat.split(",")]
        items = [item for item in items if item and "\\u{" not in item and item != "|"]
        expected = ": expected " + " or ".join(items[:6]) if items else ""
    elif detail:
        expected = ": " + " ".join(detail.split())[:160]
    return UsageError(f"SPARQL syntax error{where}{expected}", hint=hint)


_TOKENS = re.compile(
    r'(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r"|(?P<iri><[^<>\"{}|^`\\\s]*>)|(?P<comment>#[^\n]*)"
)


def query_iris(text: str) -> list[str]:
    """The IRIs a query names (full ``<…>`` IRIs and expanded prefixed names), PREFIX/BASE lines left out."""
    body = re.sub(r"(?i)\b(PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^>]*>|BASE\s*<[^>]*>)", " ", text)
    prefixes = declared_prefixes(text)
    iris = [m.group("iri")[1:-1] for m in _TOKENS.finditer(body) if m.group("iri")]
    for match in _PNAME.finditer(_blank_out(body)):
        namespace = prefixes.get(match.group(1) or "")
        if namespace is not None:
            iris.append(namespace + (match.group(2) or ""))
    return list(dict.fromkeys(i for i in iris if ":" in i))


def namespace_of(iri: str) -> str:
    """The IRI up to and including its last ``#`` or ``/`` (the whole IRI when it has neither after the host)."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > iri.find("//") + 1 else iri


def publication_namespaces(store: pyoxigraph.Store | None, prefixes: dict[str, str]) -> tuple[set[str], set[str]]:
    """``(namespaces, iris)``: the namespaces of the publication (its prefixes and those of every IRI in it)."""

    iris: set[str] = set()
    if store is not None:
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, pyoxigraph.NamedNode):
                    iris.add(term.value)
                elif isinstance(term, pyoxigraph.Literal):
                    iris.add(term.datatype.value)
    return set(prefixes.values()) | {namespace_of(i) for i in iris}, iris


def namespace_warnings(text: str, namespaces: set[str], iris: set[str], prefixes: dict[str, str]) -> list[str]:
    """A warning for each IRI of the query that is in none of the publication's namespaces, naming the
    closest one (a typo such as ``…/def#`` for ``…/def/`` otherwise just gives no rows)."""
    import difflib

    by_namespace = {ns: p for p, ns in prefixes.items()}
    warnings = []
    for iri in query_iris(text):
        if iri in iris or namespace_of(iri) in namespaces or any(iri.startswith(ns) for ns in by_namespace):
            continue
        ranked = difflib.get_close_matches(namespace_of(iri), sorted(namespaces), n=1, cutoff=0.0)
        if not ranked:
            continue
        closest = ranked[0]
        named = f" ({by_namespace[closest]}:)" if closest in by_namespace else ""
        warnings.append(
            f"warning: <{iri}> is in none of the publication's namespaces; the closest is <{closest}>{named}"
        )
    return warnings
