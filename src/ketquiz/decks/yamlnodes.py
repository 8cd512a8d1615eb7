"""Safe YAML reading that keeps every value's line and column.

We compose nodes ourselves from libyaml's event stream (the C parser when present) rather than use PyYAML's
composer: it is faster, it lets us refuse what a deck never needs before it can hurt — tags that construct
objects, aliases that expand a small file into a huge one (the "billion laughs"), nesting deep enough to crash
the C composer — and it keeps positions for compiler-style error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ketquiz.decks.yamlhints import Hint, yaml_hint

try:  # libyaml's C parser when present, else the pure-Python one: same events either way
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Files larger than this are refused before parsing (a 100,000-card deck written like the bundled one is 93 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Deeper nesting than any deck needs is refused (a crafted file could otherwise exhaust the C stack).
MAX_DEPTH = 64
TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels; no deck needs that"
#: A document may not expand, through aliases, to more nodes than this many times the nodes it spells out.
MAX_ALIAS_EXPANSION = 10
MIN_EXPANSION_BUDGET = 100_000

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"!", *(_STD + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))}


class YamlError(Exception):
    """The file cannot be read as a deck's YAML. ``line``/``column`` are 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


@dataclass(slots=True, eq=False)
class Node:
    line: int  # 1-based
    column: int  # 1-based
    size: int = field(default=1, repr=False)  # nodes after alias expansion


@dataclass(slots=True, eq=False)
class Scalar(Node):
    value: str = ""
    plain: bool = True  # unquoted, so YAML would resolve it (true, 3, null ...)
    tag: str | None = None

    @property
    def is_null(self) -> bool:
        return self.plain and self.tag is None and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(slots=True, eq=False)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Mapping(Node):
    pairs: list[tuple[Scalar, Node]] = field(default_factory=list)


def kind_name(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    assert isinstance(node, Scalar)
    return "nothing (null)" if node.is_null else "a text value"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def compose(text: str) -> Node:
    """Parse one YAML document into position-carrying nodes, or raise :class:`YamlError`."""
    try:
        return _Composer(text).run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if "maximum nesting depth" in what:  # libyaml (0.2.5 and later, as in PyYAML 6.0.2+) stops it itself
            line, col = _pos(mark) if mark else (0, 0)
            raise YamlError(TOO_DEEP, line, col, "yaml-too-deep") from None
        line, col = _pos(mark) if mark else (0, 0)
        hint = _hint(exc, text)
        if exc.context:
            what = f"{what} ({exc.context})"
        if hint is None:
            raise YamlError(f"YAML syntax error: {what}", line, col) from None
        if hint.line:
            line, col = hint.line, hint.column
        raise YamlError(f"YAML syntax error: {hint.text}; YAML says: {what}", line, col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
        at = text.find(chr(exc.character))  # libyaml counts bytes; the first such character is the one
        at = at if at >= 0 else exc.position
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise YamlError(
            f"the file holds a control character (U+{exc.character:04X}) that YAML does not allow: remove it, or "
            "write it as an escape inside a double-quoted value (e.g. \\t)",
            line,
            col,
        ) from None
    except yaml.YAMLError as exc:  # anything else libyaml refuses
        raise YamlError(f"YAML error: {exc}") from None


def _hint(exc: yaml.MarkedYAMLError, text: str) -> Hint | None:
    mark, context = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    return yaml_hint(
        exc.problem or "",
        exc.context or "",
        text,
        mark.line,
        mark.column,
        context.line if context is not None else 0,
        context.column if context is not None else 0,
    )


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


class _Composer:
    """Builds nodes straight from the parser's events: one Python call per node, nothing kept but the nodes."""

    def __init__(self, text: str) -> None:
        self.parser = _Loader(text)
        self.next_event = self.parser.get_event
        self.anchors: dict[str, Node] = {}
        self.spelled = 0  # nodes written out in the file

    def run(self) -> Node:
        try:
            return self._run()
        finally:
            self.parser.dispose()

    def _run(self) -> Node:
        root: Node | None = None
        next_event = self.next_event
        while True:
            event = next_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                if root is not None:
                    raise YamlError(
                        "a deck file holds one YAML document; found a second one ('---')",
                        *_pos(event.start_mark),
                    )
                root = self.node(next_event(), 1)
        if root is None:
            raise YamlError(
                "the file is empty: expected a deck (a mapping with id, title, sources, ...)", 1, 1
            )
        return root

    def node(self, event: Any, depth: int) -> Node:
        cls = type(event)
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if depth > MAX_DEPTH:
            raise YamlError(TOO_DEEP, line, col, "yaml-too-deep")
        if cls is yaml.AliasEvent:
            target = self.anchors.get(event.anchor or "")
            if target is None:
                raise YamlError(
                    f"alias *{event.anchor} refers to no finished anchor &{event.anchor}", line, col
                )
            return target
        tag = event.tag
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise YamlError(
                f"YAML tag '{_tag_name(tag)}' is not allowed: deck files are plain data (text, lists, mappings)",
                line,
                col,
                "yaml-unsafe-tag",
            )
        self.spelled += 1
        result: Node
        next_event = self.next_event
        if cls is yaml.ScalarEvent:
            plain = tag is None and not event.style and bool(event.implicit[0])
            result = Scalar(line, col, 1, event.value, plain, tag)
        elif cls is yaml.SequenceStartEvent:
            items: list[Node] = []
            size = 1
            child = next_event()
            while type(child) is not yaml.SequenceEndEvent:
                item = self.node(child, depth + 1)
                items.append(item)
                size += item.size
                child = next_event()
            result = Sequence(line, col, size, items)
        elif cls is yaml.MappingStartEvent:
            pairs: list[tuple[Scalar, Node]] = []
            size = 1
            child = next_event()
            while type(child) is not yaml.MappingEndEvent:
                key = self.node(child, depth + 1)
                if not isinstance(key, Scalar):
                    raise YamlError("a mapping key must be plain text", key.line, key.column)
                value = self.node(next_event(), depth + 1)
                pairs.append((key, value))
                size += key.size + value.size
                child = next_event()
            result = Mapping(line, col, size, pairs)
        else:  # pragma: no cover - the parser yields no other event here
            raise YamlError(f"unexpected YAML event {cls.__name__}", line, col)
        if result.size > MIN_EXPANSION_BUDGET and result.size > MAX_ALIAS_EXPANSION * self.spelled:
            raise YamlError(
                f"aliases expand this value to {result.size:,} nodes from {self.spelled:,} written; refused "
                "(a deck never needs that, and it could exhaust memory)",
                line,
                col,
                "yaml-alias-bomb",
            )
        anchor = event.anchor
        if anchor is not None:
            self.anchors[anchor] = result
        return result
