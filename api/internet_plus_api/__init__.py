"""The read-only REST API over the Internet Plus dataset (Litestar). Build it with ``create_app()``."""

from __future__ import annotations

__all__: list[str] = []
