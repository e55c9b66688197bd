"""Citations have one source (internet_plus.citation): the CLI, CITATION.cff, the schema.org citation, the
pages, the releases and the DataCite records say the same title, author, version, date and release file."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
import yaml
from internet_plus_api.app import create_app
from litestar.testing import TestClient

import internet_plus
from internet_plus.citation import AUTHOR, REPOSITORY, TITLE, release_file_url

CLI = [sys.executable, "-m", "internet_plus.cli", "cite"]
SHA_1_0_0 = "c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795"
ZIP_1_0_0 = "https://github.com/internet-plus-data/internet-plus/raw/main/releases/1.0.0/internet-plus-1.0.0.zip"


def cite(*args: str) -> str:
    out = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def cff(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return data


def test_citation_cff_is_the_current_edition_and_points_at_its_release_file(root: Path) -> None:
    from releases import release_config

    config = release_config()
    fields = cff(root)
    assert (fields["version"], str(fields["date-released"])) == (config.version, config.date)
    assert fields["title"] == TITLE == json.loads((root / "datapackage.json").read_bytes())["title"]
    assert fields["url"] == release_file_url(config.version) == fields["identifiers"][0]["value"]
    assert fields["repository-code"] == REPOSITORY and fields["authors"] == [{"name": AUTHOR}]
    package = json.loads((root / "datapackage.json").read_bytes())
    assert fields["abstract"] == package["description"]
    assert [r["url"] for r in fields["references"]] == [s["path"] for s in package["sources"]]
    assert {"国发〔2015〕40号", "国发〔2015〕5号"} <= {
        m for r in fields["references"] for m in re.findall(r"国发〔2015〕\d+号", r["title"])
    }


def test_cli_cff_schema_org_and_pages_give_one_citation(root: Path) -> None:
    text = cite().strip()
    assert text == cite("dataset").strip()
    assert cff(root)["message"].endswith(" " + text)
    with TestClient(create_app()) as client:
        assert client.get("/v1/metadata/dataset.jsonld").json()["citation"] == text
        for page in ("/", "/releases"):
            shown = client.get(page, headers={"Accept": "text/html"}).text
            assert html.escape(text, quote=False) in shown or html.escape(text) in shown, page
        version = internet_plus.load().version
        if any(r.version == version for r in internet_plus.releases()):
            assert client.get(f"/v1/releases/{version}").json()["citation"]["text"] == text


def test_each_release_citation_names_its_version_date_title_and_release_file() -> None:
    for r in internet_plus.releases():
        assert r.citation == cite("--release", r.version).strip() == cite(r.version).strip()
        assert r.citation.startswith(f"{AUTHOR} ({r.date[:4]}). {TITLE}, version {r.version} ({r.date})")
        assert f"{REPOSITORY}/raw/main/releases/{r.version}/{r.zip.path}" in r.citation
        assert r.zip.sha256 in r.citation and r.url == release_file_url(r.version)


def test_the_readme_quotes_a_release_citation_exactly(root: Path) -> None:
    """The README's example is what ``internet_plus.release(v).citation`` gives, as it says, word for word."""
    readme = (root / "README.md").read_text(encoding="utf-8").split("**Citing.**", 1)[1]
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    version = re.search(r"version (\d+\.\d+\.\d+) ", quoted)
    assert version is not None
    assert quoted == internet_plus.release(version.group(1)).citation


def test_a_row_of_a_release_in_text() -> None:
    assert cite("A02.1", "--release", "1.0.0") == (
        f"{AUTHOR} (2026). tasks A02.1 大力发展智能制造. In: {TITLE}, version 1.0.0 (2026-11-25) [data set]. "
        f"{ZIP_1_0_0} (sha256 {SHA_1_0_0}); /v1/releases/1.0.0/tables/tasks/A02.1.\n"
    )


