"""Reading YAML/JSON data files, and typed access to their values with precise error paths.

Parsing itself (plain data only: no tags, anchors, aliases or duplicate keys, bounded depth, one
strict rule for unquoted scalars) is :mod:`amnestyrules.parsing`; this module finds and reads the
file (size limit, devices, links) and gives each field typed access (:class:`Node`), so that a
wrong value is reported against the field that holds it.
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import os
import re
import stat
from fractions import Fraction
from typing import Any, Iterable, Iterator, Optional, Sequence

from amnestyrules.errors import Description, InputError, did_you_mean
from amnestyrules.facts import Tri, parse_tri
from amnestyrules.parsing import MAX_DEPTH, MAX_DIGITS, PLAIN_TAGS, depth_exceeds, has_surrogate, parse_text

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_FILE_BYTES", "PLAIN_TAGS", "Node", "parse_date", "parse_text",
           "read_data_file"]

#: The pure-Python YAML parser reads roughly 10-50 microseconds per token: a 2 MB file of short
#: list items took about a minute, long enough to look like a hang. The largest shipped file is
#: under 40 KB and a profile with the maximum of 200 charges about 60 KB.
MAX_FILE_BYTES = 256_000
_FRACTION = re.compile(r"^(\d{1,9}\s*/\s*\d{1,9}|\d{0,9}\.?\d{1,9})$")


def read_data_file(path: str | os.PathLike[str]) -> Any:
    """Read and parse one YAML or JSON file, with errors that name it."""
    name = str(path)
    try:
        info = os.stat(path)   # follows links: a loop or a dangling link fails here
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, None, "a file, not a directory")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block until a writer comes, a device such as /dev/zero never ends.
            raise InputError(name, None, "a regular file", hint="not a regular file (a device, FIFO or socket?)")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(name, None, f"a file of at most {MAX_FILE_BYTES} bytes",
                             got=Description(f"{info.st_size} bytes"))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow after stat()
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(name, None, f"a file of at most {MAX_FILE_BYTES} bytes")
    except FileNotFoundError:
        dangling = os.path.islink(name)
        raise InputError(name, None, "an existing file",
                         hint="a symbolic link to a file that does not exist" if dangling else "no such file") from None
    except PermissionError:
        raise InputError(name, None, "a readable file", hint="permission denied") from None
    except IsADirectoryError:
        raise InputError(name, None, "a file, not a directory") from None
    except ValueError as exc:   # e.g. an embedded NUL byte in the name
        if isinstance(exc, InputError):
            raise
        raise InputError(name, None, "a usable file name", hint=str(exc)) from None
    except OSError as exc:      # a symlink loop, a name too long, an I/O error
        hint = "a loop of symbolic links" if exc.errno == errno.ELOOP else exc.strerror or type(exc).__name__
        raise InputError(name, None, "a readable file", hint=hint) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"byte {exc.start}", "UTF-8 text", hint="file is not valid UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_text(text, name)


# --------------------------------------------------------------------------- typed access

class Node:
    """A parsed value with its file and field path, for typed access and precise errors."""

    def __init__(self, value: Any, file: str, path: str = "") -> None:
        self.value = value
        self.file = file
        self.path = path

    # -- navigation -------------------------------------------------------------------
    def _child_path(self, key: object) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        text = str(key)
        if not text or text != text.strip() or any(c in text for c in ".[]'\"\n"):
            # A key that would not read as a path segment ('' or 'a.b'): quote it.
            return f"{self.path}[{_shown(text)!r}]"
        return f"{self.path}.{text}" if self.path else text

    def error(self, expected: str, got: object = None, hint: str | None = None,
              key: object = None) -> InputError:
        path = self._child_path(key) if key is not None else self.path
        if not path and got is not None and not isinstance(got, Description):
            # The whole document: a file that is not data at all (a link to /etc/passwd, a text
            # file) parses as one long string, and an error never echoes what is not the user's input.
            got = _kind(got, show=False)
        return InputError(self.file, path or None, expected, _shown(got), hint)

    def mapping(self, allowed: Optional[Iterable[str]] = None, required: Sequence[str] = ()) -> "Node":
        if not isinstance(self.value, dict):
            raise self.error("a mapping", _kind(self.value, show=bool(self.path)))
        for key in self.value:
            if not isinstance(key, str):
                raise InputError(self.file, f"{self.path}[{_shown(key)!r}]", "string keys", _shown(key))
        if allowed is not None:
            allowed = list(allowed)
            for key in self.value:
                if key not in allowed:
                    raise InputError(self.file, self._child_path(key), "a known field", got=key,
                                     hint=did_you_mean(key, allowed) or f"known: {', '.join(allowed)}")
        for key in required:
            if key not in self.value or self.value[key] is None:
                raise InputError(self.file, self._child_path(key), "a value (this field is required)")
        return self

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value and self.value[key] is not None

    def get(self, key: str) -> "Node":
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return Node(value, self.file, self._child_path(key))

    def items(self) -> Iterator[tuple[str, "Node"]]:
        for key in self.value:
            yield key, self.get(key)

    def list(self, allow_missing: bool = True) -> list["Node"]:
        if self.value is None and allow_missing:
            return []
        if not isinstance(self.value, list):
            raise self.error("a list", _kind(self.value))
        return [Node(v, self.file, self._child_path(i)) for i, v in enumerate(self.value)]

    # -- scalars ----------------------------------------------------------------------
    def str(self, required: bool = True, default: Optional[str] = None) -> Optional[str]:
        v = self.value
        if v is None:
            if required:
                raise self.error("a value (this field is required)")
            return default
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise self.error("a string", _kind(v))
        if isinstance(v, int) and abs(v) >= 10 ** MAX_DIGITS:
            raise self.error(f"a string (or a number of at most {MAX_DIGITS} digits)", v)
        text = str(v).strip()
        if required and not text:
            raise self.error("a non-empty string")
        if isinstance(v, str) and has_surrogate(text):
            # A lone surrogate (an escaped \ud800) cannot be written out as UTF-8: every output would fail.
            raise self.error("text without lone surrogate code points (U+D800-U+DFFF)",
                             Description("an escape such as \\ud800 that is half of a character"))
        return text

    def written(self, what: builtins.str, required: bool = True) -> Optional[builtins.str]:
        """An article or paragraph: the text as the user wrote it.

        An unquoted whole number is its digits (the parser reads only plain decimals as numbers, so
        ``285`` is '285'); a number with a fraction is refused, because its written form is lost
        (``8.10`` reads 8.1): it must be quoted."""
        if isinstance(self.value, float):
            raise self.error(f"{what} written as text (in quotes)", self.value,
                             "a number with a decimal point loses how it was written, e.g. 8.10 reads 8.1")
        return self.str(required=required)

    def int(self, required: bool = True, minimum: Optional[int] = None,
            maximum: Optional[int] = None) -> Optional[int]:
        v = self.value
        if v is None:
            if required:
                raise self.error("a whole number (this field is required)")
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, str) and v.strip().isdecimal() and len(v.strip()) <= MAX_DIGITS:
                v = int(v.strip())
            else:
                raise self.error("a whole number", v)
        if minimum is not None and v < minimum:
            raise self.error(f"a whole number >= {minimum}", v)
        if maximum is not None and v > maximum:
            raise self.error(f"a whole number <= {maximum}", v)
        return v

    def number(self, required: bool = True, minimum: float = 0, maximum: float = 1000) -> Optional[float]:
        v = self.value
        if v is None:
            if required:
                raise self.error("a number (this field is required)")
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.error("a number", v)
        if not (minimum <= v <= maximum):
            raise self.error(f"a number between {minimum:g} and {maximum:g}", v)
        return float(v)

    def bool(self, default: bool = False) -> bool:
        v = self.value
        if v is None:
            return default
        if not isinstance(v, bool):
            raise self.error("true or false", v)
        return v

    def tri(self) -> Tri:
        t = parse_tri(self.value)
        if t is None:
            raise self.error("true, false or unknown", self.value)
        return t

    # Annotations below say builtins.str/bool/list: inside the class, str, bool and list name the
    # typed accessors defined above.
    def enum(self, choices: Sequence[builtins.str], required: builtins.bool = True,
             default: Optional[builtins.str] = None) -> Optional[builtins.str]:
        v = self.value
        if v is None:
            if required:
                raise self.error(f"one of {', '.join(choices)} (this field is required)")
            return default
        if not isinstance(v, str) or v not in choices:
            raise self.error(f"one of {', '.join(choices)}", v,
                             did_you_mean(v, choices) if isinstance(v, str) else None)
        return v

    def date(self, required: builtins.bool = True, allow_unknown: builtins.bool = False) -> Any:
        """A calendar date (YYYY-MM-DD); with allow_unknown, 'unknown' gives None-like UNKNOWN."""
        from amnestyrules.facts import UNKNOWN
        v = self.value
        if v is None or (isinstance(v, str) and v.strip().lower() == "unknown"):
            if allow_unknown:
                return UNKNOWN
            if v is None and not required:
                return None
            raise self.error("a date YYYY-MM-DD" + (" (this field is required)" if v is None else ""), v)
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            if not (1900 <= v.year <= 2100):
                raise self.error("a date between 1900 and 2100", v.isoformat())
            return v
        if not isinstance(v, str):
            raise self.error("a date YYYY-MM-DD", v)
        return parse_date(v.strip(), self)

    def fraction(self) -> Fraction:
        v = self.value
        text = str(v).strip() if isinstance(v, (str, int, float)) and not isinstance(v, bool) else ""
        # Only 'n/d' and plain decimals: Fraction() also reads '1e-9999999', which takes
        # seconds to build before it fails.
        if not _FRACTION.match(text):
            raise self.error("a fraction such as 1/3", v)
        try:
            f = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise self.error("a fraction such as 1/3", v) from None
        if not (0 < f <= 1):
            raise self.error("a fraction greater than 0 and at most 1", v)
        return f

    def str_list(self) -> builtins.list[builtins.str]:
        if isinstance(self.value, (str, int)) and not isinstance(self.value, bool):
            return [str(self.value)]
        return [n.str() or "" for n in self.list()]


def parse_date(text: str, node: Node) -> dt.date:
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdecimal() for p in parts) or len(parts[0]) != 4 or \
            len(parts[1]) > 2 or len(parts[2]) > 2:
        raise node.error("a date YYYY-MM-DD", text)
    year, month, day = (int(p) for p in parts)
    try:
        value = dt.date(year, month, day)
    except ValueError as exc:
        raise node.error("a real calendar date YYYY-MM-DD", text, hint=str(exc)) from None
    if not (1900 <= value.year <= 2100):
        raise node.error("a date between 1900 and 2100", text)
    return value


def _kind(value: object, show: bool = True) -> Description:
    """What a value is, in words (with the value itself when ``show`` and it is short)."""
    if value is None:
        return Description("nothing")
    if isinstance(value, bool):
        return Description(f"the boolean {str(value).lower()}" if show else "a boolean")
    if isinstance(value, dict):
        return Description("a mapping")
    if isinstance(value, list):
        return Description("a list")
    name = {"str": "the text", "int": "the number", "float": "the number"}.get(type(value).__name__)
    if not show:
        size = f" of {len(value)} characters" if isinstance(value, str) else ""
        return Description(f"a {'text' if isinstance(value, str) else type(value).__name__}{size} (not shown)")
    shown = _shown(value)
    return Description(f"{name} {shown!r}" if name else f"a {type(value).__name__} {shown!r}")


def _shown(value: object) -> object:
    """A value safe to show in an error message (repr() itself fails on some inputs)."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10 ** MAX_DIGITS else f"a number of more than {MAX_DIGITS} digits"
    if isinstance(value, str):
        return value if len(value) <= 200 else value[:200] + "..."
    if isinstance(value, (list, dict, tuple, set)):
        if depth_exceeds(value, 4) or len(value) > 20:
            return f"a {type(value).__name__} (nested or long; not shown)"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return value if len(text) <= 200 else text[:200] + "..."
