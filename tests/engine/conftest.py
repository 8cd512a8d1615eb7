from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ketquiz.store import StudyStore, open_store

#: The learner's time zone in these tests: fixed, so results do not depend on the machine running them.
LEARNER_TZ = timezone(timedelta(hours=-5))
#: A fixed "now": 2026-03-02 09:00 in the learner's zone (14:00 UTC).
NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StudyStore]:
    s = open_store(tmp_path / "data", "learner", tz=LEARNER_TZ)
    yield s
    s.close()
