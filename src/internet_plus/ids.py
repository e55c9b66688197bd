"""Identifier patterns, shared by the Table Schemas and the models.

Ids are stable and never reused; see docs/identifiers in the README. Each pattern is anchored
(`^…$`) because Table Schema patterns are full matches and pydantic patterns are searches.
"""

from __future__ import annotations

__all__ = [
    "ACTION_ID",
    "ACTION_SLUG",
    "AGENCY_CHANGE_ID",
    "AGENCY_ID",
    "CHANGE_ID",
    "DOCUMENT_ID",
    "ERRATUM_ID",
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
PROVISION_ID = "^(title|number|addressee|signature|date|preamble\\.[1-9]|I{1,3}|I\\.[1-9](\\.p[1-9])?|P[1-9]|G20[0-9]{2}(\\.[1-9])?|A(0[1-9]|1[0-9])(\\.(intro|attr|[1-9]))?|S[1-9](\\.[1-9](\\.attr)?)?)$"
PRINCIPLE_ID = "^P[1-9]$"
TARGET_ID = "^G20[0-9]{2}(\\.[1-9])?$"
ACTION_ID = "^A(0[1-9]|1[0-9])$"
ACTION_SLUG = "^[a-z]+(-[a-z]+)*$"
TASK_ID = "^A(0[1-9]|1[0-9])\\.[1-9]$"
MEASURE_GROUP_ID = "^S[1-9]$"
MEASURE_ID = "^S[1-9]\\.[1-9]$"
AGENCY_ID = "^[a-z][a-z0-9_]*$"
AGENCY_CHANGE_ID = "^[a-z][a-z0-9_]*-20[0-9]{2}-[1-9][0-9]?$"
RESPONSIBILITY_ID = "^(A(0[1-9]|1[0-9])|S[1-9]\\.[1-9])-[0-9]{2}$"
ERRATUM_ID = "^E[0-9]{2,3}$"
TERM_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
SHA256_HEX = r"^[0-9a-f]{64}$"
VERSION = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"
CHANGE_ID = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)-[0-9]{4,}$"
TABLE_NAME = "^[a-z][a-z_]*$"
