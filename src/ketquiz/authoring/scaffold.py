"""A new deck folder from a few source documents: the deck file, written for a person to read and edit.

:func:`draft_deck` is pure: source texts in, deck YAML out. The deck has one example card of each type, each
citing a real sentence of one of the sources (every source gets at least one), so it passes ``ketquiz check`` as
created and shows the author the format by example. Everything an author must change is commented.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ketquiz.authoring.quote_lookup import quote_text
from ketquiz.core.citations import MIN_QUOTE_WORDS, word_count
from ketquiz.core.model import CLOZE_BLANK
from ketquiz.core.sentences import Sentence, split_sentences

#: The file ``new`` writes the JSON Schema to, beside the deck file.
SCHEMA_FILE = "ketquiz-deck.schema.json"
_MAX_ID_LEN = 30
_MAX_TITLE_LEN = 120


class ScaffoldError(ValueError):
    """A source a deck cannot be made from, with the reason."""


@dataclass(frozen=True, slots=True)
class SourceDraft:
    """A source as it will sit in the new deck: its id, title, path relative to the deck file and text."""

    id: str
    title: str
    file: str
    text: str


def slugify(text: str, max_len: int = _MAX_ID_LEN) -> str:
    """A deck-format slug from free text: ASCII lower-case words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for w in words:
        candidate = f"{slug}-{w}" if slug else w
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or (words[0][:max_len] if words else "")


def first_line(text: str) -> str:
    """The first line with any letter or digit in it, whitespace collapsed, cut to a readable length."""
    for line in text.splitlines():
        flat = " ".join(line.split())
        if any(c.isalnum() for c in flat):
            return flat if len(flat) <= _MAX_TITLE_LEN else flat[: _MAX_TITLE_LEN - 1].rstrip() + "\u2026"
    return ""


def unique(candidate: str, taken: set[str], fallback: str) -> str:
    base = candidate or fallback
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def pick_sentences(text: str, name: str) -> list[Sentence]:
    """Sentences to build example cards on: plain, full sentences after the title line, in source order; if
    there are none, the first sentence long enough to cite."""
    sentences = split_sentences(text)
    citable = [s for s in sentences if word_count(text[s.start : s.end]) >= MIN_QUOTE_WORDS]
    if not citable:
        raise ScaffoldError(f"{name}: no sentence of {MIN_QUOTE_WORDS} or more words to cite")

    def plain(s: Sentence) -> bool:
        words = word_count(text[s.start : s.end])
        return s.line > 1 and 6 <= words <= 40 and text[s.end - 1] == "." and bool(_content_words(text, s))

    return [s for s in citable if plain(s)] or citable[:1]


def _content_words(text: str, s: Sentence) -> list[str]:
    """Distinct words of a sentence worth blanking out: letters only, 5 or more of them, longest first."""
    return _longest_words(text[s.start : s.end])


def _longest_words(sentence: str) -> list[str]:
    """Distinct whole words of 5+ letters (no digits), longest first; all distinct words when there are none."""
    tokens = re.findall(r"\w+", sentence)
    words = dict.fromkeys(t for t in tokens if len(t) >= 5 and t.isalpha()) or dict.fromkeys(tokens)
    return sorted(words, key=lambda w: -len(w))


def _blank(sentence: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, sentence, count=1)


ELLIPSIS = "\u2026"


def _named(text: str) -> str:
    """Text set in curly double quotes, as a title is named in a prompt."""
    return f"\u201c{text}\u201d"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _distractors(text: str, sentence: str, count: int) -> list[str]:
    """Words of the source that the sentence does not contain, for wrong choices."""
    inside = {w.lower() for w in re.findall(r"\w+", sentence)}
    out: list[str] = []
    for w in re.findall(r"\w+", text):
        if (
            len(w) >= 5
            and w.isalpha()
            and w.lower() not in inside
            and w.lower() not in {o.lower() for o in out}
        ):
            out.append(w)
            if len(out) == count:
                break
    return out


@dataclass(frozen=True, slots=True)
class _Basis:
    """A source and the sentence one example card is built on."""

    source: SourceDraft
    sentence: str  # one line, as quoted

    @property
    def words(self) -> list[str]:
        return _longest_words(self.sentence)


def _citation(b: _Basis) -> list[str]:
    return ["    citations:", f"      - source: {b.source.id}", f"        quote: {_q(b.sentence)}"]


