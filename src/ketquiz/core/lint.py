"""Lints for the questions themselves: item-writing flaws that let a learner guess without knowing.

``check`` proves every quote is in its source; these rules look at whether the question is a fair one. Each is
a flaw the item-writing guidelines name (Haladyna, Downing & Rodriguez's taxonomy; the NBME item-writing manual):
the right choice given away by its length, its grammar or a word it shares with the stem, too few plausible wrong
choices, "all of the above", unemphasised negatives, and typed answers that reject what a knowing learner would
type. docs/authoring.md gives each rule's rationale.

Every finding is a warning (``check --strict`` makes warnings errors). A card silences a rule with
``lint: {ignore: [code], reason: "..."}``; the deck does the same for the deck-level rules.

Pure: works on the deck model only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable

from ketquiz.core.diagnostics import Diagnostic
from ketquiz.core.grading import words
from ketquiz.core.model import Card, CardType, Deck, Location

#: Every lint code, with the one line ``check`` and the docs show for it.
LINT_CODES: dict[str, str] = {
    "longest-choice-correct": "the right choice is clearly the longest",
    "one-wrong-choice": "a multi card with fewer than two wrong choices",
    "too-few-choices": "too few choices to make guessing unlikely",
    "grammatical-cue": "only the right choice fits the stem's grammar",
    "all-of-the-above": "an 'all of the above' choice",
    "none-of-the-above": "a 'none of the above' choice",
    "negative-stem": "a 'not' or 'except' in the prompt that is not emphasised",
    "answer-in-stem": "a word of the right choice repeats the prompt and no wrong choice",
    "duplicate-choice": "two choices that are the same after normalising",
    "choice-position-bias": "the right choice sits in one position far more often than chance",
    "narrow-typed-answer": "a typed answer with no alternatives",
    "lint-ignore-unused": "a 'lint: ignore' entry that silences nothing",
}

#: The rules that look at the whole deck; a deck-level ``lint: {ignore: [...]}`` silences them.
DECK_CODES = frozenset({"longest-choice-correct", "choice-position-bias"})

#: The right choice is "clearly" the longest when longer than this many times the mean of the others.
LONGEST_RATIO = 1.5
#: The deck-level warning: the right choice is the longest in more than this share of single-answer cards.
LONGEST_DECK_SHARE = 1 / 3
#: Fewest single-answer cards for the deck-level length and position rules to mean anything.
DECK_MIN_CARDS = 6
#: One-sided probability below which a position is "far more than chance".
POSITION_P = 0.001
#: An mcq needs at least this many choices; a multi at least this many wrong ones.
MIN_MCQ_CHOICES = 3
MIN_WRONG_MULTI = 2

_ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|them)\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(not|except|cannot)\b|\b\w+n't\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
#: Common words that carry no cue (besides the usual English stopwords, the words prompts use to name a source).
_STOPWORD_TEXT = """
    a about above after again against all also an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers him his how i if in into is it its itself just may might more most much must my no nor not now of off on
    once only or other our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while who whom why will
    with would you your according article articles say says said source sources many often
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def lint_deck(deck: Deck) -> list[Diagnostic]:
    """Every lint warning for ``deck``, in card order, deck-level ones last."""
    out: list[Diagnostic] = []
    for card in deck.cards:
        where = card.field_locs.get("lint", card.loc)
        out += _unsilenced(deck, lint_card(card), card.lint_ignore, LINT_CODES, where, f"card '{card.id}'")
    out += _unsilenced(deck, _deck_rules(deck), deck.lint_ignore, DECK_CODES, deck.lint_loc, "the deck")
    return out


def _unsilenced(
    deck: Deck,
    findings: Iterable[Finding],
    ignore: tuple[str, ...],
    codes: Collection[str],
    where: Location | None,
    who: str,
) -> list[Diagnostic]:
    """The findings ``ignore`` does not silence, then one warning for each code of ``codes`` it silences that
    none of them triggered (a stale ``lint: ignore`` would hide the next real flaw)."""
    found = list(findings)
    silenced = set(ignore)
    out = [_diag(deck, loc, code, msg) for code, msg, loc in found if code not in silenced]
    used = {code for code, _, _ in found}
    out += [
        _diag(
            deck,
            where,
            "lint-ignore-unused",
            f"{who} silences '{code}', which it does not trigger; remove it from 'lint: ignore'",
        )
        for code in ignore
        if code not in used and code in codes
    ]
    return out


def _diag(deck: Deck, loc: Location | None, code: str, message: str) -> Diagnostic:
    return Diagnostic.at(loc, deck.path, "warning", code, message)


Finding = tuple[str, str, Location | None]


