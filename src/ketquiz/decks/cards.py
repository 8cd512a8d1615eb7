"""Reading one card of a deck: its type picks the fields it may have and the reader of its answer.

As :func:`ketquiz.core.grading.grade` dispatches on the card type, :data:`READERS` maps each type to the function
that reads what is particular to it (choices and the correct ones, a statement's truth, a cloze blank); the fields
every card has are read once, around it. Every problem is reported at the value it is about.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ketquiz.core.lint import LINT_CODES
from ketquiz.core.model import CLOZE_BLANK, CLOZE_CLOSE, CLOZE_OPEN, Card, CardType, Citation
from ketquiz.decks import fields as F
from ketquiz.decks.reader import NodeReader
from ketquiz.decks.yamlnodes import Mapping, Node, Scalar

__all__ = ["READERS", "read_card", "read_lint"]

#: Card fields whose place is kept, so a problem with one (a lint on the choices) points at it.
_LOCATED_FIELDS = (
    "topic",
    "disagreements",
    "citations",
    "prompt",
    "text",
    "choices",
    "answer",
    "answers",
    "lint",
)


def _field_homes() -> dict[str, str]:
    """Each type-specific card field -> the card types that have it, said as "a field of mcq and multi cards"."""
    homes: dict[str, list[str]] = {}
    for type_name, fields in F.CARD_TYPE_FIELDS.items():
        for f in fields:
            homes.setdefault(f.name, []).append(type_name)
    return {name: f"a field of {' and '.join(types)} cards" for name, types in homes.items()}


_FIELD_HOMES = _field_homes()


@dataclass(frozen=True, slots=True)
class CardFields:
    """A card's fields as read (by name: the key and the value's node), and how messages name the card."""

    got: dict[str, tuple[Scalar, Node]]
    r: NodeReader
    what: str  # "card 'nmda'"

    def __contains__(self, key: str) -> bool:
        return key in self.got

    def node(self, key: str) -> Node:
        return self.got[key][1]

    def text(self, key: str) -> str:
        """The field's text, or "" when it is absent or not a text (which is reported)."""
        return (self.r.text(self.node(key), f"'{key}' of {self.what}") or "") if key in self else ""

    def texts(self, key: str) -> list[tuple[str, Node]]:
        """The field's texts with their nodes, or [] when it is absent; a single text is a list of one."""
        return self.r.text_list(self.node(key), f"'{key}' of {self.what}") if key in self else []

    def report(self, key: str, code: str, message: str) -> None:
        self.r.report(self.node(key), code, message)


@dataclass(frozen=True, slots=True)
class CardBody:
    """What a card type reads from its own fields: the question as shown, and what answers it.

    Field by field as in :class:`ketquiz.core.model.Card`.
    """

    prompt: str
    answer: str
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    accept: tuple[str, ...] = ()
    text: str = ""


def _answered(f: CardFields) -> CardBody:
    """basic and typed: the answer as written, and (typed) other wordings accepted."""
    prompt, answer = f.text("prompt"), f.text("answer")
    return CardBody(prompt, answer, accept=tuple(t for t, _ in f.texts("accept")))


def _mcq(f: CardFields) -> CardBody:
    """mcq: the choices and the text of the one right choice."""
    prompt = f.text("prompt")
    choices = _choices(f)
    wanted = _mcq_answer(f)
    if len(wanted) > 1:
        f.report("answer", "mcq-one-answer", "an mcq has one correct choice; use type multi for several")
    return _chosen(f, prompt, choices, wanted)


def _multi(f: CardFields) -> CardBody:
    """multi: the choices and the texts of every right choice."""
    prompt = f.text("prompt")
    choices = _choices(f)
    wanted = f.texts("answers")
    if not wanted and "answers" in f:
        f.report("answers", "multi-no-correct", f"{f.what} has no correct choice in 'answers'")
    return _chosen(f, prompt, choices, wanted)


def _truefalse(f: CardFields) -> CardBody:
    """truefalse: a statement and whether it is true, as the choices True and False."""
    prompt = f.text("prompt")
    truth = f.r.boolean(f.node("answer"), f"'answer' of {f.what}") if "answer" in f else None
    correct = ((0,) if truth else (1,)) if truth is not None else ()
    return CardBody(prompt, "True" if truth else "False", ("True", "False"), correct)


