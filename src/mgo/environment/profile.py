"""The application profile for describing one's own environment, and its conversion to RDF.

One table, :data:`COLUMNS`, is the profile: each column of the spreadsheet template (the same key in YAML)
with the property it becomes, the kind of value it takes and, for coded columns, the concept scheme whose
values are allowed. The template (:mod:`mgo.environment.template`), the readers (:mod:`mgo.environment.intake`), the
documentation
table in ``docs/DESCRIBE.md`` and the SHACL shapes in ``shapes/profile/`` all follow it, so the three ways
to write a description (CSV, YAML, Turtle) give the same triples.

Why these properties (standard terms first, ``ontology/profile.ttl`` only where none fits):

* ``rdf:type`` a base concept or variant: the concepts are punned OWL classes (``ontology/README.md``), so
  an environment typed ``concept/living-lab`` *is* a lab and a ``mgo:Environment`` after OWL 2 RL.
* ``schema:name`` (a plain string, as for agents in the publication), ``schema:description`` (the mission,
  ``@nl``/``@en``), ``dct:subject`` (the theme: DCMI allows a literal when there is no IRI for it),
  ``schema:location`` (text or an IRI of a place), ``schema:startDate``/``schema:endDate`` (``xsd:date`` or
  ``xsd:gYear``), ``schema:url``.
* Partners: ``schema:member`` (schema.org only *suggests* domains, so no reasoner concludes the environment
  is an organisation) to a ``schema:Organization`` with ``schema:name`` and its type from the groupings facet
  with ``org:classification`` (ORG's property for "a classification of this organisation in a scheme").
* ``mgo:involves`` (⊑ ``dct:relation``) to facet values: the counterpart of ``mgo:names``, so environments
  and definitions are compared on the same values; ``mgo:scale`` (⊑ ``dct:coverage``) to ``scheme:schalen``.

Values are written to N-Triples lines here (not rdflib objects): a catalogue of 10^5 environments is ~3M
triples, which pyoxigraph and the Rust SHACL engine read as text in seconds; rdflib reads the same lines for
a single description.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS as SKOS_NS

from mgo.errors import Problem
from mgo.rdf.convert import new_graph
from mgo.terms import BASE, DCT, OWL, RDF, RDFS, SCHEMA, SKOS, XSD  # noqa: F401  (OWL: read by mgo.environment.fit)

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Graph

MGO = BASE + "def/"
ORG = "http://www.w3.org/ns/org#"

ENVIRONMENTS = BASE + "scheme/omgevingen"
SCALES = BASE + "scheme/schalen"  # mgo:scales (def/scales) until 0.1.0, deprecated: a scheme is no ontology term
GROUPINGS = BASE + "scheme/groeperingen"
ENVIRONMENT_CLASS = MGO + "Environment"

PREFIXES = {
    "concept": BASE + "concept/",
    "dct": DCT,
    "facet": BASE + "facet/",
    "mgo": MGO,
    "org": ORG,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}

#: separator of several values in one spreadsheet cell
SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    """One field of the profile: spreadsheet column and YAML key ``key``, written as ``prop``.

    ``kind``: ``id`` (the environment's IRI), ``iri``, ``string``, ``text`` (a literal in ``lang``),
    ``subject`` (an IRI, else a literal ``@nl``), ``place`` (an IRI, else a string), ``date``
    (``xsd:date`` or ``xsd:gYear``), ``code`` (a value of ``scheme``), ``partner-name``, ``partner-type``.
    """

    key: str
    prop: str
    kind: str
    nl: str
    en: str
    scheme: str | None = None
    many: bool = False
    required: bool = False
    lang: str | None = None


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "",
        "id",
        "IRI van de omgeving (http:// of https://), uniek en blijvend",
        "IRI of the environment (http:// or https://), unique and stable",
        required=True,
    ),
    Column("name", SCHEMA + "name", "string", "naam van de omgeving", "name of the environment", required=True),
    Column(
        "type",
        RDF + "type",
        "code",
        "welk basisconcept of welke variant de omgeving is",
        "which base concept or variant the environment is",
        scheme=ENVIRONMENTS,
        many=True,
        required=True,
    ),
    Column(
        "mission",
        SCHEMA + "description",
        "text",
        "missie of opdracht in eigen woorden (Nederlands)",
        "mission in its own words (Dutch)",
        lang="nl",
    ),
    Column(
        "mission_en",
        SCHEMA + "description",
        "text",
        "missie in het Engels",
        "mission in English",
        lang="en",
    ),
    Column(
        "theme",
        DCT + "subject",
        "subject",
        "thema('s): tekst, of een IRI (bijvoorbeeld van een duurzame-ontwikkelingsdoel)",
        "theme(s): text, or an IRI (for example of a sustainable development goal)",
        many=True,
    ),
    Column(
        "partner_names",
        SCHEMA + "member",
        "partner-name",
        "namen van de partners, in dezelfde volgorde als partner_types",
        "names of the partners, in the same order as partner_types",
        many=True,
    ),
    Column(
        "partner_types",
        ORG + "classification",
        "partner-type",
        "soort van elke partner (facet groeperingen), één per partner",
        "type of each partner (groupings facet), one per partner",
        scheme=GROUPINGS,
        many=True,
    ),
    Column(
        "sectors",
        MGO + "involves",
        "code",
        "betrokken onderwijssectoren",
        "education sectors involved",
        scheme=BASE + "scheme/onderwijssectoren",
        many=True,
    ),
    Column(
        "professions",
        MGO + "involves",
        "code",
        "betrokken professies",
        "professions involved",
        scheme=BASE + "scheme/professies",
        many=True,
    ),
    Column(
        "research_parties",
        MGO + "involves",
        "code",
        "betrokken onderzoekspartijen",
        "research parties involved",
        scheme=BASE + "scheme/onderzoekspartijen",
        many=True,
    ),
    Column(
        "activities",
        MGO + "involves",
        "code",
        "activiteiten (leren, werken, innoveren, onderzoeken, veranderen)",
        "activities (learning, working, innovating, researching, changing)",
        scheme=BASE + "scheme/activiteiten",
        many=True,
    ),
    Column(
        "actors",
        MGO + "involves",
        "code",
        "wie er meedoen (actoren)",
        "who takes part (actors)",
        scheme=BASE + "scheme/actoren",
        many=True,
    ),
    Column(
        "agendas",
        MGO + "involves",
        "code",
        "agenda's van waaruit de omgeving werkt",
        "agendas the environment works from",
        scheme=BASE + "scheme/agendas",
        many=True,
    ),
    Column(
        "keywords",
        MGO + "involves",
        "code",
        "kernwoorden (uit de definitie van Stadslab)",
        "keywords (from the definition of urban lab)",
        scheme=BASE + "scheme/kernwoorden-stadslab",
        many=True,
    ),
    Column(
        "place",
        SCHEMA + "location",
        "place",
        "plaats: naam, of een IRI van de plaats",
        "place: a name, or an IRI of the place",
    ),
    Column(
        "scale",
        MGO + "scale",
        "code",
        "schaal waarop de omgeving werkt",
        "scale at which the environment works",
        scheme=SCALES,
    ),
    Column("start", SCHEMA + "startDate", "date", "begin: JJJJ of JJJJ-MM-DD", "start: YYYY or YYYY-MM-DD"),
    Column("end", SCHEMA + "endDate", "date", "einde: JJJJ of JJJJ-MM-DD", "end: YYYY or YYYY-MM-DD"),
    Column("url", SCHEMA + "url", "iri", "website (https://…)", "website (https://…)"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
#: the YAML key of the partner list (in a spreadsheet: the two parallel columns partner_names/partner_types)
PARTNERS_KEY = "partners"


# --- allowed values ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """An allowed value of a coded column: its code (the last segment of its IRI), IRI and labels."""

    code: str
    iri: str
    nl: str
    en: str
    #: skos:altLabel and skos:hiddenLabel (synonyms and near-misses, data/additions/synonyms.ttl)
    alts: tuple[str, ...] = ()


@dataclass
class Codes:
    """The allowed values of every coded column, read from the model (never hard-coded here)."""

    by_scheme: dict[str, list[Code]] = field(default_factory=dict)
    scheme_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    _index: dict[str, dict[str, Code]] = field(default_factory=dict, repr=False)

    def values(self, scheme: str) -> list[Code]:
        return self.by_scheme.get(scheme, [])

    def lookup(self, scheme: str, text: str) -> Code | None:
        """The value ``text`` names: its code, IRI, Dutch or English label (case and accents ignored)."""
        index = self._index.get(scheme)
        if index is None:
            index = {}
            for code in self.values(scheme):
                for alias in (code.iri, code.code, code.nl, code.en, *code.alts):
                    if alias:
                        index.setdefault(_fold(alias), code)
            self._index[scheme] = index
        if text in index:  # the common case: a code as the template lists it (folding is the slow part)
            return index[text]
        found = index.get(_fold(text))
        if found is not None:
            index[text] = found
        return found

    def allowed(self, scheme: str) -> str:
        return ", ".join(code.code for code in self.values(scheme))

    def suggest(self, scheme: str, text: str, n: int = 3) -> list[Code]:
        """The closest values to a refused ``text`` (``Livng Lab`` -> ``living-lab``), best first.

        Similarity is difflib's ratio (the standard library's Ratcliff/Obershelp matcher) between the folded
        text and every name of a value (code, labels, synonyms); a value counts once, by its closest name.
        """
        import difflib

        self.lookup(scheme, "")  # builds the index
        index = self._index.get(scheme, {})
        folded = _fold(text)
        names = sorted({k for k in index if not k.startswith("http")})
        if not names:  # a scheme without values (a half-finished edit of the model): nothing to suggest
            return []
        out: list[Code] = []
        for name in difflib.get_close_matches(folded, names, n=len(names), cutoff=0.6):
            code = index[name]
            if code not in out:
                out.append(code)
        return out[:n]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # "regionale-agenda", "regionale_agenda" and "regionale  agenda" name one value
    return _SPACING.sub(" ", folded)


_SPACING = re.compile(r"[\s_-]+")


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def codes_from_graph(graph: Graph) -> Codes:
    """The allowed values of every scheme the profile uses, from the model graph (the publication)."""

    codes = Codes()
    schemes = {column.scheme for column in COLUMNS if column.scheme} | set(PARTNER_SCHEMES)

    def text(node: URIRef, prop: URIRef, lang: str) -> str:
        found = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language == lang)
        return found[0] if found else ""

    for scheme in sorted(schemes):
        node = URIRef(scheme)
        members = set(graph.subjects(SKOS_NS.inScheme, node)) | set(graph.subjects(SKOS_NS.topConceptOf, node))
        values = [
            Code(
                _local(str(m)),
                str(m),
                text(m, SKOS_NS.prefLabel, "nl"),
                text(m, SKOS_NS.prefLabel, "en"),
                tuple(
                    sorted(
                        str(o)
                        for prop in (SKOS_NS.altLabel, SKOS_NS.hiddenLabel)
                        for o in graph.objects(m, prop)
                        if isinstance(o, Literal)
                    )
                ),
            )
            for m in members
            if isinstance(m, URIRef)
        ]
        codes.by_scheme[scheme] = sorted(values, key=lambda c: c.code)
        codes.scheme_labels[scheme] = (
            text(node, SKOS_NS.prefLabel, "nl"),
            text(node, SKOS_NS.prefLabel, "en"),
        )
    return codes


# --- where a value came from ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """The place of a value in its input: a spreadsheet cell or a YAML path (with its line)."""

    file: Path | None = None
    row: int | None = None  # spreadsheet row, 1-based, the header is row 1
    column: str | None = None
    path: str | None = None  # YAML path such as partners[0].type
    line: int | None = None  # YAML line, 1-based

    def text(self) -> str:
        if self.row is not None:
            return f"row {self.row}" + (f", column {self.column}" if self.column else "")
        if self.path is not None:
            return f"{self.path}" + (f" (line {self.line})" if self.line else "")
        return self.column or ""

    def elsewhere(self, other: Where) -> str:
        """This place as seen from ``other``: with the file name when the two are in different files."""
        text = self.text()
        if self.file is not None and self.file != other.file:
            return f"{self.file}, {text}" if text else str(self.file)
        return text

    def problem(self, message: str, *, iri: str | None = None, hint: str | None = None) -> Problem:
        place = self.text()
        return Problem(f"{place}: {message}" if place else message, file=self.file, iri=iri, hint=hint)


@dataclass(frozen=True)
class Value:
    text: str
    where: Where


@dataclass
class Entry:
    """One environment as written, before conversion: raw texts per key, each with where it came from."""

    where: Where
    fields: dict[str, list[Value]] = field(default_factory=dict)
    partners: list[tuple[Value, Value | None]] = field(default_factory=list)

    def first(self, key: str) -> Value | None:
        values = self.fields.get(key) or []
        return values[0] if values else None


# --- N-Triples terms ---------------------------------------------------------------------------------------

_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_YEAR = re.compile(r"^-?\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype and datatype != XSD + "string":
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def is_iri(text: str) -> bool:
    return bool(_IRI.match(text))


def slug(text: str) -> str:
    """A readable IRI segment: ``Gemeente Voorbeeldstad (fictief)`` → ``gemeente-voorbeeldstad-fictief``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def partner_iri(environment: str, name: str) -> str:
    """The IRI minted for a partner named in a spreadsheet or YAML: ``{environment}/partner/{slug}``."""
    return f"{environment.rstrip('/')}/partner/{slug(name)}"


