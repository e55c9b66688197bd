"""国发〔2015〕5号, the second full text: the same facts as for 40号, counted in its own text.

Its source is the gov.cn page converted to text (a header of the page's fields, ``---``, the body); the
canonical text is the body with its one erratum applied (the title printed on two lines, joined).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

DOC = "guofa-2015-5"


@pytest.fixture(scope="module")
def gf5(family: Any) -> Any:
    return family.of(DOC)


@pytest.fixture(scope="module")
def header(root: Path) -> dict[str, str]:
    source = (root / "dataset" / "source" / DOC / "guofa-2015-5.zh.gov-cn.txt").read_text(encoding="utf-8")
    head = source.split("\n---\n", 1)[0]
    return dict(line.split("：", 1) for line in head.splitlines())


def test_its_text_is_the_source_body_with_its_errata(gf5: Any, root: Path) -> None:
    source = (root / "dataset" / "source" / DOC / "guofa-2015-5.zh.gov-cn.txt").read_text(encoding="utf-8")
    body = source.split("\n---\n", 1)[1].lstrip("\n")
    (erratum,) = [e for e in gf5.errata if e.status == "applied"]
    assert erratum.id == "gf5:E01" and erratum.kind == "line break" and erratum.raw_text == "\n"
    declined = gf5.get("errata", "gf5:E02")  # 互联网网间互联 is checked and kept: 网间互联 is a word
    assert declined.status == "declined" and gf5.text[declined.start : declined.end] == declined.raw_text == "网网"
    assert source[: erratum.raw_start] + source[erratum.raw_end :] == source[: len(source) - len(body)] + gf5.text
    assert gf5.text == (root / "dataset" / "guofa-2015-5.zh.txt").read_text(encoding="utf-8")


def test_the_document_row_agrees_with_the_page_header(gf5: Any, header: dict[str, str], root: Path) -> None:
    doc = gf5.document(DOC)
    assert doc.number_zh == header["发文字号"] == "国发〔2015〕5号"
    assert doc.title_zh == header["标题"] == gf5.provision("gf5:title").text_zh
    assert doc.signed == dt.date(2015, 1, 6) and header["成文日期"] == "2015年01月06日"
    assert doc.published == dt.date(2015, 1, 30) and header["发布日期"] == "2015年01月30日"
    assert doc.status == "lapsed" and header["时效"] == "失效"
    assert doc.text_held == "abridged" and gf5.provision("gf5:note").text_zh == "（本文有删减）"
    assert doc.id_prefix == "gf5:" and doc.issuer_agency_ids == "state_council"
    source = (root / "dataset" / "source" / DOC / "guofa-2015-5.zh.gov-cn.txt").read_bytes()
    assert doc.raw_sha256 == hashlib.sha256(source).hexdigest()
    assert doc.text_sha256 == hashlib.sha256(gf5.text.encode("utf-8")).hexdigest()


def test_counts(gf5: Any) -> None:
    assert [p.title_zh for p in gf5.principles] == ["市场主导", "统筹协调", "创新驱动", "保障安全"]
    assert [t.id for t in gf5.targets] == [f"gf5:G2017{s}" for s in ("", ".1", ".2", ".3", ".4", ".5")] + ["gf5:G2020"]
    assert [t.dimension for t in gf5.targets if t.parent_id] == [
        "services",
        "innovation",
        "applications",
        "infrastructure",
        "security",
    ]
    assert [t.id for t in gf5.tasks] == [f"gf5:T{n}" for n in range(1, 7)]
    assert [m.id for m in gf5.measures] == [f"gf5:M{n}" for n in range(1, 8)]
    assert gf5.actions == () and gf5.measure_groups == ()  # no invented structure
    assert len(gf5.provisions) == 52


def test_tasks_and_measures_are_headings_with_one_paragraph_and_no_attribution(gf5: Any) -> None:
    numerals = "一二三四五六七"
    for row in (*gf5.tasks, *gf5.measures):
        heading = gf5.provision(row.id)
        assert heading.text_zh == f"（{numerals[row.number - 1]}）{row.title_zh}。"
        (body,) = [p for p in gf5.provisions if p.parent_id == row.id]
        assert body.id == row.id + ".p1" and body.text_zh == row.text_zh
        assert getattr(row, "attribution_zh", None) is None
    assert all(t.action_id is None for t in gf5.tasks) and all(m.group_id is None for m in gf5.measures)


def test_every_row_text_is_its_canonical_text_and_provisions_cover_it(gf5: Any) -> None:
    for table in ("provisions", "principles", "targets", "tasks", "measures", "errata"):
        for r in gf5.rows(table):
            if table == "errata":
                expected = (r.corrected_text or "") if r.status == "applied" else r.raw_text
            else:
                expected = r.text_zh
            assert gf5.text[r.start : r.end] == expected, r.id
    pos = 0
    for p in sorted(gf5.provisions, key=lambda p: p.start):
        assert p.start >= pos and not gf5.text[pos : p.start].strip(), p.id
        pos = p.end
    assert not gf5.text[pos:].strip()
    assert [p.seq for p in gf5.provisions] == list(range(1, 53))


def test_the_closing_paragraph_names_its_agencies_with_the_roles_its_wording_gives(gf5: Any) -> None:
    closing = gf5.provision("gf5:closing")
    rows = gf5.responsibilities
    assert all(r.provision_id == closing.id and r.action_id is None and r.measure_id is None for r in rows)
    for r in rows:
        assert r.attribution_zh in closing.text_zh and r.name_as_printed in r.attribution_zh
    assert [(r.agency_id, r.role) for r in rows] == [
        ("all_regions", "joint"),
        ("all_departments", "joint"),
        ("state_council_relevant_departments", "joint"),
        ("ndrc", "joint"),
        ("miit", "joint"),
        ("most", "joint"),
        ("mof", "joint"),
        ("cac", "joint"),
        ("relevant_departments", "participant"),
    ]
    assert "列第一位者为牵头部门" not in gf5.text  # 40号's lead rule is not stated here: nobody leads
    assert [d.subject_type for d in gf5.responsibilities_of("ndrc") if d.subject_id == DOC] == ["document"]


def test_english_for_every_row(gf5: Any) -> None:
    for table in ("provisions", "principles", "targets", "tasks", "measures"):
        for r in gf5.rows(table):
            assert r.text_en and r.translation_status == "reviewed", r.id
            for token in re.findall(r"[0-9]+", r.text_zh if table == "provisions" else ""):
                assert token in (r.text_en or ""), (r.id, token)
    assert gf5.provision("gf5:date").text_en == "6 January 2015"
    assert gf5.task("gf5:T4").title_en == "Strengthen the development and utilization of big data"


def test_search_covers_it(family: Any) -> None:
    hits = family.search("云计算工程", tables=["provisions"])
    assert {h.id for h in hits} >= {"gf5:T1.p1", "S1.2"}
    assert any(h.id.startswith("gf5:") for h in family.search("cloud computing"))
