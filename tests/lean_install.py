"""The lean-Run install (tests/package/test_lean_run.py), begun when a whole-suite run starts.

Why: the install is a fresh virtual environment filled by pip from the package index, about 60 s of
waiting on the index and 15 s of work (measured, 2026-12-07). Run inside its test it held one of the
suite's two workers idle for that minute. Begun by the controlling process at configure time (before
pytest-xdist starts its workers, which inherit ``LEAN_RUN_ENV``), it runs beside the other tests; the
test then waits for it and checks the same install the README's Run command makes. A run of selected
tests (any path on the command line) does the install inside the test, as before.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["LEAN_RUN_ENV", "Install", "begin", "end", "install_command", "run_command", "run_extra", "wait"]

LEAN_RUN_ENV = "INTERNET_PLUS_TEST_LEAN_RUN"


def run_command(root: Path) -> str:
    """The README's Run command, as printed."""
    block = (root / "README.md").read_text(encoding="utf-8").split("**Run**", 1)[1].split("```sh\n", 1)[1]
    return block.split("\n```", 1)[0].strip()


def run_extra(root: Path) -> str | None:
    """The extra the Run command installs (``api`` in ``pip install -e '.[api]'``), or None if it names none."""
    found = re.search(r"pip install -e '\.\[(\w+)\]'", run_command(root))
    return found[1] if found else None


class Install:
    """A lean install under way in ``folder``: ``venv/`` is the environment, ``rc`` appears when pip ends."""

    def __init__(self, folder: Path, process: subprocess.Popen[bytes] | None = None) -> None:
        self.folder = folder
        self.process = process

    @property
    def venv(self) -> Path:
        return self.folder / "venv"


def install_command(root: Path, extra: str, venv: Path) -> list[str]:
    """One shell line: make the environment, install the extra, and record pip's exit status in ``rc``.
    ``--no-compile``: the packages' bytecode is written as the server imports them, not all up front (19.7 s
    of CPU for the install, 14.5 without, measured; the install runs beside the suite's two workers)."""
    pip = venv / "bin" / "pip"
    line = (
        f"{shlex.quote(sys.executable)} -m venv {shlex.quote(str(venv))} && "
        f"{shlex.quote(str(pip))} install -q --no-compile --disable-pip-version-check "
        f"-e {shlex.quote(f'{root}[{extra}]')}"
    )
    rc = shlex.quote(str(venv.parent / "rc"))
    return ["bash", "-c", f"( {line} ) > {shlex.quote(str(venv.parent / 'install.log'))} 2>&1; echo $? > {rc}"]


def begin(root: Path, extra: str) -> Install:
    folder = Path(tempfile.mkdtemp(prefix="internet-plus-lean-run-"))
    process = subprocess.Popen(install_command(root, extra, folder / "venv"), start_new_session=True)
    os.environ[LEAN_RUN_ENV] = str(folder)
    return Install(folder, process)


def wait(folder: Path, timeout: float = 900) -> tuple[int, str]:
    """pip's exit status and log once the install has ended."""
    rc = folder / "rc"
    deadline = time.monotonic() + timeout
    while not rc.is_file() or not rc.read_text().strip():
        if time.monotonic() > deadline:
            return -1, f"the lean install in {folder} did not end within {timeout:.0f} s"
        time.sleep(0.5)
    log = folder / "install.log"
    return int(rc.read_text().strip()), log.read_text(errors="replace") if log.is_file() else ""


def end(install: Install) -> None:
    if install.process is not None and install.process.poll() is None:
        install.process.kill()
        install.process.wait()
    shutil.rmtree(install.folder, ignore_errors=True)
