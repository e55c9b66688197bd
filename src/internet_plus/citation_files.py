"""The citation files the build writes, from the same facts as every other citation (citation.py):
CITATION.cff for the edition as it is now, and DataCite metadata for each release, ready for a DOI deposit.

DataCite records follow the DataCite Metadata Schema 4 in the JSON form of DataCite's REST API
(``{"data": {"type": "dois", "attributes": …}}``). They are written offline and carry no DOI: the
deposit adds ``doi`` (or a ``prefix``) and the event. The concept record stands for the dataset across
versions (``HasVersion`` each release); each release record ``IsVersionOf`` the concept, ``IsNewVersionOf``
the release before it and ``IsPreviousVersionOf`` the one after, each named by its release file's URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from .citation import AUTHOR, REPOSITORY, TITLE, Reference, release_file_url, render

__all__ = ["CONCEPT", "ReleaseFacts", "cff", "datacite_concept", "datacite_release"]

CONCEPT = REPOSITORY
"""What the concept record (all versions) is identified by until a concept DOI is minted."""


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What a citation file needs of a release: its version, date, the one before, and its zip."""

    version: str
    date: str
    previous: str | None
    sha256: str | None
    bytes: int | None


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of YAML's)."""
    return orjson.dumps(text).decode("utf-8")


def cff(package: Mapping[str, Any], release: ReleaseFacts) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the edition as built: its version and date, the release
    file as its URL, and the official texts it edits as references."""
    ref = Reference("dataset", release.version, release.date, release.sha256)
    lines = [
        "cff-version: 1.2.0",
        f"message: {_q('If you use this dataset, please cite it and the official documents it edits. ' + render(ref))}",
        f"title: {_q(TITLE)}",
        "type: dataset",
        f"version: {release.version}",
        f"date-released: {release.date}",
        f"url: {_q(ref.url)}",
        f"repository-code: {_q(REPOSITORY)}",
        "license: CC0-1.0",
        f"abstract: {_q(str(package['description']))}",
        "authors:",
        f"  - name: {_q(AUTHOR)}",
        "identifiers:",
        "  - type: url",
        f"    value: {_q(ref.url)}",
        f"    description: {_q(_file_note(release))}",
        "keywords:",
        *(f"  - {_q(str(k))}" for k in package.get("keywords", [])),
        "references:",
    ]
    for source in package.get("sources", []):
        lines += [
            "  - type: generic",
            f"    title: {_q(str(source['title']).removesuffix(', central government portal'))}",
            "    authors:",
            f"      - name: {_q(_STATE_COUNCIL)}",
            *([f"    url: {_q(str(source['path']))}"] if source.get("path") else []),  # a held text may have none
        ]
    return "\n".join(lines) + "\n"


_STATE_COUNCIL = "State Council of the People's Republic of China"


def _file_note(release: ReleaseFacts) -> str:
    if release.sha256:
        return f"The release {release.version} as one zip ({release.bytes} bytes, sha256 {release.sha256})"
    return f"The release {release.version} as one zip, once published"


def _common(package: Mapping[str, Any]) -> dict[str, Any]:
    licence = package["licenses"][0]
    return {
        "schemaVersion": "http://datacite.org/schema/kernel-4",
        "creators": [{"name": AUTHOR, "nameType": "Organizational"}],
        "titles": [{"title": TITLE, "lang": "en"}],
        "publisher": {"name": AUTHOR},
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Frictionless data package"},
        "subjects": [{"subject": str(k)} for k in package.get("keywords", [])],
        "language": "zh",
        "rightsList": [
            {
                "rights": "Creative Commons Zero v1.0 Universal",
                "rightsUri": str(licence["path"]),
                "rightsIdentifier": "cc0-1.0",
                "rightsIdentifierScheme": "SPDX",
            }
        ],
        "descriptions": [{"description": str(package["description"]), "descriptionType": "Abstract"}],
    }


def _related(url: str, relation: str, kind: str = "URL") -> dict[str, str]:
    return {"relatedIdentifier": url, "relatedIdentifierType": kind, "relationType": relation}


def datacite_release(package: Mapping[str, Any], release: ReleaseFacts, following: str | None) -> dict[str, Any]:
    """The DataCite record of one release; ``following`` is the version published after it, if any."""
    related = [_related(CONCEPT, "IsVersionOf")]
    if release.previous:
        related.append(_related(release_file_url(release.previous), "IsNewVersionOf"))
    if following:
        related.append(_related(release_file_url(following), "IsPreviousVersionOf"))
    related += [_related(str(s["path"]), "IsDerivedFrom") for s in package.get("sources", []) if s.get("path")]
    attributes: dict[str, Any] = {
        **_common(package),
        "publicationYear": release.date[:4],
        "version": release.version,
        "dates": [{"date": release.date, "dateType": "Issued"}],
        "url": release_file_url(release.version),
        "formats": ["application/zip"],
        "alternateIdentifiers": [
            {"alternateIdentifier": release_file_url(release.version), "alternateIdentifierType": "URL"}
        ],
        "relatedIdentifiers": related,
    }
    if release.sha256:
        attributes["sizes"] = [f"{release.bytes} bytes"]
        attributes["descriptions"] = [
            *attributes["descriptions"],
            {"description": f"sha256 of the zip: {release.sha256}", "descriptionType": "TechnicalInfo"},
        ]
    return {"data": {"type": "dois", "attributes": attributes}}


def datacite_concept(package: Mapping[str, Any], versions: Sequence[ReleaseFacts]) -> dict[str, Any]:
    """The concept record: the dataset in all its versions, the newest as its date."""
    newest = versions[-1]
    attributes = {
        **_common(package),
        "publicationYear": versions[0].date[:4],
        "dates": [{"date": versions[0].date, "dateType": "Issued"}, {"date": newest.date, "dateType": "Updated"}],
        "url": CONCEPT,
        "relatedIdentifiers": [_related(release_file_url(v.version), "HasVersion") for v in versions],
    }
    return {"data": {"type": "dois", "attributes": attributes}}
