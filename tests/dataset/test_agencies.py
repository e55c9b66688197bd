"""Agencies: every body named in an attribution, exactly as printed, with its 2015 names."""

from __future__ import annotations

import re
from typing import Any


def test_every_printed_name_is_an_agency_and_every_agency_is_printed(ds: Any, canonical_text: str) -> None:
    printed: set[str] = set()
    for body in re.findall(
        r"（([^（）]*?)(?:等负责|共同牵头|牵头|负责)(?:，列第一位者为牵头部门，下同)?）", canonical_text
    ):
        printed.update(body.split("、"))
    assert printed == {a.name_zh for a in ds.agencies}
    assert len(ds.agencies) == 37
    assert sum(a.kind == "collective" for a in ds.agencies) == 3


def test_mentions_count_attributions(ds: Any) -> None:
    assert ds.agency("ndrc").mentions == 30
    assert ds.agency("miit").mentions == 23
    for a in ds.agencies:
        assert a.mentions == sum(r.agency_id == a.id for r in ds.responsibilities)


def test_key_agencies(ds: Any) -> None:
    assert ds.agency("ndrc").name_zh_full == "国家发展和改革委员会"
    assert ds.agency("ndrc").name_en == "National Development and Reform Commission"
    assert ds.agency("aqsiq").name_zh == "质检总局"
    assert ds.agency("cac").name_zh == "网信办"
