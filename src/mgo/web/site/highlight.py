"""Mark the words of a quote that name facet values, from the W3C Web Annotation text-quote selectors.

Each ``oa:Annotation`` says "this definition names this facet value, in these words" with an
``oa:TextQuoteSelector`` (https://www.w3.org/TR/annotation-model/#text-quote-selector): ``exact`` plus the
``prefix`` and ``suffix`` around it (shorter, or empty, at the start and end of the text). We find the one
place in the quote where prefix + exact + suffix occur and mark ``exact`` there. A selector
that matches nowhere or in two places is an error, never a silent miss: the page would claim a word the
quote does not contain.

Spans may overlap (one word naming two values); the text is cut at every span boundary so the marks never
nest, and each piece lists every annotation that covers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise


class SelectorError(ValueError):
    """A selector that does not identify exactly one place in its quote."""


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the HTML id of the mark, shared by annotations with the same words at the same place
    keys: tuple[str, ...]  # the annotations (IRIs) this span stands for


@dataclass
class Piece:
    text: str
    spans: list[Span] = field(default_factory=list)
    #: anchors of the spans that start at this piece (the first becomes the mark's id)
    starts: list[str] = field(default_factory=list)


def locate(text: str, selector: Selector) -> int:
    """The start of ``selector.exact`` in ``text``; :class:`SelectorError` unless exactly one place fits."""
    if not selector.exact:
        raise SelectorError("the selector has no exact text")
    found: list[int] = []
    start = text.find(selector.exact)
    while start >= 0:
        prefix_ok = text[:start].endswith(selector.prefix)
        suffix_ok = text[start + len(selector.exact) :].startswith(selector.suffix)
        if prefix_ok and suffix_ok:
            found.append(start)
        start = text.find(selector.exact, start + 1)
    if len(found) != 1:
        where = "nowhere" if not found else f"{len(found)} times"
        raise SelectorError(
            f"the words {selector.exact!r} (prefix {selector.prefix!r}, suffix {selector.suffix!r}) "
            f"occur {where} in the quote"
        )
    return found[0]


def spans(text: str, selectors: list[tuple[str, Selector]]) -> list[Span]:
    """One span per distinct place of the (annotation, selector) pairs; anchors ``w1``, ``w2`` … in order."""
    places: dict[tuple[int, int], list[str]] = {}
    for key, selector in selectors:
        start = locate(text, selector)
        places.setdefault((start, start + len(selector.exact)), []).append(key)
    return [
        Span(start, end, f"w{number}", tuple(sorted(keys)))
        for number, ((start, end), keys) in enumerate(sorted(places.items()), start=1)
    ]


def pieces(text: str, found: list[Span]) -> list[Piece]:
    """``text`` cut at every span boundary, each piece with the spans covering it."""
    cuts = sorted({0, len(text), *(s.start for s in found), *(s.end for s in found)})
    result: list[Piece] = []
    for left, right in pairwise(cuts):
        covering = [s for s in found if s.start <= left and right <= s.end]
        starting = [s.anchor for s in found if s.start == left]
        result.append(Piece(text[left:right], covering, starting))
    return result
