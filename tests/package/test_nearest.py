"""The one "did you mean" rule, as the library, the CLI and the API all apply it."""

from __future__ import annotations

from typing import Any

import pytest

from internet_plus import NotFoundError
from internet_plus.nearest import nearest

IDS = ("A01", "A02", "A10", "A11", "ndrc", "miit", "most")


def test_a_typo_gets_the_closest_ids() -> None:
    assert nearest("A12", IDS) == ("A11", "A10", "A02")


def test_a_different_case_comes_first() -> None:
    assert nearest("NDRC", IDS)[0] == "ndrc"


def test_nothing_close_falls_back_to_the_same_first_two_characters() -> None:
    assert nearest("mi-xyz-long", IDS) == ("miit",)


def test_nothing_alike_is_nothing() -> None:
    assert nearest("zzzzzz", IDS) == ()
    assert nearest("", IDS) == ()


def test_a_huge_key_is_cut_before_comparing() -> None:
    assert nearest("A1" + "x" * 10_000, IDS) == ("A10", "A11")


def test_the_library_error_uses_it(ds: Any) -> None:
    with pytest.raises(NotFoundError) as err:
        ds.action("A12")
    assert err.value.nearest == nearest("A12", [a.id for a in ds.actions])
    assert str(err.value) == "no actions row with id 'A12'; nearest: A11, A10, A02"
