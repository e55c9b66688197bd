"""Every agency has a page, and it lists every duty the text gives it, whatever the duty's subject.

A duty's subject is an action, a task, a measure, or a whole document (5号's closing paragraph names
agencies for the document as a whole); the page once knew only the first three and answered 500 for
the nine agencies with a document duty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from internet_plus_api.app import create_app
from litestar import Litestar
from litestar.testing import TestClient

HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app()) as c:
        yield c


def _duty_rows(page: str) -> list[tuple[str, str]]:
    section = page.split('<h2 id="duties">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="(\w+)"><td><a href="([^"]+)"', section)


def test_every_agency_page_lists_each_duty_with_a_link_that_exists(client: TestClient[Litestar], ds: Any) -> None:
    kinds = set()
    for agency in ds.agencies:
        response = client.get(f"/v1/agencies/{agency.id}", headers=HTML)
        assert response.status_code == 200, agency.id
        duties = ds.responsibilities_of(agency.id)
        rows = _duty_rows(response.text)
        assert [kind for kind, _ in rows] == [d.subject_type for d in duties], agency.id
        for d, (_, url) in zip(duties, rows, strict=True):
            assert url.endswith(f"/{d.subject_id}")
        kinds |= {d.subject_type for d in duties}
    assert kinds == {"action", "task", "measure", "document"}  # every kind of subject is on some page


def test_a_document_duty_links_to_the_document(client: TestClient[Litestar], ds: Any) -> None:
    duty = next(d for a in ds.agencies for d in ds.responsibilities_of(a.id) if d.subject_type == "document")
    agency = duty.responsibility.agency_id
    rows = _duty_rows(client.get(f"/v1/agencies/{agency}", headers=HTML).text)
    url = next(u for kind, u in rows if kind == "document")
    page = client.get(url, headers=HTML)
    assert page.status_code == 200 and ds.document(duty.subject_id).title_zh in page.text


def _section(page: str, anchor: str) -> str:
    return page.split(f'<h2 id="{anchor}">', 1)[1].split("</section>", 1)[0] if f'<h2 id="{anchor}">' in page else ""


def test_a_successor_lists_the_duties_it_inherited_and_by_which_reform(client: TestClient[Litestar], ds: Any) -> None:
    """国家市场监督管理总局 is named for nothing in 2015, yet holds every duty of 质检总局, 工商总局 and 食药监总局."""
    for agency in ds.agencies:
        page = client.get(f"/v1/agencies/{agency.id}", headers=HTML).text
        inherited = [h for h in ds.holders if h.holder_agency_id == agency.id and h.agency_id != agency.id]
        rows = re.findall(r"<tr><td><a ", _section(page, "inherited"))
        assert len(rows) == len(inherited), agency.id
    samr = client.get("/v1/agencies/samr", headers=HTML).text
    section = _section(samr, "inherited")
    assert "质检总局" in section and "工商总局" in section and "食品药品监管总局" in section
    assert "2018 国务院机构改革方案" in section


def test_a_body_that_no_longer_exists_says_who_holds_its_role_today(client: TestClient[Litestar], ds: Any) -> None:
    page = client.get("/v1/agencies/cbrc", headers=HTML).text
    today = _section(page, "today")
    assert "国家金融监督管理总局" in today and str(ds.succession_as_of) in today
    assert "/v1/agency_changes/cbirc-2023-1" in page


def test_a_duty_of_an_abolished_body_names_its_holder_today(client: TestClient[Litestar], ds: Any) -> None:
    """Measure S2.2's lead, 质检总局, was merged into 国家市场监督管理总局 in 2018: the measure's page says so."""
    page = client.get("/v1/measures/S2.2", headers=HTML).text
    who = _section(page, "who")
    (row,) = [r for r in who.split("<tr>") if "质检总局" in r and "<td" in r]
    assert "国家市场监督管理总局" in row and "/v1/agency_changes/aqsiq-2018-1" in row
    assert f"as of {ds.succession_as_of}" in who


def test_every_kind_of_change_reads_as_words(client: TestClient[Litestar], ds: Any, root: Any) -> None:
    """Each value of agency_changes.change (the schema's enum) has its words on a page, never the code."""
    import json

    from internet_plus_api.web.words import CHANGES

    field = next(
        f for f in json.loads((root / "schemas" / "agency_changes.json").read_text())["fields"] if f["name"] == "change"
    )
    assert set(CHANGES) == set(field["constraints"]["enum"])
    gained = next(c for c in ds.agency_changes if c.change == "functions_gained")
    page = client.get(f"/v1/agencies/{gained.agency_id}", headers=HTML).text
    assert CHANGES["functions_gained"] in page and "functions_gained" not in page
