"""An ``Endpoint`` is one GET path: its view, and everything the OpenAPI document says about it.

Routes are declared once, as data, and turned into Litestar handlers by ``to_handler``; the
OpenAPI document is generated from the same objects (openapi.py). So a route cannot exist
without documentation, and its documented parameters are exactly the ones its view validates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar import HttpMethod, Request, Response, route
from litestar.handlers import HTTPRouteHandler

from .query import Param
from .render import Rendered

__all__ = ["Direct", "Endpoint", "PathParam", "View", "to_handler"]

View = Callable[[Request[Any, Any, Any]], Response[bytes]]
Direct = Callable[[bytes, "str | None"], Rendered]
"""A path without parameters answered from (raw query string, Accept) alone: the front layer calls it
without entering Litestar (replay.py). It raises ProblemError for a bad request, as a view does."""


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
    direct: Direct | None = None

    @property
    def litestar_path(self) -> str:
        path = self.path
        for p in self.path_params:
            path = path.replace("{" + p.name + "}", "{" + p.name + ":str}")
        return path


def to_handler(endpoint: Endpoint) -> HTTPRouteHandler:
    """A Litestar handler answering GET and HEAD (``@get`` alone would answer HEAD with 405)."""
    view = endpoint.view

    def handler(request: Request[Any, Any, Any]) -> Response[bytes]:
        return view(request)

    handler.__doc__ = endpoint.summary
    return route(
        endpoint.litestar_path,
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        name=endpoint.operation_id,
        sync_to_thread=False,
        include_in_schema=False,
    )(handler)
