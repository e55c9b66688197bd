"""The schemathesis contract run (``contract_run.py``), in a pytest process of its own.

schemathesis gives every generated operation the same node id, and pytest-xdist, which the suite
uses to run on both cores, keeps one item per node id: inside the parallel run only one operation
would be tested. So the contract runs here, in one process without xdist, and this test demands
that it passed and that it tested every operation of the OpenAPI document.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from contract_run import schema

HERE = Path(__file__).resolve().parent


def _operations() -> int:
    """The operations schemathesis itself finds in the OpenAPI document: one passed test each."""
    return sum(1 for _ in schema.get_all_operations())


@pytest.mark.slow
@pytest.mark.heavy(55)
def test_the_api_keeps_its_contract_for_every_operation() -> None:
    command = [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:xdist", "-p", "no:cacheprovider"]
    command += ["--benchmark-disable", "-q", str(HERE / "contract_run.py")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent.parent, timeout=600, check=False)
    tail = done.stdout[-3000:]
    assert done.returncode == 0, tail
    passed = re.search(r"(\d+) passed", tail)
    assert passed is not None, tail
    assert int(passed.group(1)) == _operations(), tail
