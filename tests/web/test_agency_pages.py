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
