"""Reference ASGI apps for the load benchmarks (scripts/bench_api.py, bench_serving.py): ceilings and floors.

Three kinds, each under the same server settings as the API (uvicorn, one worker, the connection guard):

- **Same answer** (``answers_bare_app``, ``answers_litestar_app``): the exact answers the API gave
  for the benchmark's requests (status, every header, body), recorded from the running API into the
  file named by ``INTERNET_PLUS_BENCH_ANSWERS`` and replayed for the same path, query string and
  validator. What a server costs to send *that* answer: its headers and body size included, none of
  the API's work. The bare one is the ceiling for an answer the API keeps; the Litestar one is the
  framework's floor, what a Litestar handler costs that does no work at all.
- **Same work** (``tasks_litestar_app``): the floor of the distinct-query case, a query the API has never
  seen and so must compute. One ``@get`` handler on ``/v1/tasks`` written as Litestar's docs write one:
  typed query parameters (``limit``, ``offset``, ``fields``), the page of the library's task rows, the
  fields asked, and the API's envelope (data, meta, links) serialised with orjson. No response cache,
  no middleware, none of the API's headers: what a minimal Litestar app costs to do that work.
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
    import orjson
    from litestar import Litestar, Response, get
    from litestar.exceptions import ValidationException

    import internet_plus

    rows = [t.model_dump(mode="json") for t in internet_plus.load().tasks]
    names = tuple(rows[0])
    total = len(rows)

    def whole(name: str, text: str, least: int) -> int:
        # str, not int: Litestar's int refuses the leading zeros the benchmark's keys carry (limit=001)
        if not text.isdigit() or int(text) < least:
            raise ValidationException(f"{name} must be a whole number of {least} or more")
        return int(text)

    @get("/v1/tasks", sync_to_thread=False)
    def tasks(limit: str = "50", offset: str = "0", fields: str | None = None) -> Response[bytes]:
        size, start = whole("limit", limit, 1), whole("offset", offset, 0)
        asked = tuple(dict.fromkeys(fields.split(","))) if fields else names
        if unknown := set(asked).difference(names):
            raise ValidationException(f"unknown fields: {', '.join(sorted(unknown))}")
        data = [{name: row[name] for name in asked} for row in rows[start : start + size]]
        prefix = f"/v1/tasks?fields={fields}&limit={size}&offset=" if fields else f"/v1/tasks?limit={size}&offset="
        last = max(0, (total - 1) // size * size)
        links = {
            "self": f"{prefix}{start}",
            "first": f"{prefix}0",
            "last": f"{prefix}{last}",
            "next": f"{prefix}{start + size}" if start + size < total else None,
            "prev": f"{prefix}{min(max(0, start - size), last)}" if start > 0 else None,
        }
        meta = {"total": total, "limit": size, "offset": start, "count": len(data)}
        return Response(orjson.dumps({"data": data, "meta": meta, "links": links}), media_type="application/json")

    return Litestar([tasks], openapi_config=None)


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
