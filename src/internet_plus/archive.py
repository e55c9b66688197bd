"""The reproducible zip of a data package: one definition, used by the release build and the API.

The same members always give the same bytes (entries sorted, one timestamp taken from the
package's ``created``, fixed permissions, deflate level 9), so a release's zip can be rebuilt and
checked against its recorded sha256, and the API's download of it has a stable ETag.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["build_zip", "zip_name", "zip_time"]

DateTime = tuple[int, int, int, int, int, int]


def zip_name(version: str) -> str:
    return f"internet-plus-{version}.zip"


def zip_time(package: Mapping[str, Any]) -> DateTime:
    """The entries' timestamp: the package's ``created`` (zip cannot store dates before 1980)."""
    try:
        created = datetime.fromisoformat(str(package.get("created", "")).replace("Z", "+00:00"))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(created.year, 1980), created.month, created.day, created.hour, created.minute, created.second)


def build_zip(prefix: str, members: Mapping[str, bytes], date_time: DateTime) -> bytes:
    """A reproducible zip: entries ``prefix/name`` sorted by name, one timestamp, rw-r--r-- Unix permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()
