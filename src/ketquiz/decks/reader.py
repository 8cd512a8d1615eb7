"""Reading position-carrying YAML nodes by the format's field lists, reporting every problem with its place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ketquiz.core.diagnostics import Diagnostic, Severity
from ketquiz.core.model import Location
from ketquiz.core.safetext import first_control
from ketquiz.decks.fields import SLUG_PATTERN, Field
from ketquiz.decks.yamlnodes import Mapping, Node, Scalar, Sequence, kind_name

_SLUG = re.compile(SLUG_PATTERN)
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


class NodeReader:
    """Collects diagnostics while turning nodes into plain values."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[Diagnostic] = set()

    def loc(self, node: Node) -> Location:
        return Location(self.file, node.line, node.column)

    def report(self, node: Node | None, code: str, message: str, severity: Severity = "error") -> None:
        line, col = (node.line, node.column) if node is not None else (0, 0)
        found = Diagnostic(self.file, line, col, severity, code, message)
        if (
            found not in self._reported
        ):  # a node read twice (a card's merge keys: once for its type) says it once
            self._reported.add(found)
            self.diagnostics.append(found)

    def fields(
        self,
        node: Node,
        spec: Iterable[Field],
        what: str,
        elsewhere: dict[str, str] | None = None,
        tolerated: Iterable[str] = (),
    ) -> dict[str, tuple[Scalar, Node]] | None:
        """The mapping's entries by key; reports unknown keys (with a suggestion), duplicates and missing fields.

        ``elsewhere`` maps a field that belongs to other kinds of the same object to where it belongs ("a field of
        mcq and multi cards"), so a misplaced field is named as such rather than "did you mean" itself;
        ``tolerated`` fields are passed over in silence (a card whose type is unknown may hold any card field).
        """
        if not isinstance(node, Mapping):
            self.report(node, "wrong-type", f"{what} must be a mapping of fields, found {kind_name(node)}")
            return None
        spec = tuple(spec)
        known = {f.name for f in spec}
        elsewhere = elsewhere or {}
        skip = set(tolerated) - known
        suggestable = known | set(elsewhere)
        out: dict[str, tuple[Scalar, Node]] = {}
        for key, value in self.merged_pairs(node):
            name = key.value
            if name in out:
                first = out[name][0]
                self.report(
                    key, "duplicate-key", f"'{name}' given twice in {what} (first at line {first.line})"
                )
                continue
            if name in skip:
                continue
            if name in elsewhere and name not in known:
                self.report(key, "unknown-key", f"'{name}' is not a field of {what}; it is {elsewhere[name]}")
                continue
            if name not in known:
                hint = difflib.get_close_matches(name, sorted(suggestable), n=1, cutoff=0.6)
                msg = f"unknown field '{name}' in {what}"
                if hint:
                    msg += f"; did you mean '{hint[0]}'?"
                else:
                    msg += f"; expected one of: {', '.join(sorted(known))}"
                self.report(key, "unknown-key", msg)
                continue
            out[name] = (key, value)
        for f in spec:
            if f.required and (f.name not in out or _is_null(out[f.name][1])):
                where = node if f.name not in out else out[f.name][1]
                self.report(where, "missing-field", f"{what} is missing required field '{f.name}'")
        return out

    def merged_pairs(self, node: Mapping, depth: int = 0) -> list[tuple[Scalar, Node]]:
        """The mapping's pairs with YAML merge keys (``<<: *defaults``) spliced in; its own keys win."""
        own = [(k, v) for k, v in node.pairs if not (k.value == "<<" and k.plain)]
        merges = [v for k, v in node.pairs if k.value == "<<" and k.plain]
        if not merges:
            return own
        seen = {k.value for k, _ in own}
        out = list(own)
        for merge in merges:
            sources = merge.items if isinstance(merge, Sequence) else [merge]
            for src in sources:
                if not isinstance(src, Mapping) or depth > 8:
                    self.report(src, "wrong-type", "a merge key (<<) takes a mapping or a list of mappings")
                    continue
                for k, v in self.merged_pairs(src, depth + 1):
                    if k.value not in seen:
                        seen.add(k.value)
                        out.append((k, v))
        return out

    def text(self, node: Node, what: str) -> str | None:
        """A text value. Unquoted numbers or booleans are taken as the text written, so `answer: 24` works."""
        if isinstance(node, Scalar) and not node.is_null:
            bad = first_control(node.value)
            if bad is not None:
                self.report(
                    node,
                    "control-char",
                    f"{what} holds a control character (U+{ord(bad):04X}); ketquiz shows it as a "
                    "placeholder, never sends it to the terminal",
                    "warning",
                )
            return node.value
        self.report(node, "wrong-type", f"{what} must be text, found {kind_name(node)}")
        return None

    def slug(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _SLUG.fullmatch(value):  # not match(): '$' passes a final newline
            self.report(
                node,
                "bad-id",
                f"{what} '{value}' must be lowercase letters, digits and hyphens (e.g. 'nmda-block')",
            )
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, Scalar) and node.plain:
            word = node.value.lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
        self.report(
            node, "wrong-type", f"{what} must be true or false, found '{getattr(node, 'value', '...')}'"
        )
        return None

    def items(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, Sequence):
            return node.items
        if _is_null(node):
            return []
        self.report(node, "wrong-type", f"{what} must be a list, found {kind_name(node)}")
        return []

    def text_list(self, node: Node, what: str) -> list[tuple[str, Node]]:
        """A list of texts; a single text is taken as a one-item list."""
        if isinstance(node, Scalar) and not node.is_null:
            return [(node.value, node)]
        out: list[tuple[str, Node]] = []
        for i, item in enumerate(self.items(node, what)):
            value = self.text(item, f"item {i + 1} of {what}")
            if value is not None:
                out.append((value, item))
        return out


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null
