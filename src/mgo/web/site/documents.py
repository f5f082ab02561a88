"""The RDF documents of single resources: ``concept/living-lab.ttl``, ``.jsonld``, ``.nt``, ``.rdf``.

Every resource IRI is answered with a ``303`` to a document ``IRI.ext`` (``ontology/README.md``); on a plain
file host those documents must exist as files. Each holds the resource's *Concise Bounded Description*
(https://www.w3.org/submission/CBD/: its triples, and recursively those of the blank nodes it points to);
the ontology document also holds every term ``rdfs:isDefinedBy`` it, so ``def.ttl`` is the whole ontology.
Like the documents of ``mgo serve`` (:mod:`mgo.documents`), a description also gives the labels
(``skos:prefLabel``, ``rdfs:label``) of the IRIs it links to, so a client can show names without asking again.

Why our own small writers instead of rdflib's serialisers or pyoxigraph's (which ``mgo serve`` uses in
memory): about three hundred resources times four formats would cost seconds with rdflib
(``shared/PERF-FACTS.md``), and pyoxigraph writes the parser's random blank-node labels, while two builds of
the site must give byte-identical files.
Blank nodes are labelled by their place in the description (``b0``, ``b1`` … in sorted order), never by the
parser's random labels, and every list of values is sorted. The writers handle only what a description
needs (no RDF lists, no graphs); ``tests/test_site.py`` parses every format back and checks it is isomorphic.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from mgo.web.site.rdf import RDF, RDF_TYPE, XSD, Blank, Index, Iri, Node, Term, Triple, term_key

RDFS_IS_DEFINED_BY = "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"
#: the labels of linked resources a description includes, so a client can show names without more requests
LINKED_LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
)
XSD_INTEGER = XSD + "integer"
#: names for namespaces a file bound under a generated prefix (rdflib writes ``ns1:`` for oa:)
WELL_KNOWN_PREFIXES = {
    "http://www.w3.org/ns/oa#": "oa",
    "http://www.w3.org/ns/shacl#": "sh",
    "http://www.w3.org/ns/dcat#": "dcat",
    "http://rdfs.org/ns/void#": "void",
    "http://spdx.org/rdf/terms#": "spdx",
    "http://www.w3.org/ns/prov#": "prov",
    "http://purl.org/dc/terms/": "dct",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://www.w3.org/2002/07/owl#": "owl",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    RDF: "rdf",
    XSD: "xsd",
    "https://schema.org/": "schema",
}
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_GENERATED_PREFIX = re.compile(r"^ns\d+$")


def clean_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    """prefix → namespace: generated names (``ns1``) replaced by the usual one; one prefix per namespace."""
    by_namespace: dict[str, str] = {}
    for prefix, namespace in sorted(prefixes.items()):
        if _GENERATED_PREFIX.match(prefix) or not prefix or prefix == "xml":
            continue
        by_namespace.setdefault(namespace, prefix)
    for namespace, prefix in WELL_KNOWN_PREFIXES.items():
        if namespace not in by_namespace and prefix not in by_namespace.values():
            by_namespace[namespace] = prefix
    return {prefix: namespace for namespace, prefix in sorted(by_namespace.items(), key=lambda kv: kv[1])}


class Description:
    """The triples about one resource, with its blank nodes in a fixed order and with fixed labels."""

    def __init__(
        self, index: Index, root: Node, *, members: list[Node] | None = None, linked_labels: bool = True
    ) -> None:
        self.root = root
        self._index = index
        self._signature_cache: dict[Blank, str] = {}
        self.subjects: list[Node] = []  # root, the other named members, blank nodes, then linked IRIs
        self.labels: dict[Blank, str] = {}
        self.references: dict[Blank, int] = {}
        #: IRIs the description links to, present only with their labels (like ``mgo serve``'s documents)
        self._label_only: set[Node] = set()
        self._statements: dict[Node, list[tuple[str, Term]]] = {}
        seen: set[Node] = set()
        queue: list[Node] = [root, *(members or [])]
        while queue:
            node = queue.pop(0)
            if node in seen:
                continue
            seen.add(node)
            self.subjects.append(node)
            if isinstance(node, Blank):
                self.labels[node] = f"b{len(self.labels)}"
            for _, o in self.statements(node):
                if isinstance(o, Blank):
                    self.references[o] = self.references.get(o, 0) + 1
                    if o not in seen:
                        queue.append(o)
        if linked_labels:
            linked = {o for s in self.subjects for _, o in self.statements(s) if isinstance(o, Iri) and o not in seen}
            for target in sorted(linked, key=term_key):
                if any(index.literals(target, p) for p in LINKED_LABELS):
                    self._label_only.add(target)
                    self.subjects.append(target)

    def _signature(self, blank: Blank, trail: frozenset[Blank] = frozenset()) -> str:
        """A label-free text of a blank node's content: orders sibling blank nodes the same on every run."""
        if blank in self._signature_cache:
            return self._signature_cache[blank]
        if blank in trail:
            return "(cycle)"
        parts = []
        for p, objects in sorted(self._index.properties(blank).items()):
            for o in objects:
                value = self._signature(o, trail | {blank}) if isinstance(o, Blank) else repr(term_key(o))
                parts.append(f"{p} {value}")
        text = "[" + "; ".join(sorted(parts)) + "]"
        self._signature_cache[blank] = text
        return text

    def _order(self, term: Term) -> tuple[object, ...]:
        if isinstance(term, Blank):
            return (1, self._signature(term))
        return (0, term_key(term))

    def statements(self, node: Node) -> list[tuple[str, Term]]:
        """(predicate, object) pairs of ``node``: rdf:type first, then by predicate, objects in order."""
        cached = self._statements.get(node)
        if cached is None:
            cached = self._statements[node] = self._statements_of(node)
        return cached

    def _statements_of(self, node: Node) -> list[tuple[str, Term]]:
        pairs = []
        for p, objects in self._index.properties(node).items():
            if node in self._label_only and p not in LINKED_LABELS:
                continue
            for o in objects:
                pairs.append((p, o))
        return sorted(pairs, key=lambda pair: (pair[0] != RDF_TYPE, pair[0], self._order(pair[1])))

    def triples(self) -> list[Triple]:
        return [(s, p, o) for s in self.subjects for p, o in self.statements(s)]

    def inline(self, blank: Blank) -> bool:
        """A blank node referenced exactly once can be written nested (``[ … ]``) in Turtle and JSON-LD."""
        return self.references.get(blank, 0) == 1


