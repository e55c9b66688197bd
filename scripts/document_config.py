"""dataset/source/<document-id>/document.toml -> a typed description of one document of the genre.

Everything that is particular to a document (where its text comes from, its heading patterns, what its
parts are called, which table each becomes, its id prefix and id patterns) is read from its folder, so
adding a document of the same genre is a folder and a config file, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import SOURCE, BuildError, read_text, relative
from schema_roles import table_roles

from internet_plus.expectations import EXPECTATION_KEYS

__all__ = ["DocumentConfig", "Unit", "documents_in", "load_config"]

KINDS = ("section", "paragraph", "principle", "target", "action", "task", "measure_group", "measure")


@dataclass(frozen=True)
class Unit:
    """How one kind of paragraph becomes a provision (and perhaps a row of a structured table)."""

    kind: str
    id: str
    table: str | None = None
    pattern: re.Pattern[str] | None = None
    attribution: bool = False
    horizon: re.Pattern[str] | None = None
    dimension: re.Pattern[str] | None = None
    dimension_id: str | None = None


@dataclass(frozen=True)
class Part:
    heading: Unit
    body: Unit | None = None
    item: Unit | None = None
    sections: dict[int, Unit] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentConfig:
    id: str
    folder: Path
    id_prefix: str
    raw_path: Path
    text_path: str
    header_separator: str
    front: tuple[str, ...]
    markers: dict[str, re.Pattern[str]]
    attribution: dict[str, Any]
    parts: dict[int, Part]
    dimensions: dict[str, str]
    id_patterns: dict[str, re.Pattern[str]]
    expected: dict[str, Any] = field(default_factory=dict)

    def curated(self, name: str) -> Path:
        return self.folder / name

    def gid(self, local: str) -> str:
        """The published, globally unique id of a local id (the prefix is empty for 40号)."""
        return self.id_prefix + local

    def local(self, gid: str) -> str:
        return gid[len(self.id_prefix) :] if gid.startswith(self.id_prefix) else gid


def _regex(where: str, value: Any) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise BuildError(f"{where}: expected a regular expression, found {value!r}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise BuildError(f"{where}: not a valid regular expression ({exc})") from None


def _unit(where: str, raw: Any, default_kind: str | None = None) -> Unit:
    if not isinstance(raw, dict):
        raise BuildError(f"{where}: expected a table of kind, id, ...")
    known = {"kind", "id", "table", "pattern", "attribution", "horizon", "dimension", "dimension_id"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise BuildError(f"{where}: unknown key(s) {', '.join(unknown)}")
    kind = raw.get("kind", default_kind)
    if kind not in KINDS:
        raise BuildError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if not isinstance(raw.get("id"), str):
        raise BuildError(f"{where}: no id template")
    table = raw.get("table")
    units = table_roles().of_kind("unit")
    if table is not None and table not in units:
        raise BuildError(f"{where}: table {table!r} is not one of {', '.join(units)}")
    return Unit(
        kind=kind,
        id=raw["id"],
        table=table,
        pattern=_regex(f"{where}.pattern", raw["pattern"]) if "pattern" in raw else None,
        attribution=bool(raw.get("attribution", False)),
        horizon=_regex(f"{where}.horizon", raw["horizon"]) if "horizon" in raw else None,
        dimension=_regex(f"{where}.dimension", raw["dimension"]) if "dimension" in raw else None,
        dimension_id=raw.get("dimension_id"),
    )


def _count(where: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BuildError(f"{where}: expected a count (0, 1, ...), found {value!r}")
    return value


def _expected(rel: str, raw: Any) -> dict[str, Any]:
    """``[expect]``: the counts a reader finds in the text (see internet_plus.expectations)."""
    if not isinstance(raw, dict):
        raise BuildError(f"{rel}: expect must be a table")
    if unknown := sorted(set(raw) - set(EXPECTATION_KEYS)):
        raise BuildError(f"{rel}: expect: unknown key(s) {', '.join(unknown)} (known: {', '.join(EXPECTATION_KEYS)})")
    tables = table_roles().document_rows
    out: dict[str, Any] = {k: _count(f"{rel}: expect.{k}", raw[k]) for k in ("parts", "attributions") if k in raw}
    for key in ("rows", "per_parent"):
        for table in raw.get(key, {}):
            if table not in tables:
                raise BuildError(f"{rel}: expect.{key}.{table}: not a table of a document's rows ({', '.join(tables)})")
    if "rows" in raw:
        out["rows"] = {t: _count(f"{rel}: expect.rows.{t}", n) for t, n in raw["rows"].items()}
    if "per_parent" in raw:
        out["per_parent"] = {}
        for table, spec in raw["per_parent"].items():
            where = f"{rel}: expect.per_parent.{table}"
            if not isinstance(spec, dict) or set(spec) != {"field", "counts"} or not isinstance(spec["counts"], list):
                raise BuildError(f'{where}: expected {{ field = "<parent>_id", counts = [n, ...] }}')
            counts = [_count(where, n) for n in spec["counts"]]
            out["per_parent"][table] = {"field": str(spec["field"]), "counts": counts}
    return out


def load_config(folder: Path) -> DocumentConfig:
    path = folder / "document.toml"
    rel = relative(path)
    try:
        raw = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{rel}: not valid TOML ({exc})") from None
    missing = [k for k in ("id", "id_prefix", "raw", "text", "front", "markers", "parts") if k not in raw]
    if missing:
        raise BuildError(f"{rel}: missing key(s) {', '.join(missing)}")
    if raw["id"] != folder.name:
        raise BuildError(f"{rel}: id {raw['id']!r} differs from its folder name {folder.name!r}")
    prefix = raw["id_prefix"]
    if prefix and not re.fullmatch(r"[a-z][a-z0-9]*:", prefix):
        raise BuildError(f"{rel}: id_prefix {prefix!r} must be empty or lower-case letters and digits and a colon")
    markers = {k: _regex(f"{rel}: markers.{k}", v) for k, v in raw["markers"].items()}
    for needed in ("part", "section", "signature", "date"):
        if needed not in markers:
            raise BuildError(f"{rel}: markers.{needed} is missing")
    parts: dict[int, Part] = {}
    for key, spec in raw["parts"].items():
        where = f"{rel}: parts.{key}"
        if not (key.isascii() and key.isdigit()) or "heading" not in spec:
            raise BuildError(f"{where}: a part is numbered (1, 2, ...) and has a heading")
        sections = {int(n): _unit(f"{where}.sections.{n}", u) for n, u in spec.get("sections", {}).items()}
        parts[int(key)] = Part(
            heading=_unit(f"{where}.heading", spec["heading"]),
            body=_unit(f"{where}.body", spec["body"], "paragraph") if "body" in spec else None,
            item=_unit(f"{where}.item", spec["item"]) if "item" in spec else None,
            sections=sections,
        )
    attribution = dict(raw.get("attribution", {}))
    if attribution:
        attribution["pattern"] = _regex(f"{rel}: attribution.pattern", attribution.get("pattern"))
    return DocumentConfig(
        id=raw["id"],
        folder=folder,
        id_prefix=prefix,
        raw_path=folder / raw["raw"],
        text_path=raw["text"],
        header_separator=raw.get("header_separator", ""),
        front=tuple(raw["front"]),
        markers=markers,
        attribution=attribution,
        parts=parts,
        dimensions=dict(raw.get("dimensions", {})),
        id_patterns={k: _regex(f"{rel}: ids.{k}", v) for k, v in raw.get("ids", {}).items()},
        expected=_expected(rel, raw.get("expect", {})),
    )


def documents_in(source: Path = SOURCE) -> list[DocumentConfig]:
    """Every document whose full text the edition holds: each folder of the source tree with a document.toml."""
    return [load_config(p.parent) for p in sorted(source.glob("*/document.toml"))]
