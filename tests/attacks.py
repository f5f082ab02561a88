"""Bounded attacks on an HTTP server on loopback, and a probe of normal requests during them.

Shared by ``tests/integration/test_hostile_requests.py`` (which asserts that normal requests keep being
answered) and ``benchmarks/bench_serve.py`` (which reports their p99 latency during each attack). Every
attack has a fixed size and every wait a deadline; nothing here connects anywhere but the given loopback port.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass
class Probe:
    """Latencies (seconds) and statuses of normal requests sent one after another on fresh connections."""

    latencies: list[float]
    statuses: list[int]

    def p99(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if ordered else float("nan")

    def p50(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[len(ordered) // 2] if ordered else float("nan")


def probe(host: str, port: int, path: str, count: int, *, accept: str = "text/turtle", timeout: float = 5.0) -> Probe:
    """``count`` GET requests for ``path``, each on a new connection (as a new visitor would come)."""
    latencies: list[float] = []
    statuses: list[int] = []
    for _ in range(count):
        started = time.perf_counter()
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        except OSError:
            statuses.append(0)
        finally:
            conn.close()
        latencies.append(time.perf_counter() - started)
    return Probe(latencies, statuses)


@contextlib.contextmanager
def idle_flood(host: str, port: int, sockets: int = 520) -> Iterator[list[socket.socket]]:
    """``sockets`` connections that send nothing (or one byte of a request line), held open."""
    held: list[socket.socket] = []
    try:
        for number in range(sockets):
            each = socket.create_connection((host, port), timeout=5)
            if number % 2:
                each.sendall(b"G")  # a request that has begun and never goes on
            held.append(each)
        yield held
    finally:
        for each in held:
            each.close()


def _repeated_headers(host: str, port: int, count: int, seconds: float) -> None:
    line = b"X-Bomb: " + b"a" * 16 + b"\r\n"
    with contextlib.suppress(OSError):
        sock = socket.create_connection((host, port), timeout=seconds)
        try:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            chunk = line * 1000
            for _ in range(count // 1000):
                sock.sendall(chunk)
            sock.sendall(b"\r\n")
            sock.recv(4096)
        finally:
            sock.close()


@contextlib.contextmanager
def header_bomb(host: str, port: int, headers: int = 100_000, clients: int = 2) -> Iterator[None]:
    """``clients`` connections each sending one request with ``headers`` repeated header lines."""
    threads = [
        threading.Thread(target=_repeated_headers, args=(host, port, headers, 20.0), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.join(timeout=25)


def _never_reads(host: str, port: int, path: str, requests: int, held: list[socket.socket]) -> None:
    with contextlib.suppress(OSError):
        sock = socket.create_connection((host, port), timeout=5)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        held.append(sock)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/turtle\r\n\r\n".encode() * requests)


@contextlib.contextmanager
def never_reading(host: str, port: int, path: str, clients: int = 50, requests: int = 20) -> Iterator[None]:
    """``clients`` connections that pipeline ``requests`` requests for a large file and never read."""
    held: list[socket.socket] = []
    for _ in range(clients):
        _never_reads(host, port, path, requests, held)
    try:
        yield
    finally:
        for each in held:
            each.close()


def during(attack: Callable[[], contextlib.AbstractContextManager[object]], measure: Callable[[], Probe]) -> Probe:
    """Run ``measure`` while ``attack`` holds."""
    with attack():
        time.sleep(0.2)  # let the attack reach the server
        return measure()
