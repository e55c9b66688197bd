"""Portal metadata: the schema.org Dataset and the DCAT dataset of the package, as JSON-LD.

Both are rendered on their first request from the published datapackage.json (internet_plus.portal),
with download URLs into this API's ``/v1/download/{name}``, the zip included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import orjson
from litestar import Request, Response

from internet_plus.portal import dcat_jsonld, schema_org_jsonld
from internet_plus.versions import releases

from ..files import Published
from ..http import respond
from ..query import parse_query
from ..release_answers import summary
from ..render import Rendered, render
from ..routing import Endpoint

__all__ = ["DCAT_PATH", "DESCRIBED_BY", "JSONLD", "SCHEMA_ORG_PATH", "dataset_jsonld", "portal_endpoints", "zip_entry"]

JSONLD = "application/ld+json"
DOWNLOAD = "/v1/download/{name}"
SCHEMA_ORG_PATH = "/v1/metadata/dataset.jsonld"
DCAT_PATH = "/v1/metadata/dcat.jsonld"
DESCRIBED_BY = ", ".join(f'<{p}>; rel="describedby"; type="{JSONLD}"' for p in (SCHEMA_ORG_PATH, DCAT_PATH))
"""The API root's ``Link`` header (RFC 8288): the portal metadata that describes the dataset it serves."""


def zip_entry(published: Published) -> dict[str, Any]:
    """The zip as a file entry of the metadata (it is not in datapackage.json, which it contains)."""
    archive = published.downloads[published.zip_name].body
    return {
        "path": published.zip_name,
        "format": "zip",
        "mediatype": "application/zip",
        "bytes": len(archive),
        "hash": "sha256:" + hashlib.sha256(archive).hexdigest(),
        "description": "The whole data package in one reproducible zip",
    }


def dataset_jsonld(published: Published) -> dict[str, Any]:
    """The schema.org Dataset served at /v1/metadata/dataset.jsonld (and embedded in the home page)."""
    versions = [summary(r) for r in releases()]
    return schema_org_jsonld(
        published.package,
        download_url=DOWNLOAD,
        extra=[zip_entry(published)],
        self_url=SCHEMA_ORG_PATH,
        versions=versions,
    )


def _lazy_view(make: Callable[[], Rendered]) -> Callable[[Request[Any, Any, Any]], Response[bytes]]:
    """A view whose answer is made on its first request and kept: the metadata lists the zip, whose
    size and sha256 would otherwise cost building it at start-up."""
    made: list[Rendered] = []

    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        if not made:
            made.append(make())
        return respond(made[0])

    return view


def portal_endpoints(published: Published) -> list[Endpoint]:
    documents = {
        "schema_org": (SCHEMA_ORG_PATH, schema_org_jsonld, "schema.org Dataset"),
        "dcat": (DCAT_PATH, dcat_jsonld, "DCAT dataset"),
    }
    endpoints = []
    for key, (path, build, what) in documents.items():

        def make(path: str = path, build: Callable[..., dict[str, Any]] = build) -> Rendered:
            versions = [summary(r) for r in releases()]
            extra = [zip_entry(published)]
            body = build(published.package, download_url=DOWNLOAD, extra=extra, self_url=path, versions=versions)
            return render(orjson.dumps(body), JSONLD)

        endpoints.append(
            Endpoint(
                path=path,
                view=_lazy_view(make),
                tag="downloads",
                operation_id=f"metadata_{key}",
                summary=f"The package as a {what} (JSON-LD), for data portals and catalogues",
                description="Generated from datapackage.json: title, description, version, licence, source, "
                "publisher and contact point, and every published file with its media type, size and sha256. "
                "URLs are path-absolute: resolve them against this document's URL.",
                content={JSONLD: {"type": "object", "description": f"A {what} in JSON-LD."}},
            )
        )
    return endpoints
