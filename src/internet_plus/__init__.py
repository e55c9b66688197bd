"""The Internet Plus action plan (国发〔2015〕40号) as typed, offline data.

    >>> import internet_plus
    >>> ds = internet_plus.load()
    >>> ds.action("A02").title_en

Importing the package is cheap; the models and the data are loaded on first use. ``__version__``
is read from the installed package's metadata, whose one source is pyproject.toml's [project] version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "DataIntegrityError",
    "Dataset",
    "DatasetError",
    "Duty",
    "Hit",
    "MissingExtraError",
    "NotFoundError",
    "Release",
    "__version__",
    "load",
    "release",
    "releases",
]

if TYPE_CHECKING:
    __version__: str
    from .dataset import Dataset, Duty
    from .errors import DataIntegrityError, DatasetError, MissingExtraError, NotFoundError
    from .loader import load
    from .search import Hit
    from .versions import Release, release, releases

_LAZY = {
    "Dataset": "dataset",
    "Duty": "dataset",
    "load": "loader",
    "Hit": "search",
    "Release": "versions",
    "release": "versions",
    "releases": "versions",
    "DataIntegrityError": "errors",
    "DatasetError": "errors",
    "MissingExtraError": "errors",
    "NotFoundError": "errors",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("internet-plus")
        except PackageNotFoundError:  # imported from a source tree that was never installed
            return "0+unknown"
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'internet_plus' has no attribute {name!r}")
