"""Learners who type their own name (a served study app, a live class): when two names are the same learner.

A typed name is compared after three normalisations, and only these: Unicode NFKC (so a full-width or composed
letter equals its plain form), case folding, and collapsing runs of white space (leading and trailing removed).
Everything else is significant, in every script: "Ana María", "ana maría" and " ANA  MARÍA " are one learner, but
"Ana Maria" (no accent) is another, as are 王芳 and 王方, or محمد and محمود. Stripping accents would merge names that
differ only by a mark, which in many scripts (Hindi, Arabic with vowel marks, Vietnamese) are different names.

The profile a learner's progress is kept under is derived from that normalised name: a readable ASCII part (for
a teacher looking at the files; it may be empty) and a hash of the whole name, so distinct names never share a
profile and every name, in any script, gets one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: The longest name a learner may type (characters, after normalising).
MAX_NAME_LENGTH = 64

_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def learner_key(typed: str) -> str:
    """The normalised name two typings of the same learner share; '' when nothing printable is left."""
    text = unicodedata.normalize("NFKC", typed)
    # Controls and format characters (zero-width joiners aside, which some scripts need) are never part of a name.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\u200c\u200d")
    text = _SPACES.sub(" ", text).strip()
    return text.casefold()


def display_name(typed: str) -> str:
    """The name as the learner typed it, tidied for showing (NFKC, spaces collapsed, no control characters)."""
    text = unicodedata.normalize("NFKC", typed)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\u200c\u200d")
    return _SPACES.sub(" ", text).strip()


def learner_profile(typed: str) -> str:
    """The profile name for a typed learner name: ``ana-maria-<hash>``, ``learner-<hash>`` for 王芳; '' when the
    name has no letter or digit (in any script).

    Always matches the store's profile-name pattern (ASCII letters, digits and '-', at most 64 characters).
    """
    key = learner_key(typed)
    if not any(ch.isalnum() for ch in key):
        return ""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    ascii_part = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_part).strip("-")[:40].strip("-") or "learner"
    return f"{slug}-{digest}"
