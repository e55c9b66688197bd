"""Rebuild every generated file from the source text and the curated inputs.

    python scripts/build.py          # write the files
    python scripts/build.py --check  # exit 1 and name the files that would change
    python scripts/build.py --out D  # write (or with --check, compare with) the files under D instead

One command, deterministic output: a second run writes byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _common import ROOT, BuildError, json_bytes, load_schema, relative, table_inventory
from changes import Snapshot, all_changes
from citations import citation_files
from document_config import documents_in
from formats import derived_files, distribution_entries
from gen_docs import bilingual, data_dictionary
from gen_models import models_source
from gen_t2s import t2s_source
from package import descriptor, table_files
from parse_document import parse
from schema_roles import roles_source
from source_text import apply_corrections, in_source_file, raw_body, read_corrections
from tables import DocumentText, build_tables

from internet_plus.expectations import count_problems
from releases import release_config, tree_problems

__all__ = ["generate", "main"]


def check_expectations(docs: list[DocumentText], tables: dict[str, list[dict[str, Any]]]) -> None:
    """A document's rows are what a reader counts in its text (its document.toml's [expect]), or the build stops."""
    for doc in docs:
        problems = count_problems(doc.cfg.id, doc.cfg.expected, tables)
        if problems:
            table, _, message = problems[0]
            raise BuildError(f"{relative(doc.cfg.folder / 'document.toml')}: expect: {table}: {message}")


def generate() -> dict[str, bytes]:
    """Every generated file, keyed by its path relative to the repository root."""
    tables_in_order = table_inventory()
    docs = []
    for cfg in documents_in():
        source, raw = raw_body(cfg)
        text, errata = apply_corrections(raw, read_corrections(raw, cfg))
        errata = in_source_file(source, raw, errata)
        docs.append(DocumentText(cfg, source, raw, text, errata, parse(text, cfg)))
    tables = build_tables(docs)
    check_expectations(docs, tables)
    config = release_config()
    files: dict[str, bytes] = {d.cfg.text_path: d.text.encode("utf-8") for d in docs}
    built = [t for t in tables_in_order if t != "changes"]
    for name in built:
        files.update(table_files(name, tables[name]))
    current = Snapshot(
        config.version, {t: load_schema(t) for t in built}, {t: files[f"dataset/{t}.csv"] for t in built}
    )
    tables["changes"] = all_changes(current, {e["id"] for e in tables["errata"]})
    files.update(table_files("changes", tables["changes"]))
    held = [d for d in tables["documents"] if d["text_path"]]
    expected = {d.cfg.id: d.cfg.expected for d in docs}
    package = descriptor(files, tables_in_order, held, config.date, expected)
    derived = derived_files(files, package, tables_in_order)
    files.update(derived)
    package["distributions"] = distribution_entries(derived)
    files["datapackage.json"] = json_bytes(package)
    files["docs/data-dictionary.md"] = data_dictionary(tables_in_order).encode("utf-8")
    files["docs/bilingual.md"] = bilingual(tables["provisions"], held).encode("utf-8")
    files["src/internet_plus/models.py"] = models_source(tables_in_order).encode("utf-8")
    files["src/internet_plus/table_roles.py"] = roles_source().encode("utf-8")
    files.update(citation_files(package, config.version, config.date))
    chinese = "".join(d.text for d in docs) + "".join(a["name_zh"] + a["name_zh_full"] for a in tables["agencies"])
    files["src/internet_plus/_t2s.py"] = t2s_source(chinese).encode("utf-8")
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    parser.add_argument("--out", type=Path, default=ROOT, help="the folder to write or check (default: the repository)")
    args = parser.parse_args(argv)
    out: Path = args.out
    try:
        files = generate()
        frozen = tree_problems(files)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 2
    if frozen:  # a published release is never rewritten
        print(f"build refused: {frozen[0]}", file=sys.stderr)
        return 2
    changed = []
    for rel, data in sorted(files.items()):
        path = out / rel
        if path.exists() and path.read_bytes() == data:
            continue
        changed.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if args.check:
        if changed:
            print("out of date (run scripts/build.py): " + ", ".join(changed), file=sys.stderr)
            return 1
        print(f"up to date: {len(files)} files")
        return 0
    print(f"wrote {len(changed)} of {len(files)} files" + (": " + ", ".join(changed) if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
