"""Does this request want a page? Only when it names HTML at least as highly as any data format.

``*/*`` alone (curl, most HTTP libraries) keeps getting JSON; a browser's ``text/html,...,*/*;q=0.8``
gets the page; ``application/json`` or ``text/csv`` anywhere at a higher q than HTML gets the data.
"""

from __future__ import annotations

from ..routes.common import q_value

__all__ = ["wants_html"]

_HTML = frozenset(("text/html", "application/xhtml+xml"))
_DATA = frozenset(("application/json", "text/csv", "application/x-ndjson", "application/ndjson", "application/jsonl"))


def wants_html(accept: str | None) -> bool:
    if not accept:
        return False
    html = data = 0.0
    for item in accept.split(",")[:32]:
        media, *params = item.split(";")
        media = media.strip().lower()
        if media in _HTML:
            html = max(html, q_value(params))
        elif media in _DATA:
            data = max(data, q_value(params))
    return html > 0 and html >= data
