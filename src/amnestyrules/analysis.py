"""Why a person stays inside under a decree, what would change that, and which decree came closest.

A lawyer's question is rarely only "is my client freed?". It is "if not, which charge keeps
them inside, which clause says so, and what would have to be true (or be done) for that to
change?". This module answers it *only by asking the engine*: every answer here comes from
evaluating modified profiles (charges removed, one fact or date changed, ``attrs.evolve``)
through :func:`amnestyrules.evaluate.evaluate`. No legal rule is restated here, so the
analysis can never disagree with the evaluation it explains.

Three analyses:

* **Minimal blocking sets** (:func:`minimal_blocking_sets`): the smallest sets of charges whose
  removal would release the person (outcome ``released`` or ``released_if``). Sub-profiles
  are enumerated by increasing size, supersets of sets already found are skipped, and the
  search is bounded (``max_subsets``) for very large profiles; a bounded search says so.
* **Counterfactuals** (:func:`counterfactuals`) and **questions** (:func:`questions`): for
  each charge that blocks release (or is undetermined), the single changes that would make
  the decree pardon it (a fact, the offence date, an article of the same statute the decree
  covers, a hostage freed or a surrender by a date, nationality), each with the clause that
  makes the difference; and, for each unknown that decides the answer, what each answer gives.
* **Comparison** (:func:`compare`): a matrix decree x charge -> ruling, the verdict per decree
  and the decree that came closest to releasing the person.

Removing charges is cheap: a charge's ruling is computed from that charge and the person
alone (``rulings.rule_charge`` sees nothing else), so the search evaluates every charge once
and rebuilds each sub-profile's verdict with the engine's own ``rulings.outcome``. A test pins
that this equals a fresh :func:`evaluate` of the sub-profile.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import sys
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import attrs
from dateutil.relativedelta import relativedelta

from .articles import parse_article
from .backends import BACKENDS, Backend, get_backend
from .catalogue import Catalogue
from .checks import CheckTable, check_table
from .corpus import Corpus, default_corpus, load_corpus
from .evaluate import evaluate
from .facts import CHARGE_FACTS, Tri
from .grounding import OTHER, fact_field, partial_ground
from .i18n import (bidi_text, citation_label, citation_text, confidence_label, decree_short, join, message,
                   outcome_label, reason_text, ruling_label)
from .loading import Node, parse_date
from .model import (OFFENCE_CLASSES, UNKNOWN, Charge, Citation, Decree, Outcome, Penalty, Profile, Reason,
                    Ruling)
from .predicates import simplify
from .profiles import load_profile_file
from .rulings import outcome as person_outcome

#: Outcomes in which the person walks free under the decree (possibly once a condition is met).
RELEASING_OUTCOMES = frozenset({"released", "released_if"})
#: Rulings that lift a charge (possibly once a condition is met).
RELEASING_RULINGS = frozenset({"pardoned", "conditional"})
#: Default bound on the sub-profiles the blocking-set search may enumerate: every subset of a
#: profile of up to 16 charges; beyond that, every subset up to the size that fits.
MAX_SUBSETS = 1 << 16
#: How close each verdict is to freedom, for ranking decrees (lower is closer).
VERDICT_ORDER = {"released": 0, "released_if": 1, "undetermined": 2, "sentence_reduced": 3, "blocked": 4,
                 "out_of_reach": 5}
#: Bound on the articles tried when looking for a covered article of the same statute.
MAX_ARTICLE_CANDIDATES = 600

DecreeRef = Union[Decree, str]


# =========================================================================== the engine, as used here

@attrs.frozen
class _Engine:
    """One decree, one corpus, one backend: the only door to legal answers in this module."""

    corpus: Corpus
    decree: Decree
    backend: Backend
    as_of: Optional[dt.date]

    @property
    def table(self) -> CheckTable:
        return check_table(self.decree)

    def outcome(self, profile: Profile) -> Outcome:
        return evaluate(profile, self.decree, corpus=self.corpus, backend=self.backend, as_of=self.as_of)

    def ruling(self, profile: Profile, charge_id: str) -> Ruling:
        """The ruling on one charge, from the sub-profile that holds only that charge."""
        charge = next(c for c in profile.charges if c.id == charge_id)
        return self.outcome(attrs.evolve(profile, charges=(charge,))).rulings[0]


def _engine(decree: DecreeRef, corpus: Optional[Corpus], backend: Union[str, Backend],
            as_of: Optional[dt.date]) -> _Engine:
    corpus = corpus or default_corpus()
    d = corpus.decree(decree) if isinstance(decree, str) else decree
    engine = get_backend(backend) if isinstance(backend, str) else backend
    return _Engine(corpus, d, engine, as_of)


# =========================================================================== 1. minimal blocking sets

@attrs.frozen
class Search:
    """The result of the subset search, independent of any decree (see :func:`search_removals`)."""

    sets: tuple[frozenset[str], ...]
    complete: bool
    searched_size: int          # every set of up to this many charges was tried (-1: none)
    tried: int                  # subsets enumerated (supersets of found sets included)


def search_removals(charge_ids: Sequence[str], releases: Callable[[frozenset[str]], bool],
                    max_subsets: int = MAX_SUBSETS) -> Search:
    """All inclusion-minimal sets of charges whose removal releases, smallest first.

    Exact: sets are enumerated by increasing size and a set is kept only if no set already
    found is inside it, so every set kept is minimal and every minimal set of a searched size
    is kept. The search never starts a size it cannot finish within ``max_subsets``
    enumerated subsets, so a bounded result still means "every set of up to ``searched_size``
    charges was tried". ``releases`` is any oracle; the engine's lives in :func:`blocking_sets`.
    """
    ids = list(charge_ids)
    found: list[frozenset[str]] = []
    tried, searched = 0, -1
    for size in range(len(ids) + 1):
        if size > 0 and tried + math.comb(len(ids), size) > max_subsets:
            return Search(tuple(found), False, searched, tried)
        for combo in itertools.combinations(ids, size):
            tried += 1
            removed = frozenset(combo)
            if any(f <= removed for f in found):
                continue
            if releases(removed):
                found.append(removed)
        searched = size
        if frozenset() in found:       # already free: every other set is a superset
            break
    return Search(tuple(found), True, searched, tried)


@attrs.frozen
class BlockingSets:
    """Which charges keep a person inside under one decree."""

    profile: str
    decree: str
    outcome: str
    charges: tuple[str, ...]
    rulings: Mapping[str, str]
    sets: tuple[frozenset[str], ...]
    complete: bool
    searched_size: int
    tried: int
    #: When the search was bounded: a set found by elimination (every charge that does not
    #: release on its own, then dropping any charge that is not needed). Frees the person,
    #: but is not proven smallest.
    irreducible: Optional[frozenset[str]] = None
    #: When dropping every charge still leaves the person inside: the outcome's own reasons
    #: (held without charge, civil claim).
    why_not: tuple[Reason, ...] = ()

    @property
    def nothing_frees(self) -> bool:
        """No set of charges, removed, releases the person (and the search proves it)."""
        return self.complete and not self.sets

    @property
    def smallest(self) -> Optional[int]:
        sizes = [len(s) for s in self.sets] + ([len(self.irreducible)] if self.irreducible is not None else [])
        return min(sizes) if sizes else None

    def to_json(self) -> dict[str, Any]:
        return {"sets": [_ordered(s, self.charges) for s in self.sets], "complete": self.complete,
                "searched_size": self.searched_size, "subsets_tried": self.tried,
                "charges": len(self.charges),
                "irreducible": _ordered(self.irreducible, self.charges) if self.irreducible is not None else None,
                "nothing_frees": self.nothing_frees,
                "why_not": [reason_text(r, "en") for r in self.why_not]}


def _ordered(ids: Iterable[str], order: Sequence[str]) -> list[str]:
    wanted = set(ids)
    return [c for c in order if c in wanted]


class _Removals:
    """The engine's answer to "would removing these charges release the person?".

    Each charge is ruled once (its ruling depends on that charge and the person only); a
    sub-profile's verdict is then the engine's ``rulings.outcome`` over the remaining rulings.
    """

    def __init__(self, engine: _Engine, profile: Profile, full: Outcome) -> None:
        self.engine = engine
        self.profile = profile
        self.by_id = {r.charge: r for r in full.rulings}

    def outcome(self, removed: frozenset[str]) -> Outcome:
        kept = tuple(c for c in self.profile.charges if c.id not in removed)
        sub = attrs.evolve(self.profile, charges=kept)
        return person_outcome(sub, self.engine.decree, [self.by_id[c.id] for c in kept])

    def __call__(self, removed: frozenset[str]) -> bool:
        return self.outcome(removed).outcome in RELEASING_OUTCOMES


def _eliminate(ids: Sequence[str], releases: Callable[[frozenset[str]], bool]) -> Optional[frozenset[str]]:
    """A releasing set no charge of which can be dropped, found without enumerating subsets."""
    everything = frozenset(ids)
    candidate = frozenset(c for c in ids if not releases(everything - {c}))
    if not releases(candidate):
        return None
    for c in ids:
        if c in candidate and releases(candidate - {c}):
            candidate = candidate - {c}
    return candidate


def blocking_sets(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
                  backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
                  max_subsets: int = MAX_SUBSETS) -> BlockingSets:
    """The minimal blocking sets with what the search did (see :func:`minimal_blocking_sets`)."""
    engine = _engine(decree, corpus, backend, as_of)
    return _blocking(engine, profile, engine.outcome(profile), max_subsets)


def _blocking(engine: _Engine, profile: Profile, full: Outcome, max_subsets: int) -> BlockingSets:
    removals = _Removals(engine, profile, full)
    ids = [c.id for c in profile.charges]
    found = search_removals(ids, removals, max_subsets)
    irreducible = None
    if not found.complete:
        guess = _eliminate(ids, removals)
        if guess is not None and not any(s <= guess for s in found.sets):
            irreducible = guess
    everything = removals.outcome(frozenset(ids))
    why_not = everything.reasons if everything.outcome not in RELEASING_OUTCOMES else ()
    return BlockingSets(profile.id, engine.decree.id, full.outcome, tuple(ids),
                        {r.charge: r.ruling for r in full.rulings}, found.sets, found.complete,
                        found.searched_size, found.tried, irreducible, why_not)


def minimal_blocking_sets(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
                          backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
                          max_subsets: int = MAX_SUBSETS) -> list[frozenset[str]]:
    """The smallest sets of charges whose removal would release the person under ``decree``.

    ``[frozenset()]``: nothing blocks release. ``[]``: no removal frees them (held without
    charge, on a civil claim), or, if the search was bounded, none was found among the sets
    searched; :func:`blocking_sets` says which, and gives a set found by elimination.
    """
    return list(blocking_sets(profile, decree, corpus, backend=backend, as_of=as_of,
                              max_subsets=max_subsets).sets)


# =========================================================================== 2. counterfactuals

@attrs.frozen
class ArticleChoice:
    """An article to charge instead (a counterfactual value)."""

    statute: str
    article: str
    paragraph: Optional[str] = None


@attrs.frozen
class DateRange:
    """The answer "a date in this range" (``None``: open-ended)."""

    first: Optional[dt.date]
    last: Optional[dt.date]


@attrs.frozen
class Change:
    """One change to a profile: a field of one charge, or of the person, from one value to another."""

    scope: str                           # "charge" | "person"
    charge: Optional[str]
    field: str                           # a charge fact name, offence_date, article, nationality, ...
    before: Any
    after: Any
    #: For an article change: every article of the statute that the same provision would cover.
    articles: tuple[ArticleChoice, ...] = ()

    @property
    def subject(self) -> str:
        return f"{self.charge}.{self.field}" if self.scope == "charge" else self.field

    def to_json(self) -> dict[str, Any]:
        node: dict[str, Any] = {"scope": self.scope, "charge": self.charge, "field": self.field,
                                "from": value_json(self.before), "to": value_json(self.after)}
        if self.articles:
            node["articles"] = [a.article for a in self.articles]
            node["to"] = _article_span_label(self.articles)
        return node


@attrs.frozen
class Counterfactual:
    """A single change that makes the decree lift a charge that it does not lift now."""

    charge: str
    ruling_before: str
    change: Change
    ruling: str                          # pardoned | conditional
    provision: Optional[str]             # the provision that lifts it (its label, e.g. 'Art. 1(a)')
    citation: Optional[Citation]         # the citation of the new ruling
    clause: Optional[Citation]           # the clause that makes the difference
    frees_person: bool                   # this change alone releases the person
    confidence: str = "high"             # of the new ruling (a provision encoded at medium confidence...)

    def to_json(self) -> dict[str, Any]:
        return {"change": self.change.to_json(), "ruling": self.ruling, "provision": self.provision,
                "citation": self.citation.to_json() if self.citation else None,
                "clause": self.clause.to_json() if self.clause else None,
                "frees_person": self.frees_person, "confidence": self.confidence}


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


def value_json(value: Any) -> Any:
    """A counterfactual value as JSON: dates as ISO strings, facts as true/false/unknown."""
    if isinstance(value, Tri):
        return value.value
    if value is UNKNOWN:
        return "unknown"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, ArticleChoice):
        return f"{value.statute} {value.article}"
    if isinstance(value, DateRange):
        return {"from": value.first.isoformat() if value.first else None,
                "to": value.last.isoformat() if value.last else None}
    if isinstance(value, Penalty):
        return value.kind
    return value


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


# ---------------------------------------------------------------- candidate values

def _days(table: CheckTable, field: str) -> list[dt.date]:
    """Each threshold the decree compares a day field with, and the days either side of it."""
    consts = [c for c in table.constants.get(field, ()) if isinstance(c, int) and not isinstance(c, bool)]
    days = sorted({c + d for c in consts for d in (-1, 0, 1) if c + d >= 1})
    return [dt.date.fromordinal(d) for d in days]


def _age_days(table: CheckTable, field: str, anchor: dt.date, sign: int) -> list[dt.date]:
    """Days on which an age the decree compares flips: ``anchor`` +/- each age, and either side."""
    ages = [c for c in table.constants.get(field, ()) if isinstance(c, int) and not isinstance(c, bool)]
    out: set[dt.date] = set()
    for age in ages:
        try:
            pivot = anchor + relativedelta(years=sign * age)
        except (OverflowError, ValueError):
            continue
        out.update(pivot + dt.timedelta(days=d) for d in (-1, 0, 1))
    return sorted(out)


def _offence_dates(engine: _Engine, profile: Profile, charge: Charge) -> list[dt.date]:
    dates = set(_days(engine.table, "offence_day"))
    born = profile.person.born
    if isinstance(born, dt.date):
        dates.update(_age_days(engine.table, "age_at_offence", born, +1))
    today = dt.date.today()
    return sorted(d for d in dates if d <= today and (not isinstance(born, dt.date) or d >= born))


def _birth_dates(engine: _Engine, profile: Profile) -> list[dt.date]:
    dates = set(_age_days(engine.table, "age_at_issue", engine.decree.issued, -1))
    known = [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
    for day in known:
        dates.update(_age_days(engine.table, "age_at_offence", day, -1))
    latest = min(known + [dt.date.today()])
    return sorted(d for d in dates if d <= latest)


def _article_choices(engine: _Engine, charge: Charge) -> list[ArticleChoice]:
    """Articles of the charge's statute worth trying: the catalogue's and those the decree names."""
    statute = engine.corpus.catalogue.statutes[charge.statute]
    named = sorted({c for c in engine.table.constants.get("article_num", ())
                    if isinstance(c, int) and not isinstance(c, bool)})
    numbers: set[int] = set(named)
    for a, b in zip(named, named[1:]):          # the inside of a range a decree names (a-b)
        if b - a <= 30:
            numbers.update(range(a, b + 1))
    for e in statute.articles:
        if e.first is None or e.last is None:
            continue
        if e.last - e.first <= 30:
            numbers.update(range(e.first, e.last + 1))
        else:
            numbers.update({e.first, e.last})
    paragraphs = sorted(str(p) for p in engine.table.constants.get("paragraph", ()))
    choices = [ArticleChoice(charge.statute, str(n)) for n in sorted(numbers)]
    choices += [ArticleChoice(charge.statute, f"{n}({p})", p) for n in named for p in paragraphs]
    # Not the charged article itself (another paragraph of it is a different offence, so it stays).
    ref = parse_article(charge.article)
    same = ((ref.number, None), (ref.number, charge.paragraph or ref.paragraph)) if ref else ()
    return [c for c in choices if (_number(c), c.paragraph) not in same][:MAX_ARTICLE_CANDIDATES]


def _number(choice: ArticleChoice) -> Optional[int]:
    ref = parse_article(choice.article)
    return ref.number if ref else None


def _reads(engine: _Engine, *fields: str) -> bool:
    return any(f in engine.table.fields for f in fields)


def _other(values: Iterable[Any], current: Any) -> tuple[Any, ...]:
    return tuple(v for v in values if v != current)


def _worth_trying(probe: _Probe, deciding: set[str]) -> bool:
    """Whether answering an unknown can change the ruling: only if it is one of the deciding facts.

    A settled ruling holds in every completion of the unknowns (grounding's guarantee), so fixing
    an unknown cannot change it; an undetermined one changes only with the unknowns that decide
    it. Known values are always worth changing.
    """
    unknown = probe.current is UNKNOWN or probe.current is Tri.UNKNOWN
    return not unknown or probe.field in deciding


def _without_redundant_paragraphs(choices: Sequence[ArticleChoice]) -> tuple[ArticleChoice, ...]:
    """'2(a)' says nothing more than '2' when the whole of Art. 2 is covered the same way."""
    whole = {c.article for c in choices if c.paragraph is None}
    return tuple(c for c in choices if c.paragraph is None or c.article.split("(")[0] not in whole)


def _charge_probes(engine: _Engine, profile: Profile, charge: Charge) -> list[_Probe]:
    """The changes worth trying on one charge."""
    probes: list[_Probe] = []
    for name in CHARGE_FACTS:
        if _reads(engine, fact_field(name)):
            current = charge.fact(name)
            probes.append(_Probe("charge", charge.id, name, current, _other((Tri.TRUE, Tri.FALSE), current)))
    probes.append(_Probe("charge", charge.id, "offence_date", charge.offence_date,
                         _other(_offence_dates(engine, profile, charge), charge.offence_date), ordered=True))
    if _reads(engine, "hostage_released_day"):
        # "not released yet" is an answer to a question, not a change to a release already made.
        unknown = charge.hostage_released_on is UNKNOWN
        values = ([None] if unknown else []) + _days(engine.table, "hostage_released_day")
        probes.append(_Probe("charge", charge.id, "hostage_released_on", charge.hostage_released_on,
                             _other(values, charge.hostage_released_on), ordered=True))
    info_class = charge.offence_class or _catalogue_class(engine, charge)
    if info_class is None and _reads(engine, "offence_class"):
        probes.append(_Probe("charge", charge.id, "offence_class", UNKNOWN, OFFENCE_CLASSES))
    if charge.penalty is None and _reads(engine, "penalty"):
        probes.append(_Probe("charge", charge.id, "penalty", UNKNOWN, _penalty_kinds(engine)))
    probes.append(_Probe("charge", charge.id, "article", ArticleChoice(charge.statute, charge.article,
                                                                       charge.paragraph),
                         tuple(_article_choices(engine, charge))))
    return probes


def _catalogue_class(engine: _Engine, charge: Charge) -> Optional[str]:
    ref = parse_article(charge.article)
    return engine.corpus.catalogue.article_info(charge.statute, ref).offence_class if ref else None


def _penalty_kinds(engine: _Engine) -> tuple[str, ...]:
    named = sorted(k for k in engine.table.constants.get("penalty", ()) if k in engine.corpus.catalogue.penalties)
    other = [k for k in engine.corpus.catalogue.penalties if k not in named][:1]
    return tuple(named + other)


def _person_probes(engine: _Engine, profile: Profile) -> list[_Probe]:
    """The changes worth trying on the person (they reach every charge at once)."""
    person = profile.person
    probes: list[_Probe] = []
    if _reads(engine, "nationality"):
        probes.append(_Probe("person", None, "nationality", person.nationality,
                             _other(("syrian", "foreign"), person.nationality)))
    if _reads(engine, "person__incurable_illness"):
        probes.append(_Probe("person", None, "incurable_illness", person.incurable_illness,
                             _other((Tri.TRUE, Tri.FALSE), person.incurable_illness)))
    if _reads(engine, "surrendered_day"):
        probes.append(_Probe("person", None, "surrendered_on", person.surrendered_on,
                             _other(_days(engine.table, "surrendered_day"), person.surrendered_on), ordered=True))
    if person.born is UNKNOWN and _reads(engine, "age_at_issue", "age_at_offence"):
        probes.append(_Probe("person", None, "born", UNKNOWN, tuple(_birth_dates(engine, profile)), ordered=True))
    return probes


# ---------------------------------------------------------------- trying them

def _clause(before: Ruling, after: Ruling, field: str) -> Optional[Citation]:
    """The clause that makes the difference.

    When the change brings the charge under another provision (another article, or a provision
    other than the one that ruled before), it is the provision that now lifts it; otherwise it is
    what bit before (the exclusion, the failed condition, the cutoff) if the engine cited it,
    else what lifts the charge now.
    """
    if field == "article" or (before.provision and after.provision and before.provision != after.provision):
        return after.citation
    if before.ruling in ("excluded", "not_covered") and before.citation is not None:
        return before.citation
    if before.ruling == "undetermined":
        for reason in before.reasons:
            for branch in reason.children:
                if branch.params.get("ruling") in ("excluded", "not_covered") and branch.citation is not None:
                    return branch.citation
    return after.citation


def _nearest(values: Sequence[Any], current: Any) -> Any:
    """Of several values that give the same answer, the one closest to what the lawyer wrote."""
    if isinstance(current, dt.date):
        dated = [v for v in values if isinstance(v, dt.date)]
        if dated:
            return min(dated, key=lambda v: (abs((v - current).days), v))
    dated = [v for v in values if isinstance(v, dt.date)]
    return max(dated) if dated else values[0]


def _provision_label(engine: _Engine, ruling: Ruling) -> Optional[str]:
    if ruling.provision:
        return engine.decree.provision(ruling.provision).ref
    return ruling.citation.label if ruling.citation else None


class _WhatIf:
    """Answers "what if this one field had that value?" through the engine, each at most once.

    A change to one charge re-rules that charge alone (from the sub-profile that holds it) and
    rebuilds the person's verdict with the engine's ``rulings.outcome`` over the other charges'
    rulings, which do not depend on it. A change to the person re-evaluates the whole profile.
    Values of a charge's field that leave the decree's checks asking the same things
    (:func:`_signature`: many articles, many penalty kinds) share one evaluation.
    """

    def __init__(self, engine: _Engine, profile: Profile, full: Outcome) -> None:
        self.engine = engine
        self.profile = profile
        self.full = full
        self._rulings: dict[tuple, Ruling] = {}
        self._outcomes: dict[tuple, Outcome] = {}

    def ruling(self, probe: _Probe, value: Any) -> Ruling:
        """The ruling on the probed charge once changed (charge-level probes)."""
        assert probe.charge is not None
        key = (probe.charge, _signature(self.engine, self.profile, probe, value))
        if key not in self._rulings:
            self._rulings[key] = self.engine.ruling(_apply(self.profile, probe, value), probe.charge)
        return self._rulings[key]

    def outcome(self, probe: _Probe, value: Any) -> Outcome:
        """The person's outcome once changed."""
        key = (probe.scope, probe.charge, probe.field, value)
        if key not in self._outcomes:
            changed = _apply(self.profile, probe, value)
            if probe.scope == "person":
                self._outcomes[key] = self.engine.outcome(changed)
            else:
                new = self.ruling(probe, value)
                rulings = [new if r.charge == probe.charge else r for r in self.full.rulings]
                self._outcomes[key] = person_outcome(changed, self.engine.decree, rulings)
        return self._outcomes[key]


def _flips(whatif: _WhatIf, charge: Charge, before: Ruling, probe: _Probe,
           trials: Sequence[tuple[Any, Ruling]]) -> list[Counterfactual]:
    """The trials that lift the charge, one counterfactual per distinct way of lifting it."""
    groups: dict[tuple, list[tuple[Any, Ruling]]] = {}
    for value, ruling in trials:
        if ruling.ruling in RELEASING_RULINGS:
            key = (ruling.ruling, ruling.provision) if (probe.ordered or probe.field == "article") else (value,)
            groups.setdefault(key, []).append((value, ruling))
    out = []
    for members in groups.values():
        if probe.field == "article":
            value, after = members[0]
            change = Change(probe.scope, probe.charge, probe.field, probe.current, value,
                            _without_redundant_paragraphs([v for v, _ in members]))
        else:
            value = _nearest([v for v, _ in members], probe.current) if probe.ordered else members[0][0]
            after = next(r for v, r in members if v == value)
            change = Change(probe.scope, probe.charge, probe.field, probe.current, value)
        frees = whatif.outcome(probe, value).outcome in RELEASING_OUTCOMES
        out.append(Counterfactual(charge.id, before.ruling, change, after.ruling,
                                  _provision_label(whatif.engine, after),
                                  after.citation, _clause(before, after, probe.field), frees, after.confidence))
    return out


def _signature(engine: _Engine, profile: Profile, probe: _Probe, value: Any) -> tuple:
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


def _targets(profile: Profile, full: Outcome, blocking: BlockingSets) -> list[str]:
    """Charges worth explaining: those in a blocking set, undetermined ones, and, when nothing can
    free the person, every charge the decree does not lift (so the lawyer still sees each one)."""
    in_sets = set().union(*blocking.sets) | (blocking.irreducible or frozenset())
    return [r.charge for r in full.rulings
            if r.charge in in_sets or r.ruling == "undetermined"
            or (not blocking.sets and r.ruling not in RELEASING_RULINGS)]


def _counterfactuals(whatif: _WhatIf, targets: Sequence[str]) -> dict[str, list[Counterfactual]]:
    engine, profile, full = whatif.engine, whatif.profile, whatif.full
    out: dict[str, list[Counterfactual]] = {t: [] for t in targets}
    person_deciding = {d.fact for d in full.deciding_facts if d.charge is None}
    person_probes = [p for p in _person_probes(engine, profile) if _worth_trying(p, person_deciding)] \
        if targets else []
    for charge in profile.charges:
        if charge.id not in out:
            continue
        before = full.ruling_for(charge.id)
        deciding = {d.fact for d in before.deciding_facts if d.charge == charge.id}
        for probe in _charge_probes(engine, profile, charge):
            if not _worth_trying(probe, deciding):
                continue
            trials = [(v, whatif.ruling(probe, v)) for v in probe.values]
            out[charge.id] += _flips(whatif, charge, before, probe, trials)
        for probe in person_probes:
            trials = [(v, whatif.outcome(probe, v).ruling_for(charge.id)) for v in probe.values]
            out[charge.id] += _flips(whatif, charge, before, probe, trials)
    return out


def counterfactuals(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
                    backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
                    max_subsets: int = MAX_SUBSETS) -> list[Counterfactual]:
    """Single changes that would make ``decree`` lift each charge that keeps the person inside.

    For every charge in a minimal blocking set, and every undetermined charge: each fact
    flipped, the offence date moved across each threshold the decree sets, each article of the
    same statute (from the catalogue and the decree's provisions), a hostage freed or the person
    surrendered by each deadline, each nationality. A change is kept when the charge's ruling
    becomes pardoned or conditional; ``frees_person`` says whether it alone releases the person.
    """
    engine = _engine(decree, corpus, backend, as_of)
    full = engine.outcome(profile)
    blocking = _blocking(engine, profile, full, max_subsets)
    found = _counterfactuals(_WhatIf(engine, profile, full), _targets(profile, full, blocking))
    return [c for items in found.values() for c in items]


# ---------------------------------------------------------------- questions

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


def _answers(whatif: _WhatIf, probe: _Probe, concerned: Sequence[str]) -> tuple[Answer, ...]:
    raw = []
    for value in probe.values:
        o = whatif.outcome(probe, value)
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
        out.append(Question(f.charge, f.fact, answers))
    return out


def questions(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
              backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None) -> list[Question]:
    """The unknown facts that decide the answer (the questions to ask the client), each with the
    result of every possible answer (dates as ranges)."""
    engine = _engine(decree, corpus, backend, as_of)
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


def explain(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
            backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
            max_subsets: int = MAX_SUBSETS) -> Explanation:
    """The verdict, the minimal blocking sets, the counterfactuals and the questions to ask."""
    engine = _engine(decree, corpus, backend, as_of)
    full = engine.outcome(profile)
    blocking = _blocking(engine, profile, full, max_subsets)
    whatif = _WhatIf(engine, profile, full)
    found = _counterfactuals(whatif, _targets(profile, full, blocking))
    return Explanation(profile, engine.decree, full, blocking, {k: tuple(v) for k, v in found.items()},
                       tuple(_questions(whatif)))


# =========================================================================== 3. comparison across decrees

@attrs.frozen
class DecreeRow:
    """One decree's line of the comparison."""

    decree: str
    issued: dt.date
    outcome: str
    rulings: Mapping[str, str]
    blocking: BlockingSets

    def to_json(self) -> dict[str, Any]:
        return {"decree": self.decree, "issued": self.issued.isoformat(), "outcome": self.outcome,
                "rulings": dict(self.rulings), "blocking_count": self.blocking.smallest,
                "blocking": self.blocking.to_json()}


@attrs.frozen
class Comparison:
    """Every decree against one profile, and the decree that came closest to releasing them."""

    profile: str
    charges: tuple[str, ...]
    rows: tuple[DecreeRow, ...]
    closest: Optional[str]

    def row(self, decree_id: str) -> DecreeRow:
        return next(r for r in self.rows if r.decree == decree_id)

    @property
    def matrix(self) -> dict[str, dict[str, str]]:
        """decree -> charge -> ruling."""
        return {r.decree: dict(r.rulings) for r in self.rows}

    def to_json(self) -> dict[str, Any]:
        closest = self.row(self.closest) if self.closest else None
        return {"profile": self.profile, "charges": list(self.charges),
                "decrees": [r.to_json() for r in self.rows],
                "closest": None if closest is None else {
                    "decree": closest.decree, "outcome": closest.outcome,
                    "blocking_count": closest.blocking.smallest,
                    "blocking": _ordered(_smallest_set(closest.blocking) or (), self.charges)}}


def _smallest_set(b: BlockingSets) -> Optional[frozenset[str]]:
    candidates = list(b.sets) + ([b.irreducible] if b.irreducible is not None else [])
    return min(candidates, key=len) if candidates else None


def closest_key(row: DecreeRow) -> tuple[int, int, int]:
    """Fewest blocking charges, then the verdict nearest to freedom, then the most recent decree."""
    return (row.blocking.smallest if row.blocking.smallest is not None else sys.maxsize,
            VERDICT_ORDER[row.outcome], -row.issued.toordinal())


def compare(profile: Profile, corpus: Optional[Corpus] = None, *, decrees: Optional[Iterable[DecreeRef]] = None,
            backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
            max_subsets: int = MAX_SUBSETS) -> Comparison:
    """Each decree (all of the corpus by default, in issue order) against the profile.

    The closest decree is the one with the fewest blocking charges (the size of its smallest
    minimal blocking set); ties go to the verdict nearest to freedom (released, released_if,
    undetermined, sentence_reduced, blocked), then to the most recent decree, the one whose
    deadlines are likeliest still to be open. A decree under which no removal of charges frees
    the person (held without charge, civil claim) is never the closest.
    """
    corpus = corpus or default_corpus()
    chosen = corpus.in_issue_order() if decrees is None else sorted(
        (corpus.decree(d) if isinstance(d, str) else d for d in decrees), key=lambda d: (d.issued, d.number))
    engine = get_backend(backend) if isinstance(backend, str) else backend
    rows = []
    for d in chosen:
        e = _Engine(corpus, d, engine, as_of)
        full = e.outcome(profile)
        rows.append(DecreeRow(d.id, d.issued, full.outcome, {r.charge: r.ruling for r in full.rulings},
                              _blocking(e, profile, full, max_subsets)))
    reachable = [r for r in rows if r.blocking.smallest is not None]
    closest = min(reachable, key=closest_key).decree if reachable else None
    return Comparison(profile.id, tuple(c.id for c in profile.charges), tuple(rows), closest)


# =========================================================================== rendering
# Text goes through i18n (citations, statute names, confidence in the reader's language) and,
# in Arabic, through bidi_text once at the end, as render.py does. JSON stays English and plain.

def _m(key: str, lang: str, **params: Any) -> str:
    """A message of the ``analysis`` section of messages.yaml."""
    return message(f"analysis.{key}", lang, **params)


def _cite(c: Optional[Citation], lang: str) -> str:
    return citation_text(c, lang) if c is not None else ""


def _set_text(s: Iterable[str], order: Sequence[str]) -> str:
    return "{" + ", ".join(_ordered(s, order)) + "}"


def _article_span_label(choices: Sequence[ArticleChoice]) -> str:
    """'penal-code 304-306' for consecutive plain articles, else the articles listed."""
    plain = sorted(int(a.article) for a in choices if a.article.isdigit())
    parts: list[str] = []
    i = 0
    while i < len(plain):
        j = i
        while j + 1 < len(plain) and plain[j + 1] == plain[j] + 1:
            j += 1
        parts.append(str(plain[i]) if i == j else f"{plain[i]}-{plain[j]}")
        i = j + 1
    parts += [a.article for a in choices if not a.article.isdigit()]
    return f"{choices[0].statute} {', '.join(parts)}" if choices else ""


def value_text(value: Any, field: str, lang: str = "en") -> str:
    """A value as a lawyer reads it."""
    if isinstance(value, DateRange):
        if value.first is None and value.last is None:
            return _m("any_date", lang)
        if value.first is None:
            return _m("on_or_before", lang, date=value.last.isoformat())      # type: ignore[union-attr]
        if value.last is None:
            return _m("on_or_after", lang, date=value.first.isoformat())
        if value.first == value.last:
            return _m("on_date", lang, date=value.first.isoformat())
        return _m("date_range", lang, first=value.first.isoformat(), last=value.last.isoformat())
    if value is None:
        return _m("not_released" if field == "hostage_released_on" else "none", lang)
    return str(value_json(value))


def _change_text(c: Change, lang: str) -> str:
    after = _article_span_label(c.articles) if c.articles else value_text(c.after, c.field, lang)
    return _m("change", lang, subject=c.subject, before=value_text(c.before, c.field, lang), after=after)


def _counterfactual_text(cf: Counterfactual, decree: Decree, lang: str) -> list[str]:
    effect = _m("frees_person" if cf.frees_person else "lifts_charge_only", lang)
    where = citation_label(cf.citation, lang) if cf.citation else (cf.provision or "")
    head = _m("flip", lang, change=_change_text(cf.change, lang), ruling=ruling_label(cf.ruling, lang),
              decree=decree_short(decree.id, lang), provision=where, effect=effect)
    if cf.confidence != "high":
        head += f" ({_m('confidence', lang, confidence=confidence_label(cf.confidence, lang))})"
    lines = [f"      - {head}"]
    if cf.clause is not None:
        lines.append(f"        {_m('clause', lang, citation=_cite(cf.clause, lang))}")
    return lines


#: The reasons worth repeating next to a charge the decree does not lift (the full tree is in
#: ``amnestyrules evaluate``).
_WHY_KEYS = frozenset({"after_cutoff", "no_provision", "excluded_by", "condition_failed", "depends_on",
                       "too_many_unknowns"})


def _provision_or_cite(d: Decree, r: Ruling, lang: str = "en") -> str:
    citation = d.provision(r.provision).citation if r.provision else r.citation
    return citation_label(citation, lang) if citation is not None else ""


def _rulings_text(x: Explanation, lang: str, statutes: Optional[Catalogue]) -> list[str]:
    d, o = x.decree, x.outcome
    lines = ["  " + _m("charges_heading", lang)]
    if not o.rulings:
        lines.append("    " + _m("no_charges", lang))
    width = max((len(r.charge) for r in o.rulings), default=0)
    for r in o.rulings:
        where = f"{decree_short(d.id, lang)} {_provision_or_cite(d, r, lang)}" if (r.provision or r.citation) else ""
        lines.append(f"    {r.charge:<{width}}  {ruling_label(r.ruling, lang)}  {where}".rstrip())
        if r.ruling not in RELEASING_RULINGS:
            lines += [f"    {'':<{width}}    {reason_text(why, lang, statutes)} {_cite(why.citation, lang)}".rstrip()
                      for why in r.reasons if why.key in _WHY_KEYS]
    return lines


def _blocking_text(b: BlockingSets, lang: str) -> list[str]:
    lines = ["  " + _m("blocking_heading", lang)]
    if b.sets == (frozenset(),):
        return lines + ["    " + _m("nothing_blocks", lang)]
    for s in b.sets:
        members = join((f"{c} ({ruling_label(b.rulings[c], lang)})" for c in _ordered(s, b.charges)), lang)
        lines.append(f"    {_set_text(s, b.charges)}  {members}")
    if b.nothing_frees:
        lines.append("    " + _m("nothing_frees", lang))
    if not b.complete:
        lines.append("    " + _m("search_bounded", lang, size=b.searched_size, tried=b.tried, charges=len(b.charges)))
        if b.irreducible is not None:
            lines.append("    " + _m("irreducible", lang, set=_set_text(b.irreducible, b.charges)))
        elif b.why_not:
            lines.append("    " + _m("all_dropped_still_held", lang))
    return lines


def _counterfactuals_text(x: Explanation, lang: str) -> list[str]:
    lines = ["  " + _m("counterfactuals_heading", lang)]
    if not x.counterfactuals:
        return lines + ["    " + _m("no_targets", lang)]
    for charge, items in x.counterfactuals.items():
        lines.append(f"    {charge} ({ruling_label(x.outcome.ruling_for(charge).ruling, lang)}):")
        if not items:
            lines.append("      " + _m("no_flip", lang, charge=charge, decree=decree_short(x.decree.id, lang)))
        for cf in items:
            lines += _counterfactual_text(cf, x.decree, lang)
    return lines


def _questions_text(x: Explanation, lang: str) -> list[str]:
    lines = ["  " + _m("questions_heading", lang)]
    if not x.questions:
        lines.append("    " + _m("no_questions", lang))
    for q in x.questions:
        lines.append(f"    - {q.subject}?")
        if len(q.answers) == 1:
            lines.append("        " + _m("jointly", lang))
        for a in q.answers:
            values = join((value_text(v, q.fact, lang) for v in a.values), lang)
            rulings = join((f"{c}: {ruling_label(r, lang)}" for c, r in a.rulings), lang)
            lines.append("        " + _m("answer", lang, value=values, rulings=rulings,
                                         verdict=outcome_label(a.outcome, lang),
                                         citation=_cite(a.citation, lang)).rstrip())
    return lines


def explanation_text(x: Explanation, lang: str = "en", statutes: Optional[Catalogue] = None) -> str:
    """``amnestyrules explain`` as text (``statutes``: the catalogue, for statute names in reasons)."""
    d, o = x.decree, x.outcome
    title = d.title_ar if lang == "ar" else d.title_en
    lines = [_m("explain_title", lang, profile=x.profile.id, decree=decree_short(d.id, lang),
                issued=d.issued.isoformat(), title=title),
             "  " + _m("verdict", lang, verdict=outcome_label(o.outcome, lang),
                       confidence=confidence_label(o.confidence, lang))]
    lines += [f"  {reason_text(r, lang, statutes)}" for r in o.reasons]
    for c in o.conditions:
        lines.append("  " + _m("condition", lang, charge=c.charge, text=c.text_ar if lang == "ar" else c.text_en,
                               by=c.by.isoformat() if c.by else "-", citation=_cite(c.citation, lang)))
    lines += _rulings_text(x, lang, statutes)
    lines += _blocking_text(x.blocking, lang)
    lines += _counterfactuals_text(x, lang)
    lines += _questions_text(x, lang)
    for w in o.warnings:
        lines.append("  " + _m("warning", lang, text=reason_text(w, lang, statutes)))
    return bidi_text("\n".join(lines), lang) + "\n"


def explanation_json(x: Explanation) -> dict[str, Any]:
    """``amnestyrules explain --format json`` (documented in docs/analysis.md)."""
    d, o = x.decree, x.outcome
    return {
        "profile": x.profile.id, "decree": d.id, "issued": d.issued.isoformat(),
        "outcome": o.outcome, "confidence": o.confidence,
        "charges": [{"charge": r.charge, "ruling": r.ruling,
                     "provision": _provision_or_cite(d, r) or None,
                     "citation": r.citation.to_json() if r.citation else None} for r in o.rulings],
        "conditions": [c.to_json() for c in o.conditions],
        "blocking": x.blocking.to_json(),
        "counterfactuals": [{"charge": charge, "ruling": o.ruling_for(charge).ruling,
                             "changes": [c.to_json() for c in items]}
                            for charge, items in x.counterfactuals.items()],
        "questions": [q.to_json() for q in x.questions],
        "warnings": [reason_text(w, "en") for w in o.warnings],
    }


def comparison_text(c: Comparison, lang: str = "en") -> str:
    """``amnestyrules compare`` as an aligned table: one decree per line, one column per charge."""
    def ruling(r: Optional[str]) -> str:
        return "-" if r is None else (r if lang == "en" else ruling_label(r, lang))

    def blocking(row: DecreeRow) -> str:
        if row.blocking.sets == (frozenset(),):
            return "-"
        if row.blocking.nothing_frees:
            return _m("none_frees_short", lang)
        sets = list(row.blocking.sets) or ([row.blocking.irreducible] if row.blocking.irreducible else [])
        return " | ".join("+".join(_ordered(s, c.charges)) for s in sets) + ("" if row.blocking.complete else " ?")

    header = [_m("col_decree", lang), _m("col_issued", lang), _m("col_verdict", lang), _m("col_blocking", lang)]
    header += list(c.charges)
    table = [header] + [[r.decree, r.issued.isoformat(), r.outcome if lang == "en" else outcome_label(r.outcome, lang),
                         blocking(r)] + [ruling(r.rulings.get(ch)) for ch in c.charges] for r in c.rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [_m("compare_title", lang, profile=c.profile, count=len(c.rows))]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
    if c.closest:
        row = c.row(c.closest)
        lines.append(_m("closest", lang, decree=decree_short(row.decree, lang), count=row.blocking.smallest,
                        verdict=outcome_label(row.outcome, lang)))
    else:
        lines.append(_m("no_closest", lang))
    if lang == "ar":      # the table keeps its left-to-right columns; only the sentences are Arabic
        lines[0], lines[-1] = bidi_text(lines[0], lang), bidi_text(lines[-1], lang)
    return "\n".join(lines) + "\n"


# =========================================================================== command line

def _as_of(args: argparse.Namespace) -> Optional[dt.date]:
    return parse_date(args.as_of, Node(args.as_of, "<command line>", "--as-of")) if args.as_of else None


def cmd_explain(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.rules or [])
    decree = corpus.decree(args.decree)
    profile = load_profile_file(args.profile, corpus.catalogue)
    x = explain(profile, decree, corpus, backend=args.backend, as_of=_as_of(args))
    if args.format == "json":
        print(json.dumps(explanation_json(x), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(explanation_text(x, args.lang, corpus.catalogue))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.rules or [])
    decrees = [corpus.decree(d) for d in args.decree] if args.decree else None
    profile = load_profile_file(args.profile, corpus.catalogue)
    c = compare(profile, corpus, decrees=decrees, backend=args.backend, as_of=_as_of(args))
    if args.format == "json":
        print(json.dumps(c.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(comparison_text(c, args.lang))
    return 0


def _shared_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("profile", help="profile file (YAML or JSON)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("en", "ar"), default="en", help="language of the text output")
    p.add_argument("--backend", choices=BACKENDS, default="python")
    p.add_argument("--as-of", metavar="DATE", help="judge surrender deadlines as of this date (YYYY-MM-DD)")


def register_command(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``explain`` and ``compare`` to the ``amnestyrules`` command line (called by cli.py)."""
    p = sub.add_parser("explain", help="why a decree does not free a profile, and what would")
    _shared_options(p)
    p.add_argument("--decree", required=True, metavar="ID", help="decree id, e.g. LD-7-2022")
    common(p)
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("compare", help="every decree against a profile: rulings, verdicts, the closest decree")
    _shared_options(p)
    p.add_argument("--decree", action="append", metavar="ID", help="only these decrees; may repeat")
    common(p)
    p.set_defaults(func=cmd_compare)
