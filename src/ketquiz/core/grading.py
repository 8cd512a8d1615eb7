"""Grading a learner's response to a card.

Choice cards are graded exactly. Typed and cloze answers are graded leniently, because the point is whether the
learner knows the answer, not whether they type it the way the author did:

* case, accents (Unicode NFKD with combining marks removed), punctuation around words and extra spaces are
  ignored, and hyphens count as spaces;
* any of the card's accepted answers will do;
* one small typo is forgiven: a single insertion, deletion, substitution or swap of two neighbouring letters
  (Damerau-Levenshtein distance 1) in one word of five or more letters;
* numbers may be written as digits or words: "two" == "2", "twenty-four" == "24", "one hundred and five" == "105".

Partial credit for ``multi`` cards: ``score = max(0, (right picks - wrong picks) / number of correct choices)``,
so picking every correct choice and nothing else scores 1, and guessing everything scores little or nothing.
``correct`` stays exact (all and only the correct choices).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ketquiz.core.model import Card, CardType
from ketquiz.core.scheduling import Rating

#: How alike (0-1) a wrong answer must be to its closest accepted answer for a character diff to be shown.
DIFF_MIN_LIKENESS = 0.5

#: Shortest word in which one typo is forgiven.
TYPO_MIN_LENGTH = 5

Response = int | set[int] | frozenset[int] | bool | str | None


class ResponseTypeError(TypeError):
    """The response does not fit the card's type (e.g. text for a multiple-choice card)."""


@dataclass(frozen=True, slots=True)
class GradeResult:
    """The verdict on one response.

    ``diff`` marks, in the learner's own text, what differs from the closest accepted answer: ``~~x~~`` is
    something the learner wrote that the answer does not have, ``[+x]`` something missing. ``diff_parts`` holds
    the same as ``(kind, text)`` pairs, kind being ``"same"``, ``"extra"`` or ``"missing"``, for a UI to colour.
    """

    correct: bool
    score: float
    max_score: float = 1.0
    expected: str = ""
    diff: str | None = None
    rating: Rating = Rating.GOOD
    note: str = ""
    diff_parts: tuple[tuple[str, str], ...] = ()

    def overridden(self, correct: bool) -> GradeResult:
        """The same result with the learner's own verdict (a learner can always override the grade)."""
        return GradeResult(
            correct=correct,
            score=self.max_score if correct else 0.0,
            max_score=self.max_score,
            expected=self.expected,
            diff=self.diff,
            rating=Rating.GOOD if correct else Rating.AGAIN,
            note="grade overridden by the learner",
            diff_parts=self.diff_parts,
        )


def grade(card: Card, response: Response) -> GradeResult:
    """Grade ``response`` to ``card``.

    ``response`` by card type: ``mcq`` an ``int`` choice index; ``multi`` a set of indices; ``truefalse`` a
    ``bool`` (or the index 0 = True, 1 = False); ``typed``/``cloze`` a ``str``; ``basic`` ``None`` (the learner
    grades themselves; the result is then not correct, with rating GOOD suggested) or a ``bool``, the learner's
    own verdict. Raises :class:`ResponseTypeError` when the response does not fit the card.
    """
    match card.type:
        case CardType.MCQ:
            return _grade_mcq(card, response)
        case CardType.MULTI:
            return _grade_multi(card, response)
        case CardType.TRUEFALSE:
            return _grade_truefalse(card, response)
        case CardType.TYPED | CardType.CLOZE:
            if not isinstance(response, str):
                raise ResponseTypeError(
                    f"card {card.id!r} ({card.type}) needs a text answer, got {response!r}"
                )
            return grade_text(card.accepted_answers, response)
        case CardType.BASIC:
            if response is None:
                return GradeResult(False, 0.0, expected=card.answer, rating=Rating.GOOD, note="self-graded")
            if isinstance(response, bool):
                return _verdict(response, card.answer, note="self-graded")
            raise ResponseTypeError(f"card {card.id!r} (basic) is self-graded: give None or True/False")
    raise ResponseTypeError(f"card {card.id!r} has unknown type {card.type!r}")  # pragma: no cover


def _verdict(correct: bool, expected: str, note: str = "") -> GradeResult:
    return GradeResult(
        correct=correct,
        score=1.0 if correct else 0.0,
        expected=expected,
        rating=Rating.GOOD if correct else Rating.AGAIN,
        note=note,
    )


def _check_index(card: Card, index: object) -> int:
    if isinstance(index, bool) or not isinstance(index, int):
        raise ResponseTypeError(f"card {card.id!r} ({card.type}) needs choice indices, got {index!r}")
    if not 0 <= index < len(card.choices):
        raise ResponseTypeError(f"card {card.id!r}: choice {index} out of range 0..{len(card.choices) - 1}")
    return index


def _grade_mcq(card: Card, response: Response) -> GradeResult:
    index = _check_index(card, response)
    return _verdict(index in card.correct, card.answer)


def _grade_truefalse(card: Card, response: Response) -> GradeResult:
    index = (0 if response else 1) if isinstance(response, bool) else _check_index(card, response)
    return _verdict(index in card.correct, card.answer)


