"""CITATION.cff and the DataCite records of every release, from the package and the release index.

The text of each comes from ``internet_plus.citation_files`` (the one source of citations), so the
build, the CLI, the API and the pages cannot disagree. The current version is cited whether or not it
is published yet: published, with its zip's sha256 from the index; not yet, without one.
"""

from __future__ import annotations

from typing import Any

from _common import json_bytes

from internet_plus.citation_files import ReleaseFacts, cff, datacite_concept, datacite_release
from releases import read_index

__all__ = ["DATACITE_DIR", "citation_files", "release_facts"]

DATACITE_DIR = "metadata/datacite"


def _zip(entry: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in entry["distributions"] if str(d["name"]).endswith(".zip"))


def release_facts(current: str, date: str) -> list[ReleaseFacts]:
    """Every published release, oldest first, and the current version after them if it is not published."""
    out = []
    for entry in read_index():
        archive = _zip(entry)
        sha = str(archive["hash"]).removeprefix("sha256:")
        out.append(ReleaseFacts(entry["version"], entry["date"], entry["previous"], sha, int(archive["bytes"])))
    if current not in {r.version for r in out}:
        out.append(ReleaseFacts(current, date, out[-1].version if out else None, None, None))
    return out


def citation_files(package: dict[str, Any], current: str, date: str) -> dict[str, bytes]:
    facts = release_facts(current, date)
    now = next(r for r in facts if r.version == current)
    files = {"CITATION.cff": cff(package, now).encode("utf-8")}
    for i, r in enumerate(facts):
        following = facts[i + 1].version if i + 1 < len(facts) else None
        files[f"{DATACITE_DIR}/internet-plus-{r.version}.json"] = json_bytes(datacite_release(package, r, following))
    files[f"{DATACITE_DIR}/internet-plus.json"] = json_bytes(datacite_concept(package, facts))
    return files
