"""The eleven key actions: numbering, headings, and who leads each one according to the text."""

from __future__ import annotations

from typing import Any

import pytest

LEADS = {  # first listed in the attribution, or all listed under 共同牵头
    "A01": ["ndrc"],
    "A02": ["miit", "ndrc", "most"],
    "A03": ["moa"],
    "A04": ["nea"],
    "A05": ["pboc"],
    "A06": ["ndrc"],
    "A07": ["ndrc"],
    "A08": ["ndrc"],
    "A09": ["ndrc", "mot"],
    "A10": ["ndrc"],
    "A11": ["ndrc"],
}


def test_there_are_eleven_actions_numbered_in_print_order(ds: Any) -> None:
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert [a.id for a in ds.actions] == [f"A{i:02d}" for i in range(1, 12)]
    assert [a.number for a in ds.actions] == list(range(1, 12))  # an integer; the printed form is in the text
    assert [ds.provision(a.id).text_zh[: len(n) + 2] for a, n in zip(ds.actions, numerals, strict=True)] == [
        f"（{n}）" for n in numerals
    ]


def test_every_action_heading_is_an_internet_plus_heading(ds: Any) -> None:
    for a in ds.actions:
        assert a.title_zh.startswith("“互联网+”"), a.id
        assert a.title_en.startswith('"Internet Plus" '), a.id


def test_action_text_stops_before_its_attribution(ds: Any, canonical_text: str) -> None:
    for a in ds.actions:
        assert canonical_text[a.end :].startswith(a.attribution_zh), a.id
        assert "负责" not in a.text_zh and "牵头）" not in a.text_zh


@pytest.mark.parametrize(("action", "leads"), sorted(LEADS.items()))
def test_who_leads_each_action(ds: Any, action: str, leads: list[str]) -> None:
    got = [r.agency_id for r in ds.responsible_for(action) if r.role in ("lead", "co-lead")]
    assert got == leads


def test_ndrc_leads_exactly_the_actions_the_text_says(ds: Any) -> None:
    led = sorted(
        {
            d.subject_id
            for d in ds.responsibilities_of("ndrc")
            if d.subject_type == "action" and d.role in ("lead", "co-lead")
        }
    )
    assert led == ["A01", "A02", "A06", "A07", "A08", "A09", "A10", "A11"]


def test_a02_whole_record(ds: Any) -> None:
    a = ds.action("A02")
    assert a.model_dump(exclude={"text_en", "title_en", "translation_status", "translation_revision"}) == {
        "id": "A02",
        "document_id": "guofa-2015-40",
        "provision_id": "A02",
        "number": 2,
        "title_zh": "“互联网+”协同制造",
        "text_zh": a.text_zh,
        "start": 2763,
        "end": 2888,
        "slug": "collaborative-manufacturing",
        "position": 2,
        "attribution_zh": "（工业和信息化部、发展改革委、科技部共同牵头）",
    }
    assert a.text_zh.startswith("推动互联网与制造业融合") and a.text_zh.endswith("加快形成制造业网络化产业生态体系。")


def test_slugs_resolve_to_their_action(ds: Any) -> None:
    for a in ds.actions:
        assert ds.action(a.slug) is a
