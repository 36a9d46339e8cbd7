"""YAML and JSON text -> plain data (strings, numbers, booleans, None, lists, mappings), safely.

Rule files and profiles are data. The YAML reader constructs only plain scalars, lists and
mappings: a tag (``!!python/object``, ``!!set``, ...) is refused, anchors and aliases are refused
(no alias bombs), duplicate keys are refused (YAML would silently keep the last), nesting is
bounded, and dates stay strings until a field asks for a date, so ``2022-02-30`` is reported
against the field that holds it instead of crashing the parser.

**Unquoted scalars are read by one strict rule**, so that no value silently changes:

- ``null``, ``~`` or nothing is None; ``true``/``false`` (``True``, ``TRUE``, ...) are booleans;
- a plain decimal is a number: ``0``, ``-12``, ``285``, ``2.5``, ``1.0e+20`` (no leading zeros,
  no ``+``, no underscores);
- every other form YAML 1.1 would turn into something other than the text written is refused,
  with a message that says to quote the value: ``0304`` (octal: Art. 196), ``010``, ``0x138``,
  ``0o17``, ``3_1_2``, ``5:12`` (sexagesimal: 312), ``+5``, ``.5``, ``.inf``, ``.nan``,
  ``yes``/``no``/``on``/``off``, ``<<`` (a merge key);
- anything else is a string, exactly as written.

So ``article: 0304`` is an error that says to write ``'0304'``, never Art. 196, and ``armed: yes``
is an error that says to write ``true``, never a boolean by accident.

The parser is libyaml's (``yaml.cyaml.CParser``, about 10x faster than PyYAML's pure-Python
scanner and parser) when PyYAML was built with it, else the pure-Python one. Either way the
document is composed by the same Python code (:class:`_Composer`), which is where every rule
above is enforced, so the two parsers accept and refuse the same documents.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional

import yaml
import yaml.composer
import yaml.constructor
import yaml.events
import yaml.nodes
import yaml.parser
import yaml.reader
import yaml.resolver
import yaml.scanner

from amnestyrules.errors import InputError

_LibyamlParser: Any
try:  # libyaml, when PyYAML was built with it
    import yaml.cyaml
    _LibyamlParser = yaml.cyaml.CParser  # type: ignore[attr-defined]
except ImportError:  # depends on how PyYAML was built
    _LibyamlParser = None

MAX_DEPTH = 40
#: Numbers longer than this are refused (int() of a 5,000-digit literal raises, and no rule
#: file or profile needs more than a few digits).
MAX_DIGITS = 64
#: Which parser reads YAML: "libyaml" when available, else "python". Settable (benchmarks/
#: compares the two); both enforce the same rules.
PARSER = "libyaml" if _LibyamlParser is not None else "python"

_TAG = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR = (_TAG + t for t in ("null", "bool", "int", "float", "str"))
#: A plain scalar YAML 1.1 reads as something other than the text written (refused).
AMBIGUOUS = "tag:amnestyrules,2024:ambiguous"
#: The only node tags plain data has. Any other tag, explicit (``!!python/object``,
#: ``!!timestamp``, ``!!binary``, ``!!set``, ``!foo``) would construct something other than a
#: string, number, boolean, list or mapping: refused.
PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_INT = re.compile(r"0|-?[1-9][0-9]*")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")
#: The characters the YAML reader refuses (PyYAML's and libyaml's printable set, one regex).
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_TEXT = "text without lone surrogate code points (U+D800-U+DFFF)"
_SURROGATE_HINT = "an escape such as \\ud800 is half of a character, which no output can carry"


class Refused(yaml.YAMLError):
    """Something plain data may not contain, found while composing (converted to an InputError)."""

    def __init__(self, expected: str, hint: Optional[str], mark: Any) -> None:
        super().__init__(expected)
        self.expected = expected
        self.hint = hint
        self.mark = mark


def _plain_tag(value: str) -> str:
    """The tag of an unquoted scalar under the strict rule of the module docstring."""
    if value in _NULLS:
        return NULL
    if value in _BOOLS:
        return BOOL
    if _INT.fullmatch(value):
        return INT
    if _FLOAT.fullmatch(value):
        return FLOAT
    for tag, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers.get(value[0], ()):
        if tag not in (STR, _TAG + "timestamp") and regexp.match(value):
            return AMBIGUOUS
    return STR


def _ambiguity(value: str) -> str:
    """What YAML 1.1 makes of an unquoted value, and what to write instead."""
    if value == "<<":
        return "'<<' is a YAML merge key: write the fields out, or '<<' in quotes for the text"
    read: Any = None
    if len(value) <= 40:   # what YAML 1.1 makes of it, to say so (a short value only: this is PyYAML's reading)
        try:
            read = yaml.load(f"x: {value}", Loader=yaml.SafeLoader)["x"]
        except (yaml.YAMLError, ValueError, OverflowError, TypeError):
            read = None
    if isinstance(read, bool):
        return (f"YAML 1.1 reads the unquoted {value} as {str(read).lower()}: write {str(read).lower()}, "
                f"or '{value}' in quotes for the text")
    shown = f" as the number {read!r}" if isinstance(read, (int, float)) else " as a number"
    value = value if len(value) <= 40 else value[:37] + "..."
    return f"YAML 1.1 reads the unquoted {value}{shown}: write '{value}' in quotes for the text as written"


class _Composer(yaml.composer.Composer):
    """PyYAML's composer with the rules of plain data: no anchors, aliases or tags, bounded depth,
    unquoted scalars read by the strict rule (:func:`_plain_tag`)."""

    # Provided by the parser it is mixed with (PyYAML's or libyaml's).
    peek_event: Callable[[], Any]
    get_event: Callable[[], Any]

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.events.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Refused("plain YAML without anchors or aliases (&name / *name)", None, event.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(f"YAML nested at most {MAX_DEPTH} levels", None, event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_scalar_node(self, anchor: Any) -> yaml.nodes.ScalarNode:
        event = self.get_event()
        if event.tag is None or event.tag == "!":
            tag = _plain_tag(event.value) if event.implicit[0] else STR
        else:
            tag = event.tag
        if tag not in PLAIN_TAGS:
            if tag == AMBIGUOUS:
                raise Refused("a value written unambiguously", _ambiguity(event.value), event.start_mark)
            raise Refused("plain YAML data", f"no YAML tags ({tag} would construct an object; rule files and "
                          "profiles are plain data)", event.start_mark)
        return yaml.nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)

    def compose_sequence_node(self, anchor: Any) -> yaml.nodes.SequenceNode:
        self._check_collection_tag(self.peek_event(), _TAG + "seq")
        return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor: Any) -> yaml.nodes.MappingNode:
        self._check_collection_tag(self.peek_event(), _TAG + "map")
        return super().compose_mapping_node(anchor)

    @staticmethod
    def _check_collection_tag(event: Any, default: str) -> None:
        if event.tag not in (None, "!", default):
            raise Refused("plain YAML data", f"no YAML tags ({event.tag} would construct an object; rule files "
                          "and profiles are plain data)", event.start_mark)


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor without duplicate keys, with bounded numbers and checked strings."""

    #: Set per document: whether the text has escapes that could make a lone surrogate.
    escapes = False

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.nodes.ScalarNode):
                raise Refused("plain YAML data", "a mapping key must be a plain scalar", key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise Refused("plain YAML data", f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping

    def construct_yaml_str(self, node: Any) -> str:
        value = str(node.value)
        if self.escapes and _SURROGATE.search(value):
            raise Refused(_SURROGATE_TEXT, _SURROGATE_HINT, node.start_mark)
        return value


def _checked_scalar(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A scalar constructor that reports a value it cannot read at the value's position."""
    def checked(loader: Any, node: Any) -> Any:
        if node.tag == INT and sum(ch.isalnum() for ch in str(node.value)) > MAX_DIGITS:
            raise Refused("plain YAML data", f"a number of at most {MAX_DIGITS} digits", node.start_mark)
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise Refused("plain YAML data", f"a value that is not a valid {node.tag[18:]}: "
                          f"{str(node.value)[:40]!r}", node.start_mark) from None
    return checked


_Constructor.add_constructor(_TAG + "map", _Constructor.construct_mapping)  # type: ignore[type-var]
_Constructor.add_constructor(_TAG + "str", _Constructor.construct_yaml_str)  # type: ignore[type-var]
for _tag, _construct in (("int", yaml.constructor.SafeConstructor.construct_yaml_int),
                         ("float", yaml.constructor.SafeConstructor.construct_yaml_float),
                         ("bool", yaml.constructor.SafeConstructor.construct_yaml_bool)):
    _Constructor.add_constructor(_TAG + _tag, _checked_scalar(_construct))


class _PythonLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composer, _Constructor,
                    yaml.resolver.BaseResolver):
    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


if _LibyamlParser is not None:
    class _LibyamlLoader(_Composer, _LibyamlParser, _Constructor, yaml.resolver.BaseResolver):
        """libyaml's events, composed by :class:`_Composer` (so the same rules hold)."""

        def __init__(self, text: str) -> None:
            _LibyamlParser.__init__(self, text)
            _Composer.__init__(self)
            _Constructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)


def _loader(text: str) -> Any:
    if PARSER == "libyaml" and _LibyamlParser is not None:
        return _LibyamlLoader(text)
    return _PythonLoader(text)


def parse_text(text: str, filename: str) -> Any:
    """Parse YAML (JSON is YAML too, but JSON files go through json for exact errors)."""
    if filename.endswith(".json"):
        return _parse_json(text, filename)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(filename, f"line {line}", "printable text", got=bad.group(),
                         hint="special characters are not allowed")
    loader = _loader(text)
    loader.escapes = "\\" in text
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    except Refused as exc:
        at = f"line {exc.mark.line + 1}" if exc.mark is not None else None
        raise InputError(filename, at, exc.expected, hint=exc.hint) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is not None and "invalid Unicode character escape" in problem:
            # libyaml refuses \ud800 while scanning; PyYAML builds it and _Constructor refuses it: one message.
            raise InputError(filename, f"line {mark.line + 1}", _SURROGATE_TEXT, hint=_SURROGATE_HINT) from None
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(filename, where, "valid YAML", hint=problem) from None
    except RecursionError:
        raise InputError(filename, None, f"YAML nested at most {MAX_DEPTH} levels") from None
    except ValueError as exc:   # PyYAML's scanner: chr() of an escape beyond U+10FFFF
        if isinstance(exc, InputError):
            raise
        raise InputError(filename, None, "valid YAML", hint=str(exc)) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- JSON

def _parse_json(text: str, filename: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs(filename), parse_int=_json_int(text, filename))
    except json.JSONDecodeError as exc:
        raise InputError(filename, f"line {exc.lineno}", "valid JSON", hint=exc.msg) from None
    except RecursionError:
        raise InputError(filename, None, f"JSON nested at most {MAX_DEPTH} levels") from None
    if depth_exceeds(data, MAX_DEPTH):
        raise InputError(filename, None, f"JSON nested at most {MAX_DEPTH} levels")
    if "\\u" in text:
        where = _surrogate_path(data)
        if where is not None:
            raise InputError(filename, where or None, _SURROGATE_TEXT, hint=_SURROGATE_HINT)
    return data


def _json_int(text: str, filename: str) -> Callable[[str], int]:
    def parse(digits: str) -> int:
        if len(digits) > MAX_DIGITS:
            line = text.count("\n", 0, max(text.find(digits), 0)) + 1
            raise InputError(filename, f"line {line}", f"a number of at most {MAX_DIGITS} digits")
        return int(digits)
    return parse


def _json_pairs(filename: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(filename, key, "each key once", hint="duplicate key")
            out[key] = value
        return out
    return hook


def _surrogate_path(data: Any) -> Optional[str]:
    """The path of the first key or string holding a lone surrogate ('' for the top level), or None."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for k, v in value.items():
                key = str(k)
                if _SURROGATE.search(key):
                    return path
                stack.append((v, f"{path}.{key}" if path else key))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
    return None


def has_surrogate(text: str) -> bool:
    """Does the text hold a lone surrogate (which no UTF-8 output can carry)?"""
    return _SURROGATE.search(text) is not None


def depth_exceeds(data: Any, limit: int) -> bool:
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
