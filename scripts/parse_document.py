"""The canonical text -> the document tree and the structured rows, by the document's own markers.

Nothing here is curated: headings are recognised by their printed numbering (一、 / （一） / 1.),
principles by 坚持, target dimensions by ——, attributions by the parenthesised list that ends a
paragraph. A paragraph that fits no rule stops the build with its line, so a change in the
source text cannot silently drop a provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from _common import TEXT_PATH, BuildError

from internet_plus.roles import parse_attribution

__all__ = ["Attribution", "Parsed", "Provision", "Row", "chinese_numeral", "parse"]

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
ROMAN = {1: "I", 2: "II", 3: "III"}
PART_KINDS = {1: "requirements", 2: "actions", 3: "measures"}

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔[0-9]{4}〕[0-9]+号$")  # a document number: 国发〔2015〕40号
PART = re.compile(r"^([一二三])、(.+)$")
SECTION = re.compile(r"^（([一二三四五六七八九十]+)）(.+?)。$")
ITEM = re.compile(r"^(\d+)\. (.+?)。")
DIMENSION = re.compile(r"^——(.+?)。")
PRINCIPLE = re.compile(r"^(坚持.+?)。")
HORIZON = re.compile(r"^(到(\d{4})年)，")
ATTRIBUTION = re.compile(r"（([^（）]+)）$")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def chinese_numeral(text: str) -> int:
    """一 … 十一: the document never numbers past eleven."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + NUMERALS[text[1:]]
    if len(text) == 1:
        return NUMERALS[text]
    raise BuildError(f"unsupported numeral {text!r}")


@dataclass
class Provision:
    id: str
    parent_id: str | None
    kind: str
    number: str | None
    heading_zh: str | None
    start: int
    end: int
    text_zh: str
    level: int = 0
    seq: int = 0


@dataclass
class Row:
    """A structured row: one principle, target, action, task, group or measure."""

    id: str
    provision_id: str
    number: str | None
    title_zh: str
    text_zh: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Attribution:
    provision_id: str
    subject_id: str
    text_zh: str
    names: list[str]
    verb: str
    states_rule: bool
    start: int  # offset of the attribution in the canonical text