def _cloze(f: CardFields) -> CardBody:
    """cloze: a sentence with one blank, which is the answer; the prompt is the sentence with the blank shown."""
    text = f.text("text")
    accept = tuple(t for t, _ in f.texts("accept"))
    if not text:
        return CardBody("", "", accept=accept)
    o, c = text.find(CLOZE_OPEN), text.find(CLOZE_CLOSE)
    inside = text[o + len(CLOZE_OPEN) : c]
    if o < 0 or c < o + len(CLOZE_OPEN) or not inside.strip():
        f.report("text", "cloze-no-blank", f"{f.what} has no blank; mark the answer as {{{{answer}}}}")
        return CardBody("", "", accept=accept, text=text)
    if text.find(CLOZE_OPEN, c) >= 0:
        f.report("text", "cloze-many-blanks", f"{f.what} has more than one blank; use one per card")
    prompt = text[:o] + CLOZE_BLANK + text[c + len(CLOZE_CLOSE) :]
    return CardBody(prompt, inside.strip(), accept=accept, text=text)


#: Each card type's reader of the fields particular to it (see :data:`ketquiz.decks.fields.CARD_TYPE_FIELDS`).
READERS: dict[CardType, Callable[[CardFields], CardBody]] = {
    CardType.BASIC: _answered,
    CardType.TYPED: _answered,
    CardType.MCQ: _mcq,
    CardType.MULTI: _multi,
    CardType.TRUEFALSE: _truefalse,
    CardType.CLOZE: _cloze,
}


def _choices(f: CardFields) -> tuple[str, ...]:
    """The choices of an mcq or multi card; a repeated one (ignoring case and spaces) or fewer than two reported."""
    listed = f.texts("choices")
    seen: dict[str, Node] = {}
    for t, n in listed:
        if t.strip().casefold() in seen:
            f.r.report(n, "duplicate-choice", f"choice '{t}' appears twice in {f.what}")
        seen.setdefault(t.strip().casefold(), n)
    choices = tuple(t for t, _ in listed)
    if len(choices) < 2 and "choices" in f:
        f.report("choices", "too-few-choices", f"{f.what} needs at least two choices")
    return choices


def _chosen(f: CardFields, prompt: str, choices: tuple[str, ...], wanted: list[tuple[str, Node]]) -> CardBody:
    """A choice card whose right answers are ``wanted``; one that is not a choice is reported."""
    idx: list[int] = []
    for t, n in wanted:
        if t in choices:
            idx.append(choices.index(t))
        else:
            f.r.report(n, "answer-not-a-choice", _not_a_choice(t, choices, f.what))
    correct = tuple(sorted(set(idx)))
    return CardBody(prompt, "; ".join(choices[i] for i in correct), choices, correct)


def _mcq_answer(f: CardFields) -> list[tuple[str, Node]]:
    """An mcq's ``answer``: one text (a list is taken, to report more than one as mcq-one-answer)."""
    if "answer" not in f:
        return []
    node = f.node("answer")
    if isinstance(node, Mapping):
        f.r.report(
            node,
            "wrong-type",
            f"'answer' of {f.what} must be the text of the correct choice, found a mapping",
        )
        return []
    return f.r.text_list(node, f"'answer' of {f.what}")


def _not_a_choice(answer: str, choices: tuple[str, ...], what: str) -> str:
    """Why ``answer`` matches no choice, naming the choices (and the one meant, when the answer is its letter)."""
    listed = ", ".join(f"{chr(ord('A') + i)}) '{c}'" for i, c in enumerate(choices[:26]))
    msg = f"answer '{answer}' is not one of the choices of {what}"
    letter = answer.strip().rstrip(").").upper()
    if len(letter) == 1 and "A" <= letter <= "Z":
        i = ord(letter) - ord("A")
        if i < len(choices):
            return f"{msg}: write the choice's text, not its letter ({letter} is '{choices[i]}'); choices: {listed}"
        return f"{msg}: there is no choice {letter}, and an answer is a choice's text; choices: {listed}"
    near = [c for c in choices if c.strip().casefold() == answer.strip().casefold()]
    if near:
        return f"{msg}: '{near[0]}' differs only in letter case or spaces; choices: {listed}"
    return f"{msg}; choices: {listed}" if choices else msg


