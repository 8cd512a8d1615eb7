"""Loading a deck file and its sources into the core model, with every problem found reported at its place."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path

from ketquiz.core.diagnostics import Diagnostic
from ketquiz.core.lint import LINT_CODES
from ketquiz.core.model import (
    CLOZE_BLANK,
    CLOZE_CLOSE,
    CLOZE_OPEN,
    DISAGREEMENT_KINDS,
    TITLE_FROM,
    Card,
    CardType,
    Citation,
    Deck,
    Disagreement,
    Position,
    Source,
    Topic,
)
from ketquiz.core.validate import validate_deck
from ketquiz.decks import fields as F
from ketquiz.decks.deckfiles import DECK_SUFFIXES, DeckLoad, collector_paused, find_deck_files
from ketquiz.decks.reader import NodeReader
from ketquiz.decks.yamlnodes import MAX_FILE_BYTES, Mapping, Node, Scalar, YamlError, compose

#: Source documents larger than this are refused.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

__all__ = [
    "DECK_SUFFIXES",
    "MAX_SOURCE_BYTES",
    "DeckLoad",
    "collector_paused",
    "find_deck_files",
    "load_deck",
    "load_decks",
]


def load_decks(paths: list[Path]) -> list[DeckLoad]:
    """Load every deck named or found under the directories named. Missing paths give a failed DeckLoad."""
    files, problems = find_deck_files(paths)
    out = [load_deck(f) for f in files]
    for d in problems:
        out.append(DeckLoad(Path(d.file), None, [d]))
    return out


def load_deck(path: Path) -> DeckLoad:
    """Read, parse and check one deck file; never raises for a bad deck, only reports."""
    with collector_paused():
        return _load_deck(path)


def _load_deck(path: Path) -> DeckLoad:
    name = str(path)
    result = DeckLoad(path, None)
    diags = result.diagnostics
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    "error",
                    "too-large",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                )
            )
            return result
        raw = path.read_bytes()
    except OSError as exc:
        diags.append(
            Diagnostic(name, 0, 0, "error", "unreadable", f"cannot read the file: {exc.strerror or exc}")
        )
        return result
    text = _decode(raw, name, diags)
    if text is None:
        return result
    try:
        root = compose(text)
    except YamlError as exc:
        diags.append(Diagnostic(name, exc.line, exc.column, "error", exc.code, exc.message))
        return result
    reader = NodeReader(name)
    deck = _build_deck(root, path, reader, hashlib.sha256(raw).hexdigest())
    diags.extend(reader.diagnostics)
    if deck is not None:
        deck, found = validate_deck(deck)
        diags.extend(found)
        result.deck = deck
    diags.sort(key=lambda d: (d.file, d.line, d.column))
    return result


def _decode(raw: bytes, name: str, diags: list[Diagnostic]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.append(
            Diagnostic(name, line, col, "error", "not-utf8", f"the file is not UTF-8 text (byte {exc.start})")
        )
        return None
    return text.removeprefix("\ufeff")


def _build_deck(root: Node, path: Path, r: NodeReader, sha: str) -> Deck | None:
    got = r.fields(root, F.DECK, "the deck")
    if got is None:
        return None

    def opt_text(key: str, what: str) -> str:
        return (r.text(got[key][1], what) or "") if key in got else ""

    sources = tuple(s for node in _list(r, got, "sources") if (s := _source(node, path, r)) is not None)
    topics = tuple(t for node in _list(r, got, "topics") if (t := _topic(node, r)) is not None)
    cards = tuple(c for node in _list(r, got, "cards") if (c := _card(node, r)) is not None)
    disagreements = tuple(
        d for node in _list(r, got, "disagreements") if (d := _disagreement(node, r)) is not None
    )
    lint_ignore, lint_reason = _lint(got["lint"][1], r, "the deck") if "lint" in got else ((), "")
    return Deck(
        id=(r.slug(got["id"][1], "deck id") or "") if "id" in got else "",
        title=opt_text("title", "title"),
        path=str(path),
        description=opt_text("description", "description"),
        notice=opt_text("notice", "notice"),
        sources=sources,
        topics=topics,
        cards=cards,
        disagreements=disagreements,
        sha256=sha,
        lint_ignore=lint_ignore,
        lint_reason=lint_reason,
        lint_loc=r.loc(got["lint"][1]) if "lint" in got else None,
    )


def _lint(node: Node, r: NodeReader, owner: str) -> tuple[tuple[str, ...], str]:
    """``lint: {ignore: [code, ...], reason: ...}``: the codes silenced (unknown ones reported) and why."""
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


def _list(r: NodeReader, got: dict[str, tuple[Scalar, Node]], key: str) -> list[Node]:
    return r.items(got[key][1], f"'{key}'") if key in got else []


def _source(node: Node, deck_path: Path, r: NodeReader) -> Source | None:
    got = r.fields(node, F.SOURCE, "a source")
    if got is None or "id" not in got:
        return None
    sid = r.slug(got["id"][1], "source id") or ""
    title = r.text(got["title"][1], "source title") or sid if "title" in got else sid
    file_rel = r.text(got["file"][1], "source file") if "file" in got else None
    ignore = tuple(t for t, _ in r.text_list(got["ignore"][1], "ignore")) if "ignore" in got else ()
    text, sha = "", ""
    if file_rel is not None:
        loaded = _read_source(deck_path, file_rel, got["file"][1], r)
        if loaded is not None:
            text, sha = loaded
    title_from = _choice(got, "title_from", r, f"title_from of source '{sid}'", TITLE_FROM) or "document"

    def opt(key: str) -> str:
        return (r.text(got[key][1], f"{key} of source '{sid}'") or "") if key in got else ""

    original_sha = opt("sha256").lower()
    if original_sha and not re.fullmatch(r"[0-9a-f]{64}", original_sha):
        r.report(got["sha256"][1], "bad-value", f"sha256 of source '{sid}' must be 64 hexadecimal digits")
    starts = tuple(i + 1 for i, ch in enumerate(text) if ch == "\f") if "\f" in text else ()
    return Source(
        sid,
        title,
        file_rel or "",
        text,
        sha,
        ignore_quotes=ignore,
        title_from=title_from,
        original=opt("original"),
        original_sha256=original_sha,
        url=opt("url"),
        retrieved=opt("retrieved"),
        author=opt("author"),
        published=opt("published"),
        page_starts=starts,
        loc=r.loc(got["id"][1]),
    )


def _choice(
    got: dict[str, tuple[Scalar, Node]], key: str, r: NodeReader, what: str, allowed: tuple[str, ...]
) -> str | None:
    """One of ``allowed`` (an unknown value is reported with the allowed ones), or None when not given."""
    if key not in got:
        return None
    value = r.text(got[key][1], what)
    if value is None or value in allowed:
        return value
    hint = difflib.get_close_matches(value, allowed, n=1)
    r.report(
        got[key][1],
        "bad-value",
        f"{what} is '{value}'; it must be one of: {', '.join(allowed)}"
        + (f" (did you mean '{hint[0]}'?)" if hint else ""),
    )
    return None


def _read_source(deck_path: Path, rel: str, node: Node, r: NodeReader) -> tuple[str, str] | None:
    """The source's text and the sha256 of its bytes, if it is a UTF-8 file inside the deck's folder."""
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        r.report(node, "source-outside", f"source file '{rel}' must be a path relative to the deck file")
        return None
    base = deck_path.parent.resolve()
    target = deck_path.parent / rel
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:
        r.report(node, "source-missing", f"cannot resolve source file '{rel}': {exc}")
        return None
    if not resolved.is_relative_to(base):
        how = "a symbolic link out of" if ".." not in Path(rel).parts else "outside"
        r.report(
            node,
            "source-outside",
            f"source file '{rel}' is {how} the deck's folder; keep sources beside the deck",
        )
        return None
    if not resolved.is_file():
        r.report(
            node, "source-missing", f"source file '{rel}' not found (looked in {deck_path.parent / rel})"
        )
        return None
    try:
        size = resolved.stat().st_size
        if size > MAX_SOURCE_BYTES:
            r.report(
                node, "too-large", f"source file '{rel}' is {size:,} bytes; the limit is {MAX_SOURCE_BYTES:,}"
            )
            return None
        raw = resolved.read_bytes()
    except OSError as exc:
        r.report(node, "source-missing", f"cannot read source file '{rel}': {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        r.report(node, "source-not-utf8", f"source file '{rel}' is not UTF-8 text (byte {exc.start})")
        return None
    if not text.strip():
        # Read, but nothing to cite: every quote into it is reported as not found (core.validate).
        what = "is empty (0 bytes)" if not raw else "holds only blank space"
        r.report(
            node, "source-empty", f"source file '{rel}' {what}; a source must hold the text the cards cite"
        )
    return text, hashlib.sha256(raw).hexdigest()


def _topic(node: Node, r: NodeReader) -> Topic | None:
    got = r.fields(node, F.TOPIC, "a topic")
    if got is None or "id" not in got:
        return None
    tid = r.slug(got["id"][1], "topic id") or ""
    title = (r.text(got["title"][1], "topic title") or tid) if "title" in got else tid
    return Topic(tid, title, r.loc(got["id"][1]))


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


def _mcq_answer(got: dict[str, tuple[Scalar, Node]], r: NodeReader, what: str) -> list[tuple[str, Node]]:
    """An mcq's ``answer``: one text (a list is taken, to report more than one as mcq-one-answer)."""
    if "answer" not in got:
        return []
    node = got["answer"][1]
    if isinstance(node, Mapping):
        r.report(
            node, "wrong-type", f"'answer' of {what} must be the text of the correct choice, found a mapping"
        )
        return []
    return r.text_list(node, f"'answer' of {what}")


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


