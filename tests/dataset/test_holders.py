"""Who holds each duty today: the holders table is the one rule of internet_plus.holders applied to agency_changes."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from internet_plus.holders import ENDING, is_ending


def test_every_duty_has_a_holder_row_and_the_table_is_the_computation(family: Any) -> None:
    by_duty: dict[str, list[Any]] = {}
    for h in family.holders:
        by_duty.setdefault(h.responsibility_id, []).append(h)
    assert set(by_duty) == {r.id for r in family.responsibilities}
    for r in family.responsibilities:
        computed = family.holders_of(r.agency_id)
        rows = by_duty[r.id]
        assert [h.holder_agency_id for h in rows] == [c.holder_id for c in computed], r.id
        assert [h.outcome for h in rows] == [c.outcome for c in computed], r.id
        assert [h.path for h in rows] == [" ".join(x.id for x in c.path) or None for c in computed], r.id
        assert all(h.agency_id == r.agency_id and h.document_id == r.document_id for h in rows), r.id


def test_the_as_of_date_is_the_succession_datas_and_one_for_all_rows(family: Any, root: Path) -> None:
    declared = tomllib.loads((root / "dataset" / "source" / "succession.toml").read_text(encoding="utf-8"))["as_of"]
    assert {h.as_of for h in family.holders} == {declared}
    assert family.succession_as_of == declared
    changes = [c.effective_date for c in family.agency_changes if c.effective_date]
    assert max(changes) <= declared  # no change is recorded from after the date the data speaks for


def test_every_chain_ends_at_a_body_of_today_or_an_explicit_end(family: Any) -> None:
    """The walk from every body reaches holders that no change in force has ended, and never loops."""
    ending = {c.agency_id for c in family.agency_changes if is_ending(c)}
    for agency in family.agencies:
        holdings = family.holders_of(agency.id)
        assert holdings, agency.id
        for h in holdings:
            assert h.outcome in {"same_body", "succeeded", "abolished", "collective"}, (agency.id, h.outcome)
            if h.holder_id is not None:
                assert h.holder_id not in ending, (agency.id, h.holder_id)
            bodies = [agency.id, *(c.successor_agency_id for c in h.path)]
            assert len(bodies) == len(set(bodies)), f"loop through {bodies}"
            assert all(is_ending(c) for c in h.path) and all(c.change == "functions_moved" for c in h.caveats)


def test_the_ending_kinds_are_those_the_schema_says_pass_the_role(root: Path) -> None:
    import json

    schema = json.loads((root / "schemas" / "agency_changes.json").read_text(encoding="utf-8"))
    text = next(f["description"] for f in schema["fields"] if f["name"] == "change")
    assert "the successor holds the role" in text.split("restructured (", 1)[1].split(")")[0]
    assert "the body goes on" in text.split("functions_moved (", 1)[1].split(")")[0]
    assert {"renamed", "merged_into", "restructured", "abolished"} == ENDING


def test_quality_inspection_duties_are_held_by_market_regulation(family: Any) -> None:
    """质检总局's duties (S2.2 among them) went to 国家市场监督管理总局 in 2018; its patent and customs functions are
    caveats."""
    duties = [h for h in family.holders if h.agency_id == "aqsiq"]
    assert duties and {h.holder_agency_id for h in duties} == {"samr"}
    (s22,) = [h for h in family.holders_for("S2.2") if h.agency_id == "aqsiq"]
    assert s22.outcome == "succeeded" and s22.path == "aqsiq-2018-1" and s22.holder_name_zh == "国家市场监督管理总局"
    assert set((s22.caveats or "").split()) == {"aqsiq-2018-2", "aqsiq-2018-3"}


@pytest.mark.parametrize(
    ("as_of", "holder", "path"),
    [
        (date(2017, 12, 31), "cbrc", ()),
        (date(2020, 1, 1), "cbirc", ("cbrc-2018-1",)),
        (date(2023, 6, 1), "nfra", ("cbrc-2018-1", "cbirc-2023-1")),
    ],
)
def test_the_banking_regulator_is_followed_through_time(
    family: Any, as_of: date, holder: str, path: tuple[str]
) -> None:
    (h,) = family.holders_of("cbrc", as_of=as_of)
    assert h.holder_id == holder and tuple(c.id for c in h.path) == path and h.as_of == as_of


def test_ndrc_keeps_its_own_duties_with_the_functions_it_gave_away_as_caveats(family: Any) -> None:
    (h,) = family.holders_of("ndrc")
    moved = {c.id for c in family.successors("ndrc") if c.change == "functions_moved"}
    assert h.holder_id == "ndrc" and h.outcome == "same_body" and h.path == ()
    assert {c.id for c in h.caveats} == moved and len(moved) >= 9


def test_a_body_that_lost_functions_but_goes_on_still_holds_its_duties(family: Any) -> None:
    """公安部 went on in 2018: its exit-entry functions moved to the immigration administration."""
    (h,) = family.holders_of("mps")
    assert h.holder_id == "mps" and "mps-2018-2" in {c.id for c in h.caveats}
    assert family.get("agency_changes", "mps-2018-2").change == "functions_moved"


def test_collective_designations_are_their_own_holders(family: Any) -> None:
    for h in family.holders:
        collective = family.agency(h.agency_id).kind == "collective"
        assert (h.outcome == "collective") == collective, h.id
        if collective:
            assert h.holder_agency_id == h.agency_id and h.path is None


def test_an_unknown_body_is_named_in_the_error(family: Any) -> None:
    from internet_plus import NotFoundError

    with pytest.raises(NotFoundError, match="aqsic"):
        family.holders_of("aqsic")


def test_a_move_that_was_reversed_is_no_caveat_after_it(family: Any) -> None:
    """The foreign-experts administration went from MOHRSS to MOST in 2018 and back in 2023 (most-2023-7 reverses
    mohrss-2018-3): MOHRSS's duties carry the 2018 move as a caveat between the two reforms, not after."""
    back = family.get("agency_changes", "most-2023-7")
    assert back.reverses == "mohrss-2018-3" and back.successor_agency_id == "mohrss"
    (between,) = family.holders_of("mohrss", as_of=date(2020, 1, 1))
    (today,) = family.holders_of("mohrss")
    assert "mohrss-2018-3" in {c.id for c in between.caveats}
    assert "mohrss-2018-3" not in {c.id for c in today.caveats}
    (most,) = family.holders_of("most")
    assert {c.id for c in most.caveats} >= {"most-2023-6", "most-2023-7"}


def test_the_build_refuses_a_reversal_that_does_not_move_functions_back() -> None:
    from _common import BuildError
    from agency_tables import _check_reversals

    moved = {"id": "a-2018-1", "agency_id": "a", "successor_agency_id": "b", "change": "functions_moved"}
    back = {"id": "b-2023-1", "agency_id": "b", "successor_agency_id": "a", "change": "functions_moved"}
    dated = {"effective_date": None, "reverses": None}
    _check_reversals([{**moved, **dated, "year": 2018}, {**back, **dated, "year": 2023, "reverses": "a-2018-1"}])
    wrong = {**back, **dated, "year": 2023, "successor_agency_id": "c", "reverses": "a-2018-1"}
    with pytest.raises(BuildError, match="does not move functions from its successor back to its body"):
        _check_reversals([{**moved, **dated, "year": 2018}, wrong])
    early = {**back, **dated, "year": 2016, "reverses": "a-2018-1"}
    with pytest.raises(BuildError, match="does not take effect before it"):
        _check_reversals([{**moved, **dated, "year": 2018}, early])
