"""The exceptions the library raises: each message names what is wrong and where."""

from __future__ import annotations

__all__ = ["DataIntegrityError", "DatasetError", "MissingExtraError", "NotFoundError"]


class DatasetError(Exception):
    """Base class: anything wrong with the data files or with a request made of them."""


class DataIntegrityError(DatasetError):
    """A data file is missing, does not match its checksum in datapackage.json, or does not fit its schema."""


class NotFoundError(DatasetError, KeyError):
    """No row with that id. The message names the id, the table and the nearest ids."""

    def __init__(self, table: str, key: str, nearest: tuple[str, ...] = ()) -> None:
        self.table, self.key, self.nearest = table, key, nearest
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        what = f"no table named {key!r}" if table == "table" else f"no {table} row with id {key!r}"
        if table == "release":
            what, hint = f"no release {key!r}", f"; published: {', '.join(nearest)}" if nearest else ""
        super().__init__(what + hint)

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class MissingExtraError(DatasetError, ImportError):
    """An optional dependency (pandas, polars, the API) is not installed; the message says how to add it."""
