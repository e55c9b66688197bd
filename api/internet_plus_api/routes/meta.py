"""What the API says about itself: ``/``, ``/v1``, ``/healthz``, ``/docs``, the OpenAPI document, ``/problems``.

All of it is rendered at start-up. The documentation page is a small self-written HTML page with
its own script and stylesheet, served from this package: it works offline and under a CSP that
allows nothing but this origin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import Any

from litestar import Request, Response

from internet_plus.nearest import nearest

from ..catalog import Catalog
from ..files import Published
from ..http import respond
from ..problems import PROBLEM_TYPES, ProblemError
from ..query import parse_query
from ..render import Rendered, json_bytes, render
from ..routing import Endpoint, PathParam, View
from ..settings import CACHE_NONE
from .common import ref
from .portal import DCAT_PATH, DESCRIBED_BY, SCHEMA_ORG_PATH

__all__ = ["meta_endpoints"]

_META_HEADERS = ("ETag", "Cache-Control", "X-Dataset-Version")
_DESCRIBED = (
    "The portal metadata that describes the dataset (a schema.org Dataset and a DCAT dataset, JSON-LD) is "
    'linked from `links` (`metadata_schema_org`, `metadata_dcat`) and from a `Link` header with rel="describedby".'
)


def _static(rendered: Callable[[], Rendered]) -> View:
    def view(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        return respond(rendered())

    return view


def _collections(catalog: Catalog, published: Published) -> list[dict[str, Any]]:
    out = []
    for c in catalog.collections.values():
        links = {
            "list": f"/v1/{c.name}",
            "csv": f"/v1/{c.name}.csv",
            "ndjson": f"/v1/{c.name}.ndjson",
            "item": f"/v1/{c.name}/{{id}}",
        }
        for fmt in ("csv", "json"):
            if f"{c.name}.{fmt}" in published.downloads:
                links[f"download_{fmt}"] = f"/v1/download/{c.name}.{fmt}"
        out.append(
            {
                "name": c.name,
                "table": c.name,
                "title": c.title,
                "description": c.description,
                "count": len(c.table.rows),
                "links": links,
            }
        )
    return out


def _index(catalog: Catalog, published: Published, self_path: str) -> Rendered:
    pkg = published.package
    body = {
        "name": "Internet Plus open data API",
        "description": 'Read-only REST API over the State Council\'s "Internet Plus" action plan (国发〔2015〕40号) '
        "as structured, bilingual open data. Every table is a collection under /v1; JSON, CSV and "
        "NDJSON; text search in Chinese and English; the published files byte for byte.",
        "version": catalog.version,
        "dataset": {
            "name": pkg.get("name"),
            "title": pkg.get("title"),
            "version": catalog.version,
            "licenses": pkg.get("licenses", []),
            "sources": pkg.get("sources", []),
        },
        "links": {
            "self": self_path,
            "api_root": "/",
            "collections": "/v1",
            "docs": "/docs",
            "openapi": "/schema/openapi.json",
            "health": "/healthz",
            "search": "/v1/search?q={q}",
            "datapackage": "/v1/datapackage.json",
            "zip": f"/v1/download/{published.zip_name}",
            "problems": "/problems",
            "metadata_schema_org": SCHEMA_ORG_PATH,
            "metadata_dcat": DCAT_PATH,
            "sitemap": "/sitemap.xml",
        },
        "collections": _collections(catalog, published),
    }
    return render(json_bytes(body), "application/json", headers=(("Link", DESCRIBED_BY),))


def _asset(name: str, media_type: str) -> Rendered:
    return render(files("internet_plus_api").joinpath("static", name).read_bytes(), media_type)


def _problem_doc(slug: str) -> dict[str, Any]:
    p = PROBLEM_TYPES[slug]
    return {"type": p.uri, "status": p.status, "title": p.title, "description": p.description}


def meta_endpoints(catalog: Catalog, published: Published, openapi: Callable[[], Rendered]) -> list[Endpoint]:
    root, v1 = _index(catalog, published, "/"), _index(catalog, published, "/v1")
    health = render(
        json_bytes({"status": "ok", "dataset_version": catalog.version, "tables": len(catalog.collections)}),
        "application/json",
        cache_control=CACHE_NONE,
    )
    assets: Mapping[str, Rendered] = {
        "html": _asset("docs.html", "text/html"),
        "js": _asset("docs.js", "text/javascript"),
        "css": _asset("docs.css", "text/css"),
    }
    problems = {slug: render(json_bytes(_problem_doc(slug)), "application/json") for slug in PROBLEM_TYPES}
    problem_list = render(json_bytes({"data": [_problem_doc(s) for s in PROBLEM_TYPES]}), "application/json")

    def problem(request: Request[Any, Any, Any]) -> Response[bytes]:
        parse_query(request.scope.get("query_string", b""), ())
        slug = str(request.path_params["slug"])
        if slug not in problems:
            raise ProblemError(
                "not-found",
                f"No problem type is named {slug[:100]!r}.",
                extensions={"nearest": nearest(slug, PROBLEM_TYPES)},
            )
        return respond(problems[slug])

    text = {"type": "string"}
    slug = PathParam(
        "slug", "The problem type's name.", {"type": "string", "enum": list(PROBLEM_TYPES)}, "unknown-parameter"
    )
    table: list[tuple[str, View, str, str, str, dict[str, Any], dict[str, Any]]] = [
        ("/", _static(lambda: root), "index", "What this API is, with links to everything", "application/json",
         ref("Index"), {"description": _DESCRIBED}),
        ("/v1", _static(lambda: v1), "index_v1", "The collections of API version 1", "application/json",
         ref("Index"), {"description": _DESCRIBED}),
        ("/healthz", _static(lambda: health), "health", "Liveness probe (never cached)", "application/json",
         ref("Health"), {}),
        ("/docs", _static(lambda: assets["html"]), "docs", "Interactive documentation (works offline)", "text/html",
         text, {}),
        ("/docs/docs.js", _static(lambda: assets["js"]), "docs_script", "The documentation page's script",
         "text/javascript", text, {}),
        ("/docs/docs.css", _static(lambda: assets["css"]), "docs_style", "The documentation page's stylesheet",
         "text/css", text, {}),
        ("/schema/openapi.json", _static(openapi), "openapi", "This OpenAPI 3.1 document", "application/json",
         {"type": "object"}, {}),
        ("/problems", _static(lambda: problem_list), "problem_types", "The problem types errors can have",
         "application/json", ref("ProblemTypeList"), {}),
        ("/problems/{slug}", problem, "problem_type", "One problem type (the `type` URI of an error)",
         "application/json", ref("ProblemType"), {"path_params": (slug,)}),
    ]  # fmt: skip
    return [
        Endpoint(
            path=path,
            view=view,
            operation_id=op,
            summary=summary,
            tag="meta",
            content={media: schema},
            headers=_META_HEADERS,
            statuses=(400, 404, 414, 429, 500),
            **kw,
        )
        for path, view, op, summary, media, schema, kw in table
    ]
