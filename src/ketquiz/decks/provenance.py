"""Whether a source's text is still the text of its original document (``source-stale``).

A source extracted from a web page, PDF or Markdown file records the original beside it and the sha256 of its
bytes at extraction. When the original has changed since (a newer copy saved over it), the quotes are still
checked against the old text: ``check`` says so, and ``ketquiz sources refresh`` re-extracts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ketquiz.core.diagnostics import Diagnostic
from ketquiz.core.model import Deck, Source


def original_path(deck: Deck, source: Source) -> Path | None:
    """The original document's path, if the source names one inside the deck's folder."""
    if not source.original:
        return None
    base = Path(deck.path).parent
    path = base / source.original
    try:
        if not path.resolve().is_relative_to(base.resolve()):
            return None
    except (OSError, RuntimeError):
        return None
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stale_sources(deck: Deck) -> list[Diagnostic]:
    """A warning for each source whose original is missing or has changed since its text was extracted."""
    out: list[Diagnostic] = []
    for source in deck.sources:
        if not source.original:
            continue
        path = original_path(deck, source)
        if path is None:
            out.append(
                Diagnostic.at(
                    source.loc,
                    deck.path,
                    "error",
                    "source-outside",
                    f"original '{source.original}' of source '{source.id}' must be inside the deck's folder",
                )
            )
            continue
        try:
            digest = file_sha256(path)
        except OSError as exc:
            out.append(
                Diagnostic.at(
                    source.loc,
                    deck.path,
                    "warning",
                    "source-stale",
                    f"original '{source.original}' of source '{source.id}' cannot be read ({exc.strerror or exc}); "
                    "its text can no longer be checked against it",
                )
            )
            continue
        if source.original_sha256 and digest != source.original_sha256:
            out.append(
                Diagnostic.at(
                    source.loc,
                    deck.path,
                    "warning",
                    "source-stale",
                    f"original '{source.original}' of source '{source.id}' has changed since its text was extracted; "
                    f"run `ketquiz sources refresh {deck.path}` to re-extract it and see which quotes still match",
                )
            )
    return out
