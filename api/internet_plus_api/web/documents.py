"""What a reader needs beside any text: which language is official, whether a document is in force, how to
cite a row and where to report a mistake; and the page of a family document the edition holds no text of.

The words for each status, source kind, genre and evidence grade come from the Table Schemas' descriptions
(``enum_words``), the citations from ``internet_plus.citation`` (the CLI's and CITATION.cff's one source),
so a page cannot disagree with the data or with ``internet-plus cite``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..catalog import Collection
from .agencies import AgencyPages
from .base import Link
from .lineage import Lineage, kind_words

__all__ = ["LANGUAGES", "STATUS_WORDS", "DocumentPages", "view_path"]

# documents.status as a reader reads it (English, Chinese): the words legislation.gov.uk-style status lines use
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "in_force": ("In force", "现行有效"),
    "lapsed": ("Lapsed", "失效"),
    "abolished": ("Abolished", "废止"),
    "superseded": ("Superseded by a later document", "已被取代"),
    "expired": ("Expired: its stated term has ended", "已到期"),
    "unknown": ("Status unknown: no source seen shows it", "时效不明"),
}
TEXT_HELD = {
    "full": "the full text",
    "abridged": "the text as published, which is abridged",
    "metadata": "its facts only, not its text",
}
# documents fields as a reader names them (unverified_fields lists field names; the page never shows them)
FIELD_WORDS = {
    "number_zh": "number",
    "title_zh": "title",
    "issuers_zh": "issuers",
    "issuer_agency_ids": "issuing bodies",
    "province": "province",
    "signed": "date signed",
    "published": "date published",
    "url": "official link",
    "gazette_url": "Gazette copy",
    "index_number": "index number",
    "subject_class": "subject class",
    "genre": "genre",
    "title_en": "English title",
    "status": "status",
}
_FIELD = re.compile(r"\b(" + "|".join(sorted(FIELD_WORDS, key=len, reverse=True)) + r")\b")
HEADINGS = ("part", "section", "action", "measure_group", "title")
# a held text's views: all of it side by side at its row's URL, one language at a page of its own
LANGUAGES = {"zh": "中文 only", "en": "English only"}


def view_path(doc_id: str, view: str) -> str:
    """The URL of one view of a held text: a path of its own, so that a static host serves it as a file."""
    return f"/v1/documents/{doc_id}" if view == "both" else f"/documents/{doc_id}/{view}"


_GENRE = re.compile(r"([\u4e00-\u9fff]+) ([a-z][a-z ]*?)(?=[,)])")
_SEARCHED = re.compile(r"\bdate (\d{4}-\d{2}-\d{2})\b")


def _is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _site(url: str | None) -> str | None:
    """A link's text: the site and the start of its path (a whole URL is no text for a reader, nor for a phone)."""
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    path = parts.path if len(parts.path) <= 24 else parts.path[:23] + "…"
    return f"{parts.netloc}{path}"


