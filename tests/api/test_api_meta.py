"""What the API says about itself (/, /healthz, /docs, the OpenAPI document) and how it is started."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from internet_plus_api.app import create_app
from litestar import Litestar
from litestar.testing import TestClient

import internet_plus
from internet_plus.table_names import former_spellings

VERSION = version("internet-plus")  # the release being served: pyproject's, via the installed metadata

Client = TestClient[Litestar]


def test_root_says_what_the_api_is_and_links_everything(client: Client) -> None:
    body = client.get("/").json()
    assert body["version"] == VERSION
    assert "国发〔2015〕40号" in body["description"]
    assert body["links"]["docs"] == "/docs"
    assert body["links"]["openapi"] == "/schema/openapi.json"
    assert body["links"]["zip"] == f"/v1/download/internet-plus-{VERSION}.zip"
    tasks = next(c for c in body["collections"] if c["name"] == "tasks")
    assert tasks["count"] == 46  # 40 of 40号, 6 of 5号
    assert tasks["links"]["list"] == "/v1/tasks" and tasks["links"]["download_csv"] == "/v1/download/tasks.csv"
    for link in [*body["links"].values(), *(v for c in body["collections"] for v in c["links"].values())]:
        if "{" not in link:
            assert client.get(link).status_code == 200, link
    assert client.get("/v1").json()["collections"] == body["collections"]


def test_health(client: Client) -> None:
    response = client.get("/healthz")
    assert response.json() == {
        "status": "ok",
        "dataset_version": VERSION,
        "tables": len(client.get("/v1").json()["collections"]),
    }
    assert response.headers["cache-control"] == "no-store"


def test_the_docs_page_works_offline(client: Client) -> None:
    page = client.get("/docs")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/docs/docs.js" in references and "/docs/docs.css" in references
    assert all(ref.startswith("/") or ref == "data:," for ref in references), references  # nothing from elsewhere
    assert 'rel="icon" href="data:,"' in page.text  # else browsers ask for /favicon.ico, which is no route
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline: the CSP allows 'self' only
    script = client.get("/docs/docs.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "/schema/openapi.json" in script.text and "innerHTML" not in script.text
    assert "http" not in script.text.replace("HTTP ", "")
    assert client.get("/docs/docs.css").headers["content-type"] == "text/css; charset=utf-8"


def test_openapi_is_3_1_and_covers_every_route(openapi: dict[str, Any], app: Litestar, ds: Any) -> None:
    assert openapi["openapi"] == "3.1.0"
    assert openapi["info"]["version"] == VERSION
    routed = {re.sub(r"\{(\w+):str\}", r"{\1}", route.path) for route in app.routes}
    # the URLs of a table's spelling before 3.2.0 only redirect to documented ones (test_api_renamed.py)
    renamed = {p for p in routed if any(f"/{old}" in p for old in former_spellings(ds.tables))}
    assert renamed and set(openapi["paths"]) == routed - renamed
    assert {
        "/v1/tasks",
        "/v1/tasks.csv",
        "/v1/tasks.ndjson",
        "/v1/tasks/{id}",
        "/v1/search",
        "/v1/agencies/{id}/responsibilities",
        "/v1/datapackage.json",
        "/v1/download/{name}",
    } <= routed


def test_every_parameter_is_described_and_bounded(openapi: dict[str, Any]) -> None:
    for path, item in openapi["paths"].items():
        for param in item["get"]["parameters"]:
            where = (path, param["name"])
            assert param["description"], where
            schema = param["schema"]
            if "anyOf" in schema:  # a value of a type or a word (limit=all)
                assert all("const" in s for s in schema["anyOf"][1:]), where
                schema = schema["anyOf"][0]
            if schema["type"] == "array":
                assert schema["maxItems"] >= 1 and param["style"] == "form" and param["explode"] is False, where
                schema = schema["items"]
            if schema["type"] == "string":
                assert "enum" in schema or "maxLength" in schema, where
            if schema["type"] == "integer":
                assert "minimum" in schema and "maximum" in schema, where
    limit = next(p for p in openapi["paths"]["/v1/tasks"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {
        "anyOf": [{"type": "integer", "minimum": 1, "maximum": 500}, {"const": "all"}]
    }  # 50 for JSON, every row for CSV and NDJSON; all: every row in any format


def test_every_response_is_typed_and_errors_are_problem_json(openapi: dict[str, Any]) -> None:
    components = openapi["components"]
    for path, item in openapi["paths"].items():
        responses = item["get"]["responses"]
        ok = responses["200"]["content"]
        assert ok and all("schema" in media for media in ok.values()), path
        for status in ("400", "404", "414", "429", "500"):
            error = components["responses"][responses[status]["$ref"].rsplit("/", 1)[-1]]
            assert list(error["content"]) == ["application/problem+json"], (path, status)
    tasks = openapi["paths"]["/v1/tasks"]["get"]["responses"]["200"]["content"]
    assert set(tasks) == {"application/json", "text/csv", "application/x-ndjson", "text/html"}  # html: the page
    assert tasks["application/json"]["schema"] == {"$ref": "#/components/schemas/TaskList"}
    task = components["schemas"]["Task"]
    assert (
        task["properties"]["action_id"]["anyOf"][0]["pattern"]
        == "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
    )
    assert task["properties"]["text_en"]["anyOf"][1] == {"type": "null"}
    assert task["properties"]["title_zh"]["description"]
    assert set(components["schemas"]["ActionItem"]["properties"]) >= {"tasks", "agencies", "responsibilities"}


def test_every_reference_resolves(openapi: dict[str, Any]) -> None:
    text = str(openapi)
    for ref in set(re.findall(r"'\$ref': '#/([^']+)'", text)):
        node: Any = openapi
        for part in ref.split("/"):
            node = node[part]


def test_create_app_takes_a_dataset_but_refuses_another_version(ds: Any) -> None:
    with TestClient(create_app(ds)) as client:
        assert client.get("/v1/tasks/A02.1").json()["id"] == "A02.1"
    other = internet_plus.Dataset("0.9.0", ds.texts, {t: ds.rows(t) for t in ds.tables})
    with pytest.raises(ValueError, match=r"dataset version 0\.9\.0 does not match"):
        create_app(other)


def run_python(code: str, root: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_importing_the_package_is_cheap_and_has_no_side_effects(root: Path) -> None:
    code = (
        "import sys, internet_plus_api, internet_plus_api.server; "
        "print('litestar' in sys.modules, 'uvicorn' in sys.modules); "
        "import internet_plus_api.app, internet_plus.loader as l; print(l._load_default.cache_info().currsize)"
    )
    assert run_python(code, root).splitlines() == ["False False", "0"]


def test_uvicorn_can_build_the_app_from_the_factory(root: Path) -> None:
    code = (
        "import uvicorn; c = uvicorn.Config('internet_plus_api.app:create_app', factory=True); c.load(); "
        "print(type(c.loaded_app.app).__name__)"
    )  # uvicorn wraps the app in its proxy-headers middleware
    assert run_python(code, root).splitlines()[-1] == "Litestar"


def test_serve_is_exposed_for_the_cli() -> None:
    from internet_plus_api.server import serve

    assert serve.__defaults__ == ("127.0.0.1", 8000, 1)
