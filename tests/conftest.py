"""Shared fixtures: the repository's paths, the loaded dataset, and the published tables as CSV rows."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


_LEAN: list[Any] = []


def pytest_configure(config: pytest.Config) -> None:
    """A whole-suite run begins the lean-Run install at once (tests/lean_install.py says why)."""
    if hasattr(config, "workerinput") or config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return
    if config.option.keyword or config.option.markexpr or config.option.collectonly:
        return
    from lean_install import LEAN_RUN_ENV, begin, run_extra

    extra = run_extra(ROOT)
    if extra is not None and LEAN_RUN_ENV not in os.environ:
        _LEAN.append(begin(ROOT, extra))


def _weight(item: pytest.Item) -> float:
    marker = item.get_closest_marker("heavy")
    return float(marker.args[0]) if marker is not None and marker.args else 0.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files with heavy tests first, heaviest first, the rest in their order: the suite hands whole
    files to its two workers in collection order (``--dist loadfile --no-loadscope-reorder``), so a heavy
    file begun last would keep one worker busy after the other has finished (with xdist's own order, by
    number of tests, the static copy and the contract run began last: ~80 s of one idle core)."""
    weight: dict[str, float] = {}
    for item in items:
        weight[item.path.as_posix()] = max(weight.get(item.path.as_posix(), 0.0), _weight(item))
    items.sort(key=lambda item: -weight[item.path.as_posix()])


def pytest_unconfigure(config: pytest.Config) -> None:
    from lean_install import end

    while _LEAN:
        end(_LEAN.pop())


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
    return (ROOT / "dataset" / "source" / "guofa-2015-40" / "guofa-2015-40.zh.pdf-extract.txt").read_text(
        encoding="utf-8"
    )


def read_csv(table: str) -> list[dict[str, str]]:
    text = (ROOT / "dataset" / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="session")
def csv_rows() -> Any:
    return read_csv


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The app under uvicorn, as deployed, for the whole session (browser tests share it)."""
    from browsing import run_server

    with run_server(ROOT, tmp_path_factory.mktemp("uvicorn") / "server.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Any:
    """One headless Chromium for the whole session; each test opens its own context."""
    from browsing import LAUNCH_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, timeout=30_000)
        yield chromium
        chromium.close()
