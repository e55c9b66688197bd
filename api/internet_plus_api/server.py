"""Run the API with uvicorn through its public settings only: ``serve()`` and ``main(argv)``.

What a hostile client can do to a Python server (headers of any size, connections that never send
a request or never read the answer, floods of idle connections, a reload mid-download) is held off
by a real web server in front: the nginx configuration written by ``internet-plus static`` (see
web/nginx.py), tested with nginx in front of this server. Here uvicorn is given what it offers:
``limit_concurrency`` (``--max-connections``: past it a new request gets a 503 rather than the
process running out of file descriptors), ``timeout_keep_alive``, ``h11_max_incomplete_event_size``
for the h11 parser (``--http h11``), and ``limit_max_requests`` to recycle a worker. The event loop
is asyncio's, not uvloop: uvloop raises ``RuntimeError`` when an answer is written to a connection
the client has just reset, which uvicorn logs as an ERROR with a traceback (a client leaving
mid-pipeline did exactly that); asyncio drops the write, and nothing is logged.

Client identity: uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 by default, which lets any local
client choose its address (and so reset its rate limit). Here forwarding headers count only from
the proxies named with ``--trusted-proxies`` (or ``INTERNET_PLUS_TRUSTED_PROXIES``); by default
none, and the client is the socket's peer.

SIGHUP: uvicorn handles SIGINT and SIGTERM (a graceful stop) and, with ``--workers``, SIGHUP (its supervisor
restarts the workers). A server of one worker left SIGHUP to the default action, which ended the process at
once, mid-download, with no log line (a terminal closing sends it); here it is logged and ignored: one
worker has nothing to reload, as the data changes only with a release.

The access log is off by default: uvicorn's costs 14-43 % of throughput (distinct queries and
kept answers, measured with scripts/bench_api.py; README, Performance); ``--access-log`` turns it on. Litestar and uvicorn are imported
inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import argparse
import copy
import gc
import logging
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .settings import BASE_URL_ENV, PACKAGE_ENV, local_base_url

__all__ = ["TRUSTED_PROXIES_ENV", "AnsweredByTheParser", "build_parser", "main", "serve", "worker_app"]

TRUSTED_PROXIES_ENV = "INTERNET_PLUS_TRUSTED_PROXIES"
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_KEEP_ALIVE = 5
MAX_HEADER_BYTES = 16 * 1024  # h11's limit on a request's head, as nginx's default buffers allow


@contextmanager
def _built_out_of_gc_sight() -> Iterator[None]:
    """Everything built at start-up (the data, the catalogue, ~150,000 tracked objects) lives as long as
    the process, so it is built with the cyclic collector paused and then moved out of its sight
    (``gc.freeze``): a full collection otherwise walks all of it (measured: 30 ms a collection, one
    pause felt by every open request). Paused, because with it running two full collections walked
    the objects while they were being made (76 ms of a start) and a last one after (80 ms) found
    about 1,200 objects of garbage, under 1 MiB: those are frozen with the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class AnsweredByTheParser(logging.Filter):
    """One line, not a traceback, when uvicorn's h11 parser and the app both answer one request.

    With ``--http h11``, a request whose body is malformed (a chunked body of garbage) is answered 400 by
    uvicorn's protocol while the app is answering it; the app's answer then meets h11's ``MUST_CLOSE`` state
    and uvicorn logs "Exception in ASGI application" with three chained tracebacks (an upstream race of the
    h11 protocol; httptools, the default, and nginx in front never show it). The client has had its 400,
    nothing failed on our side: the record becomes one warning. Any other error is left as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if type(exc).__name__ == "LocalProtocolError" and "MUST_CLOSE" in str(exc):
                record.msg, record.args, record.exc_info = _PARSER_ANSWERED, (), None
                record.levelno, record.levelname = logging.WARNING, "WARNING"
                return True
            exc = exc.__cause__ or exc.__context__
        return True


_PARSER_ANSWERED = "A request's body could not be read: the HTTP parser answered 400, the app's answer was dropped."


def _hang_up_ignored(signum: int, frame: object) -> None:
    logging.getLogger("internet_plus_api").warning(
        "SIGHUP ignored: a server of one worker has nothing to reload (the data changes only with a release); "
        "restart it to serve another package, or run --workers 2 or more, where SIGHUP restarts the workers"
    )


def worker_app() -> Any:
    """The app of one worker process (``--workers`` above 1): uvicorn imports and calls this."""
    with _built_out_of_gc_sight():
        from .app import create_app

        return create_app()


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    *,
    trusted_proxies: str | None = None,
    access_log: bool = False,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    keep_alive: int = DEFAULT_KEEP_ALIVE,
    max_requests: int | None = None,
    http: str = "auto",
    package: str | Path | None = None,
) -> None:
    """Check the package here (a fault is one ``DatasetError`` line, before any port is opened), then
    serve. One worker: the app is built here and served. Several: the supervisor only checks the
    package (it never serves, so it builds no app); each worker builds its own from the same
    settings, passed in the environment."""
    with _built_out_of_gc_sight():
        try:
            import uvicorn
        except ImportError:
            from internet_plus import MissingExtraError

            raise MissingExtraError("the API needs its extra: pip install 'internet-plus[api]'") from None
        if package is not None:
            os.environ[PACKAGE_ENV] = str(Path(package).resolve())
        if not os.environ.get(BASE_URL_ENV, "").strip():  # the sitemap names this server, workers included
            os.environ[BASE_URL_ENV] = local_base_url(host, port)
        if workers == 1:
            from .app import create_app

            app: Any = create_app()
        else:  # the supervisor serves nothing: it checks the package (one line if damaged), imports no framework
            from internet_plus import load

            load(os.environ.get(PACKAGE_ENV) or None)
            app = None
    proxies = trusted_proxies if trusted_proxies is not None else os.environ.get(TRUSTED_PROXIES_ENV, "")
    proxies = ",".join(p.strip() for p in proxies.split(",") if p.strip())
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)  # our logger (errors) like uvicorn's
    log_config["loggers"]["internet_plus_api"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    log_config["filters"] = {"parser_answered": {"()": AnsweredByTheParser}}
    log_config["loggers"]["uvicorn.error"]["filters"] = ["parser_answered"]
    if workers == 1 and hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _hang_up_ignored)
    uvicorn.run(
        app if workers == 1 else "internet_plus_api.server:worker_app",
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        http=http,
        loop="asyncio",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        limit_concurrency=max_connections,
        limit_max_requests=max_requests,
        timeout_keep_alive=keep_alive,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
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
        "--access-log", action="store_true", help="log every request (off by default: it costs 14-43%% of throughput)"
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        help="connections and requests at once; past it a request gets 503 (uvicorn's limit_concurrency)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=None, help="a worker restarts after this many requests (default: never)"
    )
    parser.add_argument(
        "--http",
        choices=("auto", "h11", "httptools"),
        default="auto",
        help="uvicorn's HTTP parser; h11 limits a request's head to 16 KB (default auto: httptools)",
    )
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
            max_requests=args.max_requests,
            http=args.http,
            package=args.package,
        )
    except (DatasetError, ValueError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
