"""The serving path side by side: nginx on the generated configuration against its limits, the app behind it.

    python scripts/bench_serving.py [--seconds 4] [--connections 16] [--rounds 3] [--copy DIR] [--queries 20000]
    python scripts/bench_serving.py --only distinct     # only the query cases whose label has "distinct"
    python scripts/bench_serving.py --fixed-only        # only the fixed answers (no app, queries, memory or house)

One command for the measurements of a deployment (``internet-plus static`` files under nginx, queries
passed to ``internet-plus serve``), each case measured on every server it compares back to back,
``--rounds`` times over, so that a slow minute of a shared machine hits all alike:

- **Fixed answers.** The copy written by ``internet-plus static --out DIR`` (or ``--copy DIR``, written
  before), served by nginx on its own ``nginx.conf``, against the limit: nginx's own speed on the same
  files, a minimal configuration with ``root`` on ``files/`` and ``gzip_static on`` and nothing else
  (no maps, no try_files, no headers), with the generated one's process and file settings (workers,
  no access log, sendfile, tcp_nopush, open_file_cache), so that the two differ only in what the
  generated one does per request. The generated configuration is asked as a client asks (a bare URL,
  pages with a browser's ``Accept``), the limit for the file that URL is served from; the bodies are
  checked equal first. Each with and without ``Accept-Encoding: gzip`` (the ``.gz`` beside each file is
  sent as it is).
- **Queries.** The generated configuration in front of the shipped server (``python -m
  internet_plus_api.server``), against the same configuration in front of a minimal Litestar floor
  (benchmarks/reference_apps.py): both pay the same proxy hop, so the ratio is the app's own work. Two
  floors: the *replay* floor sends the app's recorded answer and does no work (right for the kept
  queries, which the app answers from its response cache); the *same-work* floor, one plain ``@get``
  handler computing each answer from the library's rows, is the floor of the distinct queries (sent the
  same new keys as the app; its answers checked equal to the app's, alone and through nginx: status, body
  and every header but Date and the connection's, ETag included). The app and the floors without nginx
  are measured alongside. The generated configuration limits queries to 50 a second per address
  (``limit_req``), which would answer wrk with 429s: the configurations used here drop that one line.
  Distinct queries send a key never sent before on every request (scripts/bench_api.py ``DISTINCT_LUA``).
- **Memory.** The app's RSS, a fresh process behind nginx, sampled along ``--queries`` distinct queries.
- **The house.** benchmarks/house.py: start to first answer (one worker, ``--workers 2``), the
  supervisor's memory, api/ lines and radon grades.

Requests/s are means over the rounds, p50 and p99 (wrk ``--latency``) medians over the rounds. Prints
Markdown, with the 1-minute load average before and after. A benchmark, not a test: nothing asserts a time. Needs nginx and wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _common import ROOT
from bench_api import (
    CASES,
    PAGE_ACCEPT,
    Case,
    Keys,
    Measure,
    Server,
    _ask,
    _check_replay,
    _check_same_work,
    _distinct_script,
    _fmt,
    _free_port,
    _positive,
    _record,
    _rss_mib,
    _shipped,
    _uvicorn,
)

__all__ = ["main"]

GZIP = "Accept-Encoding: gzip"
TARGET_LIMIT, TARGET_FLOOR, TARGET_TAIL = 0.9, 1.0, 4.0


@dataclass(frozen=True)
class FileCase:
    """A fixed answer: ``url`` as a client asks the deployment, ``file`` its path under files/."""

    label: str
    url: str
    file: str
    accept: str | None = None

    def headers(self, gzip: bool) -> list[str]:
        accept = [f"Accept: {self.accept}"] if self.accept else []
        return [*accept, GZIP] if gzip else accept


FILE_CASES = (
    FileCase("one item (JSON)", "/v1/tasks/A02.1", "/v1/tasks/A02.1.json"),
    FileCase("full list (JSON)", "/v1/tasks.json", "/v1/tasks.json"),
    FileCase("CSV download", "/v1/download/tasks.csv", "/v1/download/tasks.csv"),
    FileCase("page: a task", "/v1/tasks/A02.1", "/v1/tasks/A02.1/index.html", PAGE_ACCEPT),
    FileCase("page: the matrix", "/matrix", "/matrix/index.html", PAGE_ACCEPT),
    FileCase(
        "page: the reading edition",
        "/v1/documents/guofa-2015-40",
        "/v1/documents/guofa-2015-40/index.html",
        PAGE_ACCEPT,
    ),
)
QUERY_CASES = tuple(c for c in CASES if c.label in ("filtered list", "search") or c.kind == "distinct")

LIMIT_CONF = """# nginx's own speed on the copy's files: root, gzip_static, nothing else; the process and file settings
# (workers, access log, sendfile, tcp_nopush, open_file_cache) are the generated configuration's.
worker_processes auto;
pid {pid};
error_log stderr warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_errors on;
    gzip_static on;
    types {{ application/json json; text/csv csv; text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root}/files;
    }}
}}
"""

Runs = dict[str, dict[str, list[Measure]]]


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    if not found:
        raise SystemExit("bench_serving.py: nginx is not installed (apt-get install nginx)")
    return found


def _copy(given: str | None, tmp: Path) -> Path:
    """The static copy: the one given, or one written now by the command a user runs."""
    if given:
        folder = Path(given).resolve()
        if not (folder / "nginx.conf").is_file() or not (folder / "files").is_dir():
            raise SystemExit(f"bench_serving.py: --copy {given!r} holds no copy (internet-plus static --out DIR)")
        return folder
    folder = tmp / "copy"
    cmd = [sys.executable, "-m", "internet_plus", "static", "--out", str(folder)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_serving.py: internet-plus static failed: {done.stderr.strip()[-500:]}")
    return folder


def _once(pattern: str, replacement: str, text: str) -> str:
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    if count != 1:
        raise SystemExit(f"bench_serving.py: the generated nginx.conf has {count} lines like {pattern!r}, not 1")
    return new


def _generated_conf(copy: Path, tmp: Path, name: str, port: int, upstream: int) -> Path:
    """The copy's own nginx.conf, listening on ``port``, the app at ``upstream``, without the query rate limit."""
    text = (copy / "nginx.conf").read_text(encoding="utf-8")
    text = _once(r"^pid nginx\.pid;$", f"pid {tmp / name}.pid;", text)
    text = _once(r"^(\s+listen) 127\.0\.0\.1:\d+;$", rf"\1 127.0.0.1:{port};", text)
    text = _once(r"^(\s+server) 127\.0\.0\.1:\d+;$", rf"\1 127.0.0.1:{upstream};", text)
    text = _once(r"^\s+limit_req zone=queries .*\n", "", text)
    conf = tmp / f"{name}.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def _start_nginx(nginx: str, copy: Path, conf: Path, port: int, probe: str) -> Server:
    cmd = [nginx, "-p", str(copy), "-c", str(conf), "-e", "stderr"]
    if os.geteuid() == 0:
        cmd += ["-g", "user root;"]
    return Server(cmd, port, probe)


