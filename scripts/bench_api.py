"""Load benchmark of the shipped server command against references, with a real load generator.

    python scripts/bench_api.py [--seconds 5] [--connections 16]

Measures the command as shipped, ``python -m internet_plus_api.server`` (the ``internet-plus-api``
entry point, with its default logging: errors and disconnects, no access log), then the same command
with ``--access-log`` (what per-request logging costs), then the references under the same server,
protocol and logging settings (uvicorn, one worker, the same connection guard, no access log): a
bare ASGI app returning the full task list as precomputed bytes (the ceiling) and a minimal Litestar
app returning them (the framework's floor); and Datasette on the same CSVs if it is installed. Prints
a Markdown table with requests/s, p50/p99 latency, server memory (RSS) and ratios to the ceiling and
the floor, all from the same run. Needs wrk (Debian package ``wrk``).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from _common import DATASET, ROOT

__all__ = ["main"]

CASES: list[
    tuple[str, str, str | None]
] = [  # (label, path, kind): kind "etag" revalidates, "distinct" varies the query on every request
    ("full list (40 tasks)", "/v1/tasks?limit=500", None),
    ("one item", "/v1/tasks/A02.1", None),
    ("filtered list", "/v1/tasks?action=A02", None),
    ("search", "/v1/search?q=%E5%A4%A7%E6%95%B0%E6%8D%AE", None),
    ("CSV download", "/v1/download/tasks.csv", None),
    ("304 revalidation", "/v1/tasks/A02.1", "etag"),
    ("distinct queries (nothing kept)", "/v1/tasks?limit=1&offset=", "distinct"),
]
PAGE_CASES = [  # the reading edition, as a browser asks for it (Accept: text/html)
    ("page: a task (HTML)", "/v1/tasks/A02.1", "page"),
    ("page: the reading edition (HTML)", "/v1/documents/guofa-2015-40", "page"),
    ("page: the matrix (HTML)", "/matrix", "page"),
]
PAGE_ACCEPT = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# Every request asks for another page, so none is answered from what the server keeps: this measures
# the full path (parse, validate, select, render, finish). Offsets stay within the API's bound.
DISTINCT_LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. (counter % 100000))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not start within {timeout:.0f} s")


def _rss_mib(pid: int) -> float:
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m.group(1)) if m else 0
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wrk(
    url: str, seconds: int, connections: int, header: str | None, script: Path | None = None
) -> tuple[float, str, str]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        cmd[1:1] = ["-H", header]
    if script:
        cmd[1:1] = ["-s", str(script)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)  # type: ignore[union-attr]
    return rps, p50, p99


class Server:
    def __init__(self, cmd: list[str], port: int, probe: str, cwd: Path) -> None:
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        _wait(self.base + probe)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _uvicorn(target: str, port: int) -> list[str]:
    """A reference under the shipped command's settings: same protocol (the connection guard), same logging."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--http",
        "internet_plus_api.server:GuardedProtocol",
        "--no-access-log",
        "--no-server-header",
        "--log-level",
        "info",
    ]


def _shipped(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "internet_plus_api.server", "--port", str(port), *extra]


