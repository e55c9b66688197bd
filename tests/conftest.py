"""Shared fixtures: the repository's paths, the loaded dataset, and the published tables as CSV rows."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ds() -> Any:
    import internet_plus

    return internet_plus.load()


@pytest.fixture(scope="session")
def canonical_text() -> str:
    return (ROOT / "dataset" / "guofa-2015-40.zh.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def raw_text() -> str:
    return (ROOT / "dataset" / "source" / "guofa-2015-40.zh.pdf-extract.txt").read_text(encoding="utf-8")


def read_csv(table: str) -> list[dict[str, str]]:
    text = (ROOT / "dataset" / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="session")
def csv_rows() -> Any:
    return read_csv
