"""Facet links backed by the exact words of a quote, as W3C Web Annotations.

`data/annotations.tsv` says, one row each, which facet value a variant's definition names and in which words.
This module turns each row into an `oa:Annotation` whose target is the definition, selected with an
`oa:TextQuoteSelector` (exact, prefix, suffix: Web Annotation Data Model §4.2.4), plus the direct triple
`concept mgo:names value` for simple queries. Keeping the row as the one edited source means the direct triple
and its evidence can never drift apart, and prefix/suffix are computed rather than typed by hand.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from mgo.rdf.narrow import sorted_terms
from mgo.terms import BASE

MGO = Namespace(BASE + "def/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
CONTEXT_CHARS = 32  # enough to make every selector unambiguous in quotes of this length


class AnnotationError(ValueError):
    """A row of annotations.tsv that cannot be anchored in its quote; carries file and line for the message."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Row:
    line: int
    concept: str
    value: str
    exact: str
    within: str


def read_rows(path: Path) -> list[Row]:
    """Read the TSV, skipping '#' comment lines; the first other line is the header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, text) for n, text in enumerate(lines, start=1) if text.strip() and not text.startswith("#")]
    if not numbered:
        raise AnnotationError(path, 1, "the file has no header line (concept, value, exact, within)")
    header_line, header = numbered[0]
    expected = ["concept", "value", "exact", "within"]
    if header.split("\t") != expected:
        raise AnnotationError(path, header_line, f"the header must be {' / '.join(expected)} separated by tabs")
    rows = []
    for n, text in numbered[1:]:
        cells = next(csv.reader([text], delimiter="\t", quoting=csv.QUOTE_NONE))
        cells += [""] * (4 - len(cells))
        if len(cells) > 4 or not all(cells[:3]):
            raise AnnotationError(
                path, n, "a row needs concept, value and exact (and optionally within), tab-separated"
            )
        rows.append(Row(n, *(c.strip() for c in cells[:4])))
    return rows


def _quote_of(graph: Graph, concept: URIRef) -> tuple[URIRef, str] | None:
    for definition in sorted_terms(graph.subjects(MGO.defines, concept)):
        value = graph.value(definition, RDF.value)
        if isinstance(value, Literal):
            return URIRef(definition), str(value)
    return None


def _locate(path: Path, row: Row, quote: str) -> int:
    """Return the start offset of row.exact in quote, demanding that the anchor occurs exactly once."""
    anchor = row.within or row.exact
    count = quote.count(anchor)
    if count == 0:
        what = "phrase (within)" if row.within else "words (exact)"
        raise AnnotationError(path, row.line, f"the {what} {anchor!r} do not occur in the quote of {row.concept}")
    if count > 1:
        hint = "choose a longer 'within' phrase" if row.within else "add a 'within' phrase that occurs once"
        raise AnnotationError(path, row.line, f"{anchor!r} occurs {count} times in the quote of {row.concept}: {hint}")
    start = quote.index(anchor)
    offset = anchor.find(row.exact)
    if offset < 0:
        raise AnnotationError(path, row.line, f"the words {row.exact!r} are not inside the phrase {row.within!r}")
    return start + offset


def build_annotations(path: Path, graph: Graph) -> Graph:
    """Build the annotation triples for every row of `path`, anchored in the quotes found in `graph`."""
    out = Graph()
    seen: dict[tuple[str, str], int] = {}
    for row in read_rows(path):
        concept = URIRef(f"{BASE}concept/{row.concept}")
        value = URIRef(f"{BASE}facet/{row.value}")
        if (row.concept, row.value) in seen:
            raise AnnotationError(
                path,
                row.line,
                f"{row.concept} → {row.value} is already given on line {seen[row.concept, row.value]}",
            )
        seen[row.concept, row.value] = row.line
        if (value, None, None) not in graph:
            raise AnnotationError(path, row.line, f"the facet value {value} is not defined in data/facets.ttl")
        found = _quote_of(graph, concept)
        if found is None:
            raise AnnotationError(path, row.line, f"no quoted definition (mgo:defines) found for {concept}")
        definition, quote = found
        start = _locate(path, row, quote)
        end = start + len(row.exact)
        annotation = URIRef(f"{BASE}annotatie/{row.concept}/{row.value.replace('/', '-')}")
        # Labelled blank nodes keep every serialisation deterministic.
        key = f"{row.concept}-{row.value.replace('/', '-')}"
        target, selector = BNode(f"target-{key}"), BNode(f"selector-{key}")
        out.add((concept, MGO.names, value))
        # the value's provenance (VocPub 2.2.2): the quote that names it
        out.add((value, PROV.wasDerivedFrom, definition))
        out.add((annotation, RDF.type, OA.Annotation))
        out.add((annotation, OA.motivatedBy, OA.classifying))
        out.add((annotation, OA.hasBody, value))
        out.add((annotation, OA.hasTarget, target))
        out.add((annotation, DCTERMS.creator, URIRef(BASE + "agent/mgo")))
        out.add((target, RDF.type, OA.SpecificResource))
        out.add((target, OA.hasSource, definition))
        out.add((target, OA.hasSelector, selector))
        out.add((selector, RDF.type, OA.TextQuoteSelector))
        out.add((selector, OA.exact, Literal(row.exact)))
        out.add((selector, OA.prefix, Literal(quote[max(0, start - CONTEXT_CHARS) : start])))
        out.add((selector, OA.suffix, Literal(quote[end : end + CONTEXT_CHARS])))
    return out
