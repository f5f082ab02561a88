"""Mappings to other vocabularies: an SSSOM mapping set (TSV) turned into the ``mappings`` layer.

Source: ``data/mappings/*.sssom.tsv``, SSSOM/TSV (https://mapping-commons.github.io/sssom/spec-formats-tsv/):
a ``#``-prefixed YAML metadata block (``curie_map``, ``mapping_set_id``, ``license`` …), then a plain TSV
table (no quoting) with one mapping per row. Every row is checked and *all* problems are reported together,
each with ``file:line:column`` and the name of the column (:class:`MappingSetError`, exit code 1):

* ``predicate_id`` is one of the five SKOS mapping properties (SKOS Reference, section 10:
  https://www.w3.org/TR/skos-reference/#mapping); a row with ``predicate_modifier`` ``Not`` may also deny
  ``skos:mappingRelation``, their common super-property, which says "no mapping relation at all";
* every CURIE has a prefix declared in the ``curie_map`` (or one of SSSOM's built-in prefixes);
* ``confidence`` is a number in [0, 1]; below :data:`LOW_CONFIDENCE` (the link list's "L") a positive
  mapping is at most ``skos:relatedMatch``;
* subjects are ours (``https://w3id.org/missiegedreven/``), objects are not; no row is repeated and no
  mapping is both asserted and denied.

Whether each object is one of the verified identifiers of ``source/LINKS.md`` is a test
(``tests/test_mappings.py``), not a build check: the build does not read it.

The layer (:func:`build_mappings_layer`, named graph ``https://w3id.org/missiegedreven/graph/mappings``) holds

* one ``skos:*Match`` triple per positive mapping; rows with ``predicate_modifier`` ``Not`` are **never**
  asserted as triples;
* an SSSOM-RDF description (https://mapping-commons.github.io/sssom/spec-formats-rdf/): the mapping set
  (``sssom:MappingSet`` with title, licence, version, creator) and one record per row with its
  justification, confidence, author, date, labels and comment. A positive record is an ``owl:Axiom``
  annotating the asserted triple (``owl:annotatedSource/Property/Target``), as SSSOM-RDF has it. A negated
  record is an ``rdf:Statement`` (``rdf:subject/predicate/object``) with ``sssom:predicate_modifier "Not"``:
  RDF reification does not assert the triple (RDF 1.1 Semantics, appendix D), whereas OWL tools rebuild the
  annotated axiom from an ``owl:Axiom`` reification, which would turn a non-match into a match.

:func:`publish_mappings` writes ``mappings.ttl``, ``mappings.jsonld`` and ``mappings.sssom.tsv`` (the source
file, byte for byte) deterministically. :func:`mgo.quality.mappings_profile.validate_nl_sbb` validates the layer
against NL-SBB in a graph of its own in which the external targets are typed ``skos:Concept`` (see there).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF as RDF_NS

from mgo.errors import DataError, MissingFileError, Problem
from mgo.rdf import jsonld
from mgo.rdf.convert import new_graph
from mgo.rdf.formats import canonical, canonical_turtle
from mgo.rdf.lexical import canonical_lexical
from mgo.terms import BASE, DCT, GRAPH_BASE, OWL, RDF, RDFS, SKOS, SSSOM, XSD

if TYPE_CHECKING:
    from rdflib import Graph


MAPPINGS_GRAPH = GRAPH_BASE + "mappings"
PATTERN = "data/mappings/*.sssom.tsv"
MAPPING_SET_BASE = BASE + "mappings/"
#: the published copy of the (single) mapping set and its RDF forms, in ``dist/``
PUBLISHED_FILES = ("mappings.ttl", "mappings.jsonld", "mappings.sssom.tsv")

SEMAPV = "https://w3id.org/semapv/vocab/"
PAV = "http://purl.org/pav/"

#: SSSOM's built-in prefixes (SSSOM spec, "Built-in prefixes"); a curie_map may not rebind them
BUILTIN_PREFIXES = {
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "semapv": SEMAPV,
    "skos": SKOS,
    "sssom": SSSOM,
}
MAPPING_PREDICATES = (
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
    "skos:narrowMatch",
    "skos:relatedMatch",
)
#: what a ``Not`` row may deny: one of the five, or all of them at once (their super-property)
NEGATABLE_PREDICATES = (*MAPPING_PREDICATES, "skos:mappingRelation")
#: the link to something that is not a SKOS concept (an encyclopaedia article, a DBpedia resource, an OpenAlex
#: topic): it claims nothing about what the object is, so NL-SBB has nothing to require of it
SEE_ALSO = "rdfs:seeAlso"
#: SSSOM's ``object_type`` values used here (entity_type_enum) and the IRI each one means
OBJECT_TYPES = {"skos concept": SKOS + "Concept", "rdfs resource": RDFS + "Resource"}
#: below this confidence a mapping is "low" (L in the link list) and at most ``skos:relatedMatch``
LOW_CONFIDENCE = 0.5
#: SSSOM's mapping_justification values (SEMAPV, https://mapping-commons.github.io/semantic-mapping-vocabulary/)
JUSTIFICATIONS = tuple(
    "semapv:" + name
    for name in (
        "ManualMappingCuration",
        "MappingReview",
        "LogicalReasoning",
        "LexicalMatching",
        "CompositeMatching",
        "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching",
        "LexicalSimilarityThresholdMatching",
        "MappingChaining",
        "MappingInversion",
        "StructuralMatching",
        "InstanceBasedMatching",
        "BackgroundKnowledgeBasedMatching",
    )
)
REQUIRED_COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_id",
    "mapping_date",
)
OPTIONAL_COLUMNS = ("predicate_modifier", "object_type", "comment")
REQUIRED_METADATA = ("curie_map", "mapping_set_id", "mapping_set_version", "mapping_set_title", "license")
KNOWN_METADATA = (
    *REQUIRED_METADATA,
    "mapping_set_description",
    "creator_id",
    "sssom_version",
    "publication_date",
)

#: the vocabularies mapped to, by namespace: (short name for tables, name)
VOCABULARIES = {
    "http://vocabularies.unesco.org/thesaurus/": ("unesco", "UNESCO Thesaurus"),
    "http://eurovoc.europa.eu/": ("eurovoc", "EuroVoc"),
    "http://data.europa.eu/8mn/euroscivoc/": ("euroscivoc", "EuroSciVoc"),
    "https://openalex.org/": ("openalex", "OpenAlex topics"),
    "http://dbpedia.org/resource/": ("dbpedia", "DBpedia"),
    "https://en.wikipedia.org/wiki/": ("wikipedia", "English Wikipedia"),
}


class MappingSetError(DataError):
    """A mapping set (SSSOM/TSV) has malformed metadata or rows; :attr:`problems` lists every one."""


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping set, with its CURIEs expanded."""

    file: Path
    line: int
    subject_id: str
    subject: str
    subject_label: str
    predicate_id: str
    predicate: str
    object_id: str
    object: str
    object_label: str
    justification: str
    confidence: float
    confidence_text: str
    author_ids: tuple[str, ...]
    authors: tuple[str, ...]
    mapping_date: _dt.date
    modifier: str = ""
    comment: str = ""
    object_type: str = ""

    @property
    def negated(self) -> bool:
        return self.modifier == "Not"

    @property
    def relation(self) -> str:
        """``exactMatch`` … or ``NOT mappingRelation`` for a denied mapping."""
        local = self.predicate_id.split(":", 1)[1]
        return f"NOT {local}" if self.negated else local

    @property
    def vocabulary(self) -> str:
        return vocabulary_of(self.object)[1]


