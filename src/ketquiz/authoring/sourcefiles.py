"""A document made into a deck source: the text file quotes are checked against, the original kept beside it,
and the source's entry in the deck file.

Pure but for reading nothing: callers read the document and write the files (through :mod:`ketquiz.safefile`).
The deck file is edited as text, not re-dumped from YAML, so the author's comments, order and layout survive.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ketquiz.authoring.documents import Extracted, extract
from ketquiz.authoring.scaffold import SourceDraft, first_line, slugify, unique


class DeckEditError(ValueError):
    """The deck file's layout is one this tool will not edit by itself, with what to do instead."""


@dataclass(frozen=True, slots=True)
class PreparedSource:
    """A source ready to be written: its entry, and the files (paths relative to the deck folder) to write."""

    draft: SourceDraft
    files: dict[str, bytes]
    extracted: Extracted


def file_stem(path: Path, taken: set[str]) -> str:
    """A safe, unique file stem for a source: the slug of the document's name."""
    stem = slugify(path.stem, 60) or "source"
    name, n = stem, 2
    while name in taken:
        name = f"{stem}-{n}"
        n += 1
    taken.add(name)
    return name


def prepare(
    path: Path,
    raw: bytes,
    ids: set[str],
    stems: set[str],
    source_id: str | None = None,
    folder: str = "sources",
) -> PreparedSource:
    """The source made from the document ``raw`` (read from ``path``). ``ids`` and ``stems`` are those taken
    already (updated). Raises :class:`~ketquiz.authoring.documents.DocumentError`."""
    got = extract(path, raw)
    heading = first_line(got.text)
    # A Markdown file's title is its first heading; a page or PDF without a title of its own gets its first line.
    from_heading = got.kind == "markdown" or (got.converted and not got.title)
    title = got.title or heading or path.stem
    title_from = "heading" if from_heading and (got.title or heading) else "document"
    sid = source_id or unique(slugify(title), ids, f"source-{len(ids) + 1}")
    ids.add(sid)
    stem = file_stem(path, stems)
    text_file = f"{folder}/{stem}.txt"
    files = {text_file: got.text.encode("utf-8") if got.converted else raw}
    draft = SourceDraft(sid, title, text_file, got.text, title_from=title_from)
    if got.converted:
        original = f"{folder}/{stem}{path.suffix.lower()}"
        files[original] = raw
        draft = replace(
            draft,
            original=original,
            original_sha256=hashlib.sha256(raw).hexdigest(),
            url=got.url,
            author=got.author,
            published=got.published,
        )
    return PreparedSource(draft, files, got)


_TOP_KEY = re.compile(r"^[^\s#-]")


def add_entry(deck_text: str, entry: list[str]) -> str:
    """``deck_text`` with ``entry`` (lines at two spaces' indent) appended to the ``sources:`` list."""
    lines = deck_text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"^sources:\s*(#.*)?$", line))
    except StopIteration:
        raise DeckEditError(
            "the deck has no block-style 'sources:' list to add to; add the entry by hand"
        ) from None
    end = start + 1
    last = start
    indent = None
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        stripped = lines[end].lstrip()
        if stripped and not stripped.startswith("#"):
            last = end
            if indent is None and stripped.startswith("- "):
                indent = lines[end][: len(lines[end]) - len(stripped)]
        end += 1
    pad = indent if indent is not None else "  "
    shifted = [pad + line[2:] if line.startswith("  ") else line for line in entry]
    return "\n".join([*lines[: last + 1], *shifted, *lines[last + 1 :]])


def set_entry_field(deck_text: str, source_id: str, key: str, value: str) -> str:
    """``deck_text`` with the ``key:`` line of source ``source_id``'s entry set to ``value`` (added if missing)."""
    lines = deck_text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^sources:\s*(#.*)?$", line)), None)
    if start is None:
        raise DeckEditError("the deck has no block-style 'sources:' list")
    i = start + 1
    while i < len(lines) and not _TOP_KEY.match(lines[i]):
        m = re.match(rf"^(\s*)- id:\s*{re.escape(source_id)}\s*(#.*)?$", lines[i])
        if m:
            pad = m.group(1) + "  "
            j = i + 1
            while (
                j < len(lines)
                and (lines[j].startswith(pad) or not lines[j].strip())
                and not _TOP_KEY.match(lines[j])
            ):
                if re.match(rf"^{pad}{re.escape(key)}:", lines[j]):
                    lines[j] = f"{pad}{key}: {value}"
                    return "\n".join(lines)
                if re.match(rf"^{m.group(1)}- ", lines[j]):
                    break
                j += 1
            lines.insert(i + 1, f"{pad}{key}: {value}")
            return "\n".join(lines)
        i += 1
    raise DeckEditError(f"source '{source_id}' has no entry of the form '- id: {source_id}' under 'sources:'")
