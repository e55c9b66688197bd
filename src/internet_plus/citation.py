"""The one source of every citation: the CLI (``internet-plus cite``), CITATION.cff (written by the build),
the schema.org ``citation`` of the portal metadata, the pages and the agent interface all ask here.

A citation names what was used — the dataset (its current version), one release, one document of the
family or one row — and always the release it comes from, with the release's file (the zip kept under
``releases/<version>/``, never changed once published) and its sha256, so a reader can fetch exactly
those bytes. A row is cited with its stable path in that release (``/v1/releases/<v>/tables/<t>/<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import orjson

from .errors import DatasetError, NotFoundError
from .nearest import nearest

__all__ = [
    "AUTHOR",
    "FORMATS",
    "REPOSITORY",
    "TITLE",
    "Reference",
    "csl",
    "reference",
    "release_file_url",
    "render",
]

REPOSITORY = "https://github.com/internet-plus-data/internet-plus"
AUTHOR = "Internet Plus open data contributors"
TITLE = "Internet Plus action plan (国发〔2015〕40号): structured bilingual edition"
FORMATS = ("text", "bibtex", "csl-json", "ris")


def release_file_url(version: str) -> str:
    """The release's zip itself (not a page about it): files under releases/<version>/ never change."""
    return f"{REPOSITORY}/raw/main/releases/{version}/internet-plus-{version}.zip"


@dataclass(frozen=True, slots=True)
class Reference:
    """What is cited: ``kind`` is dataset, release, document or row; ``part`` names the document or row."""

    kind: str
    version: str
    date: str
    sha256: str | None
    part: str | None = None
    table: str | None = None
    id: str | None = None
    path: str | None = None

    @property
    def url(self) -> str:
        return release_file_url(self.version)

    @property
    def key(self) -> str:
        """A citation key: ``internet-plus-2.0.0``, ``internet-plus-2.0.0-tasks-A02.1``."""
        tail = f"-{self.table}-{self.id}" if self.id else ""
        return f"internet-plus-{self.version}{tail}".replace(":", "-")


def _release_of(version: str | None, current: str, date: str) -> tuple[str, str, str | None]:
    from .versions import releases

    published = {r.version: r for r in releases()}
    wanted = version or current
    if wanted in published:
        r = published[wanted]
        return r.version, r.date, r.zip.sha256
    if wanted == current:
        return current, date, None  # the edition as installed, not published yet: no frozen file to hash
    raise NotFoundError("release", wanted, tuple(reversed(published))[:3])


def reference(
    ds: Any, key: str | None = None, *, release: str | None = None, table: str | None = None, date: str | None = None
) -> Reference:
    """The reference for ``key`` (None or ``dataset``: the dataset; a release's version; a document's id or
    number; a row's id) in ``release`` (default: the installed data's version). An id found in several
    tables (A02.1 is a task and a provision) is the row of the first table that is not ``provisions``,
    unless ``table`` names one.

    ``ds`` is the loaded dataset; ``date`` the installed version's release date when it is not published.
    """
    version, day, sha = _release_of(release, ds.version, date or _created())
    if key is None or key in ("", "dataset"):
        return Reference("release" if release else "dataset", version, day, sha)
    if key in {r.version for r in _published()}:
        return Reference("release", *_release_of(key, ds.version, day))
    source = ds if version == ds.version else _load(version)
    return _document(source, key, version, day, sha) or _row(source, key, table, version, day, sha)


def _document(source: Any, key: str, version: str, day: str, sha: str | None) -> Reference | None:
    """A document of the family, by id or number (or the id of a text the edition holds)."""
    if key not in source.texts and source.get("documents", key) is None and key not in _numbers(source):
        return None
    doc = source.document(key)
    part = f"{doc.title_zh} ({doc.number_zh or doc.id})"
    return Reference("document", version, day, sha, part, "documents", doc.id, _row_path(version, "documents", doc.id))


def _row(source: Any, key: str, table: str | None, version: str, day: str, sha: str | None) -> Reference:
    """The row ``key`` of ``table``, or of the first table that holds it, provisions last."""
    tables = [table] if table else sorted(source.tables, key=lambda t: t == "provisions")
    for name in tables:
        row = source.get(name, key)
        if row is not None and name != "changes":
            title = _row_title(row)
            part = f"{name} {key}" + (f" {title}" if title else "")
            return Reference("row", version, day, sha, part, name, key, _row_path(version, name, key))
    _no_row(source, key, table, tables, version)


