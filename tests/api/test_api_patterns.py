"""Every parameter pattern means the same to the API's validator and to the OpenAPI document.

OpenAPI 3.1 patterns are ECMA-262 regular expressions; the validator runs Python's ``re``. The two
differ on edge cases (``\\S``, ``\\d``, ``$`` before a final newline, what counts as white space), so
each documented pattern is run both ways on the same values: by a real ECMA-262 engine (Node.js,
with the ``u`` flag, as JSON Schema validators use it) and by a request to the API, which must
refuse exactly the values the document forbids.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]

EDGES = [
    " ",
    "\t",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u200b",
    "a",
    "x y",
    "制造",
    "大數據",
    "A01",
    "A01\n",
    "\nA01",
    " A01",
    "A1",
    "A99",
    "A19",
    "A02.1",
    "A02.10",
    "S1",
    "S1.1",
    "S1.1.attr",
    "P1",
    "P10",
    "G2018",
    "G2018.1",
    "E01",
    "E100",
    "ndrc",
    "ndrc-x",
    "ndrc-",
    "Ａ01",
    "A０1",
    "A0٣",
    "٣",
    "0" * 64,
    "f" * 64,
    "F" * 64,
    "a_b",
    "a-2018-1",
    "a-2018-10",
    "x" * 65,
    "A01-01",
    "S1.1-01",
    "I",
    "III",
    "IIII",
    "I.1.p1",
    "preamble.1",
    "title",
    "\U0001f600",
]


def _ecma(cases: list[tuple[str, str]]) -> list[bool]:
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([p, s]) => new RegExp(p, 'u').test(s))));"
    )
    out = subprocess.run(["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True, check=True)
    result: list[bool] = json.loads(out.stdout)
    return result


def _patterned(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(concrete path, parameter, item schema) for the first query parameter of each distinct pattern."""
    seen: set[str] = set()
    found = []
    for template, item in openapi["paths"].items():
        operation = item["get"]
        path = template
        for p in operation["parameters"]:
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", str(p["example"]))
        for p in operation["parameters"]:
            schema = p["schema"].get("items", p["schema"])
            pattern = schema.get("pattern")
            if p["in"] == "query" and pattern and pattern not in seen:
                seen.add(pattern)
                found.append((path, p, schema))
    return found


def test_each_pattern_is_tested(openapi: dict[str, Any]) -> None:
    patterns = {s["pattern"] for _, _, s in _patterned(openapi)}
    assert len(patterns) >= 8  # q's, and the id patterns of the tables that are filtered on


def test_validator_and_openapi_agree_on_every_pattern(client: Client, openapi: dict[str, Any]) -> None:
    params = _patterned(openapi)
    cases = [(schema["pattern"], value) for _, _, schema in params for value in EDGES]
    verdicts = iter(_ecma(cases))
    disagreements = []
    for path, param, schema in params:
        for value in EDGES:
            matches = next(verdicts)
            length_ok = schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9)
            documented_valid = matches and length_ok
            answer = client.get(path, params={param["name"]: value})
            refused = answer.status_code == 400
            if refused == documented_valid:
                disagreements.append((path, param["name"], value, answer.status_code, schema["pattern"]))
    assert not disagreements, disagreements[:10]


def test_the_q_pattern_on_the_cases_that_once_differed(client: Client) -> None:
    for value in ("\x1c", "\x1d", "\x1e", "\x1f", "\x85"):  # text to ECMA-262: accepted (and found nowhere)
        answer = client.get("/v1/search", params={"q": value})
        assert answer.status_code == 200 and answer.json()["meta"]["total"] == 0, repr(value)
        assert client.get("/v1/tasks", params={"q": value}).json()["meta"]["total"] == 0
    for value in ("\ufeff", " \u3000 ", "\u2028"):  # white space to ECMA-262: refused
        assert client.get("/v1/search", params={"q": value}).status_code == 400, repr(value)
