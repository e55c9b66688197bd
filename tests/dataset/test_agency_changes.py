"""What became of the agencies: the 2018 and 2023 reforms, each fact with its source."""

from __future__ import annotations

from typing import Any


def test_aqsiq_cfda_saic_went_into_samr_in_2018(ds: Any) -> None:
    for agency in ("aqsiq", "cfda", "saic"):
        merged = [c for c in ds.successors(agency) if c.change == "merged_into"]
        assert merged and merged[0].year == 2018, agency
        assert merged[0].successor_zh == "国家市场监督管理总局"


def test_banking_and_insurance_regulators_chain(ds: Any) -> None:
    """Each body's own changes: 银监会 and 保监会 went into 银保监会 in 2018, and 银保监会 (not its predecessors) into
    国家金融监督管理总局 in 2023."""
    for agency in ("cbrc", "circ"):
        assert [(c.year, c.successor_agency_id) for c in ds.successors(agency)] == [(2018, "cbirc")]
    assert [(c.year, c.successor_agency_id) for c in ds.successors("cbirc")] == [(2023, "nfra")]


def test_legislative_affairs_office_went_into_ministry_of_justice(ds: Any) -> None:
    assert [c.successor_zh for c in ds.successors("lao")] == ["司法部"]


def test_every_change_has_a_source_and_known_agency(ds: Any) -> None:
    for c in ds.agency_changes:
        assert c.source, c.id
        assert ds.get("agencies", c.agency_id) is not None
        assert c.year in (2016, 2018, 2023), c.id


def test_unchanged_agencies_have_no_rows(ds: Any) -> None:
    assert ds.successors("moe") == ()
