"""The parse of one document: its provisions, structured rows and attributions, and the numerals it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from _common import BuildError

__all__ = ["Attribution", "Parsed", "Provision", "Row", "chinese_numeral", "roman"]

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_numeral(text: str) -> int:
    """一 … 九十九, as headings print them."""
    if not text or any(c not in NUMERALS for c in text):
        raise BuildError(f"unsupported numeral {text!r}")
    if len(text) == 1:
        return NUMERALS[text]
    if text[0] == "十":
        return 10 + NUMERALS[text[1:]] if len(text) == 2 else 10
    tens = NUMERALS[text[0]] * 10
    if len(text) == 2 and text[1] == "十":
        return tens
    if len(text) == 3 and text[1] == "十":
        return tens + NUMERALS[text[2]]
    raise BuildError(f"unsupported numeral {text!r}")


def roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass
class Provision:
    id: str
    parent_id: str | None
    kind: str
    number: int | None
    heading_zh: str | None
    start: int
    end: int
    text_zh: str
    level: int = 0
    seq: int = 0
    layout: str = "plain"  # how its English is printed: part, heading, item, principle, dimension, horizon, plain
    marker: str = ""  # a printed prefix before the heading, e.g. —— before a target dimension


@dataclass
class Row:
    """A structured row: one principle, target, action, task, group or measure."""

    id: str
    provision_id: str
    number: int | None
    title_zh: str
    text_zh: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict)
    has_body: bool = True


@dataclass
class Attribution:
    provision_id: str
    subject_id: str
    subject_table: str
    text_zh: str
    names: list[str]
    verb: str
    states_rule: bool
    start: int  # offset of the attribution in the canonical text


@dataclass
class Parsed:
    document_id: str
    provisions: list[Provision] = field(default_factory=list)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    attributions: list[Attribution] = field(default_factory=list)
