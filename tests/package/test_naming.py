"""The naming rule (docs/identifiers.md): every document number splits mechanically into issuer code,
category, year and number; the romanisation is toneless pinyin; the work IRI and the document id agree."""

from __future__ import annotations

from typing import Any

import pytest
from pypinyin import Style, lazy_pinyin

from internet_plus.citations import Resolver
from internet_plus.naming import CATEGORY_CODES, ISSUER_CODES, Names, english_number, split_number, work_iri


def test_every_document_number_splits_by_the_rule(ds: Any) -> None:
    numbered = [d for d in ds.documents if d.number_zh and "〔" in d.number_zh]
    assert len(numbered) >= 47
    for d in numbered:
        n = split_number(d.number_zh)
        rebuilt = f"{n.issuer_zh}{n.category_zh}〔{n.year}〕{n.serial}号"
        assert rebuilt == d.number_zh
        assert n.document_id == d.id, f"{d.number_zh}: the rule gives {n.document_id}, the table {d.id}"
        assert work_iri(d.id, d.number_zh) == f"/akn/cn/act/{n.series}/{n.year}/{n.serial}"


@pytest.mark.parametrize("table", [ISSUER_CODES, CATEGORY_CODES])
def test_each_code_is_romanised_as_toneless_pinyin(table: dict[str, str]) -> None:
    for code, roman in table.items():
        assert roman == "".join(lazy_pinyin(code, style=Style.NORMAL)), code


def test_the_longest_issuer_code_wins_and_the_rest_is_the_category() -> None:
    n = split_number("发改办高技〔2017〕1668号")
    assert (n.issuer_zh, n.category_zh, n.series) == ("发改办", "高技", "fagaiban-gaoji")
    assert split_number("国发〔2015〕40号").series == "guofa"


@pytest.mark.parametrize(
    "bad", ["国发[2015]40号", "国发〔2015〕40", "某某发〔2015〕1号", "发改某某〔2016〕1号", "国发〔15〕40号", ""]
)
def test_a_number_outside_the_rule_is_one_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match="document number"):
        split_number(bad)


def test_unnumbered_documents_are_named_by_id_under_nn_and_every_iri_is_distinct(ds: Any) -> None:
    names = Names(d.model_dump() for d in ds.documents)
    assert len(set(names.work.values())) == len(ds.documents)
    for d in ds.documents:
        if not d.number_zh or "〔" not in d.number_zh:  # none, or an announcement's number (2019年第2号)
            assert names.of(d.id).startswith("/akn/cn/act/nn/") and names.of(d.id).endswith("/" + d.id)
    assert names.of("guofa-2015-40") == "/akn/cn/act/guofa/2015/40"
    assert names.provision_id("guofa-2015-5", "~T1") == "gf5:T1"


def test_every_number_the_edition_writes_in_english_is_spelt_one_way(ds: Any) -> None:
    """The held texts' number lines (Guofa [2015] No. 40, not Guo Fa [2015] No. 5 beside it) are the naming rule's
    English, and the citation resolver reads each back to its document."""
    resolver = Resolver(ds.documents)
    lines = [p for p in ds.provisions if p.kind == "number"]
    assert len(lines) == len(ds.texts) >= 2
    for p in lines:
        assert p.text_en == english_number(p.text_zh), p.id
        assert resolver.resolve(p.text_en) == resolver.resolve(p.text_zh) is not None, p.id
    assert english_number("发改高技〔2016〕1078号") == "Fagai Gaoji [2016] No. 1078"
