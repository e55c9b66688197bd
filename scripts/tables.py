"""Parsed documents + curated inputs -> the rows of every published table, in schema field order.

Structure (ids, numbering, text, offsets, who is named where) comes from each document's parse;
curated files add only what a text cannot give: English, agency names and histories, action slugs,
the family's documents and links. Every row of a text table carries its ``document_id``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from _common import TABLES, BuildError, CuratedRow, by_id, read_curated_csv, relative
from agency_tables import Agencies, agency_change_rows, agency_rows, duty_rows, responsibility_rows
from document_config import DocumentConfig
from english import attribution_en, compose
from english_history import generated_revision
from family_tables import document_rows, link_rows
from followup_tables import followup_rows
from glossary import term_rows
from holder_tables import holder_rows
from parse_document import Parsed, Row
from schema_roles import table_roles
from source_text import Erratum

__all__ = ["DocumentText", "build_tables", "text_tables"]


def text_tables() -> tuple[str, ...]:
    """The tables whose rows belong to one document: those whose schema says ``documentRows``."""
    return tuple(table_roles().document_rows)


STATUSES = ("untranslated", "draft", "reviewed")
Record = dict[str, Any]


@dataclass(frozen=True)
class DocumentText:
    """One held document: its configuration, whole source file, canonical text, errata and parse."""

    cfg: DocumentConfig
    source: str
    raw: str
    text: str
    errata: list[Erratum]
    parsed: Parsed


def _english(cfg: DocumentConfig) -> dict[str, CuratedRow]:
    rows = read_curated_csv(
        cfg.curated("english.csv"), ("id", "title_en", "text_en", "translation_status", "translation_revision")
    )
    for row in rows:
        if row["translation_status"] not in STATUSES:
            raise BuildError(
                f"{row.where} ({row['id']}): translation_status {row['translation_status']!r} "
                f"is not one of {', '.join(STATUSES)}"
            )
        if not (row["translation_revision"].isascii() and row["translation_revision"].isdigit()):
            raise BuildError(
                f"{row.where} ({row['id']}): translation_revision {row['translation_revision']!r} is not a whole number"
            )
    return by_id(rows)


class _Builder:
    """The text tables of one document."""

    def __init__(self, doc: DocumentText, agencies: Agencies) -> None:
        self.doc, self.cfg, self.parsed = doc, doc.cfg, doc.parsed
        self.en = _english(self.cfg)
        self.used_en: set[str] = set()
        self.agencies = agencies

    def english(self, rid: str) -> dict[str, Any]:
        """The translation of one item; an item with no row is untranslated, not an error."""
        local = self.cfg.local(rid)
        self.used_en.add(local)
        row = self.en.get(local)
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
                f"{relative(self.cfg.curated('english.csv'))}: {table} row {row.id} has no title_en; "
                "every structured row needs an English title"
            )
        return {
            "id": row.id,
            "document_id": self.cfg.id,
            "provision_id": row.provision_id,
            "number": row.number,
            "title_zh": row.title_zh,
            "title_en": en["title_en"],
            "text_zh": row.text_zh,
            "text_en": en["text_en"] if row.has_body else en["title_en"],
            "start": row.start,
            "end": row.end,
            "translation_status": en["translation_status"],
            "translation_revision": en["translation_revision"],
            **extra,
        }

    def structured(self) -> dict[str, list[Record]]:
        t = self.parsed.tables
        out: dict[str, list[Record]] = {}
        out["principles"] = [self.typed("principles", r, position=i) for i, r in enumerate(t["principles"], 1)]
        targets = []
        for r in t["targets"]:
            dim = next((v for k, v in self.cfg.dimensions.items() if r.title_zh.startswith(k)), None)
            if r.extra["parent_id"] and dim is None:
                raise BuildError(f"target {r.id}: lead phrase {r.title_zh} names no dimension of document.toml")
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
        if t["actions"]:
            path = self.cfg.curated("action_slugs.csv")
            slugs = by_id(read_curated_csv(path, ("id", "slug")))
            for i, r in enumerate(t["actions"], 1):
                local = self.cfg.local(r.id)
                if local not in slugs:
                    raise BuildError(f"{relative(path)}: no slug for action {local}")
                actions.append(
                    self.typed(
                        "actions", r, slug=slugs[local]["slug"], position=i, attribution_zh=r.extra["attribution_zh"]
                    )
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
            if p.kind == "attribution":
                att = atts[p.id]
                names = [self.agencies.named(n, att, i)["name_en"] for i, n in enumerate(att.names, 1)]
                text_en: str | None = attribution_en(names, att.verb, att.states_rule)
                revision = generated_revision(p.id, text_en)
            elif p.layout == "body" and p.parent_id in rows_by_id:
                typed_row = rows_by_id[p.parent_id]
                text_en = typed_row["text_en"]
                status, revision = typed_row["translation_status"], typed_row["translation_revision"]
            elif p.id in rows_by_id:
                typed_row = rows_by_id[p.id]
                heading_en = typed_row["title_en"]
                status, revision = typed_row["translation_status"], typed_row["translation_revision"]
                body = typed_row["text_en"] if p.layout != "heading" else None
                text_en = compose(p.layout, p.number, p.marker, heading_en, body)
            else:
                en = self.english(p.id)
                heading_en, status, revision = en["title_en"], en["translation_status"], en["translation_revision"]
                if p.layout in ("part", "heading"):
                    text_en = compose(p.layout, p.number, p.marker, heading_en, None)
                else:
                    text_en = en["text_en"]
            if text_en is None:
                status = "untranslated"
            out.append(
                {
                    "id": p.id,
                    "document_id": self.cfg.id,
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
        for e in self.doc.errata:
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
                    "document_id": self.cfg.id,
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
                    "witnesses": e.witnesses,
                    "support": e.support,
                }
            )
        return sorted(rows, key=lambda r: r["id"])

    def tables(self) -> dict[str, list[Record]]:
        typed = self.structured()
        out: dict[str, list[Record]] = {"provisions": self.provisions(typed), **typed}
        out["responsibilities"] = responsibility_rows(self.parsed, self.agencies) + duty_rows(
            self.cfg, self.parsed, self.agencies
        )
        out["errata"] = self.errata_rows(out["provisions"])
        unused = sorted(set(self.en) - self.used_en)
        if unused:
            raise BuildError(
                f"{relative(self.cfg.curated('english.csv'))}: rows for unknown ids: "
                + ", ".join(f"{i!r} (line {self.en[i].line})" for i in unused)
            )
        for table, pattern in self.cfg.id_patterns.items():
            for row in out.get(table, []):
                if not pattern.match(self.cfg.local(row["id"])):
                    raise BuildError(
                        f"{self.cfg.id}: {table} id {row['id']} does not match document.toml's ids.{table}"
                    )
        return out


def held_facts(doc: DocumentText) -> Record:
    """What the build itself knows of a document it holds the text of."""
    title = next(p for p in doc.parsed.provisions if p.kind == "title")
    addressee = next((p for p in doc.parsed.provisions if p.kind == "addressee"), None)
    return {
        "id_prefix": doc.cfg.id_prefix or None,
        "title_zh": title.text_zh,  # compared with the curated title, then dropped
        "addressee_zh": addressee.text_zh if addressee else None,
        "language": "zh-Hans",
        "text_path": doc.cfg.text_path,
        "text_sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "text_length": len(doc.text),
        "raw_sha256": hashlib.sha256(doc.source.encode("utf-8")).hexdigest(),
    }


def build_tables(docs: list[DocumentText]) -> dict[str, list[Record]]:
    agencies = Agencies()
    agencies.texts = {d.cfg.id_prefix or "": (d.cfg.text_path, d.text) for d in docs}
    tables: dict[str, list[Record]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, rows in _Builder(doc, agencies).tables().items():
            tables[name].extend(rows)
    for name in text_tables():
        seen: set[str] = set()
        for row in tables[name]:
            if row["id"] in seen:
                raise BuildError(f"{name}: id {row['id']} is produced by two documents; give one an id_prefix")
            seen.add(row["id"])
    tables["documents"] = document_rows({d.cfg.id: held_facts(d) for d in docs}, agencies)
    tables["document_links"] = link_rows(tables)
    tables["followups"] = followup_rows(tables)
    tables["agencies"] = agency_rows(tables["responsibilities"], agencies)
    tables["agency_changes"] = agency_change_rows(agencies)
    tables["holders"] = holder_rows(tables["agencies"], tables["agency_changes"], tables["responsibilities"])
    tables["terms"] = term_rows([d.text for d in docs], tables["provisions"])
    return {name: tables[name] for name in TABLES if name != "changes"}  # changes: computed by the build