@dataclass
class MappingSet:
    """A parsed SSSOM/TSV file: its metadata (YAML), expanded prefixes and rows."""

    file: Path
    shown_as: Path
    metadata: dict[str, Any]
    prefixes: dict[str, str]
    mappings: list[Mapping] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.metadata["mapping_set_id"])

    def positive(self) -> list[Mapping]:
        return [m for m in self.mappings if not m.negated]

    def negated(self) -> list[Mapping]:
        return [m for m in self.mappings if m.negated]

    def row_of(self, subject: str, obj: str) -> Mapping | None:
        """The first row from ``subject`` to ``obj`` (for locating a shape result in the file)."""
        return next((m for m in self.mappings if m.subject == subject and m.object == obj), None)


def vocabulary_of(iri: str) -> tuple[str, str]:
    """``(short name, name)`` of the vocabulary an external IRI belongs to, by namespace."""
    for namespace, names in VOCABULARIES.items():
        if iri.startswith(namespace):
            return names
    return ("other", "other")


# --- parsing -------------------------------------------------------------------------------------------


def mapping_files(root: Path) -> list[Path]:
    """The mapping sets of the project, sorted (none is fine: the layer is optional)."""
    return sorted(path for path in root.glob(PATTERN) if path.is_file())


def _shown(path: Path, root: Path | None) -> Path:
    if root is None:
        return path
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def _split_header(lines: list[str]) -> tuple[list[str], int]:
    """The YAML lines (``#`` removed) and the index of the first table line."""
    yaml_lines: list[str] = []
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        yaml_lines.append(lines[index][1:])
        index += 1
    return yaml_lines, index


