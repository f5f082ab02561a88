"""Fidelity to the source text: every text the publication takes from the source reads as the source does.

The source text is ``source/bijlage-a.txt`` (appendix a, the PDF's text layer; ``source/README.md``). The
texts compared with it are those the data layer (``data/*.ttl``) says come from the source:

========================  =========================================================  ==========================
kind                      what                                                      must occur in the source as
========================  =========================================================  ==========================
``quote``                 ``rdf:value`` @nl of every ``mgo:Definition``               ``“…”`` (the whole quote)
``perspective``           ``rdf:value`` @nl of every ``mgo:Perspective``              ``Invalshoek: …``
``attribution``           ``mgo:attribution`` and ``dct:bibliographicCitation``       the text
``criterion``             ``rdf:value`` @nl of every ``mgo:SelectionCriterion``       the text
``question``              ``schema:text`` @nl of every ``schema:Question``            the text
``title``                 ``dct:title`` @nl of every ``dct:BibliographicResource``   the text
``description``           ``dct:description``/``rdfs:comment`` @nl of the model      the text
                          and of the selection
========================  =========================================================  ==========================

The allowed differences are exactly three, whatever else says a text is up to date (translation hashes,
review dates): **whitespace** (the PDF's line breaks and list layout; runs of white space compare equal),
**repaired line-break hyphens** (``On-⏎derzoekers`` reads ``Onderzoekers``; a hyphen between a letter and
a line break followed by a lower-case letter; real hyphens such as ``Leer- en`` are kept because a space
or an upper-case letter follows them) with the PDF's list bullets (U+F02D, a Symbol-font glyph) as layout,
and **corrections recorded as editorial notes**: a ``skos:editorialNote`` @en on the same resource of the
form ``The PDF text reads ‘A’ … The quote reads ‘B’.`` allows ``B`` where the source has ``A`` in that
resource's texts, and nowhere else. A text that differs in a single character more is a finding at the
``file:line`` of the literal (the line of the first difference inside a multi-line literal) with a word diff
against the closest passage of the source.

:func:`check_fidelity` returns the findings; :func:`require_fidelity` raises :class:`FidelityError` (exit
code 1) for ``mgo build``; ``mgo check`` reports them as its ``fidelity`` check.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from mgo.errors import DataError, MissingFileError, Problem
from mgo.pipeline.locate import Location as Place
from mgo.pipeline.locate import build_index
from mgo.terms import DCT, MGO, SCHEMA

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.config import Project
    from mgo.pipeline.locate import Location, SourceIndex
    from mgo.pipeline.parse import Sources

#: the source text, relative to the project root
SOURCE_TEXT = Path("source/bijlage-a.txt")

RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
SKOS_EDITORIAL_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
ATTRIBUTION = MGO + "attribution"

#: (kind, class of the subject or None for any subject of the data layer, property, how the source frames it)
COMPARED: tuple[tuple[str, str | None, str, str], ...] = (
    ("quote", MGO + "Definition", RDF_VALUE, "“{}”"),
    ("perspective", MGO + "Perspective", RDF_VALUE, "Invalshoek: {}"),
    ("attribution", None, ATTRIBUTION, "{}"),
    ("attribution", None, DCT + "bibliographicCitation", "{}"),
    ("criterion", MGO + "SelectionCriterion", RDF_VALUE, "{}"),
    ("question", SCHEMA + "Question", SCHEMA + "text", "{}"),
    ("title", DCT + "BibliographicResource", DCT + "title", "{}"),
    ("description", "http://www.w3.org/ns/prov#Activity", DCT + "description", "{}"),
    ("description", "http://www.w3.org/ns/prov#Activity", RDFS_COMMENT, "{}"),
    ("description", SCHEMA + "CreativeWork", DCT + "description", "{}"),
)

#: an editorial note that records a correction of the PDF text (English form)
CORRECTION_NOTE = re.compile(r"The PDF text reads ‘(?P<source>[^’]+)’.*?The quote reads ‘(?P<published>[^’]+)’", re.S)

#: a hyphen that breaks a word at the end of a PDF line (letter, hyphen, line break, lower-case letter)
LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-[ \u202f]*\n\s*(?=[a-zà-ÿ])")
PDF_BULLET = "\uf02d"


class FidelityError(DataError):
    """A text taken from the source differs from it (exit code 1); :attr:`problems` lists each one."""


@dataclass(frozen=True)
class Text:
    """One text of the data layer that must read as the source does."""

    kind: str
    subject: str
    predicate: str
    value: str
    frame: str = "{}"


@dataclass(frozen=True)
class Mismatch:
    """A text that is not in the source: where it is written and how it differs (a word diff)."""

    text: Text
    location: Location | None
    diff: str
    closest: str = field(default="", compare=False)

    def problem(self) -> Problem:
        where = self.location
        message = f"{self.text.kind} differs from the source text ({SOURCE_TEXT}): {self.diff}"
        return Problem(
            message,
            file=Path(where.file) if where else None,
            line=where.line if where else None,
            iri=self.text.subject,
            hint=(
                "make the text read as the source does (only whitespace and line-break hyphens may differ); a "
                "correction of the source is an editorial note ‘The PDF text reads ‘A’ … The quote reads ‘B’.’ "
                "on the same resource (data/additions/notes.ttl)"
            ),
        )


@dataclass
class FidelityReport:
    """What was compared and what differs."""

    compared: list[Text]
    mismatches: list[Mismatch]

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for text in self.compared:
            found[text.kind] = found.get(text.kind, 0) + 1
        return dict(sorted(found.items()))


def normalise_source(text: str, corrections: dict[str, str] | None = None) -> str:
    """The source as published texts compare with it: hyphens of line breaks repaired, bullets and runs of
    white space as one space, and the given corrections (source form → published form) applied."""
    text = LINE_BREAK_HYPHEN.sub("", text).replace(PDF_BULLET, " ")
    text = re.sub(r"\s+", " ", text)
    for wrong, right in (corrections or {}).items():
        text = text.replace(re.sub(r"\s+", " ", wrong), right)
    return text


def normalise(text: str) -> str:
    """A published text as it compares with the source: runs of white space as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def read_source_text(root: Path) -> str:
    """``source/bijlage-a.txt`` of the project at ``root``; a missing file is an error (exit code 2)."""
    path = root / SOURCE_TEXT
    if not path.is_file():
        raise MissingFileError(
            f"the source text {SOURCE_TEXT} is missing: the quotes cannot be checked against it",
            file=SOURCE_TEXT,
            hint="restore source/ from the repository (git checkout -- source/); see source/README.md",
        )
    return path.read_text(encoding="utf-8")


