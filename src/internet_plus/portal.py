"""Portal metadata from datapackage.json: a schema.org ``Dataset`` and a DCAT ``dcat:Dataset``, as JSON-LD.

Catalogues (data.gov-style portals, CKAN's DCAT harvester, Google Dataset Search, Zenodo) read these,
not Frictionless descriptors. Both are derived from the descriptor alone, so they cannot disagree with
it: title, description, version, licence, source, keywords, languages, and one distribution per
published file (each table's CSV and JSON, the text, the SQLite, Parquet and Excel distributions, and
any extra file the caller serves, such as a zip) with its media type, size and sha256.

Publisher and contact: the descriptor's first contributor, and the project's issue tracker (its
homepage + ``/issues``) as the contact point; the package names no e-mail address and none is invented.
Versions: the current one (``version``), and each earlier published release the caller passes in ``versions``
(as the API lists them: version, date, zip with name, bytes, sha256 and url, links.self) as a downloadable zip
(schema.org) or a ``dcat:hasVersion`` dataset (DCAT). Download URLs come from the caller's ``download_url`` template; a path-absolute template such as
``/v1/download/{name}`` is resolved by JSON-LD readers against the document's own URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .citation import Reference, render
from .resources import text_entries

__all__ = ["FileEntry", "dcat_jsonld", "files_of", "schema_org_jsonld"]

FileEntry = Mapping[str, Any]
"""A file as datapackage.json lists one: path, bytes, ``sha256:<hex>`` hash; plus format and mediatype."""

_MEDIA = {"csv": "text/csv", "json": "application/json", "txt": "text/plain"}


def files_of(package: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every file the descriptor lists, in its order, each with a format and a media type."""
    out: list[dict[str, Any]] = []
    for resource in package.get("resources", []):
        title = resource.get("title", resource.get("name", ""))
        out.append({**_entry(resource), "description": f"{title} (CSV)"})
        if isinstance(resource.get("json"), Mapping):
            out.append({**_entry(resource["json"]), "description": f"{title} (JSON)"})
    for text in text_entries(dict(package)):
        out.append({**_entry(text), "description": f"The canonical Chinese text of {text.get('document_id')}"})
    out += [_entry(d) for d in package.get("distributions", []) if isinstance(d, Mapping)]
    return out


def _entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    path = str(entry["path"])
    fmt = str(entry.get("format") or path.rsplit(".", 1)[-1])
    return {
        "path": path,
        "name": path.rsplit("/", 1)[-1],
        "format": fmt,
        "mediatype": entry.get("mediatype") or _MEDIA.get(fmt, "application/octet-stream"),
        "bytes": entry.get("bytes"),
        "sha256": str(entry.get("hash", "")).removeprefix("sha256:"),
        "description": entry.get("description", ""),
    }


def _people(package: Mapping[str, Any]) -> tuple[str, str, str]:
    homepage = str(package.get("homepage", ""))
    contributors = package.get("contributors") or [{"title": package.get("title", "")}]
    return str(contributors[0].get("title", "")), homepage, homepage.rstrip("/") + "/issues"