def _metadata_line(yaml_lines: list[str], key: str) -> int:
    """1-based file line of ``key:`` in the header (1 when absent)."""
    for number, text in enumerate(yaml_lines, start=1):
        if text.strip().startswith(f"{key}:"):
            return number
    return 1


def _read_metadata(yaml_lines: list[str], shown: Path, problems: list[Problem]) -> dict[str, Any]:
    import textwrap

    import yaml  # lazy: PyYAML only for the metadata block of a mapping set

    text = textwrap.dedent("\n".join(yaml_lines))
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(
            Problem(
                f"the metadata block is not valid YAML: {reason}",
                shown,
                line,
                hint="write the metadata as YAML, every line starting with '#' (SSSOM/TSV)",
            )
        )
        return {}
    if not isinstance(data, dict):
        problems.append(
            Problem(
                "the metadata block must be a YAML mapping (key: value lines, each starting with '#')",
                shown,
                1,
            )
        )
        return {}
    return data


def _check_metadata(
    metadata: dict[str, Any], yaml_lines: list[str], path: Path, shown: Path, problems: list[Problem]
) -> dict[str, str]:
    """Check the set-level metadata; returns the prefix map (built-ins included)."""
    for key in REQUIRED_METADATA:
        if key not in metadata:
            problems.append(
                Problem(
                    f"the metadata block has no {key}",
                    shown,
                    1,
                    hint=f"add a line '# {key}: …' to the metadata block",
                )
            )
    for key in sorted(metadata):
        if key not in KNOWN_METADATA:
            problems.append(
                Problem(
                    f"unknown metadata key {key!r}",
                    shown,
                    _metadata_line(yaml_lines, key),
                    hint=f"use the SSSOM mapping-set slots this project knows: {', '.join(KNOWN_METADATA)}",
                )
            )
    prefixes = dict(BUILTIN_PREFIXES)
    curie_map = metadata.get("curie_map", {})
    if not isinstance(curie_map, dict):
        problems.append(
            Problem("curie_map must map prefixes to namespaces", shown, _metadata_line(yaml_lines, "curie_map"))
        )
        curie_map = {}
    for prefix, namespace in curie_map.items():
        line = _metadata_line(yaml_lines, str(prefix))
        if not isinstance(namespace, str) or not namespace.startswith(("http://", "https://")):
            problems.append(Problem(f"curie_map: the namespace of {prefix!r} must be an http(s) IRI", shown, line))
            continue
        builtin = BUILTIN_PREFIXES.get(str(prefix))
        if builtin is not None and builtin != namespace:
            problems.append(
                Problem(
                    f"curie_map: {prefix!r} is a built-in SSSOM prefix for {builtin}; it cannot be rebound",
                    shown,
                    line,
                )
            )
            continue
        prefixes[str(prefix)] = namespace
    set_id = metadata.get("mapping_set_id")
    if set_id is not None:
        expected = MAPPING_SET_BASE + path.name.removesuffix(".sssom.tsv")
        if set_id != expected:
            problems.append(
                Problem(
                    f"mapping_set_id is {set_id}, but the set in {path.name} has the id {expected}",
                    shown,
                    _metadata_line(yaml_lines, "mapping_set_id"),
                    hint=f"write '# mapping_set_id: {expected}' (the ids follow the file names)",
                )
            )
    licence = metadata.get("license")
    if licence is not None and not str(licence).startswith(("http://", "https://")):
        problems.append(Problem("license must be the IRI of a licence", shown, _metadata_line(yaml_lines, "license")))
    for key in ("mapping_set_version", "mapping_set_title"):
        if key in metadata and not isinstance(metadata[key], str):
            problems.append(Problem(f'{key} must be a string (quote it: "…")', shown, _metadata_line(yaml_lines, key)))
    creators = metadata.get("creator_id", [])
    if isinstance(creators, str):
        creators = [creators]
    for creator in creators if isinstance(creators, list) else []:
        if _expand(str(creator), prefixes) is None:
            problems.append(
                Problem(
                    f"creator_id {creator!r} is not a CURIE with a declared prefix",
                    shown,
                    _metadata_line(yaml_lines, "creator_id"),
                )
            )
    return prefixes


