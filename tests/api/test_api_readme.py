"""The README's API examples work when pasted: each ``curl`` line runs against the real server."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import Server

pytestmark = pytest.mark.slow


def _examples(root: Path) -> list[str]:
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## REST API") :]
    block = section[section.index("```sh\n") + 6 : section.index("```\n", section.index("```sh\n") + 6)]
    return [line for line in block.splitlines() if line.startswith("curl ")]


def test_every_readme_curl_example_works(root: Path) -> None:
    examples = _examples(root)
    assert len(examples) >= 4 and any("大數據" in e for e in examples)
    server = Server()
    try:
        for example in examples:
            args = shlex.split(example.replace("http://127.0.0.1:8000", server.url))
            out = subprocess.run(
                [args[0], "-sS", "--fail-with-body", "-w", "\\n%{http_code}", *args[1:]],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            body, _, status = out.stdout.rpartition("\n")
            assert out.returncode == 0 and status in ("200", "206"), (example, out.stdout[-300:], out.stderr)
            assert body.strip(), example
            if "大數據" in example:
                assert '"total":' in body and '"total":0' not in body
    finally:
        server.stop()
