"""The attributions and duties of every document + agencies.csv + agency_changes.csv -> the agencies,
agency_changes and responsibilities rows.

The role rule itself is internet_plus.roles (the document states it in action 1, 列第一位者为牵头部门，下同;
the README's "Who leads" says how it applies to each form of attribution); validation checks the
published rows against the same rule.
A document without attributions names its agencies in a closing paragraph; its duties.csv gives
each name's role, and the build checks every name against the sentence it is said to stand in.
"""

from __future__ import annotations

from typing import Any

from _common import SOURCE, BuildError, CuratedRow, by_id, load_schema, read_curated_csv, relative
from document_config import DocumentConfig
from parse_document import Attribution, Parsed

from internet_plus.roles import roles

__all__ = ["Agencies", "agency_change_rows", "agency_rows", "duty_rows", "responsibility_rows", "role_of"]

Record = dict[str, Any]
AGENCIES = SOURCE / "agencies.csv"
AGENCY_CHANGES = SOURCE / "agency_changes.csv"
AGENCY_FIELDS = (
    "id",
    "name_zh",
    "name_zh_full",
    "name_en",
    "acronym",
    "kind",
    "parent_id",
    "named_in_text",
    "note",
    "source",
)
CHANGE_FIELDS = (
    "id",
    "agency_id",
    "year",
    "reform",
    "change",
    "successor_zh",
    "successor_en",
    "successor_agency_id",
    "effective_date",
    "note",
    "source",
    "verified",
    "reverses",
)


class Agencies:
    """agencies.csv, by id and by the short name the attributions print."""

    def __init__(self) -> None:
        self.by_id = by_id(read_curated_csv(AGENCIES, AGENCY_FIELDS))
        self.by_name = {a["name_zh"]: a for a in self.by_id.values()}
        self.texts: dict[str, tuple[str, str]] = {}  # document id -> (text path, canonical text), for messages

    def named(self, name: str, att: Attribution, pos: int) -> CuratedRow:
        """The agency an attribution names; a name missing from agencies.csv stops the build, saying where it is."""
        agency = self.by_name.get(name)
        if agency is None:
            path, text = next(
                (
                    v
                    for k, v in sorted(self.texts.items(), key=lambda kv: -len(kv[0]))
                    if att.provision_id.startswith(k)
                ),
                ("the canonical text", ""),
            )
            line = text.count("\n", 0, att.start) + 1
            raise BuildError(
                f"{path}: line {line} ({att.provision_id}): agency {name!r} (name {pos} of {att.text_zh}) "
                f"is not in {relative(AGENCIES)}"
            )
        return agency


def role_of(att: Attribution, pos: int, agencies: Agencies) -> tuple[str, str]:
    """(role, basis) of the ``pos``-th name of an attribution, by the one rule (internet_plus.roles).

    A closed 负责 list gives no lead; the rule covers it only because the document uses it for
    collective designations alone, so a body in such a list stops the build.
    """
    if att.verb == "负责" and any(
        agencies.named(n, att, i)["kind"] != "collective" for i, n in enumerate(att.names, 1)
    ):
        raise BuildError(
            f"{att.provision_id}: a closed 负责 list names a non-collective body; the role rule does not cover it"
        )
    return roles(att.verb, len(att.names))[pos - 1]


def responsibility_rows(parsed: Parsed, agencies: Agencies) -> list[Record]:
    rows: list[Record] = []
    for att in parsed.attributions:
        for pos, name in enumerate(att.names, 1):
            agency = agencies.named(name, att, pos)
            role, basis = role_of(att, pos, agencies)
            subject = att.subject_id
            rows.append(
                {
                    "id": f"{subject}-{pos:02d}",
                    "document_id": parsed.document_id,
                    "action_id": subject if att.subject_table == "actions" else None,
                    "measure_id": subject if att.subject_table == "measures" else None,
                    "agency_id": agency["id"],
                    "position": pos,
                    "role": role,
                    "basis": basis,
                    "name_as_printed": name,
                    "provision_id": att.provision_id,
                    "attribution_zh": att.text_zh,
                }
            )
    return rows


def duty_rows(cfg: DocumentConfig, parsed: Parsed, agencies: Agencies) -> list[Record]:
    """The agencies a closing paragraph names (duties.csv), each checked against the sentence it stands in."""
    path = cfg.curated("duties.csv")
    if not path.exists():
        return []
    fields = ("provision", "statement", "position", "name_as_printed", "agency_id", "role", "basis", "note")
    rows: list[Record] = []
    provisions = {p.id: p for p in parsed.provisions}
    for d in read_curated_csv(path, fields):
        where = d.where
        prov = provisions.get(cfg.gid(d["provision"]))
        if prov is None:
            raise BuildError(f"{where}: no provision {d['provision']!r} in {cfg.id}")
        sentences = [s + "。" for s in prov.text_zh.split("。") if s]
        if not d["statement"].isdigit() or not 1 <= int(d["statement"]) <= len(sentences):
            raise BuildError(f"{where}: statement must be a sentence number 1..{len(sentences)} of {prov.id}")
        sentence = sentences[int(d["statement"]) - 1]
        if d["name_as_printed"] not in sentence:
            raise BuildError(f"{where}: {d['name_as_printed']!r} is not in sentence {d['statement']} of {prov.id}")
        agency = agencies.by_id.get(d["agency_id"])
        if agency is None or agency["name_zh"] != d["name_as_printed"]:
            raise BuildError(
                f"{where}: agency {d['agency_id']!r} is not the body agencies.csv names {d['name_as_printed']}"
            )
        rows.append(
            {
                "id": cfg.gid(f"{d['provision']}-{len(rows) + 1:02d}"),
                "document_id": cfg.id,
                "action_id": None,
                "measure_id": None,
                "agency_id": agency["id"],
                "position": int(d["position"]),
                "role": d["role"],
                "basis": d["basis"],
                "name_as_printed": d["name_as_printed"],
                "provision_id": prov.id,
                "attribution_zh": sentence,
            }
        )
    return rows


