"""Value classes: the few facts about a charge that a decree's answer can depend on.

A decree compares each field it reads with a few constants (an offence date with its cutoff, an
age with 70, a statute with the ones it names). Two charges whose fields compare alike with every
one of them are indistinguishable to the decree's checks: the same checks hold, the exploration
of their unknowns tries the same values, and the ruling (everything but the words of its
explanation, which quote the charge's own dates and articles) is the same. So a ruling can be
computed once per *class* of charges and reused: over a population most charges fall in a
handful of classes per decree (a statute the decree does not name, an offence after its cutoff).

Two steps, so that the costly one happens once per charge and not once per decree:

* :class:`Encoding` (one per set of decrees evaluated together) gives each field of a charge one
  small integer, its position among *every* constant any of the decrees compares the field with
  (a class finer than any one decree's);
* :meth:`Encoding.key` maps those integers to one decree's classes by table lookups: a class is
  the tuple of truth values the decree's atomic tests (``Eq``, ``In``, ``Cmp``, ``Exists``) take
  on the value, computed by :func:`amnestyrules.law.predicates.holds` itself, so the classes
  cannot disagree with the checks.

Beyond its checks, a ruling reads two comparisons of its own (engine/rulings.py: a failed
surrender condition says 'surrendered late' or 'deadline passed' by comparing the surrender date
and the day of the question with the condition's deadline): each deadline is added as a test on
``surrendered_day`` and ``as_of_day``. The age on the decree's date depends on the decree, so it is
classified per decree from the birth date. The code of both functions (encode, key) is generated
from these tables of integers; no text from a rule file enters it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence

from amnestyrules.case.derived import age_on
from amnestyrules.engine.checks import CheckTable
from amnestyrules.law.predicates import And, Cmp, Eq, Exists, In, Not, Or, Predicate, holds

#: Field codes shared by every field; integers and strings come after them.
ABSENT, UNKNOWN, TRUE, FALSE, OTHER_TEXT, UNSUPPORTED = range(6)
FIRST_INT = 6
#: A decree's class of an unknown field (explored, not classified).
UNKNOWN_CLASS = -1


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<unknown>"


#: The value an unknown field has in the mapping :meth:`Encoding.encode` reads.
UNKNOWN_VALUE = _Unknown()
_ABSENT = object()
AGE_AT_ISSUE = "age_at_issue"


def _atoms(pred: Predicate) -> Iterator[Predicate]:
    if isinstance(pred, (Eq, In, Cmp, Exists)):
        yield pred
    elif isinstance(pred, Not):
        yield from _atoms(pred.operand)
    elif isinstance(pred, (And, Or)):
        for op in pred.operands:
            yield from _atoms(op)


def key_atoms(table: CheckTable) -> dict[str, list[Predicate]]:
    """Per field, the distinct atomic tests a ruling of this decree depends on (see the module
    docstring: the checks' own, plus each condition deadline on the surrender and question days)."""
    out: dict[str, dict[Predicate, None]] = {}
    for pred in table.checks.values():
        for atom in _atoms(pred):
            out.setdefault(atom.field, {})[atom] = None  # type: ignore[union-attr]
    for p in table.decree.provisions:
        for c in p.conditions:
            if c.deadline is not None:
                for field in ("surrendered_day", "as_of_day"):
                    out.setdefault(field, {})[Cmp(field, ">", c.deadline.toordinal())] = None
    return {f: list(atoms) for f, atoms in sorted(out.items())}


def _constants(atoms: Sequence[Predicate]) -> tuple[set[int], set[str]]:
    ints: set[int] = set()
    texts: set[str] = set()
    for a in atoms:
        values: tuple[Any, ...] = ()
        if isinstance(a, Eq):
            values = (a.value,)
        elif isinstance(a, In):
            values = a.values
        elif isinstance(a, Cmp):
            values = (a.value,)
        for v in values:
            if isinstance(v, str):
                texts.add(v)
            elif isinstance(v, int):   # bools too: True == 1 for Eq, so 1 needs a class of its own
                ints.update((int(v), int(v) + 1))
    return ints, texts


class _FieldCoding:
    """One field's codes: its interval among the integer constants, or which text constant it is."""

    def __init__(self, field: str, ints: set[int], texts: set[str]) -> None:
        self.field = field
        self.bounds = sorted(ints)
        self.texts = {t: FIRST_INT + len(self.bounds) + 1 + i for i, t in enumerate(sorted(texts))}
        self.size = FIRST_INT + len(self.bounds) + 1 + len(self.texts)

    def representative(self, code: int) -> object:
        """A value with this code (``_ABSENT``/``UNKNOWN_VALUE`` for those two)."""
        if code == ABSENT:
            return _ABSENT
        if code == UNKNOWN:
            return UNKNOWN_VALUE
        if code in (TRUE, FALSE):
            return code == TRUE
        if code == OTHER_TEXT:
            return "\x00(a text no decree names)"
        if code == UNSUPPORTED:
            return None
        i = code - FIRST_INT
        if i <= len(self.bounds):
            if not self.bounds:
                return 0
            return self.bounds[0] - 1 if i == 0 else self.bounds[i - 1]
        return next(t for t, c in self.texts.items() if c == code)


def _classes(field: str, values: Sequence[object], atoms: Sequence[Predicate]) -> list[int]:
    """A decree's class of each value: the index of the truth values its atoms take on it."""
    seen: dict[tuple[bool, ...], int] = {}
    out = []
    for v in values:
        if v is UNKNOWN_VALUE:
            out.append(UNKNOWN_CLASS)
            continue
        ground = {} if v is _ABSENT else {field: v}
        signature = tuple(holds(a, ground) for a in atoms)  # type: ignore[arg-type]
        out.append(seen.setdefault(signature, len(seen)))
    return out


Key = Callable[[tuple[int, ...], Optional[dt.date]], int]


class Encoding:
    """The codes of every field a set of decrees reads, and each decree's key over them."""

    def __init__(self, tables: Sequence[CheckTable]) -> None:
        atoms = {t.digest: key_atoms(t) for t in tables}
        merged: dict[str, list[Predicate]] = {}
        for per_field in atoms.values():
            for f, xs in per_field.items():
                if f != AGE_AT_ISSUE:
                    merged.setdefault(f, []).extend(xs)
        self.codings = [_FieldCoding(f, *_constants(xs)) for f, xs in sorted(merged.items())]
        self.index = {c.field: i for i, c in enumerate(self.codings)}
        self.encode: Callable[[Mapping[str, object]], Optional[tuple[int, ...]]] = self._encoder()
        self._keys = {t.digest: self._key(t, atoms[t.digest]) for t in tables}
        self._fields = {t.digest: tuple(atoms[t.digest]) for t in tables}

    def fields(self, table: CheckTable) -> tuple[str, ...]:
        """The fields a decree's key classifies, in the key's order."""
        return self._fields[table.digest]

    def key(self, table: CheckTable) -> Key:
        """The function: (the charge's codes, the birth date if known) -> the decree's classes."""
        return self._keys[table.digest]

    def _encoder(self) -> Callable[[Mapping[str, object]], Optional[tuple[int, ...]]]:
        ns: dict[str, Any] = {"_A": _ABSENT, "_U": UNKNOWN_VALUE, "_int": int, "_str": str, "_br": bisect_right}
        lines = ["def encode(v):", "    get = v.get"]
        for i, c in enumerate(self.codings):
            ns[f"F{i}"], ns[f"B{i}"], ns[f"S{i}"] = c.field, c.bounds, c.texts
            lines += [f"    x = get(F{i}, _A)",
                      f"    if x is _A: c{i} = {ABSENT}",
                      f"    elif x is _U: c{i} = {UNKNOWN}",
                      f"    elif x is True: c{i} = {TRUE}",
                      f"    elif x is False: c{i} = {FALSE}",
                      f"    elif x.__class__ is _int: c{i} = {FIRST_INT} + _br(B{i}, x)",
                      f"    elif x.__class__ is _str: c{i} = S{i}.get(x, {OTHER_TEXT})",
                      "    else: return None"]
        lines.append("    return (" + "".join(f"c{i}, " for i in range(len(self.codings))) + ")")
        exec(compile("\n".join(lines), "<amnestyrules generated encoding>", "exec"), ns)  # noqa: S102
        return ns["encode"]

    def _key(self, table: CheckTable, atoms: Mapping[str, Sequence[Predicate]]) -> Key:
        """The decree's key as one integer: each field's class (unknown first) as a digit in a mixed
        radix, the digits pre-multiplied into the lookup tables so that the key is a sum (an integer
        key takes a tenth of the memory of a tuple of classes, and hashes at once)."""
        ns: dict[str, Any] = {"_br": bisect_right, "_age": age_on, "ISSUED": table.decree.issued}
        parts = []
        stride = 1
        for f, xs in atoms.items():
            if f == AGE_AT_ISSUE:
                ints, _ = _constants(xs)
                bounds = sorted(ints)
                reps = [(bounds[0] - 1 if i == 0 else bounds[i - 1]) if bounds else 0 for i in range(len(bounds) + 1)]
                classes = _classes(f, reps, xs)
                ns["AB"], ns["AM"] = bounds, [(c + 1) * stride for c in classes]
                parts.append("(0 if born is None else AM[_br(AB, _age(born, ISSUED))])")
            else:
                i = self.index[f]
                coding = self.codings[i]
                classes = _classes(f, [coding.representative(code) for code in range(coding.size)], xs)
                ns[f"M{i}"] = [(c + 1) * stride for c in classes]   # unknown (-1) is digit 0
                parts.append(f"M{i}[c[{i}]]")
            stride *= max(classes, default=0) + 2
        src = "def key(c, born):\n    return " + (" + ".join(parts) or "0")
        exec(compile(src, "<amnestyrules generated key>", "exec"), ns)  # noqa: S102
        return ns["key"]

    def classes_of(self, table: CheckTable, fields: Sequence[str]) -> Callable[[tuple[int, ...]], tuple[int, ...]]:
        """The function: (the charge's codes) -> the decree's classes of these fields (not the age
        on its date), for keys that need only some of them."""
        atoms = key_atoms(table)
        ns: dict[str, Any] = {}
        parts = []
        for f in fields:
            if f in atoms and f != AGE_AT_ISSUE:
                i = self.index[f]
                coding = self.codings[i]
                ns[f"M{i}"] = _classes(f, [coding.representative(code) for code in range(coding.size)], atoms[f])
                parts.append(f"M{i}[c[{i}]], ")
        src = "def classes(c):\n    return (" + "".join(parts) + ")"
        exec(compile(src, "<amnestyrules generated classes>", "exec"), ns)  # noqa: S102
        return ns["classes"]
