"""The compiled backend: each check table evaluated by one generated Python function.

It answers the backend's one question (which checks hold for each ground charge) with the
function :mod:`amnestyrules.engine.codegen` writes for the table, tens of times faster than the
reference interpreter. Compiling a table costs about a millisecond, more than evaluating a few
grounds by interpreting them, so a table is compiled once it has served :data:`COMPILE_AFTER`
grounds in this process (a one-profile command never pays for 25 compilations); until then the
reference interpreter answers. Both give the same answer (tests/test_codegen.py).

Compiled functions are cached by the table's content digest (two loads of one rule file share
one), at most :data:`CACHE_MAX` of them, least recently used dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Mapping, Sequence

from amnestyrules.engine.checks import CheckTable
from amnestyrules.engine.codegen import Holds, compile_checks
from amnestyrules.law.predicates import holds

COMPILE_AFTER = 24
CACHE_MAX = 256

_FUNCTIONS: "OrderedDict[str, Holds]" = OrderedDict()
_SERVED: dict[str, int] = {}
_LOCK = threading.Lock()


def compiled_holds(table: CheckTable) -> Holds:
    """The table's generated function (compiled now if it was not yet)."""
    fn = _FUNCTIONS.get(table.digest)
    if fn is None:
        fn = compile_checks(table.checks)
        with _LOCK:
            _FUNCTIONS[table.digest] = fn
            _SERVED.pop(table.digest, None)
            while len(_FUNCTIONS) > CACHE_MAX:
                _FUNCTIONS.popitem(last=False)
    return fn


def _interpreted(table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
    items = list(table.checks.items())
    return [frozenset(name for name, pred in items if holds(pred, g)) for g in grounds]  # type: ignore[arg-type]


class CompiledBackend:
    name = "compiled"

    def evaluate(self, table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        fn = _FUNCTIONS.get(table.digest)
        if fn is None:
            served = _SERVED.get(table.digest, 0) + len(grounds)
            if served <= COMPILE_AFTER:
                with _LOCK:
                    _SERVED[table.digest] = served
                    while len(_SERVED) > CACHE_MAX:
                        _SERVED.pop(next(iter(_SERVED)))
                return _interpreted(table, grounds)
            fn = compiled_holds(table)
        else:
            try:
                _FUNCTIONS.move_to_end(table.digest)
            except KeyError:   # dropped by another thread meanwhile: this call still has the function
                pass
        return [fn(g) for g in grounds]
