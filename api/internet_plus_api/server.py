"""Run the API with uvicorn, hardened for clients that misbehave: ``serve()`` and ``main(argv)``.

Why uvicorn, with our own connection guard, rather than granian. Measured side by side
(scripts/bench_api.py, one worker, wrk -c16, 2 cores, 2026-12-02): granian 2.8.9 serves the same app
1.4-1.8 times faster (one item 44,190 req/s against 23,962; distinct queries 13,869 against 9,675).
But checked on loopback it answers an HTTP/1.1 request without a ``Host``
header with 200 (RFC 9112 wants 400, and the app never sees that the header was missing), it has no
hook to log a client that leaves mid-answer, and no connection limit (only a header-read timeout).
uvicorn 0.54 lacked the same guarantees, but its protocol class can be extended, so they are
implemented and tested here (tests/api/test_api_server.py): ``GuardedProtocol`` requires a request's
headers within ``header_timeout`` seconds of the connection opening (or of the previous response),
closes the connection idle longest past ``max_connections`` so a flood of idle connections cannot
lock out a new client such as a health probe (uvicorn alone accepts until the file descriptors run
out: 21,000 half-open connections stopped ``/healthz`` for 20 s), and logs an early disconnect as
one INFO line. Moving to granian is the next step once those three are met there.

Client identity: uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 by default, which lets any local
client choose its address (and so reset its rate limit). Here forwarding headers count only from
the proxies named with ``--trusted-proxies`` (or ``INTERNET_PLUS_TRUSTED_PROXIES``); by default
none, and the client is the socket's peer.

The access log is off by default: uvicorn's costs 26-59 % of throughput at 8-26k requests/s
(measured, scripts/bench_api.py); ``--access-log`` turns it on. Errors and client disconnects are
logged either way. Litestar and uvicorn are imported inside the functions, so importing this
module stays cheap.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .settings import PACKAGE_ENV

__all__ = [
    "TRUSTED_PROXIES_ENV",
    "build_parser",
    "main",
    "serve",
    "worker_app",
]  # and GuardedProtocol, built on first use

TRUSTED_PROXIES_ENV = "INTERNET_PLUS_TRUSTED_PROXIES"
_GUARD_ENV = "INTERNET_PLUS_CONNECTION_GUARD"  # "max_connections,header_timeout", for worker processes
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_KEEP_ALIVE = 5


_log = logging.getLogger("internet_plus_api")


@functools.cache  # read once per process: serve() sets it before uvicorn starts (and workers inherit it)
def _guard_settings() -> tuple[int, float]:
    text = os.environ.get(_GUARD_ENV, "")
    try:
        most, timeout = text.split(",")
        return max(2, int(most)), max(0.1, float(timeout))
    except ValueError:
        return DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT


def _protocol_base() -> type[Any]:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    return HttpToolsProtocol


class _Guard:
    """The connection guard's hooks, mixed into uvicorn's httptools protocol by ``GuardedProtocol``."""

    connections: set[Any]
    client: Any
    loop: Any
    transport: Any
    cycle: Any

    def _guard_start(self) -> None:
        most, timeout = _guard_settings()
        self._last_active = self.loop.time()
        self._header_timer = self.loop.call_later(timeout, self._header_timeout)
        if len(self.connections) > most:
            idle = [c for c in self.connections if c is not self and getattr(c, "_is_idle", lambda: False)()]
            for victim in sorted(idle, key=lambda c: c._last_active)[: len(self.connections) - most]:
                victim.transport.close()

    def _is_idle(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _header_timeout(self) -> None:
        self._header_timer = None
        if self._is_idle() and not self.transport.is_closing():
            self.transport.close()

    def _guard_stop(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None


def _guarded_class() -> type[Any]:
    base = _protocol_base()

    class GuardedHttpTools(_Guard, base):  # type: ignore[misc, valid-type]
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._guard_start()

        def on_headers_complete(self) -> None:
            self._guard_stop()
            self._last_active = self.loop.time()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._last_active = self.loop.time()
            if self._header_timer is None and not self.transport.is_closing():
                _, timeout = _guard_settings()
                self._header_timer = self.loop.call_later(timeout, self._header_timeout)

        def send_400_response(self, msg: str) -> None:
            """A request the parser cannot read gets problem+json like every other error, not uvicorn's text."""
            target = bytes(getattr(self, "url", b"") or b"/")  # what the parser read of the request line
            self.transport.write(_malformed_answer(self.app, self.server_state.default_headers, target))
            self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._guard_stop()
            cycle = self.cycle
            # a reset while answering, or an answer the app had not finished: the client left early
            if cycle is not None and (exc is not None or not cycle.response_complete):
                client = f"{self.client[0]}:{self.client[1]}" if self.client else "-"
                _log.info(
                    "client %s went away before the answer to %s %s was delivered (%s)",
                    client,
                    cycle.scope["method"],
                    cycle.scope["path"][:200],
                    type(exc).__name__ if exc else "closed",
                )
            super().connection_lost(exc)

    return GuardedHttpTools


