"""Plain words for libyaml's syntax errors.

libyaml says *what it met* ("mapping values are not allowed in this context"), not *what the author did* (a colon
inside a value). Each rule here looks at the error and at the line it points to, and names the usual mistake
behind it with the fix, for the mistakes deck authors actually make: a colon or a leading quote mark inside an
unquoted value, tabs, unclosed quotes and brackets, a line indented out of step, a value starting with a
character YAML reserves. The libyaml text is kept beside the hint (it is what a search engine knows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ``key: value`` or ``- key: value`` at the start of a line: group 1 is the key's indent, 3 the value.
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)*)([^\s:#][^:#]*?):[ \t]+(.*)$")
_RESERVED_START = {
    "@": "'@'",
    "`": "a backquote",
    "%": "'%'",
    "*": "'*' (YAML reads it as an alias)",
    "&": "'&' (YAML reads it as an anchor)",
    "!": "'!' (YAML reads it as a tag)",
    "?": "'?' (YAML reads it as a complex key)",
    "|": "'|'",
    ">": "'>'",
}
QUOTE_IT = "put the whole value in quotes"


@dataclass(frozen=True, slots=True)
class Hint:
    """The plain-words explanation, and where the fix goes when that is not where libyaml stopped (1-based)."""

    text: str
    line: int = 0
    column: int = 0


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _value_of(line: str) -> str | None:
    """The value part of a ``key: value`` line, or None when the line is not one."""
    found = _KEY_VALUE.match(line)
    return found.group(3) if found else None


def yaml_hint(
    problem: str,
    context: str,
    text: str,
    line: int,
    column: int,
    context_line: int = 0,
    context_column: int = 0,
) -> Hint | None:
    """A hint for libyaml's ``problem`` (and ``context``) at 0-based ``line``/``column`` of ``text``; the context
    mark is where the construct being read started (an opening quote or bracket)."""
    lines = text.split("\n")
    here = _line(lines, line)
    char = here[column] if 0 <= column < len(here) else ""
    if char == "\t" or ("\t" in here[: column + 1] and "token" in problem):
        return Hint("a tab: YAML indents with spaces only; replace the tab with spaces")
    if "end of stream" in problem and "quoted scalar" in context:
        opened = _line(lines, context_line)
        mark = opened[context_column] if 0 <= context_column < len(opened) else '"'
        return Hint(
            f"a value opened with {mark} at line {context_line + 1} is never closed: add the closing {mark} "
            f"(inside a {mark}...{mark} value, write {_escaped(mark)} for the quote mark itself)",
            context_line + 1,
            context_column + 1,
        )
    if "unknown escape" in problem:
        return Hint(
            'a backslash inside a "double-quoted" value starts an escape: write \\\\ for a backslash, '
            "or use 'single quotes', where a backslash is just a backslash"
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        close = "]" if "]" in problem else "}"
        opened_at = context_line + 1
        value = _value_of(_line(lines, context_line)) or ""
        if value.startswith(("[", "{")) and not value.rstrip().endswith(("]", "}")):
            return Hint(
                f"a value starting with {'[' if close == ']' else '{'} is read as a YAML "
                f"{'list' if close == ']' else 'mapping'} that is never closed with '{close}' on line {opened_at}: "
                f"close it, or if it is text, {QUOTE_IT}",
                context_line + 1,
                context_column + 1,
            )
        return Hint(
            f"an item of the [list] opened on line {opened_at} holds a ':' or a quote mark: put that item in quotes",
            context_line + 1,
            context_column + 1,
        )
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        which = "*" if "alias" in context else "&"
        return Hint(
            f"a value starting with '{which}' is read as a YAML {'alias' if which == '*' else 'anchor'}: {QUOTE_IT}"
        )
    if "cannot start any token" in problem and char in _RESERVED_START:
        return Hint(f"a value cannot start with {_RESERVED_START[char]} unquoted: {QUOTE_IT}")
    if "mapping keys are not allowed" in problem:
        return Hint(f"a value starting with '? ' is read as a YAML key: {QUOTE_IT}")
    if "mapping values are not allowed" in problem:
        return _colon_hint(lines, line, column)
    if "did not find expected key" in problem:
        found = _KEY_VALUE.match(_line(lines, line))
        value = found.group(3).strip() if found else ""
        if found and value[:1] in ("'", '"', "[", "{"):
            return Hint(
                f"a value that starts with {value[0]} must end with its closing mark, and this one goes on after "
                f"it: {QUOTE_IT} (e.g. {found.group(2).strip()}: {_quoted(value)})"
            )
        return Hint(
            "this line is not lined up with the fields around it: fields of one card (or one source, topic, ...) "
            "start at the same column, and a new list item starts with '- '"
        )
    if "expected '-' indicator" in problem:
        return Hint(
            "this line is indented differently from the list around it: every item starts with '- ' at the same "
            "column, and an item's other fields line up under its first field"
        )
    if "could not find expected ':'" in problem:
        return Hint(
            "this line is neither 'key: value' nor a list item; text that goes on over several lines must be "
            "indented more than its key (after 'key: |' or 'key: >'), or be in quotes"
        )
    return None


def _quoted(value: str) -> str:
    """``value`` as one YAML quoted scalar: single quotes (doubling any inside) unless it has none of its own."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _escaped(mark: str) -> str:
    return '\\"' if mark == '"' else "''"


def _colon_hint(lines: list[str], line: int, column: int) -> Hint:
    """ "mapping values are not allowed": a second ': ' in a value, a missing space after a colon on the line
    above, or a line indented under a value."""
    here = _line(lines, line)
    found = _KEY_VALUE.match(here)
    if found and found.end(2) + 1 <= column:  # the colon libyaml stopped at is inside this line's value
        key = found.group(2).strip()
        return Hint(
            "a colon followed by a space inside a value: put the value in quotes "
            f'(e.g. {key}: "{found.group(3).strip()}")'
        )
    above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "")
    if (
        above
        and ": " not in above.strip()
        and re.search(r"\w:\S", above)
        and not above.rstrip().endswith(":")
    ):
        return Hint("the line above has a colon without a space after it ('key:value'): write 'key: value'")
    return Hint(
        "a line indented further than the one above it, which holds a value, not a list of fields: line it up "
        "with its siblings, or if the value itself holds ': ', put it in quotes"
    )
