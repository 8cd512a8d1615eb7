"""The ``ketquiz-deck/1`` export document as types, and the JSON Schemas of the three published formats.

ketquiz publishes three JSON formats, described together in ``docs/formats.md``: ``ketquiz-deck/1`` (``ketquiz
export --format json``, typed here because the deck model builds it), ``ketquiz-result/1`` (an exam's result
file, typed in :mod:`ketquiz.classroom.results`) and ``ketquiz-report/1`` (``ketquiz report --format json``, typed
in :mod:`ketquiz.classroom.report_json`). Each has a JSON Schema shipped as package data (``ketquiz/schemas``),
which the tests validate the commands' real output against, so the types, the schema and the output cannot drift
apart unnoticed.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, NotRequired, TypedDict

#: The published formats, by their ``format`` value, and the schema file of each.
SCHEMA_FILES: dict[str, str] = {
    "ketquiz-deck/1": "ketquiz-deck-export-1.schema.json",
    "ketquiz-result/1": "ketquiz-result-1.schema.json",
    "ketquiz-report/1": "ketquiz-report-1.schema.json",
}


def format_schema(format_name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a published format, e.g. ``format_schema("ketquiz-result/1")``."""
    text = (
        resources.files("ketquiz").joinpath("schemas", SCHEMA_FILES[format_name]).read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


class DeckInfo(TypedDict):
    id: str
    title: str
    path: str
    description: str
    notice: str
    sha256: str


class SourceInfo(TypedDict):
    """A source; where its text was extracted from a document, that document and what is known of it."""

    id: str
    title: str
    title_from: str
    file: str
    sha256: str
    original: NotRequired[str]
    url: NotRequired[str]
    retrieved: NotRequired[str]
    author: NotRequired[str]
    published: NotRequired[str]
    original_sha256: NotRequired[str]
    pages: NotRequired[int]


class TopicInfo(TypedDict):
    id: str
    title: str


class CitationInfo(TypedDict):
    """A quoted passage; ``start``/``end`` are character offsets into the source's text, ``page`` its page (for
    a source with pages, such as a PDF)."""

    source: str
    quote: str
    start: int
    end: int
    page: NotRequired[int]


class CardInfo(TypedDict):
    """A card; ``choices`` and ``correct`` (indices into ``choices``) only for mcq, multi and truefalse."""

    id: str
    topic: str
    type: str
    prompt: str
    answer: str
    choices: NotRequired[list[str]]
    correct: NotRequired[list[int]]
    accept: NotRequired[list[str]]
    explanation: NotRequired[str]
    citations: list[CitationInfo]
    disagreements: list[str]


class PositionInfo(TypedDict):
    source: str
    says: str
    quote: str
    start: int
    end: int


class DisagreementInfo(TypedDict):
    id: str
    topic: str
    summary: str
    self_contradiction: bool
    kind: str
    positions: list[PositionInfo]


class DeckDocument(TypedDict):
    """``ketquiz-deck/1``: a checked deck, its sources located, as ``ketquiz export --format json`` writes it."""

    format: str
    deck: DeckInfo
    sources: list[SourceInfo]
    topics: list[TopicInfo]
    cards: list[CardInfo]
    disagreements: list[DisagreementInfo]
