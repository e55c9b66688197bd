"""The application factory: ``create_app()`` loads the data once and registers the routes; an answer
(the OpenAPI document too) is made on its first request and kept, so that start-up builds only what
every request needs.

Importing this module does nothing but import; all work happens in ``create_app``, which is also
the ASGI entry point for ``uvicorn --factory internet_plus_api.app:create_app``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.response_cache import ResponseCacheConfig
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig

from internet_plus import Dataset, load
from internet_plus.resources import data_root

from .catalog import Catalog, build_catalog
from .files import load_published
from .middleware import Gzip, NotModified, Ranges, RequestChecks, cache_key, cacheable, fixed_headers
from .openapi import openapi_document
from .problems import exception_handlers
from .released import http_date, released, w3c_date
from .render import json_bytes, render
from .routes import (
    collection_endpoints,
    discovery_endpoints,
    download_endpoints,
    duty_endpoint,
    duty_fields,
    feed_endpoints,
    history_endpoints,
    hit_fields,
    lineage_endpoints,
    lineage_fields,
    meta_endpoints,
    portal_endpoints,
    release_endpoints,
    search_endpoint,
    with_change_filters,
)
from .routes.renamed import renamed_handlers
from .routing import Endpoint, to_handler, with_explicit_urls
from .settings import (
    ANSWER_CACHE_BYTES,
    GZIP_LEVEL,
    GZIP_MIN_SIZE,
    PACKAGE_ENV,
    RATE_LIMIT_BYTES,
    base_url_setting,
    rate_limit_setting,
)
from .stores import BoundedStore
from .web import Site, page_endpoints, with_pages
from .web.akn import akn_endpoints
from .web.history import history_page

__all__ = ["create_app"]

_JSON = "application/json"


def _known_paths(endpoints: list[Endpoint]) -> list[str]:
    """Concrete paths to suggest for a mistyped URL (templates with their example filled in)."""
    paths = []
    for e in endpoints:
        path = e.path
        for p in e.path_params:
            path = path.replace("{" + p.name + "}", p.example or p.name)
        paths.append(path)
    return paths


def _virtual_schemas(catalog: Catalog, duties: bool) -> dict[str, Any]:
    """The OpenAPI schemas of the rows no table holds: search hits, duties, lineage entries."""
    virtual: dict[str, Any] = {"SearchHit": (hit_fields(catalog), "A search hit: one matching field.", False)}
    if duties:
        virtual["Duty"] = (duty_fields(catalog), "A duty: something an agency is named responsible for.", True)
    if "document_links" in catalog.collections:
        virtual["LineageEntry"] = (
            lineage_fields(catalog),
            "A document linked to a row (lineage): the document, the link's relation and its evidence.",
            True,
        )
    return virtual


def create_app(
    dataset: Dataset | None = None,
    *,
    root: str | Path | None = None,
    rate_limit: str | None = None,
    base_url: str | None = None,
) -> Litestar:
    """The API over ``dataset`` (default: the installed one, or the package folder ``root``, or the
    folder named by ``INTERNET_PLUS_PACKAGE``; a folder is hash-checked and validated in full).

    ``rate_limit`` is ``"N/second"``, ``"N/minute"``, ``"N/hour"`` or ``"N/day"`` per client address;
    without it the ``INTERNET_PLUS_RATE_LIMIT`` environment variable is read; unset means no limit.
    ``base_url`` is where the site is published, for the sitemap and robots.txt (else
    ``INTERNET_PLUS_BASE_URL``, else ``http://127.0.0.1:8000``).
    The files served for download are the installed package's; a ``dataset`` of another version is
    refused rather than served beside files that contradict it.
    """
    public = base_url_setting(base_url)  # a bad setting fails first, before the data is loaded
    folder = root if root is not None else os.environ.get(PACKAGE_ENV) or None
    ds = dataset if dataset is not None else load(folder)
    limit = rate_limit_setting(rate_limit)
    published = load_published(Path(folder) if folder is not None else data_root())
    if ds.version != str(published.package.get("version")):
        raise ValueError(
            f"dataset version {ds.version} does not match the installed data package "
            f"({published.package.get('version')}), whose files the API serves"
        )
    catalog = build_catalog(ds, published.package, published.schemas)

    endpoints = with_change_filters(ds, catalog)(collection_endpoints(ds, catalog))
    duties = duty_endpoint(ds, catalog)
    if duties is not None:
        endpoints.append(duties)
    endpoints += lineage_endpoints(ds, catalog)
    endpoints += [search_endpoint(ds, catalog), *download_endpoints(published), *release_endpoints(ds)]
    endpoints += portal_endpoints(published) + feed_endpoints(ds, catalog)
    tags: dict[str, int] = {}
    for e in endpoints:
        tags.setdefault(e.tag, len(tags))
    endpoints.sort(key=lambda e: tags[e.tag])  # stable: a tag's operations together, each tag where it first came
    virtual = _virtual_schemas(catalog, duties is not None)
    # the OpenAPI document of the final endpoints (the name is bound to them below), made on its first request
    openapi = cache(lambda: render(json_bytes(openapi_document(endpoints, catalog, catalog.version, virtual)), _JSON))
    endpoints += meta_endpoints(catalog, published, openapi)
    site = Site(ds, catalog, published)  # the pages for people, at the same paths (web/)
    history = history_endpoints(ds, catalog, lambda coll, h: history_page(site, coll, h))
    endpoints = with_explicit_urls(with_pages(endpoints, site) + page_endpoints(site) + history) + akn_endpoints(
        ds, published, site
    )
    release_time = released(published.package)
    endpoints += discovery_endpoints(endpoints, site, public, w3c_date(release_time))

    middleware: list[Any] = [RequestChecks(), NotModified(release_time), Ranges()]
    if limit is not None:
        middleware.insert(0, RateLimitConfig(rate_limit=limit, exclude=["^/healthz$"]).middleware)
    return Litestar(
        route_handlers=[*(to_handler(e) for e in endpoints), *renamed_handlers(catalog.collections)],
        openapi_config=None,
        exception_handlers=exception_handlers(_known_paths(endpoints)),
        before_send=[fixed_headers(catalog.version, http_date(release_time))],
        middleware=middleware,
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=GZIP_MIN_SIZE, gzip_compress_level=GZIP_LEVEL, middleware_class=Gzip
        ),
        response_cache_config=ResponseCacheConfig(
            default_expiration=None, key_builder=cache_key, cache_response_filter=cacheable
        ),
        stores={"response_cache": BoundedStore(ANSWER_CACHE_BYTES), "rate_limit": BoundedStore(RATE_LIMIT_BYTES)},
        state=State({"site": site}),  # the pages, for the static copy
        debug=False,
    )
