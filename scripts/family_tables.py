"""The policy family: dataset/source/documents.csv + document_links.csv -> the documents and document_links rows.

A document's facts are curated with their source; a fact no source showed is listed in
``unverified_fields`` (or left empty), never guessed. For a document the edition holds the text of,
the build adds what it knows itself (title as printed, hashes, text path) and refuses a curated
title that differs from the text. A link names its evidence (grade, quote, URL) and whether the
quote was seen; the build refuses a link to an unknown document or subject, a "verified" link
without its quote, and a document that implements another before that one existed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from _common import SOURCE, BuildError, read_curated_with_folders
from agency_tables import Agencies
from schema_roles import table_roles

from internet_plus.citations import Resolver
from internet_plus.evidence import GRADES, genre_of, grade_problem, relation_problem
from internet_plus.sources import source_kind

__all__ = ["EVIDENCE_GRADES", "document_rows", "link_rows"]

Record = dict[str, Any]
DOCUMENT_FIELDS = (
    "id",
    "number_zh",
    "title_zh",
    "title_en",
    "issuers_zh",
    "issuer_agency_ids",
    "signed",
    "published",
    "url",
    "gazette_url",
    "status",
    "text_held",
    "sources",
    "unverified_fields",
    "note",
    "province",
    "index_number",
    "subject_class",
    "status_source",
    "status_basis",
    "dates_searched",
)
LINK_FIELDS = (
    "id",
    "from_document_id",
    "to_document_id",
    "to_subject_id",
    "relation",
    "evidence_grade",
    "quote_zh",
    "quote_url",
    "verified",
    "note",
)
# strongest first: the text cites the number > cites the title or the 互联网+ action > a heading repeats a
# task's title > a passage takes the subject up > the same topic only (the rule: internet_plus.evidence)
EVIDENCE_GRADES = GRADES


def _date(value: str, where: str) -> str | None:
    if not value:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise BuildError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
    return value


def _or_none(value: str) -> str | None:
    """A curated cell left empty is a fact not known: null in the table, not an empty string."""
    return value or None


_NO_TEXT: Record = dict.fromkeys(
    ("id_prefix", "addressee_zh", "language", "text_path", "text_sha256", "text_length", "raw_sha256")
)
"""What the build adds for a held text, left empty for a document the edition does not hold."""


def document_rows(held: dict[str, Record], agencies: Agencies) -> list[Record]:
    rows: list[Record] = []
    seen: set[str] = set()
    for d in read_curated_with_folders("documents.csv", DOCUMENT_FIELDS):
        where = f"{d.where} ({d['id']})"
        if d.path.parent != SOURCE and d["id"] != d.path.parent.name:
            raise BuildError(
                f"{where}: a document folder's documents.csv holds its own row only ({d.path.parent.name})"
            )
        if d["id"] in seen:
            raise BuildError(f"{where}: duplicate id")
        seen.add(d["id"])
        rows.append(_document_row(d, where, held.get(d["id"]), agencies))
    missing = sorted(set(held) - seen)
    if missing:
        raise BuildError(f"documents.csv: no row for the held document(s) {', '.join(missing)}")
    return sorted(rows, key=lambda r: r["id"])


def _document_row(d: Mapping[str, str], where: str, facts: Record | None, agencies: Agencies) -> Record:
    """One document's row: its curated facts, checked, and what the build knows of a text it holds (``facts``)."""
    ids = _issuers(d, where, agencies)
    unverified = d["unverified_fields"].split()
    bad = [f for f in unverified if f not in DOCUMENT_FIELDS]
    if bad:
        raise BuildError(f"{where}: unverified_fields names no field: {', '.join(bad)}")
    facts = _text_facts(d, where, facts)
    _check_sources(d["sources"], where)
    status_source_kind = _status_checked(d, where)
    return {
        "id": d["id"],
        "number_zh": _or_none(d["number_zh"]),
        "title_zh": d["title_zh"],
        "title_en": d["title_en"],
        "genre": genre_of(d["title_zh"]),
        "issuers_zh": d["issuers_zh"],
        "issuer_agency_ids": _or_none(" ".join(ids)),
        "province": _or_none(d["province"]),
        "signed": _date(d["signed"], where),
        "published": _date(d["published"], where),
        "dates_searched": _dates_searched(d, where),
        "url": _or_none(d["url"]),
        "gazette_url": _or_none(d["gazette_url"]),
        "index_number": _or_none(d["index_number"]),
        "subject_class": _or_none(d["subject_class"]),
        "status": d["status"],
        "status_source": _or_none(d["status_source"]),
        "status_source_kind": status_source_kind,
        "status_basis": d["status_basis"],
        "text_held": d["text_held"],
        **(facts or _NO_TEXT),
        "sources": d["sources"],
        "unverified_fields": _or_none(" ".join(unverified)),
        "note": _or_none(d["note"]),
    }


