"""A catalogue of hostile and malformed requests, as the bytes a client puts on the wire.

Each entry is what a careless or hostile client sends: request lines and headers HTTP forbids, paths
that try to leave the served folder, headers of absurd size or number, smuggling's conflicting body
lengths, validators, ranges and ``Accept`` values that mean nothing, query strings no parameter
accepts, and pipelines. The rule for every one of them is the same, and the tests apply it to the
app as ``internet-plus serve`` runs it and to the generated nginx config in front of it: an answer
below 500, every refusal a problem document (from the app, or nginx's own error page for what nginx
refuses; uvicorn's HTTP parser answers a request it cannot parse with its own one-line 400), the
server still answering ``/healthz`` afterwards, and nothing in its log but one-line warnings.
"""

from __future__ import annotations

import json
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

__all__ = ["CATALOGUE", "NO_ANSWER", "PASSED_ON_BY_NGINX", "RANGES_IGNORED", "RANGES_REFUSED", "Answer", "send_all"]

CLOSE = b"Connection: close\r\n"

RANGES_IGNORED = (b"items=0-9", b"bytes=0-1,5-9", b"bytes =0-9")
"""``Range`` values a file answers with its whole body: another unit, or more ranges than one."""
RANGES_REFUSED = (
    b"bytes=9-1",
    b"bytes=x-",
    b"bytes=-0",
    b"bytes=0-1,x",
    b"bytes=\xb2-",
    b"bytes=-\xb3",
    b"bytes=\xd9\xa1-",
)
"""``Range`` values that get 416: backwards, malformed, selecting no byte, or with digits that are not
ASCII (Latin-1's superscript two and three, UTF-8's Arabic-Indic one), which Python's ``isdigit`` accepts."""


def _request(target: bytes, *headers: bytes, method: bytes = b"GET", body: bytes = b"") -> bytes:
    """One request with ``Host`` and ``Connection: close`` unless the entry's own headers replace them."""
    names = {h.split(b":", 1)[0].strip().lower() for h in headers}
    head = [method + b" " + target + b" HTTP/1.1\r\n"]
    head += [] if b"host" in names else [b"Host: localhost\r\n"]
    head += [h + b"\r\n" for h in headers]
    head += [] if b"connection" in names else [CLOSE]
    return b"".join(head) + b"\r\n" + body


def _get(target: str, *headers: str) -> bytes:
    return _request(target.encode(), *(h.encode() for h in headers))


_REQUEST_LINES: dict[str, bytes] = {
    "no HTTP version (HTTP/0.9)": b"GET /v1/tasks\r\n\r\n",
    "HTTP/9.9": b"GET /healthz HTTP/9.9\r\nHost: a\r\n" + CLOSE + b"\r\n",
    "HTTP/1.0 with no Host": b"GET /v1/tasks/A02.1 HTTP/1.0\r\n\r\n",
    "a lower-case version": b"GET /healthz http/1.1\r\nHost: a\r\n" + CLOSE + b"\r\n",
    "a space inside the method": b"G ET /healthz HTTP/1.1\r\nHost: a\r\n" + CLOSE + b"\r\n",
    "an unknown method": _request(b"/v1/tasks", method=b"FROB"),
    "a method of 1,000 letters": _request(b"/v1/tasks", method=b"G" * 1000),
    "CONNECT to another host": _request(b"example.com:443", method=b"CONNECT"),
    "TRACE": _request(b"/v1/tasks", method=b"TRACE"),
    "DELETE": _request(b"/v1/tasks/A02.1", method=b"DELETE"),
    "the absolute form naming another host": _get("http://evil.example/v1/tasks", "Host: evil.example"),
    "the asterisk form with GET": _get("*"),
    "a NUL in the path": _request(b"/v1/tasks\x00.json"),
    "a raw space in the path": _request(b"/v1/tasks A02 HTTP/1.1"),
    "%00 in an id": _get("/v1/tasks/A02.1%00"),
    "../ out of the root": _get("/../../etc/passwd"),
    "../ encoded as %2e%2e%2f": _get("/v1/download/..%2f..%2fpyproject.toml"),
    "../ encoded twice": _get("/v1/download/%252e%252e%252fpyproject.toml"),
    "../ inside a release's files": _get("/v1/releases/3.2.0/download/..%2F..%2Fpyproject.toml"),
    "../ inside a release's folder": _get("/v1/releases/3.2.0/download/../../../../etc/passwd"),
    "../ in a release version": _get("/v1/releases/..%2F..%2Fsrc/tables"),
    "back-slashes": _get("/v1\\..\\..\\etc\\passwd"),
    "an id of bytes that are no UTF-8": _get("/v1/tasks/%FF%FE"),
    "an overlong UTF-8 slash": _get("/v1/download/%C0%AF%C0%AFetc%C0%AFpasswd"),
    "raw UTF-8 in the path": _request("/v1/tasks/任务".encode()),
    "raw Latin-1 in the path": _request(b"/v1/tasks/\xe9t\xe9"),
    "an id of regex characters": _get("/v1/tasks/.*(["),
    "a path of 7,000 bytes": _get("/v1/tasks/" + "A" * 7000),
    "a query string of 20,000 bytes": _get("/v1/tasks?q=" + "a" * 20000),
    "slashes doubled": _get("//v1//tasks//A02.1"),
    "a release that does not exist": _get("/v1/releases/99.0.0/tables/tasks"),
    "a row history of an unknown id": _get("/v1/tasks/ZZZ/history.atom"),
    "an Akoma Ntoso IRI of NULs": _get("/akn/cn/act/%00/%00/%00/!main.xml"),
    "a download name that is a folder": _get("/v1/download/releases"),
    "a table file of a table that does not exist": _get("/v1/dataset/passwd.csv"),
}

