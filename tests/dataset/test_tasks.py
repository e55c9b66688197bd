"""The forty tasks: 3,4,4,4,3,5,3,4,3,4,3 per action, numbered from 1 under each action."""

from __future__ import annotations

from collections import Counter
from typing import Any


def test_forty_tasks_in_the_documented_distribution(ds: Any) -> None:
    per_action = Counter(t.action_id for t in ds.tasks)
    assert len(ds.tasks) == 40
    assert [per_action[a.id] for a in ds.actions] == [3, 4, 4, 4, 3, 5, 3, 4, 3, 4, 3]


def test_task_ids_and_numbers_follow_print(ds: Any) -> None:
    for t in ds.tasks:
        assert t.id == f"{t.action_id}.{t.position}"
        assert t.number == t.position


def test_tasks_of_a02_are_the_four_collaborative_manufacturing_tasks(ds: Any) -> None:
    assert [t.title_zh for t in ds.tasks_of("A02")] == [
        "大力发展智能制造",
        "发展大规模个性化定制",
        "提升网络化协同制造水平",
        "加速制造业服务化转型",
    ]
    assert ds.tasks_of("collaborative-manufacturing") == ds.tasks_of("A02")


def test_task_text_follows_its_lead_phrase(ds: Any, canonical_text: str) -> None:
    for t in ds.tasks:
        assert canonical_text[: t.start].endswith(f"{t.number}. {t.title_zh}。"), t.id


def test_tasks_inherit_their_actions_agencies(ds: Any) -> None:
    assert ds.responsible_for("A05.2") == ds.responsible_for("A05")
    duties = [d for d in ds.responsibilities_of("pboc") if d.subject_type == "task"]
    assert {d.subject_id for d in duties} == {"A05.1", "A05.2", "A05.3"}
    assert all(d.inherited_from == "A05" and d.role == "lead" for d in duties)