def _check_sources(sources: str, where: str) -> None:
    """Every fact names its source, and a source is listed once: its entries (joined by "; ") differ."""
    if not sources.strip():
        raise BuildError(f"{where}: sources is empty; every fact names its source")
    seen: set[str] = set()
    for entry in (e.strip() for e in sources.split("; ")):
        if entry in seen:
            raise BuildError(f"{where}: sources lists one entry twice: {entry[:80]}")
        seen.add(entry)


def _issuers(d: Mapping[str, str], where: str, agencies: Agencies) -> list[str]:
    ids = d["issuer_agency_ids"].split()
    unknown = [a for a in ids if a not in agencies.by_id]
    if unknown:
        raise BuildError(f"{where}: issuer_agency_ids {', '.join(unknown)} not in agencies.csv")
    return ids


def _text_facts(d: Mapping[str, str], where: str, facts: Record | None) -> Record | None:
    """What the build read from the document's text, if the edition holds it (as ``text_held`` must say);
    the title printed in the text must be the curated one."""
    if facts is None and d["text_held"] != "metadata":
        raise BuildError(f"{where}: text_held is {d['text_held']!r} but no folder holds its text")
    if facts is not None and d["text_held"] == "metadata":
        raise BuildError(f"{where}: the edition holds its text; text_held cannot be metadata")
    if facts is None:
        return None
    facts = dict(facts)
    printed = facts.pop("title_zh")
    if printed != d["title_zh"]:
        raise BuildError(f"{where}: title_zh differs from the title in its text ({printed})")
    return facts


def _dates_searched(d: Any, where: str) -> str | None:
    """A missing date is a result: the row says, under the field's name, what was searched for it."""
    searched = d["dates_searched"].strip()
    missing = [f for f in ("signed", "published") if not d[f]]
    if not missing and searched:
        raise BuildError(f"{where}: dates_searched must be empty when signed and published are both known")
    for field in missing:
        if f"{field}:" not in searched:
            raise BuildError(
                f"{where}: {field} is empty; dates_searched must say what was searched for it ({field}: ...)"
            )
    return searched or None


def _status_checked(d: Any, where: str) -> str | None:
    """A known status names the source it was seen in and the words that show it; unknown says what was searched."""
    if not d["status_basis"].strip():
        raise BuildError(f"{where}: status_basis is empty: quote the source, or say what was searched for unknown")
    if d["status"] == "unknown":
        if d["status_source"]:
            raise BuildError(f"{where}: status unknown cannot have a status_source")
        return None
    if not d["status_source"]:
        raise BuildError(f"{where}: status {d['status']!r} needs the status_source it was seen in")
    return source_kind(d["status_source"])


def _when(doc: Record) -> str | None:
    value: str | None = doc["signed"] or doc["published"]
    return value


