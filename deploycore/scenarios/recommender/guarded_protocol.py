"""uvicorn's HTTP protocol, hardened against slow and idle clients (slowloris) and floods.

uvicorn has no deadline for reading a request: a client that connects and never finishes its
headers holds a connection (and a file descriptor) for ever, and its concurrency limit is only
checked once headers are complete. This protocol adds:
- a read deadline: a request (headers and body) must arrive within `read_timeout_s` of the
  connection opening or of its first byte; otherwise the client gets 408 and is disconnected;
- a connection cap per worker: past `max_connections`, the connection that has been reading
  its request the longest is dropped for the newcomer, so a new client (and `/health`) still
  gets in; when every connection is busy being answered, the newcomer gets 503;
- TCP_NODELAY on every connection (see `NoDelayHttpToolsProtocol`).
Limits come from environment variables set by `server.serve`, so worker processes inherit them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

READ_TIMEOUT_ENV = "DEPLOY_SCORING_READ_TIMEOUT_S"
MAX_CONNECTIONS_ENV = "DEPLOY_SCORING_MAX_CONNECTIONS"
DEFAULT_READ_TIMEOUT_S = 10.0
DEFAULT_MAX_CONNECTIONS = 1000
_LOG = logging.getLogger("deploycore.scoring.connections")
_TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_BUSY_BODY = json.dumps(
    {"detail": "The scoring endpoint is at its connection limit; try again in a moment."}
).encode()
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"retry-after: 1\r\nconnection: close\r\ncontent-length: %d\r\n\r\n%s"
    % (len(_BUSY_BODY), _BUSY_BODY)
)


@dataclass(frozen=True)
class ConnectionLimits:
    read_timeout_s: float
    max_connections: int


@functools.cache
def connection_limits() -> ConnectionLimits:
    """This process's limits (from the environment `server.serve` set; defaults otherwise)."""
    return ConnectionLimits(
        read_timeout_s=float(os.environ.get(READ_TIMEOUT_ENV, DEFAULT_READ_TIMEOUT_S)),
        max_connections=int(os.environ.get(MAX_CONNECTIONS_ENV, DEFAULT_MAX_CONNECTIONS)),
    )


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (C parser) with TCP_NODELAY set on every connection.

    With `--workers` > 1 uvicorn binds the listening socket itself, without the TCP protocol
    number, so asyncio does not switch Nagle's algorithm off on accepted connections; the
    response's header and body writes then wait for delayed ACKs (about 40 ms each request).
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)  # type: ignore[arg-type]


# Connections still reading a request, oldest first (a dict as an ordered set), and those
# dropped whose `connection_lost` has not run yet. One event loop per worker process.
_reading: dict[GuardedHttpToolsProtocol, None] = {}
_dropping: set[GuardedHttpToolsProtocol] = set()


class GuardedHttpToolsProtocol(NoDelayHttpToolsProtocol):
    """NoDelayHttpToolsProtocol with a request read deadline and a connection cap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = connection_limits()
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if len(self.connections) - len(_dropping) > self._limits.max_connections:
            if not _drop_oldest_reader():
                _LOG.warning("connection limit reached and every connection is busy: 503")
                self._end(_BUSY)
                return
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:
            self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        _dropping.discard(self)
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(self._limits.read_timeout_s, self._timed_out)
        _reading[self] = None

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        _reading.pop(self, None)

    def _timed_out(self) -> None:
        self._deadline = None
        _reading.pop(self, None)
        _LOG.warning(
            "a client did not send its request within %g s: disconnected",
            self._limits.read_timeout_s,
        )
        self._end(_TIMED_OUT)

    def _end(self, reply: bytes) -> None:
        """Send a last reply and drop the connection now."""
        self._disarm()
        _dropping.add(self)
        if not self.transport.is_closing():
            self.transport.write(reply)
            self.transport.close()


def _drop_oldest_reader() -> bool:
    """Disconnect the connection that has been reading its request the longest."""
    victim = next(iter(_reading), None)
    if victim is None:
        return False
    victim._end(_TIMED_OUT)
    return True
