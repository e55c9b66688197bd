"""An ``Endpoint`` is one GET path: its view, and everything the OpenAPI document says about it.

Routes are declared once, as data, and turned into Litestar handlers by ``to_handler``; the
OpenAPI document is generated from the same objects (openapi.py). So a route cannot exist
without documentation, and its documented parameters are exactly the ones its view validates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from litestar import HttpMethod, MediaType, Request, Response, route
from litestar.handlers import HTTPRouteHandler

from .problems import ProblemError
from .query import Param
from .render import Rendered
from .settings import ALLOW

__all__ = [
    "SUFFIXES",
    "Direct",
    "Endpoint",
    "PathParam",
    "View",
    "read_only_route",
    "suffix_paths",
    "to_handler",
    "vary_accept",
    "with_explicit_urls",
]

View = Callable[[Request[Any, Any, Any]], Response[bytes]]
Direct = Callable[[bytes, "str | None"], Rendered]
"""An answer made from (raw query string, Accept) alone, as a list's is; ``routes.common.direct_view``
makes it a view. It raises ProblemError for a bad request, as a view does."""


@dataclass(frozen=True, slots=True)
class PathParam:
    """A path parameter: always a string; ``schema`` bounds it, ``example`` is a value that exists."""

    name: str
    description: str
    schema: Mapping[str, Any]
    example: str | None = None


@dataclass(frozen=True)
class Endpoint:
    """``path`` is the OpenAPI template (``/v1/tasks/{id}``); ``content`` maps each media type of the
    200 answer to its JSON Schema; ``headers`` names the documented response headers."""

    path: str
    view: View
    operation_id: str
    summary: str
    tag: str
    content: Mapping[str, Mapping[str, Any]]
    description: str = ""
    params: tuple[Param, ...] = ()
    path_params: tuple[PathParam, ...] = ()
    headers: tuple[str, ...] = ("ETag", "Cache-Control", "X-Dataset-Version")
    statuses: tuple[int, ...] = (400, 404, 406, 414, 429, 500)

    @property
    def litestar_path(self) -> str:
        path = self.path
        for p in self.path_params:
            path = path.replace("{" + p.name + "}", "{" + p.name + ":str}")
        return path


SUFFIXES: dict[str, str] = {".json": "application/json", ".csv": "text/csv", ".ndjson": "application/x-ndjson"}
"""The explicit representation URLs: ``/v1/tasks/A02.1.json`` is ``/v1/tasks/A02.1`` asked for as JSON. They
are what a plain static host serves (it cannot read ``Accept``), so the app answers them too."""


def _data_suffixes(endpoint: Endpoint) -> dict[str, str]:
    """The suffixes ``endpoint`` has: one per data format of its answer, none for a file download."""
    types = set(endpoint.content)
    if "application/json" not in types or not types <= {*SUFFIXES.values(), "text/html"}:
        return {}
    last = endpoint.path.rsplit("/", 1)[-1]
    if "." in last:
        return {}  # already a fixed format (/v1/tasks.csv, /schema/openapi.json)
    return {s: t for s, t in SUFFIXES.items() if t in types}


def suffix_paths(endpoint: Endpoint) -> dict[str, str]:
    """The literal paths (suffix -> path) that name one format of ``endpoint``, when its path ends in a
    literal segment (``/v1/agencies/{id}/responsibilities.csv``; ``/`` gives ``/index.json``). A path
    ending in a parameter takes the suffix on the parameter's value instead (``to_handler``)."""
    if endpoint.path.endswith("}"):
        return {}
    stem = "/index" if endpoint.path == "/" else endpoint.path
    return {s: stem + s for s in _data_suffixes(endpoint)}


def _with_accept(
    request: Request[Any, Any, Any], media_type: str, path_params: dict[str, Any]
) -> Request[Any, Any, Any]:
    headers = [(k, v) for k, v in request.scope["headers"] if k != b"accept"]
    # without Litestar's connection state ("_ls_…"): it keeps the parsed headers, which must be parsed again
    state = {k: v for k, v in request.scope.get("state", {}).items() if not str(k).startswith("_ls_")}
    scope = {
        **request.scope,
        "headers": [*headers, (b"accept", media_type.encode())],
        "path_params": path_params,
        "state": state,
    }
    return Request(scope, receive=request.receive, send=request.send)  # type: ignore[arg-type]


def vary_accept(response: Response[bytes], varies: bool) -> Response[bytes]:
    """``response`` whose ``Vary`` names Accept (first) if ``varies``, else not at all (the answer of a URL
    that names its format is the same to every Accept); its other names kept."""
    vary = [v.strip() for v in str(response.headers.get("Vary", "")).split(",") if v.strip() not in ("", "Accept")]
    vary = ["Accept", *vary] if varies else vary
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    else:
        response.headers.pop("Vary", None)
    return response


