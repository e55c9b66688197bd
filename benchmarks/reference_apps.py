"""Reference ASGI apps for the load benchmarks (scripts/bench_api.py, bench_serving.py): ceilings and floors.

Three kinds, each under the same server settings as the API (uvicorn, one worker, the connection guard):

- **Same answer** (``answers_bare_app``, ``answers_litestar_app``): the exact answers the API gave
  for the benchmark's requests (status, every header, body), recorded from the running API into the
  file named by ``INTERNET_PLUS_BENCH_ANSWERS`` and replayed for the same path, query string and
  validator. What a server costs to send *that* answer: its headers and body size included, none of
  the API's work. The bare one is the ceiling for an answer the API keeps; the Litestar one is the
  framework's floor, what a Litestar handler costs that does no work at all.
- **Same work** (``tasks_litestar_app``): the floor of the distinct-query case, a query the API has never
  seen and so must compute. The same answer for the benchmark's requests (``/v1/tasks`` with ``limit``,
  ``offset`` and ``fields``, no ``Accept-Encoding``): the same status, body and headers (ETag, Link,
  X-Total-Count, Vary, Cache-Control, Accept-Ranges, Last-Modified, the dataset version, the security and
  CORS headers; scripts/bench_api.py ``_check_same_work`` compares them, alone and through nginx), from
  one ``@get`` handler written as Litestar's docs write one: typed query parameters with their bounds
  (``limit: Annotated[int, Parameter(ge=1, le=500)]``, ``offset`` 0 to 100,000, ``fields`` a pattern of
  the field names), the page of the library's task rows, the fields asked, the API's envelope (data,
  meta, links) with orjson, the ETag a BLAKE2b hash of the body as the API's, the fixed headers as
  Litestar ``response_headers``. No response cache and no middleware. What it does not do: refuse an
  unknown parameter (Litestar ignores it), accept ``limit=all``, check Host or the URI's length, answer
  ``If-None-Match`` with a 304, ``Range`` with a 206, gzip (its Vary names Accept-Encoding as the API's
  does, for the same bodies of 500 bytes or more), or answer a bad value with a problem document (a bad
  value gets Litestar's own 400).
- **Task list** (``bare_app``, ``litestar_app``): the full task list as precomputed JSON with the two
  headers a minimal app sends, the references the first measurements used (kept for comparison).

No ``from __future__ import annotations`` here: Litestar resolves the handler's return annotation at
run time.
"""

import base64
import json
import os
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWERS_ENV",
    "answers_bare_app",
    "answers_litestar_app",
    "bare_app",
    "litestar_app",
    "task_item_litestar_app",
    "tasks_litestar_app",
    "trivial_litestar_app",
]

ANSWERS_ENV = "INTERNET_PLUS_BENCH_ANSWERS"

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def _body() -> bytes:
    import orjson

    import internet_plus

    ds = internet_plus.load()
    return orjson.dumps([t.model_dump(mode="json") for t in ds.tasks])


def _answers() -> dict[tuple[str, bytes, bool, bytes | None], Answer]:
    """(path, query string, sends If-None-Match, Accept) -> the recorded answer, as the API sent it."""
    recorded = json.loads(Path(os.environ[ANSWERS_ENV]).read_text(encoding="utf-8"))
    return {
        (a["path"], a["query"].encode("latin-1"), a["if_none_match"], _accept(a["request_headers"])): (
            a["status"],
            [(k.encode("latin-1"), v.encode("latin-1")) for k, v in a["headers"]],
            base64.b64decode(a["body"]),
        )
        for a in recorded
    }


def _accept(headers: dict[str, str]) -> bytes | None:
    value = headers.get("Accept")
    return value.encode("latin-1") if value is not None else None


def bare_app() -> Any:
    body = _body()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def answers_bare_app() -> Any:
    messages = {
        key: (
            {"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body},
        )
        for key, (status, headers, body) in _answers().items()
    }
    missing = (
        {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]},
        {"type": "http.response.body", "body": b""},
    )

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        inm, accept = False, None
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                inm = True
            elif name == b"accept":
                accept = value
        start, body = messages.get((scope["path"], scope["query_string"], inm, accept), missing)
        await send(start)
        await send(body)

    return app


def litestar_app() -> Any:
    from litestar import Litestar, Response, get

    body = _body()

    @get("/tasks", sync_to_thread=False)
    def tasks() -> Response[bytes]:
        return Response(body, media_type="application/json")

    return Litestar([tasks], openapi_config=None)


