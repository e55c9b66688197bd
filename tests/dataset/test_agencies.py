"""Agencies: every body named in an attribution, exactly as printed, with its 2015 names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


def test_every_printed_name_is_an_agency_and_every_agency_is_printed(ds: Any, family: Any, canonical_text: str) -> None:
    printed: set[str] = set()
    for body in re.findall(
        r"（([^（）]*?)(?:等负责|共同牵头|牵头|负责)(?:，列第一位者为牵头部门，下同)?）", canonical_text
    ):
        printed.update(body.split("、"))
    in_40 = {family.agency(r.agency_id).name_zh for r in ds.responsibilities}
    assert printed == in_40 and len(in_40) == 37
    # the others named in a text: 5号's closing paragraph names three more collective designations
    closing = {family.agency(r.agency_id).name_zh for r in family.rows("responsibilities", document="guofa-2015-5")}
    assert {a.name_zh for a in family.agencies if a.named_in_text} == in_40 | closing
    assert sum(a.named_in_text for a in family.agencies) == 40
    assert sum(a.kind == "collective" for a in family.agencies) == 6


def test_successor_bodies_are_rows_not_named_in_the_text(ds: Any, canonical_text: str) -> None:
    later = {a.id for a in ds.agencies if not a.named_in_text} - {"state_council"}  # it signs, it is not named
    assert {"samr", "mee", "mara", "nhc", "nhsa", "nda", "nfra", "cbirc"} <= later
    for aid in later:
        a = ds.agency(aid)
        assert a.mentions == 0 and a.name_zh not in canonical_text and a.name_en and a.source, aid
        assert a.note.startswith("Not named in the 2015 text"), aid


def test_who_holds_the_role_today_resolves_as_a_chain(ds: Any) -> None:
    """A chain of changes through successor rows: 银监会 -> 银保监会 (2018) -> 国家金融监督管理总局 (2023)."""
    step = {c.id: c.successor_agency_id for c in ds.agency_changes}
    assert step["cbrc-2018-1"] == "cbirc" and step["cbirc-2023-1"] == "nfra"
    assert step["aqsiq-2018-1"] == "samr" and step["lao-2018-1"] == "moj" and step["ndrc-2023-1"] == "nda"
    names = {n: a.id for a in ds.agencies for n in (a.name_zh, a.name_zh_full)}
    for c in ds.agency_changes:
        if c.successor_zh in names:  # a successor that is a row is always linked
            assert c.successor_agency_id == names[c.successor_zh], c.id


def test_successor_names_are_names_only_and_change_has_one_documented_vocabulary(ds: Any, root: Path) -> None:
    schema = json.loads((root / "schemas" / "agency_changes.json").read_text(encoding="utf-8"))
    change = next(f for f in schema["fields"] if f["name"] == "change")
    vocabulary = change["constraints"]["enum"]
    assert "functions_gained" in vocabulary and all(f"{v} (" in change["description"] for v in vocabulary)
    for c in ds.agency_changes:
        assert c.change in vocabulary, c.id
        assert "(" not in c.successor_zh and ")" not in c.successor_zh and "gained" not in c.successor_zh, c.id
        assert c.successor_en and c.successor_en.strip() and "(" not in c.successor_en, c.id


def test_mentions_count_attributions(family: Any) -> None:
    sentences = {(r.agency_id, r.provision_id, r.attribution_zh) for r in family.responsibilities}

    def named_in(document: str, agency: str) -> int:
        return len(
            {(r.provision_id, r.attribution_zh) for r in family.of(document).responsibilities if r.agency_id == agency}
        )

    assert named_in("guofa-2015-40", "ndrc") == 30  # 30 of 40号's 36 attribution lists
    assert named_in("guofa-2015-40", "miit") == 23
    assert named_in("guofa-2015-5", "ndrc") == named_in("guofa-2015-5", "miit") == 1  # its closing paragraph
    for a in family.agencies:
        assert a.mentions == sum(key[0] == a.id for key in sentences)
    assert family.agency("state_council").mentions == 0  # an issuer only


def test_key_agencies(ds: Any) -> None:
    assert ds.agency("ndrc").name_zh_full == "国家发展和改革委员会"
    assert ds.agency("ndrc").name_en == "National Development and Reform Commission"
    assert ds.agency("aqsiq").name_zh == "质检总局"
    assert ds.agency("cac").name_zh == "网信办"
