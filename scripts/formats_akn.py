"""Each held text as Akoma Ntoso 3.0 XML: the official Chinese expression and our English one.

Why this shape: an Akoma Ntoso tool loads a document as a hierarchy of parts and numbered containers with
their ``num`` and ``heading``; so every provision becomes one element with ``eId`` = its local id
(``A02.1``; a prefixed id without its prefix), parts are ``part``, sections ``section``, paragraphs ``paragraph``,
and the kinds Akoma Ntoso has no element for (actions, tasks, measures, principles, targets, the closing
paragraph) are ``hcontainer`` with the kind as ``name``. Front matter goes to ``preface``/``preamble``, the
signature and date to ``conclusions``. An attribution printed at the end of a paragraph (no line break in
the text) is an ``inline`` inside that paragraph, each body it names an ``organization`` referring to a
``TLCOrganization``. Errata are ``note``s, referred to from the provision they correct.

The Chinese file holds the canonical text exactly: every printed paragraph is one element, the text of
its ``num``, ``heading`` and ``p`` in order; the paragraphs joined as ``<proprietary>``'s layout says give
back ``dataset/<document>.zh.txt`` character for character (tested). Deterministic: the same rows give
the same bytes (lxml, pinned in the ``formats`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from _common import BuildError
from lxml import etree

from internet_plus.naming import EXPRESSIONS, Names, eid, expression_iri, manifestation_iri, split_number

__all__ = ["AKN_MEDIA", "AKN_NS", "LAYOUT_NS", "akn_files", "akn_path"]

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LAYOUT_NS = "https://github.com/internet-plus-data/internet-plus/ns/layout"
AKN_MEDIA = "application/akn+xml"
EDITION = "internet-plus"
ELEMENT = {"part": "part", "section": "section", "paragraph": "paragraph"}  # other kinds: hcontainer
PREFACE = ("title", "number", "addressee")
CONCLUSIONS = ("signature", "date", "note")
TEXT = {"zh-Hans": ("text_zh", "heading_zh"), "en": ("text_en", "heading_en")}
NAME = {"zh-Hans": ("name_zh", "showAs"), "en": ("name_en", "showAs")}


def akn_path(document_id: str, language: str) -> str:
    return f"dataset/{document_id}.{'zh' if language == 'zh-Hans' else 'en'}.akn.xml"


def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text:
        el.text = text
    return el


def split_heading(text: str, heading: str | None) -> tuple[str, str, str]:
    """A printed paragraph -> (number, run-in heading with its full stop, rest); ``("", "", text)`` when the
    heading is not printed as one (到2018年，… is the start of a sentence)."""
    if heading:
        i = text.find(heading)
        j = i + len(heading)
        if i >= 0 and len(text[:i]) <= 8 and (j == len(text) or text[j] in "。."):
            j = min(j + 1, len(text))
            return text[:i], text[i:j], text[j:]
    return "", "", text


@dataclass
class _Doc:
    row: Mapping[str, Any]
    language: str
    provisions: list[Mapping[str, Any]]
    children: dict[str | None, list[Mapping[str, Any]]] = field(default_factory=dict)
    inline_in: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)  # host id -> run-in provisions
    marks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # provision -> (agency, printed name)
    errata: dict[str, list[str]] = field(default_factory=dict)
    elements: dict[str, Any] = field(default_factory=dict)  # provision id -> the element its text ends in

    def text(self, p: Mapping[str, Any]) -> str:
        return str(p[TEXT[self.language][0]] or "")

    def heading(self, p: Mapping[str, Any]) -> str | None:
        value = p[TEXT[self.language][1]]
        return str(value) if value else None


def _layout(doc: _Doc, canonical: str) -> tuple[str, str, str]:
    """(leading, separator, trailing) of the canonical text; a run-in provision (start == previous end)
    joins the line before it."""
    lines: list[Mapping[str, Any]] = []
    previous: Mapping[str, Any] | None = None
    for p in doc.provisions:
        if previous is not None and p["start"] == previous["end"]:
            if p["kind"] != "attribution":
                raise BuildError(f"provisions: {p['id']} runs on from {previous['id']}, and only attributions do")
            doc.inline_in.setdefault(previous["id"], []).append(p)
        else:
            lines.append(p)
        previous = p
    gaps = {canonical[a["end"] : b["start"]] for a, b in zip(doc.provisions, doc.provisions[1:], strict=False)} - {""}
    if len(gaps) != 1:
        raise BuildError(f"{doc.row['text_path']}: paragraphs are not separated one way ({sorted(gaps)!r})")
    return canonical[: lines[0]["start"]], gaps.pop(), canonical[doc.provisions[-1]["end"] :]


def _meta(akn: Any, doc: _Doc, names: Names, agencies: Mapping[str, Mapping[str, Any]], built: str) -> Any:
    row, lang = doc.row, doc.language
    work = names.of(row["id"])
    issuers = str(row["issuer_agency_ids"] or "").split()
    author = f"#{issuers[0]}" if issuers else f"#{EDITION}"
    meta = _sub(akn, "meta")
    ident = _sub(meta, "identification", source=f"#{EDITION}")
    number = split_number(str(row["number_zh"]))
    w = _sub(ident, "FRBRWork")
    _sub(w, "FRBRthis", value=f"{work}/!main")
    _sub(w, "FRBRuri", value=work)
    _sub(w, "FRBRalias", value=str(row["number_zh"]), name="number")
    _sub(w, "FRBRdate", date=str(row["signed"]), name="signature")
    _sub(w, "FRBRauthor", href=author)
    _sub(w, "FRBRcountry", value="cn")
    _sub(w, "FRBRsubtype", value=number.series)
    _sub(w, "FRBRnumber", value=str(number.serial), showAs=str(row["number_zh"]))
    _sub(w, "FRBRname", value=str(row["title_zh"]))
    _sub(w, "FRBRprescriptive", value="true")
    official = lang == "zh-Hans"
    e = _sub(ident, "FRBRExpression")
    _sub(e, "FRBRthis", value=expression_iri(work, lang) + "/!main")
    _sub(e, "FRBRuri", value=expression_iri(work, lang))
    _sub(e, "FRBRdate", date=str(row["published"] or row["signed"]) if official else built, name="expression")
    _sub(e, "FRBRauthor", href=author if official else f"#{EDITION}")
    _sub(e, "FRBRauthoritative", value="true" if official else "false")
    _sub(e, "FRBRlanguage", language=EXPRESSIONS[lang])
    if not official:
        _sub(
            e,
            "FRBRtranslation",
            href=expression_iri(work, "zh-Hans"),
            fromLanguage=EXPRESSIONS["zh-Hans"],
            authoritative="false",
            by=f"#{EDITION}",
        )
    m = _sub(ident, "FRBRManifestation")
    _sub(m, "FRBRthis", value=manifestation_iri(work, lang))
    _sub(m, "FRBRuri", value=expression_iri(work, lang) + ".xml")
    _sub(m, "FRBRdate", date=built, name="generation")
    _sub(m, "FRBRauthor", href=f"#{EDITION}")
    _sub(m, "FRBRformat", value=AKN_MEDIA)
    if row["published"]:
        _sub(meta, "publication", date=str(row["published"]), name="gov.cn", showAs="中国政府网 www.gov.cn")
    refs = _sub(meta, "references", source=f"#{EDITION}")
    _sub(
        refs,
        "TLCOrganization",
        eId=EDITION,
        href="https://github.com/internet-plus-data/internet-plus",
        showAs="Internet Plus open data contributors",
    )
    named = dict.fromkeys([*issuers, *(a for marks in doc.marks.values() for a, _ in marks)])
    for agency_id in named:
        agency = agencies[agency_id]
        _sub(refs, "TLCOrganization", eId=agency_id, href=f"/v1/agencies/{agency_id}", showAs=agency[NAME[lang][0]])
    return meta


def _notes(meta: Any, errata: Sequence[Mapping[str, Any]]) -> None:
    if not errata:
        return
    notes = _sub(meta, "notes", source=f"#{EDITION}")
    for e in errata:
        note = _sub(notes, "note", eId=f"erratum_{e['id']}", class_="erratum")
        read = e["corrected_text"] if e["corrected_text"] is not None else "(nothing)"
        _sub(
            note,
            "p",
            f"Erratum {e['id']} ({e['kind']}; {e['status']}, confidence {e['confidence']}): the source printed "
            f"{e['raw_text']!r}, the edition reads {read!r} (characters {e['start']}–{e['end']} of the canonical "
            f"text). {e['evidence']}",
        )


def _marked(el: Any, text: str, marks: Sequence[tuple[str, str]]) -> None:
    """``text`` into ``el``, each agency name (in order of printing) as an ``organization`` element."""
    pos, last = 0, None
    el.text = ""
    for agency_id, name in marks:
        i = text.find(name, pos)
        if not name or i < 0:
            continue
        if last is None:
            el.text = text[pos:i]
        else:
            last.tail = text[pos:i]
        last = _sub(el, "organization", name, refersTo=f"#{agency_id}")
        pos = i + len(name)
    if last is None:
        el.text = text
    else:
        last.tail = text[pos:]


def _line(doc: _Doc, parent: Any, p: Mapping[str, Any], text: str) -> Any:
    """A paragraph's text into ``parent`` (a ``p`` or a ``heading``), with the run-in provisions after it."""
    _marked(parent, text, doc.marks.get(p["id"], []))
    doc.elements[p["id"]] = parent
    for run_in in doc.inline_in.get(p["id"], []):
        inline = _sub(parent, "inline", name=run_in["kind"], eId=eid(run_in["id"], doc.row["id_prefix"]))
        _marked(inline, doc.text(run_in), doc.marks.get(run_in["id"], []))
        if doc.language == "en":  # the English of a run-in attribution is its own sentence
            previous = inline.getprevious()
            if previous is None:
                parent.text = (parent.text or "") + " "
            else:
                previous.tail = (previous.tail or "") + " "
        doc.elements[run_in["id"]] = inline
    return parent


