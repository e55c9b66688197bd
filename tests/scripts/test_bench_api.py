"""``python scripts/bench_api.py`` runs end to end: its references send exactly the API's answers.

This checks the benchmark, not the speed (no test asserts a time): the script refuses to report a
ratio when a reference does not replay the recorded answer byte for byte, so a run that exits 0 has
compared like with like. One case, one second, the API and its two same-answer references only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_one_case_runs_against_references_that_replay_the_api_s_answer(root: Path) -> None:
    out = subprocess.run(
        [sys.executable, "scripts/bench_api.py", "--core", "--only", "one item", "--seconds", "1", "--rounds", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith("| one item |")]
    assert len(rows) == 1, out.stdout
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert float(cells[1].replace(",", "")) > 0 and float(cells[5].replace(",", "")) > 0  # API and ceiling answered
    assert out.stdout.rstrip().splitlines()[-1] in ("all targets met: yes", "all targets met: no")
