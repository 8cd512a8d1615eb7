"""A long path wraps after a folder separator, never inside a name, and the lines give the path back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.selection import Selection

from ketquiz.ui.widgets.filepath import FilePath, fold_path
from tests.screen import screen_lines

NAME = "Ana-Silva_ketamine-depression_20260302T090000Z.json"  # 52 characters


@pytest.mark.parametrize(
    ("path", "width", "lines"),
    [
        ("/srv/results/" + NAME, 80, ["/srv/results/" + NAME]),
        # Breaks after a separator: the name stays whole.
        ("/srv/class-3B/results/" + NAME, 60, ["/srv/class-3B/results/", NAME]),
        (
            "/home/teacher/2026/spring/" + NAME,
            30,
            ["/home/teacher/2026/spring/", "Ana-Silva_ketamine-depression_", "20260302T090000Z.json"],
        ),
        # A name longer than the line starts a line of its own, broken after "_", "-" or ".".
        ("/a/" + NAME, 40, ["/a/", "Ana-Silva_ketamine-depression_", "20260302T090000Z.json"]),
        # After a "_" (between a result file's fields) rather than a "-" inside one.
        (NAME, 25, ["Ana-Silva_", "ketamine-depression_", "20260302T090000Z.json"]),
        ("/x/aaaaaaaaaa.json", 8, ["/x/", "aaaaaaaa", "aa.json"]),
        # Nothing to break after: cut at the width.
        ("/x/abcdefghij", 4, ["/x/", "abcd", "efgh", "ij"]),
        # A Windows path folds the same way; wide characters count as two cells.
        ("C:\\Users\\Zoë\\results\\" + NAME, 56, ["C:\\Users\\Zoë\\results\\", NAME]),
        ("/結果/学生/山田太郎.json", 8, ["/結果/", "学生/", "山田太郎", ".json"]),
    ],
)
def test_a_path_folds_after_its_separators(path: str, width: int, lines: list[str]) -> None:
    assert fold_path(path, width) == lines


@given(st.text(alphabet="ab_-./\\é学 ", max_size=120), st.integers(min_value=2, max_value=90))
def test_the_lines_give_the_path_back_and_fit(path: str, width: int) -> None:
    lines = fold_path(path, width)
    assert "".join(lines) == path
    assert all(cell_len(line) <= width for line in lines)


class _Shows(App[None]):
    def __init__(self, widget: FilePath) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_a_selected_path_copies_without_its_line_breaks() -> None:
    path = "/srv/class-3B/results/" + NAME
    widget = FilePath("Saved to", path)
    async with _Shows(widget).run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert [line.rstrip() for line in screen_lines(pilot.app)[:4]] == [
            "Saved to",
            "/srv/class-3B/results/",
            NAME,
            "",
        ]
        await pilot.mouse_down(offset=(0, 1))  # a drag from the path's first cell to its last line
        await pilot.hover(offset=(len(NAME), 2))
        await pilot.mouse_up(offset=(len(NAME), 2))
        assert pilot.app.screen.get_selected_text() == path
        assert widget.get_selection(Selection(Offset(0, 1), None)) == (path, "\n")
        assert widget.get_selection(Selection(None, None)) == (f"Saved to\n{path}", "\n")
        assert widget.get_selection(Selection(Offset(6, 1), Offset(9, 2))) == (path[6:31], "\n")
        assert path[6:31].endswith("results/Ana-Silva")
