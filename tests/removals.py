"""Remove one statement of the sources at a time, as a half-finished edit would, and run mgo on the result.

Used by ``tests/test_partial_edits.py`` (a seeded sample in ``make test``) and runnable on its own for the full
sweep, outside ``make test``::

    .venv/bin/python tests/removals.py --all [--jobs N] [--log FILE]   # every statement, N processes
    .venv/bin/python tests/removals.py --seed S --count K              # the sample the tests take for seed S

Each removal rewrites the one file that holds the statement (its canonical form without that triple) in a
copy of the repository, runs ``mgo check --no-external`` and ``mgo build`` in-process (``mgo.cli.main``) and
records the exit codes; exit code 3 (a bug in mgo) must never come out of a user's edit. With ``--log`` every
finished removal is appended to FILE (one line: index, exit codes), and a second run with the same FILE
resumes where the first stopped.
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
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mgo.cli import main
from mgo.rdf.fmt import header
from repo_copy import copy_repository, shared_stand_ins

SOURCE_GLOBS = ("ontology/*.ttl", "data/*.ttl", "data/additions/*.ttl")


@dataclass(frozen=True)
class Removal:
    file: str  # relative to the root
    triple: tuple[Node, Node, Node]

    def __str__(self) -> str:
        s, p, o = (t.n3() for t in self.triple)
        return f"{self.file}: {s} {p} {o[:80]}"


def _parse(path: Path, text: str | None = None) -> Graph:
    """The file's graph with canonical blank-node labels (rdflib.compare), so that a statement with a blank node
    is the same term in every parse: the sample a seed gives repeats, and :func:`without` finds the statement."""
    parsed = Graph()
    if text is None:
        parsed.parse(path, format="turtle")
    else:
        parsed.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    graph = Graph()
    for prefix, namespace in parsed.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph += to_canonical_graph(parsed)
    return graph


def removals(root: Path, seed: int = 0) -> list[Removal]:
    """Every statement of the Turtle sources, ordered round-robin over predicates (each predicate early); the
    seed shuffles the order of the predicates and the statements of each."""
    by_predicate: dict[str, list[Removal]] = defaultdict(list)
    for pattern in SOURCE_GLOBS:
        for path in sorted(root.glob(pattern)):
            graph = _parse(path)
            for triple in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
                by_predicate[str(triple[1])].append(Removal(path.relative_to(root).as_posix(), triple))
    rng = random.Random(seed)
    queues = [by_predicate[key] for key in sorted(by_predicate)]
    rng.shuffle(queues)
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
    graph = _parse(path, text)
    assert removal.triple in graph, f"{removal} is not in {removal.file}"
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


def crashes_of(removal: Removal, results: list[tuple[str, int, str]]) -> list[str]:
    return [f"mgo {command} exits 3 without {removal}:\n{err}" for command, code, err in results if code == 3]


def sweep(root: Path, chosen: list[Removal], *, build: bool = True) -> list[str]:
    """Try each removal in ``chosen``; returns the crashes."""
    crashes: list[str] = []
    for removal in chosen:
        crashes += crashes_of(removal, try_removal(root, removal, build=build))
    return crashes


def _use_stand_ins() -> None:
    """The copy is outside the repository: point mgo at the repository's third-party profiles and source text."""
    import os

    for name, value in shared_stand_ins(Path()).items():
        os.environ.setdefault(name, value)


def _worker(job: tuple[int, int, str]) -> None:
    """One process of the full sweep: every ``jobs``-th removal from ``offset``, on a copy of its own."""
    import contextlib
    import tempfile

    offset, jobs, log = job
    done = _done(Path(log))
    _use_stand_ins()
    with tempfile.TemporaryDirectory() as folder:
        root = copy_repository(Path(folder) / "project", commit=False)
        everything = removals(root)
        for index in range(offset, len(everything), jobs):
            if index in done:
                continue
            results = try_removal(root, everything[index])
            codes = " ".join(f"{command}={code}" for command, code, _ in results)
            with contextlib.suppress(OSError), Path(log).open("a", encoding="utf-8") as handle:
                handle.write(f"{index}\t{codes}\t{everything[index]}\n")
                for crash in crashes_of(everything[index], results):
                    handle.write("CRASH " + crash.replace("\n", "\n  ") + "\n")


def _done(log: Path) -> set[int]:
    if not log.is_file():
        return set()
    return {int(line.split("\t", 1)[0]) for line in log.read_text(encoding="utf-8").splitlines() if line[:1].isdigit()}


def full_sweep(jobs: int, log: Path) -> tuple[int, int, list[str]]:
    """Every removal, in ``jobs`` processes, logged to ``log`` (resumable); (total, done, crash lines)."""
    from multiprocessing import Pool

    started = time.perf_counter()
    with Pool(jobs) as pool:
        pool.map(_worker, [(offset, jobs, str(log)) for offset in range(jobs)])
    lines = log.read_text(encoding="utf-8").splitlines()
    crashes = [line for line in lines if line.startswith("CRASH ")]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        total = len(removals(copy_repository(Path(folder) / "project", commit=False)))
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return total, len(_done(log)), crashes


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="every statement of the sources")
    parser.add_argument("--jobs", type=int, default=1, help="processes for --all (each on a copy of its own)")
    parser.add_argument("--log", type=Path, default=Path("removals.log"), help="progress log for --all (resumes)")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the sample")
    parser.add_argument("--count", type=int, default=6, help="how many removals the sample takes")
    options = parser.parse_args()
    if options.all:
        total, done, crashes = full_sweep(options.jobs, options.log)
        print(f"{done} of {total} removals tried, {len(crashes)} crashes (log: {options.log})")
        print("\n".join(crashes))
        sys.exit(1 if crashes or done < total else 0)
    _use_stand_ins()
    with tempfile.TemporaryDirectory() as folder:
        root = copy_repository(Path(folder) / "project", commit=False)
        sample = removals(root, options.seed)[: options.count]
        crashes = sweep(root, sample)
        print(f"seed {options.seed}: {len(sample)} removals tried, {len(crashes)} crashes")
        print("\n".join(crashes))
        sys.exit(1 if crashes else 0)
