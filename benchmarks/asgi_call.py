"""What the in-process benchmarks share: a GET called on the app as a server would call it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["asgi_get"]


def asgi_get(app: Any, accept: bytes = b"*/*") -> Callable[[str, bytes], int]:
    """``get(path, query)``: one GET through ``app`` with plain dicts, as uvicorn makes them; the status sent."""
    loop = asyncio.new_event_loop()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    def get(path: str, query: bytes = b"") -> int:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query,
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", accept)],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        loop.run_until_complete(app(scope, receive, send))
        status: int = sent[0]["status"]
        return status

    return get
