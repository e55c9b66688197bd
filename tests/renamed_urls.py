"""URLs in a table's spelling before 3.2.0 and where each must redirect: the app and nginx answer them alike."""

from __future__ import annotations

__all__ = ["OLD_URLS"]

OLD_URLS: list[tuple[str, str]] = [
    ("/v1/document-links/L001", "/v1/document_links/L001"),  # a row
    ("/v1/document-links?relation=implements&limit=5", "/v1/document_links?relation=implements&limit=5"),  # a list
    ("/v1/agency-changes.csv", "/v1/agency_changes.csv"),
    ("/v1/measure-groups/S3/lineage.json?limit=100", "/v1/measure_groups/S3/lineage.json?limit=100"),
    ("/v1/document-links/L001/history.atom", "/v1/document_links/L001/history.atom"),  # a row's history
    ("/v1/agency-changes/aqsiq-2018-1/history", "/v1/agency_changes/aqsiq-2018-1/history"),
    ("/feeds/changes/document-links.atom", "/feeds/changes/document_links.atom"),
    ("/feeds/changes/agency-changes.json", "/feeds/changes/agency_changes.json"),
    ("/v1/releases/3.1.0/tables/document-links/L001", "/v1/releases/3.1.0/tables/document_links/L001"),
    ("/v1/releases/1.0.0/tables/measure-groups", "/v1/releases/1.0.0/tables/measure_groups"),
    ("/v1/releases/3.1.0/tables/agency-changes.json", "/v1/releases/3.1.0/tables/agency_changes.json"),
]
