"""CURIEs by ``curies`` (mgo.rdf.names): longest namespace, local names that read back, one prefix per namespace."""

from __future__ import annotations

import re

import pytest

from mgo.rdf.names import ANY_LOCAL_NAME, Names
from mgo.terms import BASE, SKOS

PREFIXES = {"base": BASE, "mgo": BASE + "def/", "skos": SKOS, "also": SKOS}


@pytest.mark.parametrize(
    ("iri", "shown"),
    [
        (BASE + "def/Definition", "mgo:Definition"),  # …/def/ is longer than …/: it wins
        (BASE + "concept", "base:concept"),
        (SKOS + "prefLabel", "skos:prefLabel"),  # the first prefix of a namespace wins, as in the loops it replaces
        (BASE + "concept/lab", f"<{BASE}concept/lab>"),  # '/' in the local part: no prefixed name reads it back
        (BASE + "def/x.", f"<{BASE}def/x.>"),  # Turtle and SPARQL do not allow a local name ending in '.'
        (BASE + "def/", f"<{BASE}def/>"),  # an empty local part
        ("https://example.org/a", "<https://example.org/a>"),
    ],
)
def test_shorten(iri: str, shown: str) -> None:
    assert Names(PREFIXES).shorten(iri) == shown


def test_local_name_rules_are_the_callers() -> None:
    names = Names(PREFIXES)
    assert names.shorten(BASE + "def/x.", trailing_dot=True) == "mgo:x."
    assert names.compress(BASE + "concept/lab", local=ANY_LOCAL_NAME) == "base:concept/lab"
    assert names.compress(BASE + "def/a-b", local=re.compile(r"[a-z]+")) is None


def test_expand() -> None:
    names = Names(PREFIXES)
    assert names.expand("mgo:Definition") == BASE + "def/Definition"
    assert names.expand("skos:prefLabel") == SKOS + "prefLabel"
    assert names.expand("nope:x") is None
    assert names.expand("mgo:") is None
    assert names.expand("no-colon") is None


def test_an_empty_map_shortens_nothing() -> None:
    assert Names({}).shorten(SKOS + "prefLabel") == f"<{SKOS}prefLabel>"
    assert Names({}).expand("skos:prefLabel") is None
