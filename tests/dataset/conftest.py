"""The tests of this folder state facts of 国发〔2015〕40号, as in 1.x: their ``ds`` holds its rows only.

Facts of the other held text (国发〔2015〕5号) and of the policy family are in test_guofa_2015_5.py and
test_family.py, which use ``family``: the whole dataset.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def family() -> Any:
    import internet_plus

    return internet_plus.load()


@pytest.fixture(scope="session")
def ds(family: Any) -> Any:
    return family.of("guofa-2015-40")
