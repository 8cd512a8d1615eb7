"""The example cards of a new deck: one of each type, each built on a real sentence of a source.

Whatever the documents hold, the cards must pass ``ketquiz check``, and should not trip its question lints
either: they are what an author copies. So a cloze is never built on a sentence that already holds ``{{`` or
``}}`` (the format has no way to write those inside a cloze), a choice card is left out when the source has too few
other words to make wrong choices from, wrong choices are picked near the right one's length, and every text is
written as a YAML string that any character survives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ketquiz.core.model import CLOZE_BLANK, CLOZE_CLOSE, CLOZE_OPEN

if TYPE_CHECKING:
    from ketquiz.authoring.scaffold import SourceDraft

ELLIPSIS = "\u2026"

#: Characters YAML does not allow raw in a file (DEL, C1 controls but NEL), plus the separators and BOM that
#: editors mangle: written as \u escapes inside a double-quoted string.
_YAML_UNSAFE = re.compile("[\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_NEGATIVE = re.compile(r"\b(not|except|cannot)\b|n't\b", re.IGNORECASE)


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML string: JSON's escapes (which YAML shares), and \\u escapes for the
    characters YAML refuses raw."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def longest_words(sentence: str) -> list[str]:
    """Distinct whole words of 5+ letters (no digits), longest first; all distinct words when there are none."""
    tokens = re.findall(r"\w+", sentence)
    words = dict.fromkeys(t for t in tokens if len(t) >= 5 and t.isalpha()) or dict.fromkeys(tokens)
    return sorted(words, key=lambda w: -len(w))


def _named(text: str) -> str:
    """Text set in curly double quotes, as a title is named in a prompt."""
    return f"\u201c{text}\u201d"


def _blank(sentence: str, word: str, replacement: str, count: int = 0) -> str:
    """``sentence`` with ``word`` (whole word) replaced; every occurrence unless ``count`` says otherwise."""
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _: replacement, sentence, count=count)


def _distractors(text: str, sentence: str, avoid: Sequence[str], count: int) -> list[str]:
    """Words of the source that the sentence does not contain, for wrong choices: as near in length to the
    right words as there are, so length gives nothing away."""
    inside = {w.lower() for w in re.findall(r"\w+", sentence)} | {w.lower() for w in avoid}
    candidates: dict[str, str] = {}
    for w in re.findall(r"\w+", text):
        if len(w) >= 5 and w.isalpha() and w.lower() not in inside:
            candidates.setdefault(w.lower(), w)
    target = sum(len(w) for w in avoid) / len(avoid) if avoid else 7
    ordered = sorted(candidates.values(), key=lambda w: abs(len(w) - target))  # stable: source order on ties
    return ordered[:count]


@dataclass(frozen=True, slots=True)
class Basis:
    """A source and the sentence one example card is built on."""

    source: SourceDraft
    sentence: str  # one line, as quoted

    @property
    def words(self) -> list[str]:
        return longest_words(self.sentence)

    @property
    def plain(self) -> bool:
        """Free of what the lints flag in a prompt (a negative) and of cloze markers."""
        return (
            not _NEGATIVE.search(self.sentence)
            and CLOZE_OPEN not in self.sentence
            and CLOZE_CLOSE not in self.sentence
        )


def _mcq_parts(b: Basis) -> tuple[str, list[str]] | None:
    """The word to ask for and two or three wrong choices, none much shorter than it (the lint's 1.5x), or None."""
    if not b.plain:
        return None
    for word in b.words[:5]:
        wrong = _distractors(b.source.text, b.sentence, [word], 3)
        if len(wrong) >= 2 and len(word) <= 1.4 * sum(len(w) for w in wrong) / len(wrong):
            return word, wrong
    return None


def _citation(b: Basis) -> list[str]:
    return ["    citations:", f"      - source: {b.source.id}", f"        quote: {yaml_string(b.sentence)}"]


def _card(comment: str, card_id: str, card_type: str, body: list[str], b: Basis) -> list[str]:
    return [
        comment,
        f"  - id: {card_id}",
        "    topic: examples",
        f"    type: {card_type}",
        *body,
        *_citation(b),
        "",
    ]


def example_cards(choices: Sequence[Sequence[Basis]]) -> list[str]:
    """One card of each type. Card ``i`` is built on source ``i % n`` (of ``n``), on that source's next candidate
    sentence fit for the card (from another source if none of its own is), so every source is cited and a lone
    source shows several of its sentences. A card no sentence fits is left out; a source left uncited by the six
    gets a basic card of its own."""
    out: list[str] = []
    cited: set[str] = set()

    def basis(i: int, fits: Callable[[Basis], bool] = lambda b: True) -> Basis | None:
        n = len(choices)
        for k in range(n):
            candidates = choices[(i + k) % n]
            start = (i // n) % len(candidates)
            for j in range(len(candidates)):
                b = candidates[(start + j) % len(candidates)]
                if fits(b):
                    return b
        return None

    def add(lines: list[str], b: Basis) -> None:
        out.extend(lines)
        cited.add(b.source.id)

    b = basis(0)
    assert b is not None  # every source has at least one candidate sentence
    opening = " ".join(b.sentence.split()[:4])
    prompt = (
        f"What does {_named(b.source.title)} say in the sentence that begins {_named(opening + ELLIPSIS)}?"
    )
    add(
        _card(
            "  # basic: the learner recalls the answer, then rates their own recall.",
            "example-basic",
            "basic",
            [f"    prompt: {yaml_string(prompt)}", f"    answer: {yaml_string(b.sentence)}"],
            b,
        ),
        b,
    )

    if (b := basis(1)) is not None:
        word = b.words[0]
        prompt = f"Which word is missing from this sentence of {_named(b.source.title)}? {_blank(b.sentence, word, CLOZE_BLANK)}"
        add(
            _card(
                "  # typed: the learner types the answer; grading forgives case, accents, spacing and one small typo.",
                "example-typed",
                "typed",
                [
                    f"    prompt: {yaml_string(prompt)}",
                    f"    answer: {yaml_string(word)}",
                    "    # accept: [another spelling]   # optional further accepted answers",
                ],
                b,
            ),
            b,
        )

    if (b := basis(2, lambda b: _mcq_parts(b) is not None)) is not None:
        word, wrong = _mcq_parts(b) or ("", [])
        options = [*wrong[:1], word, *wrong[1:]]  # the right choice is not always first
        prompt = f"Which word completes this sentence of {_named(b.source.title)}? {_blank(b.sentence, word, CLOZE_BLANK)}"
        add(
            _card(
                "  # mcq: one correct choice; `answer` is its text, word for word.",
                "example-mcq",
                "mcq",
                [
                    f"    prompt: {yaml_string(prompt)}",
                    f"    choices: [{', '.join(yaml_string(c) for c in options)}]",
                    f"    answer: {yaml_string(word)}",
                    '    explanation: "Shown after the learner answers: say why, in your own words."',
                ],
                b,
            ),
            b,
        )

    def multi_fits(b: Basis) -> bool:
        return (
            b.plain
            and len(b.words) >= 2
            and len(_distractors(b.source.text, b.sentence, b.words[:2], 2)) == 2
        )

    if (b := basis(3, multi_fits)) is not None:
        right = b.words[:2]
        wrong = _distractors(b.source.text, b.sentence, right, 2)
        shown = b.sentence
        for w in right:
            shown = _blank(shown, w, CLOZE_BLANK)
        prompt = f"Which of these words are missing from this sentence of {_named(b.source.title)}? {shown}"
        add(
            _card(
                "  # multi: several correct choices; `answers` lists all of them.",
                "example-multi",
                "multi",
                [
                    f"    prompt: {yaml_string(prompt)}",
                    f"    choices: [{', '.join(yaml_string(c) for c in [right[0], *wrong[:1], right[1], *wrong[1:]])}]",
                    f"    answers: [{', '.join(yaml_string(c) for c in right)}]",
                ],
                b,
            ),
            b,
        )

    if (b := basis(4, lambda b: b.plain)) is not None:
        add(
            _card(
                "  # truefalse: a statement; answer true or false.",
                "example-truefalse",
                "truefalse",
                [
                    f"    prompt: {yaml_string(f'{_named(b.source.title)} says: {b.sentence}')}",
                    "    answer: true",
                ],
                b,
            ),
            b,
        )

    def cloze_fits(b: Basis) -> bool:
        return (
            CLOZE_OPEN not in b.sentence
            and CLOZE_CLOSE not in b.sentence
            and any(c.isalnum() for c in b.words[0])
        )

    if (b := basis(5, cloze_fits)) is not None:
        word = b.words[0]
        add(
            _card(
                "  # cloze: a sentence with one blank written {{answer}}; graded like typed.",
                "example-cloze",
                "cloze",
                [
                    f"    text: {yaml_string(_blank(b.sentence, word, CLOZE_OPEN + word + CLOZE_CLOSE, count=1))}"
                ],
                b,
            ),
            b,
        )
    else:
        out += [
            "  # cloze: a sentence with one blank written {{answer}} (no sentence here could show one).",
            "",
        ]

    n = 2
    for candidates in choices:
        b = candidates[0]
        if b.source.id in cited:
            continue
        prompt = f"What does {_named(b.source.title)} say here?"
        add(
            _card(
                "",
                f"example-basic-{n}",
                "basic",
                [f"    prompt: {yaml_string(prompt)}", f"    answer: {yaml_string(b.sentence)}"],
                b,
            )[1:],
            b,
        )
        n += 1
    return out