def _card(node: Node, r: NodeReader) -> Card | None:
    # First read the type, to know which fields the card may have.
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
    spec = F.CARD_COMMON + (F.CARD_TYPE_FIELDS[type_name] if type_name else ())
    what = f"{'an' if type_name == 'mcq' else 'a'} {type_name} card" if type_name else "a card"
    if type_name is None and isinstance(node, Mapping):
        # Unknown type: check only the common fields, and don't complain about type-specific ones.
        got = r.fields(node, F.CARD_COMMON, what, elsewhere=_FIELD_HOMES, tolerated=F.ALL_CARD_FIELDS)
    else:
        got = r.fields(node, spec, what, elsewhere=_FIELD_HOMES)
    if got is None or "id" not in got or type_name is None:
        return None
    ctype = CardType(type_name)
    card_id = r.slug(got["id"][1], "card id") or ""
    what = f"card '{card_id}'"

    def text(key: str) -> str:
        return (r.text(got[key][1], f"'{key}' of {what}") or "") if key in got else ""

    def texts(key: str) -> list[tuple[str, Node]]:
        return r.text_list(got[key][1], f"'{key}' of {what}") if key in got else []

    prompt, answer, cloze_text = text("prompt"), "", ""
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    accept: tuple[str, ...] = ()
    if ctype in (CardType.BASIC, CardType.TYPED):
        answer = text("answer")
        accept = tuple(t for t, _ in texts("accept"))
    elif ctype in (CardType.MCQ, CardType.MULTI):
        choice_nodes = texts("choices")
        choices = tuple(t for t, _ in choice_nodes)
        seen: dict[str, Node] = {}
        for t, n in choice_nodes:
            if t.strip().casefold() in seen:
                r.report(n, "duplicate-choice", f"choice '{t}' appears twice in {what}")
            seen.setdefault(t.strip().casefold(), n)
        if len(choices) < 2 and "choices" in got:
            r.report(got["choices"][1], "too-few-choices", f"{what} needs at least two choices")
        wanted = _mcq_answer(got, r, what) if ctype is CardType.MCQ else texts("answers")
        if ctype is CardType.MCQ and len(wanted) > 1:
            r.report(
                got["answer"][1],
                "mcq-one-answer",
                "an mcq has one correct choice; use type multi for several",
            )
        if ctype is CardType.MULTI and not wanted and "answers" in got:
            r.report(got["answers"][1], "multi-no-correct", f"{what} has no correct choice in 'answers'")
        idx: list[int] = []
        for t, n in wanted:
            if t in choices:
                idx.append(choices.index(t))
            else:
                r.report(n, "answer-not-a-choice", _not_a_choice(t, choices, what))
        correct = tuple(sorted(set(idx)))
        answer = "; ".join(choices[i] for i in correct)
    elif ctype is CardType.TRUEFALSE:
        truth = r.boolean(got["answer"][1], f"'answer' of {what}") if "answer" in got else None
        choices = ("True", "False")
        correct = ((0,) if truth else (1,)) if truth is not None else ()
        answer = "True" if truth else "False"
    elif ctype is CardType.CLOZE:
        cloze_text = text("text")
        accept = tuple(t for t, _ in texts("accept"))
        o, c = cloze_text.find(CLOZE_OPEN), cloze_text.find(CLOZE_CLOSE)
        if (
            "text" in got
            and cloze_text
            and (o < 0 or c < o + len(CLOZE_OPEN) or not cloze_text[o + 2 : c].strip())
        ):
            r.report(
                got["text"][1], "cloze-no-blank", f"{what} has no blank; mark the answer as {{{{answer}}}}"
            )
        elif cloze_text:
            if cloze_text.find(CLOZE_OPEN, c) >= 0:
                r.report(
                    got["text"][1], "cloze-many-blanks", f"{what} has more than one blank; use one per card"
                )
            answer = cloze_text[o + 2 : c].strip()
            prompt = cloze_text[:o] + CLOZE_BLANK + cloze_text[c + 2 :]
    citations = _citations(got["citations"][1], r) if "citations" in got else ()
    disagreements = tuple(t for t, _ in texts("disagreements"))
    lint_ignore, lint_reason = _lint(got["lint"][1], r, what) if "lint" in got else ((), "")
    return Card(
        id=card_id,
        topic=text("topic"),
        type=ctype,
        prompt=prompt,
        answer=answer,
        choices=choices,
        correct=correct,
        accept=accept,
        explanation=text("explanation"),
        citations=citations,
        disagreements=disagreements,
        text=cloze_text,
        tags=tuple(t for t, _ in texts("tags")),
        lint_ignore=lint_ignore,
        lint_reason=lint_reason,
        loc=r.loc(got["id"][1]),
        field_locs={k: r.loc(got[k][1]) for k in _LOCATED_FIELDS if k in got},
    )


