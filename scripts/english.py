"""English text that is composed, not translated: numbered headings and attributions.

Translators write each title and body once (dataset/source/<document>/english.csv); the printed forms of the
provisions ("1. Title. Body", "(3) Heading.") and the attribution sentences are assembled here, so
an agency's English name or a heading is spelled the same way everywhere.
"""

from __future__ import annotations

from _common import BuildError
from parse_document import roman

__all__ = ["attribution_en", "compose", "join_names"]


def join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def attribution_en(names: list[str], verb: str, states_rule: bool) -> str:
    """Render an attribution with the agencies' official English names, keeping its grammar.

    A collective designation ("All local governments") is a description, not a name: inside a list it
    is written in lower case ("All relevant departments and all local governments are responsible").
    """
    names = [names[0], *(n[0].lower() + n[1:] if n.startswith("All ") else n for n in names[1:])]
    if verb == "等负责":
        text = f"{', '.join(names)} and others are responsible"
    elif verb == "共同牵头":
        text = f"{join_names(names)} jointly lead"
    elif verb == "牵头":
        text = f"{join_names(names)} leads" if len(names) == 1 else f"{join_names(names)} lead"
    else:  # 负责 without 等: a closed list
        text = f"{join_names(names)} are responsible" if len(names) > 1 else f"{names[0]} is responsible"
    if states_rule:
        text += "; the first listed is the lead department, and the same applies below"
    return f"({text})"


def compose(layout: str, number: int | None, marker: str, title: str | None, body: str | None) -> str | None:
    """The printed form of a provision in English, mirroring the Chinese layout the parser recognised."""
    if title is None:
        return None
    if layout == "part":
        return f"{roman(number or 0)}. {title}"
    if layout == "heading":
        return f"({number}) {title}."
    if body is None:
        return None
    if layout == "item":
        return f"{number}. {title}. {body}"
    if layout == "principle":
        return f"{title}. {body}"
    if layout == "dimension":
        return f"{'—' if marker == '——' else ''}{title}. {body}"
    if layout == "horizon":  # "By 2018, the integration …": the body continues the sentence
        first = body.split(" ", 1)[0]
        if first.isalpha() and first[0].isupper() and not (first.isupper() and len(first) > 1) and first != "Internet":
            body = body[0].lower() + body[1:]
        return f"{title}, {body}"
    raise BuildError(f"no English layout {layout!r}")
