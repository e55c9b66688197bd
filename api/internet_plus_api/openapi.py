"""The OpenAPI 3.1 document, generated from the endpoints themselves and rendered once.

Litestar's generator documents what a handler's signature says; these handlers return precomputed
bytes and validate generic, per-table parameters, so the signature says little. The document is
therefore built from the same ``Endpoint`` and ``Param`` objects the views use: every parameter
bounded and described, every 200 typed per media type, every error declared as
``application/problem+json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .catalog import Catalog, FieldSpec
from .problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES
from .routing import Endpoint
from .schemas import component_schemas, ref
from .settings import DEFAULT_LIMIT, MAX_LIMIT, MAX_PATH, MAX_Q, MAX_QUERY_STRING

__all__ = ["openapi_document"]

_ERRORS = {
    400: "BadRequest",
    404: "NotFound",
    406: "NotAcceptable",
    414: "UriTooLong",
    429: "TooManyRequests",
    500: "InternalError",
}
_ETAG = {"type": "string", "pattern": '^"[0-9a-f]{32}(-gzip)?"$'}


def _headers(version: str) -> dict[str, Any]:
    def h(description: str, schema: Mapping[str, Any] | None = None, required: bool = False) -> dict[str, Any]:
        return {"description": description, "required": required, "schema": dict(schema or {"type": "string"})}

    return {
        "ETag": h(
            "Strong validator of this representation; send it back in If-None-Match for a 304. A "
            "gzip-coded body's tag ends in -gzip.",
            _ETAG,
            True,
        ),
        "Cache-Control": h("public, max-age=3600 for data; no-store for errors and /healthz.", required=True),
        "X-Dataset-Version": h(
            "The version of the dataset behind the answer.", {"type": "string", "enum": [version]}, True
        ),
        "Vary": h("Accept on negotiated paths; Accept-Encoding on bodies large enough to be compressed."),
        "Link": h('RFC 8288 links to the next, prev, first and last pages (rel="next", …).', required=True),
        "X-Total-Count": h("Rows matching the request, on all pages.", {"type": "string", "pattern": "^[0-9]+$"}, True),
        "Content-Disposition": h("attachment; filename=… on downloads."),
        "Retry-After": h("Seconds until the client may retry.", {"type": "string", "pattern": "^[0-9]+$"}, True),
        "RateLimit-Limit": h("Requests allowed per window."),
        "RateLimit-Remaining": h("Requests left in this window."),
        "RateLimit-Reset": h("Seconds until the window resets."),
        "RateLimit-Policy": h("The limit and the window length in seconds."),
    }


def _problem_response(description: str, headers: Sequence[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": ref("Problem")}}}
    if headers:
        out["headers"] = {h: {"$ref": f"#/components/headers/{h}"} for h in headers}
    return out


def _responses() -> dict[str, Any]:
    return {
        "BadRequest": _problem_response(
            "Unknown parameter, invalid value, malformed query string, or parameters "
            "that cannot be combined; `invalid_params` says which and why."
        ),
        "PreconditionFailed": _problem_response(
            "If-Match names no current ETag of the answer, or If-Unmodified-Since is before the release (RFC 9110 §13.1)."
        ),
        "NotFound": _problem_response("No row with that id (`nearest` suggests some), or no such path."),
        "NotAcceptable": _problem_response("The Accept header allows none of JSON, CSV and NDJSON."),
        "UriTooLong": _problem_response(
            f"The path is over {MAX_PATH} characters or the query string over {MAX_QUERY_STRING} bytes."
        ),
        "TooManyRequests": _problem_response(
            "The client's rate limit is used up (only when a limit is configured).",
            ("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"),
        ),
        "InternalError": _problem_response("The server failed; the details are logged, not sent."),
    }


def _operation(e: Endpoint) -> dict[str, Any]:
    params: list[dict[str, Any]] = []
    for p in e.path_params:
        doc: dict[str, Any] = {
            "name": p.name,
            "in": "path",
            "required": True,
            "description": p.description,
            "schema": dict(p.schema),
        }
        if p.example is not None:
            doc["example"] = p.example
        params.append(doc)
    params += [p.openapi() for p in e.params]
    headers = {h: {"$ref": f"#/components/headers/{h}"} for h in e.headers}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": headers,
            "content": {media: {"schema": dict(schema)} for media, schema in e.content.items()},
        },
        "304": {
            "description": "Not Modified: the ETag in If-None-Match (or, without it, the date in If-Modified-Since) is still current.",
            "headers": {h: v for h, v in headers.items() if h in ("ETag", "Cache-Control", "X-Dataset-Version")},
        },
        "412": {"$ref": "#/components/responses/PreconditionFailed"},
    }
    for status in e.statuses:
        responses[str(status)] = {"$ref": f"#/components/responses/{_ERRORS[status]}"}
    op: dict[str, Any] = {
        "operationId": e.operation_id,
        "summary": e.summary,
        "tags": [e.tag],
        "parameters": params,
        "responses": responses,
    }
    if e.description:
        op["description"] = e.description
    return op


_DESCRIPTION = f"""\
Read-only access to the State Council's *Guiding Opinions on Actively Promoting the "Internet Plus" Action*
(国发〔2015〕40号) as structured, bilingual open data: every table of the published data package as a
collection, a text search across them, and the package's files byte for byte.

