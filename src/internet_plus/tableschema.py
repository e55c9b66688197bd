"""The one Table Schema reader: bytes of ``schemas/<table>.json`` -> the schema, or one line naming the file.

The build (from the source tree), validation, the API (after checking each schema's sha256) and the
release diffs (from a published zip) all parse schemas here, so a truncated or hand-broken schema
gives the same message wherever it is read: the file, the line, and what is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import DataIntegrityError

__all__ = ["parse_schema"]


def parse_schema(data: bytes, path: str) -> dict[str, Any]:
    """A Table Schema from its bytes; ``path`` names the file in the message of any error."""
    try:
        schema = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataIntegrityError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DataIntegrityError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DataIntegrityError(f"{path}: not a Table Schema (no list of fields)")
    if not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"]):
        raise DataIntegrityError(f"{path}: not a Table Schema (a field without a name)")
    return schema
