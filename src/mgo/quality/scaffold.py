"""``mgo new variant|source|mapping``: the skeleton of a new resource in every file that needs it.

Adding a variant touches five files (the concept, its quoted definition and perspective, their English
label and translations); by hand that took 7 rounds of build and check. ``mgo new`` writes every block at
once, with the IRIs it can know (from the arguments) filled in and every text a person must write as a
``TODO`` literal, which ``mgo check`` reports at its line (:mod:`mgo.quality.upkeep`, check ``todo``) until it is
replaced. The blocks are appended as Turtle and the file is then put in canonical form (:mod:`mgo.rdf.fmt`).

What it never does: invent a text, a year or a link. A new resource whose IRI exists already is refused
(published IRIs are never reused).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from mgo.config import Project, find_root
from mgo.errors import EXIT_OK, UsageError
from mgo.pipeline.locate import build_index
from mgo.rdf.fmt import canonical

if TYPE_CHECKING:
    from mgo.config import Project

BASE = "https://w3id.org/missiegedreven/"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SSSOM = "data/mappings/external-vocabularies.sssom.tsv"
MAPPING_PREDICATES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


def _slug(text: str, what: str) -> str:
    if not SLUG.match(text):
        raise UsageError(
            f"{text!r} is not a valid {what} name: lower-case words joined by hyphens (it becomes the IRI)",
            hint=f"for example: mgo new {what} proeftuin",
        )
    return text


def _described(project: Project, iri: str) -> bool:
    """Whether some source file has ``iri`` as a subject (a cheap scan, no parse)."""

    return iri in build_index(project).subjects


def _require_new(project: Project, iri: str) -> None:
    if _described(project, iri):
        raise UsageError(
            f"<{iri}> exists already: a published IRI is never reused",
            hint="choose another name, or edit the existing resource",
        )


def _require_existing(project: Project, iri: str, what: str, option: str) -> None:
    if not _described(project, iri):
        raise UsageError(f"{option}: <{iri}> is not a {what} of the sources", hint=f"give an existing {what}")


def _append_turtle(project: Project, relative: str, block: str) -> Path:
    """Append ``block`` (Turtle with the file's prefixes) and re-canonicalise the file."""

    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("PREFIX "))
    combined = text.rstrip("\n") + "\n\n" + block.strip() + "\n"
    try:
        result = canonical(combined, path)
    except Exception:
        # a prefix the block needs is missing from the file: declare the ones the block uses
        result = canonical(prefixes + combined, path)
    path.write_text(result, encoding="utf-8")
    return path


def new_variant(project: Project, slug: str, *, broader: str, source: str) -> list[Path]:
    """The variant ``concept:SLUG`` under ``concept:BROADER``, defined by a quote from ``bron:SOURCE``."""
    _slug(slug, "variant")
    _require_new(project, f"{BASE}concept/{slug}")
    _require_existing(project, f"{BASE}concept/{broader}", "concept", "--broader")
    _require_existing(project, f"{BASE}bron/{source}", "source", "--source")
    common = """PREFIX bron: <https://w3id.org/missiegedreven/bron/>
PREFIX concept: <https://w3id.org/missiegedreven/concept/>
PREFIX definitie: <https://w3id.org/missiegedreven/definitie/>
PREFIX domein: <https://w3id.org/missiegedreven/domein/>
PREFIX definitiesoort: <https://w3id.org/missiegedreven/definitiesoort/>
PREFIX herkomst: <https://w3id.org/missiegedreven/herkomst/>
PREFIX invalshoek: <https://w3id.org/missiegedreven/invalshoek/>
PREFIX agent: <https://w3id.org/missiegedreven/agent/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX mgo: <https://w3id.org/missiegedreven/def/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX scheme: <https://w3id.org/missiegedreven/scheme/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
    written = [
        _append_turtle(
            project,
            "data/concepts.ttl",
            common
            + f"""
concept:{slug}
    a skos:Concept ;
    dct:source bron:{source} ;
    skos:broader concept:{broader} ;
    skos:inScheme scheme:omgevingen ;
    skos:notation "TODO nummer, zoals in de tekst" ;
    skos:prefLabel "TODO Nederlandse term"@nl ;
    prov:wasDerivedFrom bron:{source} .
""",
        ),
        _append_turtle(
            project,
            "data/definitions.ttl",
            common
            + f"""
definitie:{slug}
    a mgo:Definition ;
    dct:bibliographicCitation "TODO de bronvermelding, zoals gegeven" ;
    dct:language "nl"^^xsd:language ;
    rdf:value "TODO het citaat, letterlijk"@nl ;
    prov:wasQuotedFrom bron:{source} ;
    mgo:defines concept:{slug} ;
    mgo:definitionKind definitiesoort:definitie ;
    mgo:originKind herkomst:wetenschap ;
    mgo:perspective invalshoek:{slug} .