def _suffixed_param(view: View, name: str, suffixes: dict[str, str]) -> View:
    """``view`` that also answers ``…/{name}.json`` (and .csv, .ndjson): the value without its suffix,
    asked for in that format; when that names nothing (404), the value as given, so that a value which
    is a file name (``/v1/schemas/actions.json``) keeps its meaning. Stripping first spares the common
    case a not-found answer, whose nearest ids cost milliseconds on a large table."""

    def suffixed(request: Request[Any, Any, Any]) -> Response[bytes]:
        value = str(request.path_params.get(name, ""))
        stem, dot, ext = value.rpartition(".")
        media_type = suffixes.get(dot + ext) if stem else None
        if media_type is None:
            return view(request)
        try:
            return vary_accept(view(_with_accept(request, media_type, {**request.path_params, name: stem})), False)
        except ProblemError as error:
            if error.type.status != 404:
                raise
        return view(request)

    return suffixed


def _fixed_accept(view: View, media_type: str) -> View:
    def fixed(request: Request[Any, Any, Any]) -> Response[bytes]:
        return view(_with_accept(request, media_type, dict(request.path_params)))

    return fixed


def _params_for(params: tuple[Param, ...], media_type: str) -> tuple[Param, ...]:
    """The parameters of one format: ``facet`` only where the counts have a place (JSON's body)."""
    return params if media_type == "application/json" else tuple(p for p in params if p.name != "facet")


def with_explicit_urls(endpoints: list[Endpoint]) -> list[Endpoint]:
    """``endpoints`` whose last path parameter also takes a format suffix, and an endpoint of its own for
    each explicit URL of a literal path (``suffix_paths``) that no endpoint has yet (``/v1/tasks.json``
    is one already), documented like every other."""
    out = []
    for e in endpoints:
        suffixes = _data_suffixes(e)
        if e.path.endswith("}") and suffixes and e.path_params:
            hint = " Append " + ", ".join(f"`{s}`" for s in suffixes) + " to the last segment for one format."
            e = replace(
                e,
                view=_suffixed_param(e.view, e.path_params[-1].name, suffixes),
                description=(e.description + hint).strip(),
            )
        out.append(e)
    taken = {e.path for e in out}
    for e in list(out):
        for suffix, path in suffix_paths(e).items():
            if path in taken:
                continue
            media_type = SUFFIXES[suffix]
            out.append(
                replace(
                    e,
                    path=path,
                    operation_id=f"{e.operation_id}_{suffix[1:]}",
                    summary=f"{e.summary} ({suffix[1:].upper()})",
                    view=_fixed_accept(e.view, media_type),
                    content={media_type: e.content[media_type]},
                    params=_params_for(e.params, media_type),
                    headers=tuple(h for h in e.headers if h != "Vary"),
                )
            )
    return out


def read_only_route(
    path: str,
    name: str,
    answer: Callable[[Request[Any, Any, Any]], Response[Any]],
    *,
    cache: bool = False,
    doc: str | None = None,
) -> HTTPRouteHandler:
    """A Litestar handler answering GET and HEAD with ``answer`` (``@get`` alone would answer HEAD with 405),
    and OPTIONS itself, as Litestar's own OPTIONS handler does (204, ``Allow``). Declaring OPTIONS here spares
    Litestar a second handler for each of the app's 276 paths, each with a signature to parse and a middleware
    stack to build: the first ``create_app()`` of a fresh process (after ``load()``) took 0.30 s of CPU against
    0.37 s with Litestar's own OPTIONS handlers (medians of 8 processes each, alternating, 2026-12-07)."""

    def handler(request: Request[Any, Any, Any]) -> Response[Any]:
        if request.method == HttpMethod.OPTIONS:
            return Response(None, status_code=204, headers={"Allow": ALLOW}, media_type=MediaType.TEXT)
        return answer(request)

    handler.__name__ = handler.__qualname__ = getattr(answer, "__name__", "handler")
    handler.__doc__ = doc if doc is not None else answer.__doc__
    return route(
        path,
        http_method=[HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS],
        name=name,
        sync_to_thread=False,
        include_in_schema=False,
        cache=cache,
    )(handler)


def to_handler(endpoint: Endpoint) -> HTTPRouteHandler:
    """The endpoint's handler; its answers are kept by the response cache (``cache=True``: the data never
    changes while the app runs; an OPTIONS answer is not kept, see middleware.py)."""
    return read_only_route(
        endpoint.litestar_path, endpoint.operation_id, endpoint.view, cache=True, doc=endpoint.summary
    )
