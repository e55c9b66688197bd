"""docs/architecture.md stays true: linked from the README, and every path and name it cites exists."""

from __future__ import annotations

import re
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
