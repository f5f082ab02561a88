"""One lexical form per typed literal: the canonical mapping of XSD 1.1 Part 2 (the datatypes).

An RDF literal is its lexical form plus its datatype: ``"0.4"^^xsd:double`` and ``"4.0E-1"^^xsd:double`` have
the same value but are two different RDF terms (RDF 1.1 Concepts, section 3.3). A reader that keeps lexical
forms (Apache Jena, Oxigraph, every SPARQL store) sees them differ, and the JSON-LD processors do not keep
them: JSON-LD 1.1 API section 8.6 (Object to RDF) writes every ``xsd:double`` in its canonical form, and PyLD
and jsonld.js do so for a string value typed ``xsd:double`` too. So the build writes each typed literal in its
canonical form (:func:`canonicalise_graph`, after parsing and derivation), and every serialisation of
``dist/`` carries the same terms as the JSON-LD expands to.

The canonical mappings implemented (https://www.w3.org/TR/xmlschema11-2/, the section of each datatype):

* ``xsd:double`` and ``xsd:float`` (3.3.5.2, 3.3.4.2): ``4.0E-1``; a mantissa with one non-zero digit before
  the point and at least one after it, the exponent without ``+`` or leading zeros, the shortest digits that
  give the same binary value; ``0.0E0``, ``-0.0E0``, ``INF``, ``-INF``, ``NaN``;
* ``xsd:decimal`` (3.3.3.2): no ``+``, no leading or trailing zeros, no point when the value is an integer
  (``1.50`` is ``1.5``, ``2.0`` is ``2``);
* ``xsd:integer`` and the types derived from it (3.4.13 …): no ``+``, no leading zeros, ``-0`` is ``0``;
* ``xsd:boolean`` (3.3.2.2): ``true`` or ``false`` (``1`` and ``0`` are not canonical);
* ``xsd:date``, ``xsd:dateTime``, ``xsd:gYear`` … (3.3.7.2 …): the time-zone ``+00:00``/``-00:00`` is ``Z``;
  ``xsd:dateTime`` drops trailing zeros of the fractional seconds.

Not rewritten: ``xsd:hexBinary``, whose canonical form is upper case, because the only hexBinary literals of
the publication are SPDX checksums and SPDX 2.3 (``spdx:checksumValue``) wants them in lower case; strings,
language-tagged strings and every other datatype keep the form they were written in. A lexical form that is
not valid for its datatype is left as it is (the shapes and the reasoner are where such a value is refused).

rdflib normalises a typed literal when it creates one (``rdflib.NORMALIZE_LITERALS``): it reads
``"4.0E-1"^^xsd:double`` as ``"0.4"``. The literals made here are created with ``normalize=False``, so the
canonical form survives until it is written; a consumer reading ``dist/`` with rdflib sees ``"0.4"`` unless it
sets ``rdflib.NORMALIZE_LITERALS = False`` first.
"""

from __future__ import annotations

import math
import re
import struct
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import Literal

from mgo.terms import XSD

if TYPE_CHECKING:
    from rdflib import Graph, Literal

#: xsd:integer and the datatypes derived from it by restriction (XSD 1.1 Part 2, section 3.4)
INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    )
)
_TIME_ZONED = frozenset(XSD + name for name in ("date", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "time"))

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_ZONE = re.compile(r"(?P<body>.*?)(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?")
_DATETIME_SECONDS = re.compile(r"(?P<head>.*T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?P<fraction>[0-9]+))?")


def canonical_lexical(lexical: str, datatype: str) -> str:
    """The canonical lexical form of ``lexical`` as a ``datatype`` (an IRI), or ``lexical`` unchanged when the
    datatype is not one listed in the module docstring or the form is not valid for it.

    >>> canonical_lexical("0.4", XSD + "double")
    '4.0E-1'
    >>> canonical_lexical("+007", XSD + "integer"), canonical_lexical("1.50", XSD + "decimal")
    ('7', '1.5')
    >>> canonical_lexical("2026-11-28+00:00", XSD + "date")
    '2026-11-28Z'
    """
    text = lexical.strip()  # XSD: the whiteSpace facet of these datatypes is "collapse"
    if datatype == XSD + "double":
        return _floating(text, single=False) or lexical
    if datatype == XSD + "float":
        return _floating(text, single=True) or lexical
    if datatype == XSD + "decimal":
        return _decimal(text) or lexical
    if datatype in INTEGER_TYPES:
        return str(int(text)) if _INTEGER.fullmatch(text) else lexical
    if datatype == XSD + "boolean":
        return {"true": "true", "1": "true", "false": "false", "0": "false"}.get(text, lexical)
    if datatype in _TIME_ZONED:
        return _zone(text)
    if datatype == XSD + "dateTime":
        zoned = _zone(text)
        match = _DATETIME_SECONDS.match(zoned)
        if match is None:
            return lexical
        fraction = (match["fraction"] or "").rstrip("0")
        return match["head"] + (f".{fraction}" if fraction else "") + zoned[match.end() :]
    return lexical


