"""``python scripts/bench_serving.py`` refuses a folder that holds no static copy with one clear line.

The benchmark itself is run by hand (it measures for minutes; no test asserts a time). Before it
measures, it checks that the generated configuration and the bare-root limit send the same bytes for
every file case, and that the floor answers every query as the app does through the same nginx.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_folder_without_a_copy_is_one_line_naming_it(root: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "scripts/bench_serving.py", "--copy", str(tmp_path), "--no-house"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"bench_serving.py: --copy {str(tmp_path)!r} holds no copy (internet-plus static --out DIR)"
    ]
