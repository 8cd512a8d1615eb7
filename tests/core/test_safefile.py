"""safefile never writes through an existing path, and leaves nothing behind when it fails."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ketquiz import safefile
from ketquiz.safefile import FileExists, write_new


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_new(target, "hello")
    assert target.read_text() == "hello"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_refuses_an_existing_file_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "deck.yaml"
    target.write_text("original")
    with pytest.raises(FileExists):
        write_new(target, "replacement")
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.yaml"]


@pytest.mark.parametrize("replace", [False, True])
def test_a_planted_symlink_never_truncates_its_target(tmp_path: Path, replace: bool) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    if replace:
        write_new(link, "new", replace=True)
        assert not link.is_symlink() and link.read_text() == "new"
    else:
        with pytest.raises(FileExists):
            write_new(link, "new")
    assert victim.read_text() == "precious"


def test_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExists):
        write_new(link, "x")
    assert not (tmp_path / "nowhere").exists()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safefile.os, "write", full_disk)
    with pytest.raises(OSError) as info:
        write_new(tmp_path / "out.json", "data")
    assert info.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == []


def test_read_regular_reads_a_file_up_to_the_limit_and_says_why_it_refuses_another(tmp_path: Path) -> None:
    (tmp_path / "ok").write_bytes(b"12345")
    assert safefile.read_regular(tmp_path / "ok", 5) == b"12345"
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "dir").mkdir()
    for name, limit, reason, says in [
        ("ok", 4, "too-large", "5 bytes; at most 4 are read"),
        ("fifo", 5, "special", "a device, pipe or socket, not a regular file"),
        ("zero", 5, "special", "a device, pipe or socket, not a regular file"),
        ("dir", 5, "directory", "a directory, not a regular file"),
    ]:
        with pytest.raises(safefile.NotARegularFile) as caught:
            safefile.read_regular(tmp_path / name, limit)
        assert caught.value.reason == reason
        assert str(caught.value) == f"{tmp_path / name} is {says}"
