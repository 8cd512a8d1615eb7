"""``ketquiz.store`` loads its names lazily: naming its error or store type costs no sqlite3 and no fsrs."""

from __future__ import annotations

import subprocess
import sys

import ketquiz.store

_PROBE = """
import sys
from ketquiz.store import StoreError, UndoRefusedError
import ketquiz.store.session, ketquiz.ui.stats_data
print(",".join(sorted(m for m in ("sqlite3", "fsrs", "ketquiz.store.study") if m in sys.modules)))
"""


def test_the_error_types_import_without_sqlite_or_fsrs() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_every_public_name_resolves_to_its_home() -> None:
    from ketquiz.store.errors import StoreError
    from ketquiz.store.study import StudyStore

    for name in ketquiz.store.__all__:
        assert getattr(ketquiz.store, name) is not None, name
    assert ketquiz.store.StoreError is StoreError and ketquiz.store.StudyStore is StudyStore
    assert set(ketquiz.store.__all__) <= set(dir(ketquiz.store))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        ketquiz.store.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")
