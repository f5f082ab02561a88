"""SPARQL queries in worker processes that can be stopped: time and memory limits for ``mgo serve``.

pyoxigraph evaluates a query inside one Rust call and offers no way to cancel it, and a Python thread cannot
be interrupted while it runs native code. The only reliable way to stop a runaway query is to run it in a
process of its own and kill that process. So:

* ``size`` worker processes are started (``spawn``: no fork of a threaded event loop), each opens the
  on-disk store read-only (:mod:`mgo.web.servestore`: milliseconds at any size, memory shared through the page
  cache) and then answers :class:`~mgo.web.sparql_protocol.QueryJob` objects over a pipe;
* a request takes an idle worker, sends the job and waits for the answer at most ``timeout`` seconds; on
  timeout the worker is killed (``SIGKILL``), the client gets ``503`` with a plain message, and a replacement
  worker is started in the background;
* a worker's address space is capped (``RLIMIT_AS``), so a query that would exhaust the machine's memory
  makes that one worker fail (Rust aborts on allocation failure); it is replaced and the client gets ``503``;
* the result size is bounded inside the worker while the result is written
  (:class:`~mgo.web.sparql_protocol.LimitedBuffer`);
* one client (one address) runs at most ``per_client`` queries at a time (default: all workers but one), so
  a client sending heavy queries leaves a worker for everyone else; its further queries wait their turn, at
  most ``per_client_waiting`` of them (more get ``429``);
* a query whose client went away is stopped (the server cancels :meth:`QueryPool.run`; the worker is killed
  and replaced), so heavy queries do not keep the workers busy after their senders left.

The answer is read when the pipe becomes readable (``loop.add_reader``), not in a thread: a query costs one
pipe round trip (~0.1 ms) and no thread switch; see ``benchmarks/README.md`` ("serve and load").

**Queries known to be cheap run in the server process** (:meth:`QueryPool.answer_here`). The store is
read-only for the server's life, so the work of a query is a function of the job alone (text, dataset,
result format): a job a worker answered with ``200`` within :data:`CHEAP_SECONDS` of CPU time (not wall time: the
cost of the query, not the load of the machine) and
:data:`CHEAP_RESULT_BYTES` is remembered (a bounded memo of jobs, never of results) and from then on run on
the server's own read-only handle of the store, without the pipe round trip and the wake-up of another
process (which on a loaded two-core machine cost more than the query: 2-6 ms against 0.4-2 ms). That
holds the event loop for at most about that long, and at most :data:`HERE_SHARE` of each second: past
it, cheap queries go to the workers again, whose per-client limits apply. Every other query, and every
query the first time, runs in a worker as above; an in-process run that took much longer than expected
(a loaded machine) forgets the job.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from mgo.web.sparql_protocol import Answer, QueryJob, execute

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

log = logging.getLogger("mgo.web.serve")

STARTUP_TIMEOUT = 120.0
RESTART_ATTEMPTS = 3
TEXT = "text/plain; charset=utf-8"
#: a job a worker answered within this CPU time and size may run in the server process from then on
CHEAP_SECONDS = 0.02
CHEAP_RESULT_BYTES = 2**20
#: the share of each second the server process may spend on queries itself (the rest is for requests)
HERE_SHARE = 0.5
#: jobs remembered as cheap (each at most CHEAP_QUERY_CHARS of query text)
CHEAP_JOBS = 4096
CHEAP_QUERY_CHARS = 16384


@dataclass(frozen=True)
class PoolSettings:
    """Limits of the query workers (all configurable on the ``mgo serve`` command line)."""

    size: int = 2
    timeout: float = 10.0
    max_result_bytes: int = 16 * 2**20
    #: address-space limit of each worker in bytes (``None``: no limit)
    memory_limit: int | None = 2 * 2**30
    #: queries one client may run at once (``None``: all workers but one, at least one)
    per_client: int | None = None
    #: queries one client may have waiting for its turn; more are refused with 429
    per_client_waiting: int = 64

    @property
    def client_share(self) -> int:
        return self.per_client if self.per_client is not None else max(1, self.size - 1)


def _worker_main(conn: Connection, store: str, max_result_bytes: int, memory_limit: int | None) -> None:
    """Entry point of a worker process: open the store, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which then stops the workers
    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    try:
        opened = pyoxigraph.Store.read_only(store)
    except OSError as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", 0))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        started = time.process_time()  # CPU time: the query's cost, not the machine's load
        try:
            answer = execute(opened, job, max_result_bytes=max_result_bytes)
            answer = dataclasses.replace(answer, elapsed=time.process_time() - started)
        except MemoryError:
            answer = Answer(503, TEXT, b"the query needed more memory than this server allows\n")
        except Exception:
            log.exception("query worker failed")
            answer = Answer(500, TEXT, b"internal error while answering the query\n")
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return


