"""Akoma Ntoso / ELI-style identifiers for Chinese document numbers (发文字号), by rule.

A document number such as 国发〔2015〕40号 is an issuer code (机关代字, 国发: the State Council), an optional
category (类别, 发改**高技**〔2016〕1078号: NDRC's high-technology department), the year in 〔〕 and a serial
number. The work IRI puts them where the Akoma Ntoso naming convention puts a work's series, date and
number: ``/akn/cn/act/guofa/2015/40``. The romanisation of each code is fixed here, once (toneless pinyin,
no spaces; a category is joined with ``-``), so that the IRIs, the document ids (``fagai-gaoji-2016-1078``)
and the naming note (docs/identifiers.md) say the same. A number that does not split under these rules
raises ``ValueError`` naming it; a new issuer code is one line in ``ISSUER_CODES``.

The library computes IRIs and resolves them back to rows without any XML or RDF library; the build
writes the Akoma Ntoso files and the RDF dump with the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "AKN_PREFIX",
    "CATEGORY_CODES",
    "EXPRESSIONS",
    "ISSUER_CODES",
    "UNNUMBERED",
    "DocumentNumber",
    "Names",
    "eid",
    "english_number",
    "expression_iri",
    "manifestation_iri",
    "portion_iri",
    "split_number",
    "work_iri",
]

AKN_PREFIX = "/akn/cn/act"
UNNUMBERED = "nn"  # the series of a document no number was seen for; its id stands for the number
NO_DATE = "nd"  # the year of an unnumbered document no date was seen for

# 机关代字 (issuer code, with its kind character 发/函 where the code has one) -> its romanisation
ISSUER_CODES: dict[str, str] = {
    "国发": "guofa",
    "国办发": "guobanfa",
    "国办函": "guobanhan",
    "发改": "fagai",
    "发改办": "fagaiban",
    "工信部": "gongxinbu",
    "保监发": "baojianfa",
    "银发": "yinfa",
    "农市发": "nongshifa",
    "苏政办发": "suzhengbanfa",
    "粤农": "yuenong",
    "人社部发": "renshebufa",
    "工信厅": "gongxinting",
    "国科发": "guokefa",
    "交办": "jiaoban",
    "商": "shang",
    "教发": "jiaofa",
    "教技": "jiaoji",
    "教高建议": "jiaogaojianyi",
    "京政发": "jingzhengfa",
    "鲁政发": "luzhengfa",
    "湘政办发": "xiangzhengbanfa",
    "浙政发": "zhezhengfa",
    "赣府发": "ganfufa",
    "苏政发": "suzhengfa",
    "粤府办": "yuefuban",
}
# 类别 (the department or matter a ministry's code is followed by) -> its romanisation
CATEGORY_CODES: dict[str, str] = {
    "高技": "gaoji",
    "基础": "jichu",
    "经贸": "jingmao",
    "能源": "nengyuan",
    "运行": "yunxing",
    "信软": "xinruan",
    "联电子": "liandianzi",
    "联节函": "lianjiehan",
    "火": "huo",
    "科技": "keji",
    "流通函": "liutonghan",
}
# the expressions the edition holds of a full text: the official Chinese and its own English
EXPRESSIONS: dict[str, str] = {"zh-Hans": "zho", "en": "eng"}

_NUMBER = re.compile(r"^(?P<prefix>[^〔〕0-9]+)〔(?P<year>[12][0-9]{3})〕(?P<serial>[1-9][0-9]*)号$")


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """A document number split: ``series`` is the romanised issuer code and category (``fagai-gaoji``)."""

    issuer_zh: str
    category_zh: str
    year: int
    serial: int

    @property
    def series(self) -> str:
        issuer = ISSUER_CODES[self.issuer_zh]
        return f"{issuer}-{CATEGORY_CODES[self.category_zh]}" if self.category_zh else issuer

    @property
    def document_id(self) -> str:
        """The id the rule gives the document (``documents.id`` of a numbered document)."""
        return f"{self.series}-{self.year}-{self.serial}"


def split_number(number_zh: str) -> DocumentNumber:
    """``国发〔2015〕40号`` -> its parts; the longest issuer code the prefix starts with, then a category."""
    match = _NUMBER.match(number_zh)
    if match is None:
        raise ValueError(f"document number {number_zh!r} is not <issuer code>[<category>]〔<year>〕<number>号")
    prefix = match["prefix"]
    codes = sorted((c for c in ISSUER_CODES if prefix.startswith(c)), key=len, reverse=True)
    if not codes:
        raise ValueError(f"document number {number_zh!r}: no issuer code in ISSUER_CODES begins {prefix!r}")
    category = prefix[len(codes[0]) :]
    if category and category not in CATEGORY_CODES:
        raise ValueError(f"document number {number_zh!r}: category {category!r} is not in CATEGORY_CODES")
    return DocumentNumber(codes[0], category, int(match["year"]), int(match["serial"]))


def english_number(number_zh: str) -> str:
    """The edition's one English spelling of a number, from the same romanisation: ``国发〔2015〕40号`` ->
    ``Guofa [2015] No. 40``, ``发改高技〔2016〕1078号`` -> ``Fagai Gaoji [2016] No. 1078`` (each code one word,
    capitalised; the form the citation resolver reads back)."""
    number = split_number(number_zh)
    codes = [ISSUER_CODES[number.issuer_zh], *([CATEGORY_CODES[number.category_zh]] if number.category_zh else [])]
    series = " ".join(c.replace("-", " ").title() for c in codes)
    return f"{series} [{number.year}] No. {number.serial}"


def work_iri(document_id: str, number_zh: str | None, year: str | None = None) -> str:
    """The work IRI: ``/akn/cn/act/<series>/<year>/<number>``; without a number of the 〔〕 form (none, or an
    announcement's 2019年第2号) ``/akn/cn/act/nn/<year>/<id>`` (``year``: of its signature or publication, ``nd`` if
    neither was seen)."""
    if number_zh and _NUMBER.match(number_zh):
        n = split_number(number_zh)
        return f"{AKN_PREFIX}/{n.series}/{n.year}/{n.serial}"
    return f"{AKN_PREFIX}/{UNNUMBERED}/{year or NO_DATE}/{document_id}"


def expression_iri(work: str, language: str) -> str:
    """``language`` is the data's (``zh-Hans``, ``en``); Akoma Ntoso names it by ISO 639-2 (``zho``, ``eng``)."""
    return f"{work}/{EXPRESSIONS[language]}"


