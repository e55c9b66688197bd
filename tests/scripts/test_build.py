"""The build: what is committed is what it writes, it writes the same bytes every time, and bad input stops it
with one line naming the file, the line and the value.

Every run is a real ``python scripts/build.py`` in a fresh process: hash randomisation differs between
processes, so only separate runs can show that nothing depends on set or dict iteration order.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# about sixty builds run as processes, each on a damaged copy of one input: about a minute in all
pytestmark = pytest.mark.heavy(55)

ROOT = Path(__file__).resolve().parents[2]
# What the build reads: copying these makes a tree whose scripts/build.py builds the whole package.
INPUTS = ("scripts", "dataset/source", "schemas", "pyproject.toml", "src/internet_plus", "releases")


def run_build(script_root: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, str(script_root / "scripts" / "build.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("built")
    result = run_build(ROOT, "--out", str(out), seed="1")
    assert result.returncode == 0, result.stderr
    return files_under(out)


def test_the_committed_files_are_what_the_build_writes(built: dict[str, bytes]) -> None:
    """``scripts/build.py --check``, done the long way: build into a temporary folder and compare."""
    tables = sorted(p.stem for p in (ROOT / "schemas").glob("*.json"))
    assert {"datapackage.json", *(f"dataset/{t}.{ext}" for t in tables for ext in ("csv", "json"))} <= set(built)
    stale = [rel for rel, data in built.items() if (ROOT / rel).read_bytes() != data]
    assert stale == [], f"out of date (run scripts/build.py): {stale}"


def test_check_passes_on_the_repository() -> None:
    result = run_build(ROOT, "--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date:")


def test_building_twice_gives_identical_bytes(built: dict[str, bytes], tmp_path: Path) -> None:
    result = run_build(ROOT, "--out", str(tmp_path), seed="2")
    assert result.returncode == 0, result.stderr
    again = files_under(tmp_path)
    assert set(again) == set(built)
    assert [rel for rel in built if again[rel] != built[rel]] == []


def test_check_names_a_stale_file_and_exits_1(built: dict[str, bytes], tmp_path: Path) -> None:
    for rel, data in built.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "dataset" / "tasks.csv").write_bytes(built["dataset/tasks.csv"].replace(b"A02.1", b"A02.9", 1))
    result = run_build(ROOT, "--check", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == "out of date (run scripts/build.py): dataset/tasks.csv\n"
    assert (tmp_path / "dataset" / "tasks.csv").read_bytes() != built["dataset/tasks.csv"], "--check wrote nothing"


# -- bad input ------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the build's inputs, to damage; the published releases (61 MB, never damaged here, and only
    read by ``--check``, which writes nothing) are linked, not copied: 114 copies took 8 s of the suite."""
    for rel in INPUTS:
        src, dst = ROOT / rel, tmp_path / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if rel == "releases":
            dst.symlink_to(src, target_is_directory=True)
        elif src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
    return tmp_path


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit did not change {path.name}"
    path.write_text(changed, encoding="utf-8")


def failure(tree: Path) -> str:
    """The build's one line on stderr, after asserting that it failed as a build failure (exit 2)."""
    result = run_build(tree, "--check")
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("build failed: ")
    return lines[0].removeprefix("build failed: ")


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[number - 1]


def test_a_ragged_curated_row(tree: Path) -> None:
    agencies = tree / "dataset" / "source" / "agencies.csv"
    edit(agencies, lambda t: t + "mystery,神秘部\n")
    number = agencies.read_text(encoding="utf-8").count("\n")
    message = failure(tree)
    assert message == f"dataset/source/agencies.csv: line {number}: 2 values for 10 columns (row 'mystery,神秘部')"
    assert line_of(agencies, number) == "mystery,神秘部"


def test_a_curated_value_outside_its_vocabulary(tree: Path) -> None:
    english = tree / "dataset" / "source" / "guofa-2015-40" / "english.csv"
    edit(english, lambda t: t.replace(",reviewed,", ",done,", 1))
    message = failure(tree)
    number = next(i for i, line in enumerate(english.read_text(encoding="utf-8").split("\n"), 1) if ",done," in line)
    assert message.startswith(f"dataset/source/guofa-2015-40/english.csv: line {number} (")
    assert "translation_status 'done' is not one of untranslated, draft, reviewed" in message


