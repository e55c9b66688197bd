"""What a reader calls things: the kinds of rows, the roles of agencies, the kinds of reform and of erratum status.

One vocabulary for every page (base.py re-exports it for the page builders).
"""

from __future__ import annotations

__all__ = ["CHANGES", "KINDS", "ROLES", "STATUSES"]

# What a reader calls a row of these tables (English, Chinese); other tables use their catalog title.
KINDS: dict[str, tuple[str, str]] = {
    "actions": ("Key action", "重点行动"),
    "tasks": ("Task", "任务"),
    "measure_groups": ("Group of supporting measures", "保障支撑"),
    "measures": ("Supporting measure", "保障措施"),
    "targets": ("Development goal", "发展目标"),
    "principles": ("Basic principle", "基本原则"),
}
ROLES = {"lead": "lead", "co-lead": "co-lead", "participant": "participant", "joint": "jointly responsible"}
CHANGES = {
    "renamed": "renamed",
    "merged_into": "merged into",
    "functions_moved": "functions moved to",
    "functions_gained": "received functions, as",
    "abolished": "abolished",
    "restructured": "restructured as",
    "upgraded": "upgraded to",
}
STATUSES = {"applied": "applied", "declined": "considered and not applied", "open": "an open question, not applied"}
