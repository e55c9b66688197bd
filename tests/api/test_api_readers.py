"""DuckDB and polars read the API's CSV and Parquet URLs from a real server, offline: DuckDB through the
httpfs extension installed from the package index (README, "Reading the URLs from DuckDB, polars and R"),
polars with nothing added. What they read is what the package holds."""

from __future__ import annotations

import collections
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars
import pytest
from browsing import run_server


@pytest.fixture(scope="module")
def base(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_server(root, tmp_path_factory.mktemp("readers") / "server.log") as url:
        yield url


def readme_duckdb_example(root: Path) -> str:
    section = (root / "README.md").read_text(encoding="utf-8").split("### Reading the URLs from DuckDB", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    return "\n".join(line.removeprefix("  ") for line in block.splitlines())


def test_the_readme_duckdb_example_reads_parquet_and_filtered_csv_urls(ds: Any, root: Path, base: str) -> None:
    code = readme_duckdb_example(root).replace("http://127.0.0.1:8000", base)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert out.returncode == 0, out.stderr
    roles = collections.Counter(r.role for r in ds.responsibilities)
    leads = collections.Counter(r.agency_id for r in ds.responsibilities if r.role == "lead")
    for role, n in roles.items():
        assert f"│ {role} " in out.stdout and f" {n} │" in out.stdout, (role, n, out.stdout)
    top = sorted(leads.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    assert f"│ {top[0]} " in out.stdout, out.stdout


def test_duckdb_reads_every_row_of_a_csv_url_with_no_download_of_its_own(ds: Any, base: str) -> None:
    """The extension is the file from the package index; DuckDB never fetches one (autoinstall is off)."""
    import importlib.resources

    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    version = duckdb.__version__
    httpfs = importlib.resources.files("duckdb_extension_httpfs") / f"extensions/v{version}/httpfs.duckdb_extension"
    con.sql(f"LOAD '{httpfs}'")
    rows = con.sql(f"select id, agency_id, role from read_csv('{base}/v1/responsibilities.csv') order by id").fetchall()
    assert rows == sorted((r.id, r.agency_id, r.role) for r in ds.responsibilities)
    tasks = con.sql(f"select id, number from '{base}/v1/download/tasks.parquet' where action_id = 'A02' order by id")
    assert tasks.fetchall() == [(t.id, t.number) for t in ds.tasks_of("A02")]


def test_polars_reads_the_csv_and_parquet_urls(ds: Any, base: str) -> None:
    csv = polars.read_csv(f"{base}/v1/responsibilities.csv")
    parquet = polars.read_parquet(f"{base}/v1/download/responsibilities.parquet")
    expected = [r.model_dump(mode="json") for r in ds.responsibilities]
    assert csv.to_dicts() == expected and parquet.to_dicts() == expected
    lazy = polars.scan_parquet(f"{base}/v1/download/tasks.parquet").filter(polars.col("action_id") == "A02")
    assert lazy.select("id").collect()["id"].to_list() == [t.id for t in ds.tasks_of("A02")]
