"""“Cite this” and “Suggest a correction” for every row's page: the citation in the forms ``internet-plus cite ID``
prints (from ``internet_plus.citation``, the one source of every citation), and a link that opens an issue on the
project's tracker with the row's id filled in (the repository is the citation's own, as in CITATION.cff).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from internet_plus.citation import REPOSITORY, reference, render
from internet_plus.errors import DatasetError

from .base import SiteBase

__all__ = ["CitePages"]


class CitePages(SiteBase):
    """Mixed into Site: the citation of each row page."""

    def cite(self, table: str, key: str) -> dict[str, Any] | None:
        """The "cite this" of a row page, in the forms ``internet-plus cite ID --table T`` prints, and the link that
        opens an issue about the row with its id filled in."""
        if table == "changes" or self.ds.get(table, key) is None:
            return None  # the change log is not cited by row (citation.reference refuses it)
        try:
            # the package's own date (its datapackage.json created), which citation.py would read from disk again
            ref = reference(self.ds, key, table=table, date=str(self.published.package.get("created", ""))[:10])
        except (DatasetError, LookupError):
            return None
        title = f"Correction: {table} {key}"
        body = (
            f"Row: {table} {key}\nPage: /v1/{table}/{key}\nRelease: {self.version}\n\n"
            "What is wrong, and what the source says (with its link):\n"
        )
        return {
            "text": render(ref, "text"),
            "bibtex": render(ref, "bibtex"),
            "csl": render(ref, "csl-json"),
            "version": ref.version,
            "path": ref.path,
            "correct": f"{REPOSITORY}/issues/new?{urlencode({'title': title, 'body': body})}",
        }
