"""The code stays ruff-clean, ruff-formatted and mypy-clean (strict) on src, api and scripts.

Each check runs the tool as configured in pyproject.toml, so a regression fails the suite, not just
a linter run someone may forget.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

CODE = ("src", "api", "scripts", "tests", "benchmarks")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True, check=False)


def test_ruff_clean(root: Path) -> None:
    out = _run(root, "ruff", "check", "--no-cache", *CODE)
    assert out.returncode == 0, out.stdout[-3000:]


def test_ruff_formatted(root: Path) -> None:
    out = _run(root, "ruff", "format", "--check", "--no-cache", *CODE)
    assert out.returncode == 0, "run `ruff format`:\n" + out.stdout[-3000:]


def test_mypy_strict_clean_on_src_api_and_scripts(root: Path) -> None:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) == {"src/internet_plus", "api/internet_plus_api", "scripts"}
    out = _run(root, "mypy", "--no-incremental")  # checks exactly the files of [tool.mypy]
    assert out.returncode == 0, out.stdout[-3000:]


def test_modules_are_small_and_declare_all(root: Path) -> None:
    for path in [
        *(root / "src" / "internet_plus").glob("*.py"),
        *(root / "api").rglob("*.py"),
        *(root / "scripts").glob("*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        generated = "GENERATED" in text.split("\n", 1)[0]  # models.py, _t2s.py: written by the build
        if path.name == "__main__.py" or generated or path.name.startswith("bench"):
            continue
        assert len(text.splitlines()) <= 320, f"{path.relative_to(root)} has grown past ~300 lines: split it"
        assert "__all__" in text, f"{path.relative_to(root)} declares no __all__"
