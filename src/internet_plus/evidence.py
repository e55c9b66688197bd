"""The written rules for the policy family's evidence: a document's genre from its title, a link's grade from its
quote, and when a link may say ``implements``. The build refuses a row that breaks them, and the tests re-derive every
published value from them, so a grade is never an opinion:

* ``cites_number``: the quote cites the target document's number, in any spelling the citation resolver reads.
* ``cites_title``: otherwise, the quote cites the target's title (《…》, with or without its issuer), or, for a
  target whose title is the 互联网+ action, names the action as what it carries out (贯彻落实/落实/实施/推进 “互联网+”行动).
* ``title_match``: otherwise, the quote contains the subject's title word for word (a heading that repeats it).
* ``passage`` or ``topical``: otherwise; ``passage`` needs a quote (a passage that takes the subject up), ``topical``
  is the only grade of a link without one.
* ``implements`` only where the later document cites the target: this link's grade is a ``cites_*`` one, or the same
  document has a document-level link to the target graded so. A same-topic document is ``related``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .citations import Resolver
from .search import normalise

__all__ = [
    "CITES",
    "GENRES",
    "GRADES",
    "SUPPORTS",
    "confidence_of",
    "confidence_problem",
    "expected_grades",
    "genre_of",
    "grade_problem",
    "relation_problem",
]

SUPPORTS = ("layout", "document", "other_document", "none")
GRADES = ("cites_number", "cites_title", "title_match", "passage", "topical")
CITES = frozenset({"cites_number", "cites_title"})
GENRES = ("意见", "通知", "方案", "计划", "规划", "纲要", "办法", "指南", "函", "批复", "公告", "答复", "法")
_TERM = re.compile(r"[（(][^（）()]*[年版][）)]$")
_ISSUES = re.compile(r"^.*关于印发《?(?P<inner>.+?)》?的通知$")
_ACTION = re.compile(r"(贯彻落实|落实|实施|推进|贯彻)[^。；]{0,8}“互联网\+”行动")
_ACTION_TITLE = "“互联网+”行动"


def _ending(title: str) -> str | None:
    title = _TERM.sub("", title.strip())
    return next((g for g in sorted(GENRES, key=len, reverse=True) if title.endswith(g)), None)


def genre_of(title: str) -> str | None:
    """The genre word that ends the title; for 关于印发…的通知, the genre of what it issues when its title has one."""
    issued = _ISSUES.match(_TERM.sub("", title.strip()))
    if issued:
        inner = _ending(issued.group("inner"))
        if inner:
            return inner
    return _ending(title)


def expected_grades(
    quote: str | None, target: str, target_title: str, subject_title: str | None, resolver: Resolver
) -> tuple[str, ...]:
    """The grades the rule allows for a link with this quote (one, except passage/topical for an untied quote)."""
    if not quote:
        return ("topical",)
    found = resolver.find(quote)
    if any(c.kind == "number" and c.document_id == target for c in found):
        return ("cites_number",)
    if any(c.kind == "title" and c.document_id == target for c in found):
        return ("cites_title",)
    if _ACTION_TITLE in target_title and _ACTION.search(normalise(quote).replace('"', "“")):
        return ("cites_title",)
    if subject_title and subject_title in quote:
        return ("title_match",)
    return ("passage", "topical")


def grade_problem(
    link: Mapping[str, Any], resolver: Resolver, subject_title: str | None, titles: Mapping[str, str]
) -> str | None:
    """What is wrong with a link's grade under the rule, or None."""
    allowed = expected_grades(
        link["quote_zh"], link["to_document_id"], titles[link["to_document_id"]], subject_title, resolver
    )
    if link["evidence_grade"] not in allowed:
        return f"evidence_grade {link['evidence_grade']} breaks the rule: its quote gives {' or '.join(allowed)}"
    return None


def relation_problem(link: Mapping[str, Any], links: Iterable[Mapping[str, Any]]) -> str | None:
    """``implements`` needs a citation of the target by the same document (this link, or its document-level link)."""
    if link["relation"] != "implements" or link["evidence_grade"] in CITES:
        return None
    for other in links:
        if (
            other["from_document_id"] == link["from_document_id"]
            and other["to_document_id"] == link["to_document_id"]
            and not other["to_subject_id"]
            and other["evidence_grade"] in CITES
        ):
            return None
    return f"implements needs a citation of {link['to_document_id']} by {link['from_document_id']} (number or title); this is related"


def confidence_of(witnesses: int, support: str) -> str:
    """An erratum's confidence by the errata schema's rule: high (the source's own layout shows it, or two independent
    witnesses of the text read it), medium (one witness and support from the document itself or another document),
    low (one witness alone, or none). A witness is a copy of the document's own text (a Chinese copy, or a translation
    made from one); another document with the same words supports a reading, it does not witness it."""
    if support == "layout" or witnesses >= 2:
        return "high"
    return "medium" if witnesses == 1 and support in ("document", "other_document") else "low"


def confidence_problem(witnesses: str, support: str, confidence: str, status: str) -> str | None:
    """What is wrong with an erratum's grade or status under the rule, or None. Status: applied needs a witness or the
    layout; declined means no witness reads the reading considered; open means a witness reads it and doubt remains."""
    if not (witnesses.isascii() and witnesses.isdigit()):
        return f"witnesses must be a whole number, not {witnesses!r}"
    if support not in SUPPORTS:
        return f"support must be one of {', '.join(SUPPORTS)}, not {support!r}"
    count = int(witnesses)
    expected = confidence_of(count, support)
    if confidence != expected:
        return f"confidence {confidence} breaks the rule: {count} witness(es) and support {support} give {expected}"
    if status == "applied" and count == 0 and support != "layout":
        return "an applied correction needs a witness that reads it, or the source's own layout"
    if status == "declined" and count > 0:
        return "a declined reading has no witness; a reading a witness gives is applied or open"
    if status == "open" and count == 0:
        return "an open reading has a witness (the doubt is in confidence_note); with none it is declined"
    return None
