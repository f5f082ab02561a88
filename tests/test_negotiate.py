"""Content negotiation on Accept (RFC 9110, section 12.5.1): q-values, wildcards, specificity, ties."""

from __future__ import annotations

import pytest

from mgo.web.negotiate import choose, parse_accept, quality

OFFERS = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),  # no header: anything, server preference
        ("", "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser
        ("application/n-triples;q=0.5, application/rdf+xml;q=0.6", "application/rdf+xml"),
        ("text/*", "text/turtle"),  # tie between text/turtle and text/html: server preference
        ("text/*;q=0.5, text/html", "text/html"),
        ("text/*, text/turtle;q=0", "text/html"),  # the more specific range refuses Turtle
        ("*/*;q=0.1, application/ld+json;q=0.2", "application/ld+json"),
        ("TEXT/Turtle", "text/turtle"),  # media types are case-insensitive
        ("text/turtle;charset=utf-8", "text/turtle"),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', "application/ld+json"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("*/*;q=0", None),
        ("garbage", "text/turtle"),  # nothing parsable: treated as absent
        ("text/turtle;q=2, application/ld+json", "application/ld+json"),  # an invalid q drops that range
        ("text/turtle;q=abc, text/html;q=0.3", "text/html"),
    ],
)
def test_choose(accept, expected):
    assert choose(accept, OFFERS) == expected


def test_specificity_decides_not_order():
    ranges = parse_accept("text/turtle;q=0.2, text/*;q=0.9, */*;q=0.1")
    assert quality(ranges, "text/turtle") == 0.2
    assert quality(ranges, "text/html") == 0.9
    assert quality(ranges, "application/ld+json") == 0.1


def test_parameters_after_q_are_extensions():
    (only,) = parse_accept("text/turtle;q=0.4;level=1")
    assert only.q == 0.4 and only.params == ()


def test_overlong_header_is_ignored():
    assert choose("image/png," * 1000, OFFERS) == "text/turtle"