def agency_rows(responsibilities: list[Record], agencies: Agencies) -> list[Record]:
    """``mentions``: in how many attributions or closing sentences of the held texts an agency is named."""
    mentions: dict[str, int] = {}
    for key in dict.fromkeys((r["agency_id"], r["attribution_zh"], r["provision_id"]) for r in responsibilities):
        mentions[key[0]] = mentions.get(key[0], 0) + 1
    rows = []
    for aid in sorted(agencies.by_id):
        a = agencies.by_id[aid]
        if a["named_in_text"] not in ("true", "false"):
            raise BuildError(f"{a.where}: named_in_text must be true or false, not {a['named_in_text']!r}")
        if a["named_in_text"] == "true" and aid not in mentions:
            raise BuildError(f"{a.where}: {aid} ({a['name_zh']}) is named in no attribution")
        if a["named_in_text"] == "false" and aid in mentions:
            raise BuildError(f"{a.where}: {aid} ({a['name_zh']}) is named in the text; set named_in_text to true")
        if not a["name_en"].strip():
            raise BuildError(f"{a.where}: {aid}: name_en is empty")
        if a["parent_id"] and a["parent_id"] not in agencies.by_id:
            raise BuildError(f"{a.where}: {aid}: parent_id {a['parent_id']!r} is not an agency")
        rows.append(
            {
                "id": aid,
                "name_zh": a["name_zh"],
                "name_zh_full": a["name_zh_full"],
                "name_en": a["name_en"],
                "acronym": a["acronym"] or None,
                "kind": a["kind"],
                "parent_id": a["parent_id"] or None,
                "mentions": mentions.get(aid, 0),
                "named_in_text": a["named_in_text"] == "true",
                "note": a["note"] or None,
                "source": a["source"],
            }
        )
    return rows


def change_kinds() -> tuple[str, ...]:
    """The one vocabulary of agency_changes.change: its Table Schema's enum (documented there and in the README)."""
    fields = load_schema("agency_changes")["fields"]
    return tuple(next(f for f in fields if f["name"] == "change")["constraints"]["enum"])


def _successor_id(change: dict[str, str], agencies: Agencies, where: str) -> str | None:
    """The agencies row the successor is, found by its Chinese name; a curated id must agree with it."""
    names = {a[key]: aid for aid, a in agencies.by_id.items() for key in ("name_zh_full", "name_zh")}
    found = names.get(change["successor_zh"])
    given = change["successor_agency_id"] or None
    if given is not None and given not in agencies.by_id:
        raise BuildError(f"{where}: successor_agency_id {given!r} is not an agency")
    if given is not None and found is not None and given != found:
        raise BuildError(f"{where}: successor_agency_id {given} but successor_zh names {found}")
    return given or found


def agency_change_rows(agencies: Agencies) -> list[Record]:
    changes: list[Record] = []
    kinds = change_kinds()
    for c in read_curated_csv(AGENCY_CHANGES, CHANGE_FIELDS):
        if c["agency_id"] not in agencies.by_id:
            raise BuildError(f"{c.where}: unknown agency_id {c['agency_id']!r}")
        if c["verified"] not in ("true", "false"):
            raise BuildError(f"{c.where}: verified must be true or false, not {c['verified']!r}")
        if not c["year"].isdigit():
            raise BuildError(f"{c.where}: year must be a number, not {c['year']!r}")
        where = c.where
        if c["change"] not in kinds:
            raise BuildError(f"{where}: change {c['change']!r} is not one of {', '.join(kinds)}")
        if any(ch in c["successor_zh"] for ch in "()") or "gained" in c["successor_zh"]:
            raise BuildError(f"{where}: successor_zh holds a name only, with full-width parentheses")
        if c["successor_zh"] and not c["successor_en"].strip():
            raise BuildError(f"{where}: successor_en is empty; give the successor's English name with its source")
        row: Record = {k: (v or None) for k, v in c.items()}
        row["successor_agency_id"] = _successor_id(c, agencies, where)
        changes.append({**row, "year": int(c["year"]), "verified": c["verified"] == "true"})
    changes.sort(key=lambda r: str(r["id"]))
    _check_reversals(changes)
    return changes


def _check_reversals(changes: list[Record]) -> None:
    """A change that ``reverses`` another moves functions back: from that change's successor to its body, later."""
    by_id = {str(c["id"]): c for c in changes}
    for c in changes:
        if c["reverses"] is None:
            continue
        undone = by_id.get(str(c["reverses"]))
        where = f"agency_changes.csv: {c['id']}"
        if undone is None:
            raise BuildError(f"{where}: reverses {c['reverses']!r}, which is no change")
        if undone["change"] != "functions_moved" or c["change"] != "functions_moved":
            raise BuildError(f"{where}: only a functions_moved change reverses a functions_moved change")
        if (c["agency_id"], c["successor_agency_id"]) != (undone["successor_agency_id"], undone["agency_id"]):
            raise BuildError(
                f"{where}: reverses {undone['id']} but does not move functions from its successor back to its body"
            )
        if str(c["effective_date"] or c["year"]) <= str(undone["effective_date"] or undone["year"]):
            raise BuildError(f"{where}: reverses {undone['id']}, which does not take effect before it")
