"""Which bind addresses keep a server to this computer alone (the teacher is then told how to let the class in)."""

from __future__ import annotations

import pytest

from ketquiz.classroom.network import only_this_computer


@pytest.mark.parametrize(
    ("host", "alone"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
    ],
)
def test_loopback_addresses_are_this_computer_alone(host: str, alone: bool) -> None:
    assert only_this_computer(host) is alone
