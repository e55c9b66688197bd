"""Published releases are kept whole and never change; 1.0.0 is exactly what was published."""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# The published 1.0.0, as served at the time (/v1/datapackage.json and /v1/download/internet-plus-1.0.0.zip).
V100_DATAPACKAGE = "e5d837fc0a54621dcaff6a82d0c6a25307a6b80eb4d0b009049227120004cfb0"
V100_ZIP = "c24d336c586a7a7906664ea319f637f1f3d59d9b2eebdfe6eb97c33359c02795"
# Frozen when 1.1.0 was published: a later change to its kept files must fail here.
V110_DATAPACKAGE = "954d151fc6847f3319dbd33d10a25f00df1e173183fc1e6a2bc8a78eb65088d8"
V110_ZIP = "1e204e7ef9715f4c6dd83fc96300efd91489424980639ec7edbd8f8d68099ed7"


def index(root: Path) -> list[dict[str, Any]]:
    releases: list[dict[str, Any]] = json.loads((root / "releases" / "index.json").read_text(encoding="utf-8"))[
        "releases"
    ]
    return releases


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_index_lists_releases_oldest_first_each_after_the_one_before(root: Path) -> None:
    releases = index(root)
    assert releases[0]["version"] == "1.0.0" and releases[0]["previous"] is None
    for before, after in itertools.pairwise(releases):
        assert after["previous"] == before["version"]
        assert after["date"] >= before["date"]


def test_1_0_0_kept_with_the_published_hashes(root: Path) -> None:
    entry = index(root)[0]
    assert entry["datapackage"]["hash"] == f"sha256:{V100_DATAPACKAGE}"
    assert sha256((root / "releases/1.0.0/datapackage.json").read_bytes()) == V100_DATAPACKAGE
    assert sha256((root / "releases/1.0.0/internet-plus-1.0.0.zip").read_bytes()) == V100_ZIP


def test_1_1_0_kept_with_its_published_hashes(root: Path) -> None:
    entry = index(root)[1]
    assert (entry["version"], entry["date"], entry["previous"], entry["changes"]) == (
        "1.1.0",
        "2026-12-01",
        "1.0.0",
        915,
    )
    assert entry["datapackage"]["hash"] == f"sha256:{V110_DATAPACKAGE}"
    assert sha256((root / "releases/1.1.0/internet-plus-1.1.0.zip").read_bytes()) == V110_ZIP
    names = {d["name"] for d in entry["distributions"]}
    assert {"internet-plus-1.1.0.zip", "internet-plus.db", "internet-plus.xlsx", "tasks.parquet"} <= names


def test_1_0_0_rebuilt_byte_for_byte_from_the_commit_it_was_published_at(root: Path) -> None:
    from release import git_members

    from releases import published_members

    entry = index(root)[0]
    commit = entry["reconstructed_from"]["commit"]
    try:
        from_git = git_members(commit)
    except Exception as exc:  # a clone without history cannot prove it: fail and say why
        pytest.fail(f"the repository's history is needed to rebuild 1.0.0 from {commit}: {exc}")
    kept = published_members("1.0.0")
    assert from_git == kept
    package = json.loads(kept["datapackage.json"])
    listed = [e for r in package["resources"] for e in (r, r["json"])] + [package["text"]]
    assert len(listed) == 27
    for e in listed:
        assert "sha256:" + sha256(from_git[e["path"]]) == e["hash"], e["path"]
        assert len(from_git[e["path"]]) == e["bytes"]
    from releases import DISTRIBUTIONS

    assert sha256(DISTRIBUTIONS[0].build("1.0.0", from_git)) == V100_ZIP


def test_every_published_release_is_intact() -> None:
    from releases import check_published

    assert check_published() == []


def test_a_changed_file_of_a_published_release_is_caught(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import releases

    copy = tmp_path / "releases"
    shutil.copytree(root / "releases", copy)
    data = bytearray((root / "releases/1.0.0/internet-plus-1.0.0.zip").read_bytes())
    data[100] ^= 1
    (copy / "1.0.0/internet-plus-1.0.0.zip").write_bytes(bytes(data))
    monkeypatch.setattr(releases, "ROOT", tmp_path)
    monkeypatch.setattr(releases, "INDEX_PATH", copy / "index.json")
    problems = releases.check_published()
    assert problems == [
        "releases/1.0.0/internet-plus-1.0.0.zip: a published file has changed "
        "(its sha256 differs from releases/index.json)"
    ]


def test_the_build_refuses_to_rewrite_a_published_release(monkeypatch: pytest.MonkeyPatch) -> None:
    from build import generate

    import releases

    files = generate()
    monkeypatch.setattr(releases, "release_config", lambda: releases.ReleaseConfig("1.0.0", "2026-11-25"))
    problems = releases.tree_problems(files)
    assert len(problems) == 1
    assert problems[0].startswith("release 1.0.0 is published and frozen, but the package differs from it in ")
    assert "set a new version in pyproject.toml and publish it" in problems[0]


def test_publish_refuses_a_version_already_published(monkeypatch: pytest.MonkeyPatch) -> None:
    import release
    from _common import BuildError

    with pytest.raises(BuildError, match=r"^release 1\.0\.0 is already published; a published release never changes$"):
        release._append({"version": "1.0.0"}, {})


def test_the_tree_agrees_with_the_index(root: Path) -> None:
    """A published version's package is unchanged; an unpublished one is newer than every release."""
    out = subprocess.run(
        [sys.executable, "scripts/release.py", "--check"], cwd=root, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"ok: {len(index(root))} published release(s) intact")


def test_the_current_release_if_published_is_the_package_served(root: Path) -> None:
    from releases import release_config

    version = release_config().version
    published = {r["version"]: r for r in index(root)}
    if version in published:
        files = {f["path"]: f["hash"] for f in published[version]["files"]}
        assert files["datapackage.json"] == "sha256:" + sha256((root / "datapackage.json").read_bytes())
    else:
        assert all(tuple(map(int, v.split("."))) < tuple(map(int, version.split("."))) for v in published)
