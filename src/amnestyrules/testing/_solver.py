"""A small solver: the field values (wants) that make a predicate of a compiled decree true or
false; and three-valued truth."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Optional

import attrs

from amnestyrules.case.model import Charge, Person
from amnestyrules.engine.grounding import partial_ground
from amnestyrules.facts import Tri
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import (
    Decree,
)
from amnestyrules.law.predicates import (
    And,
    Cmp,
    Eq,
    Exists,
    FalsePred,
    In,
    Not,
    Or,
    Predicate,
    TruePred,
    holds,
    negate,
)
from amnestyrules.testing._draw import Draw, _between, _corpus, _pick

#
# A decree's selectors, exclusions and conditions are predicates over a *ground charge* (see
# amnestyrules.grounding). To draw a charge that a rule reaches, we draw a *witness*: one
# assignment of ground fields that makes the predicate hold (choosing a branch of each Or),
# then realise it as a Charge and a Person. The witness is a steer, not a proof: callers that
# need certainty check the drawn charge with truth().

_UNSET = object()


@attrs.define
class _Want:
    """What a witness requires of one ground field."""

    eq: Any = _UNSET
    ne: set[Any] = attrs.field(factory=set)
    lo: Optional[int] = None
    hi: Optional[int] = None
    present: Optional[bool] = None

    def copy(self) -> "_Want":
        return _Want(self.eq, set(self.ne), self.lo, self.hi, self.present)

    def allows(self, value: Any) -> bool:
        if self.present is False:
            return False
        if self.eq is not _UNSET and not _same(self.eq, value):
            return False
        if any(_same(value, n) for n in self.ne):
            return False
        if isinstance(value, int) and not isinstance(value, bool):
            if self.lo is not None and value < self.lo:
                return False
            if self.hi is not None and value > self.hi:
                return False
        return True

    @property
    def fixed(self) -> bool:
        return self.eq is not _UNSET


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps True and 1 apart (ground values are str, int or bool)."""
    return type(a) is type(b) and a == b


Wants = dict[str, _Want]

_LEAVES = (Eq, In, Cmp, Exists)
_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _with(wants: Wants, field: str) -> tuple[Wants, _Want]:
    new = dict(wants)
    w = new[field] = (wants.get(field) or _Want()).copy()
    return new, w


def _bound(w: _Want, op: str, value: int) -> bool:
    if op == "<":
        w.hi = value - 1 if w.hi is None else min(w.hi, value - 1)
    elif op == "<=":
        w.hi = value if w.hi is None else min(w.hi, value)
    elif op == ">":
        w.lo = value + 1 if w.lo is None else max(w.lo, value + 1)
    else:
        w.lo = value if w.lo is None else max(w.lo, value)
    if w.present is False:
        return False
    w.present = True
    if w.lo is not None and w.hi is not None and w.lo > w.hi:
        return False
    return w.eq is _UNSET or w.allows(w.eq)


def _solve(draw: Draw, pred: Predicate, wants: Wants) -> Optional[Wants]:
    """Extend ``wants`` so that ``pred`` holds, or None when the branch drawn conflicts."""
    if isinstance(pred, TruePred):
        return wants
    if isinstance(pred, FalsePred):
        return None
    if isinstance(pred, Eq):
        wants, w = _with(wants, pred.field)
        if not w.allows(pred.value):
            return None
        w.eq, w.present = pred.value, True
        return wants
    if isinstance(pred, In):
        options = [v for v in pred.values if (wants.get(pred.field) or _Want()).allows(v)]
        if not options:
            return None
        return _solve(draw, Eq(pred.field, _pick(draw, options)), wants)
    if isinstance(pred, Cmp):
        wants, w = _with(wants, pred.field)
        return wants if _bound(w, pred.op, pred.value) else None
    if isinstance(pred, Exists):
        wants, w = _with(wants, pred.field)
        if w.present is False:
            return None
        w.present = True
        return wants
    if isinstance(pred, Not):
        inner = pred.operand
        if isinstance(inner, Eq):
            wants, w = _with(wants, inner.field)
            if w.fixed and _same(w.eq, inner.value):
                return None
            w.ne.add(inner.value)
            return wants
        if isinstance(inner, In):
            wants, w = _with(wants, inner.field)
            if w.fixed and any(_same(w.eq, v) for v in inner.values):
                return None
            w.ne.update(inner.values)
            return wants
        if isinstance(inner, Cmp):
            return _solve(draw, Cmp(inner.field, _FLIP[inner.op], inner.value), wants)
        if isinstance(inner, Exists):
            wants, w = _with(wants, inner.field)
            if w.present is True:
                return None
            w.present = False
            return wants
        return _solve(draw, negate(inner), wants)
    if isinstance(pred, And):
        # Leaves first: they fix values that the compound operands must then respect.
        ordered = sorted(pred.operands, key=lambda p: 0 if isinstance(p, _LEAVES) or
                         (isinstance(p, Not) and isinstance(p.operand, _LEAVES)) else 1)
        for op in ordered:
            result = _solve(draw, op, wants)
            if result is None:
                return None
            wants = result
        return wants
    if isinstance(pred, Or):
        n = len(pred.operands)
        start = _between(draw, 0, n - 1)
        for k in range(min(n, 6)):
            result = _solve(draw, pred.operands[(start + k) % n], wants)
            if result is not None:
                return result
        return None
    raise TypeError(f"not a predicate: {pred!r}")



# =========================================================================== truth

def truth(pred: Predicate, charge: Charge, person: Person, decree: Decree,
          corpus: Optional[Corpus] = None, as_of: Optional[dt.date] = None) -> Tri:
    """Does ``pred`` hold for this charge? TRUE / FALSE for certain, UNKNOWN if an unknown decides.

    Three-valued (Kleene) evaluation over the charge's known fields: a comparison on an
    unknown field is unknown. TRUE means the predicate holds whatever the unknowns turn out
    to be, which is what a claim such as "a charge the death exclusion catches is never
    pardoned" needs. It is computed independently of the engine's own completion search.
    """
    c = _corpus(corpus)
    pg = partial_ground(charge, person, decree, c.catalogue, as_of)
    return _kleene(pred, pg.known, frozenset(pg.unknown))


def _kleene(pred: Predicate, known: Mapping[str, Any], unknown: frozenset[str]) -> Tri:
    if isinstance(pred, (TruePred, FalsePred)):
        return Tri.TRUE if isinstance(pred, TruePred) else Tri.FALSE
    if isinstance(pred, _LEAVES):
        if pred.field in unknown:
            return Tri.UNKNOWN
        return Tri.TRUE if holds(pred, known) else Tri.FALSE
    if isinstance(pred, Not):
        inner = _kleene(pred.operand, known, unknown)
        return {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE, Tri.UNKNOWN: Tri.UNKNOWN}[inner]
    values = [_kleene(op, known, unknown) for op in pred.operands]
    if isinstance(pred, And):
        if Tri.FALSE in values:
            return Tri.FALSE
        return Tri.TRUE if all(v is Tri.TRUE for v in values) else Tri.UNKNOWN
    if Tri.TRUE in values:
        return Tri.TRUE
    return Tri.FALSE if all(v is Tri.FALSE for v in values) else Tri.UNKNOWN


