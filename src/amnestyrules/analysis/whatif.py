"""What if one field of a profile had another value? Asked through the engine, each at most once,
and paid from the request's work budget (engine/budget.py). Counterfactuals (which change lifts a
charge) and questions (what each answer to an unknown gives) both ask here.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

import attrs

from amnestyrules.analysis.engine import _Engine
from amnestyrules.case.model import Charge, Penalty, Profile
from amnestyrules.engine.answers import Outcome, Ruling
from amnestyrules.engine.budget import checks_cost
from amnestyrules.engine.grounding import partial_ground
from amnestyrules.engine.outcomes import outcome as person_outcome
from amnestyrules.law.predicates import simplify

T = TypeVar("T")


@attrs.frozen
class _Probe:
    """A field that can be changed, its current value and the values worth trying.

    The values come from the decree itself (the thresholds its checks compare a field with,
    the articles its provisions name) and the catalogue, never from a reading of the law.
    """

    scope: str
    charge: Optional[str]
    field: str
    current: Any
    values: tuple[Any, ...]
    ordered: bool = False                # dates: group by range, pick the nearest value


def _apply(profile: Profile, probe: _Probe, value: Any) -> Profile:
    """The profile with one field changed (the only way this module builds a 'what if')."""
    if probe.scope == "person":
        return attrs.evolve(profile, person=attrs.evolve(profile.person, **{probe.field: value}))
    charges = tuple(_changed_charge(c, probe.field, value) if c.id == probe.charge else c
                    for c in profile.charges)
    return attrs.evolve(profile, charges=charges)


def _changed_charge(charge: Charge, field: str, value: Any) -> Charge:
    if field == "article":
        return attrs.evolve(charge, article=value.article, paragraph=value.paragraph, offence_class=None)
    if field == "penalty":
        return attrs.evolve(charge, penalty=Penalty(value))
    if field in ("offence_date", "hostage_released_on", "offence_class", "paragraph"):
        return attrs.evolve(charge, **{field: value})
    return attrs.evolve(charge, facts={**charge.facts, field: value})


def _signature(engine: _Engine, profile: Profile, probe: _Probe, value: Any) -> tuple[Any, ...]:
    """Everything the decree's checks can still ask once the probed charge field is ``value``.

    Each check is partially evaluated with what is then known of the charge (the engine's own
    ``grounding.partial_ground`` and ``predicates.simplify``); what remains reads only the
    unknowns. Two values that leave the same residual checks get the same ruling in every
    completion, so one evaluation answers for both.
    """
    charge = next(c for c in profile.charges if c.id == probe.charge)
    changed = _changed_charge(charge, probe.field, value)
    pg = partial_ground(changed, profile.person, engine.decree, engine.corpus.catalogue, engine.as_of)
    unknown = frozenset(pg.unknown)
    return tuple(simplify(check, pg.known, unknown) for check in engine.table.checks.values())


class _WhatIf:
    """Answers "what if this one field had that value?" through the engine, each at most once.

    A change to one charge re-rules that charge alone (from the sub-profile that holds it) and
    rebuilds the person's verdict with the engine's ``rulings.outcome`` over the other charges'
    rulings, which do not depend on it. A change to the person re-evaluates the whole profile.
    Values of a charge's field that leave the decree's checks asking the same things
    (:func:`_signature`: many articles, many penalty kinds) share one evaluation.

    Every step is paid from the request's budget (``engine.budget``): the residual checks of a
    value cost one completion of the decree, an evaluation what it explores, a verdict rebuilt one
    leaf. Once the budget is spent, or when an evaluation could not explore a charge in full, the
    answer is None: the caller says what it did not explore instead of reporting a change that
    does not help when it was never really tried.
    """

    def __init__(self, engine: _Engine, profile: Profile, full: Outcome) -> None:
        self.engine = engine
        self.profile = profile
        self.full = full
        self._rulings: dict[tuple[Any, ...], Ruling] = {}
        self._outcomes: dict[tuple[Any, ...], Outcome] = {}

    def _explored(self, ask: Callable[[], T]) -> Optional[T]:
        budget = self.engine.budget
        if budget.exhausted:
            return None
        starved = len(budget.starved)
        answer = ask()
        return None if len(budget.starved) > starved else answer

    def ruling(self, probe: _Probe, value: Any) -> Optional[Ruling]:
        """The ruling on the probed charge once changed (charge-level probes); None if not explored."""
        charge = probe.charge
        assert charge is not None
        if self.engine.budget.exhausted:
            return None
        self.engine.budget.charge(checks_cost(self.engine.table))
        key = (probe.charge, _signature(self.engine, self.profile, probe, value))
        if key not in self._rulings:
            found = self._explored(lambda: self.engine.ruling(_apply(self.profile, probe, value), charge))
            if found is None:
                return None
            self._rulings[key] = found
        return self._rulings[key]

    def outcome(self, probe: _Probe, value: Any) -> Optional[Outcome]:
        """The person's outcome once changed; None if not explored."""
        key = (probe.scope, probe.charge, probe.field, value)
        if key not in self._outcomes:
            changed = _apply(self.profile, probe, value)
            if probe.scope == "person":
                found = self._explored(lambda: self.engine.outcome(changed))
                if found is None:
                    return None
                self._outcomes[key] = found
            else:
                new = self.ruling(probe, value)
                if new is None:
                    return None
                self.engine.budget.charge(1)
                rulings = [new if r.charge == probe.charge else r for r in self.full.rulings]
                self._outcomes[key] = person_outcome(changed, self.engine.decree, rulings)
        return self._outcomes[key]