_HEADERS: dict[str, bytes] = {
    "no Host": b"GET /v1/tasks HTTP/1.1\r\n" + CLOSE + b"\r\n",
    "two Hosts": _get("/v1/tasks", "Host: a", "Host: b"),
    "an empty Host": _get("/v1/tasks", "Host: "),
    "a Host with a path": _get("/v1/tasks", "Host: a/b"),
    "a Host with a port past 65535": _get("/v1/tasks", "Host: a:99999999"),
    "a Host of 3,000 bytes": _get("/v1/tasks", "Host: " + "a" * 3000),
    "a header name with a space": _get("/v1/tasks", "Bad Name: x"),
    "a header line with no colon": _get("/v1/tasks", "no colon here"),
    "a folded header (obs-fold)": _get("/v1/tasks", "X-A: 1\r\n  continued"),
    "bare LF line ends": b"GET /v1/tasks/A02.1 HTTP/1.1\nHost: a\nConnection: close\n\n",
    "a NUL in a header value": _request(b"/v1/tasks", b"X-A: a\x00b"),
    "a lone CR in a header value": _request(b"/v1/tasks", b"X-A: a\rb"),
    "a header of 40 KB": _get("/v1/tasks", "X-Big: " + "a" * 40_000),
    "300 headers": _get("/v1/tasks", *(f"X-H{i}: v" for i in range(300))),
    "a cookie of 12 KB": _get("/v1/tasks/A02.1", "Cookie: a=" + "b" * 12_000),
    "Content-Length and Transfer-Encoding both (smuggling)": _request(
        b"/v1/tasks",
        b"Content-Length: 4",
        b"Transfer-Encoding: chunked",
        method=b"POST",
        body=b"0\r\n\r\nGET /v1/agencies HTTP/1.1\r\nHost: a\r\n\r\n",
    ),
    "two Content-Lengths that differ": _request(b"/v1/tasks", b"Content-Length: 1", b"Content-Length: 2", body=b"ab"),
    "a negative Content-Length": _request(b"/v1/tasks", b"Content-Length: -5"),
    "a Content-Length of 10^20": _request(b"/v1/tasks", b"Content-Length: 100000000000000000000"),
    "a chunked body of garbage": _request(b"/v1/tasks", b"Transfer-Encoding: chunked", body=b"zz\r\nhello\r\n"),
    "an unknown Transfer-Encoding": _request(b"/v1/tasks", b"Transfer-Encoding: frobnicate"),
    "a GET with a body": _request(b"/v1/tasks/A02.1", b"Content-Length: 5", body=b"hello"),
    "a POST announcing 10 MB and sending none": _request(b"/v1/tasks", b"Content-Length: 10000000", method=b"POST"),
    "Expect: 100-continue on a POST": _request(
        b"/v1/tasks", b"Expect: 100-continue", b"Content-Length: 3", method=b"POST", body=b"abc"
    ),
    "Upgrade: websocket": _get(
        "/v1/tasks",
        "Connection: Upgrade, close",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: eA==",
    ),
    "Upgrade: h2c": _get(
        "/v1/tasks", "Connection: Upgrade, HTTP2-Settings, close", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__"
    ),
}