def lint_card(card: Card) -> Iterable[Finding]:
    """The lint findings for one card, unsilenced: ``(code, message, where)``."""
    if card.type in (CardType.MCQ, CardType.MULTI):
        yield from _choice_rules(card)
    if card.type in (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE):
        yield from _negative_stem(card)
    if card.type in (CardType.TYPED, CardType.CLOZE):
        yield from _narrow_typed(card)


def _at(card: Card, field: str) -> Location | None:
    return card.field_locs.get(field, card.loc)


def _choice_rules(card: Card) -> Iterable[Finding]:
    what = f"card '{card.id}'"
    right = [card.choices[i] for i in card.correct if i < len(card.choices)]
    wrong = [c for i, c in enumerate(card.choices) if i not in card.correct]
    if not right or not card.choices:
        return  # the loader has reported the card as broken
    if card.type is CardType.MCQ:
        if len(card.choices) < MIN_MCQ_CHOICES:
            yield (
                "too-few-choices",
                f"{what} has {len(card.choices)} choices; a guess is right half the time. Add a plausible wrong "
                f"choice (at least {MIN_MCQ_CHOICES} choices), or make it a truefalse card",
                _at(card, "choices"),
            )
        answer = right[0]
        others = [len(c) for c in wrong]
        if others and len(answer) > LONGEST_RATIO * (sum(others) / len(others)):
            mean = sum(others) / len(others)
            yield (
                "longest-choice-correct",
                f"{what}: the right choice is {len(answer)} characters, {len(answer) / mean:.1f}x the mean of the "
                "wrong ones; learners pick the longest, most qualified choice. Shorten it or lengthen the others",
                _at(card, "choices"),
            )
    else:
        if len(wrong) < MIN_WRONG_MULTI:
            yield (
                "one-wrong-choice",
                f"{what} has {len(wrong)} wrong choice{'s' if len(wrong) != 1 else ''}; with fewer than "
                f"{MIN_WRONG_MULTI}, ticking everything but the odd one out is a safe bet. Add wrong choices",
                _at(card, "choices"),
            )
    yield from _grammatical_cue(card, right, wrong)
    for choice in card.choices:
        m = _ABOVE.search(choice)
        if m:
            code = "none-of-the-above" if m.group(1).lower() in ("none", "neither") else "all-of-the-above"
            yield (
                code,
                f"{what} has the choice '{choice}'; it can be answered by spotting two true (or one false) choices, "
                "and its meaning changes when choices are shuffled. Write each choice as its own statement",
                _at(card, "choices"),
            )
    yield from _answer_in_stem(card, right, wrong)
    yield from _duplicates(card)


def _first_word(text: str) -> str:
    m = _WORD.search(text)
    return m.group().lower() if m else ""


def _vowel_sound(word: str) -> bool:
    """Whether ``an`` goes before ``word``, by its first letter (a heuristic: "an hour", "a unit" slip by)."""
    return bool(word) and word[0].lower() in "aeiou"


def _only_right(has: Callable[[str], bool], right: list[str], wrong: list[str]) -> bool:
    """Whether every right choice has the property and no wrong one does: a cue that gives the answer away."""
    return all(has(c) for c in right) and not any(has(c) for c in wrong)


def _grammatical_cue(card: Card, right: list[str], wrong: list[str]) -> Iterable[Finding]:
    if not wrong:
        return
    what = f"card '{card.id}'"
    stem_words = _WORD.findall(card.prompt.rstrip(" .:?_\u2026"))
    last = stem_words[-1].lower() if stem_words else ""
    if last in ("a", "an"):

        def agrees(choice: str) -> bool:
            return _vowel_sound(_first_word(choice)) == (last == "an")

        if _only_right(agrees, right, wrong):
            yield (
                "grammatical-cue",
                f"{what}: the prompt ends with '{last}', and only the right choice can follow it; end the prompt "
                "before the article, or make every choice fit",
                _at(card, "choices"),
            )
            return

    def starts_the(choice: str) -> bool:
        return _first_word(choice) == "the"

    if _only_right(starts_the, right, wrong):
        yield (
            "grammatical-cue",
            f"{what}: only the right choice starts with 'the'; a definite article marks the one specific thing the "
            "question is about. Start every choice the same way",
            _at(card, "choices"),
        )


def _content_words(text: str) -> set[str]:
    """Words that carry meaning, folded and singular: 'Receptors' and 'receptor' are one word."""
    out = set()
    for w in words(text):
        w = w.removesuffix("'s")  # "ketamine's" is "ketamine"
        if len(w) < 4 or not w.isalpha() or w in _STOPWORDS:
            continue
        out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 4 else w)
    return out


