"""Parsed document + curated inputs -> the rows of every published table, in schema field order.

Structure (ids, numbering, text, offsets, who is named where) comes from the parse; curated files
add only what the text cannot give: English, agency names and histories, action slugs.
"""

from __future__ import annotations

import hashlib
from typing import Any

from _common import SOURCE, TABLES, BuildError, CuratedRow, by_id, read_curated_csv, relative
from agency_tables import Agencies, agency_change_rows, agency_rows, responsibility_rows
from english import attribution_en, compose
from parse_document import Parsed, Row
from source_text import Erratum

__all__ = ["build_tables"]

DIMENSIONS = {"经济发展": "economy", "社会服务": "society", "基础支撑": "infrastructure", "发展环境": "environment"}
STATUSES = ("untranslated", "draft", "reviewed")
ENGLISH = SOURCE / "english.csv"
Record = dict[str, Any]


def _english() -> dict[str, CuratedRow]:
    rows = read_curated_csv(ENGLISH, ("id", "title_en", "text_en", "translation_status", "translation_revision"))
    for row in rows:
        if row["translation_status"] not in STATUSES:
            raise BuildError(
                f"{row.where} ({row['id']}): translation_status {row['translation_status']!r} "
                f"is not one of {', '.join(STATUSES)}"
            )
        if not row["translation_revision"].isdigit():
            raise BuildError(
                f"{row.where} ({row['id']}): translation_revision {row['translation_revision']!r} is not a whole number"
            )
    return by_id(rows)


