"""``mgo check --fix``: write what can be computed, and nothing else.

Three things in the sources follow from the rest and are tedious by hand, so ``--fix`` writes them:

1. **counts in words** that the content contradicts ("de acht varianten" after a ninth variant), found by
   :func:`mgo.quality.upkeep.stale_counts`;
2. **translation hashes** (``mgo:translatedTextHash``): a translation without one gets the hash of today's
   Dutch text. A *stale* hash (the Dutch changed since the English was written) is only renewed with
   ``--reviewed``, because the hash is the maintainer's statement "this English translates that Dutch":
   renewing it silently would hide the very change the check exists to show;
3. **canonical formatting** (:mod:`mgo.rdf.fmt`), last, over every file ``mgo fmt`` formats.

Nothing else is written: a missing label, definition or translation needs words only a person can give;
``mgo check`` lists them after the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib import Literal, URIRef

from mgo.errors import DataError
from mgo.pipeline.locate import build_index
from mgo.pipeline.publication import Publication
from mgo.quality.parity import HASH_PROPERTY, TRANSLATIONS_QUERY, text_hash
from mgo.quality.upkeep import stale_counts
from mgo.rdf.convert import new_graph
from mgo.rdf.fmt import format_files, header, turtle_sources
from mgo.rdf.narrow import solutions

if TYPE_CHECKING:
    from mgo.config import Project


def fix_counts(project: Project) -> list[str]:
    """Rewrite every stale count in words; returns one line per change."""
    publication = Publication.from_sources(project).rdflib()
    done: list[str] = []
    by_file: dict[Path, list[tuple[int, str, str]]] = {}
    for stale in stale_counts(project.root, publication):
        by_file.setdefault(stale.path, []).append((stale.line, stale.said, stale.wanted))
    for path, changes in by_file.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for line, said, wanted in changes:
            lines[line - 1] = lines[line - 1].replace(said, wanted, 1)
            done.append(f"{project.relative(path).as_posix()}:{line}: '{said}' → '{wanted}'")
        path.write_text("\n".join(lines), encoding="utf-8")
    return done


def fix_hashes(project: Project, *, reviewed: bool = False) -> list[str]:
    """Write the missing translation hashes (and, when ``reviewed``, renew the stale ones)."""

    store = Publication.from_sources(project).store
    index = build_index(project)
    wanted: dict[Path, list[tuple[str, str]]] = {}
    for row in solutions(store.query(TRANSLATIONS_QUERY)):
        translation, recorded, dutch = row["translation"], row["hash"], row["dutch"]
        if type(translation).__name__ != "NamedNode" or dutch is None:
            continue
        expected = text_hash(dutch.value)
        if recorded is not None and (recorded.value == expected or not reviewed):
            continue
        where = index.locate_subject(translation.value)
        if where is None:
            continue
        wanted.setdefault(project.root / where.file, []).append((translation.value, expected))
    done: list[str] = []
    for path, items in sorted(wanted.items()):
        text = path.read_text(encoding="utf-8")
        graph = new_graph()
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
        for iri, value in items:
            graph.set((URIRef(iri), URIRef(HASH_PROPERTY), Literal(value)))
            done.append(f'{project.relative(path).as_posix()}: <{iri}> mgo:translatedTextHash "{value}"')
        body = graph.serialize(format="longturtle")
        path.write_text(header(text) + body.strip() + "\n", encoding="utf-8")
    return done


def fix_format(project: Project) -> list[str]:

    return [
        f"{project.relative(p).as_posix()}: canonical form" for p in format_files(turtle_sources(project.root), False)
    ]


def fix(project: Project, *, reviewed: bool = False) -> list[str]:
    """Every computable fix, in an order where each sees the result of the one before."""
    return [*fix_counts(project), *fix_hashes(project, reviewed=reviewed), *fix_format(project)]


def run_fix(project: Project, *, reviewed: bool, err: TextIO) -> None:
    """``mgo check --fix``: the fixes, one line each on stderr (the report that follows goes to stdout)."""

    try:
        done = fix(project, reviewed=reviewed)
    except DataError as exc:
        print(f"mgo check --fix: nothing fixed, the sources do not parse yet ({exc.message})", file=err)
        return
    for line in done:
        print(f"fixed {line}", file=err)
    if not done:
        print("mgo check --fix: nothing to fix", file=err)
