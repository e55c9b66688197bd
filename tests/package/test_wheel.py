"""The real wheel: built, installed into a fresh virtualenv, used from another directory, offline.

This is the only test that proves the wheel carries its data; the source tree is not on its path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

VERSION = version("internet-plus")  # the release being built: pyproject's, via the installed metadata

pytestmark = [pytest.mark.slow, pytest.mark.heavy(18)]

CHECK = """
import json, internet_plus

ds = internet_plus.load()
counts = {t: len(ds.rows(t)) for t in ds.tables}
print(json.dumps({"file": internet_plus.__file__, "counts": counts, "version": internet_plus.__version__}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    """A virtualenv with only the wheel and its core dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("internet_plus-*.whl")
    venv.create(work / "env", with_pip=True)
    python = work / "env" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return python


def run_isolated(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(python), "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_wheel_loads_every_table_from_another_directory(
    installed: Path, tmp_path: Path, root: Path, csv_rows: Any
) -> None:
    import json

    out = run_isolated(installed, CHECK, tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert "site-packages" in result["file"] and str(root) not in result["file"]
    assert result["counts"] == {t: len(csv_rows(t)) for t in result["counts"]}  # the tables of this checkout
    assert {"actions", "tasks", "measures", "principles"} <= set(result["counts"])
    assert result["version"] == VERSION


def test_wheel_installs_no_generic_top_level_modules(installed: Path, tmp_path: Path) -> None:
    out = run_isolated(
        installed,
        "import importlib.util as u; print([m for m in ('api','dataset','schemas','scripts') if u.find_spec(m)])",
        tmp_path,
    )
    assert out.stdout.strip() == "[]"


def test_wheel_core_install_has_no_heavy_dependencies(installed: Path, tmp_path: Path) -> None:
    out = run_isolated(
        installed,
        "import importlib.util as u; print([m for m in ('frictionless','litestar','pandas','opencc') if u.find_spec(m)])",
        tmp_path,
    )
    assert out.stdout.strip() == "[]"


def test_readme_python_example_runs_against_the_wheel(installed: Path, tmp_path: Path, root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it in Python", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.S)
    assert example, "README has no Python example under 'Use it in Python'"
    out = run_isolated(installed, example.group(1), tmp_path)
    assert out.returncode == 0, out.stderr


def test_wheel_cli(installed: Path, tmp_path: Path) -> None:
    cli = installed.parent / "internet-plus"
    out = subprocess.run(
        [str(cli), "show", "tasks", "A02.1"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0 and "大力发展智能制造" in out.stdout
    missing = subprocess.run([str(cli), "serve"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert missing.returncode == 1 and "pip install 'internet-plus[api]'" in missing.stderr
    agent = subprocess.run([str(cli), "mcp"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (
        agent.returncode == 1
        and agent.stderr == "internet-plus: error: mcp needs its extra: pip install 'internet-plus[mcp]'\n"
    )


def test_wheel_exports_every_distribution_it_carries(installed: Path, tmp_path: Path, root: Path) -> None:
    """The SQLite, Parquet and xlsx files ship inside the wheel and come out checked by their sha256."""
    cli = installed.parent / "internet-plus"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for fmt in ("sqlite", "parquet", "xlsx"):
        out = subprocess.run(
            [str(cli), "export", "--format", fmt, "--out", str(tmp_path / fmt)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        for line in out.stdout.splitlines():
            assert Path(line).read_bytes() == (root / "dataset" / Path(line).name).read_bytes()
    assert (tmp_path / "sqlite" / "internet-plus.db").is_file() and (tmp_path / "xlsx" / "internet-plus.xlsx").is_file()


def test_wheel_refuses_a_table_edited_together_with_its_hash(installed: Path, tmp_path: Path) -> None:
    """Editing tasks.json and updating its sha256 in datapackage.json passes the per-file checks; the
    installer's record of datapackage.json does not, and the refusal is one line naming the file."""
    import hashlib
    import json

    find = "import internet_plus.resources as r; print(r.data_root())"
    data = Path(run_isolated(installed, find, tmp_path).stdout.strip())
    descriptor_path, table_path = data / "datapackage.json", data / "dataset" / "tasks.json"
    saved = descriptor_path.read_bytes(), table_path.read_bytes()
    try:
        tampered = saved[1].replace("智能制造".encode(), "智能製造".encode(), 1)
        table_path.write_bytes(tampered)
        descriptor = json.loads(saved[0])
        for resource in descriptor["resources"]:
            if resource["name"] == "tasks":
                resource["json"].update(bytes=len(tampered), hash="sha256:" + hashlib.sha256(tampered).hexdigest())
        descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        out = subprocess.run(
            [str(installed.parent / "internet-plus"), "info"], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert out.stderr.strip().splitlines() == [out.stderr.strip()]
        assert "datapackage.json: modified since installation" in out.stderr
    finally:
        descriptor_path.write_bytes(saved[0])
        table_path.write_bytes(saved[1])
    assert subprocess.run([str(installed.parent / "internet-plus"), "info"], cwd=tmp_path, check=False).returncode == 0
