"""40号's row of documents: number, dates, and the checksums of the canonical text (as in 1.x)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest


def test_document_metadata(ds: Any, canonical_text: str, raw_text: str) -> None:
    doc = ds.document("guofa-2015-40")
    assert ds.document("国发〔2015〕40号") is doc
    assert doc.number_zh == "国发〔2015〕40号"
    assert doc.signed == dt.date(2015, 7, 1) and doc.published == dt.date(2015, 7, 4)
    assert doc.url == "https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm"
    assert doc.text_sha256 == hashlib.sha256(canonical_text.encode("utf-8")).hexdigest()
    assert doc.raw_sha256 == hashlib.sha256(raw_text.encode("utf-8")).hexdigest()
    assert doc.text_length == len(canonical_text)
    assert doc.title_zh == ds.provision("title").text_zh
    assert doc.text_held == "full" and doc.id_prefix is None and doc.issuer_agency_ids == "state_council"


def test_a_provincial_body_s_document_names_its_province(family: Any) -> None:
    """province is the province-level division an issuer's name begins with (广东省农业厅: 广东), for every row."""
    provinces = {f.province_zh for f in family.followups if f.province_zh}
    assert len(provinces) == 31
    for d in family.documents:
        named = {p for p in provinces for issuer in d.issuers_zh.split("、") if issuer.startswith(p)}
        assert d.province == (named.pop() if named else None), d.id


def test_each_source_of_a_document_is_listed_once(family: Any) -> None:
    """``sources`` lists where each fact was seen, one entry per source ("; " between them); in 3.3.1 nine
    rows (40号's among them) listed their index-number and subject-class sources twice."""
    for d in family.documents:
        entries = [e.strip() for e in d.sources.split("; ")]
        assert len(entries) == len(set(entries)), d.id


def test_the_build_refuses_a_source_listed_twice() -> None:
    from _common import BuildError
    from family_tables import _check_sources

    _check_sources("url: https://www.gov.cn/a; signed: https://www.gov.cn/b", "documents.csv row x")
    with pytest.raises(
        BuildError, match=re.escape("documents.csv row x: sources lists one entry twice: url: https://www.gov.cn/a")
    ):
        _check_sources(
            "url: https://www.gov.cn/a; signed: https://www.gov.cn/b; url: https://www.gov.cn/a", "documents.csv row x"
        )
    with pytest.raises(BuildError, match="sources is empty"):
        _check_sources(" ", "documents.csv row x")
