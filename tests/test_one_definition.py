"""House rules that keep one definition of each fact: the code is read, not run.

One nearest-id function (internet_plus.nearest), one CSV writer (internet_plus.csvfile), and the
library never importing the API.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("src/internet_plus", "api/internet_plus_api", "scripts")


def modules() -> Iterator[tuple[str, ast.Module]]:
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def attribute_calls(tree: ast.Module, owner: str) -> set[str]:
    """``csv.writer`` -> {"writer"}: the attributes of module ``owner`` that the code uses."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == owner
    }


def test_one_nearest_id_function() -> None:
    users = sorted(rel for rel, tree in modules() if "difflib" in imported_modules(tree))
    assert users == ["src/internet_plus/nearest.py"]


def test_one_csv_writer() -> None:
    writers = sorted(
        rel for rel, tree in modules() if attribute_calls(tree, "csv") & {"writer", "DictWriter", "register_dialect"}
    )
    assert writers == ["src/internet_plus/csvfile.py"]
