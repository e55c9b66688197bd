"""Benchmarks of the installed library (pytest-benchmark; not part of the test run).

    python -m pytest benchmarks/test_bench_package.py --benchmark-enable --benchmark-columns=min,median,mean,stddev,rounds

Cold start is measured in a fresh interpreter per round, beside two references: an empty interpreter
and the same files read with ``import pandas; pandas.read_csv``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV_FILES = sorted(str(p) for p in (ROOT / "dataset").glob("*.csv"))


def _fresh(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cold_python_baseline(benchmark: Any) -> None:
    benchmark.pedantic(_fresh, args=("pass",), rounds=15, warmup_rounds=2)


def test_cold_import_and_load(benchmark: Any) -> None:
    benchmark.pedantic(_fresh, args=("import internet_plus; internet_plus.load()",), rounds=15, warmup_rounds=2)


def test_cold_pandas_read_csv_reference(benchmark: Any) -> None:
    code = f"import pandas; [pandas.read_csv(f) for f in {CSV_FILES!r}]"
    benchmark.pedantic(_fresh, args=(code,), rounds=15, warmup_rounds=2)


@pytest.fixture(scope="module")
def ds() -> Any:
    import internet_plus

    return internet_plus.load()


@pytest.mark.parametrize("query", ["大数据", "大數據", "big data", "金融"])
def test_search(benchmark: Any, ds: Any, query: str) -> None:
    ds.search(query)  # builds the normalised index once, as any first search does
    benchmark(ds.search, query)


def test_to_pandas_tasks(benchmark: Any, ds: Any) -> None:
    benchmark(ds.to_pandas, "tasks")
