"""The deck format as a JSON Schema (draft 2020-12), made from the same field lists the loader reads by."""

from __future__ import annotations

from typing import Any

from ketquiz.core.lint import LINT_CODES
from ketquiz.decks import fields as F

SCHEMA_ID = "https://ketquiz.invalid/schema/ketquiz-deck-1.json"


def _field_schema(f: F.Field) -> dict[str, Any]:
    kind = f.kind
    out: dict[str, Any]
    if kind == "str":
        out = (
            {"type": ["string", "number", "boolean"]}
            if f.name == "answer"
            else {"type": "string", "minLength": 1}
        )
    elif kind == "slug":
        out = {"type": "string", "pattern": F.SLUG_PATTERN}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind == "strlist":
        out = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number"]}}]}
    elif kind == "slugref-list":
        slug = {"type": "string", "pattern": F.SLUG_PATTERN}
        out = {"oneOf": [slug, {"type": "array", "items": slug}]}
    elif kind.startswith("enum:"):
        out = {"enum": kind[5:].split("|")}
    elif kind == "lint":
        out = {"$ref": "#/$defs/lint"}
    elif kind == "lintcodes":
        code = {"enum": sorted(LINT_CODES)}
        out = {"oneOf": [code, {"type": "array", "items": code, "minItems": 1}]}
    elif kind.startswith("list:"):
        out = {"type": "array", "items": {"$ref": f"#/$defs/{kind[5:]}"}}
    else:  # pragma: no cover - a field kind without a schema is a bug
        raise ValueError(kind)
    if f.doc:
        out["description"] = f.doc
    return out


def _object(fields: tuple[F.Field, ...], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
    if extra:
        obj.update(extra)
    return obj


def _card_schema() -> dict[str, Any]:
    variants = []
    for type_name, type_fields in F.CARD_TYPE_FIELDS.items():
        fields = F.CARD_COMMON + type_fields
        variant = _object(fields)
        variant["properties"]["type"] = {"const": type_name, "description": "The card type."}
        variant["title"] = f"{type_name} card"
        variants.append(variant)
    return {"oneOf": variants}


def deck_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file."""
    defs = {name: _object(fields) for name, fields in F.OBJECTS.items() if name != "deck"}
    defs["card"] = _card_schema()
    root = _object(F.DECK)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ketquiz deck",
        "description": "A ketquiz deck: sources, topics, cards citing their sources word for word, and "
        "disagreements between sources.",
        **root,
        "$defs": defs,
    }
