"""A bound on the work one request may cost, so that no input can hold the engine for minutes.

Unknown facts are resolved by exploring their values (:mod:`amnestyrules.engine.grounding`);
a charge on which everything is unknown can need thousands of ground completions, and a profile
of 200 such charges, asked against every decree, millions. The budget counts work in **leaves**
across one request (one profile against one decree, against every decree through
``evaluate_all``, or one ``explain``, ``compare`` or ``timeline``):

- a ground completion explored costs one leaf per :data:`NODES_PER_LEAF` predicate nodes of the
  decree's checks (every shipped decree costs 1; a user decree listing 3,000 articles costs 5);
- an analysis ('what if this charge were under another article?', 'what does each answer to
  this question give?') costs what the evaluations it asks for cost, plus, for each value it
  tries, one leaf per :data:`NODES_PER_CHECK_LEAF` nodes (it simplifies every check once);
- :data:`SUBSETS_PER_LEAF` sub-profiles tried by the blocking-set search cost one leaf.

A charge whose exploration would not fit in what is left is answered ``undetermined`` with the
reason 'not explored in full' and the facts to state, which is the honest answer (the facts that
would settle it are named) and costs nothing more; an analysis that runs out says which charges
it could not explore (:attr:`Budget.unexplored`). A charge whose facts are all known costs one
leaf and is always evaluated, whatever is left.

The default is :data:`DEFAULT_LEAVES` (about 5 seconds of work on a 2-core machine: see
benchmarks/bench_hostile.py); ``evaluate(..., budget=Budget(leaves=N))`` (and ``explain``,
``compare``, ``build_timeline``) and the CLI's ``--budget N`` set another.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Iterator

import attrs

if TYPE_CHECKING:
    from amnestyrules.engine.checks import CheckTable

#: Work one request may do: about 5 seconds on a 2-core machine (benchmarks/ measures it), far more
#: than any profile a lawyer writes needs (a charge with a few unknowns takes tens of leaves).
DEFAULT_LEAVES = 15_000
#: The most completions one charge may take under one decree, whatever the budget.
MAX_PER_CHARGE = 4096
#: Predicate nodes of a decree's checks that one leaf of exploration pays for (the largest
#: shipped decree has about 520): a completion of a larger decree costs proportionally more.
#: Measured (benchmarks/bench_hostile.py): a completion of a 9,000-node decree takes about 2.5
#: times one of a shipped decree, the weight says 5.
NODES_PER_LEAF = 2000
#: Predicate nodes one leaf pays for when every check is simplified once outside the exploration
#: (an analysis trying a value): about 1.3 microseconds a node, a leaf being about 0.3 ms.
NODES_PER_CHECK_LEAF = 250
#: Sub-profiles the blocking-set search tries per leaf (each is a set comparison).
SUBSETS_PER_LEAF = 256


def table_weight(table: "CheckTable") -> int:
    """What one completion of this decree's checks costs, in leaves."""
    return max(1, -(-table.size // NODES_PER_LEAF))


def checks_cost(table: "CheckTable") -> int:
    """What simplifying every check of this decree once costs, in leaves."""
    return max(1, -(-table.size // NODES_PER_CHECK_LEAF))


@attrs.define
class Budget:
    """What is left of a request's allowance, and what it could not cover."""

    leaves: int = DEFAULT_LEAVES
    spent: int = 0
    #: (decree id, charge id) of every charge answered 'not explored in full'
    starved: list[tuple[str, str]] = attrs.field(factory=list)
    #: (what, subject) an analysis left unexplored, in order: ("counterfactuals", charge id),
    #: ("question", "c1.caused_death"), ...
    unexplored: list[tuple[str, str]] = attrs.field(factory=list)
    #: leaves per completion of the decree being evaluated (see :func:`table_weight`)
    weight: int = 1

    def __attrs_post_init__(self) -> None:
        if self.leaves < 1:
            raise ValueError("a budget of at least 1 leaf")

    @property
    def left(self) -> int:
        return max(0, self.leaves - self.spent)

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.leaves

    def allowance(self) -> int:
        """How many completions the next charge may explore (of the decree being evaluated)."""
        return min(MAX_PER_CHARGE, self.left // self.weight)

    def cap(self, open_unknowns: bool) -> int:
        """The completions the next charge may explore; 0 when nothing is left and the charge has
        unknowns its decree reads (it is then answered without exploring). A charge needing more
        than the cap is answered 'not explored in full' after spending the cap."""
        if self.left == 0 and open_unknowns:
            return 0
        return max(1, self.allowance())

    def spend(self, completions: int) -> None:
        """Pay for completions of the decree being evaluated."""
        self.spent += completions * self.weight

    def charge(self, leaves: int) -> None:
        """Pay for work counted in leaves directly (an analysis step)."""
        self.spent += leaves

    @contextlib.contextmanager
    def decree(self, table: "CheckTable") -> Iterator["Budget"]:
        """Completions spent inside cost what this decree's completions cost."""
        before, self.weight = self.weight, table_weight(table)
        try:
            yield self
        finally:
            self.weight = before

    def skip(self, what: str, subject: str) -> None:
        """Record something an analysis did not explore because the budget ran out."""
        if (what, subject) not in self.unexplored:
            self.unexplored.append((what, subject))