def link_rows(tables: dict[str, list[Record]]) -> list[Record]:
    rows = _link_rows(tables)
    resolver = Resolver(_documents(tables["documents"]))
    subjects = {r["id"]: r for name in table_roles().of_kind("unit") for r in tables[name]}
    titles = {d["id"]: d["title_zh"] for d in tables["documents"]}
    for row in rows:
        subject = subjects.get(row["to_subject_id"] or "")
        problem = grade_problem(row, resolver, subject["title_zh"] if subject else None, titles)
        problem = problem or relation_problem(row, rows)
        if problem:
            raise BuildError(f"document_links.csv ({row['id']}): {problem}")
    return rows


def _documents(rows: list[Record]) -> list[Any]:
    from types import SimpleNamespace

    return [SimpleNamespace(id=r["id"], number_zh=r["number_zh"], title_zh=r["title_zh"]) for r in rows]


def _link_rows(tables: dict[str, list[Record]]) -> list[Record]:
    docs = {d["id"]: d for d in tables["documents"]}
    subjects = {r["id"]: (name, r) for name in table_roles().of_kind("unit") for r in tables[name]}
    rows: list[Record] = []
    seen: set[str] = set()
    for link in read_curated_with_folders("document_links.csv", LINK_FIELDS):
        where = f"{link.where} ({link['id']})"
        if link["id"] in seen:
            raise BuildError(f"{where}: duplicate id")
        seen.add(link["id"])
        rows.append(_link_row(link, where, docs, subjects))
    return sorted(rows, key=lambda r: r["id"])


def _link_row(
    link: Mapping[str, str], where: str, docs: dict[str, Record], subjects: dict[str, tuple[str, Record]]
) -> Record:
    """One link's row, its ends, evidence and dates checked."""
    for end in ("from_document_id", "to_document_id"):
        if link[end] not in docs:
            raise BuildError(f"{where}: {end} {link[end]!r} is not in documents.csv")
    table = _subject_table(link, where, subjects)
    verified = _verified(link, where)
    if link["evidence_grade"] not in EVIDENCE_GRADES:
        raise BuildError(f"{where}: evidence_grade must be one of {', '.join(EVIDENCE_GRADES)}")
    _check_order(link, where, docs[link["from_document_id"]], docs[link["to_document_id"]])
    return {
        "id": link["id"],
        "from_document_id": link["from_document_id"],
        "to_document_id": link["to_document_id"],
        "to_subject_id": _or_none(link["to_subject_id"]),
        "to_subject_table": table,
        "relation": link["relation"],
        "evidence_grade": link["evidence_grade"],
        "evidence_rank": EVIDENCE_GRADES.index(link["evidence_grade"]) + 1,
        "quote_zh": _or_none(link["quote_zh"]),
        "quote_url": _or_none(link["quote_url"]),
        "quote_source_kind": source_kind(link["quote_url"]) if link["quote_url"] else None,
        "verified": verified,
        "note": _or_none(link["note"]),
    }


def _subject_table(link: Mapping[str, str], where: str, subjects: dict[str, tuple[str, Record]]) -> str | None:
    """The table of the action, task or measure a link points into (None for a link to a whole document)."""
    if not link["to_subject_id"]:
        return None
    found = subjects.get(link["to_subject_id"])
    if found is None or found[1]["document_id"] != link["to_document_id"]:
        raise BuildError(
            f"{where}: to_subject_id {link['to_subject_id']!r} is no action, task or measure of "
            f"{link['to_document_id']}"
        )
    return found[0]


def _verified(link: Mapping[str, str], where: str) -> bool:
    """A verified link was seen: it names its quote and the URL of the quote."""
    if link["verified"] not in ("true", "false"):
        raise BuildError(f"{where}: verified must be true or false")
    verified = link["verified"] == "true"
    if verified and not (link["quote_zh"] and link["quote_url"]):
        raise BuildError(f"{where}: a verified link needs the quote and the URL it was seen at")
    return verified


def _check_order(link: Mapping[str, str], where: str, source: Record, target: Record) -> None:
    """A document cannot implement one that did not exist yet."""
    began, ended = _when(source), _when(target)
    if link["relation"] == "implements" and began and ended and began < ended:
        raise BuildError(f"{where}: {source['id']} ({began}) cannot implement {target['id']} ({ended})")
