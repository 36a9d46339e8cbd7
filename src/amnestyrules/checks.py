"""A decree as a flat table of named checks: the whole interface between law and engine.

The backends answer one question: for this ground charge, which of these named predicates
hold? Everything legal (what a check means, which exclusion beats which provision, what is
most favourable) is read off the check names by :mod:`amnestyrules.rulings`, the same code
for every backend. So a backend holds no legal knowledge, and two backends can only disagree
on matching, which the agreement tests catch.

Names:  ``cutoff`` | ``window`` (offence on or after the window start) | ``select:P`` | ``exclude:X`` (decree-wide) | ``exclude:P:X`` |
        ``met:P:i`` | ``pending:P:i`` | ``dated:P:i`` (the pending condition's deadline applies)
"""

from __future__ import annotations

from typing import Mapping

import attrs

from .model import Decree
from .predicates import Cmp, Predicate, constants, fields


@attrs.frozen
class CheckTable:
    decree: Decree
    checks: Mapping[str, Predicate]
    #: every ground field some check reads
    fields: frozenset[str]
    #: per field, the constants the checks compare it with
    constants: Mapping[str, frozenset]


def _table(decree: Decree, checks: dict[str, Predicate]) -> CheckTable:
    read: set[str] = set()
    consts: dict[str, set] = {}
    for p in checks.values():
        read |= fields(p)
        for f, values in constants(p).items():
            consts.setdefault(f, set()).update(values)
    return CheckTable(decree, checks, frozenset(read), {f: frozenset(v) for f, v in consts.items()})


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


_CACHE: dict[int, CheckTable] = {}


def check_table(decree: Decree) -> CheckTable:
    """The decree's checks (cached per decree object: decrees are immutable)."""
    key = id(decree)
    cached = _CACHE.get(key)
    if cached is not None and cached.decree is decree:
        return cached
    from .rulefiles import cutoff_predicate
    checks: dict[str, Predicate] = {cutoff_name(): cutoff_predicate(decree.cutoff, decree.cutoff_rule)}
    if decree.window_start is not None:
        checks[window_name()] = Cmp("offence_day", ">=", decree.window_start.toordinal())
    for x in decree.exclusions:
        checks[wide_exclusion_name(x.id)] = x.when
    for p in decree.provisions:
        checks[select_name(p.id)] = p.selector
        for x in p.exclusions:
            checks[own_exclusion_name(p.id, x.id)] = x.when
        for i, c in enumerate(p.conditions):
            checks[met_name(p.id, i)] = c.met
            checks[pending_name(p.id, i)] = c.pending
            if c.dated is not None:
                checks[dated_name(p.id, i)] = c.dated
    table = _table(decree, checks)
    _CACHE[key] = table
    return table