def _receive(loop: asyncio.AbstractEventLoop, conn: Connection) -> asyncio.Future[Any]:
    """The next message on ``conn``, read when the pipe becomes readable (no thread hop per query).

    The worker writes each answer in one piece, so once the first bytes are there ``recv`` completes at
    once. A worker that dies makes the pipe readable with EOF: the future then holds ``EOFError``.
    """
    future: asyncio.Future[Any] = loop.create_future()
    fd = conn.fileno()

    def readable() -> None:
        loop.remove_reader(fd)
        if future.done():
            return
        try:
            # uvloop makes a watched descriptor non-blocking: the rest of a large answer may still be on its
            # way, so read it blocking (the worker writes it in one piece, right now)
            os.set_blocking(fd, True)
            future.set_result(conn.recv())
        except BaseException as exc:  # EOFError, OSError: handed to the awaiting request
            future.set_exception(exc)

    def cleanup(_: asyncio.Future[Any]) -> None:
        loop.remove_reader(fd)  # after a timeout or a cancellation; a no-op after readable()

    loop.add_reader(fd, readable)
    future.add_done_callback(cleanup)
    return future


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            if self.process.pid is not None and self.process.is_alive():
                os.kill(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """A fixed number of query worker processes, each replaced when it is killed or dies."""

    def __init__(self, store: Path, settings: PoolSettings) -> None:
        self.store = store
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._executor = ThreadPoolExecutor(max_workers=settings.size * 2 + 4, thread_name_prefix="mgo-query")
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        #: client address -> (semaphore of its running queries, number of its queries waiting or running)
        self._clients: dict[str, list[Any]] = {}
        #: counters for /health and the tests
        self.timeouts = 0
        self.restarts = 0
        self.cancelled = 0
        self.answered_here = 0
        #: the server's own read-only handle of the store, for the jobs in _cheap
        self._local: Any = None
        self._cheap: dict[QueryJob, None] = {}
        self._window = 0.0  # start of the current second
        self._spent = 0.0  # seconds spent on queries here in it

    @property
    def alive(self) -> int:
        return len(self._all)

    def answer_here(self, job: QueryJob) -> Answer | None:
        """The answer of a job known to be cheap, run in this process; ``None``: run it in a worker."""
        if job not in self._cheap or self._local is None:
            return None
        now = time.monotonic()
        if now - self._window >= 1.0:
            self._window, self._spent = now, 0.0
        if self._spent >= HERE_SHARE:
            return None

        started, cpu = time.perf_counter(), time.thread_time()
        try:
            answer = execute(self._local, job, max_result_bytes=self.settings.max_result_bytes)
        except MemoryError:
            answer = Answer(503, TEXT, b"the query needed more memory than this server allows\n")
        except Exception:
            log.exception("query failed in the server process")
            answer = Answer(500, TEXT, b"internal error while answering the query\n")
        self._spent += time.perf_counter() - started  # the loop's time, whatever the load
        self.answered_here += 1
        if time.thread_time() - cpu > 2 * CHEAP_SECONDS or answer.status != 200:
            self._cheap.pop(job, None)
        return answer

    def _learn(self, job: QueryJob, answer: Answer) -> None:
        """Remember ``job`` as cheap when its worker answered it quickly, in full and small."""
        if (
            answer.status == 200
            and 0 < answer.elapsed <= CHEAP_SECONDS
            and len(answer.body) <= CHEAP_RESULT_BYTES
            and len(job.query) <= CHEAP_QUERY_CHARS
            and len(self._cheap) < CHEAP_JOBS
            and self._local is not None
        ):
            self._cheap[job] = None

    async def start(self) -> None:
        """Start every worker; raises ``RuntimeError`` if none can load the publication."""

        try:
            self._local = pyoxigraph.Store.read_only(str(self.store))
        except OSError as exc:  # the workers will say why; every query goes to them
            log.warning("cannot open the store in the server process (%s): every query runs in a worker", exc)
        results = await asyncio.gather(*(self._spawn() for _ in range(self.settings.size)), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if len(errors) == len(results):
            raise RuntimeError(f"no query worker could start: {errors[0]}")

    async def _spawn(self) -> None:
        loop = asyncio.get_running_loop()
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main,
            args=(child, str(self.store), self.settings.max_result_bytes, self.settings.memory_limit),
            name="mgo-query-worker",
            daemon=True,
        )
        await loop.run_in_executor(self._executor, process.start)
        child.close()
        worker = _Worker(process, parent)
        try:
            message: Any = await asyncio.wait_for(loop.run_in_executor(self._executor, parent.recv), STARTUP_TIMEOUT)
        except (TimeoutError, EOFError, OSError) as exc:
            worker.kill()
            raise RuntimeError(f"query worker did not start ({type(exc).__name__})") from None
        if message[0] != "ready":
            worker.kill()
            raise RuntimeError(f"query worker could not load the publication: {message[1]}")
        if self._closed:
            worker.kill()
            return
        self._all.add(worker)
        self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start a replacement in the background."""
        self._all.discard(worker)
        worker.kill()
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        for attempt in range(RESTART_ATTEMPTS):
            try:
                await self._spawn()
                self.restarts += 1
                return
            except RuntimeError as exc:
                log.error("could not restart a query worker (attempt %d): %s", attempt + 1, exc)
                await asyncio.sleep(1.0)

    async def run(self, job: QueryJob, client: str = "") -> Answer:
        """Answer ``job`` for ``client`` (its address) within the client's share of the workers."""
        entry = self._clients.get(client)
        if entry is None:
            entry = self._clients[client] = [asyncio.Semaphore(self.settings.client_share), 0]
        if entry[1] >= self.settings.client_share + self.settings.per_client_waiting:
            return Answer(
                429,
                TEXT,
                f"too many queries from your address at once (at most {self.settings.client_share} running and "
                f"{self.settings.per_client_waiting} waiting); wait for the answers before sending more\n".encode(),
            )
        entry[1] += 1
        try:
            async with entry[0]:
                answer = await self._run(job)
                self._learn(job, answer)
                return answer
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._clients.pop(client, None)

    async def _run(self, job: QueryJob) -> Answer:
        """Answer ``job`` in a worker, within the timeout; never raises for a bad or slow query."""
        loop = asyncio.get_running_loop()
        timeout = self.settings.timeout
        if not self._all and not self._tasks:
            return Answer(503, TEXT, b"no query worker is available; see the server log\n")
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            return Answer(503, TEXT, f"the server is busy: no query worker became free within {timeout:g} s\n".encode())
        try:
            os.set_blocking(worker.conn.fileno(), True)  # see _receive (uvloop)
            worker.conn.send(job)  # small, and an idle worker is blocked reading: this never blocks the loop
            answer: Answer = await asyncio.wait_for(_receive(loop, worker.conn), timeout)
        except TimeoutError:
            self.timeouts += 1
            self._retire(worker)
            return Answer(
                503,
                TEXT,
                f"the query was stopped after {timeout:g} s (the time limit of this server); "
                "simplify it or add a LIMIT\n".encode(),
            )
        except (EOFError, OSError):
            with contextlib.suppress(Exception):
                await loop.run_in_executor(self._executor, worker.process.join, 1.0)
            code = worker.process.exitcode
            self._retire(worker)
            if code == -signal.SIGABRT or code == -signal.SIGKILL:
                return Answer(503, TEXT, b"the query was stopped: it needed more memory than this server allows\n")
            return Answer(500, TEXT, b"the query worker stopped unexpectedly; the query was not answered\n")
        except asyncio.CancelledError:
            self.cancelled += 1
            self._retire(worker)  # the client went away mid-query: do not leave the worker busy with it
            raise
        self._idle.put_nowait(worker)
        return answer

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)


