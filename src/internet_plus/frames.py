"""Typed rows -> pandas and polars frames with the schema's types (the optional extras)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import MissingExtraError
from .models import MODELS

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["to_pandas", "to_polars"]


def to_pandas(table: str, rows: tuple[Any, ...], types: Mapping[str, type]) -> pandas.DataFrame:
    """A DataFrame with nullable dtypes: Int64 for integers, string for text, boolean, datetime64 for dates."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas is not installed: pip install 'internet-plus[pandas]'") from None
    model = MODELS[table]
    frame = pd.DataFrame([r.model_dump() for r in rows], columns=list(model.model_fields))
    for name, kind in types.items():
        if kind is bool:
            frame[name] = frame[name].astype("boolean")
        elif kind is int:
            frame[name] = frame[name].astype("Int64")
        elif kind is dt.date:
            frame[name] = pd.to_datetime(frame[name])
        else:
            frame[name] = frame[name].astype("string")
    return frame


def to_polars(table: str, rows: tuple[Any, ...]) -> polars.DataFrame:
    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars is not installed: pip install 'internet-plus[polars]'") from None
    model = MODELS[table]
    return (
        pl.DataFrame([r.model_dump() for r in rows], schema=list(model.model_fields), orient="row")
        if rows
        else pl.DataFrame(schema=list(model.model_fields))
    )
