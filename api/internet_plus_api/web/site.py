"""Every page of the reading edition, by path, rendered on first request and then kept.

The pages are generic over the data: the documents come from the ``documents`` table, the item
pages from the catalog's collections, links between rows from the Table Schemas' foreign keys.
Only a few tables get a page of their own design (a document's reading edition, the text items,
agencies, errata, the glossary); every other row gets a plain page of its fields, so that every
row the API serves has a page a link can point at.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined
from litestar.plugins.jinja import JinjaTemplateEngine
from markupsafe import Markup

from internet_plus import Dataset

from ..catalog import Catalog, Collection
from ..files import Published
from ..render import Rendered, render
from .matrix import Matrix, matrix_svg

__all__ = ["PAGE_CSP", "Site"]

# Pages need nothing but their own stylesheet; forms (search) submit to this origin. No script at all.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
STYLESHEET = "/static/site.css"

# What a reader calls a row of these tables (English, Chinese); other tables use their catalog title.
KINDS: dict[str, tuple[str, str]] = {
    "actions": ("Key action", "重点行动"),
    "tasks": ("Task", "任务"),
    "measure_groups": ("Group of supporting measures", "保障支撑"),
    "measures": ("Supporting measure", "保障措施"),
    "targets": ("Development goal", "发展目标"),
    "principles": ("Basic principle", "基本原则"),
}
ROLES = {"lead": "lead", "co-lead": "co-lead", "participant": "participant", "joint": "jointly responsible"}
CHANGES = {
    "renamed": "renamed",
    "merged_into": "merged into",
    "functions_moved": "functions moved to",
    "abolished": "abolished",
    "restructured": "restructured as",
    "upgraded": "upgraded to",
}
_TITLE_FIELDS = (("title_en", "title_zh"), ("name_en", "name_zh"), ("term_en", "term_zh"), ("heading_en", "heading_zh"))


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    type: str = ""


def _engine() -> JinjaTemplateEngine:
    env = Environment(
        loader=PackageLoader("internet_plus_api.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return JinjaTemplateEngine.from_environment(env)


def _foreign_keys(schema: Mapping[str, Any], table: str) -> dict[str, str]:
    """field -> referenced table, for single-field foreign keys (``""`` is the table itself)."""
    out = {}
    for fk in schema.get("foreignKeys", []):
        if isinstance(fk.get("fields"), str):
            out[fk["fields"]] = fk["reference"].get("resource") or table
    return out


def _visible(text: str) -> str:
    """An extract's whitespace made visible: what a page break or a stray space looked like."""
    return text.replace("\n", "⏎").replace(" ", "␣") if text.strip() == "" or text != text.strip() else text


