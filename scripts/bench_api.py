"""Load benchmark of the shipped server command against references, with a real load generator.

    python scripts/bench_api.py [--seconds 5] [--connections 16] [--rounds 2]

Measures the command as shipped, ``python -m internet_plus_api.server`` (the ``internet-plus-api``
entry point, with its default logging: errors and disconnects, no access log), and the references
under the same server, protocol and logging settings (uvicorn, one worker, the same connection
guard, no access log; benchmarks/reference_apps.py):

- the *same-answer* ceiling and floor: a bare ASGI app and a minimal Litestar app that send, for each
  case, the very answer the shipped API gave (recorded from it at the start of the run: status, every
  header, body). The ceiling is what the server costs to send that answer; the floor is what a
  Litestar handler costs that does no work. Ratios to these isolate the API's own work.
- the *same-work* floor of the distinct-query case: a minimal Litestar handler that computes each
  answer from the library's rows as the API must for a query it has never seen (no response cache, no
  middleware), its bodies checked equal to the API's. The same-answer floor replays one recorded
  answer and does no work; the distinct-query target is judged against the same-work floor.
- the *task-list* ceiling and floor of the first measurements (the 46-task list with two headers),
  before and after the API, so that drift shows.

Each case is measured on the ceiling, the API and the floor back to back, ``--rounds`` times over, and
the ratios use the sums over the rounds, so a slow minute hits all three alike. Then the same command
with ``--access-log`` (what per-request logging costs), the static copy under nginx, granian (the other
ASGI server, for the choice of server) and Datasette, each if installed. Prints a Markdown table with
requests/s, p50/p99 latency, server memory (RSS) and the ratios, and the targets each case meets.
Needs wrk (Debian package ``wrk``). The deployment's path (nginx on the generated configuration, in
front of the app) is measured by scripts/bench_serving.py.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import DATASET, ROOT

__all__ = ["main"]

PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# The distinct-query fields: every request asks for another subset of them on another row, and past the
# 11,730 (subset, row) pairs the same again with its three parameters in another order (six orders), then
# with one more ``&`` at the end (the same answer, the same work, another key), so no key ever comes twice.
# The server keeps every answer it gives (Litestar's response cache, within its byte budget): a key asked
# again would be answered from that. ``init`` takes the first key's number, so that each run on a server
# starts past the last one's. Every value is one a typed parameter takes (no leading zeros: Litestar's
# ``int`` refuses ``01``).
DISTINCT_FIELDS = ("id", "title_zh", "title_en", "action_id", "number", "position", "start", "end")
DISTINCT_LUA = """
names = {%s}
orders = {{1, 2, 3}, {2, 1, 3}, {3, 1, 2}, {1, 3, 2}, {2, 3, 1}, {3, 2, 1}}
counter = 0
init = function(args)
  counter = tonumber(args[1] or "0")