def _card_type(node: Node, r: NodeReader) -> str | None:
    """The card's type, read first to know which fields it may have; an unknown one is reported, and None."""
    type_name = None
    if isinstance(node, Mapping):
        for key, value in r.merged_pairs(node):
            if key.value == "type":
                type_name = r.text(value, "card type")
                if type_name is not None and type_name not in F.CARD_TYPE_FIELDS:
                    hint = difflib.get_close_matches(type_name, list(F.CARD_TYPE_FIELDS), n=1)
                    r.report(
                        value,
                        "bad-type",
                        f"unknown card type '{type_name}'"
                        + (f"; did you mean '{hint[0]}'?" if hint else "")
                        + f" (types: {', '.join(F.CARD_TYPE_FIELDS)})",
                    )
                    type_name = None
    return type_name


def read_card(node: Node, r: NodeReader) -> Card | None:
    """One card, or None when it cannot be built (the reasons are reported)."""
    type_name = _card_type(node, r)
    if type_name is None:
        if isinstance(node, Mapping):
            # Unknown type: check only the common fields, and don't complain about type-specific ones.
            r.fields(node, F.CARD_COMMON, "a card", elsewhere=_FIELD_HOMES, tolerated=F.ALL_CARD_FIELDS)
        else:
            r.fields(node, F.CARD_COMMON, "a card", elsewhere=_FIELD_HOMES)
        return None
    article = "an" if type_name == "mcq" else "a"
    spec = F.CARD_COMMON + F.CARD_TYPE_FIELDS[type_name]
    got = r.fields(node, spec, f"{article} {type_name} card", elsewhere=_FIELD_HOMES)
    if got is None or "id" not in got:
        return None
    ctype = CardType(type_name)
    card_id = r.slug(got["id"][1], "card id") or ""
    f = CardFields(got, r, f"card '{card_id}'")
    body = READERS[ctype](f)
    citations = _citations(f.node("citations"), r) if "citations" in f else ()
    disagreements = tuple(t for t, _ in f.texts("disagreements"))
    lint_ignore, lint_reason = read_lint(f.node("lint"), r, f.what) if "lint" in f else ((), "")
    return Card(
        id=card_id,
        topic=f.text("topic"),
        type=ctype,
        prompt=body.prompt,
        answer=body.answer,
        choices=body.choices,
        correct=body.correct,
        accept=body.accept,
        explanation=f.text("explanation"),
        citations=citations,
        disagreements=disagreements,
        text=body.text,
        tags=tuple(t for t, _ in f.texts("tags")),
        lint_ignore=lint_ignore,
        lint_reason=lint_reason,
        loc=r.loc(got["id"][1]),
        field_locs={k: r.loc(got[k][1]) for k in _LOCATED_FIELDS if k in got},
    )


def _citations(node: Node, r: NodeReader) -> tuple[Citation, ...]:
    out: list[Citation] = []
    for item in r.items(node, "'citations'"):
        got = r.fields(item, F.CITATION, "a citation")
        if got is None or "source" not in got or "quote" not in got:
            continue
        source = r.slug(got["source"][1], "citation source")
        quote = r.text(got["quote"][1], "quote")
        if source is not None and quote is not None:
            out.append(Citation(source, quote, loc=r.loc(got["quote"][1])))
    return tuple(out)


def read_lint(node: Node, r: NodeReader, owner: str) -> tuple[tuple[str, ...], str]:
    """A card's or the deck's ``lint: {ignore: [code, ...], reason: ...}``: the codes silenced, and why.

    An unknown code is reported (with the nearest known one) and left out.
    """
    got = r.fields(node, F.LINT, f"'lint' of {owner}")
    if got is None:
        return (), ""
    codes: list[str] = []
    for code, n in r.text_list(got["ignore"][1], "'ignore'") if "ignore" in got else []:
        if code in LINT_CODES:
            codes.append(code)
            continue
        hint = difflib.get_close_matches(code, list(LINT_CODES), n=1)
        r.report(
            n,
            "unknown-lint-code",
            f"unknown lint code '{code}' in {owner}"
            + (f"; did you mean '{hint[0]}'?" if hint else f" (codes: {', '.join(LINT_CODES)})"),
        )
    reason = (r.text(got["reason"][1], "'reason'") or "") if "reason" in got else ""
    return tuple(codes), reason