class Site:
    """The pages of one app. ``paths()`` lists every page with a fixed URL; ``page(path)`` renders one."""

    def __init__(self, ds: Dataset, catalog: Catalog, published: Published) -> None:
        self.ds = ds
        self.catalog = catalog
        self.published = published
        self.version = catalog.version
        self._engine = _engine()
        self._kept: dict[str, Rendered] = {}
        self._fks = {t: _foreign_keys(published.schemas.get(t, {}), t) for t in catalog.by_table}
        # rows that *are* a provision (a task is provision A02.1): the page a paragraph links to
        self.page_of_provision: dict[str, str] = {}
        for coll in catalog.collections.values():
            if coll.table_name == "provisions" or "provision_id" not in coll.table.field_names:
                continue
            for row in coll.table.rows:
                if row.get("provision_id") == row["id"]:
                    self.page_of_provision[row["id"]] = f"/v1/{coll.name}/{row['id']}"
        self._builders: dict[str, Callable[[], str]] = {
            "/": self._home,
            "/matrix": lambda: self._matrix("document"),
            "/matrix/by-mentions": lambda: self._matrix("mentions"),
            "/matrix/by-leads": lambda: self._matrix("leads"),
            "/search": lambda: self.search_page("", ()),
            "/releases": self._releases,
        }
        for coll in catalog.collections.values():
            self._builders[f"/v1/{coll.name}"] = partial(self._list, coll)
            for row in coll.table.rows:
                self._builders[f"/v1/{coll.name}/{row['id']}"] = partial(self._item, coll, row)
            for alias, target in coll.aliases.items():
                self._builders[f"/v1/{coll.name}/{alias}"] = partial(
                    self._item, coll, coll.table.rows[coll.index[target]]
                )
        self.stylesheet = render(_asset("site.css"), "text/css", headers=())

    # -- serving --------------------------------------------------------------------------------
    def paths(self) -> list[str]:
        return list(self._builders)

    def page(self, path: str) -> Rendered | None:
        kept = self._kept.get(path)
        if kept is None:
            builder = self._builders.get(path)
            if builder is None:
                return None
            kept = self._kept[path] = self.html(builder())
        return kept

    @staticmethod
    def html(text: str) -> Rendered:
        return render(
            text.encode("utf-8"),
            "text/html",  # Litestar adds "; charset=utf-8" to text types
            headers=(("Content-Security-Policy", PAGE_CSP),),
            vary_accept=True,
        )

    def _render(self, template: str, **context: Any) -> str:
        nav = [
            Link("/", "Home"),
            *(Link(f"/v1/documents/{d.id}", "Reading edition") for d in self.ds.documents[:1]),
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
        out: str = self._engine.get_template(template).render(
            nav=nav, version=self.version, stylesheet=STYLESHEET, **context
        )
        return out

    # -- helpers the templates use ---------------------------------------------------------------
    def _coll(self, table: str) -> Collection | None:
        return self.catalog.by_table.get(table)

    def row_url(self, table: str, key: str) -> str | None:
        coll = self._coll(table)
        if coll is None or key not in coll.index:
            return None
        return f"/v1/{coll.name}/{key}"

    def _title(self, coll: Collection, row: Mapping[str, Any]) -> tuple[str, str]:
        for en, zh in _TITLE_FIELDS:
            if en in coll.table.field_names or zh in coll.table.field_names:
                return str(row.get(en) or ""), str(row.get(zh) or "")
        return "", ""

    def _data_links(self, coll: Collection, key: str | None = None) -> list[Link]:
        base = f"/v1/{coll.name}"
        if key is None:
            return [
                Link(base + ".json", "JSON", "application/json"),
                Link(base + ".csv", "CSV", "text/csv"),
                Link(base + ".ndjson", "NDJSON", "application/x-ndjson"),
            ]
        return [
            Link(f"{base}.json?id={key}", "JSON", "application/json"),
            Link(f"{base}.csv?id={key}", "CSV", "text/csv"),
        ]

    def _document_of(self, provision_id: str) -> str | None:
        row = self.ds.get("provisions", provision_id)
        if row is None:
            return None
        doc = getattr(row, "document_id", None)
        if doc is None and self.ds.documents:
            doc = self.ds.documents[0].id
        return str(doc) if doc else None

    def anchor(self, provision_id: str) -> str:
        doc = self._document_of(provision_id)
        return f"/v1/documents/{doc}#{provision_id}" if doc else f"/v1/provisions/{provision_id}"

    def _trail(self, provision_id: str) -> list[Link]:
        """The provision's place: its ancestors from the top, each a link into the reading edition."""
        trail: list[Link] = []
        row = self.ds.get("provisions", provision_id)
        while row is not None:
            label = " ".join(x for x in (row.number, row.heading_en or row.kind) if x)
            trail.append(Link(self.anchor(row.id), label))
            row = self.ds.get("provisions", row.parent_id) if row.parent_id else None
        doc = self._document_of(provision_id)
        if doc and (d := self.ds.get("documents", doc)) is not None:
            trail.append(Link(f"/v1/documents/{doc}", d.number_zh))
        return trail[::-1]

    def marked(self, text: str, start: int | None, end: int | None, provision_id: str | None) -> Markup:
        """``text`` (the canonical slice ``start:end`` of ``provision_id``) with each of its errata marked
        and linked; an erratum that removed something (a page break's join) is marked empty."""
        if start is None or end is None or self.ds.text[start:end] != text:
            return Markup(html.escape(text, quote=False))
        inside = sorted(
            (e for e in self.ds.errata if e.provision_id == provision_id and start <= e.start and e.end <= end),
            key=lambda e: (e.start, e.end),
        )
        out, pos = [], start
        for e in inside:
            if e.start < pos:
                continue  # overlapping: listed below the text, not marked twice
            out.append(html.escape(self.ds.text[pos : e.start], quote=False))
            corrected = html.escape(self.ds.text[e.start : e.end], quote=False)
            label = f"{e.id}: {e.kind}"
            join = "" if corrected else " join"
            out.append(
                f'<mark class="erratum{join}" title="{html.escape(label)}">{corrected}</mark>'
                f'<a class="erratum-ref" href="/v1/errata/{e.id}" aria-label="Erratum {e.id}">{e.id}</a>'
            )
            pos = e.end
        out.append(html.escape(self.ds.text[pos:end], quote=False))
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
            "evidence": e.evidence,
            "where": self.anchor(e.provision_id) if e.provision_id else None,
            "provision_id": e.provision_id,
            "line": e.line,
        }

    def duties(self, subject_id: str) -> list[dict[str, Any]]:
        try:
            found = self.ds.responsible_for(subject_id)
        except LookupError:
            return []
        out = []
        for r in found:
            agency = self.ds.get("agencies", r.agency_id)
            out.append(
                {
                    "agency": agency,
                    "url": self.row_url("agencies", r.agency_id),
                    "role": ROLES.get(r.role, r.role),
                    "basis": r.basis,
                    "printed": r.name_as_printed,
                }
            )
        return out

    # -- pages ----------------------------------------------------------------------------------
    def _home(self) -> str:
        counts = [
            {"name": c.name, "title": c.title, "count": len(c.table.rows), "url": f"/v1/{c.name}"}
            for c in self.catalog.collections.values()
        ]
        downloads = [Link(f"/v1/download/{n}", n) for n in sorted(self.published.downloads)]
        return self._render(
            "home.html",
            title="Internet Plus open data",
            documents=self.ds.documents,
            counts=counts,
            downloads=downloads,
            zip_url=f"/v1/download/{self.published.zip_name}",
            jsonld=Markup(self._jsonld()),
            data=[Link("/", "JSON"), Link("/v1/datapackage.json", "Data package")],
        )

    def _jsonld(self) -> str:
        """The package's schema.org Dataset (as /v1/metadata/dataset.jsonld), in a data block: not a
        script, so the page's CSP, which allows none, does not apply to it."""
        from ..routes.portal import dataset_jsonld

        return orjson.dumps(dataset_jsonld(self.published)).decode().replace("</", "<\\/")

    def _document(self, coll: Collection, row: Mapping[str, Any]) -> str:
        doc_id = row["id"]
        provisions = [p for p in self.ds.provisions if getattr(p, "document_id", doc_id) == doc_id]
        paragraphs = []
        for p in sorted(provisions, key=lambda p: p.seq):
            paragraphs.append(
                {
                    "p": p,
                    "zh": self.marked(p.text_zh, p.start, p.end, p.id),
                    "page": self.page_of_provision.get(p.id),
                    "row": f"/v1/provisions/{p.id}",
                    "errata": self.errata_of([p.id]),
                }
            )
        return self._render(
            "document.html",
            title=row["title_en"],
            doc=row,
            paragraphs=paragraphs,
            data=[
                *self._data_links(coll, doc_id),
                *(Link(f"/v1/download/{n}", f"Text ({n})") for n in self.published.downloads if n.endswith(".txt")),
                Link("/v1/provisions.csv", "Provisions (CSV)", "text/csv"),
            ],
        )

    def _item(self, coll: Collection, row: Mapping[str, Any]) -> str:
        table = coll.table_name
        if table == "documents":
            return self._document(coll, row)
        if table == "agencies":
            return self._agency(coll, row)
        if table in KINDS or {"text_zh", "provision_id"} <= set(coll.table.field_names):
            return self._text_item(coll, row)
        return self._row(coll, row)

    def _neighbours(self, coll: Collection, row: Mapping[str, Any]) -> tuple[Link | None, Link | None]:
        pos = coll.index[row["id"]]
        rows = coll.table.rows

        def link(i: int) -> Link | None:
            if 0 <= i < len(rows):
                en, zh = self._title(coll, rows[i])
                return Link(f"/v1/{coll.name}/{rows[i]['id']}", f"{rows[i]['id']} {en or zh}".strip())
            return None

        return link(pos - 1), link(pos + 1)

    def _text_item(self, coll: Collection, row: Mapping[str, Any]) -> str:
        table, key = coll.table_name, row["id"]
        kind = KINDS.get(table, (coll.title, ""))
        children: list[dict[str, Any]] = []
        for other in self.catalog.collections.values():  # rows that point here: tasks of an action, …
            for field, target in self._fks.get(other.table_name, {}).items():
                if target != table or other.table_name in ("responsibilities", "errata", "provisions"):
                    continue
                for r in other.table.rows:
                    if r.get(field) == key and r["id"] != key:
                        en, zh = self._title(other, r)
                        children.append({"url": f"/v1/{other.name}/{r['id']}", "id": r["id"], "en": en, "zh": zh})
        duties = self.duties(key) if table in ("actions", "tasks", "measures") else []
        inherited = row.get("action_id") if table == "tasks" else None
        provision = row.get("provision_id") or key
        previous, following = self._neighbours(coll, row)
        links = []
        for field, target in self._fks.get(table, {}).items():
            value = row.get(field)
            if value and field != "provision_id" and (url := self.row_url(target, str(value))):
                links.append(Link(url, f"{field.removesuffix('_id').replace('_', ' ')}: {value}"))
        return self._render(
            "item.html",
            title=f"{key} {row.get('title_en', '')}".strip(),
            kind=kind,
            row=row,
            zh=self.marked(str(row.get("text_zh", "")), row.get("start"), row.get("end"), provision),
            trail=self._trail(provision),
            in_document=self.anchor(provision),
            duties=duties,
            inherited=inherited,
            inherited_url=self.row_url("actions", str(inherited)) if inherited else None,
            children=children,
            links=links,
            errata=self.errata_of([provision]),
            previous=previous,
            following=following,
            data=self._data_links(coll, key),
        )

    def _agency(self, coll: Collection, row: Mapping[str, Any]) -> str:
        key = row["id"]
        duties = []
        for d in self.ds.responsibilities_of(key):
            table = {"action": "actions", "task": "tasks", "measure": "measures"}[d.subject_type]
            subject = self.ds.get(table, d.subject_id)
            duties.append(
                {
                    "type": d.subject_type,
                    "id": d.subject_id,
                    "url": self.row_url(table, d.subject_id),
                    "en": getattr(subject, "title_en", ""),
                    "zh": getattr(subject, "title_zh", ""),
                    "role": ROLES.get(d.role, d.role),
                    "inherited": d.inherited_from,
                }
            )
        changes: list[dict[str, Any]] = [
            {
                "c": c,
                "change": CHANGES.get(c.change, c.change),
                "successor_url": self.row_url("agencies", c.successor_agency_id) if c.successor_agency_id else None,
                "source_is_url": c.source.startswith(("http://", "https://")),
            }
            for c in self.ds.successors(key)
        ]
        parent = self.row_url("agencies", row["parent_id"]) if row.get("parent_id") else None
        return self._render(
            "agency.html",
            title=row["name_en"],
            a=row,
            parent=parent,
            duties=duties,
            changes=changes,
            years=sorted({c["c"].year for c in changes}),
            data=[
                *self._data_links(coll, key),
                Link(f"/v1/agencies/{key}/responsibilities", "Duties (JSON)", "application/json"),
            ],
        )

    def _row(self, coll: Collection, row: Mapping[str, Any]) -> str:
        fks = self._fks.get(coll.table_name, {})
        fields: list[dict[str, Any]] = []
        for f in coll.table.fields:
            value = row.get(f.name)
            url = self.row_url(fks[f.name], str(value)) if f.name in fks and value is not None else None
            if f.name == "provision_id" and value:
                url = self.anchor(str(value))
            chinese = f.name.endswith("_zh") or f.name in ("raw_text", "corrected_text", "name_as_printed")
            fields.append({"name": f.name, "value": "" if value is None else value, "url": url, "zh": chinese})
        en, zh = self._title(coll, row)
        return self._render(
            "row.html",
            title=f"{coll.title}: {row['id']}",
            coll=coll,
            row=row,
            en=en,
            zh=zh,
            fields=fields,
            data=self._data_links(coll, row["id"]),
        )

    def _list(self, coll: Collection) -> str:
        table = coll.table_name
        if table == "errata":
            return self._render(
                "errata.html",
                title="Errata",
                errata=[self._erratum(e) for e in self.ds.errata],
                data=self._data_links(coll),
            )
        if table == "terms":
            terms = [
                {
                    "t": t,
                    "url": f"/v1/{coll.name}/{t.id}",
                    "where": [Link(self.anchor(p), p) for p in (t.provision_ids or "").split() if p],
                }
                for t in self.ds.terms
            ]
            return self._render("glossary.html", title="Glossary", terms=terms, data=self._data_links(coll))
        rows = []
        for r in coll.table.rows:
            en, zh = self._title(coll, r)
            rows.append({"id": r["id"], "url": f"/v1/{coll.name}/{r['id']}", "en": en, "zh": zh})
        return self._render("list.html", title=coll.title, coll=coll, rows=rows, data=self._data_links(coll))

    def _matrix(self, order: str) -> str:
        matrix = Matrix.of(self.ds, order)
        coll = self._coll("responsibilities")
        views = [
            Link("/matrix", "in the document's order"),
            Link("/matrix/by-mentions", "by mentions"),
            Link("/matrix/by-leads", "by leads"),
        ]
        return self._render(
            "matrix.html",
            title="Who is responsible: the responsibility matrix",
            matrix=matrix,
            svg=Markup(matrix_svg(matrix, self.row_url)),
            views=views,
            order=order,
            data=self._data_links(coll) if coll else [],
        )

    def search_page(self, q: str, hits: Sequence[Any]) -> str:
        results = []
        for h in hits:
            coll = self._coll(h.table)
            snippet = html.escape(h.snippet, quote=False).replace("【", "<mark>").replace("】", "</mark>")
            results.append(
                {
                    "h": h,
                    "url": self.row_url(h.table, h.id),
                    "what": coll.title if coll else h.table,
                    "snippet": Markup(snippet),
                    "zh": h.field.endswith("_zh"),
                }
            )
        data = []
        if q:
            from urllib.parse import quote

            data = [
                Link(f"/v1/search?q={quote(q)}", "JSON", "application/json"),
                Link(f"/v1/search?q={quote(q)}&limit=500", "All hits (JSON)", "application/json"),
            ]
        return self._render("search.html", title=f"Search: {q}" if q else "Search", q=q, results=results, data=data)

    def _releases(self) -> str:
        from internet_plus.versions import releases

        from ..release_answers import summary

        published = [summary(r) for r in reversed(releases())]
        changes = self._coll("changes")
        return self._render(
            "releases.html",
            title="Releases",
            package=self.published.package,
            documents=self.ds.documents,
            releases=published,
            current_published=any(r["version"] == self.version for r in published),
            changes_url=f"/v1/{changes.name}" if changes else None,
            changes_count=len(changes.table.rows) if changes else 0,
            zip_url=f"/v1/download/{self.published.zip_name}",
            data=[Link("/v1/releases", "Releases (JSON)", "application/json")],
        )


def _asset(name: str) -> bytes:
    from importlib.resources import files

    return files("internet_plus_api.web").joinpath("assets", name).read_bytes()