class _Builder:
    def __init__(self, text: str, raw: str, parsed: Parsed, errata: list[Erratum]) -> None:
        self.text, self.raw, self.parsed, self.errata = text, raw, parsed, errata
        self.en = _english()
        self.used_en: set[str] = set()
        self.agencies = Agencies(text)

    def english(self, rid: str) -> dict[str, Any]:
        """The translation of one item; an item with no row is untranslated, not an error."""
        self.used_en.add(rid)
        row = self.en.get(rid)
        if row is None:
            return {"title_en": None, "text_en": None, "translation_status": "untranslated", "translation_revision": 0}
        return {
            "title_en": row["title_en"] or None,
            "text_en": row["text_en"] or None,
            "translation_status": row["translation_status"],
            "translation_revision": int(row["translation_revision"]),
        }

    def typed(self, table: str, row: Row, **extra: Any) -> Record:
        en = self.english(row.id)
        if en["title_en"] is None:
            raise BuildError(
                f"{self.en[row.id].where if row.id in self.en else relative(ENGLISH)}: {table} row {row.id} has no "
                "title_en; every structured row needs an English title"
            )
        return {
            "id": row.id,
            "provision_id": row.provision_id,
            "number": row.number,
            "title_zh": row.title_zh,
            "title_en": en["title_en"],
            "text_zh": row.text_zh,
            "text_en": en["text_en"] if table != "measure_groups" else en["title_en"],
            "start": row.start,
            "end": row.end,
            "translation_status": en["translation_status"],
            "translation_revision": en["translation_revision"],
            **extra,
        }

    def structured(self) -> dict[str, list[Record]]:
        t = self.parsed.tables
        slugs = by_id(read_curated_csv(SOURCE / "action_slugs.csv", ("id", "slug")))
        out: dict[str, list[Record]] = {}
        out["principles"] = [self.typed("principles", r, position=i) for i, r in enumerate(t["principles"], 1)]
        targets = []
        for r in t["targets"]:
            dim = next((v for k, v in DIMENSIONS.items() if r.title_zh.startswith(k)), None)
            if r.extra["parent_id"] and dim is None:
                raise BuildError(f"target {r.id}: lead phrase {r.title_zh} names no known dimension")
            targets.append(
                self.typed(
                    "targets",
                    r,
                    year=r.extra["year"],
                    parent_id=r.extra["parent_id"],
                    position=r.extra["position"],
                    dimension=dim,
                )
            )
        out["targets"] = targets
        actions = []
        for i, r in enumerate(t["actions"], 1):
            if r.id not in slugs:
                raise BuildError(f"{relative(SOURCE / 'action_slugs.csv')}: no slug for action {r.id}")
            actions.append(
                self.typed("actions", r, slug=slugs[r.id]["slug"], position=i, attribution_zh=r.extra["attribution_zh"])
            )
        out["actions"] = actions
        out["tasks"] = [
            self.typed("tasks", r, action_id=r.extra["action_id"], position=r.extra["position"]) for r in t["tasks"]
        ]
        out["measure_groups"] = [
            self.typed("measure_groups", r, position=i) for i, r in enumerate(t["measure_groups"], 1)
        ]
        out["measures"] = [
            self.typed(
                "measures",
                r,
                group_id=r.extra["group_id"],
                position=r.extra["position"],
                attribution_zh=r.extra["attribution_zh"],
            )
            for r in t["measures"]
        ]
        return out

    def provisions(self, typed: dict[str, list[Record]]) -> list[Record]:
        rows_by_id = {r["id"]: r for table in typed.values() for r in table}
        atts = {a.provision_id: a for a in self.parsed.attributions}
        out: list[Record] = []
        for p in self.parsed.provisions:
            heading_en: str | None = None
            status, revision = "reviewed", 0
            typed_row = rows_by_id.get(p.id if not p.id.endswith(".intro") else p.id[:-6])
            if p.kind == "attribution":
                att = atts[p.id]
                names = [self.agencies.named(n, att, i)["name_en"] for i, n in enumerate(att.names, 1)]
                text_en: str | None = attribution_en(names, att.verb, att.states_rule)
            elif p.id.endswith(".intro") and typed_row is not None:
                text_en = typed_row["text_en"]
                status, revision = typed_row["translation_status"], typed_row["translation_revision"]
            elif typed_row is not None:
                heading_en = typed_row["title_en"]
                status, revision = typed_row["translation_status"], typed_row["translation_revision"]
                text_en = compose(p.kind, p.number, heading_en, typed_row["text_en"])
            else:
                en = self.english(p.id)
                heading_en, status, revision = en["title_en"], en["translation_status"], en["translation_revision"]
                if p.kind in ("part", "section"):
                    text_en = compose(p.kind, p.number, heading_en, None)
                else:
                    text_en = en["text_en"]
            if text_en is None:
                status = "untranslated"
            out.append(
                {
                    "id": p.id,
                    "parent_id": p.parent_id,
                    "seq": p.seq,
                    "level": p.level,
                    "kind": p.kind,
                    "number": p.number,
                    "heading_zh": p.heading_zh,
                    "heading_en": heading_en,
                    "text_zh": p.text_zh,
                    "text_en": text_en,
                    "start": p.start,
                    "end": p.end,
                    "translation_status": status,
                    "translation_revision": revision,
                }
            )
        return out

    def errata_rows(self, provisions: list[Record]) -> list[Record]:
        rows = []
        for e in self.errata:
            home = next(
                (
                    p["id"]
                    for p in provisions
                    if p["start"] <= e.start < p["end"] or (p["start"] <= e.start <= p["end"] and e.start == e.end)
                ),
                None,
            )
            if home is None:  # a correction that starts between paragraphs: the provision it restores or touches
                home = next((p["id"] for p in provisions if p["start"] < e.end and e.start < p["end"]), None)
            if home is None:
                raise BuildError(f"erratum {e.id} at canonical offset {e.start} falls outside every provision")
            rows.append(
                {
                    "id": e.id,
                    "kind": e.kind,
                    "line": e.line,
                    "raw_start": e.raw_start,
                    "raw_end": e.raw_end,
                    "raw_text": e.raw_text,
                    "corrected_text": e.corrected_text or None,
                    "start": e.start,
                    "end": e.end,
                    "provision_id": home,
                    "evidence": e.evidence,
                    "status": e.status,
                    "confidence": e.confidence,
                    "confidence_note": e.confidence_note,
                }
            )
        return sorted(rows, key=lambda r: r["id"])

    def terms(self, provisions: list[Record]) -> list[Record]:
        rows = read_curated_csv(SOURCE / "terms.csv", ("id", "term_zh", "term_en", "note", "category"))
        out = []
        for t in rows:
            count = self.text.count(t["term_zh"])
            if count == 0:
                raise BuildError(f"{t.where} ({t['id']}): {t['term_zh']!r} does not occur in the text")
            where = [p["id"] for p in provisions if t["term_zh"] in p["text_zh"]]
            out.append(
                {
                    "id": t["id"],
                    "term_zh": t["term_zh"],
                    "term_en": t["term_en"],
                    "note": t["note"] or None,
                    "category": t["category"],
                    "occurrences": count,
                    "provision_ids": " ".join(where),
                }
            )
        return sorted(out, key=lambda r: r["id"])

    def document(self, text_path: str) -> Record:
        doc = read_curated_csv(
            SOURCE / "documents.csv",
            ("id", "number_zh", "issuer_zh", "issuer_en", "title_en", "signed", "published", "url", "source"),
        )
        if len(doc) != 1:
            raise BuildError(f"{relative(SOURCE / 'documents.csv')}: expected one document, found {len(doc)}")
        d = doc[0]
        title = next(p for p in self.parsed.provisions if p.id == "title")
        addressee = next(p for p in self.parsed.provisions if p.id == "addressee")
        return {
            "id": d["id"],
            "number_zh": d["number_zh"],
            "issuer_zh": d["issuer_zh"],
            "issuer_en": d["issuer_en"],
            "title_zh": title.text_zh,
            "title_en": d["title_en"],
            "addressee_zh": addressee.text_zh,
            "signed": d["signed"],
            "published": d["published"],
            "url": d["url"],
            "language": "zh-Hans",
            "text_path": text_path,
            "text_sha256": hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            "text_length": len(self.text),
            "raw_sha256": hashlib.sha256(self.raw.encode("utf-8")).hexdigest(),
        }


def build_tables(text: str, raw: str, parsed: Parsed, errata: list[Erratum], text_path: str) -> dict[str, list[Record]]:
    b = _Builder(text, raw, parsed, errata)
    tables: dict[str, list[Record]] = {"documents": [b.document(text_path)]}
    typed = b.structured()
    tables["provisions"] = b.provisions(typed)
    tables.update(typed)
    tables["agencies"] = agency_rows(parsed.attributions, b.agencies)
    tables["agency_changes"] = agency_change_rows(b.agencies)
    tables["responsibilities"] = responsibility_rows(parsed.attributions, b.agencies)
    tables["errata"] = b.errata_rows(tables["provisions"])
    tables["terms"] = b.terms(tables["provisions"])
    unused = sorted(set(b.en) - b.used_en)
    if unused:
        raise BuildError(
            f"{relative(ENGLISH)}: rows for unknown ids: " + ", ".join(f"{i!r} (line {b.en[i].line})" for i in unused)
        )
    return {name: tables[name] for name in TABLES if name in tables}  # changes: computed by the build
