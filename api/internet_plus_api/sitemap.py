"""The sitemap (sitemaps.org protocol 0.9) and robots.txt: how a crawler finds every page.

A sitemap lists absolute URLs, so these two answers are the only ones that need the site's public base
URL (``settings.base_url_setting``); everything else stays path-absolute. Each page is listed once, at
its own URL, with the release date as ``lastmod``: the edition changes only with a release. The
protocol allows 50,000 URLs and 50 MB (uncompressed) per file; past either, ``/sitemap.xml`` becomes a
sitemap index of ``/sitemap-1.xml``, ``/sitemap-2.xml``, … (each within both limits).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape

__all__ = ["MAX_BYTES", "MAX_URLS", "SITEMAP", "robots_txt", "sitemap_files"]

SITEMAP = "/sitemap.xml"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _entry(tag: str, loc: str, lastmod: str) -> bytes:
    return f"<{tag}><loc>{escape(loc)}</loc><lastmod>{lastmod}</lastmod></{tag}>\n".encode()


def _document(root: str, entries: Sequence[bytes]) -> bytes:
    return _HEAD + f'<{root} xmlns="{_NS}">\n'.encode() + b"".join(entries) + f"</{root}>\n".encode()


def _chunks(entries: Sequence[bytes], max_urls: int, max_bytes: int) -> list[list[bytes]]:
    """``entries`` cut into files of at most ``max_urls`` entries and ``max_bytes`` bytes each."""
    room = max_bytes - len(_document("urlset", []))
    chunks: list[list[bytes]] = [[]]
    size = 0
    for entry in entries:
        if len(entry) > room:
            raise ValueError(f"a sitemap entry of {len(entry)} bytes cannot fit in a file of {max_bytes} bytes")
        if len(chunks[-1]) == max_urls or size + len(entry) > room:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry)
    return chunks


def sitemap_files(
    paths: Sequence[str], base_url: str, lastmod: str, *, max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES
) -> dict[str, bytes]:
    """The sitemap files by path: ``/sitemap.xml`` alone when ``paths`` fit in one file, else the index
    at ``/sitemap.xml`` and its parts. ``paths`` are path-absolute (``/v1/tasks/A02.1``)."""
    entries = [_entry("url", base_url + quote(path, safe="/~!$&'()*+,;=:@-._"), lastmod) for path in paths]
    chunks = _chunks(entries, max_urls, max_bytes)
    if len(chunks) == 1:
        return {SITEMAP: _document("urlset", chunks[0])}
    parts = {f"/sitemap-{n}.xml": _document("urlset", chunk) for n, chunk in enumerate(chunks, 1)}
    index = _document("sitemapindex", [_entry("sitemap", base_url + path, lastmod) for path in parts])
    if len(parts) > MAX_URLS or len(index) > MAX_BYTES:
        raise ValueError(f"{len(paths)} URLs need more sitemaps than one sitemap index may list")
    return {SITEMAP: index, **parts}


def robots_txt(base_url: str) -> bytes:
    """Every crawler may read everything (the edition is public and read-only); the sitemap says where."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP}\n".encode()
