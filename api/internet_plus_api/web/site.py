"""Every page of the reading edition, by path, rendered on first request and then kept.

The pages are generic over the data: the documents come from the ``documents`` table, the item
pages from the catalog's collections, links between rows from the Table Schemas' foreign keys.
Only a few tables get a page of their own design (a document's reading edition, the text items,
agencies, errata, the glossary); every other row gets a plain page of its fields, so that every
row the API serves has a page a link can point at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from internet_plus import Dataset
from internet_plus.search import query_key, query_keys

from ..catalog import Catalog, Collection
from ..files import Published
from ..render import Rendered, render
from .base import KINDS, PAGE_CSP, Link
from .documents import LANGUAGES, DocumentPages, view_path
from .matrix import ORDERS, Matrix, column_label, matrix_svg
from .search import entries as search_entries

__all__ = ["PAGE_CSP", "Site", "view_path"]

LINEAGE_TABLES = ("actions", "tasks", "measures")


class Site(DocumentPages):
    """The pages of one app. ``paths()`` lists every page with a fixed URL; ``page(path)`` renders one."""

    def __init__(self, ds: Dataset, catalog: Catalog, published: Published) -> None:
        super().__init__(ds, catalog, published)
        self._kept: dict[str, Rendered] = {}
        self._builders: dict[str, Callable[[], str]] = {
            "/": self._home,
            "/matrix": lambda: self._matrix("document"),
            "/matrix/by-mentions": lambda: self._matrix("mentions"),
            "/matrix/by-leads": lambda: self._matrix("leads"),
            "/matrix/today": lambda: self._matrix("today"),
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
        for doc_id in self.held:
            for view in LANGUAGES:
                self._builders[view_path(doc_id, view)] = partial(self._view, doc_id, view)
        self.setup_documents(published.schemas)
        self.stylesheet = render(_asset("site.css"), "text/css", headers=())

    # -- serving --------------------------------------------------------------------------------
    def paths(self) -> list[str]:
        return list(self._builders)

    def has_page(self, path: str) -> bool:
        return path in self._builders

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
            documents=[d for d in self.ds.documents if d.id in self.held],
            family=len(self.ds.documents) - len(self.held),
            counts=counts,
            downloads=downloads,
            zip_url=f"/v1/download/{self.published.zip_name}",
            jsonld=Markup(self._jsonld()),
            citation=self._citation(),
            actions=len(self.ds.actions),
            data=[Link("/v1.json", "JSON", "application/json"), Link("/v1/datapackage.json", "Data package")],
        )

    def _item(self, coll: Collection, row: Mapping[str, Any]) -> str:
        table = coll.name
        if table == "documents":
            return self._document(coll, row) if row["id"] in self.held else self._family(coll, row)
        if table == "agencies":
            return self._agency(coll, row)
        if table in KINDS or {"text_zh", "provision_id"} <= set(coll.table.field_names):
            return self._text_item(coll, row)
        return self._row(coll, row, self.cite(table, str(row["id"])))

    def _text_item(self, coll: Collection, row: Mapping[str, Any]) -> str:
        table, key = coll.name, row["id"]
        kind = KINDS.get(table, (coll.title, ""))
        children: list[dict[str, Any]] = []
        for other in self.catalog.collections.values():  # rows that point here: tasks of an action, …
            for field, target in self._fks.get(other.name, {}).items():
                if target != table or other.name in ("responsibilities", "errata", "provisions"):
                    continue
                for r in other.table.rows:
                    if r.get(field) == key and r["id"] != key:
                        en, zh = self._title(other, r)
                        children.append({"url": f"/v1/{other.name}/{r['id']}", "id": r["id"], "en": en, "zh": zh})
        duties = self.duties(key) if table in ("actions", "tasks", "measures") else []
        inherited = row.get("action_id") if table == "tasks" else None
        provision = row.get("provision_id") or key
        previous, following = self._neighbours(coll, row)
        legislation, identifiers = self.legislation("provisions", provision, f"/v1/{coll.name}/{key}")
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
            lineage=self.lineage.groups(self.lineage.of(key)) if table in LINEAGE_TABLES else None,
            review={**self.review([row.get("translation_status")]), "scope": "this passage", "scope_zh": "本段"},
            cite=self.cite(table, key),
            links=links,
            errata=self.errata_of([provision]),
            previous=previous,
            following=following,
            legislation=legislation,
            data=[*self._data_links(coll, key), *identifiers],
        )

    def _list(self, coll: Collection) -> str:
        table = coll.name
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
        matrix = Matrix.of(self.ds, order, self.held[0] if self.held else None)
        coll = self._coll("responsibilities")
        names = {
            "document": ("/matrix", "in the document's order"),
            "mentions": ("/matrix/by-mentions", "by mentions"),
            "leads": ("/matrix/by-leads", "by leads"),
            "today": ("/matrix/today", "by today's bodies"),
        }
        views = [{"href": names[o][0], "text": names[o][1], "current": o == order} for o in ORDERS]
        columns = [
            {"table": t, "id": cid, "en": en, "zh": zh, "url": self.row_url(t, cid), "label": column_label(cid, zh)}
            for t, cid, en, zh in matrix.columns
        ]
        return self._render(
            "matrix.html",
            title="Who is responsible today: the responsibility matrix by today's bodies"
            if order == "today"
            else "Who is responsible: the responsibility matrix",
            matrix=matrix,
            svg=Markup(matrix_svg(matrix, self.row_url)),
            views=views,
            order=order,
            columns=columns,
            as_of=self.ds.succession_as_of,
            data=self._data_links(coll) if coll else [],
        )

    def search_page(self, q: str, hits: Sequence[Any]) -> str:
        data = []
        if q:
            data = [
                Link(f"/v1/search?q={quote(q)}", "JSON", "application/json"),
                Link(f"/v1/search?q={quote(q)}&limit=500", "All hits (JSON)", "application/json"),
            ]
        return self._render(
            "search.html",
            title=f"Search: {q}" if q else "Search",
            q=q,
            results=search_entries(self, hits),
            fields_found=len(hits),  # /v1/search's total: one hit per field
            read_as=query_key(q) if query_key(q) != q.strip().lower() else "",  # 大數據 is read as 大数据
            also=query_keys(q)[1:],
            data=data,
        )

    def _releases(self) -> str:
        from internet_plus.versions import releases

        from ..release_answers import summary

        published = [summary(r) for r in reversed(releases())]
        changes = self._coll("changes")
        rows = Counter(str(r["release"]) for r in changes.table.rows) if changes else Counter()
        for r in published:
            r["change_rows"] = rows[r["version"]]
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
            citation=self._citation(),
            data=[Link("/v1/releases.json", "Releases (JSON)", "application/json")],
        )


def _asset(name: str) -> bytes:
    from importlib.resources import files

    return files("internet_plus_api.web").joinpath("assets", name).read_bytes()
