"""uvicorn's HTTP/1.1 protocol (httptools) with the bounds a public server needs (issue #12, items 2, 3, 5, 11).

uvicorn parses requests fast but leaves these open, and each was an attack that worked on ``mgo serve``:

=====================================  ===========================================================================
bound                                  what it stops
=====================================  ===========================================================================
header bytes (``max_header_bytes``)    one request with 100,000 repeated headers (2.6 MiB) or an unfinished 48 MB
and count (``max_headers``)            header block: answered ``431`` and closed as soon as the bytes exceed the
                                       limit, counted as they arrive (httptools buffers an unfinished header)
time to the end of the headers         idle or slow ("slowloris") connections: a connection that has not sent a
(``header_timeout``)                   whole request head within the time (from its first byte, or from the
                                       connection) is closed
connections (``max_connections``)      an idle-connection flood: past the limit the *oldest idle* connection is
                                       closed, never a new one refused (uvicorn's ``limit_concurrency`` counts idle
                                       sockets and answers everyone else ``503``)
write time (``write_timeout``)         a client that never reads: when the socket's buffer stays full for that
                                       long the connection is aborted and its buffered response freed
``TCP_NODELAY`` on every connection    Nagle's algorithm holding each keep-alive response ~40 ms for a delayed ACK
=====================================  ===========================================================================

The protocol class is made per server by :func:`protocol_class` and given to ``uvicorn.Config(http=…)``.

**The replay path** (``fast``): a ``GET``/``HEAD`` whose answer the application has already given once for
the same inputs (:class:`mgo.serve.ResponseCache`: a site file, a ``303``) is written straight from the parser
callback, without building an ASGI scope, a request cycle and a task: that machinery costs more than the
answer (on this machine ~290 µs per keep-alive request through uvicorn, ~130 µs through the replay path,
with the same client). Only when nothing else is pending on the connection (pipelined requests keep their
order); everything the bounds above do happens before it, and the bytes are the application's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

#: ``fast(method, url, headers)`` -> ``(status, head, body)`` of a response given before, else ``None``;
#: ``head`` is the encoded header lines (each ending in CRLF) without ``date`` and ``connection``
Replay = Callable[[bytes, bytes, list[tuple[bytes, bytes]]], "tuple[int, bytes, bytes] | None"]


@dataclass(frozen=True)
class Limits:
    max_header_bytes: int = 64 * 1024
    max_headers: int = 100
    header_timeout: float = 10.0
    write_timeout: float = 30.0
    max_connections: int = 2048


class _Rejected(Exception):
    """Raised from a parser callback after the connection has been answered and closed."""


def _reply_and_close(transport: asyncio.Transport, status: int, reason: str, message: str) -> None:
    body = (message + "\n").encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode()
    if not transport.is_closing():
        transport.write(head + body)
        transport.close()


def protocol_class(limits: Limits, fast: Replay | None = None) -> type[HttpToolsProtocol]:
    """A subclass of uvicorn's httptools protocol that enforces ``limits`` (and replays with ``fast``)."""

    class BoundedProtocol(HttpToolsProtocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_bytes = 0
            self._head_count = 0
            self._heads = 0  # request heads completed on this connection
            self._in_body = False
            self._rejected = False
            self._replayed = False  # the current request was answered by the replay path
            self._head_timer: asyncio.TimerHandle | None = None
            self._write_timer: asyncio.TimerHandle | None = None

        # -- connection ------------------------------------------------------------------------------------
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):  # not a TCP socket (a Unix socket): nothing to switch off
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().connection_made(transport)
            self._arm_head_timer()
            if len(self.connections) > limits.max_connections:
                self._close_oldest_idle()

        def _close_oldest_idle(self) -> None:
            idle = [
                each
                for each in self.connections
                if each is not self and isinstance(each, BoundedProtocol) and each._idle()
            ]
            if idle:
                oldest = min(idle, key=lambda each: each._since)
                oldest.transport.close()

        def _idle(self) -> bool:
            return not self._in_body and (self.cycle is None or self.cycle.response_complete)

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_timers()
            super().connection_lost(exc)

        def _cancel_timers(self) -> None:
            for timer in (self._head_timer, self._write_timer):
                if timer is not None:
                    timer.cancel()
            self._head_timer = self._write_timer = None

        # -- time to a whole request head -------------------------------------------------------------------
        def _arm_head_timer(self) -> None:
            if self._head_timer is None:
                self._since = self.loop.time()
                self._head_timer = self.loop.call_later(limits.header_timeout, self._head_too_slow)

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if not self._in_body and (self.cycle is None or self.cycle.response_complete):
                self.transport.close()  # nothing to answer yet: a slow or idle client just loses the socket

        # -- header size and count ----------------------------------------------------------------------------
        def data_received(self, data: bytes) -> None:
            if self._rejected:
                return
            counting = not self._in_body
            heads = self._heads
            try:
                super().data_received(data)
            except _Rejected:  # pragma: no cover - uvicorn catches parser errors itself; kept for safety
                return
            if self._rejected:
                return
            if counting and heads == self._heads:  # the whole chunk was part of an unfinished request head
                self._head_bytes += len(data)
                if self._head_bytes > limits.max_header_bytes:
                    self._reject()

        def send_400_response(self, msg: str) -> None:
            if self._rejected:  # our callback raised after answering 431: uvicorn's 400 would come second
                return
            super().send_400_response(msg)

        def _reject(self) -> None:
            self._rejected = True
            _reply_and_close(
                self.transport,
                431,
                "Request Header Fields Too Large",
                f"the request head is larger than this server's limit ({limits.max_header_bytes} bytes, "
                f"{limits.max_headers} header fields)",
            )

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._replayed = False
            self._head_bytes = 0
            self._head_count = 0
            self._arm_head_timer()

        def on_url(self, url: bytes) -> None:
            if len(self.url) + len(url) > limits.max_header_bytes:
                self._reject()
                raise _Rejected
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._head_count += 1
            self._head_bytes += len(name) + len(value) + 4
            if self._head_count > limits.max_headers or self._head_bytes > limits.max_header_bytes:
                self._reject()
                raise _Rejected
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._in_body = True
            self._heads += 1
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None
            if fast is not None and (self.cycle is None or self.cycle.response_complete) and not self.pipeline:
                method = self.parser.get_method()
                if method in (b"GET", b"HEAD") and not self.parser.should_upgrade():
                    found = fast(method, self.url, self.headers)
                    if found is not None:
                        self._replay(method, *found)
                        return
            super().on_headers_complete()

        def _replay(self, method: bytes, status: int, head: bytes, body: bytes) -> None:
            """Write a response given before, as uvicorn's cycle would (date first, keep-alive rules)."""
            self._replayed = True
            keep_alive = self.parser.get_http_version() != "1.0" and self.parser.should_keep_alive()
            parts = [STATUS_LINE[status]]
            for name, value in self.server_state.default_headers:  # the date, refreshed by uvicorn each second
                parts += [name, b": ", value, b"\r\n"]
            parts.append(head)
            if not keep_alive:
                parts.append(b"connection: close\r\n")
            parts.append(b"\r\n")
            if method != b"HEAD":
                parts.append(body)
            self.transport.write(b"".join(parts))
            self.server_state.total_requests += 1
            if not keep_alive:
                self.transport.close()
                return
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

        def on_body(self, body: bytes) -> None:
            if not self._replayed:  # a replayed GET's body (there should be none) is read and dropped
                super().on_body(body)

        def on_message_complete(self) -> None:
            self._in_body = False
            if not self._replayed:
                super().on_message_complete()

        # -- clients that never read ----------------------------------------------------------------------------
        def pause_writing(self) -> None:
            super().pause_writing()
            if self._write_timer is None:
                self._write_timer = self.loop.call_later(limits.write_timeout, self._write_too_slow)

        def resume_writing(self) -> None:
            if self._write_timer is not None:
                self._write_timer.cancel()
                self._write_timer = None
            super().resume_writing()

        def _write_too_slow(self) -> None:
            self._write_timer = None
            self.transport.abort()  # drops the buffered response; connection_lost wakes the waiting sender

    return BoundedProtocol
