"""Synthetic catalogues of a given size, laid out like ``dist/`` for ``mgo load`` and the embedded store.

The environments come from ``generate_catalogue.py`` (the catalogue generator of ``mgo catalogue``'s
benchmarks): each ``https://example.org/omgeving/{n}`` is typed as one of the model's variants through its
punned class (``a <https://w3id.org/missiegedreven/concept/living-lab>``), with a name, a mission, partners
and the facet values it involves — ~29 triples each. This module only sizes and packages them:

* ``mgo.trig``: the publication's named graphs (from a built ``dist/``) plus the catalogue as the named
  graph ``https://example.org/graph/catalogue``;
* ``mgo.ttl`` and ``mgo.nt``: the publication plus the catalogue (the default graph of the embedded store,
  and the index the documents are made from).

    .venv/bin/python benchmarks/catalogue.py 100000 --dist dist --out /tmp/catalogue-1e5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import generate_catalogue  # noqa: E402

CATALOGUE_GRAPH = "https://example.org/graph/catalogue"
TRIPLES_PER_ENVIRONMENT = 29  # measured: generate_catalogue.py writes 29.15 on average


def write_catalogue(dist: Path, target_triples: int, out: Path, *, seed: int = 1) -> int:
    """Write ``out/mgo.trig``, ``out/mgo.ttl`` and ``out/mgo.nt`` with ~``target_triples`` catalogue triples.

    The generator writes N-Triples; its lines are valid Turtle and TriG statements as they are (full IRIs,
    no blank nodes), so each file is the publication's own file with the catalogue's lines appended (inside
    a graph block for TriG): no parse and no Python object per triple, which made 3M triples take many
    minutes. Returns the number of catalogue triples.
    """
    out.mkdir(parents=True, exist_ok=True)
    environments = max(1, round(target_triples / TRIPLES_PER_ENVIRONMENT))
    raw = out / "catalogue.nt"
    generate_catalogue.generate(environments, raw, seed=seed)
    lines = raw.read_bytes()
    raw.unlink()
    if b"_:" in lines:
        raise SystemExit("the catalogue has blank nodes: appending its lines would mix their labels")
    graph = f"\n<{CATALOGUE_GRAPH}> {{\n".encode()
    (out / "mgo.trig").write_bytes((dist / "mgo.trig").read_bytes() + graph + lines + b"}\n")
    (out / "mgo.ttl").write_bytes((dist / "mgo.ttl").read_bytes() + b"\n" + lines)
    (out / "mgo.nt").write_bytes((dist / "mgo.nt").read_bytes() + lines)
    return lines.count(b"\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("triples", type=int, help="about how many catalogue triples")
    parser.add_argument("--dist", type=Path, default=HERE.parent / "dist", help="a built dist/ (the publication)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = write_catalogue(args.dist, args.triples, args.out, seed=args.seed)
    print(f"wrote {count} catalogue triples to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
