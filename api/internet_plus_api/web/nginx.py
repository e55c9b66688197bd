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

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..routes.renamed import nginx_redirects

__all__ = ["NGINX_DETAILS", "NGINX_ERRORS", "NGINX_SENT_AS", "NginxSite", "nginx_conf"]

# status -> the app's problem type for it ("" for about:blank); 494 is nginx's "header too large", sent as 431
NGINX_ERRORS: dict[int, str] = {
    400: "malformed-request",
    405: "method-not-allowed",
    408: "",
    412: "precondition-failed",
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
# nginx's own codes answered as another status, with its problem document: 494 (a header too large) as 431
# (RFC 6585); 501 (a transfer coding it does not know) and 505 (another HTTP version) as 400, a request that
# cannot be read as HTTP/1.1, so that no request a client breaks is answered with a server error (5xx)
NGINX_SENT_AS: dict[int, int] = {494: 431, 501: 400, 505: 400}
NGINX_DETAILS: dict[int, str] = {
    400: "The request cannot be read as HTTP/1.1.",
    408: "The request did not arrive in time.",
    412: "The file does not match the request's If-Match or If-Unmodified-Since.",
    413: "This API is read-only: a request has no body.",
    414: "The request line is longer than the server accepts.",
    416: "The range is malformed, ends before it starts, or asks for bytes the file does not have.",
    429: "Too many requests from this address; wait and try again.",
    431: "A request header, or the headers together, are larger than the server accepts.",
    500: "The server failed to answer.",
    405: "The API is read-only: GET, HEAD and OPTIONS only.",
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
    return f'    map $ok {var} {{\n        default "";\n        1 {source};\n    }}'


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


def _error_pages(problems: Mapping[int, str]) -> str:
    """``error_page`` for every status nginx answers itself, and for those it answers as another."""
    # nginx never answers 431 itself (its code for a header too large is 494, below)
    own = [f"error_page {status} /.problems/{name};" for status, name in problems.items() if status != 431]
    other = [f"error_page {code} ={sent} /.problems/{problems[sent]};" for code, sent in NGINX_SENT_AS.items()]
    return "\n        ".join([*own, *other])


def nginx_conf(site: NginxSite, *, port: int, upstream: str, send_timeout: int = 10) -> str:
    """A complete nginx.conf for ``nginx -p <root> -c nginx.conf -e stderr`` (runs unprivileged), from the
    template ``templates/nginx.conf.j2``: the fixed directives there, what depends on the copy here."""
    maps, per_file = _per_file_maps(site.files)
    type_lines, charset_types, own_types = _types(site.files)
    fixed = [f"add_header {k.title()} $f_{k.replace('-', '_')} always;" for k in sorted(site.headers)]
    env = Environment(
        loader=PackageLoader("internet_plus_api.web", "templates"),
        autoescape=False,  # a configuration file, not markup: values are quoted by the ``q`` filter
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(q=_quote, var=lambda name: name.replace("-", "_"), header=str.title)
    env.globals["gated"] = _gated
    return env.get_template("nginx.conf.j2").render(
        version=site.version,
        root=site.root,
        upstream=upstream,
        port=port,
        send_timeout=send_timeout,
        type_lines=type_lines,
        charset_types=charset_types,
        via_app=site.via_app,
        headers=sorted(site.headers.items()),
        maps=maps,
        error_pages=_error_pages(site.problems),
        answer_headers="\n            ".join([*fixed, *per_file, "add_header Vary $h_vary always;"]),
        redirects=nginx_redirects(site.renamed, "\n            ".join(fixed)),
        own_types=sorted(own_types.items()),
    )
