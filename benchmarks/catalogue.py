"""Synthetic catalogues of a given size, laid out like ``dist/`` for ``mgo load`` and the embedded store.

The environments come from ``generate_catalogue.py`` (the catalogue generator of ``mgo catalogue``'s
benchmarks): each ``https://example.org/omgeving/{n}`` is typed as one of the model's variants through its
punned class (``a <https://w3id.org/missiegedreven/concept/living-lab>``), with a name, a mission, partners
and the facet values it involves — ~29 triples each. This module only sizes and packages them:

* ``mgo.trig``: the publication's named graphs (from a built ``dist/``) plus the catalogue as the named
  graph ``https://example.org/graph/catalogue``;
* ``mgo.ttl``: the publication plus the catalogue (the default graph of the embedded store).

    .venv/bin/python benchmarks/catalogue.py 100000 --dist dist --out /tmp/catalogue-1e5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyoxigraph

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import generate_catalogue  # noqa: E402

CATALOGUE_GRAPH = "https://example.org/graph/catalogue"
TRIPLES_PER_ENVIRONMENT = 29  # measured: generate_catalogue.py writes 29.15 on average


def write_catalogue(dist: Path, target_triples: int, out: Path, *, seed: int = 1) -> int:
    """Write ``out/mgo.trig`` and ``out/mgo.ttl`` with ~``target_triples`` catalogue triples; the count."""
    out.mkdir(parents=True, exist_ok=True)
    environments = max(1, round(target_triples / TRIPLES_PER_ENVIRONMENT))
    raw = out / "catalogue.nt"
    generate_catalogue.generate(environments, raw, seed=seed)
    catalogue = [q.triple for q in pyoxigraph.parse(path=str(raw), format=pyoxigraph.RdfFormat.N_TRIPLES)]
    raw.unlink()
    graph = pyoxigraph.NamedNode(CATALOGUE_GRAPH)
    publication = list(pyoxigraph.parse(path=str(dist / "mgo.trig"), format=pyoxigraph.RdfFormat.TRIG))
    quads = publication + [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in catalogue]
    pyoxigraph.serialize(quads, str(out / "mgo.trig"), format=pyoxigraph.RdfFormat.TRIG)
    published = [q.triple for q in pyoxigraph.parse(path=str(dist / "mgo.ttl"), format=pyoxigraph.RdfFormat.TURTLE)]
    pyoxigraph.serialize(published + catalogue, str(out / "mgo.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return len(catalogue)


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
