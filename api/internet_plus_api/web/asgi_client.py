"""A synchronous GET/HEAD straight into the ASGI app, for ``internet-plus static``.

The static copy asks the app for every fixed URL in every variant (thousands of requests). Litestar's
``TestClient`` sends each one through httpx and a thread portal, which cost ≈ 2 ms a request here
against ≈ 0.1 ms for calling the app on an event loop of our own; the answers are the same bytes
(tests/web/test_static_copy.py compares the copy with the live server). The request is what a server
would make of the URL: the path percent-decoded (``raw_path`` as sent), non-ASCII characters escaped
as UTF-8 the way an HTTP client escapes them, and a ``Host`` header.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import orjson

__all__ = ["DirectClient", "DirectResponse"]

_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True)
class DirectResponse:
    status_code: int
    headers: Mapping[str, str]  # lower-case names; a repeated header keeps its last value
    content: bytes

    def json(self) -> Any:
        return orjson.loads(self.content)


class DirectClient:
    """``get(url, headers=...)`` and ``head(url)`` on ``app``, one request at a time."""

    def __init__(self, app: Any, host: str = "testserver") -> None:
        self._app = app
        self._host = host.encode()
        self._loop = asyncio.new_event_loop()

    def close(self) -> None:
        self._loop.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> DirectResponse:
        return self._loop.run_until_complete(self._request("GET", url, headers or {}))

    def head(self, url: str) -> DirectResponse:
        return self._loop.run_until_complete(self._request("HEAD", url, {}))

    async def _request(self, method: str, url: str, headers: Mapping[str, str]) -> DirectResponse:
        parts = urlsplit(url)
        raw_path = quote(parts.path or "/", safe=_PATH_SAFE)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": unquote(raw_path),
            "raw_path": raw_path.encode("ascii"),
            "query_string": quote(parts.query, safe=_QUERY_SAFE).encode("ascii"),
            "root_path": "",
            "headers": [
                (b"host", self._host),
                *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        status = 500
        sent_headers: dict[str, str] = {}
        body: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Mapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", ()):
                    sent_headers[bytes(name).decode("latin-1").lower()] = bytes(value).decode("latin-1")
            elif message["type"] == "http.response.body":
                body.append(bytes(message.get("body", b"")))

        await self._app(scope, receive, send)
        return DirectResponse(status, sent_headers, b"".join(body))
