"""Serve and load: ``mgo serve`` vs rdflib-endpoint and Oxigraph server; ``mgo load`` and the store at scale.

    .venv/bin/python benchmarks/bench_serve.py                      # everything, once (several minutes)
    .venv/bin/python benchmarks/bench_serve.py --only serve         # the HTTP mix only
    .venv/bin/python benchmarks/bench_serve.py --only load --sizes 10000,100000

**The HTTP mix** (``--requests`` tasks, ``--concurrency`` client threads with keep-alive connections, after
100 warm-up tasks): four of every five tasks dereference an IRI of the publication, cycling through every
resource and every format; the fifth runs the next competency query (``queries/*.rq``, SPARQL results JSON).
What a task is on each server:

* ``mgo serve``: ``GET /concept/x`` with ``Accept`` (303) then ``GET`` the document (200), both timed;
  a query is ``POST /sparql`` (form);
* Oxigraph server (loaded with ``mgo load``) and rdflib-endpoint (serving ``dist/mgo.ttl``), which have no
  IRI pages: a dereference is the equivalent ``CONSTRUCT { <iri> ?p ?o } WHERE { <iri> ?p ?o }`` with the
  same ``Accept`` (HTML asks for Turtle); a query is the same form POST (Oxigraph gets the published layers
  as ``default-graph-uri``, as ``mgo query --endpoint`` sends them).

A task fails when a status is not the expected one or the connection breaks; failures are counted, never
retried. Client and servers share the machine's two cores: the numbers are for comparing servers.

**Scale** (``--sizes``): synthetic catalogues (``benchmarks/catalogue.py``) added to the publication;
``mgo load`` into a fresh Oxigraph server (upload and verification timed apart), then the embedded store
as a query worker of ``mgo serve`` loads it (:func:`mgo.embedded.load_publication` with
``statements=False``) and every competency query on it (median of 3 runs each).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

from mgo.documents import DOC_FORMATS, TripleIndex, local_path, subjects, url_path  # noqa: E402
from mgo.embedded import load_publication  # noqa: E402
from mgo.load import load_publication_into  # noqa: E402
from mgo.remote import published_graphs  # noqa: E402
from mgo.stores import KINDS, StoreUrls  # noqa: E402
from servers import Server, free_port, popen, start_mgo_serve, start_oxigraph, wait_until  # noqa: E402


def oxigraph_urls(server: Server) -> StoreUrls:
    """The endpoints of an Oxigraph server started by tests/servers.py (what ``mgo load BASE`` derives)."""
    return StoreUrls(KINDS["oxigraph"], server["query"], server["store"], "benchmark")


WARM_UP = 100
QUERY_EVERY = 5  # one task in five is a competency query


@dataclass
class Task:
    kind: str  # "deref" or "query"
    iri: str = ""
    media_type: str = ""
    query: str = ""


@dataclass
class Outcome:
    kind: str
    seconds: float
    ok: bool


@dataclass
class Run:
    name: str
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)

    def latencies(self, kind: str | None = None) -> list[float]:
        return sorted(o.seconds for o in self.outcomes if kind is None or o.kind == kind)

    @property
    def errors(self) -> int:
        return sum(not o.ok for o in self.outcomes)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * share))]


def tasks(dist: Path, count: int) -> list[Task]:
    """The deterministic mix: every resource in every format, every fifth task a competency query."""
    publication = load_publication(dist)
    iris = subjects(TripleIndex.from_publication(publication))
    queries = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "queries").glob("*.rq"))]
    if not iris or not queries:
        raise SystemExit("no resources or no competency queries to benchmark")
    mix: list[Task] = []
    deref = query = 0
    while len(mix) < count:
        if len(mix) % QUERY_EVERY == QUERY_EVERY - 1:
            mix.append(Task("query", query=queries[query % len(queries)]))
            query += 1
        else:
            doc_format = DOC_FORMATS[deref % len(DOC_FORMATS)]
            mix.append(
                Task(
                    "deref",
                    iri=iris[(deref // len(DOC_FORMATS)) % len(iris)],
                    media_type=doc_format.media_type,
                )
            )
            deref += 1
    return mix


# --- one task on each kind of server ----------------------------------------------------------------------

Perform = Callable[[http.client.HTTPConnection, Task], bool]


def _send(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes | None = None,
) -> tuple[int, dict[str, str]]:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}


def mgo_serve_task(conn: http.client.HTTPConnection, task: Task) -> bool:
    if task.kind == "deref":
        status, headers = _send(conn, "GET", url_path(local_path(task.iri)), {"Accept": task.media_type})
        if status != 303:
            return False
        status, _ = _send(conn, "GET", headers["location"], {})
        return status == 200
    body = urllib.parse.urlencode({"query": task.query}).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    return _send(conn, "POST", "/sparql", headers, body)[0] == 200


def sparql_task(path: str, default_graphs: tuple[str, ...]) -> Perform:
    def perform(conn: http.client.HTTPConnection, task: Task) -> bool:
        if task.kind == "deref":
            iri = f"<{task.iri}>"
            text = f"CONSTRUCT {{ {iri} ?p ?o }} WHERE {{ {iri} ?p ?o }}"
            accept = "text/turtle" if task.media_type == "text/html" else task.media_type
        else:
            text, accept = task.query, "application/sparql-results+json"
        params = [("query", text)] + [("default-graph-uri", g) for g in default_graphs]
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return _send(conn, "POST", path, headers, urllib.parse.urlencode(params).encode())[0] == 200

    return perform


def run_mix(name: str, base: str, perform: Perform, warm: list[Task], mix: list[Task], concurrency: int) -> Run:
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    # warm-up (not timed): the first requests pay for connection set-up and lazy initialisation
    conn = http.client.HTTPConnection(host, port, timeout=120)
    for task in warm:
        perform(conn, task)
    conn.close()
    run = Run(name, 0.0)
    lock = threading.Lock()
    position = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                index = position[0]
                position[0] += 1
            if index >= len(mix):
                break
            task = mix[index]
            started = time.perf_counter()
            try:
                ok = perform(conn, task)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=120)
            elapsed = time.perf_counter() - started
            with lock:
                run.outcomes.append(Outcome(task.kind, elapsed, ok))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


def start_rdflib_endpoint(ttl: Path, folder: Path) -> Server:
    port = free_port()
    log = folder / "rdflib-endpoint.log"
    binary = Path(sys.executable).parent / "rdflib-endpoint"
    process = popen([str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), str(ttl)], log)
    base = f"http://127.0.0.1:{port}"
    server = Server("rdflib-endpoint", process, log, {"base": base, "sparql": f"{base}/"})

    def ready() -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            return _send(conn, "GET", "/?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"})[0] == 200
        finally:
            conn.close()

    wait_until(ready, timeout=120, what="rdflib-endpoint", process=process)
    return server


def serve_benchmark(dist: Path, requests: int, concurrency: int, scratch: Path) -> list[Run]:
    mix = tasks(dist, requests + WARM_UP)
    warm, timed = mix[:WARM_UP], mix[WARM_UP:]
    runs: list[Run] = []
    servers: list[Server] = []
    try:
        mgo = start_mgo_serve(dist, scratch / "mgo")
        servers.append(mgo)
        runs.append(run_mix("mgo serve", mgo["base"], mgo_serve_task, warm, timed, concurrency))
        mgo.stop()
        oxigraph = start_oxigraph(scratch / "oxigraph")
        servers.append(oxigraph)
        load_publication_into(dist, oxigraph_urls(oxigraph))
        perform = sparql_task("/query", published_graphs())
        runs.append(run_mix("Oxigraph server 0.5 (mgo load)", oxigraph["base"], perform, warm, timed, concurrency))
        oxigraph.stop()
        rdflib = start_rdflib_endpoint(dist / "mgo.ttl", scratch)
        servers.append(rdflib)
        perform = sparql_task("/", ())
        runs.append(run_mix("rdflib-endpoint 0.6 (mgo.ttl)", rdflib["base"], perform, warm, timed, concurrency))
    finally:
        for server in servers:
            server.stop()
    return runs


def serve_table(runs: list[Run], requests: int, concurrency: int) -> str:
    lines = [
        f"{requests} tasks, {concurrency} concurrent (4/5 IRI dereferences, 1/5 competency queries); latency in ms",
        "",
        "| server | tasks/s | p50 | p99 | deref p50 | deref p99 | query p50 | query p99 | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        every, deref, query = run.latencies(), run.latencies("deref"), run.latencies("query")
        cells = [
            run.name,
            f"{len(run.outcomes) / run.seconds:,.0f}",
            *(f"{1000 * percentile(values, share):.1f}" for values in (every, deref, query) for share in (0.5, 0.99)),
            str(run.errors),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- scale: mgo load and the embedded store ---------------------------------------------------------------


@dataclass
class ScaleResult:
    triples: int
    upload_seconds: float
    verify_seconds: float
    store_seconds: float
    query_total_ms: float
    query_max_ms: float
    slowest: str


def scale_benchmark(dist: Path, sizes: list[int], scratch: Path) -> list[ScaleResult]:
    from catalogue import write_catalogue

    from mgo import query as q

    queries = {path.stem: path.read_text(encoding="utf-8") for path in sorted((ROOT / "queries").glob("*.rq"))}
    results = []
    for size in sizes:
        folder = scratch / f"catalogue-{size}"
        write_catalogue(dist, size, folder)
        oxigraph = start_oxigraph(scratch / f"oxigraph-{size}")
        try:
            started = time.perf_counter()
            loads = load_publication_into(folder, oxigraph_urls(oxigraph))
            total = time.perf_counter() - started
        finally:
            oxigraph.stop()
        upload = sum(each.seconds for each in loads)
        triples = sum(each.triples for each in loads)
        started = time.perf_counter()
        publication = load_publication(folder, statements=False)  # as a query worker loads it
        store_seconds = time.perf_counter() - started
        medians = {}
        for name, text in queries.items():
            times = []
            for _ in range(3):
                mark = time.perf_counter()
                q.run_query(publication.store, text)
                times.append(1000 * (time.perf_counter() - mark))
            medians[name] = statistics.median(times)
        slowest = max(medians, key=lambda name: medians[name])
        results.append(
            ScaleResult(
                triples=triples,
                upload_seconds=upload,
                verify_seconds=total - upload,
                store_seconds=store_seconds,
                query_total_ms=sum(medians.values()),
                query_max_ms=medians[slowest],
                slowest=slowest,
            )
        )
        del publication
    return results


def scale_table(results: list[ScaleResult]) -> str:
    lines = [
        "| triples loaded | mgo load: upload s | triples/s | verify s | embedded store: load s "
        "| all competency queries ms | slowest query ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.triples:,} | {r.upload_seconds:.2f} | {r.triples / r.upload_seconds:,.0f} | "
            f"{r.verify_seconds:.2f} | {r.store_seconds:.2f} | {r.query_total_ms:.1f} | "
            f"{r.query_max_ms:.1f} ({r.slowest}) |"
        )
    return "\n".join(lines)


def built_dist(given: Path | None, scratch: Path) -> Path:
    if given is not None:
        return given
    from mgo.build import build
    from mgo.project import Project

    result = build(Project(ROOT), publish=False)
    dist = scratch / "dist"
    for name, data in result.outputs.items():
        (dist / name).parent.mkdir(parents=True, exist_ok=True)
        (dist / name).write_bytes(data)
    return dist


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="catalogue sizes in triples")
    parser.add_argument("--only", choices=("serve", "load"))
    parser.add_argument("--dist", type=Path, help="a built dist/ (default: build the sources into a scratch folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        scratch = Path(tmp)
        dist = built_dist(args.dist, scratch)
        if args.only in (None, "serve"):
            runs = serve_benchmark(dist, args.requests, args.concurrency, scratch)
            print(serve_table(runs, args.requests, args.concurrency), flush=True)
            print(flush=True)
        if args.only in (None, "load"):
            sizes = [int(float(size)) for size in args.sizes.split(",") if size]
            print(scale_table(scale_benchmark(dist, sizes, scratch)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