_VALUES: dict[str, bytes] = {
    "Range: bytes=abc": _get("/v1/download/tasks.csv", "Range: bytes=abc"),
    "Range: bytes=5-1": _get("/v1/download/tasks.csv", "Range: bytes=5-1"),
    "Range of 1,000 parts": _get("/v1/download/tasks.csv", "Range: bytes=" + ",".join(["0-0"] * 1000)),
    "Range past 2^64": _get("/v1/download/tasks.csv", "Range: bytes=99999999999999999999999-"),
    "Range on a query answer": _get("/v1/tasks?action=A02", "Range: bytes=-0"),
    "If-Range that is no validator": _get("/v1/download/tasks.csv", "Range: bytes=0-9", 'If-Range: "'),
    "If-None-Match of one quote": _get("/v1/tasks/A02.1", 'If-None-Match: "'),
    "If-None-Match of 2,000 tags": _get("/v1/tasks/A02.1", "If-None-Match: " + ", ".join(['"x"'] * 2000)),
    "If-Match that is no tag": _get("/v1/tasks/A02.1", "If-Match: nonsense"),
    "If-Modified-Since: yesterday": _get("/v1/tasks/A02.1", "If-Modified-Since: yesterday"),
    "If-Modified-Since in the year 99999": _get("/v1/tasks/A02.1", "If-Modified-Since: Mon, 01 Jan 99999 00:00:00 GMT"),
    "If-Unmodified-Since that is no date": _get("/v1/tasks?action=A02", "If-Unmodified-Since: 0"),
    "Accept: ;;;": _get("/v1/tasks/A02.1", "Accept: ;;;"),
    "Accept with q=2": _get("/v1/tasks/A02.1", "Accept: text/html;q=2"),
    "Accept with a negative q": _get("/v1/tasks", "Accept: */*;q=-1"),
    "Accept with two q": _get("/v1/tasks", "Accept: text/csv;q=0.5;q=0.1"),
    "Accept of 6 KB": _get("/v1/tasks", "Accept: " + ", ".join(["text/x-nothing"] * 400)),
    "Accept-Encoding with q=abc": _get("/v1/tasks", "Accept-Encoding: gzip;q=abc"),
    "Accept-Encoding refusing everything": _get("/v1/tasks", "Accept-Encoding: *;q=0"),
    "Accept-Language of junk": _get("/", "Accept-Language: ;;q=x,,"),
    "X-Forwarded-For of junk": _get("/v1/tasks", "X-Forwarded-For: 999.1.1.1, ::::, junk"),
    "X-Forwarded-For of 1,000 addresses": _get("/v1/tasks", "X-Forwarded-For: " + ", ".join(["10.0.0.1"] * 1000)),
    "Forwarded of junk": _get("/v1/tasks", 'Forwarded: for="_hidden;by=";;;'),
    "Origin: null": _get("/v1/tasks/A02.1", "Origin: null"),
    "Authorization of junk": _get("/v1/tasks", "Authorization: Basic !!!"),
    "a DEL in a header value (a preflight)": _request(
        b"/v1/tasks", b"Origin: x", b"Access-Control-Request-Method: \x7f", method=b"OPTIONS"
    ),
    **{f"Range: {v!r}": _request(b"/v1/download/tasks.csv", b"Range: " + v) for v in RANGES_REFUSED},
}

_QUERIES: dict[str, bytes] = {
    "q=%": _get("/v1/tasks?q=%"),
    "q=%ZZ": _get("/v1/search?q=%ZZ"),
    "a lone surrogate, encoded": _get("/v1/search?q=%ED%A0%80"),
    "q=%00": _get("/v1/search?q=%00"),
    "q of regex characters": _get("/v1/search?q=.*(%5B"),
    "q of 100 Chinese characters, encoded": _get("/v1/search?q=" + "%E5%A4%A7" * 100),
    "q of raw UTF-8": _request("/v1/search?q=大数据".encode()),
    "a parameter 300 times": _get("/v1/tasks?" + "&".join(["action=A02"] * 300)),
    "limit=-1": _get("/v1/tasks?limit=-1"),
    "limit=1e309": _get("/v1/tasks?limit=1e309"),
    "limit=NaN": _get("/v1/tasks?limit=NaN"),
    "offset of 30 digits": _get("/v1/tasks?offset=999999999999999999999999999999"),
    "fields that do not exist": _get("/v1/tasks?fields=password,__class__"),
    "sort=-": _get("/v1/tasks?sort=-"),
    "include= every table": _get("/v1/tasks/A02.1?include=" + ",".join(["actions", "measures", "agencies"] * 40)),
    "as_of=0000-00-00": _get("/v1/holders?as_of=0000-00-00"),
    "as_of=9999-99-99": _get("/v1/holders?as_of=9999-99-99"),
    "%2C inside a list value": _get("/v1/tasks?action=A02%2CA03"),
    "a parameter with no name": _get("/v1/tasks?=x"),
    "; as a separator": _get("/v1/tasks?action=A02;limit=1"),
    "since= a release that does not exist": _get("/v1/changes?since=0.0.0"),
    "format= of junk": _get("/v1/tasks?format=../../etc/passwd"),
}

