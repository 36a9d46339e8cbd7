"""A decree's check table as one generated Python function: which checks hold for a ground charge.

The reference (:func:`amnestyrules.law.predicates.holds`) walks each predicate tree for every
check and every ground charge: about 5,000 times slower than the same test written as Python.
So each table is translated, once, into the source of one function that reads every field the
table reads once, evaluates each check as a plain boolean expression, and returns the names that
hold. The translation is a fold over the validated predicate model (nine node kinds), with the
same semantics as ``holds`` (an absent field fails ``Eq``/``In``/``Cmp``, a comparison holds only
on a number that is not a bool, ``Not`` inverts): tests/test_codegen.py checks both agree on
every check of every decree over generated grounds, and the agreement suites check the answers.

Safety: a rule file is data and must never become code. No text from a rule file reaches the
generated source: field names, constants and check names are bound as Python values in the
function's namespace under names this module makes up (``F3``, ``K12``, ``N7``); the source holds
only those names, fixed keywords and the four comparison operators, chosen from a fixed table.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from amnestyrules.law.predicates import And, Cmp, Eq, Exists, FalsePred, In, Not, Or, Predicate, TruePred, holds

#: The comparison operators a Cmp may carry, and the source text of each (nothing else is emitted).
_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}
#: Predicates deeper than this are evaluated by the interpreter (the compiler's own nesting limit is ~100).
MAX_DEPTH = 60

Holds = Callable[[Mapping[str, object]], frozenset[str]]


class _Absent:
    """Stands for a field the ground does not have: equal to nothing, never a number."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<absent>"


ABSENT = _Absent()


class _Source:
    """Names for the values the generated code refers to, and the fields it reads."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_A": ABSENT, "_str": str, "_bool": bool, "_isinstance": isinstance}
        self.fields: dict[str, int] = {}
        self.numeric: set[int] = set()
        self._consts: dict[tuple[object, object], str] = {}

    def const(self, value: object) -> str:
        # Scalars and sets are shared by value; anything else (a predicate, a function) by identity.
        key: tuple[object, object] = (type(value), value) if isinstance(value, (str, int, frozenset)) \
            else (type(value), id(value))
        name = self._consts.get(key)
        if name is None:
            name = f"K{len(self._consts)}"
            self._consts[key] = name
            self.namespace[name] = value
        return name

    def field(self, name: str, numeric: bool = False) -> str:
        index = self.fields.setdefault(name, len(self.fields))
        if numeric:
            self.numeric.add(index)
        return f"v{index}"

    def expr(self, pred: Predicate, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            raise RecursionError("predicate nested too deep to compile")
        if isinstance(pred, TruePred):
            return "True"
        if isinstance(pred, FalsePred):
            return "False"
        if isinstance(pred, Eq):
            return f"({self.field(pred.field)} == {self.const(pred.value)})"
        if isinstance(pred, In):
            return f"({self.field(pred.field)} in {self.const(frozenset(pred.values))})"
        if isinstance(pred, Cmp):
            v = self.field(pred.field, numeric=True)
            return f"(n{v[1:]} and {v} {_OPS[pred.op]} {self.const(pred.value)})"
        if isinstance(pred, Exists):
            return f"({self.field(pred.field)} is not _A)"
        if isinstance(pred, Not):
            return f"(not {self.expr(pred.operand, depth + 1)})"
        if isinstance(pred, And):
            return "(" + " and ".join(self.expr(p, depth + 1) for p in pred.operands) + ")" if pred.operands else "True"
        if isinstance(pred, Or):
            return "(" + " or ".join(self.expr(p, depth + 1) for p in pred.operands) + ")" if pred.operands else "False"
        raise TypeError(f"not a predicate: {type(pred).__name__}")


def _reads(src: _Source) -> list[str]:
    """The lines that read every field ``src`` has seen (and whether each is a number)."""
    lines = []
    for field, index in src.fields.items():
        lines.append(f"    v{index} = get({src.const(field)}, _A)")
        if index in src.numeric:
            # As holds(): a comparison holds only on a value that is present, not None, not text, not a bool.
            lines.append(f"    n{index} = v{index} is not _A and v{index} is not None "
                         f"and not _isinstance(v{index}, (_str, _bool))")
    return lines


def _test(src: _Source, pred: Predicate) -> str:
    try:
        return src.expr(pred)
    except RecursionError:
        return f"{src.const(holds)}({src.const(pred)}, g)"


def _build(lines: list[str], namespace: dict[str, Any], label: str) -> dict[str, Any]:
    ns = dict(namespace)
    exec(compile("\n".join(lines), f"<amnestyrules generated {label}>", "exec"), ns)  # noqa: S102 - built above
    return ns


def compile_checks(checks: Mapping[str, Predicate]) -> Holds:
    """One function: ground charge -> the names of the checks that hold (as :func:`holds` says).

    A check that cannot be compiled (nested deeper than :data:`MAX_DEPTH`) is evaluated by the
    reference interpreter inside the generated function.
    """
    src = _Source()
    body = [f"    if {_test(src, pred)}: out.append({src.const(name)})" for name, pred in checks.items()]
    head = ["def holds(g):", "    get = g.get", "    out = []"] + _reads(src)
    return _build(head + body + ["    return frozenset(out)"], src.namespace, "checks")["holds"]


def compile_each(checks: Mapping[str, Predicate]) -> dict[str, Callable[[Mapping[str, object]], bool]]:
    """One function per check: ground charge -> does it hold? (for asking about one check at a time)."""
    src = _Source()
    lines: list[str] = []
    for i, pred in enumerate(checks.values()):
        src.fields, src.numeric = {}, set()
        test = _test(src, pred)
        lines += [f"def c{i}(g):", "    get = g.get"] + _reads(src) + [f"    return {test}"]
    ns = _build(lines, src.namespace, "check")
    return {name: ns[f"c{i}"] for i, name in enumerate(checks)}
