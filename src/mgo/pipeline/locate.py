"""Where a statement is written: ``file:line`` for a subject, a subject + predicate, or a whole triple.

rdflib and pyoxigraph forget positions when they parse, and ``mgo.pipeline.parse`` only keeps them for syntax errors,
so ``mgo check`` builds a source index of its own (one pass over each file, ~30 ms for the publication):

* **Turtle** (``ontology/``, ``data/``, ``data/additions/``, ``shapes/``): :func:`scan_turtle` is a light
  tokenizer and recursive-descent reader of the Turtle grammar (https://www.w3.org/TR/turtle/, section 6.5:
  directives, predicate-object lists, blank-node property lists, collections, every literal form). It keeps,
  for each triple, the line and column of its subject, predicate and object tokens. It does not validate:
  ``mgo.pipeline.parse`` has already checked the syntax with pyoxigraph; on a token it cannot read it gives up on the
  rest of that file and keeps what it read (an index is a help, never a gate).
* **SSSOM/TSV** (``data/mappings/*.sssom.tsv``): the row of each mapping, from :mod:`mgo.pipeline.sssom`.
* **Derived triples**: the rule in ``queries/derive/`` whose CONSTRUCT gives the triple (each rule is run
  once more on Oxigraph over the publication, which is what the build derived), the row of
  ``data/annotations.tsv`` behind a facet link or Web Annotation, the function of ``src/mgo/pipeline/derive.py``
  that writes the descriptive definitions, and ``pyproject.toml`` for the version stamp.

:meth:`SourceIndex.locate` tries the most exact key first (the triple, then subject + predicate, then the
subject's first block, preferring the block that types it). Blank nodes written inline (``[ … ]``) are
indexed under the named subject that holds them.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal

import mgo.pipeline.derive
from mgo.findings import Location
from mgo.pipeline.annotations import AnnotationError, read_rows
from mgo.pipeline.derive import rule_files
from mgo.pipeline.sssom import mapping_files, parse_mapping_set
from mgo.terms import BASE, MGO, ONTOLOGY_IRI, OWL, RDF, SKOS, XSD

if TYPE_CHECKING:
    from rdflib.term import Node

    from mgo.config import Project

RDF_NS = RDF
RDF_TYPE = RDF_NS + "type"

#: the Turtle files indexed, in layer order (the shapes' examples are not sources of the publication)
TURTLE_PATTERNS = ("ontology/*.ttl", "data/*.ttl", "data/additions/*.ttl", "shapes/*.ttl")

#: a term as a hashable key: ("iri", iri) | ("literal", lexical, language, datatype) | ("bnode", id)
TermKey = tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One triple as written, with the positions of its tokens (1-based line and column)."""

    subject: TermKey
    predicate: str
    object: TermKey
    subject_at: tuple[int, int]
    predicate_at: tuple[int, int]
    object_at: tuple[int, int]
    #: the named (or labelled) subject whose block holds this triple; differs from ``subject`` inside ``[ … ]``
    owner: TermKey


# --- Turtle ---------------------------------------------------------------------------------------------