def _disagreement(node: Node, r: NodeReader) -> Disagreement | None:
    got = r.fields(node, F.DISAGREEMENT, "a disagreement")
    if got is None or "id" not in got:
        return None
    did = r.slug(got["id"][1], "disagreement id") or ""
    positions: list[Position] = []
    for item in r.items(got["positions"][1], "'positions'") if "positions" in got else []:
        pg = r.fields(item, F.POSITION, "a position")
        if pg is None or not {"source", "says", "quote"} <= pg.keys():
            continue
        source, says = r.slug(pg["source"][1], "position source"), r.text(pg["says"][1], "'says'")
        quote = r.text(pg["quote"][1], "quote")
        if source is not None and says is not None and quote is not None:
            positions.append(Position(source, says, quote, loc=r.loc(pg["quote"][1])))
    selfc = (
        (r.boolean(got["self_contradiction"][1], "self_contradiction") or False)
        if "self_contradiction" in got
        else False
    )
    kind = (
        _choice(got, "kind", r, f"kind of disagreement '{did}'", tuple(DISAGREEMENT_KINDS)) or "contradiction"
    )
    return Disagreement(
        id=did,
        topic=(r.text(got["topic"][1], "topic") or "") if "topic" in got else "",
        summary=(r.text(got["summary"][1], "summary") or "") if "summary" in got else "",
        positions=tuple(positions),
        self_contradiction=selfc,
        kind=kind,
        loc=r.loc(got["id"][1]),
    )