class RemotePool:
    """``/sparql`` in front of another SPARQL 1.1 store (``mgo serve --endpoint``): the same interface.

    The request has already passed :func:`mgo.web.sparql_protocol.parse_request` (no updates, no ``SERVICE``);
    it is forwarded as a form POST with the client's ``Accept``, at most ``size`` at a time and one client
    at most ``client_share`` of them, within ``timeout``. A store that cannot be reached gives ``502``.
    """

    def __init__(self, endpoint: str, settings: PoolSettings, credentials: Any = None) -> None:
        self.endpoint = endpoint
        self.settings = settings
        self.credentials = credentials
        self._slots = asyncio.Semaphore(settings.size)
        self._clients: dict[str, list[Any]] = {}
        self.timeouts = 0
        self.restarts = 0
        self.cancelled = 0
        self.alive = settings.size

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def answer_here(self, job: QueryJob) -> Answer | None:
        return None  # every query goes to the store behind

    def _forward(self, job: QueryJob) -> Answer:
        import base64
        import urllib.error
        import urllib.parse
        import urllib.request

        fields = [("query", job.query)] + [("default-graph-uri", g) for g in job.default_graphs]
        fields += [("named-graph-uri", g) for g in job.named_graphs]
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": job.accept or "*/*"},
        )
        if self.credentials is not None:
            token = base64.b64encode(f"{self.credentials.user}:{self.credentials.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                body = response.read(self.settings.max_result_bytes + 1)
                if len(body) > self.settings.max_result_bytes:
                    return Answer(413, TEXT, b"the result is larger than this server's limit; add LIMIT\n")
                return Answer(response.status, response.headers.get("Content-Type", "application/octet-stream"), body)
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(2000).decode("utf-8", errors="replace").split())[:300]
            status = exc.code if 400 <= exc.code < 500 else 502
            return Answer(status, TEXT, f"the store answered HTTP {exc.code}: {detail}\n".encode())
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return Answer(502, TEXT, f"the store behind this server did not answer ({reason})\n".encode())

    async def run(self, job: QueryJob, client: str = "") -> Answer:
        entry = self._clients.setdefault(client, [asyncio.Semaphore(self.settings.client_share), 0])
        if entry[1] >= self.settings.client_share + self.settings.per_client_waiting:
            return Answer(429, TEXT, b"too many queries from your address at once\n")
        entry[1] += 1
        try:
            async with entry[0], self._slots:
                return await asyncio.get_running_loop().run_in_executor(None, self._forward, job)
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._clients.pop(client, None)
