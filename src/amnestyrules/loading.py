"""Safe parsing of YAML/JSON data files and typed access with precise error paths.

Rule files and profiles are data. They are parsed with a loader that constructs only plain
scalars, lists and mappings: a ``!!python/object`` tag is refused, anchors and aliases are
refused (no alias bombs), duplicate keys are refused (YAML would silently keep the last),
and dates stay strings until a field asks for a date, so ``2022-02-30`` is reported against
the field that holds it instead of crashing the parser.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

import yaml

from .errors import InputError, did_you_mean
from .facts import Tri, parse_tri

#: The pure-Python YAML parser reads roughly 10-50 microseconds per token: a 2 MB file of short
#: list items took about a minute, long enough to look like a hang. The largest shipped file is
#: under 40 KB and a profile with the maximum of 200 charges about 60 KB.
MAX_FILE_BYTES = 256_000
MAX_DEPTH = 40
_FRACTION = re.compile(r"^(\d{1,9}\s*/\s*\d{1,9}|\d{0,9}\.?\d{1,9})$")


class _DataLoader(yaml.SafeLoader):
    """SafeLoader without timestamps, aliases or duplicate keys."""


# Keep dates as strings: the field that wants a date parses (and validates) it.
_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _DataLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain scalar", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_DataLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

#: The only node tags plain data has. Any other tag, explicit (``!!python/object``,
#: ``!!timestamp``, ``!!binary``, ``!!set``, ``!foo``) or implicit (``<<`` merge keys), would
#: construct something other than a string, number, boolean, list or mapping: refused.
PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
#: Numbers longer than this are refused (int() of a 5,000-digit literal raises, and no rule
#: file or profile needs more than a few digits).
MAX_DIGITS = 64


def _checked_scalar(construct: Callable[[Any, yaml.ScalarNode], Any]) -> Callable[[Any, yaml.ScalarNode], Any]:
    """A scalar constructor that reports a value it cannot read at the value's position."""
    def checked(loader: _DataLoader, node: yaml.ScalarNode) -> Any:
        if node.tag.endswith(":int") and sum(ch.isalnum() for ch in str(node.value)) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, f"a number of at most {MAX_DIGITS} digits",
                                                    node.start_mark)
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"a value that is not a valid {node.tag[18:]}: "
                                                    f"{str(node.value)[:40]!r}", node.start_mark) from None
    return checked


for _tag, _construct in (("int", yaml.SafeLoader.construct_yaml_int), ("float", yaml.SafeLoader.construct_yaml_float),
                         ("bool", yaml.SafeLoader.construct_yaml_bool)):
    _DataLoader.add_constructor("tag:yaml.org,2002:" + _tag, _checked_scalar(_construct))


def _compose_checked(loader: _DataLoader) -> Any:
    node = loader.get_single_node()
    if node is None:
        return None
    _check_node(node, 0)
    return loader.construct_document(node)


