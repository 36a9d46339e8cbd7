"""Counterfactuals: for each charge that blocks release (or is undetermined), the single changes
that would make the decree pardon it (a fact, the offence date, an article of the same statute the
decree covers, a surrender or hostage release by a date, nationality), each with the clause that
makes the difference. Every answer is found by re-evaluating a modified profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Optional, Sequence, Union

import attrs
from dateutil.relativedelta import relativedelta

from amnestyrules.analysis.blocking import BlockingSets, _blocking
from amnestyrules.analysis.engine import (
    MAX_ARTICLE_CANDIDATES,
    MAX_SUBSETS,
    RELEASING_OUTCOMES,
    RELEASING_RULINGS,
    DecreeRef,
    _Engine,
    _engine,
)
from amnestyrules.analysis.whatif import _apply, _Probe, _WhatIf  # noqa: F401  (_apply: the tests use it from here)
from amnestyrules.case.model import Charge, Penalty, Profile
from amnestyrules.engine.answers import Outcome, Ruling
from amnestyrules.engine.backends import Backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.checks import CheckTable
from amnestyrules.facts import CHARGE_FACTS, UNKNOWN, Tri
from amnestyrules.law.articles import parse_article
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.fields import fact_field
from amnestyrules.law.model import OFFENCE_CLASSES, Citation

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
    # Not the charged article itself (another paragraph of it is a different offence, so it stays).
    ref = parse_article(charge.article)
    same = {(ref.number, None), (ref.number, charge.paragraph or ref.paragraph)} if ref else set()
    candidates = [(n, None) for n in sorted(numbers)] + [(n, p) for n in named for p in paragraphs]
    kept = [(n, p) for n, p in candidates if (n, p) not in same][:MAX_ARTICLE_CANDIDATES]
    return [ArticleChoice(charge.statute, str(n) if p is None else f"{n}({p})", p) for n, p in kept]


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


def _flips(whatif: _WhatIf, charge: Charge, before: Ruling, probe: _Probe,
           trials: Sequence[tuple[Any, Ruling]]) -> Optional[list[Counterfactual]]:
    """The trials that lift the charge, one counterfactual per distinct way of lifting it (None if
    the budget ran out before each could be said to free the person or not)."""
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
        after_all = whatif.outcome(probe, value)
        if after_all is None:
            return None
        frees = after_all.outcome in RELEASING_OUTCOMES
        out.append(Counterfactual(charge.id, before.ruling, change, after.ruling,
                                  _provision_label(whatif.engine, after),
                                  after.citation, _clause(before, after, probe.field), frees, after.confidence))
    return out


def _targets(profile: Profile, full: Outcome, blocking: BlockingSets) -> list[str]:
    """Charges worth explaining: those in a blocking set, undetermined ones, and, when nothing can
    free the person, every charge the decree does not lift (so the lawyer still sees each one)."""
    in_sets = set().union(*blocking.sets) | (blocking.irreducible or frozenset())
    return [r.charge for r in full.rulings
            if r.charge in in_sets or r.ruling == "undetermined"
            or (not blocking.sets and r.ruling not in RELEASING_RULINGS)]


def _counterfactuals(whatif: _WhatIf, targets: Sequence[str]) -> dict[str, list[Counterfactual]]:
    """The changes that lift each target charge. A charge whose changes could not all be tried
    within the request's budget is recorded in ``budget.unexplored`` as ("counterfactuals", id)."""
    engine, profile, full = whatif.engine, whatif.profile, whatif.full
    out: dict[str, list[Counterfactual]] = {t: [] for t in targets}
    person_deciding = {d.fact for d in full.deciding_facts if d.charge is None}
    person_probes = [p for p in _person_probes(engine, profile) if _worth_trying(p, person_deciding)] \
        if targets else []
    for charge in profile.charges:
        if charge.id not in out:
            continue
        if not _charge_counterfactuals(whatif, charge, person_probes, out[charge.id]):
            engine.budget.skip("counterfactuals", charge.id)
    return out


def _charge_counterfactuals(whatif: _WhatIf, charge: Charge, person_probes: Sequence[_Probe],
                            found: list[Counterfactual]) -> bool:
    """Add the changes that lift one charge to ``found``; False if the budget ran out first."""
    engine, profile = whatif.engine, whatif.profile
    before = whatif.full.ruling_for(charge.id)
    deciding = {d.fact for d in before.deciding_facts if d.charge == charge.id}
    probes = [p for p in _charge_probes(engine, profile, charge) if _worth_trying(p, deciding)]
    for probe in probes + list(person_probes):
        trials: list[tuple[Any, Ruling]] = []
        for v in probe.values:
            if probe.scope == "charge":
                ruling = whatif.ruling(probe, v)
            else:
                changed = whatif.outcome(probe, v)
                ruling = changed.ruling_for(charge.id) if changed is not None else None
            if ruling is None:
                return False
            trials.append((v, ruling))
        flips = _flips(whatif, charge, before, probe, trials)
        if flips is None:
            return False
        found += flips
    return True


def counterfactuals(profile: Profile, decree: DecreeRef, corpus: Optional[Corpus] = None, *,
                    backend: Union[str, Backend] = "python", as_of: Optional[dt.date] = None,
                    max_subsets: int = MAX_SUBSETS, budget: Optional[Budget] = None) -> list[Counterfactual]:
    """Single changes that would make ``decree`` lift each charge that keeps the person inside.

    For every charge in a minimal blocking set, and every undetermined charge: each fact
    flipped, the offence date moved across each threshold the decree sets, each article of the
    same statute (from the catalogue and the decree's provisions), a hostage freed or the person
    surrendered by each deadline, each nationality. A change is kept when the charge's ruling
    becomes pardoned or conditional; ``frees_person`` says whether it alone releases the person.
    What the ``budget`` (one per request) could not try is in ``budget.unexplored``.
    """
    engine = _engine(decree, corpus, backend, as_of, budget)
    full = engine.outcome(profile)
    blocking = _blocking(engine, profile, full, max_subsets)
    found = _counterfactuals(_WhatIf(engine, profile, full), _targets(profile, full, blocking))
    return [c for items in found.values() for c in items]


# ---------------------------------------------------------------- questions

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
