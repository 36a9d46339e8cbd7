"""A cache of the loaded corpus on disk, so that a command does not parse and validate 25 rule files.

Parsing the YAML and building the validated model takes most of a one-profile command's time.
The loaded corpus (the statute catalogue and every decree, as model objects) is therefore written
to a cache file the first time and read back afterwards, as long as nothing it was built from has
changed. The cache key is a SHA-256 over:

* every rule file the corpus reads (each shipped or ``--rules`` directory's ``statutes.yaml`` and
  decree files, found as :func:`amnestyrules.law.corpus.load_corpus` finds them): its path and its
  whole content, so editing, adding, removing or renaming a file makes a new key;
* the code that turns files into the model (every ``amnestyrules.law`` module, this one included,
  ``loading.py``, ``parsing.py``, ``facts.py``, ``errors.py``: their size and modification time),
  so a new loader never reads a corpus an old one built.

Safety: a cache file is plain JSON written by this module, never pickle. Reading it constructs only
the model's own classes, named in :data:`CLASSES`, and sets their fields to JSON values, dates,
fractions, tuples and mappings: nothing in a cache file is called or executed, whoever wrote it.
A file that does not decode into a corpus is ignored (and the rules are loaded from the files).
Only a load that succeeded is cached: errors always come from the rule files themselves.

Where: ``$AMNESTYRULES_CACHE_DIR``, else ``$XDG_CACHE_HOME/amnestyrules``, else
``~/.cache/amnestyrules``. ``AMNESTYRULES_CACHE=off`` turns it off. At most :data:`KEEP` corpora
are kept. A directory that cannot be written is not an error: the corpus is loaded from the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any, Optional, Sequence

import attrs

from amnestyrules.law import catalogue as _catalogue
from amnestyrules.law import model as _model
from amnestyrules.law import predicates as _predicates

FORMAT = 2
KEEP = 8
#: A cache file larger than this is not read (the shipped corpus takes about 0.3 MB).
MAX_BYTES = 64_000_000
#: The classes a cache file may construct, by name (nothing else can be named in one).
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    _model.Citation, _model.ArticleEntry, _model.Statute, _model.Category, _model.Commutation, _model.Benefit,
    _model.Condition, _model.Effect, _model.Revision, _model.Exclusion, _model.Provision, _model.Decree,
    _catalogue.PenaltyKind, _catalogue.AgeOfResponsibility, _catalogue.Catalogue,
    _predicates.TruePred, _predicates.FalsePred, _predicates.Eq, _predicates.In, _predicates.Cmp,
    _predicates.Exists, _predicates.Not, _predicates.And, _predicates.Or)}
_FIELDS = {name: tuple(f.name for f in attrs.fields(cls)) for name, cls in CLASSES.items()}
#: The code a corpus is built by, besides every module of ``amnestyrules.law`` (found when the key
#: is computed, so a module added to law/ is part of the key without a change here).
_CODE = ("loading.py", "parsing.py", "facts.py", "errors.py")


class _NotCacheable(Exception):
    """A value the cache format does not represent (the corpus is then simply not cached)."""


def cache_dir() -> Optional[Path]:
    if os.environ.get("AMNESTYRULES_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("AMNESTYRULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "amnestyrules"


def corpus_key(dirs: Sequence[Path], files: Sequence[Path], max_bytes: int) -> Optional[str]:
    """The cache key of a corpus read from these directories and files, or None if a file is not
    a plain file (a directory, a symbolic link, a FIFO) or is over the size limit: the cache then
    steps aside and the loader checks and reports it, with its own error (a cached corpus must
    never stand in for a rules directory the loader would refuse)."""
    h = hashlib.sha256(f"amnestyrules corpus cache {FORMAT}\0".encode())
    for d in dirs:
        h.update(os.fsencode(str(d)) + b"\0")
    package = Path(__file__).resolve().parents[1]
    code = sorted(p.relative_to(package).as_posix() for p in (package / "law").glob("*.py")) + list(_CODE)
    for rel in code:
        try:
            st = (package / rel).stat()
        except OSError:
            return None
        h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for path in files:
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > max_bytes:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        h.update(os.fsencode(str(path)) + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


# --------------------------------------------------------------------------- encoding

class _Encoder:
    """Model objects to JSON values. An object met again is written as a reference to its first
    writing (by identity; citations, repeated in every provision, by value), so the file holds the
    corpus's object graph as it is, not once per path to each object."""

    def __init__(self) -> None:
        self.refs: dict[Any, int] = {}
        self.alive: list[Any] = []   # keeps encoded objects alive, so their ids stay theirs

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise _NotCacheable("a float JSON does not round-trip")
            return value
        if isinstance(value, tuple):
            return ["t"] + [self.encode(v) for v in value]
        if isinstance(value, list):
            return ["l"] + [self.encode(v) for v in value]
        if isinstance(value, dict):
            out: list[Any] = ["d"]
            for k, v in value.items():
                out += [self.encode(k), self.encode(v)]
            return out
        if isinstance(value, dt.datetime):
            raise _NotCacheable("a datetime")
        if isinstance(value, dt.date):
            return ["D", value.toordinal()]
        if isinstance(value, Fraction):
            return ["F", value.numerator, value.denominator]
        name = type(value).__name__
        if CLASSES.get(name) is not type(value):
            raise _NotCacheable(f"a {name}")
        key = value if isinstance(value, _model.Citation) else ("id", id(value))
        ref = self.refs.get(key)
        if ref is not None:
            return ["r", ref]
        encoded = ["o", name] + [self.encode(getattr(value, f)) for f in _FIELDS[name]]
        self.refs[key] = len(self.refs)   # numbered once written, children first (as they are read)
        self.alive.append(value)
        return encoded


