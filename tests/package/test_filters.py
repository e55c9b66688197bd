"""The library's and the CLI's conditions: the API's syntax (``signed__gte=``), typed from the schemas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from internet_plus import DatasetError
from internet_plus.cli import main
from internet_plus.filters import FilterError

Rows = Callable[[str], list[dict[str, str]]]


def test_table_filter_compares_dates_and_numbers(ds: Any, csv_rows: Rows) -> None:
    published = csv_rows("documents")
    expected = [r["id"] for r in published if r["signed"] and "2016-01-01" <= r["signed"] < "2017-01-01"]
    found = ds.table("documents").filter("signed__gte=2016-01-01", "signed__lt=2017-01-01")
    assert [d.id for d in found] == expected and expected
    long_texts = [r["id"] for r in published if r["text_length"] and int(r["text_length"]) > 5000]
    assert [d.id for d in ds.table("documents").filter("text_length__gt=5000")] == long_texts


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("title_zh__gte=a", "'title_zh' cannot be compared"),
        ("signed__gte=2016-13-01", "'2016-13-01' is not a date"),
        ("text_length__lt=many", "'many' is not an integer"),
        ("sgned=2016-01-01", "documents has no field 'sgned'; nearest: signed"),
        ("signed", "is not FIELD=VALUE"),
    ],
)
def test_a_bad_condition_names_what_is_wrong(ds: Any, condition: str, message: str) -> None:
    with pytest.raises(FilterError, match=message) as raised:
        ds.table("documents").filter(condition)
    assert isinstance(raised.value, DatasetError)


def test_cli_where_takes_the_same_conditions_and_old_names(capsys: pytest.CaptureFixture[str], csv_rows: Rows) -> None:
    in_2016 = sum(1 for r in csv_rows("documents") if r["signed"] and "2016-01-01" <= r["signed"] < "2017-01-01")
    assert main(["count", "documents", "--where", "signed__gte=2016-01-01", "--where", "signed__lt=2017-01-01"]) == 0
    assert capsys.readouterr().out.split() == ["count", str(in_2016)]
    ndrc = [r["id"] for r in csv_rows("documents") if "ndrc" in r["issuer_agency_ids"].split(" ")]
    assert main(["show", "documents", "--where", "issuer_agency_ids=ndrc", "--format", "csv", "--fields", "id"]) == 0
    assert capsys.readouterr().out.split() == ["id", *ndrc]
    leads = sum(1 for r in csv_rows("responsibilities") if r["agency_id"] == "ndrc")
    for name in ("agency_id", "agency"):
        assert main(["count", "responsibilities", "--where", f"{name}=ndrc"]) == 0
        assert capsys.readouterr().out.split() == ["count", str(leads)]


def test_cli_accepts_the_url_spelling_of_a_table(capsys: pytest.CaptureFixture[str], csv_rows: Rows) -> None:
    assert main(["count", "document-links"]) == 0
    assert capsys.readouterr().out.split() == ["count", str(len(csv_rows("document_links")))]


def test_search_within_a_document(ds: Any) -> None:
    hits = ds.search("互联网", document="国发〔2015〕5号")
    assert hits and all(ds.document_of(h.table, h.id) == "guofa-2015-5" for h in hits)
    assert set(hits) < set(ds.search("互联网"))
