"""The canonical text is exactly the raw PDF extract with the errata applied, and nothing else."""

from __future__ import annotations

import re
from typing import Any


def test_canonical_text_is_raw_plus_errata(ds: Any, raw_text: str, canonical_text: str) -> None:
    out, pos = [], 0
    for e in sorted(ds.errata, key=lambda e: e.raw_start):
        assert raw_text[e.raw_start : e.raw_end] == e.raw_text, e.id
        out += [raw_text[pos : e.raw_start], e.corrected_text or ""]
        pos = e.raw_end
    out.append(raw_text[pos:])
    assert "".join(out) == canonical_text


def test_errata_offsets_point_at_the_corrections(ds: Any, canonical_text: str) -> None:
    for e in ds.errata:
        assert canonical_text[e.start : e.end] == (e.corrected_text or ""), e.id


def test_the_canonical_text_has_no_extraction_damage(canonical_text: str) -> None:
    body = canonical_text.strip()
    assert "(" not in body and ")" not in body, "half-width parenthesis left"
    assert not re.search(r"[\u4e00-\u9fff] |(?<!\d\.) [\u4e00-\u9fff]", body), "space next to a Chinese character"
    assert "战略电商" not in body and "发展战略云计算" not in body
    for para in body.split("\n\n"):
        assert (
            para[-1] in "。：）"
            or para in ("一、行动要求", "二、重点行动", "三、保障支撑", "国务院", "2015年7月1日")
            or para.startswith("国务院关于")
        ), para[-12:]


def test_every_kind_of_damage_is_recorded(ds: Any) -> None:
    kinds = {e.kind for e in ds.errata}
    assert {"page break", "doubled character", "spacing", "punctuation width", "corrupted word"} <= kinds


def test_errata_ids_are_in_raw_order(ds: Any) -> None:
    ordered = sorted(ds.errata, key=lambda e: e.raw_start)
    assert [e.id for e in ordered] == [f"E{i:02d}" for i in range(1, len(ordered) + 1)]


def test_doubled_character_fixed(ds: Any) -> None:
    doubled = [e for e in ds.errata if e.kind == "doubled character"]
    assert [(e.raw_text, e.corrected_text, e.provision_id) for e in doubled] == [("资\n\n资", "资", "A06.3")]
