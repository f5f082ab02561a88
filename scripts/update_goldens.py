"""Regenerate (or check) the golden results of the competency questions: `queries/NAME.srj` beside `NAME.rq`.

A thin maintenance wrapper (STYLE habit 4 and 8): it runs every `queries/*.rq` on Oxigraph over the published
graph and writes the result in the canonical form of `queries/README.md`, which `mgo query NAME --format json`
prints and the tests compare byte for byte:

- SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/), parsed;
- rows sorted by their JSON text (`json.dumps(row, sort_keys=True)`) unless the query has `ORDER BY`,
  in which case the order of the store is kept;
- written with `json.dumps(..., ensure_ascii=False, indent=2, sort_keys=True)` and a final newline.

Usage (from the repository root):

    .venv/bin/python scripts/update_goldens.py                      # rewrite every golden
    .venv/bin/python scripts/update_goldens.py NAME ...             # only these queries (NAME or NAME.rq)
    .venv/bin/python scripts/update_goldens.py --check              # compare, write nothing
    .venv/bin/python scripts/update_goldens.py --graph /tmp/mgo/full.ttl

Exit codes: 0 all goldens written (or, with --check, equal); 1 with --check, a golden differs or is
missing; 2 runtime error (no graph, no queries, a query that does not run).

TODO(lead): rewire to `mgo.query` once it exists, so the canonical form is defined in one place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
DEFAULT_GRAPH = ROOT / "dist" / "mgo.ttl"
ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def has_order_by(query: str) -> bool:
    """True when the query text (comment lines left out) has an ORDER BY clause."""
    code = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    return ORDER_BY.search(code) is not None


def canonical(results_json: bytes | str, ordered: bool) -> str:
    """The canonical text of a SPARQL JSON result (queries/README.md)."""
    data = json.loads(results_json)
    bindings = data.get("results", {}).get("bindings")
    if bindings is not None and not ordered:
        bindings.sort(key=lambda row: json.dumps(row, sort_keys=True))
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load(graph: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def run(store: pyoxigraph.Store, query: str) -> str:
    """Run one query and return its canonical result text."""
    results = store.query(query)
    if isinstance(results, bool):  # ASK
        raw = json.dumps({"head": {}, "boolean": results})
    else:
        raw = results.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    return canonical(raw, has_order_by(query))


def query_files(names: list[str]) -> list[Path]:
    if names:
        return [QUERIES / (name if name.endswith(".rq") else f"{name}.rq") for name in names]
    return sorted(QUERIES.glob("*.rq"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="query names (default: every queries/*.rq)")
    parser.add_argument(
        "--graph", type=Path, default=DEFAULT_GRAPH, help=f"the published graph (default: {DEFAULT_GRAPH})"
    )
    parser.add_argument("--check", action="store_true", help="compare with the goldens, write nothing")
    args = parser.parse_args(argv)

    if not args.graph.is_file():
        print(f"error: the published graph {args.graph} does not exist; build it first", file=sys.stderr)
        return 2
    files = query_files(args.names)
    if not files:
        print(f"error: no queries found in {QUERIES}", file=sys.stderr)
        return 2
    store = load(args.graph)
    differing = []
    for rq in files:
        try:
            text = run(store, rq.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError) as error:
            print(f"error: {rq.relative_to(ROOT)}: {error}", file=sys.stderr)
            return 2
        srj = rq.with_suffix(".srj")
        if args.check:
            if not srj.is_file() or srj.read_text(encoding="utf-8") != text:
                differing.append(srj)
                print(f"differs: {srj.relative_to(ROOT)}")
        else:
            srj.write_text(text, encoding="utf-8")
            print(f"wrote {srj.relative_to(ROOT)}")
    if differing:
        print(
            f"{len(differing)} of {len(files)} golden(s) differ; regenerate with: "
            ".venv/bin/python scripts/update_goldens.py",
            file=sys.stderr,
        )
        return 1
    if args.check:
        print(f"{len(files)} golden(s) equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
