"""Route families, each a function returning ``Endpoint``s: tables, related lists, downloads, releases, meta, discovery."""

from __future__ import annotations

from .changes import with_change_filters
from .discovery import discovery_endpoints
from .downloads import download_endpoints
from .feeds import feed_endpoints
from .history import history_endpoints
from .lineage import lineage_endpoints, lineage_fields
from .meta import meta_endpoints
from .portal import portal_endpoints
from .related import duty_endpoint, duty_fields, hit_fields, search_endpoint
from .releases import release_endpoints
from .tables import collection_endpoints

__all__ = [
    "collection_endpoints",
    "discovery_endpoints",
    "download_endpoints",
    "duty_endpoint",
    "duty_fields",
    "feed_endpoints",
    "history_endpoints",
    "hit_fields",
    "lineage_endpoints",
    "lineage_fields",
    "meta_endpoints",
    "portal_endpoints",
    "release_endpoints",
    "search_endpoint",
    "with_change_filters",
]