def _no_row(source: Any, key: str, table: str | None, tables: list[str], version: str) -> NoReturn:
    """The table asked for does not exist, or no table holds ``key``: name the nearest of either."""
    if table and table not in source.tables:
        raise NotFoundError("table", table, nearest(table, source.tables))
    near = nearest(key, [getattr(r, "id", "") for t in tables for r in source.rows(t)])
    hint = f"; nearest: {', '.join(near)}" if near else ""
    raise DatasetError(f"cite: no row, document or release {key!r} in {version}{hint}")


def _row_title(row: Any) -> str | None:
    """Rows name themselves in one of three fields, by kind: a title, a name or a term."""
    return getattr(row, "title_zh", None) or getattr(row, "name_zh", None) or getattr(row, "term_zh", None)


def _created() -> str:
    """The installed package's date (``created`` in its datapackage.json: the build's release date)."""
    from .resources import data_root

    return str(orjson.loads(data_root().joinpath("datapackage.json").read_bytes()).get("created", ""))[:10]


def _published() -> tuple[Any, ...]:
    from .versions import releases

    return releases()


def _load(version: str) -> Any:
    from .loader import load

    return load(version=version)


def _numbers(ds: Any) -> set[str]:
    return {d.number_zh for d in ds.documents if d.number_zh}


def _row_path(version: str, table: str, key: str) -> str:
    return f"/v1/releases/{version}/tables/{table}/{key}"


def render(ref: Reference, fmt: str = "text") -> str:
    """The citation in one of FORMATS; the text form is what the pages, CITATION.cff's message and
    ``Release.citation`` give."""
    if fmt == "text":
        return _text(ref)
    if fmt == "bibtex":
        return _bibtex(ref)
    if fmt == "csl-json":
        return orjson.dumps([csl(ref)], option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    if fmt == "ris":
        return _ris(ref)
    raise DatasetError(f"cite: no format {fmt!r}; use one of {', '.join(FORMATS)}")


def _edition(ref: Reference) -> str:
    return f"{TITLE}, version {ref.version} ({ref.date}) [data set]"


def _tail(ref: Reference) -> str:
    sha = f" (sha256 {ref.sha256})" if ref.sha256 else " (not yet published)"
    where = f"; {ref.path}" if ref.path else ""
    return f"{ref.url}{sha}{where}."


def _text(ref: Reference) -> str:
    head = f"{AUTHOR} ({ref.date[:4]}). "
    if ref.part:
        head += f"{ref.part}. In: "
    return f"{head}{_edition(ref)}. {_tail(ref)}"


def _title(ref: Reference) -> str:
    return ref.part or f"{TITLE}, version {ref.version}"


def _bibtex(ref: Reference) -> str:
    fields = [
        ("author", f"{{{AUTHOR}}}"),
        ("title", f"{{{_title(ref)}}}"),
        ("year", ref.date[:4]),
        ("date", ref.date),
        ("version", ref.version),
        ("url", ref.url),
        ("note", "; ".join(n for n in (f"In: {TITLE}" if ref.part else "", _note(ref), ref.path) if n)),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{ref.key},\n{body}\n}}\n"


def _note(ref: Reference) -> str:
    return f"Data set. sha256 {ref.sha256}" if ref.sha256 else "Data set, not yet published"


def csl(ref: Reference) -> dict[str, Any]:
    """The CSL-JSON item (the form citeproc processors and Zotero read)."""
    year, month, day = (int(p) for p in ref.date.split("-"))
    item: dict[str, Any] = {
        "id": ref.key,
        "type": "dataset",
        "title": _title(ref),
        "author": [{"literal": AUTHOR}],
        "issued": {"date-parts": [[year, month, day]]},
        "version": ref.version,
        "URL": ref.url,
        "note": _note(ref),
    }
    if ref.part:
        item["container-title"] = TITLE
    if ref.path:
        item["locator"] = ref.path
    return item


def _ris(ref: Reference) -> str:
    lines = [
        ("TY", "DATA"),
        ("AU", AUTHOR),
        ("TI", _title(ref)),
        *([("T2", TITLE)] if ref.part else []),
        ("PY", ref.date[:4]),
        ("DA", ref.date.replace("-", "/")),
        ("ET", ref.version),
        ("UR", ref.url),
        ("N1", _note(ref)),
        *([("N1", ref.path)] if ref.path else []),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)
