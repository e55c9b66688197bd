"""Reference ASGI apps for the load benchmark: the ceiling (bare ASGI) and the framework floor (minimal Litestar).

Both return the same precomputed bytes as our API's full task list, so the comparison isolates what our
features cost. Run by scripts/bench_api.py as ``uvicorn --factory benchmarks.reference_apps:bare_app``. No
``from __future__ import annotations`` here: Litestar resolves the handler's return annotation at run time.
"""

from typing import Any

__all__ = ["bare_app", "litestar_app"]


def _body() -> bytes:
    import orjson

    import internet_plus

    ds = internet_plus.load()
    return orjson.dumps([t.model_dump(mode="json") for t in ds.tasks])


def bare_app() -> Any:
    body = _body()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def litestar_app() -> Any:
    from litestar import Litestar, Response, get

    body = _body()

    @get("/tasks", sync_to_thread=False)
    def tasks() -> Response[bytes]:
        return Response(body, media_type="application/json")

    return Litestar([tasks], openapi_config=None)