def _zone(text: str) -> str:
    match = _ZONE.fullmatch(text)
    if match is None or match["zone"] not in ("+00:00", "-00:00"):
        return text
    return match["body"] + "Z"


def _floating(text: str, *, single: bool) -> str | None:
    """XSD 1.1 doubleCanonicalMap / floatCanonicalMap; ``None`` for a form that is not a double."""
    if not _DOUBLE.fullmatch(text):
        return None
    if text in ("INF", "+INF", "-INF", "NaN"):
        return text.lstrip("+")
    value = float(text)
    if single:
        value = struct.unpack("<f", struct.pack("<f", value))[0] if math.isfinite(value) else value
    if math.isinf(value):  # a finite form too large for the type
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0.0E0" if math.copysign(1.0, value) < 0 else "0.0E0"
    digits = _shortest_float32(value) if single else repr(value)  # repr: the shortest digits that round-trip
    sign, numerals, exponent = Decimal(digits).normalize().as_tuple()
    assert isinstance(exponent, int)
    mantissa = f"{numerals[0]}.{''.join(map(str, numerals[1:])) or '0'}"
    return f"{'-' if sign else ''}{mantissa}E{exponent + len(numerals) - 1}"


def _shortest_float32(value: float) -> str:
    """The fewest significant digits that read back as the same single-precision ``value``."""
    for precision in range(1, 10):
        candidate = f"{value:.{precision - 1}e}"
        if struct.unpack("<f", struct.pack("<f", float(candidate)))[0] == value:
            return candidate
    return repr(value)


def _decimal(text: str) -> str | None:
    """XSD 1.1 decimalCanonicalMap; ``None`` for a form that is not a decimal."""
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if value == 0:
        return "0"
    sign, numerals, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, numerals))
    if exponent >= 0:
        body = digits + "0" * exponent
    elif -exponent >= len(digits):
        body = "0." + "0" * (-exponent - len(digits)) + digits
    else:
        body = f"{digits[:exponent]}.{digits[exponent:]}"
    return ("-" if sign else "") + body


def canonical_literal(literal: Literal) -> Literal:
    """``literal`` in its canonical lexical form (the same object when it is one already)."""

    if literal.datatype is None or literal.language is not None:
        return literal
    lexical = str(literal)
    canonical = canonical_lexical(lexical, str(literal.datatype))
    if canonical == lexical:
        return literal
    return Literal(canonical, datatype=literal.datatype, normalize=False)


def canonicalise_graph(graph: Graph) -> int:
    """Rewrite, in place, every typed literal object of ``graph`` to its canonical form; returns how many."""

    changed = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            canonical = canonical_literal(o)
            if canonical is not o:
                changed.append((s, p, o, canonical))
    for s, p, o, canonical in changed:
        graph.remove((s, p, o))
        graph.add((s, p, canonical))
    return len(changed)


def is_canonical(lexical: str, datatype: str) -> bool:
    """True when ``lexical`` is the canonical form of itself as a ``datatype`` (what the tests of dist/ ask)."""
    return canonical_lexical(lexical, datatype) == lexical


#: Turtle's shorthand for a number or boolean (Turtle 1.1, productions [19]-[21] and [133s]): a bare
#: ``4.0E-1`` *is* the lexical form ``4.0E-1`` typed ``xsd:double``, so it may be written without quotes
TURTLE_SHORTHAND = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+)"),
    XSD + "boolean": re.compile(r"true|false"),
}


def turtle_shorthand(lexical: str, datatype: str) -> bool:
    """True when ``lexical`` may be written bare in Turtle and reads back as the same lexical form."""
    pattern = TURTLE_SHORTHAND.get(datatype)
    return bool(pattern and pattern.fullmatch(lexical))
