"""The maintainer's checks of ``mgo check``: what a half-finished edit leaves behind.

``mgo check`` runs these beside the quality checks (:mod:`mgo.quality.check` calls :func:`checks` once):

=========== ==============================================================================================
``iris``    an IRI of ours that is used but described nowhere: nearly always a typo (``skos:broader
            concept:labb``), named as such with the closest described IRI; reported first, because the
            other findings about the same statement (an orphan, a broader that is no concept) follow from it
``todo``    a ``TODO`` marker that ``mgo new`` wrote (:mod:`mgo.quality.scaffold`) and nobody filled in yet
``counts``  a text that counts the content in words ("de acht varianten", "the eight quoted
            definitions") and no longer matches it; ``mgo check --fix`` rewrites the number
``format``  a file that ``mgo fmt`` would rewrite (the same files as ``mgo fmt --check``)
=========== ==============================================================================================

Why here and not as SHACL shapes: a typo, a marker, a count in prose and the layout of a file are facts
about the files a maintainer edits, not about the published graph; each finding points at the file and line
to edit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode
from rdflib import URIRef

from mgo.findings import CheckResult, Finding, Location, Rule
from mgo.pipeline.locate import term_key
from mgo.rdf.convert import node
from mgo.rdf.fmt import format_files, turtle_sources
from mgo.terms import BASE, SKOS

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.config import Project

VERSION_IRI = re.compile(re.escape(BASE) + r"def/\d+\.\d+\.\d+$")
TODO = re.compile(r"\bTODO\b")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OMGEVINGEN = BASE + "scheme/omgevingen"
MGO = BASE + "def/"

TITLES = {
    "iris": {"nl": "IRI's van ons die nergens beschreven zijn (tikfouten)", "en": "IRIs of ours described nowhere"},
    "todo": {"nl": "TODO-markeringen van mgo new", "en": "TODO markers of mgo new"},
    "counts": {"nl": "Aantallen in woorden kloppen", "en": "Counts in words match the content"},
    "format": {"nl": "Turtle in canonieke vorm (mgo fmt)", "en": "Turtle in canonical form (mgo fmt)"},
}
IDS = tuple(TITLES)
RULES = {
    "iris": Rule("iris/undescribed", {"nl": "Elke IRI van ons is beschreven", "en": "Every IRI of ours is described"}),
    "todo": Rule("todo/marker", {"nl": "Geen TODO meer in de bronnen", "en": "No TODO left in the sources"}),
    "counts": Rule("counts/in-words", {"nl": "Aantal in woorden klopt", "en": "Count in words matches"}),
    "format": Rule("format/canonical", {"nl": "Bestand is canoniek", "en": "File is canonical"}),
}


def checks(ctx: Any, wanted: list[str]) -> list[CheckResult]:
    """The checks of this module that are ``wanted``; ``ctx`` is :class:`mgo.quality.check._Context`."""
    runs = {
        "iris": lambda: check_iris(ctx.publication, ctx.index),
        "todo": lambda: check_todo(ctx.project),
        "counts": lambda: check_counts(ctx.project, ctx.publication),
        "format": lambda: check_format(ctx.project),
    }
    return [runs[name]() for name in IDS if name in wanted]


def _location(project: Project, path: Path, line: int | None) -> Any:

    return Location(project.relative(path).as_posix() if path.is_absolute() else path.as_posix(), line)


STANDARD_PREFIXES = {
    "skos": SKOS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}


def curie(iri: str) -> str:
    """``…/concept/lab`` → ``concept:lab`` (the prefixes of our files are the first path segment)."""
    for prefix, namespace in STANDARD_PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :] and "#" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(MGO):
        return "mgo:" + iri[len(MGO) :]
    if iri.startswith(BASE):
        rest = iri[len(BASE) :]
        segment, sep, local = rest.partition("/")
        if sep and "/" not in local:
            return f"{segment}:{local}"
    return f"<{iri}>"


# --- iris -------------------------------------------------------------------------------------------------


def closest(iri: str, described: set[str]) -> str | None:
    """The described IRI nearest to ``iri`` (same path segment first), when near enough to be a typo."""
    prefix = iri.rsplit("/", 1)[0] + "/"
    same_kind = [d for d in described if d.startswith(prefix)]
    for pool in (same_kind, list(described)):
        match = difflib.get_close_matches(iri, pool, n=1, cutoff=0.75)
        if match:
            return match[0]
    return None


def check_iris(publication: Graph, index: Any) -> CheckResult:
    """Every IRI of ours used as predicate or object must be described (be a subject) somewhere."""

    result = CheckResult("iris", TITLES["iris"], rules=[RULES["iris"]])
    # described = the subject of a statement someone wrote (or a table row made); a triple that only a
    # derivation rule adds (``concept:labb skos:narrower …`` from a typo) describes nothing
    derived = index.derived if index is not None else {}
    described = set(index.derived_subjects) if index is not None else set()
    for s, p, o in publication:
        if isinstance(s, URIRef) and str(s).startswith(BASE) and (str(s), str(p), term_key(o)) not in derived:
            described.add(str(s))
    for s, p, o in sorted(publication, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        for term, role in ((p, "predicate"), (o, "object")):
            iri = str(term)
            if not isinstance(term, URIRef) or not iri.startswith(BASE) or iri in described:
                continue
            if VERSION_IRI.match(iri):
                continue  # owl:versionIRI: the release's IRI, stamped, described by the release
            near = closest(iri, described)
            where = index.locate(str(s), str(p), term) if index is not None else None
            said = f"{curie(str(p))} {curie(iri)}" if role == "object" else curie(iri)
            if near is not None:
                nl = (
                    f"{curie(iri)} (in '{said}') is nergens beschreven: waarschijnlijk een tikfout voor "
                    f"{curie(near)} (<{near}>). Verbeter de IRI; de meldingen hieronder over dezelfde uitspraak "
                    "volgen hieruit."
                )
                en = (
                    f"{curie(iri)} (in '{said}') is described nowhere: probably a typo for {curie(near)} "
                    f"(<{near}>). Correct the IRI; the findings below about the same statement follow from it."
                )
            else:
                nl = (
                    f"{curie(iri)} (in '{said}') is nergens beschreven: een tikfout, of een bron die nog "
                    "beschreven moet worden."
                )
                en = f"{curie(iri)} (in '{said}') is described nowhere: a typo, or a resource still to describe."
            result.findings.append(
                Finding(
                    "iris",
                    RULES["iris"].id,
                    "error",
                    {"nl": nl, "en": en},
                    resource=NamedNode(str(s)) if isinstance(s, URIRef) else None,
                    location=where,
                    property=NamedNode(str(p)),
                    value=node(iri),
                )
            )
    return result


# --- todo -------------------------------------------------------------------------------------------------


def edited_files(root: Path) -> list[Path]:
    """The files a maintainer edits: the Turtle that ``mgo fmt`` formats, the TSV tables, the SSSOM sets."""

    tables = sorted(root.glob("data/*.tsv")) + sorted(root.glob("data/mappings/*.tsv"))
    return [*turtle_sources(root), *tables]


def check_todo(project: Project) -> CheckResult:
    result = CheckResult("todo", TITLES["todo"], rules=[RULES["todo"]])
    for path in edited_files(project.root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TODO.search(line):
                text = line.strip()
                result.findings.append(
                    Finding(
                        "todo",
                        RULES["todo"].id,
                        "error",
                        {
                            "nl": f"Nog in te vullen (door mgo new geschreven): {text}",
                            "en": f"Still to fill in (written by mgo new): {text}",
                        },
                        location=_location(project, path, number),
                    )
                )
    return result


# --- counts -----------------------------------------------------------------------------------------------

WORDS = {
    "nl": ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
}
# what a text counts -> the words that name it, per language
NOUNS = {
    "variants": {"nl": ["varianten"], "en": ["variants"]},
    "base": {"nl": ["basisconcepten"], "en": ["base concepts"]},
    "definitions": {"nl": ["geciteerde definities"], "en": ["quoted definitions"]},
}


def content_counts(publication: Graph) -> dict[str, int]:
    """What the texts count: variants and base concepts of the scheme omgevingen, the quoted definitions."""

    scheme = URIRef(OMGEVINGEN)
    members = set(publication.subjects(URIRef(SKOS + "inScheme"), scheme))
    tops = set(publication.subjects(URIRef(SKOS + "topConceptOf"), scheme)) | set(
        publication.objects(scheme, URIRef(SKOS + "hasTopConcept"))
    )
    deprecated = set(publication.subjects(URIRef("http://www.w3.org/2002/07/owl#deprecated"), None))
    definitions = set(publication.subjects(URIRef(RDF_TYPE), URIRef(MGO + "Definition")))
    return {
        "variants": len((members - tops) - deprecated),
        "base": len(tops - deprecated),
        "definitions": len(definitions - deprecated),
    }


def _pattern() -> re.Pattern[str]:
    words = sorted({w for lang in WORDS.values() for w in lang}, key=len, reverse=True)
    nouns = sorted({n for forms in NOUNS.values() for lang in forms.values() for n in lang}, key=len, reverse=True)
    return re.compile(
        rf"\b(?P<word>{'|'.join(words)})(?P<gap>\s+)(?P<noun>{'|'.join(re.escape(n) for n in nouns)})\b", re.I
    )


@dataclass(frozen=True)
class StaleCount:
    path: Path
    line: int
    said: str  # the words as written
    wanted: str  # the words that match the content


def _number_word(number: int, lang: str, like: str) -> str:
    words = WORDS[lang]
    word = words[number] if number < len(words) else str(number)
    return word.capitalize() if like[:1].isupper() else word


def stale_counts(root: Path, publication: Graph) -> list[StaleCount]:
    """Every count in words (in the Turtle sources and data/README.md) that the content contradicts."""
    counts = content_counts(publication)
    noun_of = {n.lower(): (kind, lang) for kind, forms in NOUNS.items() for lang, ns in forms.items() for n in ns}
    pattern = _pattern()
    found: list[StaleCount] = []
    paths = [p for p in edited_files(root) if p.suffix == ".ttl" and "shapes" not in p.parts]
    paths += [root / "data" / "README.md"]
    for path in paths:
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in pattern.finditer(line):
                kind, lang = noun_of[match.group("noun").lower()]
                word = match.group("word").lower()
                if word not in WORDS[lang]:
                    continue  # a Dutch number before an English noun: not a count we know
                if WORDS[lang].index(word) == counts[kind]:
                    continue
                wanted = (
                    _number_word(counts[kind], lang, match.group("word")) + match.group("gap") + match.group("noun")
                )
                found.append(StaleCount(path, number, match.group(0), wanted))
    return found


def check_counts(project: Project, publication: Graph) -> CheckResult:
    result = CheckResult("counts", TITLES["counts"], rules=[RULES["counts"]])
    for stale in stale_counts(project.root, publication):
        result.findings.append(
            Finding(
                "counts",
                RULES["counts"].id,
                "error",
                {
                    "nl": f"De tekst zegt '{stale.said}', de inhoud telt '{stale.wanted}'. "
                    "'mgo check --fix' past het getal aan.",
                    "en": f"The text says '{stale.said}', the content counts '{stale.wanted}'. "
                    "'mgo check --fix' corrects the number.",
                },
                location=_location(project, stale.path, stale.line),
                value=stale.said,
            )
        )
    return result


# --- format -----------------------------------------------------------------------------------------------


def check_format(project: Project) -> CheckResult:
    """``mgo fmt --check`` as findings: the same files, the same canonical form."""

    result = CheckResult("format", TITLES["format"], rules=[RULES["format"]])
    try:
        changed = format_files(turtle_sources(project.root), check=True)
    except Exception as exc:  # a file that does not parse: the parse check says where
        result.skipped = f"a Turtle file does not parse ({type(exc).__name__}); see the parse check"
        return result
    for path in changed:
        result.findings.append(
            Finding(
                "format",
                RULES["format"].id,
                "error",
                {
                    "nl": "Dit bestand is niet in canonieke vorm; 'mgo check --fix' (of 'mgo fmt') herschrijft het.",
                    "en": "This file is not in canonical form; 'mgo check --fix' (or 'mgo fmt') rewrites it.",
                },
                location=_location(project, path, None),
            )
        )
    return result


# --- the file to edit -------------------------------------------------------------------------------------

LABELS_EN = "data/additions/labels-en.ttl"
TRANSLATIONS_EN = "data/additions/translations-en.ttl"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"


def point_at_edit(findings: list[Finding], index: Any, publication: Graph) -> list[Finding]:
    """Parity findings located where the missing text must be written, not where the other language is.

    A missing English text belongs in ``data/additions/``: a quote's (and so a quoted definition's) English
    in ``translations-en.ttl`` as the ``mgo:Translation`` ``<…/definitie/X/en>``, every other English text in
    ``labels-en.ttl``. A text the build derives (``skos:definition`` from a quote) is never to be edited at
    its derivation rule (``queries/derive/``): the finding points at the resource's own block instead."""
    from dataclasses import replace

    out: list[Finding] = []
    for finding in findings:
        iri = finding.iri
        if iri is None or finding.check != "parity":
            out.append(finding)
            continue
        where = finding.location
        target: str | None = None
        if finding.value == "@en":
            source: str | None = iri
            if finding.property_text == SKOS + "definition":
                quoted = next(iter(publication.subjects(URIRef(MGO + "defines"), URIRef(iri))), None)
                source = str(quoted) if quoted is not None else None
            if source is not None and (finding.property_text in (RDF_VALUE, SKOS + "definition")):
                target = TRANSLATIONS_EN
                translation = f"{source}/en"
                found = [loc for loc in index.subjects.get(translation, []) if loc.file == TRANSLATIONS_EN]
                where = found[0] if found else Location(TRANSLATIONS_EN)
                what = f'<{translation}> a mgo:Translation ; mgo:translationOf {curie(source)} ; rdf:value "…"@en'
            else:
                target = LABELS_EN
                found = [loc for loc in index.subjects.get(iri, []) if loc.file == LABELS_EN]
                where = found[0] if found else Location(LABELS_EN)
                what = f'{curie(iri)} {curie(finding.property_text or "")} "…"@en'
            messages = {
                "nl": f"{finding.messages.get('nl', '')} Schrijf in {target}: {what}",
                "en": f"{finding.messages.get('en', '')} Write in {target}: {what}",
            }
            finding = replace(finding, location=where, messages=messages)
        elif where is not None and where.file.startswith("queries/derive/"):
            finding = replace(finding, location=index.locate_subject(iri) or where)
        out.append(finding)
    return out
