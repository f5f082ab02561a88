"""Parse the Turtle sources into one rdflib graph per layer, with errors that name file, line and fix.

Every file is read twice, on purpose:

1. **pyoxigraph** checks the syntax. It is ~30x faster than rdflib and its ``SyntaxError`` carries a reliable
   1-based line and column (rdflib's ``BadSyntax.lines`` counts only the newlines its tokenizer has skipped,
   and some of its errors are bare ``ValueError`` without a position). It also rejects language tags that
   are not well-formed BCP 47 (``@nl_NL``, ``@x-toolongsubtag123``), and relative IRIs (a source has no
   base IRI to resolve them against: they must be written in full).
2. **rdflib** builds the graph the rest of the pipeline works on (reasoning, pySHACL and the serializers all
   take rdflib graphs) and keeps the prefixes, which the serializers reuse.

On top of BCP 47 syntax we reject a primary language subtag of four or more letters (``@english``,
``@dutch``): the ABNF allows five to eight letters for *registered* subtags, but the IANA registry has
none, so such a tag is always a mistake. See RFC 5646, section 2.2.1.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import Literal, URIRef

from mgo.config import Layer, Project, layers
from mgo.errors import DataError, EnvironmentFault, MissingFileError, Problem, SyntaxProblem, environment_error
from mgo.pipeline.sssom import build_mappings_layer
from mgo.rdf.convert import new_graph
from mgo.rdf.lexical import canonicalise_graph

if TYPE_CHECKING:
    from rdflib import Graph

_OXI_PREFIX = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")
_LANG_AT_END = re.compile(r"[\"']@[A-Za-z0-9_-]*$")
# RFC 5646 2.1, "langtag" production (the grandfathered tags are irregular and not worth supporting here).
_BCP47 = re.compile(
    r"""^(?:
        (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
        (?:-[a-z]{4})?                       # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?          # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*   # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*  # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?           # private use
      |x(?:-[a-z0-9]{1,8})+                  # private use only
    )$""",
    re.VERBOSE,
)

_GENERIC_HINT = "check the Turtle syntax at that position (https://www.w3.org/TR/turtle/)"
_LANGUAGE_HINT = (
    "write a BCP 47 language tag after the closing quote, such as @nl or @en (or @en-GB): "
    "letters, digits and hyphens only, a 2- or 3-letter language code first"
)


def _hint_for(message: str, line_text: str, column: int | None) -> str:
    """A plain-words fix for a common Turtle mistake (pyoxigraph's message says *what*, this says *how*)."""
    before = line_text[: (column or 1) - 1] if column else line_text
    lowered = message.lower()
    if "subtag" in lowered or "language" in lowered or _LANG_AT_END.search(before):
        return _LANGUAGE_HINT
    if "dot is expected" in lowered or "unexpected end" in lowered:
        return (
            "end each statement with ' .' and continue a statement about the same subject with ' ;' — "
            "look for a missing ' .' or ' ;' at the end of the statement before this position"
        )
    if "has not been declared" in lowered:
        match = re.search(r"prefix (\S*):", message)
        prefix = match.group(1) if match else "the"
        return f"declare the prefix at the top of the file: @prefix {prefix}: <namespace IRI> ."
    if "absolute iri" in lowered or "no scheme" in lowered:
        return "write the IRI in full, starting with https:// or http:// (sources have no base IRI)"
    if "line jumps" in lowered:
        return (
            'close the string on the same line with a matching quote, or use triple quotes """…""" '
            "for text over several lines"
        )
    if "utf-8" in lowered:
        return "save the file as UTF-8"
    if "escape" in lowered:
        return 'in a string, write a backslash as \\\\ and a quote as \\"'
    if "']'" in message or "')'" in message:
        return "close every '[' with ']' and every '(' with ')'"
    return _GENERIC_HINT


def _line(text: str, number: int | None) -> str:
    if number is None:
        return ""
    lines = text.split("\n")  # not splitlines(): U+2028, U+0085, VT, FF are not line ends in Turtle
    return lines[number - 1] if 0 < number <= len(lines) else ""


def check_syntax(path: Path, data: bytes, *, shown_as: Path | None = None) -> None:
    """Raise :class:`SyntaxProblem` (with file, line, column and hint) if ``data`` is not valid Turtle."""

    shown = shown_as or path
    try:
        for _ in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as exc:
        raw = exc.msg or str(exc)
        message = _OXI_PREFIX.sub("", raw)
        text = data.decode("utf-8", errors="replace")
        hint = _hint_for(message, _line(text, exc.lineno), exc.offset)
        raise SyntaxProblem(
            f"Turtle syntax error: {message}", file=shown, line=exc.lineno, column=exc.offset, hint=hint
        ) from None


def language_tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not acceptable, or ``None``. Well-formed BCP 47 with a 2-3 letter language code."""
    lowered = tag.lower()
    match = _BCP47.match(lowered)
    if not match:
        return f"'{tag}' is not a well-formed BCP 47 language tag"
    language = match.group("language")
    if language is not None and len(language.split("-")[0]) > 3:
        return f"'{tag}' does not start with a 2- or 3-letter language code (such as nl or en)"
    return None


#: a 1-based (line, column), or (None, None) when the place in the text is not known
Place = tuple[int | None, int | None]
_UNKNOWN: list[Place] = [(None, None)]


def _tag_positions(text: str, tag: str) -> list[Place]:
    """1-based (line, column) of each ``"…"@tag`` in ``text``, for the error message."""
    pattern = re.compile(r"(?<=[\"'])@" + re.escape(tag) + r"(?![A-Za-z0-9-])", re.IGNORECASE)
    positions: list[Place] = []
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        positions.append((line, column))
    return positions


def _literal_positions(text: str, lexical: str) -> list[Place]:
    """1-based (line, column) of each quoted occurrence of ``lexical`` in ``text``."""
    positions: list[Place] = []
    for quote in ('"', "'"):
        needle = quote + lexical + quote
        start = text.find(needle)
        while start != -1:
            line = text.count("\n", 0, start) + 1
            positions.append((line, start - (text.rfind("\n", 0, start) + 1) + 1))
            start = text.find(needle, start + 1)
    return sorted(positions)


def _short_datatype(iri: str) -> str:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return "xsd:" + iri[len(xsd) :] if iri.startswith(xsd) else f"<{iri}>"


_DATATYPE_HINTS = {
    "date": "write a date as YYYY-MM-DD, for example 2021-03-31",
    "dateTime": "write a date and time as YYYY-MM-DDThh:mm:ss, for example 2021-03-31T12:00:00",
    "gYear": "write a year as four digits, for example 2021",
    "gYearMonth": "write a year and month as YYYY-MM, for example 2021-03",
    "integer": "write a whole number with digits only, for example 42",
    "decimal": "write a decimal number with a point, for example 4.2",
    "boolean": "write true or false",
}


def check_literals(graph: Graph, text: str, *, shown_as: Path) -> None:
    """Raise :class:`SyntaxProblem` listing every malformed language tag and every ill-typed literal.

    Ill-typed: a literal whose lexical form is not valid for its (XSD) datatype, such as
    ``"2021-13-01"^^xsd:date``; rdflib parses it without complaint and would publish it.
    """

    problems: list[Problem] = []
    seen: set[Literal] = set()
    for obj in graph.objects():
        if not isinstance(obj, Literal) or obj in seen:
            continue
        seen.add(obj)
        if obj.language:
            why = language_tag_problem(obj.language)
            if why:
                for line, column in _tag_positions(text, obj.language) or _UNKNOWN:
                    problems.append(
                        Problem(f"malformed language tag: {why}", shown_as, line, column, hint=_LANGUAGE_HINT)
                    )
        elif obj.ill_typed:
            datatype = str(obj.datatype)
            local = datatype.rsplit("#", 1)[-1]
            hint = _DATATYPE_HINTS.get(
                local, f"write a valid {_short_datatype(datatype)} value, or change the datatype"
            )
            for line, column in _literal_positions(text, str(obj)) or _UNKNOWN:
                problems.append(
                    Problem(
                        f'"{obj}" is not a valid {_short_datatype(datatype)} value',
                        shown_as,
                        line,
                        column,
                        hint=hint,
                    )
                )
    if not problems:
        return
    raise SyntaxProblem.of(sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message)))


# -- characters a serialisation cannot hold ----------------------------------------------------------------
#: Characters that XML 1.0 cannot hold at all, escaped or not (its ``Char`` production, section 2.2): the C0
#: controls other than TAB, LF and CR, and U+FFFE/U+FFFF. ``mgo.rdf`` (RDF/XML) and the site's HTML are XML-
#: or HTML-based, so a literal holding one would make a file that is not well-formed (a NUL did, #12 item 8).
#: Turtle, N-Triples, TriG and JSON can escape them, but a publication is all its formats or nothing.
#: U+0085, U+2028 and U+2029 are allowed by every format and are kept (the writers must not take them for
#: line ends: :func:`mgo.rdf.formats.ntriples` splits on ``\n`` only).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHARACTER_NAMES = {0x0: "NUL", 0x9: "TAB", 0xB: "VT, vertical tab", 0xC: "FF, form feed", 0x1B: "ESC, escape"}
_CHARACTER_HINT = (
    "remove the character, or write a space or a line break (\\n) instead: RDF/XML (XML 1.0, section 2.2 "
    "https://www.w3.org/TR/xml/#charsets) cannot hold it, so mgo.rdf would not be well-formed"
)


def _character_name(char: str) -> str:
    code = ord(char)
    name = _CHARACTER_NAMES.get(code, "a control character" if code < 0x20 else "a non-character")
    return f"U+{code:04X} ({name})"


def _character_positions(text: str, char: str) -> list[Place]:
    """1-based (line, column) of ``char`` in ``text``, raw or as a ``\\uXXXX``/``\\UXXXXXXXX`` escape."""
    code = ord(char)
    needles = [char, f"\\u{code:04x}", f"\\u{code:04X}", f"\\U{code:08x}", f"\\U{code:08X}"]
    positions: set[Place] = set()
    for needle in needles:
        start = text.find(needle)
        while start != -1:
            line = text.count("\n", 0, start) + 1
            positions.add((line, start - (text.rfind("\n", 0, start) + 1) + 1))
            start = text.find(needle, start + 1)
    return sorted(positions)


def character_problems(graph: Graph, *, text: str | None = None, shown_as: Path | None = None) -> list[Problem]:
    """A :class:`Problem` for each literal holding a character a serialisation cannot hold (see above)."""

    problems: list[Problem] = []
    reported: set[tuple[str, int | None, int | None]] = set()
    for subject, predicate, obj in graph:
        if not isinstance(obj, Literal):
            continue
        match = _NOT_IN_XML.search(str(obj))
        if match is None:
            continue
        char = match.group()
        what = f"a literal holds {_character_name(char)}, which RDF/XML cannot hold"
        iri = str(subject) if isinstance(subject, URIRef) else None
        places = _character_positions(text, char) if text is not None else []
        for line, column in places or _UNKNOWN:
            if (char, line, column) in reported:
                continue
            reported.add((char, line, column))
            message = what if iri is not None or line is not None else f"{what} (property <{predicate}>)"
            problems.append(Problem(message, shown_as, line, column, iri=iri, hint=_CHARACTER_HINT))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.iri or ""))


def check_characters(graph: Graph, text: str, *, shown_as: Path) -> None:
    """Raise :class:`SyntaxProblem` at each literal of a Turtle file holding a character RDF/XML cannot hold."""
    problems = character_problems(graph, text=text, shown_as=shown_as)
    if problems:
        raise SyntaxProblem.of(problems)


def check_serialisable(graph: Graph) -> None:
    """Refuse (exit 1) a publication with a literal that a serialisation cannot hold, naming the resource.

    The Turtle sources are checked with file, line and column when parsed; this is the guard for triples
    from elsewhere (the SSSOM and annotation tables, derivation rules), run before anything is written."""
    problems = character_problems(graph)
    if problems:
        raise DataError(
            f"{len(problems)} literal{'s' if len(problems) != 1 else ''} of the publication "
            f"hold{'s' if len(problems) == 1 else ''} a character that RDF/XML cannot hold; nothing was published",
            problems=problems,
            hint="correct the source of each resource listed below",
        )


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal; :func:`check_literals` reports them properly."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse_file(path: Path, *, into: Graph | None = None, shown_as: Path | None = None) -> Graph:
    """Parse one Turtle file (syntax and language tags checked) into ``into`` or a new graph."""
    shown = shown_as or path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingFileError(f"file not found: {shown}", file=shown) from None
    except IsADirectoryError:
        raise MissingFileError(f"{shown} is a folder, not a Turtle file", file=shown) from None
    except PermissionError:
        raise EnvironmentFault(
            "cannot read the file: permission denied",
            file=shown,
            hint=f"make it readable for the user running mgo (chmod u+r {shown}), or build a copy you own",
        ) from None
    except OSError as exc:
        fault = environment_error(exc)
        if fault is None:
            raise
        raise EnvironmentFault(f"cannot read the file: {fault.message}", file=shown, hint=fault.hint) from None
    check_syntax(path, data, shown_as=shown)
    text = data.decode("utf-8")
    single = new_graph()
    try:
        with _quiet_rdflib():
            single.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib stricter than oxigraph somewhere: still a located syntax error
        line = getattr(exc, "lines", None)
        raise SyntaxProblem(
            f"Turtle syntax error: {getattr(exc, '_why', exc)}",
            file=shown,
            line=line + 1 if isinstance(line, int) else None,
            hint=_GENERIC_HINT,
        ) from None
    check_literals(single, text, shown_as=shown)
    check_characters(single, text, shown_as=shown)
    if into is None:
        return single
    for prefix, namespace in single.namespaces():
        into.bind(prefix, namespace, override=False)
    into += single
    return into


def parse_layer(project: Project, layer: Layer) -> tuple[Graph, list[Path]]:
    """The layer's graph (identifier: the layer's graph IRI) and the files it was read from."""
    if layer.kind == "sssom":  # the reader of each kind of layer (mgo.config.LAYERS)
        return build_mappings_layer(project.root), project.sources(layer)
    graph = new_graph(layer.graph_iri)
    files = project.sources(layer)
    problems: list[SyntaxProblem] = []
    for path in files:
        try:
            parse_file(path, into=graph, shown_as=project.relative(path))
        except SyntaxProblem as exc:
            problems.append(exc)
    if problems:
        raise _combine(problems)
    return graph, files


@dataclass
class Sources:
    """The parsed layers of a project, in layer order."""

    project: Project
    graphs: dict[str, Graph] = field(default_factory=dict)
    files: dict[str, list[Path]] = field(default_factory=dict)

    def layer_graph(self, name: str) -> Graph:
        return self.graphs[name]

    def published_layers(self) -> list[Layer]:
        return [each for each in layers() if each.published and each.name in self.graphs]

    def publication(self) -> Graph:
        """A new graph: the union of the published layers (ontology, data, additions; not shapes)."""
        merged = new_graph()
        for each in self.published_layers():
            graph = self.graphs[each.name]
            for prefix, namespace in graph.namespaces():
                merged.bind(prefix, namespace, override=False)
            merged += graph
        return merged

    def shapes(self) -> Graph:
        return self.graphs["shapes"]


def parse_project(project: Project, *, only: tuple[str, ...] | None = None) -> Sources:
    """Parse every layer (or the named ones). All syntax errors of all files are reported together."""
    sources = Sources(project)
    problems: list[SyntaxProblem] = []
    for each in layers():
        if only is not None and each.name not in only:
            continue
        try:
            graph, files = parse_layer(project, each)
        except SyntaxProblem as exc:
            problems.append(exc)
            continue
        canonicalise_graph(graph)  # one lexical form per typed literal in every output (mgo.rdf.lexical)
        sources.graphs[each.name] = graph
        sources.files[each.name] = files
    if problems:
        raise _combine(problems)
    return sources


def _combine(errors: list[SyntaxProblem]) -> SyntaxProblem:
    if len(errors) == 1:
        return errors[0]
    listed: list[Problem] = []
    for error in errors:
        if error.file is not None or not error.problems:  # not itself a combined summary
            listed.append(Problem(error.message, error.file, error.line, error.column, error.iri, error.hint))
        listed.extend(error.problems)
    return SyntaxProblem(
        f"{len(listed)} syntax problems in the sources", problems=listed, hint="fix each problem listed below"
    )