_CONNECTIONS: dict[str, bytes] = {
    "three requests pipelined": (
        b"GET /v1/tasks/A02.1 HTTP/1.1\r\nHost: a\r\n\r\n"
        b"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
        b"GET /healthz HTTP/1.1\r\nHost: a\r\n" + CLOSE + b"\r\n"
    ),
    "a request, then garbage on the same connection": (
        b"GET /v1/tasks/A02.1 HTTP/1.1\r\nHost: a\r\n\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"
    ),
    "TLS spoken to plain HTTP": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
    "nothing but CRLFs": b"\r\n" * 5000,
}

CATALOGUE: dict[str, bytes] = {**_REQUEST_LINES, **_HEADERS, **_VALUES, **_QUERIES, **_CONNECTIONS}
NO_ANSWER = frozenset({"no HTTP version (HTTP/0.9)", "nothing but CRLFs"})
"""Entries a server may leave unanswered: HTTP/0.9 has no status line, and blank lines are no request."""
PASSED_ON_BY_NGINX = frozenset({"a DEL in a header value (a preflight)"})
"""What nginx lets through and uvicorn's parser refuses: a control character in a header value (nginx
checks header names, not values), so behind nginx too its refusal is the parser's line of text."""
PARSER_LINES = (b"Invalid HTTP request received.", b"Failed to open a WebSocket connection: ")
"""How uvicorn's HTTP parser refuses what it cannot read, in one line of text/plain, before the app sees it."""


@dataclass(frozen=True)
class Answer:
    """What came back on the connection: each status line's code, the first answer's headers and body."""

    statuses: tuple[int, ...]
    headers: dict[str, str]
    body: bytes
    raw: bytes

    def problem(self) -> dict[str, object] | None:
        """The answer's problem document (RFC 9457) if it is one whose status is the answer's, else None."""
        if self.headers.get("content-type", "").split(";")[0] != "application/problem+json":
            return None
        try:
            body = json.loads(self.body)
        except ValueError:
            return None
        keys = {"type", "title", "status", "detail"}
        return body if isinstance(body, dict) and keys <= body.keys() and body["status"] == self.statuses[0] else None

    def parser_line(self) -> bool:
        """Whether this is uvicorn's parser refusing the request in its own line of text."""
        plain = self.headers.get("content-type", "").startswith("text/plain")
        return plain and self.body.count(b"\n") <= 1 and self.body.startswith(PARSER_LINES)


_STATUS = re.compile(rb"HTTP/1\.[01] ([0-9]{3}) ")
_INTERIM = re.compile(rb"HTTP/1\.[01] 1[0-9]{2} [^\r]*\r\n\r\n")


def _parse(raw: bytes) -> Answer:
    """Every status line's code, and the headers and body of the first final answer (a ``100 Continue``
    before it is passed over)."""
    statuses = tuple(int(m[1]) for m in _STATUS.finditer(raw) if not m[1].startswith(b"1"))
    final = raw
    while interim := _INTERIM.match(final):
        final = final[interim.end() :]
    head, _, body = final.partition(b"\r\n\r\n")
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunked(body)
    return Answer(statuses, headers, body, raw)


def _unchunked(body: bytes) -> bytes:
    """The data of a chunked body (as far as it arrived)."""
    out, rest = [], body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16) if size_line.strip() else 0
        if size == 0:
            return b"".join(out)
        out.append(rest[:size])
        rest = rest[size + 2 :]


def send(port: int, request: bytes, timeout: float = 5.0) -> Answer:
    """Send ``request`` as written and read until the server closes, or until ``timeout`` seconds pass
    with nothing more arriving (a connection the server keeps open is then closed by us)."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(request)
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError, BrokenPipeError):
            pass
    return _parse(b"".join(chunks))


def send_all(port: int) -> dict[str, Answer]:
    """Every entry of the catalogue, eight connections at a time: the entries a server leaves open wait out
    their 1.5 s together, not one after another."""
    with ThreadPoolExecutor(8) as pool:
        return dict(
            zip(CATALOGUE, pool.map(lambda request: send(port, request, timeout=1.5), CATALOGUE.values()), strict=True)
        )
