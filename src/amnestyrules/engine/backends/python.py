"""The reference backend: evaluates each check's predicate directly in Python."""

from __future__ import annotations

from typing import Mapping, Sequence

from amnestyrules.engine.checks import CheckTable
from amnestyrules.law.predicates import holds


class PythonBackend:
    name = "python"

    def evaluate(self, table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        items = list(table.checks.items())
        return [frozenset(name for name, pred in items if holds(pred, g)) for g in grounds]  # type: ignore[arg-type]
