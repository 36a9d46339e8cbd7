"""The decree timeline: every decree in issue order, applied to a person's sentences.

A convicted person's sentence can be commuted by one decree, cut by a second and pardoned by
a third. The timeline asks each decree in turn (through :func:`amnestyrules.evaluate`, so the
rulings are exactly the ones ``amnestyrules evaluate`` gives) what it does to the charges
still holding the person, as their penalties stand after the decrees before it, and applies
the answer with :mod:`amnestyrules.sentencing`:

* ``pardoned``: the sentence is cleared on the decree's date;
* ``reduced``: the fraction is remitted (of the base :data:`~amnestyrules.sentencing.FRACTION_BASE` names);
* ``commuted``: the penalty is replaced (death -> life; life -> N years from the original start);
* ``conditional``, ``undetermined``, ``excluded``, ``not_covered``: the sentence is left as it is,
  and the step says why (a condition not yet shown to be met, the unknown facts, the exclusion,
  the cutoff).

The result is the release date under the concurrence rule (:func:`~amnestyrules.sentencing.concurrent_release`),
or that the person is still held after the last decree and by which charges. See docs/timeline.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional, Sequence, Union

import attrs

from amnestyrules.analysis import sentencing
from amnestyrules.analysis.sentencing import Release, Sentence
from amnestyrules.case.model import Charge, Penalty, Profile
from amnestyrules.engine.answers import Ruling
from amnestyrules.engine.backends import Backend, get_backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.evaluate import evaluate
from amnestyrules.errors import InputError
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import Citation, Decree

Status = Literal["released", "still_held", "not_held"]


@attrs.frozen
class ChargeStep:
    """What one decree did to one charge's sentence, and on which clause."""

    charge: str
    ruling: Ruling
    effect: str                 # a key of timeline.effects in the message catalogue
    before: Sentence
    after: Sentence
    citation: Citation
    params: dict[str, object] = attrs.field(factory=dict)   # for the step's message (cutoff dates...)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@attrs.frozen
class DecreeStep:
    """One decree: the steps of the charges it found still running, and the release after it."""

    decree: Decree
    effective: dt.date
    charges: tuple[ChargeStep, ...]
    release: Release
    idle: Optional[str] = None    # why it had nothing to act on: 'ended' or 'before_offences'


@attrs.frozen
class Timeline:
    profile: Profile
    initial: tuple[Sentence, ...]
    initial_release: Release
    steps: tuple[DecreeStep, ...]
    final: tuple[Sentence, ...]
    release: Release
    as_of: Optional[dt.date] = None
    other_holds: tuple[str, ...] = ()     # held_without_charge / civil_claim: no decree reaches them
    fraction_base: str = sentencing.FRACTION_BASE

    @property
    def status(self) -> Status:
        if self.release.indefinite or self.other_holds:
            return "still_held"
        return "released" if self.release.day is not None else "not_held"

    @property
    def last_decree(self) -> Optional[Decree]:
        return self.steps[-1].decree if self.steps else None

    @property
    def out_by_as_of(self) -> Optional[bool]:
        """With ``as_of``: whether the person is out of prison on that date."""
        if self.as_of is None:
            return None
        if self.status == "not_held":
            return True
        return self.status == "released" and self.release.day is not None and self.release.day <= self.as_of

    def changes(self, charge: str) -> list[ChargeStep]:
        """The steps that changed this charge's sentence, in issue order (none: served as imposed)."""
        return [c for s in self.steps for c in s.charges if c.charge == charge and c.changed]

    def last_change(self, charge: str) -> Optional[ChargeStep]:
        changed = self.changes(charge)
        return changed[-1] if changed else None

    def last_step(self, charge: str) -> Optional[ChargeStep]:
        found = [c for s in self.steps for c in s.charges if c.charge == charge]
        return found[-1] if found else None


# ------------------------------------------------------------------------- inputs

def sentences_of(profile: Profile, statutes: Catalogue) -> tuple[Sentence, ...]:
    """Each charge's sentence; refuses a profile whose sentence data cannot place a term on the calendar."""
    where = profile.source or "<profile>"
    if not profile.charges:
        held = profile.detention.held_without_charge or profile.detention.civil_claim
        raise InputError(where, "charges", "at least one sentenced charge for a timeline",
                         hint="no decree reaches a detention without charge or on a civil claim; "
                              "'amnestyrules evaluate' explains it" if held else None)
    out = []
    for i, c in enumerate(profile.charges):
        field = f"charges[{i}].penalty"
        if c.penalty is None:
            raise InputError(where, field, f"the sentence of charge {c.id!r} ({{kind, years, start}}): "
                                           "the timeline applies decrees to sentences")
        kind = statutes.penalties[c.penalty.kind]
        if c.penalty.start is None:
            raise InputError(where, f"{field}.start", f"the date charge {c.id!r}'s sentence started (YYYY-MM-DD): "
                                                      "the timeline counts the term from it")
        needs_term = kind.temporary and c.penalty.kind not in sentencing.NON_CUSTODIAL
        if needs_term and not c.penalty.years:
            raise InputError(where, f"{field}.years", f"the term in years of charge {c.id!r}'s {c.penalty.kind} "
                                                      "sentence: the timeline needs it to find the end",
                             c.penalty.years)
        out.append(sentencing.new_sentence(c.id, c.penalty.kind, c.penalty.years, c.penalty.start,
                                           kind.temporary))
    return tuple(out)