end
request = function()
  local mask = (counter %% 255) + 1
  local rest = math.floor(counter / 255)
  local offset = rest %% %d
  local round = math.floor(rest / %d)
  counter = counter + 1
  local chosen = {}
  for i = 1, #names do
    if math.floor(mask / 2 ^ (i - 1)) %% 2 == 1 then chosen[#chosen + 1] = names[i] end
  end
  local parts = {"limit=1", "offset=" .. offset, "fields=" .. table.concat(chosen, ",")}
  local order = orders[(round %% 6) + 1]
  local query = "?" .. parts[order[1]] .. "&" .. parts[order[2]] .. "&" .. parts[order[3]]
  return wrk.format("GET", wrk.path .. query .. string.rep("&", math.floor(round / 6)))
end
"""


@dataclass(frozen=True)
class Case:
    """One kind of request: ``kind`` is "kept" (answered from what the server keeps), "etag" (a 304
    revalidation), "page" (Accept: text/html) or "distinct" (a new query every request)."""

    label: str
    path: str
    kind: str = "kept"
    sample: str = ""  # for "distinct": a request like the ones sent, whose answer the references replay

    @property
    def header(self) -> str | None:
        return {"page": f"Accept: {PAGE_ACCEPT}"}.get(self.kind)


CASES = (
    Case("full list (46 tasks)", "/v1/tasks?limit=500"),
    Case("one item", "/v1/tasks/A02.1"),
    Case("filtered list", "/v1/tasks?action=A02"),
    Case("search", "/v1/search?q=%E5%A4%A7%E6%95%B0%E6%8D%AE"),
    Case("CSV download", "/v1/download/tasks.csv"),
    Case("304 revalidation", "/v1/tasks/A02.1", "etag"),
    Case("page: a task (HTML)", "/v1/tasks/A02.1", "page"),
    Case("page: the matrix (HTML)", "/matrix", "page"),
    Case("page: the reading edition (HTML)", "/v1/documents/guofa-2015-40", "page"),
    Case(
        "distinct queries (nothing kept)", "/v1/tasks", "distinct", "?limit=1&offset=3&fields=id,title_en,number,start"
    ),
)
TARGET_CEILING, TARGET_FLOOR, TARGET_TAIL = 0.8, 1.0, 4.0
SAME_WORK = "same-work floor"  # the distinct queries' floor: computes each answer (the others replay one)


@dataclass
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    rss_mib: float
    requests: int = 0  # answers counted by wrk


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench_api.py: server at {url} did not start within {timeout:.0f} s")


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


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not m:
        raise SystemExit(f"bench_api.py: wrk printed a latency I cannot read: {text!r}")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


class Server:
    def __init__(self, cmd: list[str], port: int, probe: str, env: dict[str, str] | None = None) -> None:
        self.port = port
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})}
        )
        self.base = f"http://127.0.0.1:{self.port}"
        _wait(self.base + probe)

    def wrk(
        self,
        path: str,
        seconds: int,
        connections: int,
        header: str | Sequence[str] | None,
        script: Path | None,
        args: Sequence[str] = (),
    ) -> Measure:
        """``wrk --latency`` on ``path`` with the request ``header`` (or several), ``script`` given ``args``."""
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
        for line in [header] if isinstance(header, str) else header or ():
            cmd += ["-H", line]
        if script:
            cmd += ["-s", str(script)]
        done = subprocess.run(
            [*cmd, self.base + path, *(("--", *args) if args else ())],
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 30,
        )
        if done.returncode != 0:
            raise SystemExit(f"bench_api.py: wrk failed on {path}: {(done.stderr or done.stdout).strip()[:300]}")
        out = done.stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
        p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
        count = re.search(r"^\s+(\d+) requests in", out, re.M)
        if not (rps and p50 and p99 and count) or "Non-2xx" in out:
            raise SystemExit(f"bench_api.py: wrk on {path} did not succeed:\n{out}")
        rss = _rss_mib(self.proc.pid)
        return Measure(float(rps.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), rss, int(count.group(1)))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Keys:
    """The distinct-query keys sent to one server process: each wrk run starts past every key sent before
    (wrk counts the answers; at most one request per connection was still on its way)."""

    def __init__(self) -> None:
        self.next = 0

    def wrk(self, server: Server, path: str, seconds: int, connections: int, lua: Path) -> Measure:
        m = server.wrk(path, seconds, connections, None, lua, (str(self.next),))
        self.next += m.requests + connections
        return m


def _uvicorn(target: str, port: int) -> list[str]:
    """A reference under the shipped command's settings: same parser and event loop, same logging."""
    return [
        *(sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", "1", "--http", "httptools", "--loop", "asyncio", "--no-access-log"),
        *("--no-server-header", "--log-level", "info"),
    ]


def _shipped(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "internet_plus_api.server", "--port", str(port), *extra]


_SERVERS_OWN = frozenset(("date", "connection", "keep-alive"))  # each server sends its own, for its connection


def _ask(base: str, path: str, query: str, headers: dict[str, str]) -> dict[str, object]:
    """One answer as it travelled: status, headers (less the ones each server makes for itself), body."""
    request = urllib.request.Request(base + path + ("?" + query if query else ""), headers=headers)
    try:
        with urllib.request.urlopen(request) as r:
            status, raw, body = r.status, r.headers.items(), r.read()
    except urllib.error.HTTPError as e:  # the 304
        status, raw, body = e.code, e.headers.items(), e.read()
    return {
        "path": path,
        "query": query,
        "if_none_match": "If-None-Match" in headers,
        "request_headers": headers,
        "status": status,
        "headers": sorted([k.lower(), v] for k, v in raw if k.lower() not in _SERVERS_OWN),
        "body": base64.b64encode(body).decode(),
    }


def _record(base: str, cases: Sequence[Case], etag: str) -> list[dict[str, object]]:
    """The API's answer to each case's request, as wrk sends it (no Accept-Encoding), for the references."""
    recorded = []
    for case in cases:
        path, _, query = (case.path + case.sample).partition("?")
        headers = {"If-None-Match": etag} if case.kind == "etag" else {}
        if case.kind == "page":
            headers["Accept"] = PAGE_ACCEPT
        recorded.append(_ask(base, path, query, headers))
    return recorded


def _check_replay(ref: Server, recorded: list[dict[str, Any]]) -> None:
    """A reference must send exactly what the API sent (status, headers, body), or its ratio means nothing."""
    for answer in recorded:
        again = _ask(ref.base, answer["path"], answer["query"], answer["request_headers"])
        if again != answer:
            where = f"{answer['path']}?{answer['query']}"
            raise SystemExit(f"bench_api.py: the reference at {ref.base} does not replay {where} exactly")


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


Row = tuple[str, str, Measure]


def _fmt(rps: float) -> str:
    return f"{rps:,.0f}"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench_api.py", description="Load benchmark of the API (wrk).")
    parser.add_argument("--seconds", type=_positive, default=5, help="seconds per measurement (default 5)")
    parser.add_argument("--connections", type=_positive, default=16)
    parser.add_argument("--rounds", type=_positive, default=2, help="times each case is measured (default 2)")
    parser.add_argument("--only", default="", help="measure only the cases whose label contains this")
    parser.add_argument(
        "--core", action="store_true", help="the API and its same-answer references only (no other servers)"
    )
    parser.add_argument("--datasette", default=shutil.which("datasette"), help="datasette executable")
    parser.add_argument("--granian", default=shutil.which("granian"), help="granian executable (optional reference)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("bench_api.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    cases = [c for c in CASES if args.only in c.label]
    if not cases:
        parser.error(f"--only {args.only!r} matches no case; the cases: {', '.join(c.label for c in CASES)}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        results, extra = _runs(cases, args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _report(cases, results, extra, args)
    return 0


def _runs(cases: list[Case], args: argparse.Namespace, tmp: Path) -> tuple[Any, list[Row]]:
    n, s = args.connections, args.seconds
    lua = _distinct_script(tmp)
    extra: list[Row] = []
    if not args.core:
        _task_list_refs(extra, "before", s, n)
    results = _same_answer_runs(cases, args.rounds, s, n, lua, tmp)
    if not args.core:
        _access_log(extra, cases, s, n, lua)
        _nginx(extra, s, n, tmp)
        _task_list_refs(extra, "after", s, n)
        if args.granian:
            _granian(extra, args.granian, s, n, lua)
        if args.datasette:
            _datasette(extra, args.datasette, s, n, tmp)
    return results, extra


def _distinct_script(tmp: Path) -> Path:
    """The wrk script of the distinct-query case, over as many offsets as the task list has rows."""
    lua = tmp / "distinct.lua"
    total = len(json.loads((DATASET / "tasks.json").read_text(encoding="utf-8")))
    names = ", ".join(f'"{f}"' for f in DISTINCT_FIELDS)
    lua.write_text(DISTINCT_LUA % (names, total, total), encoding="utf-8")
    return lua


_ORDERS = ((0, 1, 2), (1, 0, 2), (2, 0, 1), (0, 2, 1), (1, 2, 0), (2, 1, 0))


def _distinct_query(counter: int, total: int) -> str:
    """The query string ``DISTINCT_LUA`` sends as its ``counter``-th request, over ``total`` rows."""
    mask, rest = counter % 255 + 1, counter // 255
    chosen = [name for i, name in enumerate(DISTINCT_FIELDS) if mask >> i & 1]
    parts = ("limit=1", f"offset={rest % total}", f"fields={','.join(chosen)}")
    round_ = rest // total
    return "&".join(parts[i] for i in _ORDERS[round_ % 6]) + "&" * (round_ // 6)


def _check_same_work(app: str, floor: str, path: str = "/v1/tasks") -> None:
    """The same-work floor must send the API's very answers for distinct queries (status, body and every
    header but Date and the connection's), or it does other work."""
    total = len(json.loads((DATASET / "tasks.json").read_text(encoding="utf-8")))
    for counter in (0, 7, 254, 255 * 3 + 100, 255 * total + 42, 255 * total * 5 + 9, 255 * total * 13 + 200):
        query = _distinct_query(counter, total)
        ours, theirs = _ask(app, path, query, {}), _ask(floor, path, query, {})
        if ours != theirs or ours["status"] != 200:
            raise SystemExit(
                f"bench_api.py: the same-work floor at {floor} does not answer {path}?{query} as the API"
                + "".join(f"\n  {k}: {ours[k]!r} != {theirs[k]!r}" for k in ours if ours[k] != theirs[k])
            )


def _task_list_refs(extra: list[Row], when: str, s: int, n: int) -> None:
    """The task-list ceiling and floor of the first measurements, so that drift over a run shows."""
    for name, target in (
        ("bare ASGI, task list", "benchmarks.reference_apps:bare_app"),
        ("minimal Litestar, task list", "benchmarks.reference_apps:litestar_app"),
    ):
        port = _free_port()
        ref = Server(_uvicorn(target, port), port, "/tasks")
        try:
            extra.append((f"{name} ({when})", "full list (46 tasks)", ref.wrk("/tasks", s, n, None, None)))
        finally:
            ref.stop()


def _same_answer_runs(
    cases: Sequence[Case], rounds: int, s: int, n: int, lua: Path, tmp: Path
) -> dict[str, dict[str, list[Measure]]]:
    """Each case on the ceiling, the shipped API and the floor back to back, ``rounds`` times over:
    case -> server -> one Measure per round."""
    results: dict[str, dict[str, list[Measure]]] = {}
    port = _free_port()
    api = Server(_shipped(port), port, "/healthz")
    refs: list[Server] = []
    try:
        etag = urllib.request.urlopen(api.base + "/v1/tasks/A02.1").headers["ETag"]
        _start_references(refs, api.base, cases, etag, tmp)
        servers = [("ceiling", refs[0], None), ("API", api, Keys()), ("floor", refs[1], None)]
        if any(c.kind == "distinct" for c in cases):
            refs.append(_same_work(api.base))
            servers.append((SAME_WORK, refs[-1], Keys()))
        for _ in range(rounds):
            for case in cases:
                for name, server, sent in servers:
                    if name == SAME_WORK and case.kind != "distinct":
                        continue
                    m = _measure(server, sent, case, etag, s, n, lua)
                    results.setdefault(case.label, {}).setdefault(name, []).append(m)
    finally:
        for server in (api, *refs):
            server.stop()
    return results


def _start_references(refs: list[Server], base: str, cases: Sequence[Case], etag: str, tmp: Path) -> None:
    """The bare and the Litestar reference, each replaying the answers recorded from the API at ``base``
    (checked byte for byte); ``refs`` holds each as it starts, so that the caller stops what started."""
    answers = tmp / "answers.json"
    answers.write_text(json.dumps(_record(base, cases, etag)), encoding="utf-8")
    env = {"INTERNET_PLUS_BENCH_ANSWERS": str(answers)}
    for target in ("benchmarks.reference_apps:answers_bare_app", "benchmarks.reference_apps:answers_litestar_app"):
        port = _free_port()
        refs.append(Server(_uvicorn(target, port), port, "/healthz", env))
    recorded = json.loads(answers.read_text(encoding="utf-8"))
    for ref in refs:
        _check_replay(ref, recorded)


def _same_work(api: str) -> Server:
    """The same-work floor of the distinct queries, checked to send the API's bodies (started by the caller's
    ``refs`` once it answers)."""
    port = _free_port()
    floor = Server(_uvicorn("benchmarks.reference_apps:tasks_litestar_app", port), port, "/v1/tasks")
    try:
        _check_same_work(api, floor.base)
    except BaseException:
        floor.stop()
        raise
    return floor


def _measure(server: Server, keys: Keys | None, case: Case, etag: str, s: int, n: int, lua: Path) -> Measure:
    """One case on one server: the API or the same-work floor (``keys``: the distinct keys it was sent) or a
    replaying reference (None)."""
    header = f"If-None-Match: {etag}" if case.kind == "etag" else case.header
    if case.kind != "distinct":
        return server.wrk(case.path, s, n, header, None)
    if keys is None:  # the references replay the sample answer
        return server.wrk(case.path + case.sample, s, n, header, None)
    return keys.wrk(server, case.path, s, n, lua)


def _access_log(extra: list[Row], cases: Sequence[Case], s: int, n: int, lua: Path) -> None:
    """The shipped command with ``--access-log``: what per-request logging costs."""
    port = _free_port()
    logged = Server(_shipped(port, "--access-log"), port, "/healthz")
    try:
        for case in (c for c in (CASES[1], CASES[-1]) if c in cases):
            script = lua if case.kind == "distinct" else None
            extra.append(("this API --access-log", case.label, logged.wrk(case.path, s, n, None, script)))
    finally:
        logged.stop()


def _nginx(extra: list[Row], s: int, n: int, tmp: Path) -> None:
    """The static copy (internet-plus static) served by nginx: what a CDN's origin would do."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if not nginx:
        return
    import logging

    from internet_plus_api.web.snapshot import write_static

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per page written otherwise

    folder = tmp / "static"
    folder.mkdir()
    port = _free_port()
    write_static(folder, port=port)
    cmd = [nginx, "-p", str(folder), "-c", "nginx.conf", "-e", "stderr"]
    if os.geteuid() == 0:
        cmd += ["-g", "user root;"]
    server = Server(cmd, port, "/index.json")  # /healthz is the app's, behind nginx
    try:
        for case in CASES:
            if case.kind == "page" or case.label in ("one item", "CSV download"):
                extra.append(("nginx (static copy)", case.label, server.wrk(case.path, s, n, case.header, None)))
    finally:
        server.stop()


def _granian(extra: list[Row], granian: str, s: int, n: int, lua: Path) -> None:
    """The other production ASGI server: the same app and the task-list ceiling, for the choice of server."""
    runs = (
        ("this API under granian", "internet_plus_api.app:create_app", "/healthz", (CASES[1], CASES[-1])),
        ("bare ASGI under granian, task list", "benchmarks.reference_apps:bare_app", "/tasks", ()),
    )
    for name, target, probe, cases in runs:
        port = _free_port()
        cmd = [granian, "--interface", "asgi", "--factory", target, "--port", str(port), "--workers", "1", "--no-ws"]
        server = Server(cmd, port, probe)
        try:
            for case in cases:
                script = lua if case.kind == "distinct" else None
                extra.append((name, case.label, server.wrk(case.path, s, n, None, script)))
            if not cases:
                extra.append((name, "full list (46 tasks)", server.wrk("/tasks", s, n, None, None)))
        finally:
            server.stop()


def _datasette(extra: list[Row], datasette: str, s: int, n: int, tmp: Path) -> None:
    db = _sqlite(tmp)
    port = _free_port()
    cmd = [datasette, "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
    server = Server(cmd, port, "/internet_plus/tasks.json")
    try:
        for label, path in (
            ("full list (46 tasks)", "/internet_plus/tasks.json?_shape=array&_size=max"),
            ("one item", "/internet_plus/tasks/1.json"),
            ("filtered list", "/internet_plus/tasks.json?action_id=A02&_shape=array"),
        ):
            extra.append(("Datasette", label, server.wrk(path, s, n, None, None)))
    finally:
        server.stop()


def _report(
    cases: Sequence[Case], results: dict[str, dict[str, list[Measure]]], extra: list[Row], args: argparse.Namespace
) -> None:
    rounds = args.rounds
    print(
        f"wrk -t1 -c{args.connections} -d{args.seconds}s, {rounds} round(s), one uvicorn worker each, "
        f"127.0.0.1, {os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.2f}\n"
    )
    list_ceiling = _task_list_mean(extra, "bare ASGI, task list")
    list_floor = _task_list_mean(extra, "minimal Litestar, task list")
    print(
        "| case | this API req/s | p50 | p99 | RSS MiB | same-answer ceiling req/s | same-answer floor (replay, "
        "no work) req/s | same-work floor req/s | × ceiling | × replay floor | × same-work floor "
        "| × task-list ceiling | × task-list floor | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    met = True
    for case in cases:
        line, ok = _case_line(case, results[case.label], rounds, list_ceiling, list_floor)
        met = met and ok
        print(line)
    print("\n| server | case | req/s | p50 | p99 | RSS MiB |")
    print("|---|---|---:|---:|---:|---:|")
    for name, label, m in extra:
        print(f"| {name} | {label} | {_fmt(m.rps)} | {m.p50_ms:.2f} ms | {m.p99_ms:.2f} ms | {m.rss_mib:.0f} |")
    shipped = {label: sum(m.rps for m in by["API"]) / rounds for label, by in results.items()}
    for name, label, m in extra:
        if name == "this API --access-log":
            print(f"\naccess log (off by default) costs {1 - m.rps / shipped[label]:.0%} of throughput on {label}")
    print(f"\nall targets met: {'yes' if met else 'no'}")


def _task_list_mean(extra: list[Row], name: str) -> float:
    """The mean of the before and after task-list runs of a reference (NaN when it did not run: --core)."""
    return sum(m.rps for server, _, m in extra if server.startswith(name)) / 2 or float("nan")


def _case_line(
    case: Case, by: dict[str, list[Measure]], rounds: int, list_ceiling: float, list_floor: float
) -> tuple[str, bool]:
    """A case's row of the table (means over the rounds; the worst p50, p99 and RSS), and whether it met its target."""
    api, ceiling, floor = (sum(m.rps for m in by[k]) / rounds for k in ("API", "ceiling", "floor"))
    work = sum(m.rps for m in by[SAME_WORK]) / rounds if SAME_WORK in by else float("nan")
    p50 = max(m.p50_ms for m in by["API"])
    p99 = max(m.p99_ms for m in by["API"])
    rss = max(m.rss_mib for m in by["API"])
    ok, target = _target(case, api, ceiling, work, p50, p99)
    same = (_fmt(work), f"{api / work:.2f}") if SAME_WORK in by else ("—", "—")
    line = (
        f"| {case.label} | {_fmt(api)} | {p50:.2f} ms | {p99:.2f} ms | {rss:.0f} | {_fmt(ceiling)} | {_fmt(floor)} "
        f"| {same[0]} | {api / ceiling:.2f} | {api / floor:.2f} | {same[1]} | {api / list_ceiling:.2f} "
        f"| {api / list_floor:.2f} | {target} |"
    )
    return line, ok


def _target(case: Case, api: float, ceiling: float, work: float, p50: float, p99: float) -> tuple[bool, str]:
    """A distinct query must match the same-work floor with a short tail; any other case must come near the
    ceiling."""
    if case.kind == "distinct":
        ok = api / work >= TARGET_FLOOR and p99 < TARGET_TAIL * p50
        return ok, f"≥ {TARGET_FLOOR} × same-work floor, p99 < {TARGET_TAIL:.0f} × p50: {'met' if ok else 'NOT met'}"
    ok = api / ceiling >= TARGET_CEILING
    return ok, f"≥ {TARGET_CEILING} × ceiling: {'met' if ok else 'NOT met'}"


if __name__ == "__main__":
    sys.exit(main())