def _expand(curie: str, prefixes: dict[str, str]) -> str | None:
    prefix, sep, local = curie.partition(":")
    if not sep or not local or prefix not in prefixes or local.startswith("//"):
        return None
    return prefixes[prefix] + local


class _Row:
    """One table line: the cells by column name, and where each cell starts (for column numbers)."""

    def __init__(self, cells: list[str], columns: list[str], text: str) -> None:
        self.cells = dict(zip(columns, cells, strict=True))
        self.starts: dict[str, int] = {}
        position = 1
        for name, cell in zip(columns, cells, strict=True):
            self.starts[name] = position
            position += len(cell) + 1
        self.text = text

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def parse_mapping_set(path: Path, *, root: Path | None = None) -> MappingSet:
    """Parse and check one SSSOM/TSV file; :class:`MappingSetError` lists every problem found."""
    shown = _shown(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingFileError(f"mapping set not found: {shown}", file=shown) from None
    except UnicodeDecodeError:
        raise MappingSetError(f"{shown} is not UTF-8 text", file=shown, hint="save the file as UTF-8") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    problems: list[Problem] = []
    yaml_lines, first = _split_header(lines)
    metadata = _read_metadata(yaml_lines, shown, problems)
    if problems:  # without the metadata (the curie_map) no row can be read
        _raise(problems, shown)
    prefixes = _check_metadata(metadata, yaml_lines, path, shown, problems)
    mapping_set = MappingSet(path, shown, metadata, prefixes)

    if first >= len(lines):
        problems.append(
            Problem(
                "the file has no table: after the metadata block comes the header line (subject_id, …)",
                shown,
                first + 1,
            )
        )
        _raise(problems, shown)
    columns = lines[first].split("\t")
    header_line = first + 1
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        problems.append(
            Problem(
                f"the header has no column {', '.join(missing)}",
                shown,
                header_line,
                hint=f"the columns are: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}",
            )
        )
    unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    for name in unknown:
        problems.append(
            Problem(
                f"unknown column {name!r}",
                shown,
                header_line,
                column=lines[first].find(name) + 1,
                hint=f"the columns are: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}",
            )
        )
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    for name in duplicated:
        problems.append(Problem(f"the column {name!r} appears twice in the header", shown, header_line))
    if missing or unknown or duplicated:
        _raise(problems, shown)

    seen: dict[tuple[str, str, str, str], int] = {}
    for index in range(first + 1, len(lines)):
        number = index + 1
        text_line = lines[index]
        if not text_line.strip():
            continue
        cells = text_line.split("\t")
        if len(cells) != len(columns):
            problems.append(
                Problem(
                    f"the row has {len(cells)} fields, the header {len(columns)}",
                    shown,
                    number,
                    hint="separate the fields with one tab each; leave an empty field for an empty value",
                )
            )
            continue
        mapping = _check_row(_Row(cells, columns, text_line), number, mapping_set, problems)
        if mapping is None:
            continue
        key = (mapping.subject, mapping.predicate, mapping.object, mapping.modifier)
        if key in seen:
            problems.append(
                Problem(
                    f"the same mapping is already on line {seen[key]}",
                    shown,
                    number,
                    hint="remove one of the two rows",
                )
            )
            continue
        seen[key] = number
        mapping_set.mappings.append(mapping)
    _check_contradictions(mapping_set, problems)
    if problems:
        _raise(problems, shown)
    return mapping_set


def _problem(row: _Row, name: str, message: str, shown: Path, line: int, hint: str | None = None) -> Problem:
    return Problem(f"column {name}: {message}", shown, line, row.starts.get(name), hint=hint)


def _check_row(row: _Row, line: int, mapping_set: MappingSet, problems: list[Problem]) -> Mapping | None:
    shown = mapping_set.shown_as
    prefixes = mapping_set.prefixes
    before = len(problems)

    def fail(name: str, message: str, hint: str | None = None) -> None:
        problems.append(_problem(row, name, message, shown, line, hint))

    expanded: dict[str, str] = {}
    for name in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
        value = row.get(name)
        if not value:
            fail(name, "is empty", "every mapping needs a subject, predicate, object and justification")
            continue
        iri = _expand(value, prefixes)
        if iri is None:
            prefix = value.partition(":")[0]
            if ":" not in value or value.startswith(("http://", "https://")):
                fail(name, f"{value!r} is not a CURIE", "write prefix:local with a prefix of the curie_map")
            else:
                fail(
                    name,
                    f"the prefix {prefix!r} of {value!r} is not declared in the curie_map",
                    f"add '#   {prefix}: <namespace>' to the curie_map, or correct the prefix",
                )
            continue
        expanded[name] = iri

    modifier = row.get("predicate_modifier")
    if modifier not in ("", "Not"):
        fail("predicate_modifier", f"{modifier!r} is not a predicate modifier", "leave it empty, or write Not")
    predicate_id = row.get("predicate_id")
    allowed = NEGATABLE_PREDICATES if modifier == "Not" else (*MAPPING_PREDICATES, SEE_ALSO)
    if "predicate_id" in expanded and predicate_id not in allowed:
        fail("predicate_id", f"unknown predicate {predicate_id!r}", f"use one of {', '.join(allowed)}")
    object_type = row.get("object_type")
    if object_type and object_type not in OBJECT_TYPES:
        fail("object_type", f"{object_type!r} is not an object type", f"write {' or '.join(OBJECT_TYPES)}")
    elif modifier != "Not" and predicate_id in MAPPING_PREDICATES and object_type == "rdfs resource":
        fail(
            "object_type",
            f"{predicate_id} needs a SKOS concept as its object, and the object type is {object_type!r}",
            "write 'skos concept' where the target vocabulary is SKOS (its IRI is a skos:Concept there); link "
            "anything else (an article, a DBpedia resource) with rdfs:seeAlso and 'rdfs resource'",
        )
    elif modifier != "Not" and predicate_id == SEE_ALSO and object_type == "skos concept":
        fail(
            "object_type",
            f"rdfs:seeAlso is for objects that are not SKOS concepts, and the object type is {object_type!r}",
            "map a SKOS concept with one of the five SKOS mapping properties; write 'rdfs resource' otherwise",
        )

    subject = expanded.get("subject_id")
    if subject is not None and not subject.startswith(BASE):
        fail("subject_id", f"{row.get('subject_id')} is not a concept of ours ({BASE}…)")
    obj = expanded.get("object_id")
    if obj is not None and obj.startswith(BASE):
        fail("object_id", f"{row.get('object_id')} is one of our own resources; map to other vocabularies")

    justification = row.get("mapping_justification")
    if "mapping_justification" in expanded and justification not in JUSTIFICATIONS:
        fail(
            "mapping_justification",
            f"{justification!r} is not a SEMAPV mapping justification",
            "use semapv:ManualMappingCuration for a mapping curated by hand",
        )

    for name in ("subject_label", "object_label"):
        if not row.get(name).strip():
            fail(name, "is empty", "give the label as seen in the vocabulary")

    confidence_text = row.get("confidence")
    try:
        confidence = float(confidence_text)
    except ValueError:
        confidence = math.nan
    if not (0.0 <= confidence <= 1.0):  # also false for NaN
        fail("confidence", f"{confidence_text!r} is not a number between 0 and 1")
    elif (
        modifier != "Not"
        and confidence < LOW_CONFIDENCE
        and predicate_id in MAPPING_PREDICATES
        and predicate_id != "skos:relatedMatch"
    ):
        fail(
            "predicate_id",
            f"confidence {confidence_text} is low (below {LOW_CONFIDENCE}), so the mapping can be at "
            f"most skos:relatedMatch, not {predicate_id}",
            "use skos:relatedMatch, or raise the confidence if the match was verified",
        )

    authors: list[str] = []
    author_ids = tuple(part for part in row.get("author_id").split("|") if part)
    if not author_ids:
        fail("author_id", "is empty", "name who made the mapping, e.g. agent:mgo")
    for author in author_ids:
        iri = _expand(author, prefixes)
        if iri is None:
            fail("author_id", f"{author!r} is not a CURIE with a declared prefix")
        else:
            authors.append(iri)

    date_text = row.get("mapping_date")
    mapping_date = None
    try:
        mapping_date = _dt.date.fromisoformat(date_text)
    except ValueError:
        fail("mapping_date", f"{date_text!r} is not a date", "write the date as YYYY-MM-DD")
    if len(problems) > before or subject is None or obj is None or mapping_date is None:
        return None
    return Mapping(
        file=mapping_set.file,
        line=line,
        subject_id=row.get("subject_id"),
        subject=subject,
        subject_label=row.get("subject_label"),
        predicate_id=predicate_id,
        predicate=expanded["predicate_id"],
        object_id=row.get("object_id"),
        object=obj,
        object_label=row.get("object_label"),
        justification=expanded["mapping_justification"],
        confidence=confidence,
        confidence_text=confidence_text,
        author_ids=author_ids,
        authors=tuple(authors),
        mapping_date=mapping_date,
        modifier=modifier,
        comment=row.get("comment"),
        object_type=object_type,
    )


def _check_contradictions(mapping_set: MappingSet, problems: list[Problem]) -> None:
    """A mapping may not be both asserted and denied (``Not`` the same predicate, or ``Not`` all of them)."""
    denied = {(m.subject, m.predicate_id, m.object): m for m in mapping_set.negated()}
    for mapping in mapping_set.positive():
        for predicate in (mapping.predicate_id, "skos:mappingRelation"):
            other = denied.get((mapping.subject, predicate, mapping.object))
            if other is not None:
                problems.append(
                    Problem(
                        f"{mapping.subject_id} {mapping.predicate_id} {mapping.object_id} is asserted here "
                        f"and denied on line {other.line} (predicate_modifier Not {predicate})",
                        mapping_set.shown_as,
                        mapping.line,
                        hint="keep either the mapping or the non-match",
                    )
                )


def _raise(problems: list[Problem], shown: Path) -> None:
    problems = sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.message))
    first = problems[0]
    count = len(problems)
    raise MappingSetError(
        first.message if count == 1 else f"{count} problems in the mapping set {shown}",
        file=first.file if count == 1 else None,
        line=first.line if count == 1 else None,
        column=first.column if count == 1 else None,
        hint=first.hint if count == 1 else "fix each problem listed below",
        problems=[] if count == 1 else problems,
    )