def _fetch(base: str, path: str, headers: Sequence[str]) -> tuple[int, str, bytes]:
    request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, r.headers.get("Content-Encoding", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""


def _check_files(generated: Server, limit: Server) -> dict[tuple[str, bool], int]:
    """Both send each case's file (the .gz when asked) with a 200; the bytes each answer carries."""
    sizes = {}
    for case in FILE_CASES:
        for gzip in (False, True):
            ours = _fetch(generated.base, case.url, case.headers(gzip))
            bare = _fetch(limit.base, case.file, case.headers(gzip))
            if ours != bare or ours[0] != 200 or (ours[1] == "gzip") != gzip:
                where = f"{case.url} / {case.file}{' (gzip)' if gzip else ''}"
                raise SystemExit(f"bench_serving.py: the generated config and the limit answer {where} differently")
            sizes[case.label, gzip] = len(ours[2])
    return sizes


def _cpu_seconds(master: int) -> float:
    """User and system time of an nginx master and its workers so far (Linux /proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" ", 1)
        except OSError:  # a process that ended meanwhile
            continue
        fields = rest.rsplit(")", 1)[1].split()
        if int(pid) == master or int(fields[1]) == master:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


Cpu = dict[str, dict[str, list[float]]]


def _file_runs(generated: Server, limit: Server, rounds: int, s: int, n: int) -> tuple[Runs, Cpu]:
    """label (with " gzip") -> "generated" / "limit" -> one Measure per round, and nginx's CPU time per
    answer in each (microseconds; what the configuration costs, whatever else the machine runs)."""
    runs: Runs = {}
    cpu: Cpu = {}
    for _ in range(rounds):
        for case in FILE_CASES:
            for gzip in (False, True):
                label = case.label + (" gzip" if gzip else "")
                for name, server, path in (("generated", generated, case.url), ("limit", limit, case.file)):
                    before = _cpu_seconds(server.proc.pid)
                    m = server.wrk(path, s, n, case.headers(gzip), None)
                    spent = (_cpu_seconds(server.proc.pid) - before) / max(m.requests, 1) * 1e6
                    runs.setdefault(label, {}).setdefault(name, []).append(m)
                    cpu.setdefault(label, {}).setdefault(name, []).append(spent)
    return runs, cpu


@dataclass
class Fronts:
    """The servers of the query runs: the app, the replay floor and the same-work floor, each alone and behind
    nginx; the distinct keys sent to the app and to the same-work floor (the replay floor sends one answer)."""

    app: Server
    front: Server
    keys: Keys
    floor: Server | None = None
    floor_front: Server | None = None
    work: Server | None = None
    work_front: Server | None = None
    work_keys: Keys | None = None

    def named(self, case: Case) -> list[tuple[str, Server, Keys | None, Server]]:
        """(name, server, the keys it is sent or None, the process whose RSS counts), in the order measured;
        the same-work floor for the distinct queries only."""
        assert self.floor and self.floor_front and self.work and self.work_front
        named = [
            ("nginx → app", self.front, self.keys, self.app),
            ("nginx → floor", self.floor_front, None, self.floor),
            ("app", self.app, self.keys, self.app),
            ("floor", self.floor, None, self.floor),
        ]
        if case.kind == "distinct":
            named.insert(2, ("nginx → same-work floor", self.work_front, self.work_keys, self.work))
            named.append(("same-work floor", self.work, self.work_keys, self.work))
        return named

    def stop(self) -> None:
        for server in (self.front, self.floor_front, self.work_front, self.app, self.floor, self.work):
            if server is not None:
                server.stop()


def _memory(fronts: Fronts, queries: int, n: int, lua: Path) -> list[tuple[int, float]]:
    """The app's RSS before and along ``queries`` distinct queries through nginx (one-second wrk runs)."""
    samples = [(0, _rss_mib(fronts.app.proc.pid))]
    sent = 0
    while sent < queries:
        sent += fronts.keys.wrk(fronts.front, "/v1/tasks", 1, n, lua).requests
        samples.append((sent, _rss_mib(fronts.app.proc.pid)))
    return samples


def _start_floors(nginx: str, copy: Path, tmp: Path, fronts: Fronts) -> None:
    """The floor replaying the app's answers (checked byte for byte, alone and through nginx), then the
    same-work floor (its answers, headers included, checked equal to the app's, alone and through nginx)."""
    answers = tmp / "answers.json"
    recorded = _record(fronts.app.base, QUERY_CASES, "")
    answers.write_text(json.dumps(recorded), encoding="utf-8")
    port = _free_port()
    env = {"INTERNET_PLUS_BENCH_ANSWERS": str(answers)}
    fronts.floor = Server(_uvicorn("benchmarks.reference_apps:answers_litestar_app", port), port, "/healthz", env)
    _check_replay(fronts.floor, recorded)
    front_port = _free_port()
    conf = _generated_conf(copy, tmp, "floor", front_port, port)
    fronts.floor_front = _start_nginx(nginx, copy, conf, front_port, "/index.json")
    for case in QUERY_CASES:
        path, _, query = (case.path + case.sample).partition("?")
        if _ask(fronts.front.base, path, query, {}) != _ask(fronts.floor_front.base, path, query, {}):
            raise SystemExit(f"bench_serving.py: through nginx the floor does not answer {path}?{query} as the app")
    port, front_port = _free_port(), _free_port()
    fronts.work = Server(_uvicorn("benchmarks.reference_apps:tasks_litestar_app", port), port, "/v1/tasks")
    fronts.work_keys = Keys()
    conf = _generated_conf(copy, tmp, "work", front_port, port)
    fronts.work_front = _start_nginx(nginx, copy, conf, front_port, "/index.json")
    _check_same_work(fronts.app.base, fronts.work.base)
    _check_same_work(fronts.front.base, fronts.work_front.base)


def _query_runs(fronts: Fronts, cases: Sequence[Case], rounds: int, s: int, n: int, lua: Path) -> Runs:
    """case label -> server name -> one Measure per round (the RSS of the app or floor in each, not nginx's)."""
    runs: Runs = {}
    for _ in range(rounds):
        for case in cases:
            for name, server, keys, process in fronts.named(case):
                m = _query(server, keys, case, s, n, lua)
                m.rss_mib = _rss_mib(process.proc.pid)
                runs.setdefault(case.label, {}).setdefault(name, []).append(m)
    return runs


def _query(server: Server, keys: Keys | None, case: Case, s: int, n: int, lua: Path) -> Measure:
    if case.kind != "distinct":
        return server.wrk(case.path, s, n, None, None)
    if keys is None:  # the replay floor sends the sample answer
        return server.wrk(case.path + case.sample, s, n, None, None)
    return keys.wrk(server, case.path, s, n, lua)


def _house(rounds: int) -> str:
    cmd = [sys.executable, "benchmarks/house.py", "--rounds", str(rounds)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench_serving.py: benchmarks/house.py failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _mean(ms: list[Measure]) -> float:
    return sum(m.rps for m in ms) / len(ms)


def _tail(ms: list[Measure]) -> str:
    """p50 and p99: the median over the rounds (one round stalled by another job on the machine shows
    in its p99 alone)."""
    return f"{statistics.median(m.p50_ms for m in ms):.2f} ms | {statistics.median(m.p99_ms for m in ms):.2f} ms"


def _file_report(runs: Runs, cpu: Cpu, sizes: dict[tuple[str, bool], int]) -> bool:
    print(
        "| fixed answer | bytes sent | generated config req/s | p50 | p99 | limit (nginx root) req/s | p50 | p99 "
        "| × limit | nginx CPU µs per answer, generated | limit | × limit (CPU) |"
        "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    met = True
    for case in FILE_CASES:
        for gzip in (False, True):
            by = runs[case.label + (" gzip" if gzip else "")]
            spent = cpu[case.label + (" gzip" if gzip else "")]
            ours_cpu, bare_cpu = (statistics.median(spent[k]) for k in ("generated", "limit"))
            ours, bare = _mean(by["generated"]), _mean(by["limit"])
            met = met and ours / bare >= TARGET_LIMIT
            label = case.label + (", gzip" if gzip else "")
            print(
                f"| {label} | {sizes[case.label, gzip]:,} | {_fmt(ours)} | {_tail(by['generated'])} "
                f"| {_fmt(bare)} | {_tail(by['limit'])} | {ours / bare:.2f} "
                f"| {ours_cpu:.1f} | {bare_cpu:.1f} | {bare_cpu / ours_cpu:.2f} |"
            )
    return met


def _query_report(runs: Runs, cases: Sequence[Case]) -> bool:
    """One row per query case; the target is judged against the replay floor for a kept query, against the
    same-work floor for the distinct ones (the floor that does what the app must)."""
    print(
        "\n| query | floor of the target | nginx → app req/s | p50 | p99 | nginx → that floor req/s | p50 | p99 "
        "| × that floor behind nginx | app alone req/s | that floor alone req/s | × that floor alone "
        "| nginx → replay floor (no work) req/s | × replay floor behind nginx | app RSS MiB | target |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    met = True
    for case in cases:
        by = runs[case.label]
        name = "same-work floor" if case.kind == "distinct" else "floor"
        app, floor, replay = (_mean(by[k]) for k in ("nginx → app", f"nginx → {name}", "nginx → floor"))
        alone, floor_alone = _mean(by["app"]), _mean(by[name])
        p50 = statistics.median(m.p50_ms for m in by["nginx → app"])
        p99 = statistics.median(m.p99_ms for m in by["nginx → app"])
        ok = app / floor >= TARGET_FLOOR and p99 < TARGET_TAIL * p50
        met = met and ok
        print(
            f"| {case.label} | {'same work' if case.kind == 'distinct' else 'replay, no work'} | {_fmt(app)} "
            f"| {_tail(by['nginx → app'])} | {_fmt(floor)} | {_tail(by[f'nginx → {name}'])} | {app / floor:.2f} "
            f"| {_fmt(alone)} | {_fmt(floor_alone)} | {alone / floor_alone:.2f} | {_fmt(replay)} | {app / replay:.2f} "
            f"| {max(m.rss_mib for m in by['app']):.0f} | {'met' if ok else 'NOT met'} |"
        )
    return met


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench_serving.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=_positive, default=4, help="seconds per measurement (default 4)")
    parser.add_argument("--connections", type=_positive, default=16)
    parser.add_argument("--rounds", type=_positive, default=3, help="times each case is measured (default 3)")
    parser.add_argument("--copy", help="a copy written by `internet-plus static --out DIR` (default: write one)")
    parser.add_argument("--queries", type=_positive, default=20000, help="distinct queries of the memory run")
    parser.add_argument("--no-house", action="store_true", help="leave out benchmarks/house.py")
    parser.add_argument("--memory-only", action="store_true", help="only the memory run (with --queries)")
    parser.add_argument(
        "--fixed-only", action="store_true", help="only the fixed answers (no app, queries, memory run or house)"
    )
    parser.add_argument(
        "--only", help="only the query cases whose label contains this (no file cases, memory run or house)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    cases = [c for c in QUERY_CASES if args.only is None or args.only in c.label]
    if not cases:
        parser.error(f"--only {args.only!r} matches no query case: {', '.join(c.label for c in QUERY_CASES)}")
    if not shutil.which("wrk"):
        print("bench_serving.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    if args.fixed_only:
        return _fixed_only(parser, args)
    nginx, s, n = _nginx(), args.seconds, args.connections
    load = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    try:
        copy = _copy(args.copy, tmp)
        file_runs, sizes = (({}, {}), {}) if args.memory_only or args.only else _files(nginx, copy, tmp, args)
        memory, query_runs = _queries(nginx, copy, tmp, args, cases)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"wrk -t1 -c{n} -d{s}s, {args.rounds} round(s), 127.0.0.1, {os.cpu_count()} cores, "
        f"load average (1 min) before: {load:.2f}, after: {os.getloadavg()[0]:.2f}\n"
    )
    if args.only is None:
        print("| distinct queries sent (through nginx) | app RSS MiB |\n|---:|---:|")
        for sent, rss in memory:
            print(f"| {sent:,} | {rss:.0f} |")
    if args.memory_only:
        return 0
    met = True if args.only else _file_report(*file_runs, sizes)
    met = _query_report(query_runs, cases) and met
    if not (args.no_house or args.only):
        print("\n" + _house(3))
    print(f"\nall load targets met: {'yes' if met else 'no'}")
    return 0


def _fixed_only(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``--fixed-only``: the fixed answers alone, nothing started but the two nginx."""
    if args.only or args.memory_only:
        parser.error("--fixed-only measures no query: it takes neither --only nor --memory-only")
    load = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    try:
        runs, sizes = _files(_nginx(), _copy(args.copy, tmp), tmp, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"wrk -t1 -c{args.connections} -d{args.seconds}s, {args.rounds} round(s), 127.0.0.1, {os.cpu_count()} cores, "
        f"load average (1 min) before: {load:.2f}, after: {os.getloadavg()[0]:.2f}\n"
    )
    met = _file_report(*runs, sizes)
    print(f"\nall load targets met: {'yes' if met else 'no'}")
    return 0


def _files(
    nginx: str, copy: Path, tmp: Path, args: argparse.Namespace
) -> tuple[tuple[Runs, Cpu], dict[tuple[str, bool], int]]:
    port, limit_port = _free_port(), _free_port()
    conf = _generated_conf(copy, tmp, "files", port, _free_port())  # no app: file cases only
    limit_conf = tmp / "limit.conf"
    limit_conf.write_text(LIMIT_CONF.format(pid=tmp / "limit.pid", port=limit_port, root=copy), encoding="utf-8")
    generated = _start_nginx(nginx, copy, conf, port, "/index.json")
    try:
        limit = _start_nginx(nginx, copy, limit_conf, limit_port, "/index.json")
        try:
            sizes = _check_files(generated, limit)
            return _file_runs(generated, limit, args.rounds, args.seconds, args.connections), sizes
        finally:
            limit.stop()
    finally:
        generated.stop()


def _queries(
    nginx: str, copy: Path, tmp: Path, args: argparse.Namespace, cases: Sequence[Case]
) -> tuple[list[tuple[int, float]], Runs]:
    lua = _distinct_script(tmp)
    port, front_port = _free_port(), _free_port()
    app = Server(_shipped(port), port, "/healthz")
    try:
        front = _start_nginx(nginx, copy, _generated_conf(copy, tmp, "app", front_port, port), front_port, "/healthz")
    except BaseException:
        app.stop()
        raise
    fronts = Fronts(app, front, Keys())
    try:
        memory = [] if args.only else _memory(fronts, args.queries, args.connections, lua)
        if args.memory_only:
            return memory, {}
        _start_floors(nginx, copy, tmp, fronts)
        return memory, _query_runs(fronts, cases, args.rounds, args.seconds, args.connections, lua)
    finally:
        fronts.stop()


if __name__ == "__main__":
    sys.exit(main())
