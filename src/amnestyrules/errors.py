"""The one error type users see.

Every problem with input (a rule file, a profile, a case file, a command-line argument)
becomes an :class:`InputError` that names the file, the field path inside it and what was
expected. The CLI prints its one-line message and exits 2; library users catch one type.
"""

from __future__ import annotations

import difflib
from typing import Iterable


class AmnestyRulesError(Exception):
    """Base class for every error amnestyrules raises on purpose."""


class Description(str):
    """What was found, described in words ('nothing', 'a list', '1000 charges'): shown as is in a
    message, never quoted as if it were the value itself."""


class InputError(AmnestyRulesError, ValueError):
    """Bad input: names the file, the field path, what was expected and what was found."""

    def __init__(self, file: str | None, field: str | None, expected: str, got: object = None,
                 hint: str | None = None) -> None:
        self.file = file or "<input>"
        self.field = field or "(top level)"
        self.expected = expected
        self.got = got
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.file}: {self.field}: expected {self.expected}"
        if self.got is not None:
            shown = str(self.got) if isinstance(self.got, Description) else repr(self.got)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text += f", got {shown}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __str__(self) -> str:
        return self.message


class DecreeConflictError(InputError):
    """A rule file that contradicts itself (kept distinct so tests can ask for it)."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known spelling, for 'did you mean' hints."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.5)
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    guess = closest(str(word), choices)
    return f"did you mean {guess!r}?" if guess else None
