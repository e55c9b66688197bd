"""The policy family's lineage: which documents are linked to a document, action, task or measure, and how.

Kept apart from dataset.py so that the plan's navigation and the family's stay small modules; the
Dataset's ``lineage`` method is the entry point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import models as m
from .errors import NotFoundError
from .nearest import nearest

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["LINK_FIELDS", "SUBJECT_TABLES", "LineageEntry", "lineage", "subject_of"]

SUBJECT_TABLES = ("actions", "tasks", "measure_groups", "measures", "principles", "targets")
LINK_FIELDS = (
    "relation",
    "evidence_grade",
    "evidence_rank",
    "to_document_id",
    "to_subject_id",
    "quote_zh",
    "quote_url",
    "verified",
)
"""What a lineage entry says of its link, in the API's and the agent interface's answers alike."""


@dataclass(frozen=True, slots=True)
class LineageEntry:
    """One document linked to a subject (a document, action, task or measure), with the link's evidence."""

    document: m.Document
    link: m.DocumentLink


def subject_of(ds: Dataset, key: str) -> tuple[str, str]:
    """(table, id) of a lineage subject: a document (id or number), action (id or slug), task, group or measure."""
    documents = ds.table("documents")
    if key in documents or any(d.number_zh == key for d in documents):
        return "documents", ds.document(key).id
    action = next((a.id for a in ds.actions if a.slug == key), key)
    for table in SUBJECT_TABLES:
        if action in ds.table(table):
            return table, action
    keys = [r.id for t in ("documents", "actions", "tasks", "measures") for r in ds.table(t)]
    raise NotFoundError("document, action, task or measure", key, nearest(key, keys))


def lineage(ds: Dataset, subject: str) -> tuple[LineageEntry, ...]:
    """See Dataset.lineage: links to the subject (and to its tasks or measures), strongest evidence first."""
    table, key = subject_of(ds, subject)
    if table == "documents":
        links = [x for x in ds.document_links if x.to_document_id == key and x.to_subject_id is None]
    else:
        ids = {key}
        if table == "actions":
            ids |= {t.id for t in ds.tasks if t.action_id == key}
        elif table == "measure_groups":
            ids |= {x.id for x in ds.measures if x.group_id == key}
        links = [x for x in ds.document_links if x.to_subject_id in ids]
    docs = ds.table("documents")

    def order(x: m.DocumentLink) -> tuple[int, str, str]:
        d = docs.lookup(x.from_document_id)
        when = d.signed or d.published
        return (x.evidence_rank, when.isoformat() if when else "9999", x.id)

    return tuple(LineageEntry(docs.lookup(x.from_document_id), x) for x in sorted(links, key=order))