def decrees_until(corpus: Corpus, as_of: Optional[dt.date], file: Optional[str] = None,
                  field: str = "as_of") -> list[Decree]:
    """The corpus's decrees in issue order, up to ``as_of`` (which must not precede the first)."""
    decrees = corpus.in_issue_order()
    if not decrees:
        raise InputError(file, "rules", "a corpus with at least one decree")
    if as_of is None:
        return decrees
    first = decrees[0]
    if as_of < first.issued:
        raise InputError(file, field, f"a date on or after the first decree ({first.id}, issued "
                                      f"{first.issued.isoformat()})", as_of.isoformat())
    return [d for d in decrees if d.issued <= as_of]


# ------------------------------------------------------------------------- the walk

def build_timeline(profile: Profile, *, corpus: Optional[Corpus] = None, backend: Union[str, Backend] = "python",
                   as_of: Optional[dt.date] = None, budget: Optional[Budget] = None) -> Timeline:
    """Apply every decree of the corpus (issued up to ``as_of``) in issue order to the profile's sentences.

    One ``budget`` (engine/budget.py) covers every decree: a charge it cannot explore is
    undetermined under that decree, naming the facts to state (``budget.starved`` lists them)."""
    budget = budget if budget is not None else Budget()
    corpus = corpus or default_corpus()
    engine = get_backend(backend) if isinstance(backend, str) else backend
    decrees = decrees_until(corpus, as_of)
    initial = sentences_of(profile, corpus.catalogue)
    current = {s.charge: s for s in initial}
    steps = []
    for decree in decrees:
        effective = decree.in_force or decree.issued
        still = [c for c in profile.charges if current[c.id].running_on(effective)]
        running = [c for c in still if not _later(c, decree)]
        charge_steps: list[ChargeStep] = []
        idle = None if running else "before_offences" if still else "ended"
        if running:
            as_now = attrs.evolve(profile, charges=tuple(attrs.evolve(c, penalty=_penalty(current[c.id]))
                                                         for c in running))
            outcome = evaluate(as_now, decree, corpus=corpus, backend=engine, as_of=as_of, budget=budget)
            for ruling in outcome.rulings:
                step = _apply(decree, effective, ruling, current[ruling.charge], corpus.catalogue)
                current[ruling.charge] = step.after
                charge_steps.append(step)
        steps.append(DecreeStep(decree, effective, tuple(charge_steps),
                                sentencing.concurrent_release(list(current.values())), idle))
    holds = tuple(k for k, held in (("held_without_charge", profile.detention.held_without_charge),
                                    ("civil_claim", profile.detention.civil_claim)) if held)
    final = tuple(current[c.id] for c in profile.charges)
    return Timeline(profile, initial, sentencing.concurrent_release(initial), tuple(steps), final,
                    sentencing.concurrent_release(final), as_of, holds, sentencing.FRACTION_BASE)


def _later(charge: Charge, decree: Decree) -> bool:
    """An offence committed after the decree was issued, which the decree cannot reach (its cutoff is never later)."""
    return isinstance(charge.offence_date, dt.date) and charge.offence_date > decree.issued


def _penalty(s: Sentence) -> Penalty:
    """A sentence as the penalty the next decree is asked about."""
    return Penalty(s.kind, float(s.term) if s.term is not None else None, s.start)


def _apply(decree: Decree, on: dt.date, r: Ruling, s: Sentence, statutes: Catalogue) -> ChargeStep:
    """One ruling's effect on one sentence; every ruling that frees nobody leaves it as it is."""
    cite = r.citation or Citation(decree.id, None, sources=decree.sources)
    effect: str = "unchanged"
    after = s
    params: dict[str, object] = {}
    benefit = r.benefit
    if r.ruling == "pardoned":
        effect, after = sentencing.pardon(s, on)
    elif r.ruling == "reduced" and benefit is not None:
        if benefit.fraction is None:
            effect = "not_applied_unconfirmed"
        else:
            effect, after = sentencing.cut(s, benefit.fraction, on)
            effect = "not_applied_endless" if effect == "not_applied" else effect
    elif r.ruling == "commuted" and benefit is not None:
        sub = next((c for c in benefit.commutations if s.kind in c.from_kinds), None)
        if sub is not None:
            effect, after = sentencing.commute(s, sub.to, sub.years, statutes.penalties[sub.to].temporary, on)
    elif r.ruling == "not_covered" and r.reasons and r.reasons[0].key == "after_cutoff":
        effect, params = "after_cutoff", dict(r.reasons[0].params)
    elif r.ruling == "conditional":
        effect, params = "conditional", {"by": min((c.by for c in r.conditions if c.by), default=None)}
    elif r.ruling == "undetermined":
        effect, params = "undetermined", {"facts": [f"{f.charge}.{f.fact}" if f.charge else f.fact
                                                    for f in r.deciding_facts]}
    return ChargeStep(r.charge, r, effect, s, after, cite, params)


# ------------------------------------------------------------------------- command line

__all__: Sequence[str] = ("ChargeStep", "DecreeStep", "Timeline", "build_timeline", "decrees_until", "sentences_of")
