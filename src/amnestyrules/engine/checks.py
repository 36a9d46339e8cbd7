"""A decree as a flat table of named checks: the whole interface between law and engine.

The backends answer one question: for this ground charge, which of these named predicates
hold? Everything legal (what a check means, which exclusion beats which provision, what is
most favourable) is read off the check names by :mod:`amnestyrules.rulings`, the same code
for every backend. So a backend holds no legal knowledge, and two backends can only disagree
on matching, which the agreement tests catch.

Names:  ``cutoff`` | ``window`` (offence on or after the window start) | ``select:P`` |
        ``exclude:X`` (decree-wide) | ``exclude:P:X`` | ``met:P:i`` | ``pending:P:i`` |
        ``dated:P:i`` (the pending condition's deadline applies)
"""

from __future__ import annotations

import hashlib
from typing import Mapping

import attrs

from amnestyrules.engine.caches import IdentityCache
from amnestyrules.errors import DecreeConflictError
from amnestyrules.law.model import Decree
from amnestyrules.law.predicates import And, Cmp, Not, Or, Predicate, constants, fields


@attrs.frozen
class CheckTable:
    decree: Decree
    checks: Mapping[str, Predicate]
    #: every ground field some check reads
    fields: frozenset[str]
    #: per field, the constants the checks compare it with
    constants: Mapping[str, frozenset]
    #: what the engine's answers depend on (the checks and how provisions use them): caches
    #: key on it, so two loads of the same rule file share them and no cache holds a decree alive
    digest: str = ""
    #: predicate nodes in all the checks: what evaluating them once costs (engine/budget.py)
    size: int = 0


def _table(decree: Decree, checks: dict[str, Predicate]) -> CheckTable:
    read: set[str] = set()
    consts: dict[str, set] = {}
    for p in checks.values():
        read |= fields(p)
        for f, values in constants(p).items():
            consts.setdefault(f, set()).update(values)
    shape = (sorted((name, _structure(pred)) for name, pred in checks.items()),
             [(p.id, p.benefit.kind) for p in decree.provisions],
             [(x.id, x.applies_to) for x in decree.exclusions])
    digest = hashlib.sha256(repr(shape).encode("utf-8", "backslashreplace")).hexdigest()
    return CheckTable(decree, checks, frozenset(read), {f: frozenset(v) for f, v in consts.items()}, digest,
                      sum(_size(p) for p in checks.values()))


def _size(predicate: Predicate) -> int:
    """Nodes of a predicate tree (iterative: a rule file's nesting is bounded, a Python one need not be)."""
    count, stack = 0, [predicate]
    while stack:
        p = stack.pop()
        count += 1
        if isinstance(p, (And, Or)):
            stack.extend(p.operands)
        elif isinstance(p, Not):
            stack.append(p.operand)
    return count


def _structure(pred: Predicate) -> tuple[object, ...]:
    """A predicate as plain tuples (class name, fields), whose repr is its fingerprint: the same
    as the attrs repr says, without building it (a whole corpus's reprs cost milliseconds a
    one-profile command notices)."""
    operands = getattr(pred, "operands", None)
    if operands is not None:
        return (type(pred).__name__, tuple(_structure(op) for op in operands))
    operand = getattr(pred, "operand", None)
    if operand is not None:
        return (type(pred).__name__, _structure(operand))
    return (type(pred).__name__,) + attrs.astuple(pred, recurse=False)


def cutoff_name() -> str:
    return "cutoff"


def window_name() -> str:
    return "window"


def select_name(pid: str) -> str:
    return f"select:{pid}"


def wide_exclusion_name(xid: str) -> str:
    return f"exclude:{xid}"


def own_exclusion_name(pid: str, xid: str) -> str:
    return f"exclude:{pid}:{xid}"


def met_name(pid: str, index: int) -> str:
    return f"met:{pid}:{index}"


def pending_name(pid: str, index: int) -> str:
    return f"pending:{pid}:{index}"


def dated_name(pid: str, index: int) -> str:
    return f"dated:{pid}:{index}"


#: Compiled tables (engine/caches.py: bounded, a reloaded corpus cannot grow it).
_CACHE: "IdentityCache[Decree, CheckTable]" = IdentityCache()


def check_table(decree: Decree) -> CheckTable:
    """The decree's checks, compiled once per decree object (decrees are immutable values).

    The cache is bounded (engine/caches.py), and a decree whose table was dropped is free to go:
    a corpus reloaded a thousand times in a long-lived process leaves a bounded number behind.
    """
    return _CACHE.get_or_make(decree, _compile)


def _compile(decree: Decree) -> CheckTable:
    from amnestyrules.law.rulefiles import cutoff_predicate
    checks: dict[str, Predicate] = {}

    def put(name: str, predicate: Predicate) -> None:
        # Rule-file ids cannot hold ':' (law/ids.py), so names are unique; a decree built in Python
        # with such ids would silently lose a check (an exclusion that vanishes): refused instead.
        if name in checks:
            raise DecreeConflictError(decree.source_file, f"check {name}",
                                      "provision and exclusion ids whose check names do not collide",
                                      hint="ids may not contain ':'")
        checks[name] = predicate

    put(cutoff_name(), cutoff_predicate(decree.cutoff, decree.cutoff_rule))
    if decree.window_start is not None:
        put(window_name(), Cmp("offence_day", ">=", decree.window_start.toordinal()))
    for x in decree.exclusions:
        put(wide_exclusion_name(x.id), x.when)
    for p in decree.provisions:
        put(select_name(p.id), p.selector)
        for x in p.exclusions:
            put(own_exclusion_name(p.id, x.id), x.when)
        for i, c in enumerate(p.conditions):
            put(met_name(p.id, i), c.met)
            put(pending_name(p.id, i), c.pending)
            if c.dated is not None:
                put(dated_name(p.id, i), c.dated)
    return _table(decree, checks)
