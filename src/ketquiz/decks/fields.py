"""The deck format's fields, in one place: the loader reads by them and the JSON Schema is made from them."""

from __future__ import annotations

from dataclasses import dataclass

#: Ids. Also the JSON Schema's ``pattern`` (where ``$`` is the end of the text); Python code must use
#: ``fullmatch``, since Python's ``$`` also matches before a final newline.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str  # "str", "slug", "bool", "strlist", "slugref-list", "list:<object>", "lint", "lintcodes"
    required: bool = False
    doc: str = ""


DECK = (
    Field(
        "id",
        "slug",
        True,
        "Stable deck id (lowercase letters, digits, hyphens). Study progress is keyed on it.",
    ),
    Field("title", "str", True, "The deck's title."),
    Field("description", "str", False, "What the deck covers."),
    Field("notice", "str", False, "A notice shown with the deck, e.g. that it is a study aid, not advice."),
    Field("sources", "list:source", True, "The documents the cards cite."),
    Field("topics", "list:topic", True, "Topics; every card belongs to one."),
    Field("cards", "list:card", True, "The questions."),
    Field("disagreements", "list:disagreement", False, "Points on which the sources disagree."),
    Field("lint", "lint", False, "Deck-level question lints to silence, with the reason."),
)

SOURCE = (
    Field("id", "slug", True, "Source id, unique in the deck."),
    Field("title", "str", True, "A title a reader would recognise."),
    Field(
        "title_from",
        "enum:document|heading",
        False,
        "document (the default): the document's own title; heading: the document has none, and the title is its "
        "first heading.",
    ),
    Field("file", "str", True, "Path of the text file, relative to the deck file; may not leave its folder."),
    Field(
        "ignore", "strlist", False, "Passages that are page furniture (ads, bylines): left out of coverage."
    ),
    Field(
        "original",
        "str",
        False,
        "The document the text file was extracted from (.html, .pdf, .md), beside it.",
    ),
    Field(
        "sha256",
        "str",
        False,
        "The sha256 of the original when its text was extracted; `check` warns when it changes.",
    ),
    Field("url", "str", False, "Where the document was published."),
    Field("retrieved", "str", False, "When the document was retrieved (e.g. 2024-03-05)."),
    Field("author", "str", False, "Who wrote the document."),
    Field("published", "str", False, "When the document was published (e.g. 2024-03-05)."),
)

TOPIC = (
    Field("id", "slug", True, "Topic id, unique in the deck."),
    Field("title", "str", True, "The topic's title."),
)

CITATION = (
    Field("source", "slug", True, "Id of the cited source."),
    Field("quote", "str", True, "A passage of that source, word for word (at least 4 words)."),
)

POSITION = (
    Field("source", "slug", True, "Id of the source taking this position."),
    Field("says", "str", True, "What that source claims, in a line."),
    Field("quote", "str", True, "The source's passage, word for word."),
)

DISAGREEMENT = (
    Field("id", "slug", True, "Disagreement id, unique in the deck."),
    Field("topic", "slug", True, "Topic id."),
    Field("summary", "str", True, "One line: what the sources disagree on."),
    Field("self_contradiction", "bool", False, "True when one source contradicts itself."),
    Field(
        "kind",
        "enum:contradiction|tension",
        False,
        "contradiction (the default): the sides cannot both be true; tension: they can, but a reader of one side "
        "alone would be misled.",
    ),
    Field("positions", "list:position", True, "Two or more positions, each from a source with its passage."),
)

CARD_COMMON = (
    Field(
        "id", "slug", True, "Stable card id, unique in the deck. Progress is keyed on it: never reuse one."
    ),
    Field("topic", "slug", True, "Topic id."),
    Field("type", "str", True, "basic, typed, mcq, multi, truefalse or cloze."),
    Field("explanation", "str", False, "Shown after answering."),
    Field("citations", "list:citation", True, "Where the answer comes from: one or more passages."),
    Field("disagreements", "slugref-list", False, "Ids of disagreements this card's answer rests on."),
    Field("tags", "strlist", False, "Free-form tags."),
    Field("lint", "lint", False, "Question lints to silence on this card, with the reason."),
)

CARD_TYPE_FIELDS: dict[str, tuple[Field, ...]] = {
    "basic": (Field("prompt", "str", True, "The question."), Field("answer", "str", True, "The answer.")),
    "typed": (
        Field("prompt", "str", True, "The question."),
        Field("answer", "str", True, "The expected answer."),
        Field("accept", "strlist", False, "Other accepted answers."),
    ),
    "mcq": (
        Field("prompt", "str", True, "The question."),
        Field("choices", "strlist", True, "Two or more distinct choices."),
        Field("answer", "str", True, "The text of the one correct choice."),
    ),
    "multi": (
        Field("prompt", "str", True, "The question."),
        Field("choices", "strlist", True, "Two or more distinct choices."),
        Field("answers", "strlist", True, "The texts of every correct choice."),
    ),
    "truefalse": (
        Field("prompt", "str", True, "A statement."),
        Field("answer", "bool", True, "true or false."),
    ),
    "cloze": (
        Field("text", "str", True, "A sentence with one blank written {{answer}}."),
        Field("accept", "strlist", False, "Other accepted answers for the blank."),
    ),
}

LINT = (
    Field("ignore", "lintcodes", True, "Lint codes to silence (see `ketquiz check` and docs/authoring.md)."),
    Field("reason", "str", True, "Why the flagged wording is right here, for the next author to read."),
)

OBJECTS: dict[str, tuple[Field, ...]] = {
    "deck": DECK,
    "source": SOURCE,
    "topic": TOPIC,
    "citation": CITATION,
    "position": POSITION,
    "disagreement": DISAGREEMENT,
    "lint": LINT,
}

ALL_CARD_FIELDS: frozenset[str] = frozenset(
    f.name for f in CARD_COMMON + tuple(x for fs in CARD_TYPE_FIELDS.values() for x in fs)
)
