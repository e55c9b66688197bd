"""Run the API with uvicorn: ``serve()`` is what ``internet-plus serve`` calls.

Litestar and uvicorn are imported inside the function, so importing this module (or the CLI that
uses it) stays cheap and works without the ``api`` extra installed until the server is started.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve ``internet_plus_api.app:create_app`` (a factory: each worker builds its own app).

    The ``Server`` header is switched off (no software name on the wire). The rate limit, if any,
    comes from the ``INTERNET_PLUS_RATE_LIMIT`` environment variable, which workers inherit; it
    counts per client address, which uvicorn takes from ``X-Forwarded-For`` only when the proxy is
    on 127.0.0.1 (its default), so behind another proxy set ``FORWARDED_ALLOW_IPS``.
    """
    try:
        import uvicorn
    except ImportError:
        from internet_plus import MissingExtraError

        raise MissingExtraError("the API needs its extra: pip install 'internet-plus[api]'") from None
    uvicorn.run(
        "internet_plus_api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        log_level="info",
    )
