"""Hostile requests against ``mgo serve`` on loopback: each defect of issue #12 (items 1, 2, 3, 5, 6, 11).

Every attack here is bounded (a fixed number of sockets, headers or bytes, a deadline on every wait) and runs
on loopback only. A listener on a free loopback port stands for "any other service on this machine": when
the server is asked to fetch from it, the listener must see no connection at all.
"""

from __future__ import annotations

import socket
import threading
import urllib.parse
from collections.abc import Iterator

import pytest

from servers import Server

SERVICE_MESSAGE = "SERVICE is not allowed: this public endpoint never makes outbound requests"


class Listener:
    """A TCP listener on loopback that records every connection made to it (it never answers)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(0.5)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    each = Listener()
    yield each
    each.close()


def sparql_get(server: Server, query: str, timeout: float = 10.0) -> tuple[int, str]:
    """``GET /sparql?query=…`` on a fresh connection; (status, body)."""
    import http.client

    parts = urllib.parse.urlsplit(server["base"])
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "*/*"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


# --- 1. SSRF: the endpoint never makes an outbound request ------------------------------------------------


def test_service_is_refused_and_nothing_is_fetched(mgo_server: Server, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}/secret"
    own = mgo_server["sparql"]
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o .SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"PREFIX x: <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ SERVICE x:secret {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{own}> {{ SERVICE <{own}> {{ ?s ?p ?o }} }} }}",  # at the server itself
        " ".join(f"{{ SERVICE <{target}?n={n}> {{ ?s ?p ?o }} }}" for n in range(200)).join(
            ("SELECT * WHERE { ", " }")
        ),
    ]
    for query in queries:
        status, body = sparql_get(mgo_server, query)
        assert status == 400, (query[:80], status, body[:200])
        assert body.startswith(SERVICE_MESSAGE), body
        assert "Traceback" not in body
    # FROM and FROM NAMED name graphs of the store; they must not be fetched either (they are allowed)
    for query in (
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
    ):
        status, body = sparql_get(mgo_server, query)
        assert status == 200, (status, body[:200])
    status, body = sparql_get(mgo_server, f"LOAD <{target}>")
    assert status == 403 and "read-only" in body
    # the server still answers normal queries at once
    assert sparql_get(mgo_server, "ASK { ?s ?p ?o }", timeout=5)[0] == 200
    listener.close()
    assert listener.connections == [], f"the server connected to the loopback listener: {listener.connections}"