_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PLX = rf"(?:%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<long2>\"\"\"(?:(?:\"|\"\")?(?:[^"\\]|\\.))*\"\"\")
  | (?P<long1>'''(?:(?:'|'')?(?:[^'\\]|\\.))*''')
  | (?P<str2>"(?:[^"\\\n\r]|\\.)*")
  | (?P<str1>'(?:[^'\\\n\r]|\\.)*')
  | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<dtype>\^\^)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+
        |[0-9]*\.[0-9]+|[0-9]+))
  | (?P<bnode>_:[\w](?:[\w.\-]*[\w\-])?)
  | (?P<pname>(?:[^\W\d_][\w\-.]*(?<!\.))?:(?:(?:[\w:]|"""
    + _PLX
    + r""")(?:(?:[\w\-.:]|"""
    + _PLX
    + r""")*(?:[\w\-:]|"""
    + _PLX
    + r"""))?)?)
  | (?P<word>[A-Za-z][A-Za-z0-9_]*)
  | (?P<punct>[.;,\[\]()])
    """,
    re.VERBOSE,
)
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) or match.group(2):
            return chr(int(match.group(1) or match.group(2), 16))
        return _ECHARS.get(match.group(3), match.group(3))

    return _ECHAR.sub(one, text) if "\\" in text else text


@dataclass
class _Token:
    kind: str
    text: str
    line: int
    column: int


def _tokens(text: str) -> Iterator[_Token]:
    line, line_start, pos = 1, 0, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"unreadable Turtle at line {line}")
        kind = match.lastgroup or ""
        value = match.group(0)
        if kind not in ("ws", "comment"):
            yield _Token(kind, value, line, pos - line_start + 1)
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = pos + value.rfind("\n") + 1
        pos = match.end()


class _Reader:
    """Recursive descent over the token stream (Turtle grammar, section 6.5), emitting :class:`Statement`."""

    def __init__(self, text: str) -> None:
        self.tokens = list(_tokens_safe(text))
        self.i = 0
        self.prefixes: dict[str, str] = {}
        self.base = ""
        self.blank = 0
        self.out: list[Statement] = []

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ValueError("unexpected end of file")
        self.i += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ValueError(f"expected {text!r} at line {token.line}, found {token.text!r}")

    def fresh(self) -> TermKey:
        self.blank += 1
        return ("bnode", f"b{self.blank}")

    def iri(self, token: _Token) -> str:
        if token.kind == "iri":
            value = _unescape(token.text[1:-1])
            return value if ":" in value or not self.base else self.base + value
        prefix, _, local = token.text.partition(":")
        if prefix not in self.prefixes:
            raise ValueError(f"undeclared prefix {prefix!r} at line {token.line}")
        return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def run(self) -> list[Statement]:
        while self.peek() is not None:
            self.statement()
        return self.out

    def statement(self) -> None:
        token = self.take()
        lowered = token.text.lower()
        if (token.kind == "at" and lowered in ("@prefix", "@base")) or (
            token.kind == "word" and lowered in ("prefix", "base")
        ):
            if lowered.endswith("prefix"):
                name = self.take()
                target = self.take()
                self.prefixes[name.text[:-1]] = self.iri(target)
            else:
                self.base = self.iri(self.take())
            if token.kind == "at":
                self.expect(".")
            return
        if token.text == "[":
            subject = self.fresh()
            owner = subject
            if (ahead := self.peek()) is not None and ahead.text == "]":
                self.take()
                self.predicate_objects(subject, (token.line, token.column), owner)
            else:
                self.predicate_objects(subject, (token.line, token.column), owner)
                self.expect("]")
                if (ahead := self.peek()) is not None and ahead.text != ".":
                    self.predicate_objects(subject, (token.line, token.column), owner)
        else:
            subject = self.term(token, None)
            self.predicate_objects(subject, (token.line, token.column), subject)
        self.expect(".")

    def predicate_objects(self, subject: TermKey, at: tuple[int, int], owner: TermKey) -> None:
        while True:
            verb = self.take()
            predicate = RDF_TYPE if verb.kind == "word" and verb.text == "a" else self.iri(verb)
            while True:
                token = self.take()
                obj = self.term(token, owner)
                self.out.append(
                    Statement(subject, predicate, obj, at, (verb.line, verb.column), (token.line, token.column), owner)
                )
                if (ahead := self.peek()) is not None and ahead.text == ",":
                    self.take()
                    continue
                break
            while (ahead := self.peek()) is not None and ahead.text == ";":
                self.take()
            following = self.peek()
            if following is None or following.text in (".", "]"):
                return

    def term(self, token: _Token, owner: TermKey | None) -> TermKey:
        kind = token.kind
        if kind in ("iri", "pname"):
            return ("iri", self.iri(token))
        if kind == "bnode":
            return ("bnode", "label:" + token.text[2:])
        if kind in ("str1", "str2", "long1", "long2"):
            quote = 3 if kind.startswith("long") else 1
            lexical = _unescape(token.text[quote:-quote])
            following = self.peek()
            if following is not None and following.kind == "at":
                self.take()
                return ("literal", lexical, following.text[1:].lower(), "")
            if following is not None and following.kind == "dtype":
                self.take()
                return ("literal", lexical, "", self.iri(self.take()))
            return ("literal", lexical, "", "")
        if kind == "number":
            datatype = "double" if "e" in token.text.lower() else "decimal" if "." in token.text else "integer"
            return ("literal", token.text, "", XSD + datatype)
        if kind == "word" and token.text in ("true", "false"):
            return ("literal", token.text, "", XSD + "boolean")
        if token.text == "[":
            node = self.fresh()
            if (ahead := self.peek()) is not None and ahead.text != "]":
                self.predicate_objects(node, (token.line, token.column), owner or node)
            self.expect("]")
            return node
        if token.text == "(":
            head: TermKey = ("iri", RDF_NS + "nil")
            items: list[tuple[TermKey, _Token]] = []
            while (ahead := self.peek()) is not None and ahead.text != ")":
                item_token = self.take()
                items.append((self.term(item_token, owner), item_token))
            self.expect(")")
            nodes = [self.fresh() for _ in items]
            for index, (node, (item, item_token)) in enumerate(zip(nodes, items, strict=True)):
                at = (item_token.line, item_token.column)
                rest = nodes[index + 1] if index + 1 < len(nodes) else ("iri", RDF_NS + "nil")
                self.out.append(Statement(node, RDF_NS + "first", item, at, at, at, owner or node))
                self.out.append(Statement(node, RDF_NS + "rest", rest, at, at, at, owner or node))
            return nodes[0] if nodes else head
        raise ValueError(f"unexpected {token.text!r} at line {token.line}")


def _tokens_safe(text: str) -> Iterator[_Token]:
    try:
        yield from _tokens(text)
    except ValueError:
        return


def scan_turtle(text: str) -> list[Statement]:
    """The triples of a Turtle document with token positions; stops quietly at what it cannot read."""
    reader = _Reader(text)
    with contextlib.suppress(ValueError, IndexError):
        reader.run()
    return reader.out


# --- keys -----------------------------------------------------------------------------------------------


def term_key(node: Node | str) -> TermKey:
    """The :data:`TermKey` of an rdflib term (a ``str`` is taken as an IRI)."""

    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None and not node.language else ""
        if datatype == XSD + "string":
            datatype = ""
        return ("literal", str(node), (node.language or "").lower(), datatype)
    if isinstance(node, BNode):
        return ("bnode", str(node))
    return ("iri", str(node))


# --- the index ------------------------------------------------------------------------------------------


@dataclass
class SourceIndex:
    """Positions of statements in the project's files (see the module docstring)."""

    triples: dict[tuple[str, str, TermKey], list[Location]] = field(default_factory=lambda: defaultdict(list))
    pairs: dict[tuple[str, str], list[Location]] = field(default_factory=lambda: defaultdict(list))
    subjects: dict[str, list[Location]] = field(default_factory=lambda: defaultdict(list))
    typed_at: dict[str, list[Location]] = field(default_factory=lambda: defaultdict(list))
    #: predicate + object -> where written, for statements about blank nodes (``[ sh:path skos:prefLable ]``)
    values: dict[tuple[str, TermKey], list[Location]] = field(default_factory=lambda: defaultdict(list))
    #: derived triples and version stamps: exact key -> where the rule or row is
    derived: dict[tuple[str, str, TermKey], Location] = field(default_factory=dict)
    derived_pairs: dict[tuple[str, str], Location] = field(default_factory=dict)
    #: subject -> the row that makes it (an annotation IRI and its annotations.tsv row)
    derived_subjects: dict[str, Location] = field(default_factory=dict)
    #: where triples written by Python code (the descriptive definitions) come from
    generated: Location | None = None

    def add_turtle(self, shown: str, text: str) -> None:
        for st in scan_turtle(text):
            self.values[st.predicate, st.object].append(Location(shown, *st.object_at))
            owner = st.owner[1] if st.owner[0] == "iri" else None
            subject = st.subject[1] if st.subject[0] == "iri" else None
            if subject is not None:
                self.triples[subject, st.predicate, st.object].append(Location(shown, *st.object_at))
                self.pairs[subject, st.predicate].append(Location(shown, *st.predicate_at))
                block = Location(shown, *st.subject_at)
                if block not in self.subjects[subject]:
                    self.subjects[subject].append(block)
                if st.predicate == RDF_TYPE and block not in self.typed_at[subject]:
                    self.typed_at[subject].append(block)
            elif owner is not None:  # inside [ … ]: found under the named subject that holds it
                self.pairs.setdefault((owner, st.predicate), []).append(Location(shown, *st.predicate_at))

    def locate(self, subject: str | None, predicate: str | None = None, obj: Node | None = None) -> Location | None:
        """The best known place of ``subject predicate obj`` (each may be left out), or ``None``."""
        if subject is None:
            return None
        if predicate is not None and obj is not None:
            key = (subject, predicate, term_key(obj))
            if key in self.triples:
                return self.triples[key][0]
            if key in self.derived:
                return self.derived[key]
        if predicate is not None:
            if (subject, predicate) in self.pairs:
                return self.pairs[subject, predicate][0]
            if (subject, predicate) in self.derived_pairs:
                return self.derived_pairs[subject, predicate]
            if obj is not None and self.generated is not None and predicate in _GENERATED_PREDICATES:
                return self.generated
        return self.locate_subject(subject)

    def locate_value(self, predicate: str, obj: Node) -> Location | None:
        """Where some subject has ``predicate obj`` (for a statement whose subject is a blank node)."""
        found = self.values.get((predicate, term_key(obj)))
        return found[0] if found else None

    def locate_subject(self, subject: str) -> Location | None:
        """Where ``subject`` is typed (else its first block); a derived resource: the row that makes it."""
        if subject in self.typed_at:
            return self.typed_at[subject][0]
        if subject in self.subjects:
            return self.subjects[subject][0]
        return self.derived_subjects.get(subject)


