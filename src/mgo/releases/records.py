"""Release records: ``releases/X.Y.Z.nt``, the committed N-Triples of each released version, and their dates.

Read by :mod:`mgo.releases.release` (which writes them) and :mod:`mgo.releases.diff` (which compares them); in a
module of its
own so that those two do not import each other (that was the diff ⇄ release cycle).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from mgo.errors import MissingFileError, UsageError
from mgo.rdf.convert import new_graph
from mgo.terms import DCT, ONTOLOGY_IRI

if TYPE_CHECKING:
    from rdflib import Graph

RECORDS = "releases"
VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def parse_version(text: str) -> tuple[int, int, int]:
    match = VERSION.match(text)
    if not match:
        raise UsageError(
            f"{text!r} is not a release version: three numbers X.Y.Z (semantic versioning, no pre-release)",
            hint="for example: mgo release 0.2.0",
        )
    return (int(match.group(1)), int(match.group(2)), int(match.group(3)))


def records_dir(root: Path) -> Path:
    return root / RECORDS


def record_path(root: Path, version: str) -> Path:
    return records_dir(root) / f"{version}.nt"


def recorded_versions(root: Path) -> list[str]:
    """The versions with a record in ``releases/``, oldest first."""
    found = [p.stem for p in records_dir(root).glob("*.nt") if VERSION.match(p.stem)]
    return sorted(found, key=parse_version)


def read_record(root: Path, version: str) -> Graph:
    path = record_path(root, version)
    if not path.is_file():
        known = ", ".join(recorded_versions(root)) or "none"
        raise MissingFileError(f"no release record for {version}: {path} (recorded: {known})", file=path)
    graph = new_graph()
    graph.parse(path, format="nt")
    return graph


def release_date(graph: Graph) -> str | None:

    value = graph.value(URIRef(ONTOLOGY_IRI), URIRef(DCT + "modified"))
    return str(value) if value is not None else None
