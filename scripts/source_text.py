"""A document's raw source + its curated corrections -> the canonical text and its errata.

Each correction is located by its context (``before`` + ``raw`` + ``after`` must occur exactly once
in the raw extract), never by a line number, so the list stays reviewable and an edit to it that
no longer matches fails loudly instead of correcting the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from _common import BuildError, load_schema, read_curated_csv, read_text, relative, unescape
from document_config import DocumentConfig

from internet_plus.evidence import confidence_problem

__all__ = [
    "CONFIDENCES",
    "STATUSES",
    "Erratum",
    "apply_corrections",
    "errata_kinds",
    "in_source_file",
    "raw_body",
    "read_corrections",
]

STATUSES = ("applied", "declined", "open")  # only applied corrections change the text
CONFIDENCES = ("high", "medium", "low")


def errata_kinds() -> tuple[str, ...]:
    """The kinds of correction, as schemas/errata.json enumerates them (one list, in the schema)."""
    field = next(f for f in load_schema("errata")["fields"] if f["name"] == "kind")
    return tuple(field["constraints"]["enum"])


def raw_body(cfg: DocumentConfig) -> tuple[str, str]:
    """(the whole source file, the body the corrections apply to).

    A source with a metadata header (``header_separator``) contributes only what follows the separator
    line, without the blank lines that open it; the corrections are found in that body, and their published raw
    offsets and lines are then counted in the whole file (``in_source_file``), whose sha256 the package publishes.
    """
    rel = relative(cfg.raw_path)
    whole = read_text(cfg.raw_path)
    if not cfg.header_separator:
        return whole, whole
    marker = "\n" + cfg.header_separator + "\n"
    if marker not in whole:
        raise BuildError(f"{rel}: no line {cfg.header_separator!r} ends the metadata header")
    return whole, whole.split(marker, 1)[1].lstrip("\n")


@dataclass(frozen=True)
class Erratum:
    id: str
    kind: str
    raw_start: int
    raw_end: int
    raw_text: str
    corrected_text: str
    line: int
    evidence: str
    status: str = "applied"
    confidence: str = "high"
    confidence_note: str = ""
    witnesses: int = 0
    support: str = "none"
    start: int = -1
    end: int = -1


def read_corrections(raw: str, cfg: DocumentConfig) -> list[Erratum]:
    path = cfg.curated("corrections.csv")
    kinds = errata_kinds()
    rows = read_curated_csv(
        path,
        (
            "id",
            "kind",
            "before",
            "raw",
            "after",
            "corrected",
            "evidence",
            "status",
            "confidence",
            "confidence_note",
            "witnesses",
            "support",
        ),
    )
    errata: list[Erratum] = []
    seen: set[str] = set()
    for row in rows:
        where = f"{row.where} ({row['id'] or 'no id'})"
        if row["id"] in seen:
            raise BuildError(f"{where}: duplicate id")
        seen.add(row["id"])
        if row["kind"] not in kinds:
            raise BuildError(f"{where}: kind {row['kind']!r} is not one of {', '.join(kinds)}")
        if row["status"] not in STATUSES:
            raise BuildError(f"{where}: status {row['status']!r} is not one of {', '.join(STATUSES)}")
        if row["confidence"] not in CONFIDENCES:
            raise BuildError(f"{where}: confidence {row['confidence']!r} is not one of {', '.join(CONFIDENCES)}")
        if not row["confidence_note"].strip():
            raise BuildError(f"{where}: confidence_note is empty; say what the grade rests on")
        problem = confidence_problem(row["witnesses"], row["support"], row["confidence"], row["status"])
        if problem:
            raise BuildError(f"{where}: {problem}")
        if not row["evidence"].strip():
            raise BuildError(f"{where}: evidence is empty; say why the correction is right")
        before, old, after = unescape(row["before"]), unescape(row["raw"]), unescape(row["after"])
        if not old:
            raise BuildError(f"{where}: raw is empty; a correction must replace something")
        needle = before + old + after
        hits = raw.count(needle)
        if hits != 1:
            raise BuildError(
                f"{where}: context {needle!r} occurs {hits} times in the raw extract (must be exactly once)"
            )
        start = raw.index(needle) + len(before)
        errata.append(
            Erratum(
                id=cfg.gid(row["id"]),
                kind=row["kind"],
                raw_start=start,
                raw_end=start + len(old),
                raw_text=old,
                corrected_text=unescape(row["corrected"]),
                line=raw.count("\n", 0, start) + 1,
                evidence=row["evidence"],
                status=row["status"],
                confidence=row["confidence"],
                confidence_note=row["confidence_note"],
                witnesses=int(row["witnesses"]),
                support=row["support"],
            )
        )
    errata.sort(key=lambda e: e.raw_start)
    for a, b in pairwise(errata):
        if b.raw_start < a.raw_end:
            raise BuildError(f"{relative(path)}: {a.id} and {b.id} overlap in the raw extract")
    return errata


def in_source_file(source: str, body: str, errata: list[Erratum]) -> list[Erratum]:
    """The errata with raw offsets and lines counted in the whole source file (the body is its suffix)."""
    shift = len(source) - len(body)
    if source[shift:] != body:
        raise BuildError("the corrected body is not the end of its source file")
    lines = source.count("\n", 0, shift)
    return [
        Erratum(
            **{**e.__dict__, "raw_start": e.raw_start + shift, "raw_end": e.raw_end + shift, "line": e.line + lines}
        )
        for e in errata
    ]


def apply_corrections(raw: str, errata: list[Erratum]) -> tuple[str, list[Erratum]]:
    """Return the canonical text and the errata with their offsets in it (code points).

    Only applied corrections change the text; a declined or open one is placed where its raw text
    stands in the canonical text, which is unchanged there.
    """
    parts: list[str] = []
    placed: list[Erratum] = []
    pos = 0
    length = 0
    for e in errata:
        if e.status != "applied":
            at = length + (e.raw_start - pos)
            placed.append(Erratum(**{**e.__dict__, "start": at, "end": at + len(e.raw_text)}))
            continue
        kept = raw[pos : e.raw_start]
        parts.append(kept)
        length += len(kept)
        parts.append(e.corrected_text)
        placed.append(Erratum(**{**e.__dict__, "start": length, "end": length + len(e.corrected_text)}))
        length += len(e.corrected_text)
        pos = e.raw_end
    parts.append(raw[pos:])
    return "".join(parts), placed
