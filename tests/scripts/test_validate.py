"""``python scripts/validate.py`` and ``frictionless validate datapackage.json``, as the README gives them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def test_the_package_is_valid(root: Path) -> None:
    out = run(sys.executable, "scripts/validate.py", cwd=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == "valid: Frictionless and the edition's own checks pass\n"


def test_frictionless_itself_finds_it_valid(root: Path) -> None:
    out = run(str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json", cwd=root)
    assert out.returncode == 0, out.stdout[-2000:]


def test_an_edited_table_is_a_problem_line_and_exit_1(root: Path, tmp_path: Path) -> None:
    for rel in ("datapackage.json", "dataset", "schemas"):
        src = root / rel
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / rel)
    tasks = tmp_path / "dataset" / "tasks.csv"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("\nA02.1,", "\nA02.x,", 1), encoding="utf-8")
    out = run(sys.executable, "scripts/validate.py", str(tmp_path / "datapackage.json"), cwd=root)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and out.stderr.startswith("invalid: ")
    assert any("dataset/tasks.csv: corrupted or modified" in line for line in out.stdout.splitlines()), out.stdout