class DocumentPages(AgencyPages):
    """Mixed into Site: the labels every page with English or a document carries, and the family pages."""

    def setup_documents(self, schemas: Mapping[str, Mapping[str, Any]]) -> None:
        docs = {f["name"]: f for f in schemas.get("documents", {}).get("fields", ())}
        self.source_kinds = kind_words(docs.get("status_source_kind", {}))
        self.genres = dict(_GENRE.findall(str(docs.get("genre", {}).get("description", ""))))
        self.release_date = str(self.published.package.get("created", ""))[:10]
        self.review_all = {
            **self.review(p.translation_status for p in self.ds.provisions),
            "scope": "all held texts",
            "scope_zh": "全部所收文本",
        }
        self.lineage = Lineage(self.ds, schemas.get("document_links", {}), self.row_url, self.source_kinds)

    # -- the labels ----------------------------------------------------------------------------------
    @staticmethod
    def review(statuses: Iterable[str | None]) -> dict[str, Any]:
        """How many passages are reviewed, draft or untranslated (their translation_status values)."""
        counts = Counter(s or "untranslated" for s in statuses)
        return {k: counts.get(k, 0) for k in ("reviewed", "draft", "untranslated")}

    def _render(self, template: str, **context: Any) -> str:
        """Every page says which text is official (the held texts' review status, unless the page gives its own)."""
        context.setdefault("review", self.review_all)
        return super()._render(template, **context)

    def status(self, doc: Any) -> dict[str, Any]:
        """A document's status line: what, on whose word (source and its kind), and as of when."""
        value = str(getattr(doc, "status", None) or "unknown")
        en, zh = STATUS_WORDS.get(value, (value.replace("_", " "), ""))
        source = getattr(doc, "status_source", None)
        kind = getattr(doc, "status_source_kind", None)
        basis = str(getattr(doc, "status_basis", None) or "")
        searched = _SEARCHED.search(basis)
        return {
            "value": value,
            "en": en,
            "zh": zh,
            "source": source if _is_url(source) else None,
            "source_text": None if _is_url(source) else source,
            "kind": self.source_kinds.get(str(kind), str(kind)) if kind else None,
            "basis": basis,
            "searched": searched.group(1) if searched else None,
            "version": self.version,
            "recorded": self.release_date,
        }

    # -- the facts of a document -----------------------------------------------------------------------
    def facts(self, doc: Any) -> list[dict[str, Any]]:
        """The facts a reader wants, in reading order, each only where the data has it."""
        out: list[dict[str, Any]] = []

        def add(label: str, zh: str, value: Any, **kw: Any) -> None:
            if value not in (None, "", [], ()):
                out.append({"label": label, "zh": zh, "value": value, **kw})

        add("Number", "文号", doc.number_zh, lang="zh-Hans")
        issuers = []
        for aid in (doc.issuer_agency_ids or "").split():
            agency = self.ds.get("agencies", aid)
            if agency is not None:
                issuers.append({"url": self.row_url("agencies", aid), "zh": agency.name_zh, "en": agency.name_en})
        add("Issued by", "发文机关", doc.issuers_zh, lang="zh-Hans", agencies=issuers)
        add("Province", "省份", doc.province, lang="zh-Hans")
        add("Signed", "成文日期", doc.signed.isoformat() if doc.signed else None)
        add("Published", "发布日期", doc.published.isoformat() if doc.published else None)
        genre = self.genres.get(doc.genre or "")
        add("Genre", "文种", f"{doc.genre} ({genre})" if genre else doc.genre)
        add("Official text", "官方文本", _site(doc.url), url=doc.url if _is_url(doc.url) else None)
        if doc.gazette_url and doc.gazette_url != doc.url:
            add("State Council Gazette", "国务院公报", _site(doc.gazette_url), url=doc.gazette_url)
        add("Policy-library index number", "索引号", doc.index_number)
        add("Subject class", "主题分类", doc.subject_class, lang="zh-Hans")
        add("This edition holds", "本版收录", TEXT_HELD.get(doc.text_held or "", doc.text_held))
        unverified = [FIELD_WORDS.get(f, f.replace("_", " ")) for f in (doc.unverified_fields or "").split()]
        add("Not yet confirmed by a source", "待核实", ", ".join(unverified))
        return out

    def _family(self, coll: Collection, row: Mapping[str, Any]) -> str:
        """The page of a family document the edition holds no text of: its facts and its links both ways."""
        key = str(row["id"])
        doc = self.ds.document(key)
        legislation, identifiers = self.legislation("documents", key, f"/v1/documents/{key}")
        return self._render(
            "family.html",
            legislation=legislation,
            title=doc.title_en or doc.title_zh,
            doc=doc,
            facts=self.facts(doc),
            status=self.status(doc),
            sources=_FIELD.sub(lambda m: FIELD_WORDS[m.group(1)], doc.sources or ""),
            outgoing=self.lineage.groups(self.lineage.outgoing(key), "out"),
            incoming=self.lineage.groups(self.lineage.incoming(key), "in"),
            cite=self.cite("documents", key),
            data=[
                *self._data_links(coll, key),
                *_link_data(key),
                *identifiers,
            ],
        )

    def _view(self, doc_id: str, view: str) -> str:
        coll = self._coll("documents")
        assert coll is not None  # a held text is a row of documents
        return self._document(coll, coll.table.rows[coll.index[doc_id]], view)

    def _document(self, coll: Collection, row: Mapping[str, Any], view: str = "both") -> str:
        doc_id = row["id"]
        doc = self.ds.document(doc_id)
        provisions = sorted(
            (p for p in self.ds.provisions if getattr(p, "document_id", doc_id) == doc_id), key=lambda p: p.seq
        )
        paragraphs = []
        for p in provisions:
            paragraphs.append(
                {
                    "p": p,
                    "zh": self.marked(p.text_zh, p.start, p.end, p.id),
                    "page": self.page_of_provision.get(p.id),
                    "row": f"/v1/provisions/{p.id}",
                    "errata": self.errata_of([p.id]),
                }
            )
        kinds = {p.id: p.kind for p in provisions}
        toc = [  # the parts and what stands directly under a part (sections, actions, groups of measures, …)
            {"id": p.id, "level": 1 if p.parent_id is None else 2, "zh": p.heading_zh, "en": p.heading_en}
            for p in provisions
            if p.heading_zh and (p.parent_id is None or kinds.get(p.parent_id) == "part")
        ]
        views = [
            {"href": view_path(doc_id, v), "text": t, "current": v == view}
            for v, t in (("both", "中文 and English side by side"), *LANGUAGES.items())
        ]
        incoming = self.lineage.incoming(doc_id)
        legislation, identifiers = self.legislation("documents", doc_id, f"/v1/documents/{doc_id}")
        review = {
            **self.review(p.translation_status for p in provisions),
            "scope": f"the passages of {doc.number_zh or doc_id}",
            "scope_zh": f"{doc.number_zh or doc_id}各段",
        }
        return self._render(
            "document.html",  # with its schema.org Legislation and links to its Akoma Ntoso files
            legislation=legislation,
            title=row["title_en"] if view != "zh" else row["title_zh"],
            doc=doc,
            view=view,
            views=views,
            toc=toc,
            headings=HEADINGS,
            facts=self.facts(doc),
            status=self.status(doc),
            linked=len(incoming),
            incoming=self.lineage.groups(incoming, "in"),
            outgoing=self.lineage.groups(self.lineage.outgoing(doc_id), "out"),
            paragraphs=paragraphs,
            review=review,
            cite=self.cite("documents", doc_id),
            data=[
                *self._data_links(coll, doc_id),
                *_link_data(doc_id),
                *(Link(f"/v1/download/{n}", f"Text ({n})") for n in self.published.downloads if n == _text_name(doc)),
                Link("/v1/provisions.csv", "Provisions (CSV)", "text/csv"),
                *identifiers,
            ],
        )


def _link_data(doc_id: str) -> list[Link]:
    """A document's links as data: every link to or from it, and the lineage of the document as a whole."""
    return [
        Link(f"/v1/documents/{doc_id}/links.json", "Its links, to or from it (JSON)", "application/json"),
        Link(f"/v1/documents/{doc_id}/lineage.json", "Links to the document as a whole (JSON)", "application/json"),
    ]


def _text_name(doc: Any) -> str | None:
    """The download that is this document's own canonical text (its text_path's file name), not another's."""
    path = getattr(doc, "text_path", None)
    return str(path).rsplit("/", 1)[-1] if path else None
