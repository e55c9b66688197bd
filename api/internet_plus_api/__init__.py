"""The read-only REST API over the Internet Plus dataset (Litestar). Build it with ``create_app()``.

Importing this package is cheap: Litestar is imported only when ``create_app`` is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app"]

if TYPE_CHECKING:
    from .app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'internet_plus_api' has no attribute {name!r}")
