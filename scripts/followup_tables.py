"""documents + document_links + the curated searches -> the followups rows: what took up each task and measure of the
held documents, and what each of the 31 provinces issued for 40号.

Found or not is computed from the links, never curated: a subject with a link is found; a subject with none must have
its searches recorded in followups_none_found.csv, and the build refuses one without (or a stale record for a subject
that has links). Provinces are curated in provinces.csv in the order of the national statistics; a document folder may bring its own
followups_none_found.csv for its own tasks and measures: each names its
implementing document (a documents row whose province is that province) or what was searched.
"""

from __future__ import annotations

import re
from typing import Any

from _common import SOURCE, BuildError, read_curated_csv, read_curated_with_folders

from internet_plus.evidence import GRADES

__all__ = ["NONE_FOUND", "PROVINCES", "followup_rows"]

Record = dict[str, Any]
NONE_FOUND = SOURCE / "followups_none_found.csv"
PROVINCES = SOURCE / "provinces.csv"
FOLLOWED = ("tasks", "measures")
MAIN = "guofa-2015-40"


def _order(links: list[Record], docs: dict[str, Record]) -> list[Record]:
    def key(x: Record) -> tuple[int, str, str]:
        d = docs[x["from_document_id"]]
        return (GRADES.index(x["evidence_grade"]), d["signed"] or d["published"] or "9999", x["id"])

    return sorted(links, key=key)


def _summary(links: list[Record], docs: dict[str, Record]) -> Record:
    ordered = _order(links, docs)
    implements = [x["from_document_id"] for x in ordered if x["relation"] == "implements"]
    others = [x["from_document_id"] for x in ordered if x["relation"] != "implements"]
    return {
        "result": "found",
        "implemented_by": " ".join(dict.fromkeys(implements)) or None,
        "related": " ".join(d for d in dict.fromkeys(others) if d not in implements) or None,
        "link_ids": " ".join(x["id"] for x in ordered),
        "best_grade": ordered[0]["evidence_grade"],
        "searched": None,
    }


def _none(searched: str) -> Record:
    empty = dict.fromkeys(("implemented_by", "related", "link_ids", "best_grade"))
    return {"result": "none_found", **empty, "searched": searched}


def _subject_rows(tables: dict[str, list[Record]], docs: dict[str, Record]) -> list[Record]:
    searched = {r["subject_id"]: r for r in read_curated_with_folders(NONE_FOUND.name, ("subject_id", "searched"))}
    rows: list[Record] = []
    for table in FOLLOWED:
        for subject in tables[table]:
            links = [x for x in tables["document_links"] if x["to_subject_id"] == subject["id"]]
            record = searched.pop(subject["id"], None)
            base = {"id": subject["id"], "document_id": subject["document_id"], "subject_id": subject["id"]}
            base.update({"subject_table": table, "province_zh": None, "province_en": None})
            if links and record is not None:
                raise BuildError(f"{record.where}: {subject['id']} has links, so it is not none found; remove the row")
            if not links and (record is None or not record["searched"].strip()):
                raise BuildError(
                    f"{NONE_FOUND.name}: {subject['id']} has no link: record what was searched for it (a row with searched)"
                )
            rows.append({**base, **(_summary(links, docs) if links else _none(record["searched"] if record else ""))})
    if searched:
        stray = next(iter(searched.values()))
        raise BuildError(f"{stray.where}: {stray['subject_id']!r} is no task or measure of a held document")
    return rows


def _province_rows(tables: dict[str, list[Record]], docs: dict[str, Record]) -> list[Record]:
    rows: list[Record] = []
    named = {d["province"] for d in docs.values() if d["province"]}
    for p in read_curated_csv(PROVINCES, ("province_zh", "province_en", "document_id", "searched")):
        slug = re.sub(r"[^a-z]+", "-", p["province_en"].lower()).strip("-")
        base = {"id": f"province-{slug}", "document_id": MAIN, "subject_id": None, "subject_table": None}
        base.update({"province_zh": p["province_zh"], "province_en": p["province_en"]})
        named.discard(p["province_zh"])
        if not p["document_id"]:
            if not p["searched"].strip():
                raise BuildError(f"{p.where}: {p['province_zh']} names no document: record what was searched")
            rows.append({**base, **_none(p["searched"])})
            continue
        doc = docs.get(p["document_id"])
        if doc is None or doc["province"] != p["province_zh"]:
            raise BuildError(f"{p.where}: {p['document_id']!r} is no document of {p['province_zh']} in documents.csv")
        links = [
            x
            for x in tables["document_links"]
            if x["from_document_id"] == doc["id"] and x["to_document_id"] == MAIN and not x["to_subject_id"]
        ]
        if not links:
            raise BuildError(f"{p.where}: {doc['id']} has no document-level link to {MAIN} in document_links.csv")
        rows.append({**base, **_summary(links, docs)})
    if len(rows) != 31 or named:
        raise BuildError(f"{PROVINCES.name}: list the 31 province-level divisions once each ({len(rows)} rows)")
    return rows


def followup_rows(tables: dict[str, list[Record]]) -> list[Record]:
    docs = {d["id"]: d for d in tables["documents"]}
    return _subject_rows(tables, docs) + _province_rows(tables, docs)
