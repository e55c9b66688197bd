"""The derived distributions (SQLite, Parquet, xlsx, Datasette metadata) are served like the tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_the_api_serves_every_distribution(client: Any, root: Path) -> None:
    for d in json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["distributions"]:
        name = d["path"].rsplit("/", 1)[-1]
        response = client.get(f"/v1/download/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].split(";")[0] == d["mediatype"]
        assert response.content == (root / d["path"]).read_bytes()
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