def texts_of(data: Graph) -> list[Text]:
    """Every text of ``data`` (the data layer) that comes from the source, in a fixed order."""

    found: set[Text] = set()
    for kind, cls, predicate, frame in COMPARED:
        for subject, value in data.subject_objects(URIRef(predicate)):
            if not isinstance(value, Literal) or value.language not in (None, "nl"):
                continue
            if kind == "title" and value.language != "nl":
                continue
            if cls is not None and (subject, URIRef(RDF_TYPE), URIRef(cls)) not in data:
                continue
            found.add(Text(kind, str(subject), predicate, str(value), frame))
    return sorted(found, key=lambda t: (t.kind, t.subject, t.predicate, t.value))


def corrections_of(graphs: list[Graph]) -> dict[str, dict[str, str]]:
    """Subject IRI → {source form: published form}, from the editorial notes that record a correction."""

    found: dict[str, dict[str, str]] = {}
    for graph in graphs:
        for subject, note in graph.subject_objects(URIRef(SKOS_EDITORIAL_NOTE)):
            match = CORRECTION_NOTE.search(str(note))
            if match:
                found.setdefault(str(subject), {})[match["source"]] = match["published"]
    return found


def word_diff(published: str, source: str) -> tuple[str, int]:
    """``published`` against the closest passage of ``source``: ``[-source words-]{+published words+}``
    around the first difference, and the index (in ``published``'s words) of that difference."""
    ours, theirs = published.split(), source.split()
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return f"{{+{' '.join(ours[:12])}+}} (no passage of the source is like it)", 0
    # the passage of the source the text is closest to: around its longest matching run of words
    longest = max(blocks, key=lambda b: b.size)
    start = max(0, longest.a - longest.b - 3)
    window = theirs[start : start + len(ours) + 6]
    local = difflib.SequenceMatcher(a=window, b=ours, autojunk=False)
    parts: list[str] = []
    first: int | None = None
    for op, a1, a2, b1, b2 in local.get_opcodes():
        if op == "equal" or (op == "delete" and b1 in (0, len(ours))):  # the window's slack at either end
            continue
        if first is None:
            first = b1
        removed = " ".join(window[a1:a2])
        added = " ".join(ours[b1:b2])
        before = " ".join(ours[max(0, b1 - 3) : b1])
        piece = f"…{before} " if before else ""
        piece += (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        parts.append(piece + " " + " ".join(ours[b2 : b2 + 2]) + "…")
    if first is None:  # same words, so the frame (quotation marks) differs
        return "the words match, but not as one passage framed as the source frames it", 0
    return "; ".join(parts[:3]) + (f" (and {len(parts) - 3} more)" if len(parts) > 3 else ""), first


def _line_of_word(value: str, index: int) -> int:
    """How many line breaks of ``value`` come before its word number ``index``."""
    for count, match in enumerate(re.finditer(r"\S+", value)):
        if count == index:
            return value[: match.start()].count("\n")
    return value.count("\n")


def compare(data: Graph, source: str, *, corrections: dict[str, dict[str, str]] | None = None) -> list[Text]:
    """The texts of ``data`` that are not in ``source`` (as framed, after the allowed differences)."""
    plain = normalise_source(source)
    wrong = []
    for text in texts_of(data):
        own = (corrections or {}).get(text.subject)
        haystack = normalise_source(source, own) if own else plain
        if text.frame.format(normalise(text.value)) not in haystack:
            wrong.append(text)
    return wrong


def check_fidelity(
    project: Project, sources: Sources, *, index: SourceIndex | None = None, source: str | None = None
) -> FidelityReport:
    """Compare every text of the data layer of ``sources`` with the source text of ``project``."""

    data = sources.graphs["data"]
    compared = texts_of(data)
    if not compared:
        return FidelityReport([], [])
    text = source if source is not None else read_source_text(project.root)
    corrections = corrections_of([data, sources.graphs.get("additions", data)])
    wrong = compare(data, text, corrections=corrections)
    if wrong and index is None:
        index = build_index(project)
    mismatches = []
    for item in wrong:
        own = corrections.get(item.subject)
        haystack = normalise_source(text, own) if own else normalise_source(text)
        diff, first = word_diff(item.frame.format(normalise(item.value)), haystack)
        first = max(0, first - len(item.frame.split("{}")[0].split()))
        location = None
        if index is not None:
            literal = Literal(item.value, lang="nl") if item.kind != "attribution" else None
            location = index.locate(item.subject, item.predicate, literal) if literal is not None else None
            if location is None:
                location = index.locate(item.subject, item.predicate, Literal(item.value))
            if location is None:
                location = index.locate(item.subject, item.predicate)
            if location is not None and location.line is not None:
                location = Place(location.file, location.line + _line_of_word(item.value, first))
        mismatches.append(Mismatch(item, location, diff))
    return FidelityReport(compared, mismatches)


def require_fidelity(project: Project, sources: Sources) -> FidelityReport:
    """:func:`check_fidelity`, raising :class:`FidelityError` (exit code 1) when any text differs."""
    report = check_fidelity(project, sources)
    if not report.ok:
        count = len(report.mismatches)
        raise FidelityError(
            f"{count} text{'s' if count != 1 else ''} taken from the source differ{'s' if count == 1 else ''} "
            f"from {SOURCE_TEXT}; nothing was published",
            problems=[m.problem() for m in report.mismatches],
            hint="each text below must read as the source does; see src/mgo/pipeline/fidelity.py for what may differ",
        )
    return report
