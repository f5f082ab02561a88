"""Serve and load: ``mgo serve`` vs Oxigraph server vs rdflib-endpoint; attacks; a 3M-triple catalogue; ``mgo load``.

    .venv/bin/python benchmarks/bench_serve.py --only serve     # the HTTP mix at 1, 8 and 32 clients
    .venv/bin/python benchmarks/bench_serve.py --only attacks   # p99 of normal requests during each attack
    .venv/bin/python benchmarks/bench_serve.py --only scale     # mgo serve on 10^5 environments (~3M triples)
    .venv/bin/python benchmarks/bench_serve.py --only load --sizes 10000,100000

**The HTTP mix** (``--requests`` tasks per run, ``--clients`` client threads with keep-alive connections,
after 100 warm-up tasks): four of every five tasks dereference an IRI of the publication, cycling through
every resource and every format; the fifth runs the next competency query (``queries/*.rq``, SPARQL results
JSON). What a task is on each server:

* ``mgo serve``: ``GET /concept/x`` with ``Accept`` (303) then ``GET`` the document (200), both timed;
  a query is ``POST /sparql`` (form);
* Oxigraph server (loaded with ``mgo load``) and rdflib-endpoint (serving ``dist/mgo.ttl``), which have no
  IRI pages: a dereference is the equivalent ``CONSTRUCT { <iri> ?p ?o } WHERE { <iri> ?p ?o }`` with the
  same ``Accept`` (HTML asks for Turtle); a query is the same form POST.

rdflib-endpoint runs ``--requests / 10`` tasks (it serves ~50 a second). A task fails when a status is not
the expected one or the connection breaks; failures are counted, never retried. Client and servers share
the machine's two cores: the numbers are for comparing servers in one run.

**Attacks** (``tests/attacks.py``, the same code the hostile-request tests run): the latency of normal
requests (fresh connections, one after another) alone, during an idle-connection flood (520 sockets),
during a header bomb (100,000 repeated headers on each of two connections) and with 50 clients that
pipeline requests for ``mgo.trig`` and never read; the server's memory (RSS) before and after.

**Scale**: ``benchmarks/catalogue.py`` adds a catalogue of ``--environments`` environments to the
publication; ``mgo serve`` on it: the one-off store build, then the start (process start to ``/health``
answering), the memory of the server and its query workers, and the mix at 8 clients (dereferences of
catalogue IRIs, documents made from the store, and competency queries).

**Load** (``--sizes``): ``mgo load`` into a fresh Oxigraph server (upload and verification timed apart), and
every competency query on the on-disk store ``mgo serve`` reads (median of 3 runs each).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
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

import attacks  # noqa: E402
from mgo.query.load import load_publication_into  # noqa: E402
from mgo.query.remote import published_graphs  # noqa: E402
from mgo.query.stores import KINDS, StoreUrls  # noqa: E402
from mgo.web.serve import url_path  # noqa: E402
from servers import Server, free_port, popen, start_mgo_serve, start_oxigraph, wait_until  # noqa: E402


def oxigraph_urls(server: Server) -> StoreUrls:
    """The endpoints of an Oxigraph server started by tests/servers.py (what ``mgo load BASE`` derives)."""
    return StoreUrls(KINDS["oxigraph"], server["query"], server["store"], "benchmark")


BASE = "https://w3id.org/missiegedreven/"
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


def resource_iris(dist: Path) -> list[str]:
    """The IRIs with a page and documents on the site (``dist/site``), else every subject of the publication."""
    from mgo.terms import BASE

    site = dist / "site"
    if site.is_dir():
        stems = sorted(p.relative_to(site).as_posix()[:-4] for p in site.glob("**/*.ttl"))
        return [BASE + stem for stem in stems if (site / f"{stem}.html").is_file() and not stem.startswith("en/")]
    import pyoxigraph

    subjects = {q.subject for q in pyoxigraph.parse(path=str(dist / "mgo.ttl"))}
    return sorted(s.value for s in subjects if isinstance(s, pyoxigraph.NamedNode) and s.value.startswith(BASE))


MEDIA_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html")


def tasks(iris: list[str], count: int, media_types: tuple[str, ...] = MEDIA_TYPES) -> list[Task]:
    """The deterministic mix: every resource in every format, every fifth task a competency query."""
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
            media_type = media_types[deref % len(media_types)]
            mix.append(Task("deref", iri=iris[(deref // len(media_types)) % len(iris)], media_type=media_type))
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
        status, headers = _send(conn, "GET", url_path(task.iri[len(BASE) - 1 :]), {"Accept": task.media_type})
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


def serve_benchmark(dist: Path, requests: int, clients: list[int], scratch: Path, rounds: int = 1) -> list[Run]:
    """The mix on the three servers, all started first and then run in turn (interleaved) at each client count.

    The machine is shared and its load drifts: running each server's runs back to back (mgo serve at 1, 8,
    32 clients, then Oxigraph …) would compare moments, not servers. Here, for every round and every client
    count, mgo serve, the Oxigraph server and rdflib-endpoint run one after another.
    """
    mix = tasks(resource_iris(dist), requests + WARM_UP)
    warm, timed = mix[:WARM_UP], mix[WARM_UP:]
    few = timed[: max(50, requests // 10)]
    runs: list[Run] = []
    servers: list[Server] = []
    try:
        mgo = start_mgo_serve(dist, scratch / "mgo")
        servers.append(mgo)
        oxigraph = start_oxigraph(scratch / "oxigraph")
        servers.append(oxigraph)
        load_publication_into(dist, oxigraph_urls(oxigraph), verify_after=False)  # load.py verifies; here: speed
        rdflib = start_rdflib_endpoint(dist / "mgo.ttl", scratch)
        servers.append(rdflib)
        on_oxigraph = sparql_task("/query", published_graphs())
        on_rdflib = sparql_task("/", ())
        for round_ in range(rounds):
            suffix = f" (round {round_ + 1})" if rounds > 1 else ""
            for each in clients:
                runs.append(
                    run_mix(f"mgo serve, {each} clients{suffix}", mgo["base"], mgo_serve_task, warm, timed, each)
                )
                name = f"Oxigraph server 0.5, {each} clients{suffix}"
                runs.append(run_mix(name, oxigraph["base"], on_oxigraph, warm, timed, each))
                name = f"rdflib-endpoint 0.6, {each} clients{suffix}"
                runs.append(run_mix(name, rdflib["base"], on_rdflib, warm[:20], few, each))
    finally:
        for server in servers:
            server.stop()
    return runs


def ratios(runs: list[Run]) -> str:
    """mgo serve's tasks/s over each peer's, per client count and round (the runs that ran side by side)."""
    rate = {run.name: len(run.outcomes) / run.seconds for run in runs}
    lines = ["", "| clients | mgo serve / Oxigraph server | mgo serve / rdflib-endpoint |", "|---|---|---|"]
    for run in runs:
        if not run.name.startswith("mgo serve, "):
            continue
        rest = run.name[len("mgo serve, ") :]
        oxigraph, rdflib = rate.get(f"Oxigraph server 0.5, {rest}"), rate.get(f"rdflib-endpoint 0.6, {rest}")
        mine = rate[run.name]
        lines.append(
            f"| {rest} | {mine / oxigraph:.2f}x | {mine / rdflib:.0f}x |" if oxigraph and rdflib else f"| {rest} | | |"
        )
    return "\n".join(lines)


def serve_table(runs: list[Run]) -> str:
    lines = [
        "4/5 IRI dereferences, 1/5 competency queries; keep-alive clients; latency in ms",
        "",
        "| server, clients | tasks | tasks/s | p50 | p99 | deref p50 | deref p99 | query p50 | query p99 | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        every, deref, query = run.latencies(), run.latencies("deref"), run.latencies("query")
        cells = [
            run.name,
            str(len(run.outcomes)),
            f"{len(run.outcomes) / run.seconds:,.0f}",
            *(f"{1000 * percentile(values, share):.1f}" for values in (every, deref, query) for share in (0.5, 0.99)),
            str(run.errors),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- attacks ---------------------------------------------------------------------------------------------


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the query workers), in MiB."""
    total = 0
    pids = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):  # workers are started from a thread
        pids += [int(each) for each in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def attack_benchmark(dist: Path, scratch: Path, probes: int) -> str:
    server = start_mgo_serve(dist, scratch / "attacks", "--write-timeout", "5")
    parts = urllib.parse.urlsplit(server["base"])
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    stem = resource_iris(dist)[0][len(BASE) :]
    path = url_path(f"/{stem}.ttl")
    lines = [
        f"normal request: GET {path} on a fresh connection, {probes} one after another; latency in ms; "
        "memory: server + query workers (RSS, MiB)",
        "",
        "| during | p50 | p99 | max | non-200 | RSS before | RSS after |",
        "|---|---|---|---|---|---|---|",
    ]
    scenarios = [
        ("nothing (baseline)", lambda: contextlib.nullcontext()),
        ("520 idle connections", lambda: attacks.idle_flood(host, port, 520)),
        ("header bomb: 2 x 100,000 headers", lambda: attacks.header_bomb(host, port, 100_000, 2)),
        ("50 clients that never read (mgo.trig x 20)", lambda: attacks.never_reading(host, port, "/mgo.trig")),
    ]
    try:
        for name, attack in scenarios:
            before = rss_mib(server.process.pid)
            result = attacks.during(attack, lambda: attacks.probe(host, port, path, probes))
            time.sleep(0.5)
            after = rss_mib(server.process.pid)
            bad = sum(status != 200 for status in result.statuses)
            lines.append(
                f"| {name} | {1000 * result.p50():.1f} | {1000 * result.p99():.1f} | "
                f"{1000 * max(result.latencies):.1f} | {bad} | {before:.0f} | {after:.0f} |"
            )
    finally:
        server.stop()
    return "\n".join(lines)


# --- scale: a catalogue of 10^5 environments ---------------------------------------------------------------


def start_oxigraph_read_only(location: Path, folder: Path) -> Server:
    """``oxigraph serve-read-only --location DIR`` (the peer of the scale run, on mgo serve's own store)."""
    from servers import http_ok, oxigraph_binary

    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph-read-only.log"
    command = [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = popen([*command, "--timeout-s", "10"], log)
    base = f"http://127.0.0.1:{port}"
    server = Server("oxigraph serve-read-only", process, log, {"base": base, "query": f"{base}/query"})
    wait_until(lambda: http_ok(f"{base}/query?query=ASK%7B%7D"), timeout=60, what="oxigraph", process=process)
    return server


def scale_serve_benchmark(dist: Path, environments: int, requests: int, scratch: Path, rounds: int = 1) -> str:
    """mgo serve and ``oxigraph serve-read-only`` on one catalogue-sized store: start, memory, the mix at 8 clients.

    The store is built once (what ``mgo serve`` does on its first start, timed apart); both servers then
    open it read-only (Oxigraph the SPARQL store itself). Start time is from the process start to the first
    answer (``/health`` for mgo serve, after its query workers are up; ``ASK {}`` for Oxigraph). The runs of
    the mix alternate between the two servers.
    """
    from catalogue import TRIPLES_PER_ENVIRONMENT, write_catalogue

    from mgo.web.servestore import build_store

    folder = scratch / "catalogue"
    started = time.perf_counter()
    added = write_catalogue(dist, environments * TRIPLES_PER_ENVIRONMENT, folder)
    (folder / "void.ttl").write_bytes((dist / "void.ttl").read_bytes())  # the dataset's own description
    written = time.perf_counter() - started
    store = scratch / "catalogue-store"
    started = time.perf_counter()
    meta = build_store(folder, store)
    built = time.perf_counter() - started
    # the catalogue's environments are not under the base IRI: the IRIs are the publication's, their
    # documents made from the 3M-triple store (the catalogue has no site)
    iris = [iri for iri in resource_iris(dist) if iri != BASE]
    mix = tasks(iris, requests + WARM_UP, MEDIA_TYPES[:4])
    warm, timed = mix[:WARM_UP], mix[WARM_UP:]
    rows = []
    for round_ in range(rounds):
        for name in ("mgo serve", "oxigraph serve-read-only"):
            started = time.perf_counter()
            if name == "mgo serve":
                server = start_mgo_serve(folder, scratch / f"scale-{round_}", "--store", str(store))
                perform: Perform = mgo_serve_task
            else:
                server = start_oxigraph_read_only(store / "sparql", scratch / f"scale-ox-{round_}")
                perform = sparql_task("/query", ())
            start_seconds = time.perf_counter() - started
            try:
                memory_started = rss_mib(server.process.pid)
                run = run_mix(f"{name}, 8 clients", server["base"], perform, warm, timed, 8)
                memory_after = rss_mib(server.process.pid)
            finally:
                server.stop()
            rows.append((name, start_seconds, memory_started, memory_after, run))
    lines = [
        f"{environments:,} environments: {added:,} catalogue triples + the publication = {meta['triples']:,} "
        f"triples in the default graph (catalogue written in {written:.0f} s; store built once in {built:.1f} s)",
        "",
        "| server | start s | RSS after start MiB | RSS after the mix MiB | tasks/s | p50 ms | p99 ms "
        "| deref p99 ms | query p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, start_seconds, memory_started, memory_after, run in rows:
        every, deref, query = run.latencies(), run.latencies("deref"), run.latencies("query")
        lines.append(
            f"| {name} | {start_seconds:.2f} | {memory_started:.0f} | {memory_after:.0f} | "
            f"{len(run.outcomes) / run.seconds:,.0f} | {1000 * percentile(every, 0.5):.1f} | "
            f"{1000 * percentile(every, 0.99):.1f} | {1000 * percentile(deref, 0.99):.1f} | "
            f"{1000 * percentile(query, 0.99):.1f} | {run.errors} |"
        )
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

    from mgo.query import local as q

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
        import pyoxigraph

        from mgo.web.servestore import build_store

        started = time.perf_counter()
        build_store(folder, folder / "store")  # what mgo serve builds once
        store = pyoxigraph.Store.read_only(str(folder / "store" / "sparql"))  # as each query worker opens it
        store_seconds = time.perf_counter() - started
        medians = {}
        for name, text in queries.items():
            times = []
            for _ in range(3):
                mark = time.perf_counter()
                q.run_query(store, text)
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
        del store
    return results


def scale_table(results: list[ScaleResult]) -> str:
    lines = [
        "| triples loaded | mgo load: upload s | triples/s | verify s | on-disk store: build s "
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
    from mgo.config import Project
    from mgo.pipeline.build import build
    from mgo.web.site import build_site

    result = build(Project(ROOT), publish=False)
    dist = scratch / "dist"
    for name, data in result.outputs.items():
        (dist / name).parent.mkdir(parents=True, exist_ok=True)
        (dist / name).write_bytes(data)
    build_site(dist, dist / "site", queries_dir=ROOT / "queries", hosting_base="https://example.org/missiegedreven/")
    return dist


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="tasks per run of the mix")
    parser.add_argument("--clients", default="1,8,32", help="client counts of the mix")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the interleaved mix (serve)")
    parser.add_argument("--probes", type=int, default=300, help="normal requests measured during each attack")
    parser.add_argument("--environments", type=int, default=100_000, help="catalogue size of --only scale")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="catalogue sizes in triples (load)")
    parser.add_argument("--only", choices=("serve", "attacks", "scale", "load"))
    parser.add_argument("--dist", type=Path, help="a built dist/ with its site (default: build into a scratch folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        scratch = Path(tmp)
        dist = built_dist(args.dist, scratch)
        print(f"load average at the start: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
        if args.only in (None, "serve"):
            clients = [int(each) for each in args.clients.split(",") if each]
            runs = serve_benchmark(dist, args.requests, clients, scratch, args.rounds)
            print(serve_table(runs), flush=True)
            print(ratios(runs), flush=True)
            print(flush=True)
        if args.only in (None, "attacks"):
            print(attack_benchmark(dist, scratch, args.probes), flush=True)
            print(flush=True)
        if args.only in (None, "scale"):
            print(scale_serve_benchmark(dist, args.environments, args.requests, scratch, args.rounds), flush=True)
            print(flush=True)
        if args.only in (None, "load"):
            sizes = [int(float(size)) for size in args.sizes.split(",") if size]
            print(scale_table(scale_benchmark(dist, sizes, scratch)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