Triple = tuple[str, str, str]


@dataclass
class Converted:
    """The triples of one environment (N-Triples terms), its IRI (if valid) and the problems found."""

    iri: str | None
    where: Where
    triples: list[Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _date(value: Value, problems: list[Problem]) -> str | None:
    text = value.text.strip()
    if _YEAR.match(text):
        return literal(text, datatype=XSD + "gYear")
    if _DATE.match(text):
        try:
            _dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return literal(text, datatype=XSD + "date")
    problems.append(
        value.where.problem(f"'{text}' is not a year or a date; write YYYY (2024) or YYYY-MM-DD (2024-03-31)")
    )
    return None


#: a partner's type: Zitter's groupings first, then the actors the definitions name (a university is a
#: knowledge institution, a museum a museum): both are facets of the model
PARTNER_SCHEMES = (GROUPINGS, BASE + "scheme/actoren")


def _coded(column: Column, value: Value, codes: Codes, problems: list[Problem]) -> str | None:
    assert column.scheme is not None
    schemes = PARTNER_SCHEMES if column.scheme == GROUPINGS else (column.scheme,)
    for scheme in schemes:
        code = codes.lookup(scheme, value.text)
        if code is not None:
            return iri(code.iri)
    text = value.text.strip()
    close = [c for scheme in schemes for c in codes.suggest(scheme, text)][:3]
    if close:
        names = " or ".join(f"'{c.code}'" + (f" ({c.nl})" if _fold(c.nl) != _fold(c.code) else "") for c in close)
        problems.append(
            value.where.problem(
                f"'{text}' is not an allowed value; did you mean {names}?",
                hint=f"mgo template --codes codes.csv lists every allowed value ({_scheme_key(codes, schemes[0])})",
            )
        )
    else:
        allowed = "; ".join(codes.allowed(scheme) for scheme in schemes)
        problems.append(value.where.problem(f"'{text}' is not an allowed value; allowed: {allowed}"))
    return None


def _scheme_key(codes: Codes, scheme: str) -> str:
    return codes.scheme_labels.get(scheme, ("", ""))[1] or _local(scheme)


def convert(entry: Entry, codes: Codes) -> Converted:
    """The triples of one environment, or the problems that keep it from being converted (all of them)."""
    problems: list[Problem] = []
    id_value = entry.first("id")
    subject: str | None = None
    if id_value is None or not id_value.text.strip():
        where = id_value.where if id_value else Where(entry.where.file, entry.where.row, "id", entry.where.path)
        problems.append(where.problem("required: the IRI of the environment (https://…)"))
    elif not is_iri(id_value.text.strip()):
        problems.append(id_value.where.problem(f"'{id_value.text.strip()}' is not an IRI; write it in full, https://…"))
    else:
        subject = id_value.text.strip()
    result = Converted(subject, entry.where)
    s = iri(subject) if subject else "<urn:x-invalid>"
    out: list[Triple] = []

    for column in COLUMNS:
        if column.kind in ("id", "partner-name", "partner-type"):
            continue
        values = [v for v in entry.fields.get(column.key, []) if v.text.strip()]
        if not values:
            if column.required:
                where = _where_of(entry, column.key)
                problems.append(where.problem(f"required: {column.en}"))
            continue
        if len(values) > 1 and not column.many:
            problems.append(values[1].where.problem(f"only one value allowed, found {len(values)}"))
            continue
        for value in values:
            text = value.text.strip()
            p = iri(column.prop)
            bad = _control_character(text, allow_newline=column.kind == "text")
            if bad is not None:
                problems.append(value.where.problem(bad))
                continue
            if column.kind == "code":
                o = _coded(column, value, codes, problems)
            elif column.kind == "string":
                o = literal(text)
            elif column.kind == "text":
                o = literal(text, lang=column.lang)
            elif column.kind == "subject":
                o = iri(text) if is_iri(text) else literal(text, lang="nl")
            elif column.kind == "place":
                o = iri(text) if is_iri(text) else literal(text)
            elif column.kind == "date":
                o = _date(value, problems)
            elif column.kind == "iri":
                if not is_iri(text):
                    problems.append(value.where.problem(f"'{text}' is not a web address; write it in full, https://…"))
                    o = None
                else:
                    o = iri(text)
            else:  # pragma: no cover - the table above has no other kinds
                raise AssertionError(column.kind)
            if o is not None:
                out.append((s, p, o))

    seen_partners: dict[str, Value] = {}
    groupings = COLUMN_BY_KEY["partner_types"]
    for name, kind in entry.partners:
        text = name.text.strip()
        if not text and (kind is None or not kind.text.strip()):
            continue  # an empty line of the template
        if not text:
            problems.append(name.where.problem("a partner needs a name"))
            continue
        bad = _control_character(text, allow_newline=False)
        if bad is not None:
            problems.append(name.where.problem(bad))
            continue
        partner = partner_iri(subject or "urn:x-invalid", text)
        if partner in seen_partners:
            problems.append(name.where.problem(f"the partner '{text}' is listed twice"))
            continue
        seen_partners[partner] = name
        out.append((s, iri(SCHEMA + "member"), iri(partner)))
        out.append((iri(partner), iri(RDF + "type"), iri(SCHEMA + "Organization")))
        out.append((iri(partner), iri(SCHEMA + "name"), literal(text)))
        if kind is None or not kind.text.strip():
            where = kind.where if kind else name.where
            allowed = "; ".join(codes.allowed(scheme) for scheme in PARTNER_SCHEMES)
            problems.append(where.problem(f"the partner '{text}' has no type; allowed: {allowed}"))
            continue
        o = _coded(groupings, kind, codes, problems)
        if o is not None:
            out.append((iri(partner), iri(ORG + "classification"), o))

    result.problems = problems
    result.triples = [] if problems else sorted(set(out))
    return result


def _control_character(text: str, *, allow_newline: bool) -> str | None:
    """Why ``text`` cannot be written (a TAB, NUL or other control character in it), or None.

    Such characters come from copy-paste, not from meaning; several RDF serialisations (RDF/XML) cannot hold
    them at all, and a name with a TAB breaks every tab-separated report.
    """
    for index, char in enumerate(text):
        if char == "\n" and allow_newline:
            continue
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            name = {"\t": "a TAB", "\x00": "a NUL character", "\n": "a line break", "\r": "a carriage return"}.get(
                char, f"the control character U+{ord(char):04X}"
            )
            return (
                f"the value has {name} at position {index + 1}; remove it "
                "(copy the text again without it, or retype the value)"
            )
    return None


def _where_of(entry: Entry, key: str) -> Where:
    w = entry.where
    if w.row is not None:
        return Where(w.file, w.row, key)
    path = f"{w.path}.{key}" if w.path else key
    return Where(w.file, path=path, line=w.line)


def ntriples(triples: Iterable[Triple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def to_graph(triples: Sequence[Triple]) -> Graph:
    """An rdflib graph of ``triples`` with the profile's prefixes bound (for Turtle output and owlrl)."""
    graph = new_graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    if triples:
        graph.parse(data=ntriples(triples), format="nt")
    return graph
