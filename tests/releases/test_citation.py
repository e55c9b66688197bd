"""CITATION.cff, the package and each release's citation say the same title, author, version, date and URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import internet_plus
from internet_plus.versions import CITATION_AUTHOR, REPOSITORY, TITLE


def cff(root: Path) -> dict[str, str]:
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    return {m[1]: m[2].strip('"') for m in re.finditer(r"^([a-z-]+): (.+)$", text, re.M)}


def test_citation_cff_is_the_current_release(root: Path) -> None:
    from releases import release_config

    config = release_config()
    fields = cff(root)
    assert (fields["version"], fields["date-released"]) == (config.version, config.date)
    assert fields["title"] == TITLE == json.loads((root / "datapackage.json").read_bytes())["title"]
    assert fields["url"] == REPOSITORY == fields["repository-code"]
    assert f'- name: "{CITATION_AUTHOR}"' in (root / "CITATION.cff").read_text(encoding="utf-8")


def test_each_release_citation_names_its_version_date_title_and_stable_file() -> None:
    for r in internet_plus.releases():
        assert r.citation.startswith(f"{CITATION_AUTHOR} ({r.date[:4]}). {TITLE}, version {r.version} ({r.date})")
        assert f"{REPOSITORY}/raw/main/releases/{r.version}/{r.zip.path}" in r.citation
        assert r.zip.sha256 in r.citation


def test_the_readme_quotes_a_release_citation_exactly(root: Path) -> None:
    """The README's example is what ``internet_plus.release(v).citation`` gives, as it says, word for word."""
    readme = (root / "README.md").read_text(encoding="utf-8").split("**Citing.**", 1)[1]
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    version = re.search(r"version (\d+\.\d+\.\d+) ", quoted)
    assert version is not None
    assert quoted == internet_plus.release(version.group(1)).citation
