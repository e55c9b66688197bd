"""What kind of source a URL is, by one written rule, so that every quote and every sourced fact says what it is.

Official sources first: the central government portal (www.gov.cn, its big5 gateway and English site), the State
Council Gazette (www.gov.cn/gongbao), a State Council department's own site (the hosts below), a local government's
site (any other *.gov.cn host); then a reprint (any other site, Wikisource included); a third-party index (a data
index or a law database's record, which states facts about a document without being it); and the project's own
files (a held canonical text). The rule is the host's, not a judgement: tests/dataset/test_sources.py holds it.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

__all__ = ["KINDS", "MINISTRY_HOSTS", "OFFICIAL", "THIRD_PARTY_INDEX_HOSTS", "source_kind"]

Kind = Literal[
    "central_government", "gazette", "ministry", "local_government", "reprint", "third_party_index", "project"
]
KINDS: tuple[Kind, ...] = (
    "central_government",
    "gazette",
    "ministry",
    "local_government",
    "reprint",
    "third_party_index",
    "project",
)
OFFICIAL: frozenset[str] = frozenset({"central_government", "gazette", "ministry", "local_government"})
# the sites of State Council departments and the bodies the family's documents name (2015 and today)
MINISTRY_HOSTS = frozenset(
    [
        "ndrc.gov.cn",
        "miit.gov.cn",
        "most.gov.cn",
        "mofcom.gov.cn",
        "moe.gov.cn",
        "mohrss.gov.cn",
        "moa.gov.cn",
        "nea.gov.cn",
        "pbc.gov.cn",
        "cbirc.gov.cn",
        "nfra.gov.cn",
        "csrc.gov.cn",
        "samr.gov.cn",
        "mct.gov.cn",
        "nhc.gov.cn",
        "mps.gov.cn",
        "moj.gov.cn",
        "mot.gov.cn",
        "mee.gov.cn",
        "mnr.gov.cn",
        "forestry.gov.cn",
        "cac.gov.cn",
        "mca.gov.cn",
        "mof.gov.cn",
        "sasac.gov.cn",
        "chinatax.gov.cn",
        "cnipa.gov.cn",
        "customs.gov.cn",
        "nia.gov.cn",
        "audit.gov.cn",
        "lswz.gov.cn",
        "nmpa.gov.cn",
        "mem.gov.cn",
        "nhsa.gov.cn",
        "mva.gov.cn",
        "cidca.gov.cn",
        "gjxfj.gov.cn",
        "stats.gov.cn",
        "saic.gov.cn",
        "aqsiq.gov.cn",
        "cfda.gov.cn",
        "cnta.gov.cn",
        "circ.gov.cn",
        "cbrc.gov.cn",
        "mfa.gov.cn",
        "miit.gov.cn",
        "mohurd.gov.cn",
        "mwr.gov.cn",
    ]
)
THIRD_PARTY_INDEX_HOSTS = frozenset(
    ["github.com", "pkulaw.cn", "pkulaw.com", "lawinfochina.com", "chinajusticeobserver.com", "flbkb.com"]
)


def _under(host: str, domains: frozenset[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def source_kind(url: str) -> Kind:
    """The kind of a source named by URL (or, for the project's own files, by a path such as dataset/…)."""
    if url.startswith(("dataset/", "github:")):
        return "project" if url.startswith("dataset/") else "third_party_index"
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    path = parts.path
    if host.startswith("big5.") and "/gate/big5/" in path:  # the gov.cn big5 gateway names the host it serves
        host, path = (
            path.split("/gate/big5/", 1)[1].split("/", 1)[0].lower(),
            "/" + path.split("/gate/big5/", 1)[1].split("/", 1)[-1],
        )
    if host in ("www.gov.cn", "gov.cn"):
        return "gazette" if path.startswith("/gongbao/") else "central_government"
    if host in ("english.www.gov.cn", "english.gov.cn"):
        return "central_government"
    if _under(host, MINISTRY_HOSTS):
        return "ministry"
    if host.endswith(".gov.cn"):
        return "local_government"
    if _under(host, THIRD_PARTY_INDEX_HOSTS):
        return "third_party_index"
    return "reprint"