def _malformed_answer(app: Any, server_headers: list[tuple[bytes, bytes]], target: bytes) -> bytes:
    """The whole 400 for a request the HTTP parser refused, with the app's fixed headers when it is ours."""
    from urllib.parse import unquote_to_bytes

    from .problems import ProblemError, instance_of, render_problem

    path, _, query = target.partition(b"?")
    instance = instance_of({"path": unquote_to_bytes(path).decode("utf-8", "replace"), "query_string": query})
    detail = "The request is not valid HTTP/1.1: the parser could not read it."
    rendered = render_problem(ProblemError("malformed-request", detail), instance)
    headers = [
        (b"content-type", rendered.media_type.encode()),
        (b"cache-control", rendered.cache_control.encode()),
        (b"content-length", str(len(rendered.body)).encode()),
        (b"connection", b"close"),
    ]
    for _ in range(4):  # uvicorn may wrap the app in its own middleware: look through to ours
        front = getattr(app, "front", None)
        if front is not None:
            headers = front.fixed.add(headers)
            break
        app = getattr(app, "app", None)
    lines = [b"HTTP/1.1 400 Bad Request"] + [k + b": " + v for k, v in [*server_headers, *headers]]
    return b"\r\n".join(lines) + b"\r\n\r\n" + rendered.body


def __getattr__(name: str) -> Any:
    if name == "GuardedProtocol":  # built on first use: uvicorn is imported only when serving
        cls = _guarded_class()
        cls.__module__, cls.__qualname__ = __name__, "GuardedProtocol"
        globals()["GuardedProtocol"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _collected_once(app: Any) -> Any:
    """Everything built so far (the data and every answer rendered up front, ~88,000 objects) lives
    as long as the process, so it is moved out of the garbage collector's sight: a full collection
    otherwise walks all of it (measured: 30 ms a collection, one pause felt by every open request)."""
    gc.collect()
    gc.freeze()
    return app


def worker_app() -> Any:
    """The app of one worker process (``--workers`` above 1): uvicorn imports and calls this."""
    from .app import create_app

    return _collected_once(create_app())


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    *,
    trusted_proxies: str | None = None,
    access_log: bool = False,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    keep_alive: int = DEFAULT_KEEP_ALIVE,
    package: str | Path | None = None,
) -> None:
    """Check the package here (a fault is one ``DatasetError`` line, before any port is opened), then
    serve. One worker: the app is built here and served. Several: the supervisor only checks the
    package (it never serves, so it builds no app); each worker builds its own from the same
    settings, passed in the environment."""
    try:
        import uvicorn
    except ImportError:
        from internet_plus import MissingExtraError

        raise MissingExtraError("the API needs its extra: pip install 'internet-plus[api]'") from None
    from .app import create_app

    if package is not None:
        os.environ[PACKAGE_ENV] = str(Path(package).resolve())
    os.environ[_GUARD_ENV] = f"{max_connections},{header_timeout}"
    if workers == 1:
        app: Any = _collected_once(create_app())
    else:  # the supervisor serves nothing: it checks the package (one line if damaged) and builds no app
        from internet_plus import load

        load(os.environ.get(PACKAGE_ENV) or None)
        app = None
    proxies = trusted_proxies if trusted_proxies is not None else os.environ.get(TRUSTED_PROXIES_ENV, "")
    proxies = ",".join(p.strip() for p in proxies.split(",") if p.strip())
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)  # our logger (errors, disconnects) like uvicorn's
    log_config["loggers"]["internet_plus_api"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    uvicorn.run(
        app if workers == 1 else "internet_plus_api.server:worker_app",
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        http=sys.modules[__name__].GuardedProtocol,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        timeout_keep_alive=keep_alive,
        server_header=False,
        date_header=True,
        access_log=access_log,
        log_config=log_config,
        log_level="info",
    )


def build_parser(prog: str = "internet-plus-api") -> argparse.ArgumentParser:
    """The serve options, for ``internet-plus-api`` and ``internet-plus serve`` alike."""
    from internet_plus import cliargs

    parser = cliargs.OneLineParser(prog=prog, description="Serve the read-only REST API.")
    parser.add_argument(
        "--host", type=cliargs.host, default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=cliargs.port, default=8000, help="TCP port, 1-65535 (default 8000)")
    parser.add_argument("--workers", type=cliargs.workers, default=1, help="worker processes, 1-64 (default 1)")
    parser.add_argument(
        "--trusted-proxies",
        default=None,
        help=f"comma-separated proxy addresses whose X-Forwarded-For counts (default: none; env {TRUSTED_PROXIES_ENV})",
    )
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (off by default: it costs 26-59%% of throughput)"
    )
    parser.add_argument("--max-connections", type=int, default=DEFAULT_MAX_CONNECTIONS)
    parser.add_argument("--header-timeout", type=float, default=DEFAULT_HEADER_TIMEOUT, help="seconds (default 10)")
    parser.add_argument("--package", default=None, help="serve this data package folder instead of the installed one")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "internet-plus-api") -> int:
    """The ``internet-plus-api`` command, also registered as the library CLI's ``serve`` (entry point
    ``internet_plus.commands``): the library finds it in the installed metadata, never by importing us."""
    from internet_plus import DatasetError

    args = build_parser(prog).parse_args(argv)
    try:
        serve(
            args.host,
            args.port,
            args.workers,
            trusted_proxies=args.trusted_proxies,
            access_log=args.access_log,
            max_connections=args.max_connections,
            header_timeout=args.header_timeout,
            package=args.package,
        )
    except (DatasetError, ValueError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
