"""Where a query the app has never seen spends its time, part by part, in process (a benchmark, not a test).

    python benchmarks/distinct_parts.py [--rounds 8] [--requests 1000]

Each variant is the app built by ``create_app()`` with parts taken away, called as ASGI (asgi_call.py)
with a new key on every request (the load benchmark's key scheme, scripts/bench_api.py): the whole app;
without our middleware (RequestChecks, NotModified, Ranges); then without gzip; then without the
before-send hook (the fixed headers); then without the response cache. What is left is Litestar's
routing, request and response plus our query engine (parse, select, render). The same-work floor
(reference_apps.py ``tasks_litestar_app``) is measured alongside. The variants are measured in turn,
round by round, in one process, so a slow second of a shared machine hits all alike; each line gives
the fastest round (the least disturbed) and the median, in microseconds per request.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "scripts")]

from asgi_call import asgi_get  # noqa: E402
from bench_api import _distinct_query  # noqa: E402

__all__ = ["main"]

VARIANTS: dict[str, frozenset[str]] = {
    "the app": frozenset(),
    "without our middleware": frozenset({"middleware"}),
    "… and gzip": frozenset({"middleware", "gzip"}),
    "… and the fixed headers": frozenset({"middleware", "gzip", "before_send"}),
    "… and the response cache": frozenset({"middleware", "gzip", "before_send", "cache"}),
}


@contextlib.contextmanager
def _without(parts: frozenset[str]) -> Iterator[None]:
    """``create_app()`` builds the app without ``parts`` while this lasts."""
    import internet_plus_api.app as app_module
    import internet_plus_api.routing as routing
    import litestar

    litestar_class, route = app_module.Litestar, routing.route

    def built(*args: Any, **kwargs: Any) -> Any:
        if "middleware" in parts:
            kwargs["middleware"] = []
        if "gzip" in parts:
            kwargs.pop("compression_config")
        if "before_send" in parts:
            kwargs["before_send"] = []
        return litestar.Litestar(*args, **kwargs)

    def uncached(*args: Any, **kwargs: Any) -> Any:
        return route(*args, **{**kwargs, "cache": False})

    app_module.Litestar = built  # type: ignore[misc]
    if "cache" in parts:
        routing.route = uncached  # type: ignore[assignment]
    try:
        yield
    finally:
        app_module.Litestar, routing.route = litestar_class, route  # type: ignore[misc]


def _apps() -> dict[str, Any]:
    from internet_plus_api.app import create_app
    from reference_apps import tasks_litestar_app

    apps = {}
    for name, parts in VARIANTS.items():
        with _without(parts):
            apps[name] = create_app()
    apps["same-work floor"] = tasks_litestar_app()
    return apps


def _measure(gets: dict[str, Callable[[str, bytes], int]], rounds: int, n: int) -> dict[str, list[float]]:
    total = 46  # the task rows: the key scheme's offsets
    counters = {name: itertools.count() for name in gets}
    for name, get in gets.items():  # warm: every code path once
        for _ in range(200):
            assert get("/v1/tasks", _distinct_query(next(counters[name]), total).encode()) == 200, name
    times: dict[str, list[float]] = {name: [] for name in gets}
    for _ in range(rounds):
        for name, get in gets.items():
            keys = [_distinct_query(next(counters[name]), total).encode() for _ in range(n)]
            start = time.perf_counter()
            for key in keys:
                get("/v1/tasks", key)
            times[name].append((time.perf_counter() - start) / n * 1e6)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="distinct_parts.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="requests per variant and round")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    times = _measure({name: asgi_get(app) for name, app in _apps().items()}, args.rounds, args.requests)
    print(
        f"{args.rounds} rounds of {args.requests} requests; load average (1 min) before {load:.2f}, after "
        f"{os.getloadavg()[0]:.2f}\n\n| variant | fastest round µs | median µs |\n|---|---:|---:|"
    )
    for name, ts in times.items():
        print(f"| {name} | {min(ts):.1f} | {statistics.median(ts):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
