"""The page of a row's history: each release, what it did to the row, and each field's values with reasons."""

from __future__ import annotations

from internet_plus.history import RowHistory

from ..catalog import Collection
from ..render import Rendered
from .base import Link
from .site import Site

__all__ = ["history_page"]


def history_page(site: Site, coll: Collection, history: RowHistory) -> Rendered:
    base = f"/v1/{coll.name}/{history.row_id}/history"
    fields = [{"name": name, "runs": history.spans(name), "zh": name.endswith("_zh")} for name in history.fields]
    text = site.render_page(
        "history.html",
        title=f"{coll.name} {history.row_id}: history",
        coll=coll,
        history=history,
        fields=fields,
        row_url=site.row_url(coll.name, history.row_id),
        feed=base + ".atom",
        data=[
            Link(base + ".json", "JSON", "application/json"),
            Link(base + ".csv", "CSV", "text/csv"),
            Link(base + ".atom", "Changes (Atom)", "application/atom+xml"),
        ],
    )
    return site.html(text)
