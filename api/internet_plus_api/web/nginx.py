"""The nginx configuration of the static copy: a map from each request to its file, and the app's headers.

A map from ``"$variant $request_uri"`` to a file (and from the URI alone to the default variant) means
no URL can reach a file it was not written for. The file's extension gives its exact content type;
nginx appends ``; charset=utf-8`` itself (``charset_types``): a parameter written inside ``types``
would keep gzip off, since gzip_types matches the whole type string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..http import API_CSP, DOCS_CSP
from .base import PAGE_CSP

__all__ = ["nginx_conf"]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_conf(
    root: Path, entries: Iterable[tuple[str, str, str]], types: Mapping[str, str], version: str, port: int
) -> str:
    """A complete nginx.conf for ``nginx -p <root> -c nginx.conf -e stderr`` (runs unprivileged)."""
    entries = list(entries)
    # already compressed (zip, Parquet, xlsx) or always on (text/html); nginx's gzip_types hash takes no long names
    compressed = {"application/zip", "application/vnd.apache.parquet", "text/html"}
    gzip_types = sorted(t for t in {t.split(";")[0].strip() for t in types} - compressed if len(t) < 48)
    variant_map = "\n".join(f"        {_quote(f'{v} {u}')} {_quote(f)};" for v, u, f in entries if v != "default")
    default_map = "\n".join(f"        {_quote(u)} {_quote(f)};" for v, u, f in entries if v == "default")
    # nginx adds "; charset=utf-8" itself (charset_types): a parameter in a type would keep gzip off
    type_lines = "\n".join(
        f"        {_quote(t.split(';')[0].strip())} {ext};" for t, ext in sorted(types.items(), key=lambda x: x[1])
    )
    with_charset = sorted(t.split(";")[0].strip() for t in types if t.replace(" ", "").endswith(";charset=utf-8"))
    return f"""# nginx configuration for the static copy of the Internet Plus open data edition, version {version}.
# Run: nginx -p {root} -c nginx.conf -e stderr   (any CDN or object store can serve files/ instead)
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server_tokens off;
    sendfile on;
    etag on;
    gzip on;
    gzip_vary on;
    gzip_min_length 500;
    gzip_types {" ".join(_quote(t) for t in gzip_types)};
    types_hash_max_size 4096;
    types_hash_bucket_size 256;
    map_hash_max_size 262144;
    map_hash_bucket_size 512;
    types {{
{type_lines}
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types {" ".join(_quote(t) for t in with_charset) or "text/html"};
    # The Accept headers the app tells apart; the app's own negotiation is finer (q-values).
    map $http_accept $variant {{
        default default;
        "~*text/html" html;
        "~*application/xhtml\\+xml" html;
        "~*^text/csv" csv;
        "~*ndjson" ndjson;
    }}
    map "$variant $request_uri" $variant_file {{
        default /-;
{variant_map}
    }}
    map $request_uri $default_file {{
        default /-;
{default_map}
    }}
    map $sent_http_content_type $csp {{
        default {_quote(API_CSP)};
        "~^text/html" {_quote(PAGE_CSP)};
    }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location = /docs {{
            add_header Content-Security-Policy {_quote(DOCS_CSP)} always;
            add_header X-Dataset-Version {_quote(version)} always;
            add_header X-Content-Type-Options nosniff always;
            try_files $default_file =404;
        }}
        location / {{
            add_header Content-Security-Policy $csp always;
            add_header X-Dataset-Version {_quote(version)} always;
            add_header X-Content-Type-Options nosniff always;
            add_header Referrer-Policy no-referrer always;
            add_header Access-Control-Allow-Origin "*" always;
            add_header Cache-Control "public, max-age=3600" always;
            add_header Vary Accept always;
            try_files $variant_file $default_file =404;
        }}
    }}
}}
"""
