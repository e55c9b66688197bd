"""The canonical text is exactly the raw PDF extract with the errata applied, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def test_canonical_text_is_raw_plus_errata(ds: Any, raw_text: str, canonical_text: str) -> None:
    out, pos = [], 0
    for e in sorted((e for e in ds.errata if e.status == "applied"), key=lambda e: e.raw_start):
        assert raw_text[e.raw_start : e.raw_end] == e.raw_text, e.id
        out += [raw_text[pos : e.raw_start], e.corrected_text or ""]
        pos = e.raw_end
    out.append(raw_text[pos:])
    assert "".join(out) == canonical_text


def test_errata_offsets_point_at_the_corrections(ds: Any, canonical_text: str) -> None:
    for e in ds.errata:
        expected = (e.corrected_text or "") if e.status == "applied" else e.raw_text
        assert canonical_text[e.start : e.end] == expected, e.id


def test_declined_and_open_readings_are_recorded_with_evidence(ds: Any, canonical_text: str) -> None:
    considered = {e.id: e for e in ds.errata if e.status != "applied"}
    assert {(e.provision_id, e.raw_text, e.corrected_text, e.status) for e in considered.values()} == {
        ("A10.attr", "（", "。（", "declined"),
        ("S7.2", "新业态", "新兴业态", "open"),
        ("A01.1", " ", None, "declined"),
        ("S3.3", "政府信息公开", "政府数据开放", "declined"),
        ("S3.1", "国务院", " 国务院", "declined"),
    }
    for e in considered.values():
        assert e.confidence == "low" and e.evidence and e.confidence_note, e.id
        assert e.witnesses == (1 if e.status == "open" else 0), e.id
        assert (e.corrected_text or "") not in canonical_text[e.start - 5 : e.end + 5] or e.corrected_text is None


def test_every_applied_correction_resting_on_one_witness_is_graded_below_high(ds: Any) -> None:
    words = {e.id: e.confidence for e in ds.errata if e.kind == "corrupted word" and e.status == "applied"}
    assert words == {
        "E03": "low",  # one witness (an independent republished copy), nothing else
        "E06": "high",
        "E22": "low",  # one witness (translation A); nothing in the text decides it
        "E26": "medium",  # translation A and the document itself
        "E28": "low",
        "E29": "medium",
        "E35": "high",
        "E45": "medium",  # translation B; 5号 supports the reading but is another document, not a witness
        "E47": "high",
    }


def test_the_confidence_rule_holds_for_every_erratum_of_every_document(family: Any) -> None:
    """high: the layout, or two witnesses; medium: one witness and support; low: one witness alone, or none. Status:
    applied needs a witness or the layout, declined has no witness, open has a witness and a stated doubt."""
    from internet_plus.evidence import confidence_of, confidence_problem

    assert {e.document_id for e in family.errata} == {"guofa-2015-40", "guofa-2015-5"}
    for e in family.errata:
        assert e.confidence == confidence_of(e.witnesses, e.support), e.id
        assert confidence_problem(str(e.witnesses), e.support, e.confidence, e.status) is None, e.id
    assert confidence_problem("1", "none", "high", "applied") is not None  # one witness alone is never high
    assert confidence_problem("0", "none", "low", "applied") is not None  # nothing reads it: not applied
    assert confidence_problem("2", "none", "high", "declined") is not None  # a witnessed reading is not declined


def test_raw_offsets_index_the_published_raw_file_of_each_document(family: Any, root: Path) -> None:
    import hashlib

    for doc in family.documents:
        if doc.raw_sha256 is None:
            continue
        import tomllib

        folder = root / "dataset" / "source" / doc.id
        config = tomllib.loads((folder / "document.toml").read_text(encoding="utf-8"))
        data = (folder / config["raw"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.raw_sha256, doc.id
        raw = data.decode("utf-8")
        for e in family.errata:
            if e.document_id == doc.id:
                assert raw[e.raw_start : e.raw_end] == e.raw_text, e.id
                assert raw.count("\n", 0, e.raw_start) + 1 == e.line, e.id


def test_the_title_line_is_restored_as_an_omission(ds: Any, canonical_text: str) -> None:
    e = ds.errata[51]
    assert (e.id, e.kind, e.status, e.confidence, e.provision_id) == ("E52", "omission", "applied", "high", "number")
    assert ds.provision("number").text_zh == "国发〔2015〕40号" == ds.document("guofa-2015-40").number_zh
    assert canonical_text.startswith("\n\n国务院关于积极推进“互联网+”行动的指导意见\n\n国发〔2015〕40号\n\n各省、")


def test_the_canonical_text_has_no_extraction_damage(canonical_text: str) -> None:
    body = canonical_text.strip()
    assert "(" not in body and ")" not in body, "half-width parenthesis left"
    assert not re.search(r"[\u4e00-\u9fff] |(?<!\d\.) [\u4e00-\u9fff]", body), "space next to a Chinese character"
    assert "战略电商" not in body and "发展战略云计算" not in body
    for para in body.split("\n\n"):
        assert (
            para[-1] in "。：）"
            or para in ("一、行动要求", "二、重点行动", "三、保障支撑", "国务院", "2015年7月1日", "国发〔2015〕40号")
            or para.startswith("国务院关于")
        ), para[-12:]


def test_every_kind_of_damage_is_recorded(ds: Any) -> None:
    kinds = {e.kind for e in ds.errata}
    assert {"page break", "doubled character", "spacing", "punctuation width", "corrupted word"} <= kinds


def test_errata_ids_are_in_raw_order_then_in_the_order_recorded(ds: Any) -> None:
    """E01–E51 (release 1.0.0) by position; ids are never renumbered, so later ones follow on."""
    first = [e for e in ds.errata if int(e.id[1:]) <= 51]
    assert [e.id for e in sorted(first, key=lambda e: e.raw_start)] == [f"E{i:02d}" for i in range(1, 52)]
    assert [e.id for e in ds.errata] == [f"E{i:02d}" for i in range(1, len(ds.errata) + 1)]


def test_doubled_character_fixed(ds: Any) -> None:
    doubled = [e for e in ds.errata if e.kind == "doubled character"]
    assert [(e.raw_text, e.corrected_text, e.provision_id) for e in doubled] == [("资\n\n资", "资", "A06.3")]
