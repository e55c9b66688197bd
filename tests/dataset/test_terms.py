"""The glossary, and the English translation's consistency with it (checked by code, row by row)."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path
from typing import Any

TEXT_TABLES = ("principles", "targets", "actions", "tasks", "measure_groups", "measures")
TRANSLATED_KINDS = ("title", "addressee", "preamble", "paragraph", "part", "section", "signature", "date")


def renderings(term_en: str) -> set[str]:
    """The rendering and its plural: a glossary noun may stand in the plural in running English."""
    words = term_en.lower().split(" ")
    last = words[-1]
    plurals = {last + "s", last + "es"} | ({last[:-1] + "ies"} if last.endswith("y") else set())
    return {" ".join(words)} | {" ".join([*words[:-1], p]) for p in plurals}


def exceptions(root: Path) -> set[tuple[str, str]]:
    """Each held document's glossary_exceptions.csv, its local row ids made global with the document's prefix."""
    out = set()
    for config in sorted((root / "dataset" / "source").glob("*/document.toml")):
        prefix = tomllib.loads(config.read_text(encoding="utf-8"))["id_prefix"]
        with (config.parent / "glossary_exceptions.csv").open(encoding="utf-8", newline="") as f:
            out |= {(prefix + r["row_id"], r["term_id"]) for r in csv.DictReader(f)}
    return out


def english_rows(ds: Any) -> list[tuple[str, str, str]]:
    """(id, Chinese, English) for every translated unit: structured rows and the other provisions."""
    out = []
    for table in TEXT_TABLES:
        for r in ds.rows(table):
            out.append((r.id, r.title_zh + "\n" + r.text_zh, f"{r.title_en}\n{r.text_en}"))
    for p in ds.provisions:
        if p.kind in TRANSLATED_KINDS:
            out.append((p.id, p.text_zh, p.text_en or ""))
    return out


def test_at_least_eighty_terms_each_in_a_held_text(family: Any) -> None:
    """One glossary for both texts: a term occurs in at least one, and is counted in all of them."""
    assert len(family.terms) >= 80
    for t in family.terms:
        assert sum(text.count(t.term_zh) for text in family.texts.values()) == t.occurrences >= 1, t.id
        for pid in t.provision_ids.split():
            assert t.term_zh in family.provision(pid).text_zh, (t.id, pid)
    in_5_only = [t for t in family.terms if t.term_zh not in family.texts["guofa-2015-40"]]
    assert len(in_5_only) >= 30  # 5号's own vocabulary: 云计算数据中心, 专有云, ...


def test_core_terms_have_their_renderings(ds: Any) -> None:
    by_zh = {t.term_zh: t.term_en for t in ds.terms}
    assert by_zh["互联网+"] == "Internet Plus"
    for term in (
        "大众创业、万众创新",
        "众创空间",
        "双创",
        "新业态",
        "普惠金融",
        "分布式能源",
        "信息进村入户",
        "网络约租车",
        "负面清单",
    ):
        assert term in by_zh, term


def test_glossary_renderings_appear_where_the_terms_occur(family: Any, root: Path) -> None:
    allowed = exceptions(root)
    missing = []
    for rid, zh, en in english_rows(family):
        for t in family.terms:
            if (
                t.term_zh in zh
                and (rid, t.id) not in allowed
                and not any(v in en.lower() for v in renderings(t.term_en))
            ):
                missing.append(f"{rid}: {t.term_zh} -> {t.term_en!r}")
    assert missing == []


def test_glossary_exceptions_are_real_exceptions(family: Any, root: Path) -> None:
    rows = {rid: (zh, en) for rid, zh, en in english_rows(family)}
    for rid, tid in exceptions(root):
        term = family.get("terms", tid)
        assert term is not None and rid in rows, (rid, tid)
        assert term.term_zh in rows[rid][0], f"{rid} has no {term.term_zh}: drop the exception"


def test_no_row_has_empty_english(ds: Any) -> None:
    for table in (*TEXT_TABLES, "provisions"):
        for r in ds.rows(table):
            assert r.text_en and r.text_en.strip(), (table, r.id)
            assert r.translation_status != "untranslated", (table, r.id)


def test_numbers_years_and_acronyms_survive_translation(ds: Any) -> None:
    for p in ds.provisions:
        if p.kind == "date":  # 2015年7月1日 -> 1 July 2015: the month is a word
            assert p.text_en == "1 July 2015"
            continue
        for token in re.findall(r"[A-Za-z]+[0-9]*|[0-9]+", p.text_zh):
            assert token in (p.text_en or ""), (p.id, token)


def test_agency_names_in_attributions_are_the_official_english_names(ds: Any) -> None:
    """Bodies by their official names; a collective designation (a description) in lower case after the first."""
    for r in ds.responsibilities:
        agency = ds.agency(r.agency_id)
        name = agency.name_en
        if agency.kind == "collective" and r.position > 1:
            name = name[0].lower() + name[1:]
        assert name in ds.provision(r.provision_id).text_en


def test_translation_metadata(ds: Any) -> None:
    for table in (*TEXT_TABLES, "provisions"):
        for r in ds.rows(table):
            assert r.translation_status in ("draft", "reviewed")
            assert r.translation_revision >= 1 or r.translation_status == "reviewed"
