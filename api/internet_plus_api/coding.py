"""Content coding: whether a client takes gzip (RFC 9110 §12.5.3), and the ETag suffix of a gzip body.

A gzip body's ETag is the identity body's with ``-gzip`` (as Apache does), so one resource has one
validator per coding (middleware.py ``Gzip``).
"""

from __future__ import annotations

from .http import q_value

__all__ = ["GZIP_SUFFIX", "accepts_gzip"]

GZIP_SUFFIX = "-gzip"


def accepts_gzip(accept_encoding: str) -> bool:
    """RFC 9110 §12.5.3: gzip (or x-gzip, or ``*``) listed with a q above zero (``http.q_value``, the one
    reading of a q that ``Accept`` also has)."""
    explicit: float | None = None
    star: float | None = None
    for item in accept_encoding.split(",")[:32]:
        coding, *params = item.split(";")
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            q = q_value(params)
            explicit = q if explicit is None else max(explicit, q)
        elif coding == "*":
            star = q_value(params)
    if explicit is not None:
        return explicit > 0
    return star is not None and star > 0