def schema_org_jsonld(
    package: Mapping[str, Any],
    *,
    download_url: str,
    extra: Iterable[FileEntry] = (),
    self_url: str | None = None,
    versions: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A schema.org ``Dataset``: Google's required (name, description) and recommended properties."""
    publisher, homepage, issues = _people(package)
    organisation = {"@type": "Organization", "name": publisher, "url": homepage}
    licence, source = package["licenses"][0], package["sources"][0]
    created = str(package.get("created", ""))
    body: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": package["title"],
        "alternateName": package.get("name"),
        "description": package["description"],
        "url": homepage,
        "identifier": package.get("id", package.get("name")),
        "version": package["version"],
        "datePublished": created[:10],
        "license": licence["path"],
        "isAccessibleForFree": True,
        "keywords": list(package.get("keywords", [])),
        "inLanguage": list(package.get("languages", [])),
        "spatialCoverage": {"@type": "Place", "name": "China"},
        "creator": organisation,
        "publisher": {
            **organisation,
            "contactPoint": {"@type": "ContactPoint", "contactType": "issue tracker", "url": issues},
        },
        "isBasedOn": {"@type": "CreativeWork", "name": source["title"], "url": source["path"]},
        "citation": _citation(package, versions),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f["name"],
                "description": f["description"],
                "encodingFormat": f["mediatype"],
                "contentUrl": download_url.format(name=f["name"]),
                "contentSize": f"{f['bytes']} B",
                "sha256": f["sha256"],
            }
            for f in [*files_of(package), *map(_entry, extra)]
        ],
    }
    body["distribution"] += [
        {
            "@type": "DataDownload",
            "name": v["zip"]["name"],
            "description": f"Release {v['version']}: the whole data package as published",
            "version": v["version"],
            "datePublished": v["date"],
            "encodingFormat": "application/zip",
            "contentUrl": v["zip"]["url"],
            "contentSize": f"{v['zip']['bytes']} B",
            "sha256": v["zip"]["sha256"],
        }
        for v in _earlier(package, versions)
    ]
    if self_url:
        body["@id"] = self_url
    return body


def _citation(package: Mapping[str, Any], versions: Sequence[Mapping[str, Any]]) -> str:
    """The dataset's citation, from the one source (citation.py): with the zip's sha256 once published."""
    version = str(package["version"])
    published = next((v for v in versions if v["version"] == version), None)
    sha = str(published["zip"]["sha256"]) if published else None
    return render(Reference("dataset", version, str(package.get("created", ""))[:10], sha))


def _earlier(package: Mapping[str, Any], versions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The published releases other than this one (whose files are the distributions themselves)."""
    return [v for v in versions if v["version"] != package["version"]]


def dcat_jsonld(
    package: Mapping[str, Any],
    *,
    download_url: str,
    extra: Iterable[FileEntry] = (),
    self_url: str | None = None,
    versions: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A DCAT 3 ``dcat:Dataset`` with ``dcat:Distribution``s (media type, byte size, SPDX sha256 checksum)."""
    publisher, homepage, issues = _people(package)
    licence, source = package["licenses"][0], package["sources"][0]
    body: dict[str, Any] = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@type": "dcat:Dataset",
        "dct:title": package["title"],
        "dct:description": package["description"],
        "dct:identifier": package.get("id", package.get("name")),
        "dcat:version": package["version"],
        "dct:issued": {"@value": str(package.get("created", ""))[:10], "@type": "xsd:date"},
        "dct:license": {"@id": licence["path"]},
        "dct:source": {"@id": source["path"]},
        "dct:language": list(package.get("languages", [])),
        "dcat:keyword": list(package.get("keywords", [])),
        "dcat:landingPage": {"@id": homepage},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher, "foaf:homepage": {"@id": homepage}},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": publisher, "vcard:hasURL": {"@id": issues}},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f["name"],
                "dct:description": f["description"],
                "dct:format": f["format"],
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/" + f["mediatype"]},
                "dcat:downloadURL": {"@id": download_url.format(name=f["name"])},
                "dcat:byteSize": {"@value": f["bytes"], "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                    "spdx:checksumValue": f["sha256"],
                },
            }
            for f in [*files_of(package), *map(_entry, extra)]
        ],
    }
    earlier = _earlier(package, versions)
    if earlier:
        body["dcat:hasVersion"] = [
            {
                "@id": v["links"]["self"],
                "@type": "dcat:Dataset",
                "dcat:version": v["version"],
                "dct:issued": {"@value": v["date"], "@type": "xsd:date"},
                "dcat:distribution": {
                    "@type": "dcat:Distribution",
                    "dct:title": v["zip"]["name"],
                    "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/zip"},
                    "dcat:downloadURL": {"@id": v["zip"]["url"]},
                    "dcat:byteSize": {"@value": v["zip"]["bytes"], "@type": "xsd:nonNegativeInteger"},
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                        "spdx:checksumValue": v["zip"]["sha256"],
                    },
                },
            }
            for v in earlier
        ]
        body["dcat:previousVersion"] = {"@id": earlier[-1]["links"]["self"]}
    if self_url:
        body["@id"] = self_url
    return body
