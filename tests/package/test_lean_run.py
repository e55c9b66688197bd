"""The README's Run command installs only what serving needs: a fresh virtual environment made by it
imports the server and serves ``/healthz`` and a page, and holds none of the development toolchain.

The install uses pip's cache and the package index pip is configured with, as the README's command does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
from browsing import free_port, running
from lean_install import LEAN_RUN_ENV, install_command, run_command, run_extra, wait

NOT_FOR_SERVING = (
    "pytest",
    "mypy",
    "ruff",
    "pandas",
    "polars",
    "pyarrow",
    "playwright",
    "schemathesis",
    "datasette",
    "mcp",
)


def test_the_run_command_installs_the_api_extra_and_the_test_command_the_dev_extra(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert run_command(root) == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[api]' && internet-plus serve"
    )
    test = readme.split("**Test**", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0].strip()
    assert "pip install -q -e '.[dev]'" in test and test.endswith("python -m pytest")


@pytest.mark.slow
def test_a_fresh_venv_from_the_run_command_serves_the_api_and_the_pages(root: Path, tmp_path: Path) -> None:
    extra = run_extra(root)
    assert extra is not None
    begun = os.environ.get(LEAN_RUN_ENV)  # a whole-suite run began it at configure time
    folder = Path(begun) if begun else tmp_path
    if not begun:
        subprocess.run(install_command(root, extra, folder / "venv"), check=True, timeout=900)
    status, log = wait(folder)
    assert status == 0, log[-3000:]
    venv = folder / "venv"
    probe = (
        "import importlib.util, internet_plus_api.server; print(' '.join(m for m in %r if importlib.util.find_spec(m)))"
    )
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe % (NOT_FOR_SERVING,)], capture_output=True, text=True, check=False
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "", f"development packages in the server's install: {found.stdout}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "INTERNET_PLUS_RATE_LIMIT")}
    command = [str(venv / "bin" / "internet-plus"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with running("internet-plus serve", command, tmp_path, env, base + "/healthz", tmp_path / "serve.log"):
        assert httpx.get(base + "/healthz").status_code == 200
        page = httpx.get(base + "/v1/actions/A02", headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "协同制造" in page.text
