"""HTTP content negotiation on ``Accept``: q-values, wildcards, ties broken by the server's preference.

Implements the proactive negotiation of RFC 9110, section 12.5.1 (https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1):

* an ``Accept`` header is a list of media ranges, each with an optional weight ``q`` (0 to 1, default 1);
* an offered media type gets the weight of the *most specific* range that matches it
  (``text/turtle;charset=utf-8`` > ``text/turtle`` > ``text/*`` > ``*/*``), so
  ``text/*;q=0.5, text/html;q=0`` refuses HTML while accepting Turtle at 0.5;
* ``q=0`` means "not acceptable"; no ``Accept`` header means ``*/*``;
* among the offers with the highest weight, the server's order of preference decides.

Malformed ranges are skipped rather than failing the request, and a header with no well-formed range at all
is treated as absent (RFC 9110 lets a server ignore a header it cannot parse). Media type parameters
(``charset``, JSON-LD ``profile``) count for specificity but do not restrict the match: every document is
UTF-8, and we offer one JSON-LD form. Pure functions, no I/O (:func:`choose` remembers its recent
answers): see ``tests/test_negotiate.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: an Accept header longer than this is not parsed (a defence against pathological headers)
MAX_ACCEPT_LENGTH = 4096


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float

    def specificity(self) -> int:
        """3 for type/subtype with parameters, 2 for type/subtype, 1 for type/*, 0 for */*."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self.params else 2

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return (self.type == "*" or self.type == kind) and (self.subtype == "*" or self.subtype == sub)


def _parse_q(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not 0.0 <= value <= 1.0:
        return None
    return round(value, 3)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; ``None`` or empty means ``*/*``."""
    if header is None or not header.strip() or len(header) > MAX_ACCEPT_LENGTH:
        return [MediaRange("*", "*", (), 1.0)]
    ranges: list[MediaRange] = []
    for element in header.split(","):
        parts = [part.strip() for part in element.split(";")]
        kind, slash, sub = parts[0].lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q: float | None = 1.0
        params: list[tuple[str, str]] = []
        for part in parts[1:]:
            name, equals, value = part.partition("=")
            name = name.strip().lower()
            value = value.strip().strip('"')
            if not equals:
                continue
            if name == "q":
                q = _parse_q(value)
                break  # parameters after q are accept-extensions, not media type parameters
            params.append((name, value.lower() if name == "charset" else value))
        if q is None:
            continue
        ranges.append(MediaRange(kind, sub, tuple(params), q))
    return ranges or [MediaRange("*", "*", (), 1.0)]


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The weight the client gives ``media_type``: the q of the most specific matching range, else 0."""
    best: MediaRange | None = None
    for candidate in ranges:
        if candidate.matches(media_type) and (best is None or candidate.specificity() > best.specificity()):
            best = candidate
    return best.q if best is not None else 0.0


def choose(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (ties: the first in ``offers``); ``None``: nothing acceptable.

    Remembered for the last :data:`CHOICES_KEPT` (header, offers) pairs: clients send a handful of distinct
    ``Accept`` headers, and parsing one costs more than the rest of answering a ``303``.
    """
    if accept is not None and len(accept) > MAX_ACCEPT_LENGTH:
        accept = None  # not parsed (see parse_accept): the same as no header, and no large key kept
    return _choose(accept, tuple(offers))


#: distinct (Accept, offers) pairs whose choice is remembered (an LRU: a flood of odd headers evicts, never grows)
CHOICES_KEPT = 1024


@lru_cache(maxsize=CHOICES_KEPT)
def _choose(accept: str | None, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept)
    best: str | None = None
    best_q = 0.0
    for offer in offers:
        q = quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best