def _grade_multi(card: Card, response: Response) -> GradeResult:
    if not isinstance(response, set | frozenset):
        raise ResponseTypeError(f"card {card.id!r} (multi) needs a set of choice indices, got {response!r}")
    picks = {_check_index(card, i) for i in response}
    right_set = set(card.correct)
    right = len(picks & right_set)
    wrong = len(picks - right_set)
    exact = picks == right_set
    score = max(0.0, (right - wrong) / len(right_set)) if right_set else 0.0
    note = ""
    if not exact:
        missed = len(right_set - picks)
        parts = []
        if missed:
            parts.append(f"{missed} correct choice{'s' if missed > 1 else ''} missed")
        if wrong:
            parts.append(f"{wrong} wrong choice{'s' if wrong > 1 else ''} picked")
        note = ", ".join(parts)
    return GradeResult(
        correct=exact,
        score=1.0 if exact else score,
        expected=card.answer,
        rating=Rating.GOOD if exact else Rating.AGAIN,
        note=note,
    )


# --- lenient text grading -----------------------------------------------------------------------------------

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = {w: i for i, w in enumerate(_UNIT_WORDS.split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_TEN_WORDS.split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES)
_TRANSLATE = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011/]+")
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def fold(text: str) -> str:
    """Case and accents folded away: ``"Kétamine"`` -> ``"ketamine"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _strip_punct(word: str) -> str:
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end]


def words(text: str) -> list[str]:
    """The comparable words of ``text``: folded, split on spaces and hyphens, punctuation trimmed, numbers as digits."""
    raw = [_strip_punct(w) for w in _SEPARATORS.split(fold(text))]
    raw = [w.replace(",", "") if _DIGITS.match(w) else w for w in raw if w]
    return _numbers_to_digits(raw)


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in _NUMBER_WORDS or tokens[i] in _SCALES:
            out.append(tokens[i])
            i += 1
            continue
        total, current, j = 0, 0, i
        while j < len(tokens):
            tok = tokens[j]
            if tok in _UNITS:
                current += _UNITS[tok]
            elif tok in _TENS:
                current += _TENS[tok]
            elif tok == "hundred":
                current = max(current, 1) * 100
            elif tok in ("thousand", "million"):
                total += max(current, 1) * _SCALES[tok]
                current = 0
            elif (
                tok == "and"
                and tokens[j - 1] in _SCALES
                and j + 1 < len(tokens)
                and tokens[j + 1] in _NUMBER_WORDS
            ):
                pass
            else:
                break
            j += 1
        out.append(str(total + current))
        i = j
    return out


def _typo_count(said: list[str], want: list[str]) -> int | None:
    """How many words differ by one small typo; None when any word differs by more."""
    if len(said) != len(want):
        return None
    typos = 0
    for a, b in zip(said, want, strict=True):
        if a == b:
            continue
        if len(b) >= TYPO_MIN_LENGTH and not b.isdigit() and OSA.distance(a, b) == 1:
            typos += 1
        else:
            return None
    return typos


def grade_text(accepted: Iterable[str], response: str) -> GradeResult:
    """Grade a typed answer against the accepted answers (the first is the canonical one, shown as expected)."""
    answers = [a for a in accepted if a.strip()]
    canonical = answers[0] if answers else ""
    said = words(response)
    best: tuple[int, str] | None = None  # (typos, answer)
    for answer in answers:
        typos = _typo_count(said, words(answer))
        if typos is not None and typos <= 1 and (best is None or typos < best[0]):
            best = (typos, answer)
    if best is not None:
        typos, answer = best
        if typos == 0:
            note = "" if answer == canonical else "accepted alternative answer"
            return GradeResult(True, 1.0, expected=canonical, rating=Rating.GOOD, note=note)
        parts = diff_parts(response.strip(), answer)
        return GradeResult(
            True,
            1.0,
            expected=canonical,
            diff=render_diff(parts),
            rating=Rating.GOOD,
            note="accepted with one typo",
            diff_parts=parts,
        )

    def likeness(a: str) -> float:
        return difflib.SequenceMatcher(None, fold(response), fold(a)).ratio()

    closest = max(answers, key=likeness, default="")
    # A character diff helps with a near miss; between unrelated words it is noise, so it is left out.
    show_diff = bool(response.strip()) and likeness(closest) >= DIFF_MIN_LIKENESS
    parts = diff_parts(response.strip(), closest) if show_diff else ()
    return GradeResult(
        False,
        0.0,
        expected=canonical,
        diff=render_diff(parts) if show_diff else None,
        rating=Rating.AGAIN,
        note="" if response.strip() else "no answer given",
        diff_parts=parts,
    )


def diff_parts(said: str, expected: str) -> tuple[tuple[str, str], ...]:
    """Character differences between ``said`` and ``expected``, ignoring case and accents."""
    a = [fold(ch) for ch in said]
    b = [fold(ch) for ch in expected]
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", said[i1:i2]))
            continue
        if i2 > i1:
            parts.append(("extra", said[i1:i2]))
        if j2 > j1:
            parts.append(("missing", expected[j1:j2]))
    return tuple(parts)


def render_diff(parts: Iterable[tuple[str, str]]) -> str:
    """Plain-text form of :func:`diff_parts`: ``~~extra~~`` and ``[+missing]``."""
    out = []
    for kind, text in parts:
        if kind == "extra":
            out.append(f"~~{text}~~")
        elif kind == "missing":
            out.append(f"[+{text}]")
        else:
            out.append(text)
    return "".join(out)


__all__ = [
    "TYPO_MIN_LENGTH",
    "GradeResult",
    "Response",
    "ResponseTypeError",
    "diff_parts",
    "fold",
    "grade",
    "grade_text",
    "render_diff",
    "words",
]
