"""Adding a document of the genre is a folder and a config file: the build's code takes any such folder.

tests/fixtures/guofa-2099-1/ is a small fictional State Council opinion with its own document.toml (a
different id prefix, id templates and dimension names than 40号's). The same functions that build 40号 and
5号 build it: its text is cut into provisions that cover it, its rows carry its prefix and document_id, its
attributions give responsibilities, and nothing in scripts/ names it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _common import BuildError
from agency_tables import Agencies
from document_config import documents_in, load_config
from parse_document import parse
from source_text import apply_corrections, raw_body, read_corrections
from tables import DocumentText, _Builder

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "guofa-2099-1"


def build(folder: Path) -> tuple[DocumentText, dict[str, list[dict[str, Any]]]]:
    cfg = load_config(folder)
    source, raw = raw_body(cfg)
    text, errata = apply_corrections(raw, read_corrections(raw, cfg))
    doc = DocumentText(cfg, source, raw, text, errata, parse(text, cfg))
    agencies = Agencies()
    agencies.texts = {cfg.id_prefix: (cfg.text_path, text)}
    return doc, _Builder(doc, agencies).tables()


@pytest.fixture(scope="module")
def fixture() -> tuple[DocumentText, dict[str, list[dict[str, Any]]]]:
    return build(FIXTURE)


def test_the_fixture_is_found_like_any_document_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "guofa-2099-1")
    shutil.copytree(ROOT / "dataset" / "source" / "guofa-2015-5", tmp_path / "guofa-2015-5")
    assert [c.id for c in documents_in(tmp_path)] == ["guofa-2015-5", "guofa-2099-1"]


def test_its_rows_have_its_prefix_and_document(fixture: Any) -> None:
    _, tables = fixture
    assert [r["id"] for r in tables["actions"]] == ["fx:X1"]
    assert [r["id"] for r in tables["tasks"]] == ["fx:X1.1", "fx:X1.2"]
    assert [(r["id"], r["action_id"], r["number"]) for r in tables["tasks"]][1] == ("fx:X1.2", "fx:X1", 2)
    assert [r["id"] for r in tables["principles"]] == ["fx:P1", "fx:P2"]
    assert [(r["id"], r["parent_id"], r["dimension"]) for r in tables["targets"]] == [
        ("fx:G2030", None, None),
        ("fx:G2030.1", "fx:G2030", "infrastructure"),
    ]
    assert [r["id"] for r in tables["measures"]] == ["fx:S1.1"]
    assert {r["document_id"] for rows in tables.values() for r in rows} == {"guofa-2099-1"}


def test_its_provisions_cover_its_text_and_every_row_is_the_text_at_its_offsets(fixture: Any) -> None:
    doc, tables = fixture
    spans = sorted((p["start"], p["end"]) for p in tables["provisions"])
    pos = 0
    for start, end in spans:
        assert start >= pos and not doc.text[pos:start].strip()
        pos = end
    assert not doc.text[pos:].strip()
    for name in ("provisions", "principles", "targets", "actions", "tasks", "measure_groups", "measures"):
        for r in tables[name]:
            assert doc.text[r["start"] : r["end"]] == r["text_zh"], (name, r["id"])
    assert doc.text.startswith("国务院关于推进示例行动的指导意见\n"), "the header is not part of the text"


def test_its_attributions_name_agencies_by_the_rule(fixture: Any) -> None:
    _, tables = fixture
    got = [(r["id"], r["agency_id"], r["role"]) for r in tables["responsibilities"]]
    assert got == [("fx:X1-01", "ndrc", "lead"), ("fx:X1-02", "most", "participant"), ("fx:S1.1-01", "ndrc", "lead")]


def test_its_english_is_composed_like_40s(fixture: Any) -> None:
    _, tables = fixture
    english = {p["id"]: p["text_en"] for p in tables["provisions"]}
    assert english["fx:X1"] == "(1) Promote example sharing."
    assert english["fx:X1.1"] == "1. Build a sharing platform. Build a unified national example sharing platform."
    assert (
        english["fx:G2030.1"]
        == "—Data sharing is more convenient. The openness of public data will be markedly raised."
    )


def test_a_paragraph_the_config_does_not_describe_stops_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "guofa-2099-1"
    shutil.copytree(FIXTURE, folder)
    config = folder / "document.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[parts.3]", "[parts.9]"), encoding="utf-8")
    with pytest.raises(BuildError, match=r"^dataset/guofa-2099-1\.zh\.txt: line \d+: paragraph '三、保障措施'…: "):
        build(folder)


def test_no_build_code_names_a_document() -> None:
    """What is particular to a document is in its folder: scripts/ names no document, number or id prefix."""
    for path in (ROOT / "scripts").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("guofa-2015-5", "gf5:", "国发〔2015〕5号", "guofa-2099"):
            assert needle not in text, (path.name, needle)


COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", "dist", "build", "*.egg-info")
# The data and library tests that must hold for any set of held documents (the releases' and README's
# tests state the published history and its prose, which a new document changes by hand).
SUITE = ("tests/dataset", "tests/package/test_search.py", "tests/package/test_cli_pipes.py")


def _run(tree: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree / "src"), str(tree / "api")])}
    return subprocess.run(
        [sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )


def next_minor(tree: Path) -> None:
    """Set the next minor version in the copy's pyproject.toml, as the README's steps say (configuration, not code)."""
    path = tree / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    major, minor, _ = re.search(r'^version = "(\d+)\.(\d+)\.(\d+)"$', text, re.M).groups()  # type: ignore[union-attr]
    path.write_text(
        re.sub(r'^version = ".*"$', f'version = "{major}.{int(minor) + 1}.0"', text, count=1, flags=re.M),
        encoding="utf-8",
    )


@pytest.mark.heavy(35)
def test_copying_the_folder_into_the_source_tree_adds_the_document_with_no_code_change(tmp_path: Path) -> None:
    """The README's "How to add a document", done literally: one folder copied, then build, validate, test."""
    tree = tmp_path / "repo"
    shutil.copytree(ROOT, tree, ignore=COPY_IGNORE)
    shutil.copytree(FIXTURE, tree / "dataset" / "source" / FIXTURE.name)
    next_minor(tree)  # a published release never changes: a new document is the next minor release
    built = _run(tree, "scripts/build.py")
    assert built.returncode == 0, built.stderr
    valid = _run(tree, "scripts/validate.py")
    assert valid.returncode == 0 and valid.stdout.startswith("valid"), valid.stdout + valid.stderr
    package = json.loads((tree / "datapackage.json").read_text(encoding="utf-8"))
    expected = {t["document_id"]: t.get("expected") for t in package["texts"]}
    assert expected[FIXTURE.name]["rows"]["tasks"] == 2  # its document.toml's counts, kept for validate
    documents = (tree / "dataset" / "documents.csv").read_text(encoding="utf-8")
    assert "\nguofa-2099-1,国发〔2099〕1号," in documents  # its documents row, from its folder
    changed = sorted(
        p.relative_to(tree).as_posix()
        for p in (tree / "scripts").rglob("*.py")
        if p.read_bytes() != (ROOT / p.relative_to(tree)).read_bytes()
    )
    assert changed == []
    suite = _run(tree, "-m", "pytest", *SUITE, "-q", "-n", "0", "-p", "no:cacheprovider", timeout=900)
    assert suite.returncode == 0, suite.stdout[-3000:]


def test_validate_names_a_count_the_rows_do_not_have(fixture: Any) -> None:
    from internet_plus.expectations import count_problems

    _, tables = fixture
    cfg = load_config(FIXTURE)
    assert count_problems(cfg.id, cfg.expected, tables) == []
    wrong = {**cfg.expected, "rows": {**cfg.expected["rows"], "tasks": 3}}
    assert count_problems(cfg.id, wrong, tables) == [("tasks", "", "2 rows of guofa-2099-1; the document has 3")]
