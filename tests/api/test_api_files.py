"""Files that tools can read: whole tables by default, BOM on request, byte ranges, HEAD equal to GET."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from hostile import RANGES_IGNORED, RANGES_REFUSED
from litestar import Litestar
from litestar.testing import TestClient

from internet_plus.rowjson import as_json

Client = TestClient[Litestar]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def sizes(root: Path) -> dict[str, int]:
    """Rows per table, counted from the published JSON files."""
    package = orjson.loads((root / "datapackage.json").read_bytes())
    return {r["name"]: len(orjson.loads((root / r["json"]["path"]).read_bytes())) for r in package["resources"]}


def test_every_csv_and_ndjson_is_the_whole_table(client: Client, root: Path, sizes: dict[str, int]) -> None:
    package = orjson.loads((root / "datapackage.json").read_bytes())
    assert max(sizes.values()) > 50  # the JSON page size: a table longer than one page is checked
    for resource in package["resources"]:
        name, rows = resource["name"], sizes[resource["name"]]
        by_suffix = client.get(f"/v1/{name}.csv")
        assert by_suffix.content == (root / resource["path"]).read_bytes(), name
        by_accept = client.get(f"/v1/{name}", headers={"Accept": "text/csv"})
        assert by_accept.content == by_suffix.content
        assert len(list(csv.DictReader(io.StringIO(by_suffix.text)))) == rows == int(by_suffix.headers["x-total-count"])
        for ndjson in (
            client.get(f"/v1/{name}.ndjson"),
            client.get(f"/v1/{name}", headers={"Accept": "application/x-ndjson"}),
        ):
            assert len(ndjson.content.splitlines()) == rows, name
            published = orjson.loads((root / resource["json"]["path"]).read_bytes())
            assert [orjson.loads(line) for line in ndjson.content.splitlines()] == [
                as_json(resource["name"], r) for r in published
            ], name  # the published rows, list fields as arrays


def test_json_stays_paged_and_says_so(client: Client, sizes: dict[str, int]) -> None:
    body = client.get("/v1/responsibilities").json()
    assert body["meta"] == {"total": sizes["responsibilities"], "limit": 50, "offset": 0, "count": 50}
    assert body["links"]["next"] == "/v1/responsibilities?limit=50&offset=50"


def test_a_csv_page_only_when_asked(client: Client, sizes: dict[str, int]) -> None:
    page = client.get("/v1/responsibilities.csv?limit=10&offset=170")
    assert len(list(csv.DictReader(io.StringIO(page.text)))) == min(10, sizes["responsibilities"] - 170)
    assert 'rel="prev"' in page.headers["link"]
    rest = client.get("/v1/responsibilities.csv?offset=100")
    assert len(list(csv.DictReader(io.StringIO(rest.text)))) == sizes["responsibilities"] - 100
    filtered = client.get("/v1/responsibilities.csv?role=lead")
    leads = [r for r in client.get("/v1/responsibilities.ndjson").content.splitlines() if b'"role":"lead"' in r]
    assert len(list(csv.DictReader(io.StringIO(filtered.text)))) == len(leads) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/v1/tasks.csv",
        "/v1/tasks?fields=id",
        "/v1/download/tasks.csv",
        "/v1/dataset/tasks.csv",
        "/v1/tasks/A02.1",
        "/v1/search?q=制造",
    ],
)
def test_bom_on_every_csv(client: Client, path: str) -> None:
    headers = {"Accept": "text/csv"}
    plain = client.get(path, headers=headers)
    excel = client.get(path + ("&" if "?" in path else "?") + "bom=true", headers=headers)
    assert plain.status_code == excel.status_code == 200
    assert not plain.content.startswith(BOM)
    assert excel.content == BOM + plain.content
    assert excel.headers["etag"] != plain.headers["etag"]


def test_bom_leaves_other_files_alone(client: Client) -> None:
    assert client.get("/v1/download/tasks.json?bom=true").content == client.get("/v1/download/tasks.json").content


RANGE_PATHS = ["/v1/download/tasks.csv", "/v1/tasks.csv", "/v1/dataset/agencies.json", "/v1/responsibilities"]


@pytest.mark.parametrize("path", RANGE_PATHS)
def test_byte_ranges(client: Client, path: str) -> None:
    whole = client.get(path, headers={"Accept-Encoding": "identity"})
    body, size, etag = whole.content, len(whole.content), whole.headers["etag"]
    assert whole.headers["accept-ranges"] == "bytes"
    for spec, (first, last) in {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-10": (size - 10, size - 1),
        f"bytes=5-{size + 50}": (5, size - 1),
    }.items():
        part = client.get(path, headers={"Range": spec, "Accept-Encoding": "gzip"})
        assert part.status_code == 206, spec
        assert part.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert part.content == body[first : last + 1]
        assert int(part.headers["content-length"]) == last - first + 1
        assert "content-encoding" not in part.headers and part.headers["etag"] == etag
    assert client.get(path, headers={"Range": "bytes=0-9", "If-Range": etag}).status_code == 206
    stale = client.get(path, headers={"Range": "bytes=0-9", "If-Range": '"0000"', "Accept-Encoding": "identity"})
    assert stale.status_code == 200 and stale.content == body
    for ignored in RANGES_IGNORED:
        answer = client.get(path, headers={"Range": ignored, "Accept-Encoding": "identity"})
        assert answer.status_code == 200 and answer.content == body, ignored


def test_an_unsatisfiable_range_is_a_416_problem(client: Client, assert_problem: Any) -> None:
    """As the generated nginx configuration judges them (tests/web/test_static_copy.py holds nginx to the same)."""
    size = len(client.get("/v1/download/tasks.csv").content)
    for spec in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}", *RANGES_REFUSED):
        refused = client.get("/v1/download/tasks.csv", headers={"Range": spec})
        assert_problem(refused, 416, type="/problems/range-not-satisfiable")
        assert refused.headers["content-range"] == f"bytes */{size}"
    for spec, why in {
        f"bytes={size}-": f"selects none of the {size} bytes",
        "bytes=9-1": "'9-1' ends before it starts",
        "bytes=x-": "'x-' is not a byte range",
        "bytes=0-1,x": "'x' is not a byte range",
    }.items():
        assert why in client.get("/v1/download/tasks.csv", headers={"Range": spec}).json()["detail"], spec


@pytest.mark.parametrize("encoding", ["gzip", "identity", "gzip;q=0", "br, gzip"])
def test_head_has_exactly_the_headers_of_get(client: Client, concrete_paths: list[str], encoding: str) -> None:
    for path in concrete_paths:
        for _ in range(2):  # first answer through the handler, then the kept one
            got = client.get(path, headers={"Accept-Encoding": encoding})
            head = client.head(path, headers={"Accept-Encoding": encoding})
            assert head.status_code == got.status_code, path
            assert head.content == b""
            strip = {"date"}
            assert [(k, v) for k, v in head.headers.multi_items() if k not in strip] == [
                (k, v) for k, v in got.headers.multi_items() if k not in strip
            ], (path, encoding)