def _sqlite(folder: Path) -> Path:
    db = folder / "internet_plus.db"
    con = sqlite3.connect(db)
    for path in sorted(DATASET.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        cols = ", ".join(f'"{c}"' for c in rows[0])
        con.execute(f'CREATE TABLE "{path.stem}" ({cols})')
        con.executemany(f'INSERT INTO "{path.stem}" VALUES ({", ".join("?" * len(rows[0]))})', rows[1:])
    con.commit()
    con.close()
    return db


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_api.py", description="Load benchmark of the API (wrk).")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per case (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--datasette", default=shutil.which("datasette"), help="datasette executable")
    parser.add_argument("--granian", default=shutil.which("granian"), help="granian executable (optional reference)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("bench_api.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    rows: list[tuple[str, str, float, str, str, float]] = []
    env_cwd = ROOT

    def references(when: str) -> None:
        """The ceiling and the floor, measured before and after the API so that drift shows."""
        for name, target in (
            ("bare ASGI (ceiling)", "benchmarks.reference_apps:bare_app"),
            ("minimal Litestar (floor)", "benchmarks.reference_apps:litestar_app"),
        ):
            port = _free_port()
            with Server(_uvicorn(target, port), port, "/tasks", env_cwd) as s:
                rps, p50, p99 = _wrk(s.base + "/tasks", args.seconds, args.connections, None)
                rows.append((f"{name}, {when}", "full list (40 tasks)", rps, p50, p99, _rss_mib(s.proc.pid)))

    references("before")
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "distinct.lua"
        lua.write_text(DISTINCT_LUA, encoding="utf-8")
        for name, extra, cases in (
            ("this API (as shipped)", (), CASES + PAGE_CASES),
            ("this API --access-log", ("--access-log",), [CASES[0], CASES[-1]]),
        ):
            port = _free_port()
            with Server(_shipped(port, *extra), port, "/healthz", env_cwd) as s:
                etag = urllib.request.urlopen(s.base + "/v1/tasks/A02.1").headers["ETag"]
                for label, path, kind in cases:
                    h = f"If-None-Match: {etag}" if kind == "etag" else PAGE_ACCEPT if kind == "page" else None
                    script = lua if kind == "distinct" else None
                    rps, p50, p99 = _wrk(s.base + path, args.seconds, args.connections, h, script)
                    rows.append((name, label, rps, p50, p99, _rss_mib(s.proc.pid)))
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if nginx:  # the static copy (internet-plus static) served by nginx: what a CDN's origin would do
        from internet_plus_api.web.snapshot import write_static

        with tempfile.TemporaryDirectory() as tmp:
            port = _free_port()
            write_static(Path(tmp), port=port)
            cmd = [nginx, "-p", tmp, "-c", "nginx.conf", "-e", "stderr"]
            if os.geteuid() == 0:
                cmd += ["-g", "user root;"]
            with Server(cmd, port, "/healthz", env_cwd) as s:
                for label, path, kind in CASES + PAGE_CASES:
                    if kind == "page" or label in ("one item", "CSV download"):
                        h = PAGE_ACCEPT if kind == "page" else None
                        rps, p50, p99 = _wrk(s.base + path, args.seconds, args.connections, h)
                        rows.append(("nginx (static copy)", label, rps, p50, p99, _rss_mib(s.proc.pid)))
    references("after")
    if args.granian:  # the other production ASGI server: the same app and ceiling, for the choice of server
        ceiling_case: list[tuple[str, str, str | None]] = [("full list (40 tasks)", "/tasks", None)]
        granian_runs: list[tuple[str, str, str, list[tuple[str, str, str | None]]]] = [
            ("this API under granian", "internet_plus_api.app:create_app", "/healthz", [CASES[1], CASES[-1]]),
            ("bare ASGI under granian", "benchmarks.reference_apps:bare_app", "/tasks", ceiling_case),
        ]
        for name, target, probe, cases in granian_runs:
            port = _free_port()
            cmd = [args.granian, "--interface", "asgi", "--factory", target, "--port", str(port), "--workers", "1"]
            with tempfile.TemporaryDirectory() as tmp, Server([*cmd, "--no-ws"], port, probe, env_cwd) as s:
                lua = Path(tmp) / "distinct.lua"
                lua.write_text(DISTINCT_LUA, encoding="utf-8")
                for label, path, kind in cases:
                    script = lua if kind == "distinct" else None
                    rps, p50, p99 = _wrk(s.base + path, args.seconds, args.connections, None, script)
                    rows.append((name, label, rps, p50, p99, _rss_mib(s.proc.pid)))
    if args.datasette:
        with tempfile.TemporaryDirectory() as tmp:
            db = _sqlite(Path(tmp))
            port = _free_port()
            cmd = [args.datasette, "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
            with Server(cmd, port, "/internet_plus/tasks.json", env_cwd) as s:
                for label, path in (
                    ("full list (40 tasks)", "/internet_plus/tasks.json?_shape=array&_size=max"),
                    ("one item", "/internet_plus/tasks/1.json"),
                    ("filtered list", "/internet_plus/tasks.json?action_id=A02&_shape=array"),
                ):
                    rps, p50, p99 = _wrk(s.base + path, args.seconds, args.connections, None)
                    rows.append(("Datasette", label, rps, p50, p99, _rss_mib(s.proc.pid)))
    floors = [r[2] for r in rows if r[0].startswith("minimal Litestar")]
    ceilings = [r[2] for r in rows if r[0].startswith("bare ASGI")]
    floor, ceiling = sum(floors) / len(floors), sum(ceilings) / len(ceilings)  # ratios use the mean of both runs
    ds_rates = {r[1]: r[2] for r in rows if r[0] == "Datasette"}
    print(
        f"wrk -t1 -c{args.connections} -d{args.seconds}s, one uvicorn worker each, 127.0.0.1, {os.cpu_count()} cores\n"
    )
    print("| server | case | req/s | p50 | p99 | RSS MiB | × ceiling | × floor | × Datasette |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for server, label, rps, p50, p99, rss in rows:
        vs_ds = f"{rps / ds_rates[label]:.1f}" if label in ds_rates and server != "Datasette" else ""
        print(
            f"| {server} | {label} | {rps:,.0f} | {p50} | {p99} | {rss:.0f} | {rps / ceiling:.2f} | "
            f"{rps / floor:.2f} | {vs_ds} |"
        )
    shipped = {r[1]: r[2] for r in rows if r[0] == "this API (as shipped)"}
    logged = {r[1]: r[2] for r in rows if r[0] == "this API --access-log"}
    for label, rps in logged.items():
        print(f"\naccess log cost on {label}: {1 - rps / shipped[label]:.0%} of throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
