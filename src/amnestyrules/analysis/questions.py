"""Questions to ask the client: for each unknown that decides the answer, what each answer gives;
and :func:`explain`, which gathers blocking sets, counterfactuals and questions for one decree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Optional, Sequence, Union

import attrs

from amnestyrules.analysis.blocking import BlockingSets, _blocking
from amnestyrules.analysis.counterfactuals import (
    Counterfactual,
    DateRange,
    _counterfactuals,
    _days,
    _offence_dates,
    _penalty_kinds,
    _person_probes,
    _targets,
    value_json,
)
from amnestyrules.analysis.engine import MAX_SUBSETS, DecreeRef, _Engine, _engine
from amnestyrules.analysis.whatif import _Probe, _WhatIf
from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome
from amnestyrules.engine.backends import Backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.grounding import OTHER
from amnestyrules.facts import CHARGE_FACTS, UNKNOWN, Tri
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import OFFENCE_CLASSES, Citation, Decree


@attrs.frozen
class Answer:
    """What one answer to a question gives (several answers that give the same are one Answer)."""

    values: tuple[Any, ...]                   # values, or one DateRange
    outcome: str                              # the person's verdict
    rulings: tuple[tuple[str, str], ...]      # (charge, ruling) for the charges the question concerns
    citation: Optional[Citation]

    def to_json(self) -> dict[str, Any]:
        return {"values": [value_json(v) for v in self.values], "outcome": self.outcome,
                "rulings": {c: r for c, r in self.rulings},
                "citation": self.citation.to_json() if self.citation else None}


@attrs.frozen
class Question:
    """An unknown that decides the answer, to put to the client, with what each answer gives."""

    charge: Optional[str]
    fact: str
    answers: tuple[Answer, ...]

    @property
    def subject(self) -> str:
        return f"{self.charge}.{self.fact}" if self.charge else self.fact

    def to_json(self) -> dict[str, Any]:
        return {"charge": self.charge, "fact": self.fact, "answers": [a.to_json() for a in self.answers]}


def _question_probe(engine: _Engine, profile: Profile, charge_id: Optional[str], fact: str) -> Optional[_Probe]:
    if charge_id is None:
        wanted = {p.field: p for p in _person_probes(engine, profile)}
        probe = wanted.get(fact)
        if probe is not None and fact in ("nationality", "incurable_illness"):
            values = ("syrian", "foreign") if fact == "nationality" else (Tri.TRUE, Tri.FALSE)
            probe = attrs.evolve(probe, values=values)
        return probe
    charge = next((c for c in profile.charges if c.id == charge_id), None)
    if charge is None:
        return None
    if fact in CHARGE_FACTS:
        return _Probe("charge", charge_id, fact, charge.fact(fact), (Tri.TRUE, Tri.FALSE))
    if fact == "offence_date":
        return _Probe("charge", charge_id, fact, charge.offence_date,
                      tuple(_offence_dates(engine, profile, charge)), ordered=True)
    if fact == "hostage_released_on":
        return _Probe("charge", charge_id, fact, charge.hostage_released_on,
                      tuple([None] + _days(engine.table, "hostage_released_day")), ordered=True)
    if fact == "offence_class":
        return _Probe("charge", charge_id, fact, UNKNOWN, OFFENCE_CLASSES)
    if fact == "penalty":
        return _Probe("charge", charge_id, fact, UNKNOWN, _penalty_kinds(engine))
    if fact == "paragraph":
        named = sorted(str(p) for p in engine.table.constants.get("paragraph", ()))
        return _Probe("charge", charge_id, fact, UNKNOWN, tuple(named) + (OTHER,))
    return None


def _answers(whatif: _WhatIf, probe: _Probe, concerned: Sequence[str]) -> Optional[tuple[Answer, ...]]:
    """What each answer gives (None if the request's budget ran out before every answer was tried)."""
    raw = []
    for value in probe.values:
        o = whatif.outcome(probe, value)
        if o is None:
            return None
        rulings = tuple((c, o.ruling_for(c).ruling) for c in concerned)
        citation = next((o.ruling_for(c).citation for c in concerned if o.ruling_for(c).citation), None)
        raw.append(Answer((value,), o.outcome, rulings, citation))
    if probe.ordered:
        return _as_ranges(raw)
    merged: dict[tuple, Answer] = {}
    for a in raw:
        key = (a.outcome, a.rulings, a.citation)
        merged[key] = attrs.evolve(merged[key], values=merged[key].values + a.values) if key in merged else a
    return tuple(merged.values())


def _as_ranges(raw: Sequence[Answer]) -> tuple[Answer, ...]:
    """Answers on dates merged into ranges that give the same result.

    The dates tried are every threshold of the decree and the days either side, so two
    neighbouring dates tried that give different results are consecutive days: each run of
    equal results covers exactly the days from its first date to the day before the next run.
    """
    fixed = [a for a in raw if not isinstance(a.values[0], dt.date)]
    dated = sorted((a for a in raw if isinstance(a.values[0], dt.date)), key=lambda a: a.values[0])
    runs: list[list[Answer]] = []
    for a in dated:
        if runs and (runs[-1][-1].outcome, runs[-1][-1].rulings) == (a.outcome, a.rulings):
            runs[-1].append(a)
        else:
            runs.append([a])
    out = list(fixed)
    for i, run in enumerate(runs):
        first = run[0].values[0] if i > 0 else None
        last = runs[i + 1][0].values[0] - dt.timedelta(days=1) if i + 1 < len(runs) else None
        out.append(attrs.evolve(run[0], values=(DateRange(first, last),)))
    return tuple(out)


def _questions(whatif: _WhatIf) -> list[Question]:
    engine, profile, full = whatif.engine, whatif.profile, whatif.full
    out = []
    for f in full.deciding_facts:
        probe = _question_probe(engine, profile, f.charge, f.fact)
        concerned = [f.charge] if f.charge else [r.charge for r in full.rulings
                                                 if any(d.fact == f.fact and d.charge is None
                                                        for d in r.deciding_facts)]
        answers = _answers(whatif, probe, concerned) if probe and probe.values else ()
        if answers is None:
            engine.budget.skip("question", f"{f.charge}.{f.fact}" if f.charge else f.fact)
            answers = ()
        out.append(Question(f.charge, f.fact, answers))
    return out


def questions(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
              backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
              budget: Optional[Budget] = None) -> list[Question]:
    """The unknown facts that decide the answer (the questions to ask the client), each with the
    result of every possible answer (dates as ranges; none when the budget ran out first)."""
    engine = _engine(decree, corpus, backend, as_of, budget)
    return _questions(_WhatIf(engine, profile, engine.outcome(profile)))


# ---------------------------------------------------------------- explain = all of it

@attrs.frozen
class Explanation:
    """Everything ``amnestyrules explain`` shows for one profile and one decree."""

    profile: Profile
    decree: Decree
    outcome: Outcome
    blocking: BlockingSets
    counterfactuals: Mapping[str, tuple[Counterfactual, ...]]    # charge -> changes that lift it
    questions: tuple[Question, ...]
    #: what the request's work budget did not cover: ("counterfactuals", charge), ("question",
    #: subject), ("blocking_sets", decree), ("charge", charge) for a charge not explored in full
    unexplored: tuple[tuple[str, str], ...] = ()
    #: the budget the request had, in leaves (engine/budget.py)
    budget: int = 0


def explain(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
            backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
            max_subsets: int = MAX_SUBSETS, budget: Optional[Budget] = None) -> Explanation:
    """The verdict, the minimal blocking sets, the counterfactuals and the questions to ask.

    One ``budget`` (engine/budget.py) covers the whole request: what it could not explore is
    listed in ``Explanation.unexplored`` (and said in the text), never silently left out."""
    engine = _engine(decree, corpus, backend, as_of, budget)
    full = engine.outcome(profile)
    blocking = _blocking(engine, profile, full, max_subsets)
    whatif = _WhatIf(engine, profile, full)
    found = _counterfactuals(whatif, _targets(profile, full, blocking))
    asked = tuple(_questions(whatif))
    spent = engine.budget
    starved = [("charge", c) for d, c in dict.fromkeys(spent.starved) if d == engine.decree.id
               and c in {r.charge for r in full.rulings if r.reasons and r.reasons[0].key == "too_many_unknowns"}]
    return Explanation(profile, engine.decree, full, blocking, {k: tuple(v) for k, v in found.items()},
                       asked, tuple(starved) + tuple(spent.unexplored), spent.leaves)


