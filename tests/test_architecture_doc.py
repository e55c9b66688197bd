"""docs/architecture.md stays true: linked from the README, and every path and name it cites exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_readme_links_it() -> None:
    assert "[docs/architecture.md](docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cited_path_exists() -> None:
    cited = set(re.findall(r"((?:scripts|src|api|tests|schemas|dataset|docs|releases|\.ci)/[\w./<>-]*[\w>])", DOC))
    concrete = {p for p in cited if "<" not in p and "*" not in p}
    assert concrete, "the document cites no paths"
    missing = sorted(p for p in concrete if not (ROOT / p).exists())
    assert missing == []


def test_every_cited_python_name_exists() -> None:
    """``internet_plus.x.y`` and ``scripts/m.py`` ``NAME`` pairs name things that are defined."""
    for module, name in re.findall(r"`internet_plus\.(\w+)\.(\w+)`", DOC):
        source = (ROOT / "src" / "internet_plus" / f"{module}.py").read_text(encoding="utf-8")
        assert re.search(rf"^(def|class) {name}\b|^{name}\b", source, re.M), f"internet_plus.{module}.{name}"
    for path, name in re.findall(r"`((?:scripts|api/internet_plus_api)/[\w/]+\.py)` `(\w+)`", DOC):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(def|class) {name}\b|^{name}\b", source, re.M), f"{path} {name}"


def test_the_top_level_holds_only_what_the_document_names() -> None:
    """A stray file at the top (a downloaded wheel, a scratch note) is caught before it is published."""
    section = DOC.split("### The top level", 1)[1].split("\n## ", 1)[0]
    named = {
        name.rstrip("/")
        for name in re.findall(r"^\| ((?:`[^`]+`(?:, )?)+) \|", section, re.M)
        for name in re.findall(r"`([^`]+)`", name)
    }
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    top = {path.split("/", 1)[0] for path in tracked if path}
    assert top - named == set(), "tracked at the top level but not named in docs/architecture.md"
    assert named - top == set(), "named in docs/architecture.md but not tracked"
