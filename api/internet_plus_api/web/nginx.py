"""The nginx configuration of a deployment: the static copy's files first, the app for everything else.

A request without a query string is answered from ``files/`` when a file holds its answer: the URL
itself (``/v1/tasks/A02.1.json``, a download), or, for a bare URL, the representation its ``Accept``
asks for (a page as ``<url>/index.html``, data as ``<url>.json``/``.csv``/``.ndjson``). ``Accept`` is
read by a map that knows the plain forms (none, ``*/*``, one data type, a browser's ``text/html``
without a q-value); any other header (q-values on the types that decide) goes to the app, whose
negotiation is exact, as does every query, every method but GET and HEAD, and every URL no file holds
(the app's 404 is problem+json). Files are sent pre-compressed (``gzip_static``) with nginx's ETag
and byte ranges; the headers the app sends with each answer come from the manifest (per file where
they differ). The errors nginx makes itself (a header too large, a rate limit, the app down) are
problem+json files, never nginx's HTML page, and are never cached. A table's URL in its spelling before
3.2.0 (``/v1/document-links/L001``) is answered by nginx itself, as by the app: a 308 to the table's own
(``routes/renamed.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..routes.renamed import nginx_redirects

__all__ = ["NGINX_DETAILS", "NGINX_ERRORS", "NginxSite", "nginx_conf"]

# status -> the app's problem type for it ("" for about:blank); 494 is nginx's "header too large", sent as 431
NGINX_ERRORS: dict[int, str] = {
    400: "malformed-request",
    405: "method-not-allowed",
    408: "",
    413: "",
    414: "uri-too-long",
    416: "range-not-satisfiable",
    429: "rate-limited",
    431: "",
    500: "internal-error",
    502: "",
    503: "",
    504: "",
}
NGINX_DETAILS: dict[int, str] = {
    400: "The request cannot be read as HTTP/1.1.",
    408: "The request did not arrive in time.",
    413: "This API is read-only: a request has no body.",
    414: "The request line is longer than the server accepts.",
    416: "The range asks for bytes the file does not have.",
    429: "Too many requests from this address; wait and try again.",
    431: "A request header, or the headers together, are larger than the server accepts.",
    500: "The server failed to answer.",
    502: "The application server is not answering.",
    503: "The server cannot answer now; try again shortly.",
    504: "The application server did not answer in time.",
}


@dataclass(frozen=True)
class NginxSite:
    """What the configuration is written from: the copy's folder and manifest rows, the headers every
    answer has, the bare URLs whose data answer is not their explicit file's, nginx's error files, and the
    tables' former spellings (``document-links`` -> ``document_links``), whose URLs redirect."""

    root: Path
    files: Sequence[Mapping[str, Any]]
    headers: Mapping[str, str]
    via_app: Sequence[str]
    problems: Mapping[int, str]
    version: str
    renamed: Mapping[str, str] = field(default_factory=dict)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "${dollar}") + '"'


def _per_file_maps(files: Sequence[Mapping[str, Any]]) -> tuple[str, list[str]]:
    """A map from the served file (``$uri`` after try_files) to each header that differs between files;
    the most common value is the default. Returns the maps and the ``add_header`` lines."""
    names = sorted({h for f in files for h in f["headers"]})
    maps, adds = [], []
    for name in names:
        values = Counter(str(f["headers"].get(name, "")) for f in files)
        default = values.most_common(1)[0][0]
        var = "$h_" + name.replace("-", "_")
        lines = []
        for f in files:
            value = str(f["headers"].get(name, ""))
            if value != default:
                lines.append(f"        {_quote('/' + f['file'])} {_quote(value)};")
                if "gzip" in f:
                    lines.append(f"        {_quote('/' + f['gzip'])} {_quote(value)};")
        body = "\n".join(lines)
        maps.append(f"    map $uri {var}_file {{\n        default {_quote(default)};\n{body}\n    }}")
        maps.append(_gated(var, var + "_file"))
        adds.append(f"add_header {name.title()} {var} always;")
    return "\n".join(maps), adds


