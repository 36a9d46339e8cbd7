"""Identifiers: what an id may be made of, and when two ids are the same.

An id names something in an answer (a charge that blocks release, the provision that pardons
it), so it must read as exactly one thing. Two rules, documented in docs/rule-format.md:

**Rule-file ids** (provisions and exclusions; a decree's id is ``LD-<number>-<year>``; conditions
have no id, they are numbered): ASCII letters, digits and ``- _ .``, starting with a letter or
a digit, at most 64 characters. Nothing else, in particular no ``:`` (the engine names its checks
``exclude:<provision>:<exclusion>``; see :mod:`amnestyrules.engine.checks`, which also refuses
a collision outright) and nothing that displays differently from what it is.

**Profile and charge ids** (written by lawyers, possibly in Arabic): normalised to NFC, then
made of letters and digits of any script, combining marks, spaces (not at either end, never two
in a row) and ``- _ . / ( ) #``, at most 100 characters. Control, format (bidi overrides and
isolates, zero-width characters, soft hyphen), surrogate, private-use and unassigned code points
and NUL are refused. Two ids *look alike* when they are equal once compatibility-normalised
(NFKD), stripped of combining marks, case-folded and with the Cyrillic and Greek letters that are
drawn like Latin ones mapped to those (``C1``, ``c1``, ``ｃ1``, Cyrillic ``с1``): a profile may
not hold two charges whose ids look alike.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from amnestyrules.errors import Description
from amnestyrules.loading import Node

RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
RULE_ID_TEXT = "an id of ASCII letters, digits and - _ . (starting with a letter or digit, at most 64 characters)"
CASE_ID_MAX = 100
CASE_ID_TEXT = (f"an id of letters, digits, combining marks, single inner spaces and - _ . / ( ) # "
                f"(at most {CASE_ID_MAX} characters)")
_CASE_PUNCTUATION = frozenset("-_./()#")
#: Marks that draw nothing: a combining grapheme joiner, variation selectors.
_INVISIBLE_MARKS = frozenset([0x034F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
#: Cyrillic and Greek letters drawn like a Latin letter (after case folding), mapped to it.
_LATIN_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
})


def rule_id(node: Node) -> str:
    """A provision's or an exclusion's id, refused unless it is in the rule-file alphabet."""
    text = node.str() or ""
    if not RULE_ID.fullmatch(text):
        raise node.error(RULE_ID_TEXT, text, _offending(text))
    return text


def case_id(node: Node) -> str:
    """A profile's or a charge's id, normalised to NFC, refused if it holds a character that
    does not read as itself (see the module docstring)."""
    raw = node.value
    text = node.str() or ""
    if isinstance(raw, str) and "\x00" in raw:
        raise node.error(CASE_ID_TEXT, Description("text with a NUL character"))
    text = unicodedata.normalize("NFC", text)
    if len(text) > CASE_ID_MAX:
        raise node.error(CASE_ID_TEXT, Description(f"{len(text)} characters"))
    bad = next((ch for ch in text if not _case_char(ch)), None)
    if bad is not None or "  " in text:
        shown = Description(f"U+{ord(bad):04X} ({unicodedata.name(bad, unicodedata.category(bad))})") \
            if bad is not None else Description("two spaces in a row")
        raise node.error(CASE_ID_TEXT, shown)
    return text


def _case_char(ch: str) -> bool:
    if ch == " " or ch in _CASE_PUNCTUATION:
        return True
    category = unicodedata.category(ch)
    if category[0] == "L" or category == "Nd":
        return True
    return category[0] == "M" and ord(ch) not in _INVISIBLE_MARKS


def _offending(text: str) -> str | None:
    bad = next((ch for ch in text if not (ch.isascii() and (ch.isalnum() or ch in "_.-"))), None)
    if bad is None:
        return None
    return f"U+{ord(bad):04X} {unicodedata.name(bad, unicodedata.category(bad))} is not allowed"


def lookalike_key(text: str) -> str:
    """What an id reads as: equal keys are ids a reader cannot tell apart."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return bare.casefold().translate(_LATIN_LOOKALIKES)


def first_lookalike(ids: Iterable[str]) -> tuple[int, str, str] | None:
    """The first id (its index, itself and the earlier id it looks like) that looks like an earlier one."""
    seen: dict[str, str] = {}
    for i, text in enumerate(ids):
        key = lookalike_key(text)
        if key in seen:
            return i, text, seen[key]
        seen[key] = text
    return None
