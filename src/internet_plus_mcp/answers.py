"""The answers the agent interface gives, computed from the library alone (never from the API).

Each answer is a JSON object that carries what a reader needs to check it: ``release`` (the dataset
version the answer comes from), the ids of the rows it rests on, and their Chinese text as the edition
prints it (``quote_zh``), beside the same rows the REST API gives for the same question (the contract
test holds them equal). "Who holds this duty today" is the library's one computation: the ``holders``
rows of each duty, and ``Dataset.holders_of`` for each agency's role, beside its recorded changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from internet_plus import Dataset, NotFoundError, load
from internet_plus.family import LINK_FIELDS
from internet_plus.nearest import nearest
from internet_plus.rowjson import as_json
from internet_plus.search import DEFAULT_TABLES, SEARCH_FIELDS

__all__ = [
    "QUOTE_FIELDS",
    "api_path",
    "cite_answer",
    "get_row",
    "lineage_answer",
    "quote_of",
    "responsible_answer",
    "search_answer",
    "table_name",
]

QUOTE_FIELDS = ("text_zh", "quote_zh", "attribution_zh", "corrected_text", "title_zh", "name_zh", "term_zh")
"""Where a row's Chinese text is, in order of preference: the first of these the row fills is its quote."""

LINEAGE_DOCUMENT_FIELDS = ("number_zh", "title_zh", "title_en", "issuers_zh", "signed", "published", "url")


def table_name(ds: Dataset, name: str) -> str:
    """The library's name of a table, from either form (``measure_groups`` or the old ``measure-groups``)."""
    return ds.table_name(name)


def api_path(table: str, row_id: str | None = None) -> str:
    """The row's (or the table's) path in the REST API, which names a table as everywhere else."""
    return f"/v1/{table}" if row_id is None else f"/v1/{table}/{row_id}"


def quote_of(row: dict[str, Any], field: str | None = None) -> str | None:
    """The row's Chinese text: ``field`` if it is a filled Chinese field, else the first of QUOTE_FIELDS."""
    if field and field.endswith("_zh") and row.get(field):
        return str(row[field])
    return next((str(row[f]) for f in QUOTE_FIELDS if row.get(f)), None)


def _row(ds: Dataset, table: str, row_id: str) -> dict[str, Any]:
    found = ds.get(table, row_id)
    if found is None and table == "actions":
        found = ds.action(row_id)  # a slug (collaborative-manufacturing), as the API accepts it
    if found is None:
        keys = [getattr(r, "id", "") for r in ds.rows(table)]
        raise NotFoundError(table, row_id, nearest(row_id, keys))
    return as_json(table, found)


def get_row(ds: Dataset, table: str, row_id: str) -> dict[str, Any]:
    """One row, every field, as the API's item answer gives it."""
    name = table_name(ds, table)
    row = _row(ds, name, row_id)
    rid = str(row.get("id", row_id))
    return {
        "release": ds.version,
        "table": name,
        "id": rid,
        "url": api_path(name, rid),
        "quote_zh": quote_of(row),
        "row": row,
    }


def search_answer(ds: Dataset, query: str, tables: Sequence[str] | None = None, limit: int = 20) -> dict[str, Any]:
    """The first ``limit`` hits of ``/v1/search``, each with the Chinese text of the row it found."""
    if not query.strip():
        raise ValueError("search: the query is empty")
    if not 1 <= limit <= 500:
        raise ValueError(f"search: limit must be 1 to 500, not {limit}")
    wanted = tuple(table_name(ds, t) for t in tables) if tables else DEFAULT_TABLES
    for t in wanted:
        if t not in SEARCH_FIELDS:
            raise NotFoundError("searchable table", t, nearest(t, SEARCH_FIELDS))
    hits = ds.search(query, wanted)
    out = []
    for h in hits[:limit]:
        row = _row(ds, h.table, h.id)
        out.append(
            {
                **dataclasses.asdict(h),
                "url": api_path(h.table, h.id),
                "quote_zh": quote_of(row, h.field),
            }
        )
    return {"release": ds.version, "query": query, "total": len(hits), "hits": out}


def lineage_answer(ds: Dataset, subject: str) -> dict[str, Any]:
    """The documents linked to a subject, as ``/v1/<table>/{id}/lineage`` lists them; the quote is each link's."""
    links = []
    for entry in ds.lineage(subject):
        doc, link = as_json("documents", entry.document), as_json("document_links", entry.link)
        links.append(
            {
                "link_id": link["id"],
                "document_id": doc["id"],
                **{n: doc[n] for n in LINEAGE_DOCUMENT_FIELDS},
                "text_held": doc["text_held"],
                **{n: link[n] for n in LINK_FIELDS},
                "document_url": api_path("documents", doc["id"]),
            }
        )
    return {"release": ds.version, "subject": subject, "links": links}


def _subject(ds: Dataset, subject: str) -> tuple[str, dict[str, Any]]:
    """The table and row of an action (id or slug), task, measure or document (id or number)."""
    if ds.get("documents", subject) is not None or subject in {d.number_zh for d in ds.documents}:
        return "documents", as_json("documents", ds.document(subject))
    for table in ("actions", "tasks", "measures"):
        if ds.get(table, subject) is not None:
            return table, _row(ds, table, subject)
    try:
        return "actions", as_json("actions", ds.action(subject))
    except NotFoundError:
        keys = [r.id for t in ("actions", "tasks", "measures", "documents") for r in ds.rows(t)]
        raise NotFoundError("action, task, measure or document", subject, nearest(subject, keys)) from None


def _holders(ds: Dataset, agency_id: str) -> dict[str, Any]:
    """Who holds an agency's role today: the dataset's answer if it has one, and the recorded changes."""
    agency = ds.agency(agency_id)
    changes = [as_json("agency_changes", c) for c in ds.successors(agency.id)]
    held = [
        {
            "holder_agency_id": h.holder_id,
            "outcome": h.outcome,
            "as_of": h.as_of.isoformat(),
            "path": [c.id for c in h.path],
            "caveats": [c.id for c in h.caveats],
        }
        for h in ds.holders_of(agency.id)
    ]
    return {
        "agency_id": agency.id,
        "name_zh": agency.name_zh,
        "name_en": agency.name_en,
        "holders_today": held,
        "changes": changes,
    }


def responsible_answer(ds: Dataset, subject: str) -> dict[str, Any]:
    """Who is named for an action, task (through its action), measure or document, in printed order, with
    each agency's later history; the quotes are the subject's text and each attribution as printed."""
    table, row = _subject(ds, subject)
    duties = [as_json("responsibilities", r) for r in ds.responsible_for(row["id"])]
    inherited = row.get("action_id") if table == "tasks" else None
    agencies = list(dict.fromkeys(d["agency_id"] for d in duties))
    return {
        "release": ds.version,
        "subject": {
            "table": table,
            "id": row["id"],
            "url": api_path(table, row["id"]),
            "quote_zh": quote_of(row),
        },
        "inherited_from": inherited,
        "duties": duties,
        "agencies": [_holders(ds, a) for a in agencies],
        "holders": [as_json("holders", h) for h in ds.holders_for(row["id"])],
    }


def cite_answer(ds: Dataset, citation: dict[str, Any]) -> dict[str, Any]:
    """A citation (from the citation module) with the release it names and, for a row, its quote."""
    out = {"release": ds.version, **citation}
    if citation.get("table") and citation.get("id"):
        cited = citation.get("cited_release") or ds.version
        source = ds if cited == ds.version else load(version=str(cited))  # the row as that release published it
        out["quote_zh"] = quote_of(_row(source, str(citation["table"]), str(citation["id"])))
    return out
