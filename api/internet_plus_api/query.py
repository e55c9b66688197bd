"""Query parameters: one declaration drives both the validator and the OpenAPI document.

A ``Param`` knows its type, bounds, pattern and allowed values; ``parse_query`` applies every
endpoint's declarations to the raw query string and answers 400 with the reasons for *all* bad
parameters at once. Because ``Param.schema()`` is generated from the same object, a value the
contract accepts is never refused and a value it forbids is never served.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal
from urllib.parse import parse_qsl

from .problems import ProblemError
from .settings import MAX_LIST_ITEMS, MAX_VALUE_LENGTH

__all__ = ["Param", "Query", "parse_query"]

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INTEGER = re.compile(r"-?[0-9]{1,12}")


def _compile(pattern: str) -> re.Pattern[str]:
    """ECMA-262 semantics in Python: ``$`` must not match before a trailing newline."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


@dataclass(frozen=True, eq=False)  # identity: hashed as a key of the per-endpoint spec cache
class Param:
    """One query parameter. ``many`` means a comma-separated list (OpenAPI ``style: form, explode: false``)."""

    name: str
    description: str
    type: Literal["string", "integer", "boolean"] = "string"
    many: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = MAX_VALUE_LENGTH
    minimum: int | None = None
    maximum: int | None = None
    default: Any = None
    required: bool = False
    field: str | None = None
    max_items: int = MAX_LIST_ITEMS
    examples: tuple[str, ...] = ()
    mismatch: str | None = None  # the reason a value that fails ``pattern`` is given, if not the pattern

    @cached_property
    def _regex(self) -> re.Pattern[str] | None:
        return _compile(self.pattern) if self.pattern else None

    @cached_property
    def _enum(self) -> frozenset[str]:
        return frozenset(self.enum)

    def item_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": self.type}
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.type == "string" and not self.enum:
            if self.min_length is not None:
                schema["minLength"] = self.min_length
            if self.max_length is not None:
                schema["maxLength"] = self.max_length
            if self.pattern:
                schema["pattern"] = self.pattern
        if self.type == "integer":
            schema.update({k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None})
        return schema

    def schema(self) -> dict[str, Any]:
        if self.many:
            return {"type": "array", "items": self.item_schema(), "minItems": 1, "maxItems": self.max_items}
        schema = self.item_schema()
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3.1 Parameter Object."""
        doc: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": self.schema(),
        }
        if self.many:
            doc["style"], doc["explode"] = "form", False
        if self.examples:
            doc["example"] = self.examples[0]
        return doc

    def _one(self, raw: str) -> Any:
        if self.type == "integer":
            if not _INTEGER.fullmatch(raw):
                raise ValueError(f"{_show(raw)} is not an integer")
            value = int(raw)
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise ValueError(f"{value} is out of range: from {self.minimum} to {self.maximum}")
            return value
        if self.type == "boolean":
            if raw not in ("true", "false"):
                raise ValueError(f"{_show(raw)} is not true or false")
            return raw == "true"
        if self.enum:
            if raw not in self._enum:
                raise ValueError(f"{_show(raw)} is not one of: {', '.join(self.enum)}")
            return raw
        if self.max_length is not None and len(raw) > self.max_length:
            raise ValueError(f"is {len(raw)} characters long; at most {self.max_length} are accepted")
        if self.min_length is not None and len(raw) < self.min_length:
            raise ValueError("must not be empty" if self.min_length == 1 else f"needs {self.min_length} characters")
        if self._regex is not None and not self._regex.search(raw):
            raise ValueError(f"{_show(raw)} {self.mismatch or f'does not match {self.pattern}'}")
        return raw

    def parse(self, raw: str) -> Any:
        """The typed value (a tuple for ``many``), or ValueError naming what is wrong."""
        if not self.many:
            return self._one(raw)
        items = raw.split(",")
        if len(items) > self.max_items:
            raise ValueError(f"lists {len(items)} values; at most {self.max_items} are accepted")
        return tuple([self._one(item) for item in items])


@dataclass(frozen=True, slots=True)
class Query:
    """Validated parameters: typed values (defaults filled in) and the raw strings, for building links."""

    values: Mapping[str, Any]
    raw: tuple[tuple[str, str], ...]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _malformed(reason: str) -> ProblemError:
    return ProblemError("malformed-query", f"The query string cannot be decoded: {reason}.")


def _decode(query_string: bytes) -> list[tuple[str, str]]:
    try:
        text = query_string.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("it holds bytes that are not UTF-8") from None
    if "%" not in text and "+" not in text:  # nothing to unquote: parse_qsl's split alone, at a fifth of its cost
        return [(name, value) for name, _, value in (part.partition("=") for part in text.split("&") if part)]
    if _BAD_ESCAPE.search(text):
        raise _malformed("a '%' does not start a two-digit hexadecimal escape")
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise _malformed("a percent-escape encodes bytes that are not UTF-8") from None


@dataclass(frozen=True, slots=True)
class _Spec:
    """What ``parse_query`` needs of an endpoint's parameters, worked out once per parameter tuple."""

    by_name: Mapping[str, Param]
    order: Mapping[str, int]
    defaults: Mapping[str, Any]
    required: bool
    allowed: str


@functools.lru_cache(maxsize=512)  # one entry per endpoint: their parameter tuples are made at start-up
def _spec(params: tuple[Param, ...]) -> _Spec:
    names = sorted(p.name for p in params)
    return _Spec(
        {p.name: p for p in params},
        {p.name: i for i, p in enumerate(params)},
        {p.name: p.default for p in params},
        any(p.required for p in params),
        ", ".join(names) if names else "none",
    )


def parse_query(query_string: bytes, params: Sequence[Param]) -> Query:
    """Check every parameter; on any problem raise one 400 that lists them all."""
    spec = _spec(tuple(params))
    pairs = _decode(query_string) if query_string else []
    seen: dict[str, str] = {}
    invalid: list[dict[str, str]] = []
    unknown: list[str] = []
    for name, raw in pairs:
        if name not in spec.by_name:
            unknown.append(name[:64])
        elif name in seen:
            invalid.append({"name": name, "reason": "is given more than once; separate several values with commas"})
        else:
            seen[name] = raw
    if unknown:
        raise ProblemError(
            "unknown-parameter",
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}. "
            f"This endpoint accepts: {spec.allowed}.",
            extensions={
                "invalid_params": [{"name": n, "reason": "is not a parameter of this endpoint"} for n in unknown]
                + invalid,
                "allowed": sorted(spec.by_name),
            },
        )
    values: dict[str, Any] = dict(spec.defaults)
    # in declaration order, so that the reasons (and the links' parameters) come in that order
    names = list(spec.by_name) if spec.required else sorted(seen, key=spec.order.__getitem__)
    for name in names:
        given = seen.get(name)
        if given is None:
            if spec.by_name[name].required:
                invalid.append({"name": name, "reason": "is required"})
            continue
        try:
            values[name] = spec.by_name[name].parse(given)
        except ValueError as exc:
            invalid.append({"name": name, "reason": str(exc)})
    if invalid:
        detail = "; ".join(f"{i['name']}: {i['reason']}" for i in invalid)
        raise ProblemError(
            "invalid-parameter", f"Invalid query parameters: {detail}.", extensions={"invalid_params": invalid}
        )
    return Query(values, tuple((name, seen[name]) for name in names if name in seen))
