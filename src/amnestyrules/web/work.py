"""Where the server's evaluations run: one engine thread, one work budget per request.

Why one thread, for every backend:

* the durable backend must never be called from two threads (upstream jruizgit/rules #291:
  calls from several threads raise ``rules.error 307``; #124: a host per request crashes the
  process). One thread that owns every call is the simplest proof that it never is;
* the python path keeps module-level caches (compiled check tables, the exploration memo) that
  are not guarded by locks, and its work is CPU-bound Python, which threads would not run in
  parallel anyway (the GIL): a pool would add races, not speed.

Requests wait their turn in a bounded queue (a full queue answers 503 at once rather than
letting waiting requests pile up). Every request carries a fresh
:class:`~amnestyrules.engine.budget.Budget`; a profile that would need more work than it allows
is refused with a 4xx naming the charge, instead of an answer that is partly 'not explored'.
The python backend is the default: it is the reference the others are tested against, and it
has no thread restriction of its own; ``backend=durable`` is served on the same thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from amnestyrules.case.model import Profile
from amnestyrules.engine.budget import Budget
from amnestyrules.errors import AmnestyRulesError, InputError

T = TypeVar("T")


class Busy(AmnestyRulesError):
    """More requests are waiting for the engine than the server queues (HTTP 503)."""


class OverBudget(InputError):
    """A profile that needs more work than one request may cost (HTTP 422, one line naming the charge)."""


def over_budget(budget: Budget, profile: Profile, file: str) -> OverBudget:
    decree, charge = budget.starved[0]
    index = next((i for i, c in enumerate(profile.charges) if c.id == charge), None)
    field = f"charges[{index}]" if index is not None else "charges"
    return OverBudget(file, field, f"a profile the engine can answer within the work budget of {budget.leaves} "
                      "completions per request", hint=f"charge {charge} has too many unknown facts to explore in full "
                      f"under {decree}; state some of them, or ask about fewer decrees")


class Engine:
    """The one thread every evaluation of this server runs on (see the module docstring)."""

    def __init__(self, leaves: int, max_waiting: int) -> None:
        self.leaves = leaves
        self.max_waiting = max_waiting
        self.waiting = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amnestyrules-engine")

    async def run(self, job: Callable[[Budget], T]) -> T:
        """``job(budget)`` on the engine thread, with a fresh budget; refused if the queue is full.

        The job calls :func:`check_budget` once it has evaluated (it knows the profile).
        """
        if self.waiting >= self.max_waiting:
            raise Busy(f"the server is busy ({self.waiting} requests waiting); try again in a moment")
        self.waiting += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._call, job)
        finally:
            self.waiting -= 1

    def _call(self, job: Callable[[Budget], T]) -> T:
        return job(Budget(leaves=self.leaves))

    def close(self) -> None:
        self._thread.shutdown(wait=False, cancel_futures=True)


def check_budget(budget: Budget, profile: Profile, file: str) -> None:
    """Raise :class:`OverBudget` if some charge of the profile was not explored in full."""
    if budget.starved:
        raise over_budget(budget, profile, file)
