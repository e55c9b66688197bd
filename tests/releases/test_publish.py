"""Publishing is safe: a package that fails validation is never published, and nothing is written when it is refused."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", "build", "dist"
)


@pytest.mark.slow
def test_publish_refuses_a_package_that_fails_validation(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(root, copy, ignore=IGNORE)
    schema_path = copy / "schemas" / "holders.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    outcome = next(f for f in schema["fields"] if f["name"] == "outcome")
    outcome["constraints"]["enum"].remove("collective")  # the build still writes the collective rows: invalid
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    pyproject = copy / "pyproject.toml"  # a published release never changes: the tampered package is a new version
    text = pyproject.read_text(encoding="utf-8")
    major = int(re.search(r'^version = "(\d+)\.', text, re.M)[1])  # type: ignore[index]
    pyproject.write_text(
        re.sub(r'^version = ".*"$', f'version = "{major + 1}.0.0"', text, count=1, flags=re.M), encoding="utf-8"
    )
    built = subprocess.run([sys.executable, "scripts/build.py"], cwd=copy, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    index = (copy / "releases" / "index.json").read_bytes()
    result = subprocess.run([sys.executable, "scripts/release.py", "publish"], cwd=copy, capture_output=True, text=True)
    assert result.returncode == 2
    assert "fails validation" in result.stderr and "nothing was published" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (copy / "releases" / "index.json").read_bytes() == index
    assert sorted(p.name for p in (copy / "releases").iterdir()) == sorted(
        p.name for p in (root / "releases").iterdir()
    )
