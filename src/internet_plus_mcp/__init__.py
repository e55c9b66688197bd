"""The edition for assistants: ``internet-plus mcp`` serves it over the Model Context Protocol.

An optional part (``pip install 'internet-plus[mcp]'``): the library never imports it; it uses the
library, never the API. Its tools answer from the installed data and carry the row ids, the Chinese
text and the release version of every answer.
"""

from __future__ import annotations

__all__ = ["create_server", "main"]

from .server import create_server, main
