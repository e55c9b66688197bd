"""What the house costs: start-up to a first answer, the supervisor's memory, the size and the complexity of api/.

    python benchmarks/house.py [--rounds 3] [--ref 68b0d0b]

Measures, on this machine, as a user starts it:

- ``internet-plus-api`` (one worker): seconds from starting the process to the first 200 of
  ``/v1/tasks/A02.1``, and ``create_app()`` alone in a warm process;
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

__all__ = ["api_lines", "create_app_seconds", "first_answer", "main", "radon_c_or_worse"]

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


def first_answer(*extra: str) -> tuple[float, float]:
    """Seconds from spawning the server to the first 200 of an item, and the main process's MiB then."""
    import httpx

    port = _port()
    started = time.monotonic()
    command = [sys.executable, "-m", "internet_plus_api.server", "--port", str(port), *extra]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/tasks/A02.1", timeout=2).status_code == 200:
                    return time.monotonic() - started, _rss_mib(proc.pid)
            except httpx.HTTPError:
                time.sleep(0.01)
            if proc.poll() is not None:
                raise SystemExit("house.py: the server exited before answering")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="house.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ref", default="68b0d0b", help="the tree to count api/ lines against")
    args = parser.parse_args(argv)
    os.environ.pop("INTERNET_PLUS_RATE_LIMIT", None)
    one = [first_answer() for _ in range(args.rounds)]
    two = [first_answer("--workers", "2") for _ in range(args.rounds)]
    build = [create_app_seconds() for _ in range(args.rounds)]
    print("| measure | median | all rounds |")
    print("|---|---:|---|")
    for name, values in (
        ("start to first answer, 1 worker (s)", [t for t, _ in one]),
        ("start to first answer, --workers 2 (s)", [t for t, _ in two]),
        ("create_app() in a warm process (s)", build),
        ("server process RSS, 1 worker (MiB)", [m for _, m in one]),
        ("supervisor RSS, --workers 2 (MiB)", [m for _, m in two]),
    ):
        print(f"| {name} | {statistics.median(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} |")
    print(f"\napi/ lines: {api_lines(args.ref)} at {args.ref}, {api_lines(None)} here")
    graded = radon_c_or_worse()
    worse = [g for g in graded if " - C " not in g]
    print(f"radon cc: {len(graded)} blocks graded C or worse, {len(worse)} D or worse")
    for line in worse:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
