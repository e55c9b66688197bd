"""Who leads: the one statement of the role rule, applied by the build and checked by validation.

The document states the rule once, in action 1: 列第一位者为牵头部门，下同 (the first listed is the lead
department; the same applies below). An attribution is a parenthesised list of names ending in a verb:
``等负责`` (the first listed leads, the others take part), ``共同牵头`` (all listed co-lead), ``牵头``
(the one named leads) or a closed ``负责`` list, which in this document names only collective
designations and so no lead (``joint``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["ATTRIBUTION_BODY", "Attribution", "parse_attribution", "roles"]

ATTRIBUTION_BODY = re.compile(
    r"^(?P<names>.+?)(?P<verb>等负责|共同牵头|牵头|负责)(?P<rule>，列第一位者为牵头部门，下同)?$"
)


class Attribution(NamedTuple):
    """An attribution's names in printed order, its verb, and whether it states the rule itself."""

    names: tuple[str, ...]
    verb: str
    states_rule: bool


def parse_attribution(body: str) -> Attribution | None:
    """The inside of ``（…）``, or None if it does not end in one of the four verbs."""
    m = ATTRIBUTION_BODY.match(body)
    if m is None:
        return None
    return Attribution(tuple(m.group("names").split("、")), m.group("verb"), m.group("rule") is not None)


def roles(verb: str, count: int) -> list[tuple[str, str]]:
    """(role, basis) of each of the ``count`` names listed before ``verb``, in printed order."""
    if verb == "共同牵头":
        return [("co-lead", "共同牵头")] * count
    if verb == "牵头":
        return [("lead", "牵头")] * count
    if verb == "等负责":
        return [("lead", "listed first")] + [("participant", "等负责")] * (count - 1)
    if verb == "负责":
        return [("joint", "负责")] * count
    raise ValueError(f"{verb!r} is not an attribution verb")
