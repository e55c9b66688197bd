"""40号's row of documents: number, dates, and the checksums of the canonical text (as in 1.x)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any


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
