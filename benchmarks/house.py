"""What the house costs: start-up to a first answer, the supervisor's memory, the size and the complexity of api/.

    python benchmarks/house.py [--rounds 3] [--ref 68b0d0b]

Measures, on this machine, as a user starts it:

- ``internet-plus-api`` (one worker): seconds from starting the process to the first 200 of
  ``/v1/tasks/A02.1``, and ``create_app()`` alone in a warm process;
- the floors, started as the API is (one process, the app built before uvicorn starts with the
  garbage collector paused, its objects then frozen, the same uvicorn settings), to the first 200 of
  the same URL: a minimal Litestar app that loads the library's data and answers ``/v1/tasks/{id}``
  with the row, written as Litestar's docs write one (``benchmarks/reference_apps.py`` ``task_item_litestar_app``), and a Litestar app with
  one trivial route and no data (``trivial_litestar_app``): what is left above them is the app's own;
  each also with the CPU seconds its process had used by then (steadier than the wall clock when
  other jobs share the machine);
- ``--workers 2``: the same, and the supervisor's memory (it builds no app: it checks the package);
- the lines of api/ here and at ``--ref`` (``git show``, no checkout), and every function radon
  grades C or worse (``radon cc``; D and worse are what the house forbids).

Prints Markdown. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["api_lines", "create_app_seconds", "first_answer", "main", "radon_c_or_worse", "serve_reference"]

ROOT = Path(__file__).resolve().parent.parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process: on a shared machine, steadier than the wall clock."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_answer(*extra: str, reference: str | None = None) -> tuple[float, float, float]:
    """Seconds from spawning the server to the first 200 of an item, the main process's MiB then and
    the CPU seconds it had used: the API with ``extra`` options, or the ``reference`` app (a factory's
    name in reference_apps.py)."""
    import httpx

    port = _port()
    started = time.monotonic()
    if reference is None:
        command = [sys.executable, "-m", "internet_plus_api.server", "--port", str(port), *extra]
    else:
        command = [sys.executable, str(Path(__file__)), "--serve", reference, "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/tasks/A02.1", timeout=2).status_code == 200:
                    return time.monotonic() - started, _rss_mib(proc.pid), _cpu_seconds(proc.pid)
            except httpx.HTTPError:
                time.sleep(0.01)
            if proc.poll() is not None:
                raise SystemExit("house.py: the server exited before answering")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def serve_reference(name: str, port: int) -> None:
    """Serve a reference app as ``internet_plus_api.server.serve`` serves the API with one worker: the
    imports and the app built in this process with the cyclic garbage collector paused, everything
    built then frozen (``gc.freeze``), then uvicorn with the same settings (parser, event loop, limits,
    headers, logging)."""
    import copy
    import gc

    gc.disable()
    import reference_apps  # this file's folder is sys.path[0]
    import uvicorn
    from internet_plus_api.server import DEFAULT_KEEP_ALIVE, DEFAULT_MAX_CONNECTIONS, MAX_HEADER_BYTES

    app = getattr(reference_apps, name)()
    gc.freeze()
    gc.enable()
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["internet_plus_api"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        workers=1,
        http="auto",
        loop="asyncio",
        proxy_headers=False,
        forwarded_allow_ips=None,
        limit_concurrency=DEFAULT_MAX_CONNECTIONS,
        limit_max_requests=None,
        timeout_keep_alive=DEFAULT_KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        server_header=False,
        date_header=True,
        access_log=False,
        log_config=log_config,
        log_level="info",
    )


def create_app_seconds() -> float:
    code = (
        "import time; from internet_plus_api.app import create_app; from internet_plus import load; ds = load(); "
        "t = time.perf_counter(); create_app(ds); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def api_lines(ref: str | None) -> int:
    if ref is None:
        return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "api").rglob("*.py"))
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", ref, "api"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    total = 0
    for name in (n for n in names if n.endswith(".py")):
        text = subprocess.run(["git", "show", f"{ref}:{name}"], cwd=ROOT, capture_output=True, check=True).stdout
        total += len(text.decode("utf-8").splitlines())
    return total


def radon_c_or_worse() -> list[str]:
    out = subprocess.run(
        ["radon", "cc", "-n", "C", "-s", str(ROOT / "api")], capture_output=True, text=True, check=False
    ).stdout
    return [line.strip() for line in out.splitlines() if line.startswith("    ")]


def _print_start(rounds: int) -> None:
    """The start-up table: the API beside its two floors, then ``--workers 2`` and ``create_app()``."""
    one, data, bare = [], [], []
    for _ in range(rounds):  # interleaved, so that each round's three share the machine's load
        one.append(first_answer())
        data.append(first_answer(reference="task_item_litestar_app"))
        bare.append(first_answer(reference="trivial_litestar_app"))
    two = [first_answer("--workers", "2") for _ in range(rounds)]
    build = [create_app_seconds() for _ in range(rounds)]
    print("| measure | median | all rounds |")
    print("|---|---:|---|")
    for name, values in (
        ("start to first answer, 1 worker (s)", [r[0] for r in one]),
        ("floor: minimal Litestar app with the data (s)", [r[0] for r in data]),
        ("floor: Litestar with one trivial route, no data (s)", [r[0] for r in bare]),
        ("CPU time to first answer, 1 worker (s)", [r[2] for r in one]),
        ("CPU time to first answer, floor with the data (s)", [r[2] for r in data]),
        ("CPU time to first answer, framework alone (s)", [r[2] for r in bare]),
        ("start to first answer, --workers 2 (s)", [r[0] for r in two]),
        ("create_app() in a warm process (s)", build),
        ("server process RSS, 1 worker (MiB)", [r[1] for r in one]),
        ("supervisor RSS, --workers 2 (MiB)", [r[1] for r in two]),
    ):
        print(f"| {name} | {statistics.median(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
    ours, floor, framework = (statistics.median(r[0] for r in runs) for runs in (one, data, bare))
    print(
        f"\nstart to first answer: target 0.5 s; floor with the data {floor:.2f} s; "
        f"framework alone {framework:.2f} s; ours {ours:.2f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="house.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ref", default="68b0d0b", help="the tree to count api/ lines against")
    parser.add_argument("--serve", default=None, help=argparse.SUPPRESS)  # a reference app, for first_answer
    parser.add_argument("--port", type=int, default=8000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve_reference(args.serve, args.port)
        return 0
    os.environ.pop("INTERNET_PLUS_RATE_LIMIT", None)
    _print_start(args.rounds)
    print(f"\napi/ lines: {api_lines(args.ref)} at {args.ref}, {api_lines(None)} here")
    graded = radon_c_or_worse()
    worse = [g for g in graded if " - C " not in g]
    print(f"radon cc: {len(graded)} blocks graded C or worse, {len(worse)} D or worse")
    for line in worse:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