@dataclass
class Parsed:
    provisions: list[Provision] = field(default_factory=list)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    attributions: list[Attribution] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = Parsed(
            tables={t: [] for t in ("principles", "targets", "actions", "tasks", "measure_groups", "measures")}
        )
        self.by_id: dict[str, Provision] = {}

    def at(self, start: int) -> str:
        """``dataset/guofa-2015-40.zh.txt: line 12``: where an offset of the canonical text is."""
        return f"{TEXT_PATH}: line {self.text.count(chr(10), 0, start) + 1}"

    def add(
        self,
        pid: str,
        parent: str | None,
        kind: str,
        start: int,
        end: int,
        number: str | None = None,
        heading: str | None = None,
    ) -> Provision:
        if pid in self.by_id:
            raise BuildError(f"{self.at(start)}: provision id {pid} produced twice")
        prov = Provision(pid, parent, kind, number, heading, start, end, self.text[start:end])
        prov.level = 1 if parent is None else self.by_id[parent].level + 1
        prov.seq = len(self.out.provisions) + 1
        self.out.provisions.append(prov)
        self.by_id[pid] = prov
        return prov

    def row(self, table: str, rid: str, number: str | None, title: str, start: int, end: int, **extra: Any) -> None:
        self.out.tables[table].append(Row(rid, rid, number, title, self.text[start:end], start, end, dict(extra)))

    def attribution(self, start: int, end: int, subject: str) -> int:
        """Read the trailing （…负责） of a paragraph; return where the body before it ends."""
        para = self.text[start:end]
        m = ATTRIBUTION.search(para)
        if not m:
            raise BuildError(f"{self.at(start)}: {subject}: no attribution at the end of the paragraph")
        body = parse_attribution(m.group(1))
        if body is None:
            raise BuildError(f"{self.at(start)}: {subject}: attribution {m.group(0)} does not end in 负责 or 牵头")
        self.out.attributions.append(
            Attribution(
                f"{subject}.attr",
                subject,
                m.group(0),
                list(body.names),
                body.verb,
                body.states_rule,
                start + m.start(),
            )
        )
        return start + m.start()

    def parse(self) -> Parsed:
        paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        if len(paras) < 4:
            raise BuildError("the canonical text has fewer than four paragraphs")
        self.add("title", None, "title", *paras[0])
        rest = 1
        if DOC_NUMBER.match(self.text[paras[1][0] : paras[1][1]]):  # the line under the title: 国发〔2015〕40号
            self.add("number", None, "number", *paras[1])
            rest = 2
        self.add("addressee", None, "addressee", *paras[rest])
        part = 0
        section = 0
        preamble = 0
        for start, end in paras[rest + 1 :]:
            para = self.text[start:end]
            where = f"{self.at(start)}: paragraph {para[:12]!r}…"
            if m := PART.match(para):
                part = chinese_numeral(m.group(1))
                section = 0
                self.add(ROMAN[part], None, "part", start, end, m.group(1) + "、", m.group(2))
                continue
            if para == "国务院":
                self.add("signature", None, "signature", start, end)
                continue
            if DATE.match(para):
                self.add("date", None, "date", start, end)
                continue
            if part == 0:
                preamble += 1
                self.add(f"preamble.{preamble}", None, "preamble", start, end)
                continue
            if m := SECTION.match(para):
                section = chinese_numeral(m.group(1))
                number = f"（{m.group(1)}）"
                h_start = start + len(number)
                if part == 1:
                    self.add(f"I.{section}", "I", "section", start, end, number, m.group(2))
                elif part == 2:
                    aid = f"A{section:02d}"
                    self.add(aid, "II", "action", start, end, number, m.group(2))
                    self.row("actions", aid, number, m.group(2), h_start, h_start + len(m.group(2)))
                else:
                    gid = f"S{section}"
                    self.add(gid, "III", "measure_group", start, end, number, m.group(2))
                    self.row("measure_groups", gid, number, m.group(2), h_start, h_start + len(m.group(2)))
                continue
            if part == 1:
                self.part_one(section, start, end, where)
            elif part == 2:
                self.part_two(section, start, end, where)
            elif part == 3:
                self.part_three(section, start, end, where)
            else:  # pragma: no cover - parts are 1..3 by the regex
                raise BuildError(f"{where}: unexpected")
        return self.out

    def part_one(self, section: int, start: int, end: int, where: str) -> None:
        para = self.text[start:end]
        if section == 1:
            count = sum(1 for p in self.out.provisions if p.parent_id == "I.1")
            self.add(f"I.1.p{count + 1}", "I.1", "paragraph", start, end)
        elif section == 2 and (m := PRINCIPLE.match(para)):
            pid = f"P{len(self.out.tables['principles']) + 1}"
            self.add(pid, "I.2", "principle", start, end, None, m.group(1))
            self.row("principles", pid, None, m.group(1), start + m.end(), end)
        elif section == 3 and (m := HORIZON.match(para)):
            gid = f"G{m.group(2)}"
            self.add(gid, "I.3", "target", start, end, None, m.group(1))
            self.row(
                "targets",
                gid,
                None,
                m.group(1),
                start + m.end(),
                end,
                year=int(m.group(2)),
                parent_id=None,
                position=None,
            )
        elif section == 3 and (m := DIMENSION.match(para)):
            heads = [r for r in self.out.tables["targets"] if r.extra["parent_id"] is None]
            if not heads:
                raise BuildError(f"{where}: a target dimension before any horizon")
            head = heads[-1]
            n = sum(1 for r in self.out.tables["targets"] if r.extra["parent_id"] == head.id) + 1
            gid = f"{head.id}.{n}"
            self.add(gid, head.id, "target", start, end, "——", m.group(1))
            self.row(
                "targets",
                gid,
                "——",
                m.group(1),
                start + m.end(),
                end,
                year=head.extra["year"],
                parent_id=head.id,
                position=n,
            )
        else:
            raise BuildError(f"{where}: part one, section {section}: cannot classify it")

    def part_two(self, section: int, start: int, end: int, where: str) -> None:
        aid = f"A{section:02d}"
        if section == 0 or aid not in self.by_id:
            raise BuildError(f"{where}: text before the first action heading")
        para = self.text[start:end]
        if m := ITEM.match(para):
            tasks = [r for r in self.out.tables["tasks"] if r.extra["action_id"] == aid]
            if int(m.group(1)) != len(tasks) + 1:
                raise BuildError(f"{where}: {aid}: task numbered {m.group(1)} follows {len(tasks)} tasks")
            tid = f"{aid}.{m.group(1)}"
            self.add(tid, aid, "task", start, end, m.group(1) + ".", m.group(2))
            self.row(
                "tasks",
                tid,
                m.group(1) + ".",
                m.group(2),
                start + m.end(),
                end,
                action_id=aid,
                position=int(m.group(1)),
            )
            return
        if f"{aid}.intro" in self.by_id:
            raise BuildError(f"{where}: {aid}: a second unnumbered paragraph")
        body_end = self.attribution(start, end, aid)
        self.add(f"{aid}.intro", aid, "paragraph", start, body_end)
        self.add(f"{aid}.attr", aid, "attribution", body_end, end)
        action = next(r for r in self.out.tables["actions"] if r.id == aid)
        action.text_zh, action.start, action.end = self.text[start:body_end], start, body_end
        action.extra["attribution_zh"] = self.text[body_end:end]

    def part_three(self, section: int, start: int, end: int, where: str) -> None:
        gid = f"S{section}"
        para = self.text[start:end]
        m = ITEM.match(para)
        if section == 0 or not m:
            raise BuildError(f"{where}: part three: expected a numbered measure")
        measures = [r for r in self.out.tables["measures"] if r.extra["group_id"] == gid]
        if int(m.group(1)) != len(measures) + 1:
            raise BuildError(f"{where}: {gid}: measure numbered {m.group(1)} follows {len(measures)}")
        mid = f"{gid}.{m.group(1)}"
        number = m.group(1) + "."
        body_end = self.attribution(start, end, mid)
        self.add(mid, gid, "measure", start, body_end, number, m.group(2))
        self.add(f"{mid}.attr", mid, "attribution", body_end, end)
        self.row(
            "measures",
            mid,
            number,
            m.group(2),
            start + m.end(),
            body_end,
            group_id=gid,
            position=int(m.group(1)),
            attribution_zh=self.text[body_end:end],
        )


def parse(text: str) -> Parsed:
    return _Parser(text).parse()