def _container(doc: _Doc, parent: Any, p: Mapping[str, Any]) -> None:
    tag = ELEMENT.get(p["kind"], "hcontainer")
    attrs = {"eId": eid(p["id"], doc.row["id_prefix"])}
    if tag == "hcontainer":
        attrs["name"] = p["kind"]
    el = _sub(parent, tag, **attrs)
    num, heading, rest = split_heading(doc.text(p), doc.heading(p))
    if num:
        _sub(el, "num", num)
    run_in = {c["id"] for v in doc.inline_in.values() for c in v}
    kids = [c for c in doc.children.get(p["id"], []) if c["id"] not in run_in]
    if heading and not rest:  # the heading is the whole printed line
        _line(doc, _sub(el, "heading"), p, heading)
    else:  # a run-in heading and its text, or a text alone: one printed line
        if heading:
            _sub(el, "heading", heading)
        _line(doc, _sub(_sub(el, "intro" if kids else "content"), "p"), p, rest)
    for c in kids:
        _container(doc, el, c)


def _document(
    doc: _Doc, names: Names, agencies: Mapping[str, Any], errata: Sequence[Any], canonical: str, built: str
) -> bytes:
    leading, separator, trailing = _layout(doc, canonical)
    root = etree.Element(_q("akomaNtoso"), nsmap={None: AKN_NS})
    akn = _sub(root, "act", name="opinions" if str(doc.row["title_zh"]).endswith("意见") else "document")
    meta = _meta(akn, doc, names, agencies, built)
    _notes(meta, errata)
    prop = _sub(meta, "proprietary", source=f"#{EDITION}")
    layout = etree.SubElement(prop, f"{{{LAYOUT_NS}}}layout", nsmap={"layout": LAYOUT_NS})
    layout.set("leading", leading)
    layout.set("separator", separator)
    layout.set("trailing", trailing)
    top = doc.children.get(None, [])
    sections: dict[str, Any] = {}
    order = ["preface", "preamble", "body", "conclusions"]
    seen: list[str] = []
    for p in top:
        place = "preface" if p["kind"] in PREFACE else "preamble" if p["kind"] == "preamble" else "body"
        place = "conclusions" if p["kind"] in CONCLUSIONS else place
        if seen and order.index(place) < order.index(seen[-1]):
            raise BuildError(f"provisions: {p['id']} ({p['kind']}) comes after the {seen[-1]}")
        if place not in sections:
            sections[place] = _sub(akn, place)
            seen.append(place)
        if place == "body":
            _container(doc, sections[place], p)
        else:
            attrs = {"eId": eid(p["id"], doc.row["id_prefix"]), "class": p["kind"]}
            para = _sub(sections[place], "p", **attrs)
            if p["kind"] == "title":
                para.text = ""  # an (empty) text node: pretty printing adds no whitespace around docTitle
                title = _sub(para, "docTitle")
                title.tail = ""
                _line(doc, title, p, doc.text(p))
            else:
                _line(doc, para, p, doc.text(p))
    for e in errata:
        if e["provision_id"] in doc.elements:
            _sub(doc.elements[e["provision_id"]], "noteRef", href=f"#erratum_{e['id']}", marker=e["id"])
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def akn_files(
    tables: Mapping[str, Sequence[Mapping[str, Any]]], texts: Mapping[str, str], built: str
) -> dict[str, bytes]:
    """Two files per held text (Chinese, English), by repository path."""
    try:
        names = Names(tables["documents"])
    except ValueError as exc:  # a number outside the naming rule: one line, naming it
        raise BuildError(f"documents.csv: {exc} (docs/identifiers.md says how to add a code)") from None
    agencies = {a["id"]: a for a in tables["agencies"]}
    out: dict[str, bytes] = {}
    for row in tables["documents"]:
        if not row["text_path"]:
            continue
        provisions = sorted((p for p in tables["provisions"] if p["document_id"] == row["id"]), key=lambda p: p["seq"])
        errata = [e for e in tables["errata"] if e["document_id"] == row["id"]]
        duties = [r for r in tables["responsibilities"] if r["document_id"] == row["id"]]
        for lang in EXPRESSIONS:
            doc = _Doc(row, lang, provisions)
            for p in provisions:
                doc.children.setdefault(p["parent_id"], []).append(p)
            for r in duties:  # in printed order
                printed = r["name_as_printed"] if lang == "zh-Hans" else agencies[r["agency_id"]]["name_en"]
                doc.marks.setdefault(r["provision_id"], []).append((r["agency_id"], printed))
            out[akn_path(row["id"], lang)] = _document(doc, names, agencies, errata, texts[row["id"]], built)
    return out
