"""The policy family: ``/v1/documents/{id}/links`` and ``/v1/<collection>/{id}/lineage``.

A lineage answers "which documents implement (or precede, or build on) this document, action, task
or measure, and on what evidence": one row per link, strongest evidence first, with the linked
document's number, title, issuers and dates beside the link's relation, grade, quote and URL. Built
as ``Table``s like the other related lists, so they share the envelope, formats and pagination.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request

from internet_plus import Dataset
from internet_plus.family import LINK_FIELDS

from ..catalog import Catalog, Collection, FieldSpec, Table
from ..listing import list_params
from ..routing import Endpoint, PathParam
from .common import LIST_HEADERS, data_content, id_schema, list_view, not_found, ref

__all__ = ["LINEAGE_SUBJECTS", "lineage_endpoints", "lineage_fields"]

LINEAGE_SUBJECTS = ("documents", "actions", "tasks", "measure_groups", "measures")
DOCUMENT_FIELDS = ("number_zh", "title_zh", "title_en", "issuers_zh", "signed", "published", "url", "text_held")


def _spec(coll: Collection, name: str) -> FieldSpec:
    return next(f for f in coll.table.fields if f.name == name)


def lineage_fields(catalog: Catalog) -> tuple[FieldSpec, ...]:
    docs, links = catalog.collections["documents"], catalog.collections["document_links"]
    return (
        FieldSpec("link_id", "string", "The document_links row.", pattern=_spec(links, "id").pattern, required=True),
        FieldSpec(
            "document_id",
            "string",
            "The linked document (the link's from_document_id).",
            pattern=_spec(docs, "id").pattern,
            required=True,
        ),
        *(_spec(docs, n) for n in DOCUMENT_FIELDS),
        *(_spec(links, n) for n in LINK_FIELDS),
        FieldSpec("document_url", "string", "The API path of the linked document.", required=True),
    )


def _entry_rows(ds: Dataset, subject: str) -> tuple[dict[str, Any], ...]:
    out = []
    for entry in ds.lineage(subject):
        doc, link = entry.document.model_dump(mode="json"), entry.link.model_dump(mode="json")
        out.append(
            {
                "link_id": link["id"],
                "document_id": doc["id"],
                **{n: doc[n] for n in DOCUMENT_FIELDS},
                **{n: link[n] for n in LINK_FIELDS},
                "document_url": f"/v1/documents/{doc['id']}",
            }
        )
    return tuple(out)


def _tables_by_id(coll: Collection, make: Callable[[str], Table]) -> Callable[[Request[Any, Any, Any]], Table]:
    """A row's table (its lineage, a document's links), made on the row's first request and kept."""
    tables: dict[str, Table] = {}

    def table_of(request: Request[Any, Any, Any]) -> Table:
        key = str(request.path_params["id"])
        row_id = coll.aliases.get(key, key)
        found = tables.get(row_id)
        if found is None:
            if row_id not in coll.index:
                raise not_found(coll, key)
            found = tables[row_id] = make(row_id)
        return found

    return table_of


def lineage_endpoints(ds: Dataset, catalog: Catalog) -> list[Endpoint]:
    if not {"documents", "document_links"} <= set(catalog.collections):
        return []
    endpoints: list[Endpoint] = []
    fields = lineage_fields(catalog)
    params = list_params(Table(fields, ()))
    for table_name in LINEAGE_SUBJECTS:
        coll = catalog.collections.get(table_name)
        if coll is None:
            continue
        name = coll.name
        scope = {
            "documents": "links to the document as a whole",
            "actions": "links to the action and to its tasks",
            "measure_groups": "links to the group and to its measures",
        }.get(table_name, "links to it")
        endpoints.append(
            Endpoint(
                path=f"/v1/{name}/{{id}}/lineage",
                view=list_view(
                    _tables_by_id(coll, lambda key: Table(fields, _entry_rows(ds, key))),
                    lambda request, name=name: f"/v1/{name}/{request.path_params['id']}/lineage",  # type: ignore[misc]
                    params,
                ),
                tag=name,
                operation_id=f"lineage_of_{table_name}",
                summary=f"{coll.title}: the documents that implement, precede or build on one row",
                description=f"The documents of the policy family linked to one row of {name} ({scope}), "
                "strongest evidence first (cites_number > cites_title > title_match > topical), then oldest "
                "first; each with the link's relation, evidence quote, URL and whether the quote was verified.",
                params=params,
                path_params=(PathParam("id", "The row's id.", id_schema(coll), coll.table.rows[0]["id"]),),
                content=data_content(ref("LineageEntryList"), None),
                headers=LIST_HEADERS,
            )
        )
    docs, links = catalog.collections["documents"], catalog.collections["document_links"]
    # the path names the document: no query parameter may be called id too
    link_params = tuple(p for p in list_params(Table(links.table.fields, ())) if p.name != "id")

    def links_of(key: str) -> Table:
        wanted = {x.id for x in ds.links_of(key)}
        return Table(
            links.table.fields, tuple(r for r in links.table.rows if r["id"] in wanted), links.table.text_fields
        )

    endpoints.append(
        Endpoint(
            path="/v1/documents/{id}/links",
            view=list_view(
                _tables_by_id(docs, links_of),
                lambda request: f"/v1/documents/{request.path_params['id']}/links",
                link_params,
            ),
            tag=docs.name,
            operation_id="list_document_links_of_document",
            summary="Documents: every link from or to one document",
            description="The rows of document_links whose from_document_id or to_document_id is the document.",
            params=link_params,
            path_params=(PathParam("id", "The document's id.", id_schema(docs), "guofa-2015-40"),),
            content=data_content(ref("DocumentLinkList"), None),
            headers=LIST_HEADERS,
        )
    )
    return endpoints