invalshoek:{slug}
    a mgo:Perspective ;
    dct:source bron:{source} ;
    dct:subject domein:TODO-domein ;
    rdf:value "TODO de invalshoek"@nl .
""",
        ),
        _append_turtle(
            project,
            "data/additions/labels-en.ttl",
            common
            + f"""
concept:{slug}
    skos:prefLabel "TODO English term"@en .
""",
        ),
        _append_turtle(
            project,
            "data/additions/translations-en.ttl",
            common
            + f"""
<{BASE}definitie/{slug}/en>
    a mgo:Translation ;
    dct:language "en"^^xsd:language ;
    rdf:value "TODO English translation of the quote"@en ;
    prov:wasAttributedTo agent:mgo ;
    mgo:translationOf definitie:{slug} .

<{BASE}invalshoek/{slug}/en>
    a mgo:Translation ;
    dct:language "en"^^xsd:language ;
    rdf:value "TODO English translation of the perspective"@en ;
    prov:wasAttributedTo agent:mgo ;
    mgo:translationOf invalshoek:{slug} .
""",
        ),
    ]
    return written


def new_source(project: Project, slug: str) -> list[Path]:
    """The work ``bron:SLUG``: citation and title as the text gives them (no year or creator is guessed)."""
    _slug(slug, "source")
    _require_new(project, f"{BASE}bron/{slug}")
    block = f"""PREFIX agent: <https://w3id.org/missiegedreven/agent/>
PREFIX bron: <https://w3id.org/missiegedreven/bron/>
PREFIX dct: <http://purl.org/dc/terms/>

bron:{slug}
    a dct:BibliographicResource ;
    dct:bibliographicCitation "TODO de bronvermelding, zoals de tekst die geeft" ;
    dct:creator agent:TODO-maker ;
    dct:title "TODO de titel, zoals de tekst die geeft"@nl .
"""
    return [_append_turtle(project, "data/sources.ttl", block)]


def new_mapping(project: Project, concept: str, predicate: str, target: str) -> list[Path]:
    """A row of the SSSOM set: ``concept:CONCEPT skos:PREDICATE TARGET`` with the target's label to fill in."""
    import datetime as _dt

    if predicate not in MAPPING_PREDICATES:
        raise UsageError(
            f"{predicate!r} is not a SKOS mapping property", hint=f"one of {', '.join(MAPPING_PREDICATES)}"
        )
    _require_existing(project, f"{BASE}concept/{concept}", "concept", "CONCEPT")
    if ":" not in target or target.startswith("http"):
        raise UsageError(
            f"{target!r}: give the target as a CURIE of the set's curie_map (e.g. unesco:concept13097)",
            hint=f"the prefixes are listed at the top of {SSSOM}",
        )
    path = project.root / SSSOM
    text = path.read_text(encoding="utf-8")
    prefix = target.split(":", 1)[0]
    if not re.search(rf"(?m)^#\s+{re.escape(prefix)}:\s", text):
        raise UsageError(f"{target}: the prefix {prefix}: is not in the curie_map of {SSSOM}", hint="add it there")
    name = _concept_label(project, concept)
    today = _dt.date.today().isoformat()
    # The row follows the set's own header, so a column added to the set (object_type, say) is never shifted.
    values = {
        "subject_id": f"concept:{concept}",
        "subject_label": name,
        "predicate_id": f"skos:{predicate}",
        "object_id": target,
        "object_label": "TODO label of the target, as its vocabulary gives it",
        "object_type": "skos concept",
        "mapping_justification": "semapv:ManualMappingCuration",
        "confidence": "0.5",
        "author_id": "agent:mgo",
        "mapping_date": today,
        "comment": "TODO why this relation (or leave empty)",
    }
    header = next(line for line in text.splitlines() if line and not line.startswith("#"))
    row = "\t".join(values.get(column, "") for column in header.split("\t"))
    path.write_text(text.rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    return [path]


def _concept_label(project: Project, concept: str) -> str:

    graph = Graph().parse(project.root / "data" / "concepts.ttl", format="turtle")
    for value in graph.objects(URIRef(f"{BASE}concept/{concept}"), SKOS.prefLabel):
        if getattr(value, "language", None) == "nl":
            return str(value).lower() if str(value).islower() else str(value)
    return concept


# --- command line -----------------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    root = getattr(args, "root", None)
    if root is not None and not Path(root).is_dir():
        raise UsageError(f"--root {root}: no such folder", hint="give the project folder (the one with pyproject.toml)")
    project = Project(Path(root).resolve() if root is not None else find_root())
    if args.kind == "variant":
        written = new_variant(project, args.name, broader=args.broader, source=args.source)
    elif args.kind == "source":
        written = new_source(project, args.name)
    else:
        written = new_mapping(project, args.concept, args.predicate, args.target)
    for path in written:
        print(f"wrote {project.relative(path).as_posix()}", file=out)
    print("fill in every TODO ('mgo check' lists them with file and line), then run 'mgo check --fix'", file=out)
    return EXIT_OK