def _example_cards(choices: Sequence[Sequence[_Basis]]) -> list[str]:
    """One card of each type. Card ``i`` is built on source ``i % n`` (of ``n``), on that source's next candidate
    sentence, so every source is cited and a lone source shows several of its sentences. Sources beyond the
    sixth get a basic card each."""
    out: list[str] = []
    bases = [c[0] for c in choices]

    def basis(i: int) -> _Basis:
        candidates = choices[i % len(choices)]
        return candidates[(i // len(choices)) % len(candidates)]

    b = basis(0)
    opening = " ".join(b.sentence.split()[:4])
    out += [
        "  # basic: the learner recalls the answer, then rates their own recall.",
        "  - id: example-basic",
        "    topic: examples",
        "    type: basic",
        f"    prompt: {_q(f'What does {_named(b.source.title)} say in the sentence that begins {_named(opening + ELLIPSIS)}?')}",
        f"    answer: {_q(b.sentence)}",
        *_citation(b),
        "",
    ]
    b = basis(1)
    word = b.words[0]
    out += [
        "  # typed: the learner types the answer; grading forgives case, accents, spacing and one small typo.",
        "  - id: example-typed",
        "    topic: examples",
        "    type: typed",
        f"    prompt: {_q(f'Which word is missing from this sentence of {_named(b.source.title)}? {_blank(b.sentence, word, CLOZE_BLANK)}')}",
        f"    answer: {_q(word)}",
        "    # accept: [another spelling]   # optional further accepted answers",
        *_citation(b),
        "",
    ]
    b = basis(2)
    word = b.words[0]
    wrong = _distractors(b.source.text, b.sentence, 3) or [w for w in b.words if w != word][:3]
    out += [
        "  # mcq: one correct choice; `answer` is its text, word for word.",
        "  - id: example-mcq",
        "    topic: examples",
        "    type: mcq",
        f"    prompt: {_q(f'Which word completes this sentence of {_named(b.source.title)}? {_blank(b.sentence, word, CLOZE_BLANK)}')}",
        f"    choices: [{', '.join(_q(c) for c in [word, *wrong])}]",
        f"    answer: {_q(word)}",
        '    explanation: "Shown after the learner answers: say why, in your own words."',
        *_citation(b),
        "",
    ]
    b = basis(3)
    right = b.words[:2]
    wrong = _distractors(b.source.text, b.sentence, 2)
    out += [
        "  # multi: several correct choices; `answers` lists all of them.",
        "  - id: example-multi",
        "    topic: examples",
        "    type: multi",
        f"    prompt: {_q(f'Which of these words does this sentence of {_named(b.source.title)} use? {b.sentence}')}",
        f"    choices: [{', '.join(_q(c) for c in [*right, *wrong])}]",
        f"    answers: [{', '.join(_q(c) for c in right)}]",
        *_citation(b),
        "",
    ]
    b = basis(4)
    out += [
        "  # truefalse: a statement; answer true or false.",
        "  - id: example-truefalse",
        "    topic: examples",
        "    type: truefalse",
        f"    prompt: {_q(f'{_named(b.source.title)} says: {b.sentence}')}",
        "    answer: true",
        *_citation(b),
        "",
    ]
    b = basis(5)
    out += [
        "  # cloze: a sentence with one blank written {{answer}}; graded like typed.",
        "  - id: example-cloze",
        "    topic: examples",
        "    type: cloze",
        f"    text: {_q(_blank(b.sentence, b.words[0], '{{' + b.words[0] + '}}'))}",
        *_citation(b),
        "",
    ]
    for n, b in enumerate(bases[6:], start=2):
        out += [
            f"  - id: example-basic-{n}",
            "    topic: examples",
            "    type: basic",
            f"    prompt: {_q(f'What does {_named(b.source.title)} say here?')}",
            f"    answer: {_q(b.sentence)}",
            *_citation(b),
            "",
        ]
    return out


def draft_deck(
    deck_id: str, title: str, sources: Sequence[SourceDraft], schema_file: str | None = SCHEMA_FILE
) -> str:
    """The YAML text of a new deck over ``sources``. Raises :class:`ScaffoldError` for a source with nothing to cite."""
    if not sources:
        raise ScaffoldError("a deck needs at least one source")
    choices = [
        [_Basis(s, quote_text(s.text, x.span)) for x in pick_sentences(s.text, s.file)] for s in sources
    ]
    header = [
        f"# {title}: a ketquiz deck.",
        "#   ketquiz check FILE                      check every card and citation",
        '#   ketquiz quote FILE SOURCE_ID "words"    find a passage and get a citation to paste',
        "#   ketquiz coverage FILE                   see which passages of the sources no card cites",
        "#   ketquiz check --watch FILE              re-check on every save",
    ]
    if schema_file:
        header += [
            f"# Editors with a YAML language server validate this file against {schema_file}",
            f"# (refresh it with: ketquiz schema > {schema_file}).",
            f"# yaml-language-server: $schema={schema_file}",
        ]
    lines = [
        *header,
        "",
        f"id: {deck_id}                # stable: study progress is keyed on it",
        f"title: {_q(title)}",
        f"description: {_q(f'What {len(sources)} document(s) say. Describe the deck here.')}",
        "notice: >-",
        "  A study aid built from the documents in sources/. It is not professional or medical advice:",
        "  read the sources themselves.",
        "",
        "sources:",
        "  # id: what citations name; title: taken from the document's first line. Change either freely.",
    ]
    for s in sources:
        lines += [
            f"  - id: {s.id}",
            f"    title: {_q(s.title)}",
            f"    file: {_q(s.file)}",
            "    # ignore:                 # page furniture (ads, share buttons) left out of coverage",
            '    #   - "Share this article"',
        ]
    lines += [
        "",
        "topics:",
        "  - id: examples",
        "    title: Example cards",
        "",
        "# One example card of each type, each citing a sentence of a source. Replace them with your own.",
        "cards:",
        *_example_cards(choices),
        "# disagreements: where sources contradict each other. Each position quotes its source.",
        "# disagreements:",
        "#   - id: how-long-it-lasts",
        "#     topic: examples",
        "#     summary: How long the effect lasts.",
        "#     positions:",
        "#       - source: first-source-id",
        "#         says: It lasts a day.",
        '#         quote: "the passage of the first source saying so"',
        "#       - source: second-source-id",
        "#         says: It lasts weeks.",
        '#         quote: "the passage of the second source saying so"',
        "",
    ]
    return "\n".join(lines)
