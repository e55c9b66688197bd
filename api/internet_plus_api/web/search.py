"""The search page's results: one titled entry per matching row, not one line per matching field.

The library's search (``Dataset.search``) answers one hit per matching field, which is what the API
and the CLI give. A reader wants the row: what it is (its kind, id and title), where it stands (its
document and its place in it), a snippet of its best field with the match marked, and a link. The
hits of one row are folded into one entry, in the order the library found them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from internet_plus.search import Hit, snippet_window

from .base import KINDS, Link

if TYPE_CHECKING:
    from .base import SiteBase

__all__ = ["PAGE_CONTEXT", "Entry", "entries", "field_words", "marked_snippet"]

PAGE_CONTEXT = 60
"""Characters either side of the match in a page's snippet (the API's snippets keep the library's 20)."""

_LANGUAGES = {"zh": "Chinese", "en": "English"}
# What one row of the other tables is called (the catalog's titles name the whole table).
_ROW_KINDS = {
    "documents": "Document",
    "document_links": "Lineage link",
    "provisions": "Paragraph",
    "agencies": "Agency",
    "agency_changes": "Agency change",
    "responsibilities": "Attribution",
    "holders": "Holder today",
    "followups": "Follow-up",
    "errata": "Erratum",
    "terms": "Glossary term",
    "changes": "Change",
}


_NAMING = ("title", "name", "term", "heading", "acronym")


def field_words(name: str) -> str:
    """A field's name as a reader says it: ``title_zh`` -> "title (Chinese)"."""
    base, _, suffix = name.rpartition("_")
    if base and suffix in _LANGUAGES:
        return f"{base.replace('_', ' ')} ({_LANGUAGES[suffix]})"
    return name.replace("_", " ")


def marked_snippet(text: str, start: int, end: int, context: int = PAGE_CONTEXT) -> Markup:
    """The snippet as HTML: the text escaped, the match in ``<mark>``, cut at word or character boundaries.

    Built from the offsets, not from the API's 【 】 markers, which the text itself may contain."""
    lo, hi = snippet_window(text, start, end, context)
    esc = html.escape
    return Markup(
        ("…" if lo else "")
        + esc(text[lo:start], quote=False)
        + "<mark>"
        + esc(text[start:end], quote=False)
        + "</mark>"
        + esc(text[end:hi], quote=False)
        + ("…" if hi < len(text) else "")
    )


@dataclass
class Entry:
    """One matching row as the page shows it."""

    url: str | None
    kind: str
    id: str
    zh: str
    en: str
    place: list[Link]
    snippet: Markup
    snippet_zh: bool
    fields: list[str] = field(default_factory=list)
    matches: int = 0
    named: bool = False  # the match is in the row's name or title


def _place(site: SiteBase, table: str, row: Any) -> list[Link]:
    """Where the row stands: its document and its place in the document's structure, as links."""
    provision = row.id if table == "provisions" else getattr(row, "provision_id", None)
    if provision and site.ds.get("provisions", provision) is not None:
        return site._trail(provision)
    if table == "documents":
        return []  # the entry's title names the document itself
    document = getattr(row, "document_id", None)
    if document and (d := site.ds.get("documents", document)) is not None:
        return [Link(f"/v1/documents/{d.id}", d.number_zh or d.title_zh)]
    return []


def entries(site: SiteBase, hits: Sequence[Hit]) -> list[Entry]:
    """The hits folded into one entry per row, each with its title, place and the snippet of its first hit;
    the rows whose name or title matches come first, the others keep the library's order."""
    out: dict[tuple[str, str], Entry] = {}
    for h in hits:
        entry = out.get((h.table, h.id))
        if entry is None:
            row = site.ds.get(h.table, h.id)
            coll = site._coll(h.table)
            if row is None or coll is None:
                continue
            en, zh = site._title(coll, coll.table.rows[coll.index[h.id]])
            value = str(getattr(row, h.field))
            entry = out[(h.table, h.id)] = Entry(
                url=site.row_url(h.table, h.id),
                kind=KINDS[h.table][0] if h.table in KINDS else _ROW_KINDS.get(h.table, coll.title),
                id=h.id,
                zh=zh,
                en=en,
                place=_place(site, h.table, row),
                snippet=marked_snippet(value, h.start, h.end),
                snippet_zh=h.field.endswith("_zh"),
            )
        entry.fields.append(field_words(h.field))
        entry.matches += h.matches
        entry.named = entry.named or h.field.startswith(_NAMING)
    return sorted(out.values(), key=lambda e: not e.named)  # rows named by the query first, else as found
