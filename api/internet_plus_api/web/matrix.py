"""The responsibility matrix: agencies down, actions and measures across, one mark per attribution.

Drawn on the server as SVG: it prints, needs no script, and scales. Each role has its own shape
as well as its own shade (a reader need not tell colours apart), and each cell has a ``<title>``.
The columns are every action, then every measure, in the document's order; the rows every agency
named in an attribution, in one of three orders (each its own page).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from internet_plus import Dataset

__all__ = ["ORDERS", "Matrix", "matrix_svg"]

ORDERS = ("document", "mentions", "leads")
ROLE_ORDER = ("lead", "co-lead", "joint", "participant")


@dataclass(frozen=True)
class Matrix:
    columns: tuple[tuple[str, str, str, str], ...]  # (table, id, title_en, title_zh)
    rows: tuple[tuple[str, str, str], ...]  # (agency id, name_zh, name_en)
    cells: dict[tuple[str, str], str]  # (agency id, column id) -> role
    leads: dict[str, int]
    mentions: dict[str, int]

    @classmethod
    def of(cls, ds: Dataset, order: str = "document", document_id: str | None = None) -> Matrix:
        """The matrix of one document (rows carry ``document_id`` once there are several; None: all rows)."""

        def mine(row: object) -> bool:
            return document_id is None or getattr(row, "document_id", document_id) == document_id

        columns = tuple(("actions", a.id, a.title_en, a.title_zh) for a in ds.actions if mine(a)) + tuple(
            ("measures", m.id, m.title_en, m.title_zh) for m in ds.measures if mine(m)
        )
        cells, first_seen = _cells(ds, {c[1] for c in columns})
        leads = {a: sum(1 for (x, _), role in cells.items() if x == a and role == "lead") for a in first_seen}
        mentions = {a: sum(1 for (x, _) in cells if x == a) for a in first_seen}
        ids = _ordered(first_seen, order, leads, mentions)
        agencies = {a.id: a for a in ds.agencies}
        rows = tuple((a, agencies[a].name_zh, agencies[a].name_en) for a in ids if a in agencies)
        return cls(columns, rows, cells, leads, mentions)

    @property
    def action_columns(self) -> int:
        return sum(1 for c in self.columns if c[0] == "actions")

    @property
    def measure_columns(self) -> int:
        return sum(1 for c in self.columns if c[0] == "measures")


def _cells(ds: Dataset, wanted: set[str]) -> tuple[dict[tuple[str, str], str], list[str]]:
    """(agency, column) -> role for the columns ``wanted``, and the agencies in the order first seen."""
    cells: dict[tuple[str, str], str] = {}
    first_seen: dict[str, None] = {}
    for r in ds.responsibilities:
        column = r.action_id or r.measure_id
        if column is not None and column in wanted:
            cells[(r.agency_id, column)] = r.role
            first_seen.setdefault(r.agency_id)
    return cells, list(first_seen)


def _ordered(first_seen: list[str], order: str, leads: dict[str, int], mentions: dict[str, int]) -> list[str]:
    place = {a: i for i, a in enumerate(first_seen)}
    if order == "mentions":
        return sorted(first_seen, key=lambda a: (-mentions[a], place[a]))
    if order == "leads":
        return sorted(first_seen, key=lambda a: (-leads[a], -mentions[a], place[a]))
    return list(first_seen)


_CELL = 22
_LABEL = 360
_HEAD = 70


def _mark(role: str, x: float, y: float) -> str:
    cx, cy = x + _CELL / 2, y + _CELL / 2
    if role == "lead":
        return f'<circle cx="{cx}" cy="{cy}" r="7" fill="#1a4d8f"/>'
    if role == "co-lead":
        return f'<rect x="{cx - 6}" y="{cy - 6}" width="12" height="12" fill="#1a4d8f"/>'
    if role == "joint":
        return f'<path d="M{cx} {cy - 7}L{cx + 7} {cy}L{cx} {cy + 7}L{cx - 7} {cy}Z" fill="#6b3fa0"/>'
    return f'<circle cx="{cx}" cy="{cy}" r="5" fill="none" stroke="#3d3d3d" stroke-width="1.6"/>'


def matrix_svg(m: Matrix, url: Callable[[str, str], str | None]) -> str:
    """The matrix as one ``<svg>``; agency names and column ids are links to their pages."""
    width = _LABEL + _CELL * len(m.columns) + 10
    height = _HEAD + _CELL * len(m.rows) + 10
    e = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="matrix" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="matrix-title">',
        '<title id="matrix-title">Agencies (rows) named for each key action and supporting measure (columns): '
        "filled circle lead, filled square co-lead, diamond jointly responsible, ring participant</title>",
    ]
    first_measure = next((i for i, c in enumerate(m.columns) if c[0] == "measures"), len(m.columns))
    for i, (table, cid, en, zh) in enumerate(m.columns):
        x = _LABEL + i * _CELL
        shade = "#f3f6fa" if table == "actions" else "#faf7f0"
        out.append(
            f'<rect class="col-band" x="{x}" y="{_HEAD}" width="{_CELL}" height="{_CELL * len(m.rows)}" '
            f'fill="{shade}" stroke="#d0d7de" stroke-width="0.5"/>'
        )
        label = (
            f'<text x="{x + _CELL / 2 + 4}" y="{_HEAD - 6}" transform="rotate(-60 {x + _CELL / 2 + 4} {_HEAD - 6})" '
            f'font-size="11" fill="#1f2328">{e(cid)}</text>'
        )
        href = url(table, cid)
        out.append(
            f'<g class="col" data-table="{table}" data-id="{e(cid)}"><title>{e(cid)} {e(en)} · {e(zh)}</title>'
            + (f'<a href="{e(href)}">{label}</a>' if href else label)
            + "</g>"
        )
    if 0 < first_measure < len(m.columns):
        x = _LABEL + first_measure * _CELL
        out.append(f'<line x1="{x}" y1="{_HEAD - 4}" x2="{x}" y2="{height - 10}" stroke="#1f2328" stroke-width="1.5"/>')
    for j, (aid, zh, en) in enumerate(m.rows):
        y = _HEAD + j * _CELL
        href = url("agencies", aid)
        short = en if len(en) <= 38 else en[:37] + "…"
        name = (
            f'<text x="{_LABEL - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#1f2328">'
            f'<tspan lang="zh-Hans">{e(zh)}</tspan> <tspan font-size="10" fill="#4a4f55">{e(short)}</tspan></text>'
        )
        out.append(
            f'<g class="row" data-id="{e(aid)}">' + (f'<a href="{e(href)}">{name}</a>' if href else name) + "</g>"
        )
        if j % 2 == 1:
            out.append(f'<line x1="0" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#e6e9ed" stroke-width="0.5"/>')
        for i, (_, cid, _, _) in enumerate(m.columns):
            role = m.cells.get((aid, cid))
            if role is None:
                continue
            x = _LABEL + i * _CELL
            out.append(
                f'<g class="cell" data-agency="{e(aid)}" data-column="{e(cid)}" data-role="{e(role)}">'
                f"<title>{e(en)} · {e(cid)}: {e(role)}</title>{_mark(role, x, y)}</g>"
            )
    out.append("</svg>")
    return "".join(out)


def legend_svg(role: str) -> str:
    """One role's mark, for the legend under the matrix."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_CELL}" height="{_CELL}" viewBox="0 0 {_CELL} {_CELL}" '
        f'aria-hidden="true">{_mark(role, 0, 0)}</svg>'
    )