def describe(index: Index, iri: Iri, *, ontology: str | None = None) -> Description:
    """The CBD of ``iri``; for the ontology IRI, plus every term ``rdfs:isDefinedBy`` it."""
    members: list[Iri] = []
    if ontology is not None and iri.value == ontology:
        members = [s for s in index.subjects_of(RDFS_IS_DEFINED_BY, iri) if isinstance(s, Iri)]
    return Description(index, iri, members=members)  # type: ignore[arg-type]


def describe_all(index: Index) -> Description:
    """Every triple of the index as one description (the publication, when the build gave no files)."""
    subjects = index.subjects()
    named: list[Node] = [s for s in subjects if isinstance(s, Iri)]
    referenced = {o for s in subjects for objects in index.properties(s).values() for o in objects}
    orphans: list[Node] = [s for s in subjects if isinstance(s, Blank) and s not in referenced]
    if not named and not orphans:
        raise ValueError("the graph is empty")
    first, *rest = named + orphans
    return Description(index, first, members=rest, linked_labels=False)


# -- Turtle ---------------------------------------------------------------------------------------------
def _string(value: str) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\t", "\\t")
    if "\n" in text:
        return '"""' + text + '"""'
    return '"' + text + '"'


@lru_cache(maxsize=65536)
def _split(iri: str, namespaces: tuple[tuple[str, str], ...], pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
    for namespace, prefix in namespaces:
        if iri.startswith(namespace) and pattern.match(iri[len(namespace) :]):
            return prefix, namespace, iri[len(namespace) :]
    return None


class _Names:
    """Compact names (``skos:prefLabel``) for the prefixes a document uses; full ``<IRI>`` otherwise."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so ``…/def/`` wins over ``…/`` when both are bound
        self._namespaces = tuple(sorted(((ns, p) for p, ns in prefixes.items()), key=lambda kv: (-len(kv[0]), kv)))
        self.used: dict[str, str] = {}

    def split(self, iri: str, pattern: re.Pattern[str]) -> tuple[str, str, str] | None:
        return _split(iri, self._namespaces, pattern)

    def compact(self, iri: str, pattern: re.Pattern[str] = _LOCAL_NAME) -> str | None:
        found = self.split(iri, pattern)
        if found is None:
            return None
        prefix, namespace, local = found
        self.used[prefix] = namespace
        return f"{prefix}:{local}"


def turtle(description: Description, prefixes: dict[str, str]) -> str:
    """The description as Turtle, nested blank nodes where each is used once."""
    names = _Names(prefixes)

    def iri(value: str) -> str:
        return names.compact(value) or f"<{value}>"

    def term(value: Term, depth: int) -> str:
        if isinstance(value, Iri):
            return iri(value.value)
        if isinstance(value, Blank):
            if description.inline(value):
                return block(value, depth + 1)
            return "_:" + description.labels[value]
        if value.lang:
            return _string(value.value) + "@" + value.lang
        if value.datatype == XSD_INTEGER and re.fullmatch(r"[+-]?\d+", value.value):
            return value.value
        if value.datatype:
            return _string(value.value) + "^^" + iri(value.datatype)
        return _string(value.value)

    def body(node: Node, depth: int) -> list[str]:
        pad = "    " * depth
        lines: list[str] = []
        grouped: dict[str, list[Term]] = {}
        for p, o in description.statements(node):
            grouped.setdefault(p, []).append(o)
        for p, objects in grouped.items():
            verb = "a" if p == RDF_TYPE else iri(p)
            values = [term(o, depth) for o in objects]
            if len(values) == 1:
                lines.append(f"{pad}{verb} {values[0]} ;")
            else:
                lines.append(f"{pad}{verb}")
                lines.extend(f"{pad}    {v} ," for v in values[:-1])
                lines.append(f"{pad}    {values[-1]} ;")
        return lines

    def block(node: Blank, depth: int) -> str:
        inner = body(node, depth)
        return "[\n" + "\n".join(inner) + "\n" + "    " * (depth - 1) + "]"

    chunks: list[str] = []
    for subject in description.subjects:
        if isinstance(subject, Blank) and description.inline(subject):
            continue
        head = iri(subject.value) if isinstance(subject, Iri) else "_:" + description.labels[subject]
        chunks.append(head + "\n" + "\n".join(body(subject, 1)) + "\n.\n")
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(names.used.items()))
    return header + "\n" + "\n".join(chunks)


# -- N-Triples ------------------------------------------------------------------------------------------
def _nt_string(value: str) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + text + '"'


def ntriples(description: Description) -> str:
    """The description as N-Triples, one triple a line, sorted."""

    def term(value: Term) -> str:
        if isinstance(value, Iri):
            return f"<{value.value}>"
        if isinstance(value, Blank):
            return "_:" + description.labels[value]
        if value.lang:
            return _nt_string(value.value) + "@" + value.lang
        if value.datatype:
            return _nt_string(value.value) + f"^^<{value.datatype}>"
        return _nt_string(value.value)

    lines = sorted(f"{term(s)} <{p}> {term(o)} .\n" for s, p, o in description.triples())
    return "".join(lines)


# -- JSON-LD --------------------------------------------------------------------------------------------
def jsonld_data(description: Description, prefixes: dict[str, str]) -> dict[str, object]:
    """The description as a JSON-LD 1.1 document with an inline context of prefixes (no remote context)."""
    names = _Names(prefixes)

    def iri(value: str) -> str:
        return names.compact(value) or value

    def value(term: Term) -> object:
        if isinstance(term, Iri):
            return {"@id": iri(term.value)}
        if isinstance(term, Blank):
            if description.inline(term):
                return node(term)
            return {"@id": "_:" + description.labels[term]}
        if term.lang:
            return {"@language": term.lang, "@value": term.value}
        if term.datatype:
            return {"@type": iri(term.datatype), "@value": term.value}
        return {"@value": term.value}

    def node(subject: Node) -> dict[str, object]:
        data: dict[str, object] = {}
        if isinstance(subject, Iri):
            data["@id"] = iri(subject.value)
        elif not description.inline(subject):
            data["@id"] = "_:" + description.labels[subject]
        types = [iri(o.value) for p, o in description.statements(subject) if p == RDF_TYPE and isinstance(o, Iri)]
        if types:
            data["@type"] = types
        for p, o in description.statements(subject):
            if p == RDF_TYPE and isinstance(o, Iri):
                continue
            values = data.setdefault(iri(p), [])
            assert isinstance(values, list)
            values.append(value(o))
        return data

    graph = [
        node(subject)
        for subject in description.subjects
        if not (isinstance(subject, Blank) and description.inline(subject))
    ]
    context = dict(sorted(names.used.items()))
    return {"@context": context, "@graph": graph}


def jsonld(description: Description, prefixes: dict[str, str]) -> str:
    # compact (one line): the C encoder is ten times faster than the indenting one, and browsers and
    # editors pretty-print JSON themselves
    return json.dumps(jsonld_data(description, prefixes), ensure_ascii=False, separators=(",", ":")) + "\n"


# -- RDF/XML --------------------------------------------------------------------------------------------
def rdfxml(description: Description, prefixes: dict[str, str]) -> str:
    """The description as RDF/XML: one flat ``rdf:Description`` per subject, blank nodes by ``rdf:nodeID``."""
    names = _Names({"rdf": RDF, **prefixes})
    extra: dict[str, str] = {}

    def qname(predicate: str) -> str:
        found = names.split(predicate, _NCNAME)
        if found is not None:
            prefix, namespace, local = found
            names.used[prefix] = namespace
            return f"{prefix}:{local}"
        for mark in ("#", "/"):
            cut = predicate.rfind(mark) + 1
            if cut and _NCNAME.match(predicate[cut:]):
                namespace = predicate[:cut]
                prefix = extra.setdefault(namespace, f"ns{len(extra) + 1}")
                return f"{prefix}:{predicate[cut:]}"
        raise ValueError(f"cannot write the predicate <{predicate}> in RDF/XML (no XML local name)")

    body: list[str] = []
    for subject in description.subjects:
        if isinstance(subject, Iri):
            body.append(f"  <rdf:Description rdf:about={quoteattr(subject.value)}>")
        else:
            body.append(f'  <rdf:Description rdf:nodeID="{description.labels[subject]}">')
        for p, o in description.statements(subject):
            name = qname(p)
            if isinstance(o, Iri):
                body.append(f"    <{name} rdf:resource={quoteattr(o.value)}/>")
            elif isinstance(o, Blank):
                body.append(f'    <{name} rdf:nodeID="{description.labels[o]}"/>')
            elif o.lang:
                body.append(f'    <{name} xml:lang="{o.lang}">{escape(o.value)}</{name}>')
            elif o.datatype:
                body.append(f"    <{name} rdf:datatype={quoteattr(o.datatype)}>{escape(o.value)}</{name}>")
            else:
                body.append(f"    <{name}>{escape(o.value)}</{name}>")
        body.append("  </rdf:Description>")
    namespaces = {"rdf": RDF, **names.used, **{p: ns for ns, p in extra.items()}}
    declarations = "".join(f"\n    xmlns:{p}={quoteattr(ns)}" for p, ns in sorted(namespaces.items()))
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"