def load_mapping_sets(root: Path) -> list[MappingSet]:
    """Every mapping set of the project, parsed; the problems of all files are reported together."""
    sets: list[MappingSet] = []
    problems: list[Problem] = []
    for path in mapping_files(root):
        try:
            sets.append(parse_mapping_set(path, root=root))
        except MappingSetError as exc:
            problems.extend(exc.problems or [Problem(exc.message, exc.file, exc.line, exc.column, hint=exc.hint)])
    if problems:
        _raise(problems, Path(PATTERN))
    return sets


# --- the layer -----------------------------------------------------------------------------------------


def mapping_graph(sets: list[MappingSet]) -> Graph:
    """The ``mappings`` layer: the SSSOM/RDF description of every mapping set, and the ``rdfs:seeAlso`` links.

    SSSOM/RDF (https://mapping-commons.github.io/sssom/spec-formats-rdf/): the set is an ``sssom:MappingSet``
    (``dct:title``, ``dct:description``, ``dct:license``, ``owl:versionInfo``, ``dct:creator``), each row an
    ``owl:Axiom`` with ``owl:annotatedSource/Property/Target`` and the row's slots by their SSSOM properties
    (``sssom:subject_label``, ``sssom:object_label``, ``sssom:object_type`` as the IRI the enumeration value
    means, ``sssom:mapping_justification``, ``sssom:confidence`` as ``xsd:double`` in canonical form,
    ``pav:authoredBy``, ``dct:created`` as ``xsd:date``, which sssom-schema 1.1 gives ``mapping_date``,
    ``rdfs:comment``); a non-match has ``sssom:predicate_modifier sssom:NegatedPredicate``.

    The ``skos:*Match`` triples themselves are **not asserted**: NL-SBB wants both ends of a mapping typed
    ``skos:Concept`` in the graph, and a concept typed so must also have NL-SBB's definition, which is the
    other vocabulary's to give (typing the 42 UNESCO, EuroVoc and EuroSciVoc targets gives 42 violations of
    ``skosapnl:Concept-definition``). So the mappings are published as the SSSOM records that say them, which
    SSSOM tools read as mappings (``sssom parse -I rdf``) and from which a consumer may assert them. The
    ``rdfs:seeAlso`` links are asserted: they claim nothing about their object.
    """

    graph = new_graph(MAPPINGS_GRAPH)
    sssom, dct, owl, rdfs, pav = (Namespace(n) for n in (SSSOM, DCT, OWL, RDFS, PAV))
    for prefix, namespace in (
        ("dct", DCT),
        ("owl", OWL),
        ("pav", PAV),
        ("rdfs", RDFS),
        ("semapv", SEMAPV),
        ("skos", SKOS),
        ("sssom", SSSOM),
    ):
        graph.bind(prefix, namespace)
    for mapping_set in sets:
        for prefix, namespace in sorted(mapping_set.prefixes.items()):
            graph.bind(prefix, namespace, override=False)
        meta = mapping_set.metadata
        node = URIRef(mapping_set.id)
        graph.add((node, RDF_NS.type, sssom.MappingSet))
        graph.add((node, dct.title, Literal(str(meta["mapping_set_title"]), lang="en")))
        if meta.get("mapping_set_description"):
            graph.add((node, dct.description, Literal(str(meta["mapping_set_description"]).strip(), lang="en")))
        graph.add((node, dct.license, URIRef(str(meta["license"]))))
        graph.add((node, owl.versionInfo, Literal(str(meta["mapping_set_version"]))))
        creators = meta.get("creator_id", [])
        for creator in [creators] if isinstance(creators, str) else creators:
            graph.add((node, dct.creator, URIRef(_expand(str(creator), mapping_set.prefixes) or str(creator))))
        for mapping in mapping_set.mappings:
            subject, predicate, obj = (
                URIRef(mapping.subject),
                URIRef(mapping.predicate),
                URIRef(mapping.object),
            )
            record = BNode()
            graph.add((node, sssom.mappings, record))
            graph.add((record, RDF_NS.type, owl.Axiom))
            graph.add((record, owl.annotatedSource, subject))
            graph.add((record, owl.annotatedProperty, predicate))
            graph.add((record, owl.annotatedTarget, obj))
            if mapping.negated:
                graph.add((record, sssom.predicate_modifier, sssom.NegatedPredicate))
            elif mapping.predicate_id == SEE_ALSO:
                graph.add((subject, predicate, obj))
            if mapping.object_type:
                graph.add((record, sssom.object_type, URIRef(OBJECT_TYPES[mapping.object_type])))
            graph.add((record, sssom.subject_label, Literal(mapping.subject_label)))
            graph.add((record, sssom.object_label, Literal(mapping.object_label)))
            graph.add((record, sssom.mapping_justification, URIRef(mapping.justification)))
            # "0.4" in the TSV is "4.0E-1" in RDF: the one lexical form every format and reader keeps (mgo.rdf.lexical)
            confidence = canonical_lexical(mapping.confidence_text, XSD + "double")
            graph.add((record, sssom.confidence, Literal(confidence, datatype=URIRef(XSD + "double"), normalize=False)))
            for author in mapping.authors:
                graph.add((record, pav.authoredBy, URIRef(author)))
            graph.add((record, dct.created, Literal(mapping.mapping_date.isoformat(), datatype=URIRef(XSD + "date"))))
            if mapping.comment:
                graph.add((record, rdfs.comment, Literal(mapping.comment, lang="en")))
    return graph


