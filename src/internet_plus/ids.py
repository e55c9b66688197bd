"""Identifier patterns, shared by the Table Schemas and the models.

Ids are stable and never reused; see "Identifiers" in the README. A row's id is its document's
prefix (empty for 国发〔2015〕40号, ``gf5:`` for 国发〔2015〕5号) and a local id, so the text tables share
one pattern (each table keeps its own constant, as the models are typed by table); the exact local
patterns of each document live in its dataset/source/<document>/document.toml and are checked by the
build. Each pattern is anchored (`^…$`) because Table Schema patterns are full matches and pydantic
patterns are searches.
"""

from __future__ import annotations

__all__ = [
    "ACTION_ID",
    "ACTION_SLUG",
    "AGENCY_CHANGE_ID",
    "AGENCY_ID",
    "CHANGE_ID",
    "DOCUMENT_ID",
    "DOCUMENT_LINK_ID",
    "ERRATUM_ID",
    "FOLLOWUP_ID",
    "HOLDER_ID",
    "INDEX_NUMBER",
    "MEASURE_GROUP_ID",
    "MEASURE_ID",
    "PRINCIPLE_ID",
    "PROVISION_ID",
    "RESPONSIBILITY_ID",
    "SHA256_HEX",
    "TABLE_NAME",
    "TARGET_ID",
    "TASK_ID",
    "TERM_ID",
    "VERSION",
]

DOCUMENT_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
DOCUMENT_LINK_ID = "^L[0-9]{3,4}$"
PROVISION_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
PRINCIPLE_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
TARGET_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
ACTION_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
TASK_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
MEASURE_GROUP_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
MEASURE_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*$"
ACTION_SLUG = "^[a-z]+(-[a-z]+)*$"
AGENCY_ID = "^[a-z][a-z0-9_]*$"
AGENCY_CHANGE_ID = "^[a-z][a-z0-9_]*-20[0-9]{2}-[1-9][0-9]?$"
RESPONSIBILITY_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*-[0-9]{2}$"
FOLLOWUP_ID = "^(([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*|province-[a-z]+(-[a-z]+)*)$"
HOLDER_ID = "^([a-z][a-z0-9]*:)?[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)*-[0-9]{2}\\.[1-9]$"
INDEX_NUMBER = "^[0-9]{9}/[0-9]{4}-[0-9]{5}$"  # the gov.cn policy library's 索引号: 000014349/2015-00112
ERRATUM_ID = "^([a-z][a-z0-9]*:)?E[0-9]{2,3}$"
TERM_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
SHA256_HEX = r"^[0-9a-f]{64}$"
VERSION = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"
CHANGE_ID = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)-[0-9]{4,}$"
TABLE_NAME = "^[a-z][a-z_]*$"
