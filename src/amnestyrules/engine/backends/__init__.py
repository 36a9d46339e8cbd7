"""Backends: engines that decide which of a decree's checks hold for ground charges.

A backend knows nothing of amnesty law. It receives a :class:`~amnestyrules.checks.CheckTable`
(named predicates compiled from one decree) and ground charges (flat mappings with no
unknowns) and answers, for each charge, the set of check names that hold. The python
backend is the reference (oracle); the durable backend runs the same checks in the
durable-rules Rete engine; the compiled backend runs one generated Python function per table
(and, through :mod:`amnestyrules.engine.compiled`, selects the compiled engine path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Protocol, Sequence

from amnestyrules.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from amnestyrules.engine.checks import CheckTable


class Backend(Protocol):
    name: str

    def evaluate(self, table: CheckTable, grounds: Sequence[Mapping[str, object]]) -> list[frozenset[str]]:
        """For each ground charge, the names of the checks that hold."""
        ...


BACKENDS = ("compiled", "python", "durable")


def get_backend(name: str) -> Backend:
    if name == "compiled":
        from amnestyrules.engine.backends.compiled import CompiledBackend
        return CompiledBackend()
    if name == "python":
        from amnestyrules.engine.backends.python import PythonBackend
        return PythonBackend()
    if name == "durable":
        from amnestyrules.engine.backends.durable import DurableBackend
        return DurableBackend.shared()
    raise InputError(None, "--backend", f"one of {', '.join(BACKENDS)}", name, did_you_mean(name, BACKENDS))

