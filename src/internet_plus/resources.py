"""Where the data files are: inside the installed wheel, or at the repository root.

A wheel carries dataset/, schemas/ and datapackage.json under internet_plus/_data. An editable
install does not expose that mapping, so the source tree's root is the fallback; either way every
path is resolved from this file, never from the working directory.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .errors import DataIntegrityError

__all__ = ["data_root", "text_entries"]


def data_root() -> Traversable:
    bundled = files("internet_plus") / "_data"
    if bundled.joinpath("datapackage.json").is_file():
        return bundled
    source_tree = Path(__file__).resolve().parent.parent.parent
    if (source_tree / "datapackage.json").is_file():
        return source_tree
    raise DataIntegrityError(
        "datapackage.json not found: neither in the installed package (internet_plus/_data) "
        f"nor in the source tree ({source_tree}); reinstall the package"
    )


def text_entries(package: dict[str, Any]) -> list[dict[str, Any]]:
    """The canonical texts a descriptor lists: ``texts`` (2.0.0 on, one per held document) or 1.x's ``text``."""
    texts = package.get("texts")
    if isinstance(texts, list):
        return [t for t in texts if isinstance(t, dict)]
    text = package.get("text")
    return [{**text, "document_id": "guofa-2015-40"}] if isinstance(text, dict) else []