def test_a_row_in_bibtex_reads_back_with_a_bibtex_parser() -> None:
    library = bibtexparser.parse_string(cite("A02.1", "--release", "1.0.0", "--format", "bibtex"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "internet-plus-1.0.0-tasks-A02.1")
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "{Internet Plus open data contributors}"  # one organisation, not split into names
    assert fields["title"] == "{tasks A02.1 大力发展智能制造}"
    assert (fields["year"], fields["date"], fields["version"], fields["url"]) == (
        "2026",
        "2026-11-25",
        "1.0.0",
        ZIP_1_0_0,
    )
    assert SHA_1_0_0 in fields["note"] and "/v1/releases/1.0.0/tables/tasks/A02.1" in fields["note"]


def test_a_document_in_ris_reads_back_with_a_ris_parser() -> None:
    """5号 joined the edition in 2.0.0: its citation names that release."""
    (entry,) = rispy.loads(cite("guofa-2015-5", "--release", "2.0.0", "--format", "ris"))
    (by_number,) = rispy.loads(cite("国发〔2015〕40号", "--release", "2.0.0", "--format", "ris"))
    assert entry["type_of_reference"] == "DATA" and entry["authors"] == [AUTHOR]
    assert entry["title"] == "国务院关于促进云计算创新发展培育信息产业新业态的意见 (国发〔2015〕5号)"
    assert (entry["secondary_title"], entry["year"], entry["edition"], entry["urls"]) == (
        TITLE,
        "2026",
        "2.0.0",
        [release_file_url("2.0.0")],
    )
    assert by_number["title"] == "国务院关于积极推进“互联网+”行动的指导意见 (国发〔2015〕40号)"
    assert "/v1/releases/2.0.0/tables/documents/guofa-2015-5" in entry["notes"]
    assert internet_plus.release("2.0.0").zip.sha256 in entry["notes"][0]


def test_the_dataset_and_an_agency_in_csl_json() -> None:
    (item,) = json.loads(cite("--release", "1.0.0", "--format", "csl-json"))
    assert item == {
        "id": "internet-plus-1.0.0",
        "type": "dataset",
        "title": f"{TITLE}, version 1.0.0",
        "author": [{"literal": AUTHOR}],
        "issued": {"date-parts": [[2026, 11, 25]]},
        "version": "1.0.0",
        "URL": ZIP_1_0_0,
        "note": f"Data set. sha256 {SHA_1_0_0}",
    }
    (agency,) = json.loads(cite("ndrc", "--release", "1.0.0", "--format", "csl-json"))
    assert (agency["title"], agency["container-title"]) == ("agencies ndrc 发展改革委", TITLE)
    assert agency["locator"] == "/v1/releases/1.0.0/tables/agencies/ndrc"


def test_an_id_in_two_tables_is_the_row_not_the_provision_unless_asked() -> None:
    assert "tasks A02.1" in cite("A02.1") and "provisions A02.1" in cite("A02.1", "--table", "provisions")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A99"], "cite: no row, document or release 'A99' in "),
        (["--release", "9.9"], "no release '9.9'; published: "),
        (["A02.1", "--table", "taks"], "no table named 'taks'; nearest: tasks"),
        (["pyproject.toml", "--format", "bibtex"], "the citations in a text are listed as table, json, csv, ndjson"),
        (["A02.1", "--format", "ndjson"], "a citation is given as "),
    ],
)
def test_a_bad_request_is_one_line(root: Path, args: list[str], message: str) -> None:
    out = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, cwd=root, input="", timeout=120)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr


def test_a_file_or_standard_input_is_searched_for_citations(root: Path) -> None:
    text = "根据国发[2015]40号和《国务院关于积极推进“互联网+”行动的指导意见》"
    out = subprocess.run(
        [*CLI, "-", "--format", "json"], capture_output=True, text=True, cwd=root, input=text, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert [r["document_id"] for r in json.loads(out.stdout)] == ["guofa-2015-40", "guofa-2015-40"]


def datacite(root: Path, name: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((root / "metadata" / "datacite" / name).read_bytes())["data"]
    assert record["type"] == "dois"
    return dict(record["attributes"])


def relations(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["relationType"], r["relatedIdentifier"]) for r in record["relatedIdentifiers"]]


def test_datacite_records_for_every_release_with_the_concept_and_version_relations(root: Path) -> None:
    published = internet_plus.releases()
    concept = datacite(root, "internet-plus.json")
    assert concept["url"] == REPOSITORY
    assert [r for r in relations(concept) if r[0] == "HasVersion"][: len(published)] == [
        ("HasVersion", r.url) for r in published
    ]
    for before, r in enumerate(published):
        record = datacite(root, f"internet-plus-{r.version}.json")
        for required in ("creators", "titles", "publisher", "publicationYear", "types", "schemaVersion"):
            assert record[required], required
        assert record["types"]["resourceTypeGeneral"] == "Dataset" and record["titles"][0]["title"] == TITLE
        assert (record["version"], record["publicationYear"], record["url"]) == (r.version, r.date[:4], r.url)
        assert {"date": r.date, "dateType": "Issued"} in record["dates"]
        assert f"{r.zip.bytes} bytes" in record["sizes"]
        assert any(r.zip.sha256 in d["description"] for d in record["descriptions"])
        expected = [("IsVersionOf", REPOSITORY)]
        expected += [("IsNewVersionOf", release_file_url(r.previous))] if r.previous else []
        assert relations(record)[: len(expected)] == expected
        assert r.previous == (published[before - 1].version if before else None)
    (extra,) = sorted(
        p.name
        for p in (root / "metadata" / "datacite").glob("*.json")
        if p.name not in {"internet-plus.json", *(f"internet-plus-{r.version}.json" for r in published)}
    ) or ("",)
    assert extra in ("", f"internet-plus-{internet_plus.load().version}.json"), "only the unpublished current version"
