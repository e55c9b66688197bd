"""Query parameters: one declaration drives both the validator and the OpenAPI document.

A ``Param`` knows its type, bounds, pattern and allowed values; ``parse_query`` applies every
endpoint's declarations to the raw query string and answers 400 with the reasons for *all* bad
parameters at once. Because ``Param.schema()`` is generated from the same object, a value the
contract accepts is never refused and a value it forbids is never served.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal
from urllib.parse import parse_qsl

from .problems import ProblemError
from .settings import MAX_LIST_ITEMS, MAX_VALUE_LENGTH

__all__ = ["COMPARISONS", "Param", "Query", "parse_query"]

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INTEGER = re.compile(r"-?[0-9]{1,12}")
_NUMBER = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,12})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

COMPARISONS: dict[str, str] = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
"""``field__op=value``, as Datasette's column filters: the suffixes a date or number field takes."""
_COMPARED = re.compile(r"(.+)__(" + "|".join(COMPARISONS) + ")")


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
    type: Literal["string", "integer", "number", "date", "boolean"] = "string"
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
    op: str | None = None  # a comparison (a key of COMPARISONS) on ``field``; None: the value is one of the given
    contains: bool = False  # ``field`` is a list field: rows whose list holds any of the given values
    deprecated: bool = False  # an old name kept as an alias (documented as deprecated)
    also: tuple[str, ...] = ()  # words accepted besides a value of ``type`` (limit=all)

    @cached_property
    def _regex(self) -> re.Pattern[str] | None:
        return _compile(self.pattern) if self.pattern else None

    @cached_property
    def _enum(self) -> frozenset[str]:
        return frozenset(self.enum)

    def item_schema(self) -> dict[str, Any]:
        if self.type == "date":
            return {"type": "string", "format": "date", "minLength": 10, "maxLength": 10}
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
        if self.type in ("integer", "number"):
            schema.update({k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None})
        if self.also:
            return {"anyOf": [schema, *({"const": word} for word in self.also)]}
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
        if self.deprecated:
            doc["deprecated"] = True
        if self.examples:
            doc["example"] = self.examples[0]
        return doc

    def _one(self, raw: str) -> Any:
        if raw in self.also:
            return raw
        return _PARSERS.get(self.type, Param._text)(self, raw)

    def _date(self, raw: str) -> str:
        try:
            if _DATE.fullmatch(raw):
                return date.fromisoformat(raw).isoformat()  # a string: rows hold dates as ISO strings
        except ValueError:
            pass
        raise ValueError(f"{_show(raw)} is not a date (YYYY-MM-DD)")

    def _number(self, raw: str) -> float:
        if not _NUMBER.fullmatch(raw):
            raise ValueError(f"{_show(raw)} is not a number")
        return float(raw)

    def _boolean(self, raw: str) -> bool:
        if raw not in ("true", "false"):
            raise ValueError(f"{_show(raw)} is not true or false")
        return raw == "true"

    def _integer(self, raw: str) -> int:
        if not _INTEGER.fullmatch(raw):
            raise ValueError(f"{_show(raw)} is not an integer")
        value = int(raw)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"{value} is out of range: from {self.minimum} to {self.maximum}")
        return value

    def _choice(self, raw: str) -> str:
        if raw not in self._enum:
            raise ValueError(f"{_show(raw)} is not one of: {', '.join(self.enum)}")
        return raw

    def _text(self, raw: str) -> str:
        """A string: one of ``enum`` if it lists any, else within the length bounds and matching ``pattern``."""
        if self.enum:
            return self._choice(raw)
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


_PARSERS: dict[str, Callable[[Param, str], Any]] = {
    "date": Param._date,
    "number": Param._number,
    "integer": Param._integer,
    "boolean": Param._boolean,
    "string": Param._text,
}
"""How a value of each ``type`` is read; a string is checked against the declaration's own constraints."""


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
    compared: tuple[str, ...]  # the fields that take comparisons


@functools.lru_cache(maxsize=512)  # one entry per endpoint: their parameter tuples are made at start-up
def _spec(params: tuple[Param, ...]) -> _Spec:
    names = sorted(p.name for p in params)
    return _Spec(
        {p.name: p for p in params},
        {p.name: i for i, p in enumerate(params)},
        {p.name: p.default for p in params},
        any(p.required for p in params),
        ", ".join(names) if names else "none",
        tuple(dict.fromkeys(p.field for p in params if p.op and p.field)),
    )


def _unknown_reason(name: str, spec: _Spec) -> str:
    """Why ``name`` is refused; a comparison on a field that takes none says which fields do."""
    compared = _COMPARED.fullmatch(name)
    if compared is None:
        return "is not a parameter of this endpoint"
    ops = ", ".join(f"__{op}" for op in COMPARISONS)
    where = (
        f"the date and number fields only: {', '.join(spec.compared)}"
        if spec.compared
        else "date and number fields, and this list has none"
    )
    listed = spec.by_name.get("fields")  # a list's ``fields`` names every field its rows have
    if listed is not None and compared.group(1) not in listed.enum:
        return f"this list has no field {compared.group(1)!r}; comparisons ({ops}) work on {where}"
    return f"{compared.group(1)!r} cannot be compared: comparisons ({ops}) work on {where}"


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
        reasons = {n: _unknown_reason(n, spec) for n in unknown}
        hints = "".join(f" {n}: {r}." for n, r in reasons.items() if _COMPARED.fullmatch(n))
        raise ProblemError(
            "unknown-parameter",
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}.{hints} "
            f"This endpoint accepts: {spec.allowed}.",
            extensions={
                "invalid_params": [{"name": n, "reason": r} for n, r in reasons.items()] + invalid,
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