_GENERATED_PREDICATES = (SKOS + "definition", SKOS + "editorialNote")


def turtle_files(root: Path) -> list[Path]:
    return sorted({path for pattern in TURTLE_PATTERNS for path in root.glob(pattern) if path.is_file()})


def _shown(project: Project, path: Path) -> str:
    return project.relative(path).as_posix()


def build_index(project: Project, *, store: Any | None = None) -> SourceIndex:
    """The index of ``project``'s sources; with ``store`` (a pyoxigraph store of the publication) also the
    derivation rules' triples."""
    index = SourceIndex()
    for path in turtle_files(project.root):
        index.add_turtle(_shown(project, path), path.read_text(encoding="utf-8"))
    _index_mappings(project, index)
    _index_annotations(project, index)
    _index_version(project, index)
    generated = project.root / "src" / "mgo" / "pipeline" / "derive.py"
    index.generated = _function_location(project, generated, "generated_definitions") or Location(
        "src/mgo/pipeline/derive.py"
    )
    if store is not None:
        index_rules(project, index, store)
    return index


def _function_location(project: Project, path: Path, name: str) -> Location | None:
    """``path:line`` of ``def name`` (the code that writes derived triples), when the file is there."""
    if not path.is_file():
        path = Path(mgo.pipeline.derive.__file__)
        shown = "src/mgo/pipeline/derive.py"
    else:
        shown = _shown(project, path)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(f"def {name}("):
            return Location(shown, number)
    return None