def build_mappings_layer(root: Path) -> Graph:
    """The ``mappings`` named graph of the project at ``root`` (empty when there is no mapping set)."""
    return mapping_graph(load_mapping_sets(root))


# --- publication ---------------------------------------------------------------------------------------


def mapping_outputs(root: Path, graph: Graph | None = None) -> dict[str, bytes]:
    """``mappings.ttl``, ``mappings.jsonld`` and ``mappings.sssom.tsv``, serialised in memory (deterministic).

    ``mappings.jsonld`` carries its own context (generated from the graph, :mod:`mgo.rdf.jsonld`).
    The TSV is the source file, byte for byte; with no mapping set the result is empty.
    """

    files = mapping_files(root)
    if not files:
        return {}
    if len(files) > 1:
        names = ", ".join(path.name for path in files)
        raise MappingSetError(
            f"several mapping sets ({names}): the publication has one, dist/mappings.sssom.tsv",
            hint="merge them into one file in data/mappings/, or extend mgo.pipeline.sssom.mapping_outputs",
        )
    layer = graph if graph is not None else build_mappings_layer(root)
    canonical_layer = canonical(layer)
    context = jsonld.build_context(canonical_layer)
    document = jsonld.compact_document(canonical_layer, context, context_ref=context)
    return {
        "mappings.ttl": canonical_turtle(canonical_layer).encode(),
        "mappings.jsonld": jsonld.dumps(document).encode(),
        "mappings.sssom.tsv": files[0].read_bytes(),
    }


def publish_mappings(root: Path, dist_tmp_dir: Path, graph: Graph | None = None) -> list[Path]:
    """Write :func:`mapping_outputs` into ``dist_tmp_dir`` (the build's staging folder); returns the paths."""
    written = []
    dist_tmp_dir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(mapping_outputs(root, graph).items()):
        target = dist_tmp_dir / name
        target.write_bytes(data)
        written.append(target)
    return written