def manifestation_iri(work: str, language: str) -> str:
    return f"{expression_iri(work, language)}/!main.xml"


def eid(provision_id: str, id_prefix: str | None) -> str:
    """A provision's ``eId`` in its document: the id without the document's prefix (``gf5:T1`` -> ``T1``)."""
    return provision_id.removeprefix(id_prefix or "")


def portion_iri(work: str, provision_id: str, id_prefix: str | None) -> str:
    """A provision: the work IRI, ``~`` and the provision's eId (``/akn/cn/act/guofa/2015/40/~A02``)."""
    return f"{work}/~{eid(provision_id, id_prefix)}"


def _year(row: Mapping[str, object]) -> str | None:
    for key in ("signed", "published"):
        value = row.get(key)
        if value:
            return str(value)[:4]
    return None


class Names:
    """Every document's work IRI, and back: the resolver the API and the build share."""

    def __init__(self, documents: Iterable[Mapping[str, object]]) -> None:
        self.work: dict[str, str] = {}
        self.prefix: dict[str, str] = {}
        for row in documents:
            doc_id = str(row["id"])
            number = row.get("number_zh")
            self.work[doc_id] = work_iri(doc_id, str(number) if number else None, _year(row))
            self.prefix[doc_id] = str(row.get("id_prefix") or "")
        self.document: dict[str, str] = {iri: doc for doc, iri in self.work.items()}
        if len(self.document) != len(self.work):
            raise ValueError("two documents have the same work IRI")

    def of(self, document_id: str) -> str:
        return self.work[document_id]

    def provision_id(self, document_id: str, portion: str) -> str:
        """``~T1`` in 5号 -> ``gf5:T1`` (the caller checks that the provision exists)."""
        return self.prefix[document_id] + portion.removeprefix("~")
