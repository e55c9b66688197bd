"""The code stays ruff-clean and mypy-clean (strict); a regression fails the suite, not just a linter run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_ruff_clean(root: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "src", "api", "scripts", "tests", "benchmarks"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]


def test_mypy_strict_clean(root: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "-p", "internet_plus", "-p", "internet_plus_api"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]


def test_modules_are_small_and_declare_all(root: Path) -> None:
    for path in [
        *(root / "src" / "internet_plus").glob("*.py"),
        *(root / "api").rglob("*.py"),
        *(root / "scripts").glob("*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        if path.name in ("__main__.py", "_t2s.py") or path.name.startswith("bench"):
            continue
        assert len(text.splitlines()) <= 320, f"{path.relative_to(root)} has grown past ~300 lines: split it"
        assert "__all__" in text, f"{path.relative_to(root)} declares no __all__"
