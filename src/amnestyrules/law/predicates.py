"""The tiny condition language that rule files compile to.

Selectors, exclusions and conditions in a rule file all become predicates over one
*ground charge*: a flat mapping of scalar fields (``statute``, ``article_num``,
``offence_day``, ``fact.caused_death``...) in which every unknown has been replaced by a
concrete value (see :mod:`amnestyrules.grounding`). Keeping the language this small is
what lets two very different backends (a Python interpreter and the durable-rules Rete
engine) evaluate the same decree and be tested against each other.

Values are str, int or bool. A field may be absent (``Exists`` tests that); comparisons on
an absent field are false.
"""

from __future__ import annotations

from typing import Mapping, Union

import attrs

Scalar = Union[str, int, bool]
Ground = Mapping[str, Scalar]


@attrs.frozen
class TruePred:
    """Always holds (a selector with no restriction)."""


@attrs.frozen
class FalsePred:
    """Never holds."""


@attrs.frozen
class Eq:
    field: str
    value: Scalar


@attrs.frozen
class In:
    field: str
    values: tuple[Scalar, ...]


@attrs.frozen
class Cmp:
    """``field OP value`` for ordered values (day ordinals, article numbers, ages)."""

    field: str
    op: str  # one of "<", "<=", ">", ">="
    value: int


@attrs.frozen
class Exists:
    field: str


@attrs.frozen
class Not:
    operand: "Predicate"


@attrs.frozen
class And:
    operands: tuple["Predicate", ...]


@attrs.frozen
class Or:
    operands: tuple["Predicate", ...]


Predicate = Union[TruePred, FalsePred, Eq, In, Cmp, Exists, Not, And, Or]

#: The two constants, made once (simplification returns them constantly; they are equal to any
#: other instance, so nothing depends on the sharing).
_TRUE = TruePred()
_FALSE = FalsePred()

_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def all_of(*operands: Predicate) -> Predicate:
    """And, flattened, with trivial operands removed."""
    flat: list[Predicate] = []
    for op in operands:
        if isinstance(op, TruePred):
            continue
        if isinstance(op, FalsePred):
            return _FALSE
        if isinstance(op, And):
            flat.extend(op.operands)
        else:
            flat.append(op)
    if not flat:
        return _TRUE
    if len(flat) == 1:
        return flat[0]
    return And(tuple(flat))


def any_of(*operands: Predicate) -> Predicate:
    """Or, flattened, with trivial operands removed."""
    flat: list[Predicate] = []
    for op in operands:
        if isinstance(op, FalsePred):
            continue
        if isinstance(op, TruePred):
            return _TRUE
        if isinstance(op, Or):
            flat.extend(op.operands)
        else:
            flat.append(op)
    if not flat:
        return _FALSE
    if len(flat) == 1:
        return flat[0]
    return Or(tuple(flat))


def holds(pred: Predicate, ground: Ground) -> bool:
    """Evaluate a predicate on a ground charge (the reference semantics)."""
    if isinstance(pred, TruePred):
        return True
    if isinstance(pred, FalsePred):
        return False
    if isinstance(pred, Eq):
        return pred.field in ground and ground[pred.field] == pred.value
    if isinstance(pred, In):
        return pred.field in ground and ground[pred.field] in pred.values
    if isinstance(pred, Cmp):
        value = ground.get(pred.field)
        if value is None or isinstance(value, (str, bool)):
            return False
        return _OPS[pred.op](value, pred.value)
    if isinstance(pred, Exists):
        return pred.field in ground
    if isinstance(pred, Not):
        return not holds(pred.operand, ground)
    if isinstance(pred, And):
        return all(holds(op, ground) for op in pred.operands)
    if isinstance(pred, Or):
        return any(holds(op, ground) for op in pred.operands)
    raise TypeError(f"not a predicate: {pred!r}")


def fields(pred: Predicate) -> set[str]:
    """Every ground field a predicate reads."""
    if isinstance(pred, (TruePred, FalsePred)):
        return set()
    if isinstance(pred, (Eq, In, Cmp, Exists)):
        return {pred.field}
    if isinstance(pred, Not):
        return fields(pred.operand)
    return set().union(*(fields(op) for op in pred.operands))


def constants(pred: Predicate) -> dict[str, set[Scalar]]:
    """Per field, the constants a predicate compares it with.

    The grounding step uses these to choose a finite set of representative values for an
    unknown field: two values that compare alike with every constant are interchangeable.
    """
    out: dict[str, set[Scalar]] = {}

    def walk(p: Predicate) -> None:
        if isinstance(p, Eq):
            out.setdefault(p.field, set()).add(p.value)
        elif isinstance(p, In):
            out.setdefault(p.field, set()).update(p.values)
        elif isinstance(p, Cmp):
            out.setdefault(p.field, set()).add(p.value)
        elif isinstance(p, Exists):
            out.setdefault(p.field, set())
        elif isinstance(p, Not):
            walk(p.operand)
        elif isinstance(p, (And, Or)):
            for op in p.operands:
                walk(op)

    walk(pred)
    return out


def negate(pred: Predicate) -> Predicate:
    """Push a negation down to the leaves (the durable-rules backend has no general NOT)."""
    if isinstance(pred, TruePred):
        return _FALSE
    if isinstance(pred, FalsePred):
        return _TRUE
    if isinstance(pred, Not):
        return pred.operand
    if isinstance(pred, And):
        return any_of(*(negate(op) for op in pred.operands))
    if isinstance(pred, Or):
        return all_of(*(negate(op) for op in pred.operands))
    return Not(pred)


def simplify(pred: Predicate, known: Ground, unknown: frozenset[str] | set[str]) -> Predicate:
    """Partially evaluate a predicate: fields in ``known`` are replaced by their value, fields in
    ``unknown`` are left open, any other field is absent. Returns TruePred, FalsePred or the
    residual predicate over unknown fields only.

    Used to find which unknowns can still matter to a charge, so that only those are tried.
    """
    if isinstance(pred, (TruePred, FalsePred)):
        return pred
    if isinstance(pred, (Eq, In, Cmp, Exists)):
        if pred.field in unknown and pred.field not in known:
            return pred
        return _TRUE if holds(pred, known) else _FALSE
    if isinstance(pred, Not):
        inner = simplify(pred.operand, known, unknown)
        if isinstance(inner, TruePred):
            return _FALSE
        if isinstance(inner, FalsePred):
            return _TRUE
        return Not(inner)
    if isinstance(pred, And):
        return all_of(*(simplify(op, known, unknown) for op in pred.operands))
    if isinstance(pred, Or):
        return any_of(*(simplify(op, known, unknown) for op in pred.operands))
    raise TypeError(f"not a predicate: {pred!r}")
