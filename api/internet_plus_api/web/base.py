"""What every page of the reading edition shares: the data, links between rows, errata marks, duties.

site.py builds the pages on top of it. Links between rows come from the Table Schemas' foreign keys;
the documents from the ``documents`` table; nothing here knows one document's structure.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson
from markupsafe import Markup

from internet_plus import Dataset
from internet_plus.history import NOT_TRACKED
from internet_plus.legislation import document_jsonld, provision_jsonld
from internet_plus.naming import EXPRESSIONS, manifestation_iri
from internet_plus.search import chinese_script

from ..catalog import Catalog, Collection
from ..files import Published
from .labels import row_label
from .references import foreign_keys, table_refs
from .words import CHANGES, KINDS, ROLES, STATUSES

if TYPE_CHECKING:
    from litestar.plugins.jinja import JinjaTemplateEngine

__all__ = ["CHANGES", "KINDS", "PAGE_CSP", "ROLES", "STATUSES", "STYLESHEET", "Link", "SiteBase"]

# Pages need nothing but their own stylesheet; forms (search) submit to this origin. No script at all.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
STYLESHEET = "/static/site.css"


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    type: str = ""


def _shown(value: Any) -> Any:
    """What an expression prints: a missing value (None) prints nothing, never the word "None"."""
    return "" if value is None else value


SITE_FEEDS = tuple(  # the feeds every page announces (autodiscovery), after any of its own
    Link(f"/feeds/{name}.{ext}", f"{text} ({kind})", media)
    for name, text in (("releases", "Releases"), ("changes", "Every change"))
    for ext, kind, media in (("atom", "Atom", "application/atom+xml"), ("json", "JSON Feed", "application/feed+json"))
)


@cache
def _engine() -> JinjaTemplateEngine:
    """Jinja2 through Litestar's engine, made with the first page and kept (one for the process: the
    templates are the package's): a server whose first answers are data never imports it."""
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from litestar.plugins.jinja import JinjaTemplateEngine

    env = Environment(
        loader=PackageLoader("internet_plus_api.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.globals["ROLES"] = ROLES  # a role's words, for the matrix's list by agency
    env.filters["zh_lang"] = lambda text: chinese_script(str(text))  # a quote in traditional characters: zh-Hant
    return JinjaTemplateEngine.from_environment(env)


def _visible(text: str) -> str:
    """An extract's whitespace made visible: what a page break or a stray space looked like."""
    return text.replace("\n", "⏎").replace(" ", "␣") if text.strip() == "" or text != text.strip() else text


class SiteBase:
    """The data a site is made of, its template engine, and the helpers its pages share."""

    def __init__(self, ds: Dataset, catalog: Catalog, published: Published) -> None:
        self.ds = ds
        self.catalog = catalog
        self.published = published
        self.version = catalog.version
        self._fks = {t: foreign_keys(published.schemas.get(t, {}), t) for t in catalog.collections}
        self._table_refs = {t: table_refs(published.schemas.get(t, {})) for t in catalog.collections}
        # the documents whose text the edition holds (the others are family members without a text)
        with_text = {getattr(p, "document_id", None) for p in ds.provisions}
        self.held: list[str] = [
            d.id for d in ds.documents if d.id in with_text or (None in with_text and d is ds.documents[0])
        ]
        # rows that *are* a provision (a task is provision A02.1): the page a paragraph links to
        self.page_of_provision: dict[str, str] = {}
        for coll in catalog.collections.values():
            if coll.name == "provisions" or "provision_id" not in coll.table.field_names:
                continue
            for row in coll.table.rows:
                if row.get("provision_id") == row["id"]:
                    self.page_of_provision[row["id"]] = f"/v1/{coll.name}/{row['id']}"

    def _render(self, template: str, **context: Any) -> str:
        nav = [
            Link("/", "Home"),
            *(Link(f"/v1/documents/{d}", "Reading edition") for d in self.held[:1]),
            Link("/v1/actions", "Actions"),
            Link("/v1/measures", "Measures"),
            Link("/v1/agencies", "Agencies"),
            Link("/matrix", "Who is responsible"),
            Link("/search", "Search"),
            Link("/v1/errata", "Errata"),
            Link("/v1/terms", "Glossary"),
            Link("/releases", "Releases"),
            Link("/docs", "API"),
        ]
        context.setdefault("data", [])
        context.setdefault("feeds", SITE_FEEDS)
        out: str = (
            _engine().get_template(template).render(nav=nav, version=self.version, stylesheet=STYLESHEET, **context)
        )
        return out

    def render_page(self, template: str, **context: Any) -> str:
        """For the pages other modules build (a row's history, web/history.py): through ``_render`` as the site
        overrides it, so they carry the official-text label too (a class attribute bound the base's own)."""
        return self._render(template, **context)

    # -- helpers the templates use ---------------------------------------------------------------
    def _coll(self, table: str) -> Collection | None:
        return self.catalog.collections.get(table)

    def row_url(self, table: str, key: str) -> str | None:
        coll = self._coll(table)
        if coll is None or key not in coll.index:
            return None
        return f"/v1/{coll.name}/{key}"

    def _title(self, coll: Collection, row: Mapping[str, Any]) -> tuple[str, str]:
        return row_label(coll.name, row)

    def _data_links(self, coll: Collection, key: str | None = None) -> list[Link]:
        base = f"/v1/{coll.name}"
        if key is None:
            return [
                Link(base + ".json", "JSON", "application/json"),
                Link(base + ".csv", "CSV", "text/csv"),
                Link(base + ".ndjson", "NDJSON", "application/x-ndjson"),
            ]
        own = [Link(f"{base}/{key}.json", "JSON", "application/json"), Link(f"{base}/{key}.csv", "CSV", "text/csv")]
        if coll.name in NOT_TRACKED:  # a row of changes is a change: it has no history of its own
            return own
        return [
            *own,
            Link(f"{base}/{key}/history", "History"),
            Link(f"{base}/{key}/history.atom", "Its changes (Atom)", "application/atom+xml"),
            Link(f"{base}/{key}/history.feed.json", "Its changes (JSON Feed)", "application/feed+json"),
        ]

    def _document_of(self, provision_id: str) -> str | None:
        row = self.ds.get("provisions", provision_id)
        if row is None:
            return None
        doc = getattr(row, "document_id", None)
        if doc is None and self.held:
            doc = self.held[0]
        return str(doc) if doc else None

    def text_of(self, provision_id: str | None) -> str:
        """The canonical text the provision's offsets count in: its document's, where texts are several."""
        texts = getattr(self.ds, "texts", None)
        doc = self._document_of(provision_id) if provision_id else None
        if isinstance(texts, Mapping) and doc in texts:
            return str(texts[doc])
        return str(self.ds.text)

    def anchor(self, provision_id: str) -> str:
        doc = self._document_of(provision_id)
        return f"/v1/documents/{doc}#{provision_id}" if doc else f"/v1/provisions/{provision_id}"

    def _trail(self, provision_id: str) -> list[Link]:
        """The provision's place: its ancestors from the top, each a link into the reading edition."""
        trail: list[Link] = []
        row = self.ds.get("provisions", provision_id)
        while row is not None:
            label = " ".join(str(x) for x in (row.number, row.heading_en or row.kind) if x)
            trail.append(Link(self.anchor(row.id), label))
            row = self.ds.get("provisions", row.parent_id) if row.parent_id else None
        doc = self._document_of(provision_id)
        if doc and (d := self.ds.get("documents", doc)) is not None:
            trail.append(Link(f"/v1/documents/{doc}", d.number_zh))
        return trail[::-1]

    def marked(self, text: str, start: int | None, end: int | None, provision_id: str | None) -> Markup:
        """``text`` (the canonical slice ``start:end`` of ``provision_id``) with each of its errata marked
        and linked; an erratum that removed something (a page break's join) is marked empty."""
        full = self.text_of(provision_id)
        if start is None or end is None or full[start:end] != text:
            return Markup(html.escape(text, quote=False))
        # an erratum's range may reach past the paragraph (a restored line with its line breaks): mark the overlap
        spans = sorted(
            (max(start, e.start), min(end, e.end), e)
            for e in self.ds.errata
            if e.provision_id == provision_id and max(start, e.start) <= min(end, e.end)
        )
        out, pos = [], start
        for first, last, e in spans:
            if first < pos:
                continue  # overlapping: listed below the text, not marked twice
            out.append(html.escape(full[pos:first], quote=False))
            shown = html.escape(full[first:last], quote=False)
            status = getattr(e, "status", "applied")
            label = f"{e.id}: {e.kind}" + ("" if status == "applied" else f" ({STATUSES.get(status, status)})")
            join = "" if shown else " join"
            out.append(
                f'<mark class="erratum {html.escape(status)}{join}" title="{html.escape(label)}">{shown}</mark>'
                f'<a class="erratum-ref" href="/v1/errata/{e.id}" aria-label="Erratum {e.id}">{e.id}</a>'
            )
            pos = last
        out.append(html.escape(full[pos:end], quote=False))
        return Markup("".join(out))

    def errata_of(self, provision_ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = set(provision_ids)
        return [self._erratum(e) for e in self.ds.errata if e.provision_id in wanted]

    def _erratum(self, e: Any) -> dict[str, Any]:
        return {
            "id": e.id,
            "kind": e.kind,
            "printed": _visible(e.raw_text),
            "read": _visible(e.corrected_text) if e.corrected_text else "(nothing: removed)",
            "status": getattr(e, "status", "applied"),
            "status_text": STATUSES.get(getattr(e, "status", "applied"), getattr(e, "status", "")),
            "evidence": e.evidence,
            "where": self.anchor(e.provision_id) if e.provision_id else None,
            "provision_id": e.provision_id,
            "line": e.line,
        }

    def _jsonld(self) -> str:
        """The package's schema.org Dataset (as /v1/metadata/dataset.jsonld), in a data block: not a
        script, so the page's CSP, which allows none, does not apply to it."""
        from ..routes.portal import dataset_jsonld

        return orjson.dumps(dataset_jsonld(self.published)).decode().replace("</", "<\\/")

    def legislation(self, table: str, key: str, url: str) -> tuple[Markup, list[Link]]:
        """A document's or provision's schema.org Legislation (a data block) and links to its Akoma Ntoso IRIs."""
        if table == "documents":
            value = document_jsonld(self.ds, key, url)
            links = [Link(value["@id"], "Akoma Ntoso IRI (schema.org Legislation)", "application/ld+json")]
            for language in EXPRESSIONS if key in self.held else ():
                xml = manifestation_iri(value["@id"], language)
                links.append(Link(xml, f"Akoma Ntoso XML ({language})", "application/akn+xml"))
        elif self.ds.get("provisions", key) is not None:
            value = provision_jsonld(self.ds, key, url)
            links = [Link(value["@id"], "Akoma Ntoso IRI (schema.org Legislation)", "application/ld+json")]
        else:
            return Markup(""), []
        return Markup(orjson.dumps(value).decode().replace("</", "<\\/")), links

    def _citation(self) -> str:
        """The edition's citation as the pages print it: the schema.org one (citation.py is their one source)."""
        from ..routes.portal import dataset_jsonld

        return str(dataset_jsonld(self.published)["citation"])

    def _neighbours(self, coll: Collection, row: Mapping[str, Any]) -> tuple[Link | None, Link | None]:
        pos = coll.index[row["id"]]
        rows = coll.table.rows

        def link(i: int) -> Link | None:
            if 0 <= i < len(rows):
                en, zh = self._title(coll, rows[i])
                return Link(f"/v1/{coll.name}/{rows[i]['id']}", f"{rows[i]['id']} {en or zh}".strip())
            return None

        return link(pos - 1), link(pos + 1)

    def _row(self, coll: Collection, row: Mapping[str, Any], cite: Mapping[str, Any] | None = None) -> str:
        fks = self._fks.get(coll.name, {})
        refs = {f: row.get(t) for f, t in self._table_refs.get(coll.name, {}).items() if row.get(t)}
        fields: list[dict[str, Any]] = []
        for f in coll.table.fields:
            value = row.get(f.name)
            target = fks.get(f.name) or refs.get(f.name)
            url = self.row_url(str(target), str(value)) if target and value is not None else None
            if f.name == "provision_id" and value:
                url = self.anchor(str(value))
            chinese = f.name.endswith("_zh") or f.name in ("raw_text", "corrected_text", "name_as_printed")
            fields.append({"name": f.name, "value": "" if value is None else value, "url": url, "zh": chinese})
        en, zh = self._title(coll, row)
        legislation, identifiers = self.legislation(coll.name, str(row["id"]), f"/v1/{coll.name}/{row['id']}")
        return self._render(
            "row.html",
            legislation=legislation,
            title=f"{coll.title}: {row['id']}",
            coll=coll,
            row=row,
            en=en,
            zh=zh,
            fields=fields,
            cite=cite,
            data=[*self._data_links(coll, row["id"]), *identifiers],
        )