def _gated(var: str, source: str) -> str:
    """``var`` is ``source`` on a 2xx/3xx answer and empty (so not sent) on an error, which gets the
    problem location's headers instead (an error is never cached as the file would be)."""
    return f'    map "$status|{source}" {var} {{\n        default "";\n        "~^[23]..\\|(?<v>.+)$" $v;\n    }}'


def _types(files: Sequence[Mapping[str, Any]]) -> tuple[str, str, dict[str, str]]:
    """``types`` by extension (as the app names most files of each), the types nginx adds ``; charset=utf-8``
    to, and the files whose type is not their extension's (the sitemap's ``.xml`` beside Akoma Ntoso's)."""
    counts: dict[str, Counter[str]] = {}
    charset = set()
    for f in files:
        media = str(f["content_type"]).split(";")[0].strip()
        counts.setdefault(Path(str(f["file"])).suffix.lstrip(".") or "bin", Counter())[media] += 1
        if "charset=utf-8" in str(f["content_type"]).replace(" ", ""):
            charset.add(media)
    by_ext = {ext: c.most_common(1)[0][0] for ext, c in counts.items()}
    own = {}
    for f in files:
        media = str(f["content_type"]).split(";")[0].strip()
        if media != by_ext[Path(str(f["file"])).suffix.lstrip(".") or "bin"]:
            own["/" + str(f["file"])] = media
    by_type: dict[str, list[str]] = {}
    for ext, media in sorted(by_ext.items()):
        by_type.setdefault(media, []).append(ext)
    lines = "\n".join(f"        {_quote(t)} {' '.join(exts)};" for t, exts in sorted(by_type.items()))
    return lines, " ".join(_quote(t) for t in sorted(charset - {"text/html"})) or "text/html", own


