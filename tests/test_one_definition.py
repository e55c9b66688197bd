"""House rules that keep one definition of each fact: the code is read, not run.

One nearest-id function (internet_plus.nearest), one CSV writer (internet_plus.csvfile), one Table
Schema reader (internet_plus.tableschema), one role rule (internet_plus.roles), and the library never
importing the API.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("src/internet_plus", "api/internet_plus_api", "scripts")
MCP = ROOT / "src/internet_plus_mcp"


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


def test_one_role_rule() -> None:
    """The build and the library name the roles in internet_plus.roles only (models.py lists them as the
    schema's enum; the API's pages may label them for display)."""
    assigners = sorted(
        rel
        for rel, tree in modules()
        if not rel.startswith("api/")
        and rel != "src/internet_plus/models.py"
        and any(isinstance(n, ast.Constant) and n.value in ("co-lead", "participant") for n in ast.walk(tree))
    )
    assert assigners == ["src/internet_plus/roles.py"]


def test_one_schema_reader() -> None:
    """No module but tableschema.py turns a schema's bytes into JSON (a heuristic: ``schema… = ….loads(…)``)."""
    readers = set()
    for rel, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                calls = [c for c in ast.walk(node.value) if isinstance(c, ast.Call)]
                parses = any(isinstance(c.func, ast.Attribute) and c.func.attr == "loads" for c in calls)
                if parses and "schema" in ast.unparse(node).lower():
                    readers.add(rel)
    assert readers == {"src/internet_plus/tableschema.py"}


def _swaps_hyphens(node: ast.AST) -> bool:
    """``x.replace("_", "-")`` or ``x.replace("-", "_")``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"):
        return False
    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
    return sorted(map(str, args)) == ["-", "_"]


# modules that swap the two for names that are not tables: header names as nginx variables, document ids as
# handler names
NOT_TABLES = {"api/internet_plus_api/web/nginx.py", "api/internet_plus_api/web/routes.py"}


def test_one_table_name_rule() -> None:
    """A table has one name, in its files and its URLs alike: nothing converts it, and the spelling URLs had
    before 3.2.0 (``document-links``) is known in one module, internet_plus.table_names."""
    trees = [*modules()]
    trees += [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8"))) for p in MCP.rglob("*.py")]
    swapping = {rel for rel, tree in trees if any(_swaps_hyphens(n) for n in ast.walk(tree))}
    assert swapping - NOT_TABLES == {"src/internet_plus/table_names.py"}


OUTSIDE_THE_LIBRARY = ("internet_plus_api", "internet_plus_mcp", "litestar", "uvicorn", "mcp")


def test_the_library_never_imports_the_api() -> None:
    """Data flows one way: the API and the MCP server import the library, never the reverse (``serve`` and
    ``mcp`` are found by entry point)."""
    for rel, tree in modules():
        if rel.startswith("src/internet_plus/"):
            wrong = {m for m in imported_modules(tree) if m.split(".")[0] in OUTSIDE_THE_LIBRARY}
            assert not wrong, f"{rel} imports {sorted(wrong)}"
    probe = (
        "import importlib, os, pkgutil, sys, internet_plus\n"
        "for m in pkgutil.walk_packages(internet_plus.__path__, 'internet_plus.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "from internet_plus.cli import main\n"
        "sys.stdout = open(os.devnull, 'w')\n"
        "assert main(['info']) == 0 and main(['search', '大数据']) == 0\n"
        f"print(file=sys.__stdout__, end=str(sorted(n for n in sys.modules if n.split('.')[0] in {OUTSIDE_THE_LIBRARY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "[]"


def test_serve_is_the_api_packages_command_found_by_entry_point() -> None:
    (found,) = entry_points(group="internet_plus.commands", name="serve")
    assert found.value == "internet_plus_api.server:main"
    out = subprocess.run(
        [sys.executable, "-m", "internet_plus.cli", "serve", "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0 and out.stdout.startswith("usage: internet-plus serve")
    assert "--trusted-proxies" in out.stdout, "the options are the API's own"