def _index_mappings(project: Project, index: SourceIndex) -> None:

    for path in mapping_files(project.root):
        try:
            mapping_set = parse_mapping_set(path, root=project.root)
        except Exception:  # a broken mapping set is reported by the build; the index just skips it
            continue
        shown = _shown(project, path)
        for mapping in mapping_set.mappings:
            where = Location(shown, mapping.line)
            if not mapping.negated:
                index.derived.setdefault((mapping.subject, mapping.predicate, ("iri", mapping.object)), where)
                index.derived_pairs.setdefault((mapping.subject, mapping.predicate), where)


def _index_annotations(project: Project, index: SourceIndex) -> None:

    path = project.root / "data" / "annotations.tsv"
    if not path.is_file():
        return
    try:
        rows = read_rows(path)
    except AnnotationError:
        return
    shown = _shown(project, path)
    for row in rows:
        where = Location(shown, row.line)
        concept = f"{BASE}concept/{row.concept}"
        value = f"{BASE}facet/{row.value}"
        annotation = f"{BASE}annotatie/{row.concept}/{row.value.replace('/', '-')}"
        index.derived.setdefault((concept, MGO + "names", ("iri", value)), where)
        index.derived_pairs.setdefault((concept, MGO + "names"), where)
        index.derived_pairs.setdefault((value, "http://www.w3.org/ns/prov#wasDerivedFrom"), where)
        index.derived_subjects.setdefault(annotation, where)


def _index_version(project: Project, index: SourceIndex) -> None:
    """The version stamp comes from ``pyproject.toml`` (its ``version =`` line)."""

    path = project.root / "pyproject.toml"
    if not path.is_file():
        return
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith("version"):
            where = Location("pyproject.toml", number)
            for predicate in (OWL + "versionIRI", OWL + "versionInfo"):
                index.derived_pairs[ONTOLOGY_IRI, predicate] = where
            return


def index_rules(project: Project, index: SourceIndex, store: Any) -> None:
    """Attribute the triples each rule of ``queries/derive/`` constructs over the publication to that rule."""

    for path in rule_files(project.root):
        text = path.read_text(encoding="utf-8")
        line = next(
            (n for n, t in enumerate(text.splitlines(), start=1) if t.lstrip().upper().startswith("CONSTRUCT")), 1
        )
        where = Location(_shown(project, path), line)
        try:
            triples = store.query(text)
        except SyntaxError:
            continue
        for triple in triples:
            subject = triple.subject
            if not hasattr(subject, "value") or type(subject).__name__ != "NamedNode":
                continue
            key = (subject.value, triple.predicate.value, _oxigraph_key(triple.object))
            if key not in index.triples:
                index.derived.setdefault(key, where)
                index.derived_pairs.setdefault(key[:2], where)


def _oxigraph_key(term: Any) -> TermKey:
    kind = type(term).__name__
    if kind == "NamedNode":
        return ("iri", term.value)
    if kind == "Literal":
        datatype = "" if term.language else term.datatype.value
        if datatype == XSD + "string":
            datatype = ""
        return ("literal", term.value, (term.language or "").lower(), datatype)
    return ("bnode", str(term))
