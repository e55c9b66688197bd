"""``python scripts/validate.py`` and ``frictionless validate datapackage.json``, as the README gives them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


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


def _with_hash_updated(package: Path, rel: str) -> None:
    """Record ``rel``'s new sha256 and size in datapackage.json, as someone editing both would."""
    import hashlib
    import json

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    data = (package / rel).read_bytes()

    def update(node: object) -> None:
        if isinstance(node, dict):
            if node.get("path") == rel and "hash" in node:
                node["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                node["bytes"] = len(data)
            for value in node.values():
                update(value)
        elif isinstance(node, list):
            for value in node:
                update(value)

    update(descriptor)
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.parametrize("damage", ["truncated JSON", "non-UTF-8 CSV", "digits that are not ASCII"])
def test_a_damaged_table_with_its_hash_updated_is_one_line(root: Path, tmp_path: Path, damage: str) -> None:
    for rel in ("datapackage.json", "dataset", "schemas"):
        src = root / rel
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / rel)
    if damage == "truncated JSON":
        rel, expected = "dataset/tasks.json", "tasks: dataset/tasks.json: cannot be read as JSON: not UTF-8"
        data = (tmp_path / rel).read_bytes()
        cut = next(i for i in range(len(data) // 2, len(data)) if data[i] > 127)  # inside a Chinese character
        (tmp_path / rel).write_bytes(data[: cut + 1])
    elif damage == "digits that are not ASCII":  # "²".isdigit() is true, int("²") raises
        rel, expected = "dataset/tasks.csv", "tasks:row 2:number: type-error (value '\u00b2')"
        text = (tmp_path / rel).read_text(encoding="utf-8")
        (tmp_path / rel).write_text(text.replace(",A01.1,1,", ",A01.1,\u00b2,", 1), encoding="utf-8")
    else:
        rel, expected = "dataset/terms.csv", "terms: encoding-error"
        raw = (tmp_path / rel).read_bytes()
        (tmp_path / rel).write_bytes(raw[:200] + b"\xff" + raw[200:])
    _with_hash_updated(tmp_path, rel)
    command = [sys.executable, "-m", "internet_plus", "validate", "--package", str(tmp_path / "datapackage.json")]
    out = run(*command, cwd=root)
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith(expected)], out.stdout
