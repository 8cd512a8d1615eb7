from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ketquiz.store import StudyStore, open_store
from tests.factories import LEARNER_TZ, NOW

__all__ = ["LEARNER_TZ", "NOW", "store"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StudyStore]:
    s = open_store(tmp_path / "data", "learner", tz=LEARNER_TZ)
    yield s
    s.close()
