"""The responsibility matrix: agencies down, actions and measures across, one mark per attribution.

Drawn on the server as SVG: it prints, needs no script, and scales. Each role has its own shape
as well as its own shade (a reader need not tell colours apart), and each cell has a ``<title>``.
The columns are every action, then every measure, in the document's order, each labelled with its id and
short Chinese title (and keyed in full under the drawing); the rows every agency named in an attribution, in
one of three orders (each its own page), or, in the view by today's bodies, every body that holds one of those
duties today by the library's holders computation (the holders table), never by a rule of the page's own.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from internet_plus import Dataset

__all__ = ["ORDERS", "Matrix", "column_label", "matrix_svg"]

ORDERS = ("document", "mentions", "leads", "today")
_ACTION_PREFIX = "“互联网+”"  # every action's title starts so: the label drops it, the column key keeps it
ROLE_ORDER = ("lead", "co-lead", "joint", "participant")


@dataclass(frozen=True)
class Matrix:
    columns: tuple[tuple[str, str, str, str], ...]  # (table, id, title_en, title_zh)
    rows: tuple[tuple[str, str, str], ...]  # (agency id, name_zh, name_en)
    cells: dict[tuple[str, str], str]  # (agency id, column id) -> role
    leads: dict[str, int]
    mentions: dict[str, int]
    unheld: int = 0  # duties whose body has no holder today (abolished with no successor); today's view only

    @classmethod
    def of(cls, ds: Dataset, order: str = "document", document_id: str | None = None) -> Matrix:
        """The matrix of one document (rows carry ``document_id`` once there are several; None: all rows)."""

        def mine(row: object) -> bool:
            return document_id is None or getattr(row, "document_id", document_id) == document_id

        columns = tuple(("actions", a.id, a.title_en, a.title_zh) for a in ds.actions if mine(a)) + tuple(
            ("measures", m.id, m.title_en, m.title_zh) for m in ds.measures if mine(m)
        )
        cells, first_seen, unheld = _cells(ds, {c[1] for c in columns}, order)
        leads = {a: sum(1 for (x, _), role in cells.items() if x == a and role == "lead") for a in first_seen}
        mentions = {a: sum(1 for (x, _) in cells if x == a) for a in first_seen}
        ids = _ordered(first_seen, order, leads, mentions)
        agencies = {a.id: a for a in ds.agencies}
        rows = tuple((a, agencies[a].name_zh, agencies[a].name_en) for a in ids if a in agencies)
        return cls(columns, rows, cells, leads, mentions, unheld)

    @property
    def action_columns(self) -> int:
        return sum(1 for c in self.columns if c[0] == "actions")

    @property
    def measure_columns(self) -> int:
        return sum(1 for c in self.columns if c[0] == "measures")


def _cells(ds: Dataset, wanted: set[str], order: str) -> tuple[dict[tuple[str, str], str], list[str], int]:
    """(body, column) -> role for the columns ``wanted``, the bodies in the order first seen, and the duties whose
    body has no holder today. In the ``today`` view a duty shows at each body that holds it today; where two bodies
    of 2015 are one today, the stronger role shows."""
    cells: dict[tuple[str, str], str] = {}
    first_seen: dict[str, None] = {}
    unheld = 0
    holders: dict[str, list[str | None]] = {}
    if order == "today":
        for h in ds.holders:
            holders.setdefault(h.responsibility_id, []).append(h.holder_agency_id)
    for r in ds.responsibilities:
        column = r.action_id or r.measure_id
        if column is None or column not in wanted:
            continue
        for body in holders.get(r.id, [None]) if order == "today" else [r.agency_id]:
            if body is None:
                unheld += 1
                continue
            held = cells.get((body, column))
            if held is None or ROLE_ORDER.index(r.role) < ROLE_ORDER.index(held):
                cells[(body, column)] = r.role
            first_seen.setdefault(body)
    return cells, list(first_seen), unheld


def _ordered(first_seen: list[str], order: str, leads: dict[str, int], mentions: dict[str, int]) -> list[str]:
    place = {a: i for i, a in enumerate(first_seen)}
    if order == "mentions":
        return sorted(first_seen, key=lambda a: (-mentions[a], place[a]))
    if order in ("leads", "today"):
        return sorted(first_seen, key=lambda a: (-leads[a], -mentions[a], place[a]))
    return list(first_seen)


_CELL = 22
_LABEL = 360
_FONT = 11


def column_label(cid: str, zh: str) -> str:
    """A column's label: its id and short Chinese title (A08 电子商务, S6.3 完善融资服务)."""
    return f"{cid} {zh.removeprefix(_ACTION_PREFIX)}"


def _label_width(text: str) -> float:
    return sum(_FONT if ord(ch) > 0x2E80 else _FONT * 0.6 for ch in text)


def _head(m: Matrix) -> tuple[float, float]:
    """The room the rotated (-60°) column labels need above the rows and to the right of the last column."""
    longest = max((_label_width(column_label(c[1], c[3])) for c in m.columns), default=0.0)
    return round(longest * 0.87 + 16), round(longest * 0.5 + 10)


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
    head, right = _head(m)
    width = _LABEL + _CELL * len(m.columns) + right
    height = head + _CELL * len(m.rows) + 10
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
            f'<rect class="col-band" x="{x}" y="{head}" width="{_CELL}" height="{_CELL * len(m.rows)}" '
            f'fill="{shade}" stroke="#d0d7de" stroke-width="0.5"/>'
        )
        label = (
            f'<text x="{x + _CELL / 2 + 4}" y="{head - 6}" transform="rotate(-60 {x + _CELL / 2 + 4} {head - 6})" '
            f'font-size="{_FONT}" fill="#1f2328" lang="zh-Hans">{e(column_label(cid, zh))}</text>'
        )
        href = url(table, cid)
        out.append(
            f'<g class="col" data-table="{table}" data-id="{e(cid)}"><title>{e(cid)} {e(en)} · {e(zh)}</title>'
            + (f'<a href="{e(href)}">{label}</a>' if href else label)
            + "</g>"
        )
    if 0 < first_measure < len(m.columns):
        x = _LABEL + first_measure * _CELL
        out.append(f'<line x1="{x}" y1="{head - 4}" x2="{x}" y2="{height - 10}" stroke="#1f2328" stroke-width="1.5"/>')
    for j, (aid, zh, en) in enumerate(m.rows):
        y = head + j * _CELL
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