def nginx_conf(site: NginxSite, *, port: int, upstream: str, send_timeout: int = 10) -> str:
    """A complete nginx.conf for ``nginx -p <root> -c nginx.conf -e stderr`` (runs unprivileged)."""
    root = site.root
    maps, per_file = _per_file_maps(site.files)
    type_lines, charset_types, own_types = _types(site.files)
    fixed_maps = "\n".join(
        f'    map $status $f_{k.replace("-", "_")} {{\n        default "";\n        "~^[23]" {_quote(v)};\n    }}'
        for k, v in sorted(site.headers.items())
    )
    fixed = [f"add_header {k.title()} $f_{k.replace('-', '_')} always;" for k in sorted(site.headers)]
    answer_headers = "\n            ".join([*fixed, *per_file, "add_header Vary $h_vary always;"])
    redirects = nginx_redirects(site.renamed, "\n            ".join(fixed))
    via_app = "\n".join(f"        {_quote(u)} 1;" for u in site.via_app)
    own_locations = "".join(
        f"""
        location = {_quote(uri)} {{
            if ($args) {{ return 418; }}
            if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
            types {{ }}
            default_type {media};
            {answer_headers}
            try_files $uri @app;
        }}"""
        for uri, media in sorted(own_types.items())
    )
    # 494 is nginx's own code for a header too large: sent as 431 (RFC 6585)
    error_pages = "\n        ".join(
        f"error_page {494 if status == 431 else status} {'=431 ' if status == 431 else ''}/.problems/{name};"
        for status, name in site.problems.items()
    )
    problem_headers = "\n            ".join(
        f"add_header {k.title()} {_quote(v)} always;"
        for k, v in sorted(site.headers.items())
        if k not in ("cache-control", "content-security-policy")
    )
    return f"""# nginx in front of the Internet Plus API, version {site.version}: the static copy's files, and the app
# (uvicorn at {upstream}) for queries and anything no file holds.
# Run: nginx -p {root} -c nginx.conf -e stderr   (files/ alone serves on any static host; see the README)
worker_processes auto;
pid nginx.pid;
error_log stderr warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    etag on;
    if_modified_since before;  # 304 when the file is not newer than the date asked (RFC 9110 §13.1.3)
    max_ranges 1;  # one byte range per request; a request for several gets the whole file (RFC 9110 §14.2)
    # hostile clients: a request's headers within 10 s and 16 KB (one line at most 8 KB), no body,
    # a reader that takes nothing for {send_timeout} s is closed; per address 64 connections
    client_header_timeout 10s;
    client_body_timeout 10s;
    client_header_buffer_size 1k;
    large_client_header_buffers 2 8k;
    client_max_body_size 1k;
    send_timeout {send_timeout}s;
    keepalive_timeout 15s;
    keepalive_requests 1000;
    reset_timedout_connection on;
    limit_conn_zone $binary_remote_addr zone=per_address:10m;
    limit_conn per_address 64;
    limit_conn_status 429;
    # queries reach the app at most 50 a second per address (bursts of 100); the zone forgets the
    # least recently seen address when full, so no number of addresses can lock out a new one
    limit_req_zone $binary_remote_addr zone=queries:10m rate=50r/s;
    limit_req_status 429;
    gzip off;
    gzip_static on;
    gzip_vary on;
    types_hash_max_size 4096;
    types_hash_bucket_size 256;
    map_hash_max_size 262144;
    map_hash_bucket_size 512;
    types {{
{type_lines}
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {charset_types};
    geo $dollar {{ default "$"; }}
    # What Accept asks of a bare URL, when nginx can tell alone; "app" leaves it to the app's negotiation.
    map $http_accept $want {{
        default app;
        "" json;
        "~^\\s*\\*/\\*\\s*$" json;
        "~^\\s*application/json\\s*$" json;
        "~^\\s*text/csv\\s*$" csv;
        "~^\\s*application/(x-)?ndjson\\s*$" ndjson;
        "~*(^|,)\\s*(text/html|application/xhtml\\+xml)\\s*(,|$)" html;
    }}
    # bare URLs whose data answer differs from their explicit file (a list's links name its own URL)
    map $uri $bare_via_app {{
        default 0;
{via_app}
    }}
    map "$bare_via_app:$want" $representation {{
        default "/.app";
        "0:json" ".json";
        "0:csv" ".csv";
        "0:ndjson" ".ndjson";
        "~^[01]:html$" "/index.html";
    }}
    # an Akoma Ntoso IRI's data answer is its JSON-LD, written as <IRI>.jsonld
    map $representation $linked_data {{
        default "/.app";
        ".json" ".jsonld";
    }}
    map $want $root_file {{
        default "/.app";
        json "/index.json";
        html "/index.html";
    }}
    # a bare URL's answer varies with Accept; a file named by its own URL does not
    map "$request_uri|$uri" $h_vary_file {{
        default "Accept";
        "~^(?<same>[^|?]*)\\|\\k<same>$" "";
    }}
{_gated("$h_vary", "$h_vary_file")}
{fixed_maps}
{maps}
    upstream app {{
        server {upstream};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        root {root}/files;
        {error_pages}
        error_page 418 = @app;  # "not a file": a query, a method other than GET/HEAD
        recursive_error_pages on;  # the app's location may itself end in an error of nginx's (502)
        location ^~ /.problems/ {{
            internal;
            alias {root}/problems/;
            types {{ }}
            default_type application/problem+json;
            charset off;
            add_header Cache-Control "no-store" always;
            add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" always;
            {problem_headers}
        }}
        location @app {{
            limit_req zone=queries burst=100 nodelay;
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            proxy_buffering on;
            proxy_intercept_errors off;
        }}
        location = /healthz {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
        location = / {{
            if ($args) {{ return 418; }}
            if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
            {answer_headers}
            try_files $root_file @app;
        }}{redirects}
        location ~ /$ {{
            if ($args) {{ return 418; }}
            if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
            {answer_headers}
            try_files ${{uri}}index.html @app;
        }}
        location / {{
            if ($args) {{ return 418; }}
            if ($request_method !~ ^(GET|HEAD)$) {{ return 418; }}
            {answer_headers}
            try_files $uri $uri$representation $uri$linked_data @app;
        }}{own_locations}
    }}
}}
"""