* **Formats**: JSON by default; CSV (`Accept: text/csv` or a `.csv` suffix, `bom=true` for Excel) and NDJSON
  (`Accept: application/x-ndjson` or `.ndjson`).
* **Lists**: CSV and NDJSON give the whole table (every matching row) unless `limit` asks for a page; JSON comes
  in pages (`limit`, default {DEFAULT_LIMIT}, at most {MAX_LIMIT}, or `all` for every row; `offset`). Nothing is
  cut off silently: the JSON envelope has `meta.total` and `links`, and every format has `Link` and
  `X-Total-Count` headers.
* **Facets**: `facet=agency_id` (any filterable field) adds counts per value over all matching rows to the JSON body.
* **Filters** named like their columns on id and enum fields (`?action_id=A02`, `?agency_id=ndrc&role=lead`; the
  names without `_id` are deprecated aliases), comparisons on date and number fields (`?signed__gte=2016-01-01`,
  `__gt`, `__lt`, `__lte`), list fields by membership (`?issuer_agency_ids=ndrc`; lists are JSON arrays), `q=` text
  search (at most {MAX_Q} characters; simplified or traditional Chinese, English; case- and width-insensitive),
  `fields=`, `sort=`.
* **Caching**: strong ETags and `Last-Modified` (the release date); `If-None-Match` or `If-Modified-Since` gives
  304, an `If-Match` naming no current ETag or an earlier `If-Unmodified-Since` 412; gzip above 500 bytes.
* **Errors** are RFC 9457 `application/problem+json`; each `type` is documented under `/problems`.
* Offsets in the data (`start`, `end`) count Unicode code points.
"""


def openapi_document(
    endpoints: Sequence[Endpoint],
    catalog: Catalog,
    version: str,
    virtual: Mapping[str, tuple[tuple[FieldSpec, ...], str, bool]],
) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for e in endpoints:
        paths.setdefault(e.path, {})["get"] = _operation(e)
    tags = list(dict.fromkeys(e.tag for e in endpoints))
    titles = {c.name: c.description for c in catalog.collections.values()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Internet Plus (国发〔2015〕40号) open data API",
            "version": version,
            "summary": "The Internet Plus action plan as typed, bilingual records: read-only REST.",
            "description": _DESCRIPTION,
            "license": {"name": "CC0-1.0 (the data)", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": t, "description": titles.get(t, "")} for t in tags],
        "paths": paths,
        "components": {
            "schemas": component_schemas(catalog, virtual),
            "responses": _responses(),
            "headers": _headers(version),
        },
        "x-problem-types": {p.uri: {"status": p.status, "title": p.title} for p in PROBLEM_TYPES.values()},
    }