def _check_node(node: yaml.Node, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise yaml.YAMLError(f"nesting deeper than {MAX_DEPTH} levels at line {node.start_mark.line + 1}")
    if node.tag not in PLAIN_TAGS:
        raise yaml.constructor.ConstructorError(
            None, None, f"no YAML tags ({node.tag} would construct an object; rule files and profiles are plain data)",
            node.start_mark)
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _check_node(child, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _check_node(k, depth + 1)
            _check_node(v, depth + 1)


def parse_text(text: str, filename: str) -> Any:
    """Parse YAML (JSON is YAML too, but JSON files go through json for exact errors)."""
    if filename.endswith(".json"):
        try:
            data = json.loads(text, object_pairs_hook=_json_pairs(filename), parse_int=_json_int(text, filename))
        except json.JSONDecodeError as exc:
            raise InputError(filename, f"line {exc.lineno}", "valid JSON", hint=exc.msg) from None
        except RecursionError:
            raise InputError(filename, None, f"JSON nested at most {MAX_DEPTH} levels") from None
        if _depth_exceeds(data, MAX_DEPTH):
            raise InputError(filename, None, f"JSON nested at most {MAX_DEPTH} levels")
        return data
    if "&" in text or "*" in text:
        _refuse_aliases(text, filename)
    loader: Optional[_DataLoader] = None
    try:
        loader = _DataLoader(text)   # the reader refuses non-printable characters right here
        return _compose_checked(loader)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problem = exc.problem or "unsupported content"
        if "could not determine a constructor" in problem:
            problem = "a YAML tag that would construct an object; rule files and profiles are plain data"
        raise InputError(filename, f"line {line}" if line else None, "plain YAML data", hint=problem) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError(filename, f"line {line}", "printable text", got=char, hint=exc.reason) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(filename, where, "valid YAML", hint=problem) from None
    except RecursionError:
        raise InputError(filename, None, f"YAML nested at most {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()


def _refuse_aliases(text: str, filename: str) -> None:
    """Refuse anchors and aliases (found by the scanner, so quoted '&' and '*' are fine)."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                raise InputError(filename, f"line {token.start_mark.line + 1}",
                                 "plain YAML without anchors or aliases (&name / *name)")
    except yaml.YAMLError:
        return  # the parser reports syntax errors with their position


def _json_int(text: str, filename: str) -> Callable[[str], int]:
    def parse(digits: str) -> int:
        if len(digits) > MAX_DIGITS:
            line = text.count("\n", 0, max(text.find(digits), 0)) + 1
            raise InputError(filename, f"line {line}", f"a number of at most {MAX_DIGITS} digits")
        return int(digits)
    return parse


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Is a parsed structure nested deeper than ``limit``? (iterative: safe on any depth)"""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth >= limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _json_pairs(filename: str) -> Callable[[list[tuple[str, Any]]], dict]:
    def hook(pairs: list[tuple[str, Any]]) -> dict:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(filename, key, "each key once", hint="duplicate key")
            out[key] = value
        return out
    return hook


def read_data_file(path: str | os.PathLike[str]) -> Any:
    """Read and parse one YAML or JSON file, with errors that name it."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, None, "a file, not a directory")
        if not p.exists():
            raise FileNotFoundError(name)
        if not p.is_file():
            # A FIFO would block until a writer comes, a device such as /dev/zero never ends.
            raise InputError(name, None, "a regular file", hint="not a regular file (a device, FIFO or socket?)")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, None, f"a file of at most {MAX_FILE_BYTES} bytes", got=f"{size} bytes")
        with p.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow after stat()
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(name, None, f"a file of at most {MAX_FILE_BYTES} bytes")
    except FileNotFoundError:
        raise InputError(name, None, "an existing file", hint="no such file") from None
    except PermissionError:
        raise InputError(name, None, "a readable file", hint="permission denied") from None
    except IsADirectoryError:
        raise InputError(name, None, "a file, not a directory") from None
    except ValueError as exc:   # e.g. an embedded NUL byte in the name
        if isinstance(exc, InputError):
            raise
        raise InputError(name, None, "a usable file name", hint=str(exc)) from None
    except OSError as exc:      # a symlink loop, a name too long, an I/O error
        raise InputError(name, None, "a readable file", hint=exc.strerror or type(exc).__name__) from None
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
        return InputError(self.file, path or None, expected, _shown(got), hint)

    def mapping(self, allowed: Optional[Iterable[str]] = None, required: Sequence[str] = ()) -> "Node":
        if not isinstance(self.value, dict):
            raise self.error("a mapping", _kind(self.value))
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
        return text

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

    def enum(self, choices: Sequence[str], required: bool = True,
             default: Optional[str] = None) -> Optional[str]:
        v = self.value
        if v is None:
            if required:
                raise self.error(f"one of {', '.join(choices)} (this field is required)")
            return default
        if not isinstance(v, str) or v not in choices:
            raise self.error(f"one of {', '.join(choices)}", v,
                             did_you_mean(v, choices) if isinstance(v, str) else None)
        return v

    def date(self, required: bool = True, allow_unknown: bool = False) -> Any:
        """A calendar date (YYYY-MM-DD); with allow_unknown, 'unknown' gives None-like UNKNOWN."""
        from .model import UNKNOWN
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

    def str_list(self) -> list[str]:
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


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {_shown(value)}"


def _shown(value: object) -> object:
    """A value safe to show in an error message (repr() itself fails on some inputs)."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10 ** MAX_DIGITS else f"a number of more than {MAX_DIGITS} digits"
    if isinstance(value, str):
        return value if len(value) <= 200 else value[:200] + "..."
    if isinstance(value, (list, dict, tuple, set)):
        if _depth_exceeds(value, 4) or len(value) > 20:
            return f"a {type(value).__name__} (nested or long; not shown)"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return value if len(text) <= 200 else text[:200] + "..."