def _answer_in_stem(card: Card, right: list[str], wrong: list[str]) -> Iterable[Finding]:
    if not wrong:
        return
    stem = _content_words(card.prompt)
    in_wrong = set().union(*(_content_words(c) for c in wrong))
    for choice in right:
        cue = sorted((_content_words(choice) & stem) - in_wrong)
        if cue:
            yield (
                "answer-in-stem",
                f"card '{card.id}': '{cue[0]}' is in the prompt and in the right choice '{choice}' but in no wrong "
                "choice, so it points at the answer. Reword the choice or use the word in a wrong choice too",
                _at(card, "choices"),
            )
            return


def _normal(choice: str) -> str:
    return " ".join(w for w in words(choice) if w not in ("a", "an", "the"))


def _duplicates(card: Card) -> Iterable[Finding]:
    seen: dict[str, str] = {}
    for choice in card.choices:
        key = _normal(choice)
        first = seen.get(key)
        if first is not None and first.strip().casefold() != choice.strip().casefold():
            yield (
                "duplicate-choice",
                f"card '{card.id}': choices '{first}' and '{choice}' say the same thing once case, punctuation and "
                "articles are set aside; make them differ",
                _at(card, "choices"),
            )
        seen.setdefault(key, choice)


def _emphasised(prompt: str, start: int, end: int) -> bool:
    word = prompt[start:end]
    if word.isupper() and len(word) > 1:
        return True
    before, after = prompt[max(0, start - 2) : start], prompt[end : end + 2]
    return any(before.endswith(m) and after.startswith(m) for m in ("**", "*", "_"))


def _negative_stem(card: Card) -> Iterable[Finding]:
    for m in _NEGATIVE.finditer(card.prompt):
        if not _emphasised(card.prompt, m.start(), m.end()):
            yield (
                "negative-stem",
                f"card '{card.id}': the prompt says '{m.group()}' without emphasis, and a learner reading fast "
                "misses it. Ask the question positively, or write it in capitals (NOT, EXCEPT)",
                _at(card, "prompt"),
            )
            return


def _narrow_typed(card: Card) -> Iterable[Finding]:
    if card.accept:
        return
    answer = card.answer.strip()
    tokens = answer.split()
    if not 2 <= len(tokens) <= 6 or not all(t.strip(".,;:'\"()").isalpha() for t in tokens):
        return  # one word, a figure, or a whole sentence: alternatives are rarely worded otherwise
    if any(t[:1].isupper() for t in tokens[1:]) or any(t.isupper() and len(t) > 1 for t in tokens):
        return  # a name or an abbreviation, spelled one way
    field = "text" if card.type is CardType.CLOZE else "answer"
    yield (
        "narrow-typed-answer",
        f"card '{card.id}' accepts only '{answer}'; a learner who knows it may word it otherwise. List other "
        "wordings the sources support under 'accept'",
        _at(card, field),
    )


def _deck_rules(deck: Deck) -> Iterable[Finding]:
    single = [c for c in deck.cards if c.type is CardType.MCQ and len(c.correct) == 1 and len(c.choices) >= 2]
    if len(single) >= DECK_MIN_CARDS:
        longest = [c for c in single if _strictly_longest(c)]
        share = len(longest) / len(single)
        if share > LONGEST_DECK_SHARE:
            yield (
                "longest-choice-correct",
                f"the right choice is the longest in {len(longest)} of {len(single)} single-answer cards "
                f"({share:.0%}); a learner who always picks the longest choice does well. Vary the lengths "
                f"(e.g. {', '.join(c.id for c in longest[:3])})",
                None,
            )
    yield from _position_bias(deck, [c for c in single if len(c.choices) >= MIN_MCQ_CHOICES])


def _strictly_longest(card: Card) -> bool:
    right = len(card.choices[card.correct[0]])
    return all(right > len(c) for i, c in enumerate(card.choices) if i != card.correct[0])


def _binomial_tail(n: int, k: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space so large decks do not overflow."""
    if k <= 0:
        return 1.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    total = 0.0
    for i in range(k, n + 1):
        log_term = (
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * math.log(p)
            + (n - i) * math.log1p(-p)
        )
        total += math.exp(log_term)
    return min(1.0, total)


def _position_bias(deck: Deck, cards: list[Card]) -> Iterable[Finding]:
    if len(cards) < DECK_MIN_CARDS:
        return
    counts = Counter(c.correct[0] for c in cards)
    for position, seen in counts.most_common():
        eligible = [c for c in cards if len(c.choices) > position]
        chance = sum(1 / len(c.choices) for c in eligible) / len(eligible)
        expected = chance * len(eligible)
        if seen > 1.5 * expected and _binomial_tail(len(eligible), seen, chance) < POSITION_P:
            yield (
                "choice-position-bias",
                f"the right choice is written in position {position + 1} in {seen} of {len(eligible)} "
                f"multiple-choice cards (about {expected:.0f} by chance); where choices are not shuffled (exports, "
                "printed papers) a learner can guess by position. Move some right choices",
                None,
            )
