"""Remove one statement of the sources at a time, as a half-finished edit would, and run mgo on the result.

Used by ``tests/test_partial_edits.py`` (a bounded, seeded sample) and runnable on its own for a full sweep::

    .venv/bin/python tests/removals.py [--all] [--seconds N]

Each removal rewrites the one file that holds the statement (its canonical form without that triple) in a
copy of the repository, runs ``mgo check --no-external`` and ``mgo build`` in-process (``mgo.cli.main``) and
records the exit codes; exit code 3 (a bug in mgo) must never come out of a user's edit.
"""

from __future__ import annotations

import io
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mgo.cli import main
from mgo.rdf.fmt import header
from repo_copy import copy_repository

SOURCE_GLOBS = ("ontology/*.ttl", "data/*.ttl", "data/additions/*.ttl")


@dataclass(frozen=True)
class Removal:
    file: str  # relative to the root
    triple: tuple[Node, Node, Node]

    def __str__(self) -> str:
        s, p, o = (t.n3() for t in self.triple)
        return f"{self.file}: {s} {p} {o[:80]}"


def removals(root: Path, seed: int = 0) -> list[Removal]:
    """Every statement of the Turtle sources, ordered round-robin over predicates (each predicate early)."""
    by_predicate: dict[str, list[Removal]] = defaultdict(list)
    for pattern in SOURCE_GLOBS:
        for path in sorted(root.glob(pattern)):
            graph = Graph().parse(path, format="turtle")
            for triple in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
                by_predicate[str(triple[1])].append(Removal(path.relative_to(root).as_posix(), triple))
    rng = random.Random(seed)
    queues = [by_predicate[key] for key in sorted(by_predicate)]
    for queue in queues:
        rng.shuffle(queue)
    ordered: list[Removal] = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop())
    return ordered


def without(root: Path, removal: Removal) -> str:
    """The file's text without the statement (canonical Turtle, its comment header kept)."""
    path = root / removal.file
    text = path.read_text(encoding="utf-8")
    graph = Graph()
    graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    graph.remove(removal.triple)
    return header(text) + graph.serialize(format="longturtle").strip() + "\n"


def run(*args: str | Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, err.getvalue()


def try_removal(root: Path, removal: Removal, *, build: bool = True) -> list[tuple[str, int, str]]:
    """(command, exit code, stderr) of check and build with the statement removed; the file is restored."""
    path = root / removal.file
    original = path.read_text(encoding="utf-8")
    path.write_text(without(root, removal), encoding="utf-8")
    try:
        results = []
        commands = [("check", "--no-external")] + ([("build",)] if build else [])
        for command in commands:
            code, err = run(*command, "--root", root)
            results.append((command[0], code, err))
        return results
    finally:
        path.write_text(original, encoding="utf-8")


def sweep(root: Path, budget: float | None, *, build: bool = True) -> tuple[int, list[str]]:
    """Try removals until the budget (seconds) is spent; returns (how many were tried, the crashes)."""
    started = time.perf_counter()
    tried = 0
    crashes = []
    for removal in removals(root):
        if budget is not None and time.perf_counter() - started > budget:
            break
        for command, code, err in try_removal(root, removal, build=build):
            if code == 3:
                crashes.append(f"mgo {command} exits 3 without {removal}:\n{err}")
        tried += 1
    return tried, crashes


if __name__ == "__main__":
    import tempfile

    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 600.0
    with tempfile.TemporaryDirectory() as folder:
        root = copy_repository(Path(folder) / "project", commit=False)
        tried, crashes = sweep(root, None if "--all" in sys.argv else seconds)
        print(f"{tried} removals tried, {len(crashes)} crashes")
        for crash in crashes:
            print(crash)