def answers_litestar_app() -> Any:
    from litestar import Litestar, Request, Response, get

    by_path: dict[str, dict[tuple[bytes, bool, bytes | None], Response[bytes]]] = {}
    for (path, query, inm, accept), (status, headers, body) in _answers().items():
        named = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers}
        media = named.pop("content-type", None)
        if media is not None:
            media = media.removesuffix("; charset=utf-8")  # Litestar adds it to text/* types itself
        named.pop("content-length", None)  # Litestar sets it
        response = Response(body, status_code=status, media_type=media, headers=named)
        by_path.setdefault(path, {})[query, inm, accept] = response

    def handler_for(path: str, answers: dict[tuple[bytes, bool, bytes | None], Response[bytes]]) -> Any:
        def handler(request: Request[Any, Any, Any]) -> Response[bytes]:
            accept = request.headers.get("accept")
            key = (request.scope["query_string"], "if-none-match" in request.headers, accept and accept.encode())
            return answers[key]

        return get(path, sync_to_thread=False, name=path)(handler)

    return Litestar([handler_for(p, a) for p, a in by_path.items()], openapi_config=None)


def tasks_litestar_app() -> Any:
    import hashlib
    from datetime import UTC, datetime
    from email.utils import format_datetime
    from typing import Annotated

    import orjson
    from internet_plus_api.http import API_CSP, EXPOSED_HEADERS  # the strings the API sends, not its code
    from litestar import Litestar, Response, get
    from litestar.datastructures import ResponseHeader
    from litestar.params import Parameter

    import internet_plus
    from internet_plus.resources import data_root

    ds = internet_plus.load()
    rows = [t.model_dump(mode="json") for t in ds.tasks]
    names = tuple(rows[0])
    total = len(rows)
    created = json.loads(data_root().joinpath("datapackage.json").read_bytes())["created"]
    released = datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone(UTC)
    one = "|".join(names)
    fixed = {
        "Cache-Control": "public, max-age=3600",
        "Accept-Ranges": "bytes",
        "X-Dataset-Version": ds.version,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": EXPOSED_HEADERS,
        "Last-Modified": format_datetime(released, usegmt=True),
        "Content-Security-Policy": API_CSP,
    }

    @get("/v1/tasks", sync_to_thread=False)
    def tasks(
        limit: Annotated[int, Parameter(ge=1, le=500)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
        fields: Annotated[str | None, Parameter(pattern=rf"^({one})(,({one})){{0,{len(names) - 1}}}$")] = None,
    ) -> Response[bytes]:
        asked = tuple(dict.fromkeys(fields.split(","))) if fields else names
        data = [{name: row[name] for name in asked} for row in rows[offset : offset + limit]]
        prefix = f"/v1/tasks?fields={fields}&limit={limit}&offset=" if fields else f"/v1/tasks?limit={limit}&offset="
        last = max(0, (total - 1) // limit * limit)
        links = {
            "self": f"{prefix}{offset}",
            "first": f"{prefix}0",
            "last": f"{prefix}{last}",
            "next": f"{prefix}{offset + limit}" if offset + limit < total else None,
            "prev": f"{prefix}{min(max(0, offset - limit), last)}" if offset > 0 else None,
        }
        meta = {"total": total, "limit": limit, "offset": offset, "count": len(data)}
        body = orjson.dumps({"data": data, "meta": meta, "links": links})
        link = ", ".join(f'<{url}>; rel="{rel}"' for rel in ("next", "prev", "first", "last") if (url := links[rel]))
        headers = {
            "Link": link,
            "X-Total-Count": str(total),
            "Vary": "Accept, Accept-Encoding" if len(body) >= 500 else "Accept",
            "ETag": '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
        }
        return Response(body, media_type="application/json", headers=headers)

    return Litestar(
        [tasks],
        openapi_config=None,
        response_headers=[ResponseHeader(name=k, value=v) for k, v in fixed.items()],
    )


def task_item_litestar_app() -> Any:
    """The start-up floor with the data (benchmarks/house.py): the library's data loaded and one item
    route, as Litestar's docs write an app; a missing id is Litestar's own 404."""
    from litestar import Litestar, get
    from litestar.exceptions import NotFoundException

    import internet_plus

    rows = {t.id: t.model_dump(mode="json") for t in internet_plus.load().tasks}

    @get("/v1/tasks/{task_id:str}", sync_to_thread=False)
    def task(task_id: str) -> dict[str, Any]:
        if task_id not in rows:
            raise NotFoundException(f"no task {task_id}")
        return rows[task_id]

    return Litestar([task], openapi_config=None)


def trivial_litestar_app() -> Any:
    """The start-up floor of the framework alone (benchmarks/house.py): one trivial route, no data."""
    from litestar import Litestar, get

    @get("/v1/tasks/{task_id:str}", sync_to_thread=False)
    def task(task_id: str) -> dict[str, str]:
        return {"id": task_id}

    return Litestar([task], openapi_config=None)
