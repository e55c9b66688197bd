"""A canonical text + its document.toml -> the document tree and the structured rows.

Nothing here is curated and nothing is particular to one document: the genre (a State Council
opinion: parts 一、, headings （一）, numbered items 1., principles, targets with horizons and
dimensions, attributions in brackets) is code; how a document prints and names each of these is its
document.toml. A paragraph that fits no rule stops the build with its line, so a change in the
source text cannot silently drop a provision.
"""

from __future__ import annotations

import re
from typing import Any

from _common import BuildError
from document_config import DocumentConfig, Part, Unit
from document_tree import Attribution, Parsed, Provision, Row, chinese_numeral, roman
from schema_roles import table_roles

from internet_plus.roles import parse_attribution

__all__ = ["Attribution", "Parsed", "Provision", "Row", "chinese_numeral", "parse", "roman"]

PARENT_FIELD = {"tasks": "action_id", "measures": "group_id"}


def _fill(template: str, **values: Any) -> str:
    try:
        return template.format(**values)
    except (KeyError, ValueError) as exc:
        raise BuildError(f"id template {template!r}: {exc}") from None


class _Parser:
    def __init__(self, text: str, cfg: DocumentConfig) -> None:
        self.text = text
        self.cfg = cfg
        self.out = Parsed(
            cfg.id,
            tables={t: [] for t in table_roles().of_kind("unit")},
        )
        self.by_id: dict[str, Provision] = {}
        self.rows: dict[str, Row] = {}

    def at(self, start: int) -> str:
        """``dataset/guofa-2015-40.zh.txt: line 12``: where an offset of the canonical text is."""
        return f"{self.cfg.text_path}: line {self.text.count(chr(10), 0, start) + 1}"

    def add(
        self,
        local: str,
        parent: str | None,
        kind: str,
        start: int,
        end: int,
        number: int | None = None,
        heading: str | None = None,
        layout: str = "plain",
        marker: str = "",
    ) -> Provision:
        pid = self.cfg.gid(local)
        if pid in self.by_id:
            raise BuildError(f"{self.at(start)}: provision id {pid} produced twice")
        parent_id = self.cfg.gid(parent) if parent is not None else None
        prov = Provision(pid, parent_id, kind, number, heading, start, end, self.text[start:end])
        prov.level = 1 if parent_id is None else self.by_id[parent_id].level + 1
        prov.seq = len(self.out.provisions) + 1
        prov.layout, prov.marker = layout, marker
        self.out.provisions.append(prov)
        self.by_id[pid] = prov
        return prov

    def row(
        self,
        table: str,
        local: str,
        number: int | None,
        title: str,
        start: int,
        end: int,
        has_body: bool = True,
        **extra: Any,
    ) -> Row:
        rid = self.cfg.gid(local)
        row = Row(rid, rid, number, title, self.text[start:end], start, end, dict(extra), has_body)
        self.out.tables[table].append(row)
        self.rows[rid] = row
        return row

    def count(self, table: str, **where: Any) -> int:
        return sum(1 for r in self.out.tables[table] if all(r.extra.get(k) == v for k, v in where.items()))

    def attribution(self, start: int, end: int, subject: str, table: str) -> int:
        """Read the trailing （…负责） of a paragraph; return where the body before it ends."""
        spec = self.cfg.attribution
        if not spec:
            raise BuildError(f"{self.cfg.id}: {subject} expects an attribution but document.toml has none")
        para = self.text[start:end]
        pattern: re.Pattern[str] = spec["pattern"]
        m = pattern.search(para)
        if not m:
            raise BuildError(f"{self.at(start)}: {subject}: no attribution at the end of the paragraph")
        body = parse_attribution(m.group(1))
        if body is None:
            raise BuildError(f"{self.at(start)}: {subject}: attribution {m.group(0)} does not end in 负责 or 牵头")
        gid = self.cfg.gid(subject)
        self.out.attributions.append(
            Attribution(
                f"{gid}.attr",
                gid,
                table,
                m.group(0),
                list(body.names),
                body.verb,
                body.states_rule,
                start + m.start(),
            )
        )
        return start + m.start()

    def parse(self) -> Parsed:
        cfg, mk = self.cfg, self.cfg.markers
        paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        if len(paras) < len(cfg.front) + 2:
            raise BuildError(f"{cfg.id}: the canonical text has only {len(paras)} paragraphs")
        for kind, (start, end) in zip(cfg.front, paras, strict=False):
            self.add(kind, None, kind, start, end)
        part = 0
        section = 0
        closed = False
        for start, end in paras[len(cfg.front) :]:
            para = self.text[start:end]
            where = f"{self.at(start)}: paragraph {para[:12]!r}…"
            if m := mk["part"].match(para):
                part, section = chinese_numeral(m.group(1)), 0
                if part not in cfg.parts:
                    raise BuildError(f"{where}: document.toml describes no part {part}")
                self.add(roman(part), None, "part", start, end, part, m.group(2), "part")
                continue
            if mk["signature"].match(para):
                self.add("signature", None, "signature", start, end)
                continue
            if mk["date"].match(para):
                self.add("date", None, "date", start, end)
                continue
            if "note" in mk and mk["note"].match(para):
                self.add("note", None, "note", start, end)
                continue
            if "closing" in mk and mk["closing"].match(para):
                self.add("closing", None, "closing", start, end)
                closed = True
                continue
            if closed:
                raise BuildError(f"{where}: text after the closing paragraph")
            if part == 0:
                n = sum(1 for p in self.out.provisions if p.kind == "preamble") + 1
                self.add(f"preamble.{n}", None, "preamble", start, end)
                continue
            spec = cfg.parts[part]
            if m := mk["section"].match(para):
                section = chinese_numeral(m.group(1))
                self.heading(spec, part, section, m, start, end)
                continue
            self.content(spec, part, section, start, end, where)
        return self.out

    def heading(self, spec: Part, part: int, n: int, m: re.Match[str], start: int, end: int) -> None:
        unit = spec.heading
        local = _fill(unit.id, n=n)
        title = m.group(2)
        self.add(local, roman(part), unit.kind, start, end, n, title, "heading")
        if unit.table:
            h_start = start + m.start(2)
            extra: dict[str, Any] = {"position": n}
            if unit.table in PARENT_FIELD:
                extra[PARENT_FIELD[unit.table]] = None
            if unit.table in ("actions", "measures"):
                extra["attribution_zh"] = None
            self.row(unit.table, local, n, title, h_start, h_start + len(title), has_body=False, **extra)

    def section_id(self, spec: Part, part: int, section: int, where: str) -> str:
        if section == 0:
            raise BuildError(f"{where}: text before the first heading of part {part}")
        return _fill(spec.heading.id, n=section)

    def content(self, spec: Part, part: int, section: int, start: int, end: int, where: str) -> None:
        sid = self.section_id(spec, part, section, where)
        para = self.text[start:end]
        if spec.sections:
            unit = spec.sections.get(section)
            if unit is None:
                raise BuildError(f"{where}: document.toml says nothing of part {part}, section {section}")
            self.section_content(unit, sid, start, end, where)
            return
        if spec.item is not None and spec.item.pattern is not None and (m := spec.item.pattern.match(para)):
            self.item(spec.item, sid, m, start, end, where)
            return
        if spec.body is not None:
            self.body(spec, sid, start, end, where)
            return
        raise BuildError(f"{where}: cannot classify it in part {part}")

    def section_content(self, unit: Unit, sid: str, start: int, end: int, where: str) -> None:
        para = self.text[start:end]
        if unit.kind == "paragraph":
            n = sum(1 for p in self.out.provisions if p.parent_id == self.cfg.gid(sid)) + 1
            self.add(_fill(unit.id, section=sid, n=n), sid, "paragraph", start, end)
        elif unit.kind == "principle" and unit.pattern is not None and (m := unit.pattern.match(para)):
            local = _fill(unit.id, n=len(self.out.tables["principles"]) + 1)
            self.add(local, sid, "principle", start, end, None, m.group(1), "principle")
            self.row("principles", local, None, m.group(1), start + m.end(), end)
        elif unit.kind == "target" and unit.horizon is not None and (m := unit.horizon.match(para)):
            local = _fill(unit.id, year=m.group(2))
            self.add(local, sid, "target", start, end, None, m.group(1), "horizon")
            self.row(
                "targets",
                local,
                None,
                m.group(1),
                start + m.end(),
                end,
                year=int(m.group(2)),
                parent_id=None,
                position=None,
            )
        elif unit.kind == "target" and unit.dimension is not None and (m := unit.dimension.match(para)):
            heads = [r for r in self.out.tables["targets"] if r.extra["parent_id"] is None]
            if not heads:
                raise BuildError(f"{where}: a target dimension before any horizon")
            head = heads[-1]
            n = self.count("targets", parent_id=head.id) + 1
            local = _fill(unit.dimension_id or "{head}.{n}", head=self.cfg.local(head.id), n=n)
            self.add(
                local, self.cfg.local(head.id), "target", start, end, None, m.group(1), "dimension", para[: m.start(1)]
            )
            self.row(
                "targets",
                local,
                None,
                m.group(1),
                start + m.end(),
                end,
                year=head.extra["year"],
                parent_id=head.id,
                position=n,
            )
        else:
            raise BuildError(f"{where}: cannot classify it as a {unit.kind}")

    def item(self, unit: Unit, sid: str, m: re.Match[str], start: int, end: int, where: str) -> None:
        table = unit.table or ""
        parent_field = PARENT_FIELD.get(table, "parent_id")
        gsid = self.cfg.gid(sid)
        if gsid not in self.by_id:
            raise BuildError(f"{where}: an item before its heading")
        n = int(m.group(1))
        have = self.count(table, **{parent_field: gsid})
        if n != have + 1:
            raise BuildError(f"{where}: {gsid}: item numbered {n} follows {have} items")
        local = _fill(unit.id, section=sid, n=n)
        body_end = self.attribution(start, end, local, table) if unit.attribution else end
        self.add(local, sid, unit.kind, start, body_end, n, m.group(2), "item")
        extra: dict[str, Any] = {parent_field: gsid, "position": n}
        if unit.attribution:
            self.add(f"{local}.attr", local, "attribution", body_end, end)
            extra["attribution_zh"] = self.text[body_end:end]
        if table:
            self.row(table, local, n, m.group(2), start + m.end(), body_end, **extra)

    def body(self, spec: Part, sid: str, start: int, end: int, where: str) -> None:
        unit = spec.body
        assert unit is not None
        gsid = self.cfg.gid(sid)
        local = _fill(unit.id, section=sid, n=1)
        if self.cfg.gid(local) in self.by_id:
            raise BuildError(f"{where}: {gsid}: a second unnumbered paragraph")
        body_end = self.attribution(start, end, sid, spec.heading.table or "") if unit.attribution else end
        self.add(local, sid, "paragraph", start, body_end, layout="body")
        row = self.rows.get(gsid)
        if unit.attribution:
            self.add(f"{sid}.attr", sid, "attribution", body_end, end)
        if row is not None:
            row.text_zh, row.start, row.end, row.has_body = self.text[start:body_end], start, body_end, True
            if unit.attribution:
                row.extra["attribution_zh"] = self.text[body_end:end]


def parse(text: str, cfg: DocumentConfig) -> Parsed:
    return _Parser(text, cfg).parse()