# Python's str.isdigit() holds "²" and "١" to be digits, and int() refuses them: a number is ASCII digits
NOT_ASCII_DIGITS = {
    "guofa-2015-40/english.csv": (
        ",reviewed,1\n",
        ",reviewed,\u00b2\n",
        "translation_revision '\u00b2' is not a whole number",
    ),
    "guofa-2015-40/corrections.csv": (",0,layout", ",\u0661,layout", "witnesses must be a whole number, not '\u0661'"),
    "guofa-2015-40/document.toml": ("[parts.1]", '[parts."\u00b2"]', "a part is numbered (1, 2, ...)"),
}


@pytest.mark.parametrize("name", sorted(NOT_ASCII_DIGITS))
def test_a_number_of_digits_that_are_not_ascii(tree: Path, name: str) -> None:
    before, after, reason = NOT_ASCII_DIGITS[name]
    edit(tree / "dataset" / "source" / name, lambda t: t.replace(before, after, 1))
    assert reason in failure(tree)


def test_a_repeated_curated_id(tree: Path) -> None:
    slugs = tree / "dataset" / "source" / "guofa-2015-40" / "action_slugs.csv"
    edit(slugs, lambda t: t + t.split("\n")[1] + "\n")
    number = slugs.read_text(encoding="utf-8").count("\n")
    assert (
        failure(tree)
        == f"dataset/source/guofa-2015-40/action_slugs.csv: line {number}: duplicate id 'A01' (first at line 2)"
    )


def test_a_correction_whose_context_no_longer_matches(tree: Path) -> None:
    """A new extract where E26's damage (战略电商 for 农村电商) is worded differently: the correction must not apply."""
    raw = tree / "dataset" / "source" / "guofa-2015-40" / "guofa-2015-40.zh.pdf-extract.txt"
    edit(raw, lambda t: t.replace("大力发展战略电商", "大力发展战略性电商", 1))
    corrections = tree / "dataset" / "source" / "guofa-2015-40" / "corrections.csv"
    number = next(
        i for i, line in enumerate(corrections.read_text(encoding="utf-8").split("\n"), 1) if line.startswith("E26,")
    )
    message = failure(tree)
    assert message.startswith(f"dataset/source/guofa-2015-40/corrections.csv: line {number} (E26): context '")
    assert message.endswith("' occurs 0 times in the raw extract (must be exactly once)")


def test_an_agency_name_missing_from_agencies_csv(tree: Path) -> None:
    agencies = tree / "dataset" / "source" / "agencies.csv"
    edit(agencies, lambda t: "\n".join(line for line in t.split("\n") if not line.startswith("ndrc,")))
    message = failure(tree)
    text = ROOT / "dataset" / "guofa-2015-40.zh.txt"
    number = next(i for i, line in enumerate(text.read_text(encoding="utf-8").split("\n"), 1) if "发展改革委" in line)
    assert message.startswith(f"dataset/guofa-2015-40.zh.txt: line {number} (")
    assert "agency '发展改革委' (name 1 of （发展改革委、" in message
    assert message.endswith("is not in dataset/source/agencies.csv")
    assert "发展改革委" in line_of(text, number)


def test_a_malformed_schema(tree: Path) -> None:
    edit(tree / "schemas" / "tasks.json", lambda t: t.replace('"fields"', '"fields" "', 1))
    message = failure(tree)
    assert message.startswith("schemas/tasks.json: line 5: not valid JSON (")


def test_a_schema_the_inventory_does_not_name(tree: Path) -> None:
    shutil.copy2(tree / "schemas" / "terms.json", tree / "schemas" / "glossary.json")
    assert failure(tree) == "schemas/glossary.json: a table not in the inventory (scripts/_common.py TABLES)"


DAMAGE = {
    "truncated": lambda t: t[: len(t) // 2],
    "a line of garbage": lambda t: t.replace("\n", '\n"unclosed,\x00garbage\n', 1),
    "emptied": lambda t: "",
}
# Every input of dataset/source the build reads, the documents' folders too (glossary_exceptions.csv is read by
# the English tests only).
SOURCE = ROOT / "dataset" / "source"
CURATED = sorted(
    p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*") if p.is_file() and p.name != "glossary_exceptions.csv"
)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("name", CURATED)
def test_any_damaged_input_is_one_line_never_a_traceback(tree: Path, name: str, damage: str) -> None:
    path = tree / "dataset" / "source" / name
    edit(path, DAMAGE[damage])
    result = run_build(tree, "--check")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (1, 2), result.stdout
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1, result.stderr
