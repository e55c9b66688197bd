"""Publish and check releases.

    python scripts/release.py --check     # every published release intact; the tree agrees with the index
    python scripts/release.py publish     # freeze the version in pyproject.toml as a release
    python scripts/release.py reconstruct 1.0.0 --commit 3018d9b --date 2026-11-25
                                          # keep a release published before this mechanism, from git history

``publish`` builds the package (the build must be up to date), validates it (a package that fails validation is
never published), checks that the version step is at
least what the versioning policy requires for the changes since the last release, then writes
``releases/<version>/`` and appends the release to ``releases/index.json``. It refuses to touch a
release that is already published: a published release never changes; publish a new version.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence

from _common import ROOT, BuildError
from build import generate
from changes import diff_snapshots, snapshot_of
from versioning import required_bump

from internet_plus.resources import text_entries
from releases import (
    INDEX_PATH,
    check_published,
    derived_members,
    index_bytes,
    index_entry,
    package_members,
    published_members,
    read_index,
    release_config,
    tree_problems,
    version_key,
)

__all__ = ["declared_bump", "git_members", "main", "refuse_invalid"]

STEPS = {"major": 3, "minor": 2, "patch": 1, "none": 0}


def declared_bump(previous: str, version: str) -> str:
    old, new = version_key(previous), version_key(version)
    if new <= old:
        return "none"
    return "major" if new[0] > old[0] else "minor" if new[1] > old[1] else "patch"


def git_members(commit: str) -> dict[str, bytes]:
    """The package files as committed at ``commit``: its datapackage.json and every file that lists."""

    def show(path: str) -> bytes:
        try:
            return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, check=True).stdout
        except subprocess.CalledProcessError as exc:
            raise BuildError(f"git show {commit}:{path}: {exc.stderr.decode(errors='replace').strip()}") from None

    package = json.loads(show("datapackage.json"))
    paths = [p for r in package["resources"] for p in (r["path"], r["json"]["path"], r["schema"])]
    paths += [t["path"] for t in text_entries(package)]
    return {"datapackage.json": show("datapackage.json"), **{p: show(p) for p in paths}}


def _write(files: Mapping[str, bytes]) -> None:
    for rel, data in files.items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _append(entry: dict[str, object], kept: Mapping[str, bytes]) -> None:
    releases = read_index()
    if any(r["version"] == entry["version"] for r in releases):
        raise BuildError(f"release {entry['version']} is already published; a published release never changes")
    _write({**kept, str(INDEX_PATH.relative_to(ROOT)): index_bytes([*releases, entry])})


def refuse_invalid() -> None:
    """A package that fails validation (Frictionless and the edition's own checks) is never published."""
    from internet_plus.validation import validate

    problems = validate(ROOT / "datapackage.json")
    if problems:
        raise BuildError(
            f"the package fails validation ({len(problems)} problem(s)), nothing was published; the first: {problems[0]}"
        )


def publish() -> str:
    config = release_config()
    files = generate()
    stale = sorted(
        rel for rel, data in files.items() if not (ROOT / rel).is_file() or (ROOT / rel).read_bytes() != data
    )
    if stale:
        raise BuildError("the build is out of date (run scripts/build.py first): " + ", ".join(stale))
    refuse_invalid()
    members = package_members(files)
    releases = read_index()
    previous = max((r["version"] for r in releases), key=version_key) if releases else None
    changes = json.loads(files["dataset/changes.json"])
    mine = [c for c in changes if c["release"] == config.version]
    if previous is not None:
        old = snapshot_of(previous, published_members(previous))
        new = snapshot_of(config.version, members)
        need, why = required_bump(old, new, diff_snapshots(old, new))
        have = declared_bump(previous, config.version)
        if STEPS[have] < STEPS[need]:
            raise BuildError(
                f"{previous} -> {config.version} is a {have} step, but the changes need a {need} release ({why})"
            )
    entry, kept = index_entry(config.version, config.date, previous, members, len(mine), derived_members(files))
    _append(entry, kept)
    return f"published {config.version}: {len(mine)} changes since {previous or 'nothing'}"


def reconstruct(version: str, commit: str, date: str) -> str:
    members = git_members(commit)
    package = json.loads(members["datapackage.json"])
    if package.get("version") != version:
        raise BuildError(f"{commit}: datapackage.json is version {package.get('version')}, not {version}")
    releases = read_index()
    previous = max((r["version"] for r in releases), key=version_key) if releases else None
    entry, kept = index_entry(version, date, previous, members, 0)
    full = subprocess.run(["git", "rev-parse", commit], cwd=ROOT, capture_output=True, text=True, check=True)
    entry["reconstructed_from"] = {
        "commit": full.stdout.strip(),
        "note": "published before releases were kept; rebuilt from the commit it was published at",
    }
    _append(entry, kept)
    return f"reconstructed {version} from {commit}: {len(members)} files"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check every published release and the tree")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("publish", help="freeze the version in pyproject.toml as a release")
    rec = sub.add_parser("reconstruct", help="keep a release published before this mechanism, from git history")
    rec.add_argument("version")
    rec.add_argument("--commit", required=True)
    rec.add_argument("--date", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "publish":
            print(publish())
        elif args.command == "reconstruct":
            print(reconstruct(args.version, args.commit, args.date))
        else:
            problems = check_published() + tree_problems(generate())
            for p in problems:
                print(p, file=sys.stderr)
            if problems:
                return 1
            print(f"ok: {len(read_index())} published release(s) intact")
    except BuildError as exc:
        print(f"release failed: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
