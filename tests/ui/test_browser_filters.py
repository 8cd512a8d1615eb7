"""The browser's filter keys step through every state and topic, then back to all; l, x and g switch on and off."""

from __future__ import annotations

import pytest

from ketquiz.store.browse import STATES, CardFilter
from ketquiz.ui.screens.browser_filters import TOGGLES, next_state, next_topic, toggled


def test_e_shows_each_state_alone_then_all_again() -> None:
    seen, what = [], CardFilter(search="nasal")
    for _ in range(len(STATES) + 1):
        what = next_state(what)
        seen.append(what.states)
    assert seen == [*(frozenset({s}) for s in STATES), frozenset()]
    assert what == CardFilter(search="nasal")  # the search is kept


def test_o_shows_each_topic_alone_then_all_again() -> None:
    topics = ["dosing", "mechanism"]
    first = next_topic(CardFilter(), topics)
    second = next_topic(first, topics)
    assert [first.topics, second.topics, next_topic(second, topics).topics] == [
        frozenset({"dosing"}),
        frozenset({"mechanism"}),
        frozenset(),
    ]


@pytest.mark.parametrize("name", TOGGLES)
def test_a_toggle_switches_on_then_off(name: str) -> None:
    on = toggled(CardFilter(), name)
    assert getattr(on, name) is True and toggled(on, name) == CardFilter()
