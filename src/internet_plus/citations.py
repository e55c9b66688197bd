"""Citations of the family's documents in running text: a document number in any of the spellings texts use, or a
title in 《》, found and resolved to a row of ``documents``.

Texts write one number many ways: 国发〔2015〕40号, 国发[2015]40号, 国发（2015）40号, 国发［2015］40号, 國發〔2015〕40號,
国发〔２０１５〕４０号, 国发 〔2015〕 40 号, and in English "Guofa [2015] No. 40", "Guo Fa [2015] No. 5", "GF No. (2015)40".
All are read on the search key of :func:`internet_plus.search.normalise` (width-, case- and script-folded and of the
same length, so offsets found on it are offsets into the text) and reduced to one canonical form, 国发〔2015〕40号.
A title resolves when, after the same folding and with quotation marks unified, it equals a document's title, that
title without its issuer (国务院, 国务院办公厅 …), or the title a 关于印发《…》的通知 prints. Nothing is guessed: a
number whose prefix, year and serial match no document, or a title that equals no title, is found but resolved to
None. The labelled set in tests/fixtures/citations.csv measures it (precision and recall in the README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from .search import normalise

__all__ = ["Citation", "DocumentLike", "Resolver", "canonical_number"]

_OPEN, _CLOSE = "〔[［(（【", "〕]］)）】"
_HAN = "\u4e00-\u9fff"
# on the folded text: full-width brackets and digits are already half-width there (（ -> (, ［ -> [, ２ -> 2)
# the closing bracket may be lost in a reprint when a space still separates the year (国办发 〔 2016 47 号); 号 may be
# left out when nothing numeric follows (国办发〔2015〕51 文件); 年 may follow the year (国发〔2017年〕35号)
_ZH_NUMBER = re.compile(
    rf"(?P<prefix>[{_HAN}]{{1,12}})\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d\d)年?\s*(?:[{re.escape(_CLOSE)}]|\s(?=\s*\d))"
    r"\s*(?:第\s*)?(?P<serial>\d{1,5})(?:\s*[号號]|(?![\d.]))"
)
# English forms: the issuer's code in pinyin (Guofa, Guo Fa, GF), or its literal translation ("National Development"
# for 国发), then the year in brackets and the serial ("Guofa [2015] No. 40", "GF No. (2015)40", "Guofa (2015)
# Circular 28"); and "No. 40 [2015] of the State Council" (of its General Office: 国办发).
_PINYIN = {
    "guofa": "国发",
    "gf": "国发",
    "nationaldevelopment": "国发",
    "guobanfa": "国办发",
    "gbf": "国办发",
    "guobanhan": "国办函",
    "guohan": "国函",
}
_EN_NUMBER = re.compile(
    r"\b(?P<prefix>guo\s*ban\s*fa|guo\s*ban\s*han|guo\s*fa|guo\s*han|guobanfa|guobanhan|guofa|guohan|gbf|gf"
    r"|national\s+development)"
    r"\s*(?:no\.?\s*)?[\[(]\s*(?P<year>(?:19|20)\d\d)\s*[\])]\s*(?:no\.?\s*|circular\s+)?(?P<serial>\d{1,5})\b"
)
_EN_OF = re.compile(
    r"\bno\.\s*(?P<serial>\d{1,5})\s*\[(?P<year>(?:19|20)\d\d)\]\s*of\s+the\s+"
    r"(?P<issuer>general\s+office\s+of\s+the\s+state\s+council|state\s+council)\b"
)
# a pinyin gloss a reprint prints after a character, 國發(fā) or 務(wù): read past it
_GLOSS = re.compile(r"\([a-z\u00e0-\u01dc]{1,6}\)")
_TITLE = re.compile(r"《(?P<title>[^《》]{2,120})》")
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "〝": '"', "〞": '"'}
    | {"〈": "《", "〉": "》", "<": "《", ">": "》"}
)
_ISSUED_AS = re.compile(r"^.*?关于(?:印发|转发)《?(?P<inner>.+?)》?的通知$")
Kind = Literal["number", "title"]
Found = tuple[int, int, Kind, str, str | None]


def _title_key(title: str) -> str:
    """Folded, without white space, glosses or the + a reprint may lose, with one form of quotation marks."""
    return _GLOSS.sub("", re.sub(r"\s+", "", normalise(title))).translate(_QUOTES).replace("+", "")


def canonical_number(prefix: str, year: str, serial: str) -> str:
    """The one spelling every form reduces to: 国发〔2015〕40号 (simplified prefix, 〔〕, no leading zeros)."""
    return f"{normalise(prefix)}〔{year}〕{int(serial)}号"


class DocumentLike(Protocol):
    """What the resolver reads of a document: a ``documents`` row, or the build's row before it is a model."""

    @property
    def id(self) -> str: ...
    @property
    def number_zh(self) -> str | None: ...
    @property
    def title_zh(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation in a text: ``text[start:end]`` as written, its kind, canonical key and the document it names."""

    start: int
    end: int
    text: str
    kind: Literal["number", "title"]
    key: str
    document_id: str | None


class Resolver:
    """Finds and resolves citations against a set of documents (the family, or any ``documents`` rows)."""

    __slots__ = ("_numbers", "_prefixes", "_titles")

    def __init__(self, documents: Iterable[DocumentLike]) -> None:
        numbers: dict[str, str] = {}
        exact: dict[str, set[str]] = {}
        derived: dict[str, set[str]] = {}
        for d in documents:
            if d.number_zh:
                found = _ZH_NUMBER.search(normalise(d.number_zh))
                if found:
                    numbers[canonical_number(*found.group("prefix", "year", "serial"))] = d.id
            key, *forms = _title_forms(d.title_zh)
            exact.setdefault(key, set()).add(d.id)
            for form in forms:
                derived.setdefault(form, set()).add(d.id)
        # a title as printed wins; a shortened form (no issuer, the issued document's title) names a document only
        # when it names one alone: two provinces' 关于加快推进“互联网+”行动的实施方案 resolve to neither
        titles = {k: next(iter(v)) for k, v in derived.items() if len(v) == 1}
        titles.update({k: next(iter(v)) for k, v in exact.items() if len(v) == 1})
        self._numbers = numbers
        self._titles = titles
        self._prefixes = sorted({k.split("〔", 1)[0] for k in numbers}, key=len, reverse=True)

    def resolve(self, citation: str) -> str | None:
        """The id of the document a citation (a number in any spelling, or a title with or without 《》) names."""
        found = self.find(citation)
        if len(found) == 1 and found[0].document_id:
            return found[0].document_id
        bare = citation.strip().strip("《》")
        return self._titles.get(_title_key(bare))

    def find(self, text: str) -> tuple[Citation, ...]:
        """Every citation in ``text``, in order; offsets are code points into ``text``."""
        folded = normalise(text)
        kept = [i for i, keep in enumerate(_unglossed(folded)) if keep]
        clean = "".join(folded[i] for i in kept)

        def cite(start: int, end: int, kind: Kind, key: str, doc: str | None) -> Citation:
            lo, hi = kept[start], kept[end - 1] + 1
            return Citation(lo, hi, text[lo:hi], kind, key, doc)

        found = [cite(*c) for c in (*self._numbers_in(clean), *self._titles_in(clean))]
        return tuple(sorted(found, key=lambda c: (c.start, c.end)))

    def _numbers_in(self, clean: str) -> Iterable[Found]:
        for match in _ZH_NUMBER.finditer(clean):
            prefix = self._prefix(match.group("prefix"))
            key = canonical_number(prefix, match.group("year"), match.group("serial"))
            yield match.end("prefix") - len(prefix), match.end(), "number", key, self._numbers.get(key)
        for match in _EN_NUMBER.finditer(clean):
            prefix = _PINYIN[re.sub(r"\s+", "", match.group("prefix"))]
            key = canonical_number(prefix, match.group("year"), match.group("serial"))
            yield match.start(), match.end(), "number", key, self._numbers.get(key)
        for match in _EN_OF.finditer(clean):
            prefix = "国办发" if "office" in match.group("issuer") else "国发"
            key = canonical_number(prefix, match.group("year"), match.group("serial"))
            yield match.start(), match.end(), "number", key, self._numbers.get(key)

    def _prefix(self, han: str) -> str:
        """The issuer prefix ending a run of Chinese characters: the longest known one (…根据国发 -> 国发), else the
        run's last characters up to six (an unknown issuer's prefix is kept for the record, never resolved)."""
        for known in self._prefixes:
            if han.endswith(known):
                return known
        return han[-6:]

    def _titles_in(self, clean: str) -> Iterable[Found]:
        for match in _TITLE.finditer(clean):
            key = _title_key(match.group("title"))
            yield match.start(), match.end(), "title", key, self._titles.get(key)


def _unglossed(folded: str) -> list[bool]:
    """Which characters of the folded text to keep: all but the pinyin glosses (fā) that follow a Chinese character."""
    keep = [True] * len(folded)
    for gloss in _GLOSS.finditer(folded):
        if gloss.start() and "\u4e00" <= folded[gloss.start() - 1] <= "\u9fff":
            keep[gloss.start() : gloss.end()] = [False] * (gloss.end() - gloss.start())
    return keep


def _title_forms(title: str) -> tuple[str, ...]:
    """The keys a document's title is cited by: itself first, then without its issuer (what precedes 关于), and the
    title of what a 印发/转发 notice issues."""
    key = _title_key(title)
    forms = [key]
    issuer, sep, rest = key.partition("关于")
    if sep and issuer and "《" not in issuer:
        forms.append(sep + rest)
    inner = _ISSUED_AS.match(key)
    if inner:
        forms.append(inner.group("inner"))
    return tuple(forms)