class _Decoder:
    def __init__(self) -> None:
        self.objects: list[Any] = []

    def decode(self, value: Any) -> Any:
        if not isinstance(value, list):
            if value is None or isinstance(value, (bool, int, float, str)):
                return value
            raise ValueError("not a cached value")
        tag = value[0]
        if tag == "r":
            return self.objects[value[1]]
        if tag == "o":
            name = value[1]
            cls = CLASSES[name]            # KeyError for any other name: the file is ignored
            fields = _FIELDS[name]
            if len(value) != len(fields) + 2:
                raise ValueError(f"{name}: {len(value) - 2} fields, expected {len(fields)}")
            obj: Any = object.__new__(cls)
            for f, v in zip(fields, value[2:]):
                object.__setattr__(obj, f, self.decode(v))
            self.objects.append(obj)
            return obj
        if tag == "t":
            return tuple([self.decode(v) for v in value[1:]])
        if tag == "l":
            return [self.decode(v) for v in value[1:]]
        if tag == "d":
            items = value[1:]
            if len(items) % 2:
                raise ValueError("an odd mapping")
            return {self.decode(items[i]): self.decode(items[i + 1]) for i in range(0, len(items), 2)}
        if tag == "D":
            return dt.date.fromordinal(int(value[1]))
        if tag == "F":
            return Fraction(int(value[1]), int(value[2]))
        raise ValueError(f"unknown tag {tag!r}")


# --------------------------------------------------------------------------- files

def read(key: str) -> Optional[tuple[Any, dict[str, Any]]]:
    """The cached (catalogue, decrees) for this key, or None (absent, unreadable, or not a corpus)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        path = directory / f"corpus-{key}.json"
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        payload = json.loads(text)
        if not (isinstance(payload, dict) and payload.get("format") == FORMAT and payload.get("key") == key):
            return None
        decoder = _Decoder()
        catalogue, decrees = decoder.decode(payload["corpus"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError, OverflowError,
            ZeroDivisionError, AttributeError):
        return None
    if not isinstance(catalogue, _catalogue.Catalogue) or not isinstance(decrees, dict) or \
            not all(isinstance(k, str) and isinstance(d, _model.Decree) for k, d in decrees.items()):
        return None
    return catalogue, decrees


def write(key: str, catalogue: Any, decrees: dict[str, Any]) -> None:
    """Store a corpus under its key (quietly nothing if it cannot be encoded or written)."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        payload = {"format": FORMAT, "key": key, "corpus": _Encoder().encode((catalogue, decrees))}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        if _Decoder().decode(json.loads(text)["corpus"]) != (catalogue, decrees):
            return   # something does not survive the round trip: do not cache it
        import tempfile
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".corpus-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, directory / f"corpus-{key}.json")
        old = sorted(directory.glob("corpus-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except (_NotCacheable, OSError, ValueError, RecursionError):
        return
