"""The citation resolver: any spelling of a family document's number, and its title in 《》, resolve to the document;
measured on a labelled set of citations drawn from the held texts and stored public pages (tests/fixtures/citations.csv,
labelled by reading, each with its source)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from internet_plus import NotFoundError

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "citations.csv"


@pytest.mark.parametrize(
    "spelling",
    [
        "国发〔2015〕40号",
        "国发[2015]40号",
        "国发［2015］40号",
        "国发（2015）40号",
        "国发(2015)40号",
        "國發〔2015〕40號",
        "国发〔２０１５〕４０号",
        "国发 〔2015〕 40 号",
        "Guofa [2015] No. 40",
        "GF No. (2015)40",
        "No. 40 [2015] of the State Council",
        "《国务院关于积极推进“互联网+”行动的指导意见》",
        "《关于积极推进“互联网+”行动的指导意见》",
        "國務院關於積極推進「互聯網+」行動的指導意見",
        "guofa-2015-40",
    ],
)
def test_every_spelling_of_40_resolves_to_it(ds: Any, spelling: str) -> None:
    assert ds.document(spelling).id == "guofa-2015-40"


def test_a_near_miss_resolves_to_nothing_and_names_the_key(ds: Any) -> None:
    assert ds.citations.resolve("国发〔2015〕4号") is None
    assert ds.citations.resolve("国办发〔2015〕40号") is None
    with pytest.raises(NotFoundError, match="国发〔2016〕40号"):
        ds.document("国发〔2016〕40号")


def test_citations_are_found_in_running_text_with_offsets_into_it(ds: Any) -> None:
    text = "根据《国务院关于积极推进“互联网+”行动的指导意见》（國發(fā)〔2015〕40號）和国发〔2015〕4号，制定本方案。"
    found = ds.citations.find(text)
    assert [(c.kind, c.document_id) for c in found] == [
        ("title", "guofa-2015-40"),
        ("number", "guofa-2015-40"),
        ("number", None),
    ]
    for c in found:
        assert text[c.start : c.end] == c.text
    assert found[1].text == "國發(fā)〔2015〕40號" and found[1].key == "国发〔2015〕40号"


def measure(ds: Any) -> tuple[int, float, float]:
    """(labelled citations, precision, recall): a resolution is right when it names the labelled document; a citation
    labelled `-` (not a family document) must resolve to nothing."""
    rows = list(csv.DictReader(LABELLED.open(encoding="utf-8")))
    right = wrong = missed = 0
    for r in rows:
        at = r["text"].index(r["citation"])
        hits = [
            c for c in ds.citations.find(r["text"]) if c.start <= at < c.end or at <= c.start < at + len(r["citation"])
        ]
        got = hits[0].document_id if hits else None
        expected = None if r["expected"] == "-" else r["expected"]
        if got is not None:
            right, wrong = (right + 1, wrong) if got == expected else (right, wrong + 1)
        elif expected is not None:
            missed += 1
    return len(rows), right / (right + wrong), right / (right + missed)


def test_the_labelled_set_is_large_varied_and_its_labels_are_documents(ds: Any) -> None:
    rows = list(csv.DictReader(LABELLED.open(encoding="utf-8")))
    assert len(rows) >= 200
    assert all(r["citation"] in r["text"] and r["source"] and r["source_kind"] for r in rows)
    assert all(r["expected"] == "-" or ds.get("documents", r["expected"]) for r in rows)
    assert sum(r["expected"] == "-" for r in rows) >= 40 and sum(r["citation"].startswith("《") for r in rows) >= 20


def test_precision_and_recall_meet_the_targets_and_the_readme_states_them(ds: Any, root: Path) -> None:
    n, precision, recall = measure(ds)
    assert precision >= 0.95 and recall >= 0.90
    readme = (root / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"on (\d+) labelled citations[^.]*: precision ([0-9.]+), recall ([0-9.]+)", readme)
    assert stated, "the README states the resolver's measured precision and recall"
    assert (int(stated[1]), stated[2], stated[3]) == (n, f"{precision:.3f}", f"{recall:.3f}")
