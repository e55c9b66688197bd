"""Parity of the server at a git ref (the old house) with this tree's: every fixed URL and a sample of queries.

    python scripts/parity.py 68b0d0b [--every 1] [--check]

The old tree is exported with ``git archive`` into a temporary folder and run from there (its
``src`` and ``api`` first on ``PYTHONPATH``, its data read from that folder: the same dependencies as
this tree's, which is what the comparison needs); this tree's server runs beside it. Both are the
shipped command (``python -m internet_plus_api.server``) on loopback. Every fixed URL (the URLs
``internet-plus static`` writes, from this tree's OpenAPI document), asked for as a client without
gzip would, then every ``--every``-th one again with gzip and with each Accept the static copy tells
apart, and a sample of query URLs, are compared: status, body (decoded) and the headers that matter.
Prints a summary (differences grouped by what differs, with examples). ``--check`` exits 1 on any
difference.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["compare", "fixed_urls", "main"]

ROOT = Path(__file__).resolve().parent.parent

HEADERS = (
    "content-type",
    "cache-control",
    "etag",
    "vary",
    "link",
    "x-total-count",
    "content-disposition",
    "content-encoding",
    "content-security-policy",
    "x-dataset-version",
    "access-control-allow-origin",
    "access-control-expose-headers",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "accept-ranges",
)
VARIANTS: dict[str, dict[str, str]] = {
    "gzip": {"accept-encoding": "gzip"},
    "html": {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    "csv": {"accept": "text/csv"},
    "ndjson": {"accept": "application/x-ndjson"},
}
QUERIES = (
    "/v1/tasks?action=A02",
    "/v1/tasks?limit=3&offset=5&fields=id,title_en",
    "/v1/tasks?sort=-id&limit=5",
    "/v1/tasks?q=manufacturing",
    "/v1/tasks?colour=red",
    "/v1/tasks?limit=0",
    "/v1/tasks?limit=9999",
    "/v1/responsibilities.csv?agency=ndrc&role=lead",
    "/v1/responsibilities?agency=ndrc,miit&limit=20",
    "/v1/search?q=%E5%A4%A7%E6%95%B8%E6%93%9A",
    "/v1/search?q=data&limit=5",
    "/v1/search",
    "/v1/actions/A02?include=tasks,agencies",
    "/v1/agencies?facet=kind",
    "/v1/agencies/ndrc/responsibilities?role=lead",
    "/v1/provisions?limit=500",
    "/search?q=manufacturing",
    "/v1/no-such-table",
    "/v1/tasks/A99.9",
    "/v1/tasks?fields=" + ",".join(["id"] * 700),
    "/v1/download/tasks.csv?bom=true",
)


def _export(ref: str, into: Path) -> Path:
    """The tree at ``ref``, as ``git archive`` gives it (tracked files only, releases included)."""
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"parity.py: git archive {ref}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(tree: Path | None, log: Path) -> Iterator[str]:
    """The shipped command from ``tree`` (None: this tree, as installed) on a free port."""
    import httpx

    port = _free_port()
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree / "src"), str(tree / "api"), env.get("PYTHONPATH", "")])
    cwd = tree if tree is not None else ROOT
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "internet_plus_api.server", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=out,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"parity.py: the server from {cwd} did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def fixed_urls() -> list[str]:
    """Every URL ``internet-plus static`` writes, from this tree's app in process."""
    from internet_plus_api.app import create_app
    from internet_plus_api.web.asgi_client import DirectClient
    from internet_plus_api.web.crawl import fixed_urls as crawl_urls

    app = create_app()
    client = DirectClient(app)
    try:
        openapi = client.get("/schema/openapi.json").json()
        return crawl_urls(openapi, app.state["site"], client)
    finally:
        client.close()


def _key(response: Any) -> tuple[int, bytes, dict[str, str | None]]:
    headers = {h: response.headers.get(h) for h in HEADERS}
    return response.status_code, response.content, headers


def compare(old: str, new: str, requests: list[tuple[str, dict[str, str]]]) -> tuple[int, Counter[str], dict[str, str]]:
    """(requests compared, what differed -> count, what differed -> first example)."""
    import httpx

    differences: Counter[str] = Counter()
    examples: dict[str, str] = {}
    with httpx.Client(timeout=60) as a, httpx.Client(timeout=60) as b:
        for url, headers in requests:
            asked = {"accept-encoding": "identity", **headers}
            x, y = _key(a.get(old + url, headers=asked)), _key(b.get(new + url, headers=asked))
            what = []
            if x[0] != y[0]:
                what.append(f"status {x[0]} -> {y[0]}")
            elif x[1] != y[1]:
                what.append("body")
            what += [f"header {h}" for h in HEADERS if x[2][h] != y[2][h]]
            for w in what:
                differences[w] += 1
                name = w.removeprefix("header ")
                shown = f": {x[2][name]!r} -> {y[2][name]!r}" if w.startswith("header ") else ""
                examples.setdefault(w, f"{url} {headers or ''}{shown}")
    return len(requests), differences, examples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parity.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", help="the old tree: a tag or commit (e.g. 3.0.0, 68b0d0b)")
    parser.add_argument("--every", type=int, default=10, help="ask every N-th fixed URL in each variant too")
    parser.add_argument("--check", action="store_true", help="exit 1 on any difference")
    args = parser.parse_args(argv)
    urls = fixed_urls()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the app's logging config shows every request
    requests: list[tuple[str, dict[str, str]]] = [(u, {}) for u in urls]
    requests += [(u, h) for u in urls[:: max(1, args.every)] for h in VARIANTS.values()]
    requests += [(q, h) for q in QUERIES for h in ({}, *VARIANTS.values())]
    with tempfile.TemporaryDirectory(prefix="parity-") as tmp:
        old_tree = _export(args.ref, Path(tmp) / "old")
        with _server(old_tree, Path(tmp) / "old.log") as old, _server(None, Path(tmp) / "new.log") as new:
            total, differences, examples = compare(old, new, requests)
    print(f"parity with {args.ref}: {len(urls)} fixed URLs and {len(QUERIES)} queries, {total} requests compared")
    if not differences:
        print("identical: status, body and every header compared")
    for what, count in sorted(differences.items(), key=lambda kv: -kv[1]):
        print(f"- {what}: {count} requests, e.g. {examples[what]}")
    return 1 if args.check and differences else 0


if __name__ == "__main__":
    sys.exit(main())
