"""What a profile leaves unknown, and completions that fill it with valid values."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Sequence

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from amnestyrules.case.derived import JUVENILE_AGE, derived_from_profile, effective_facts
from amnestyrules.case.model import Charge, Penalty, Profile
from amnestyrules.engine.checks import check_table
from amnestyrules.engine.grounding import age_on
from amnestyrules.facts import CHARGE_FACTS, UNKNOWN, Tri
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import (
    OFFENCE_CLASSES,
)
from amnestyrules.testing._dates import TYPICAL_BIRTHS, _interesting, _pick_date
from amnestyrules.testing._draw import (
    EARLIEST_BIRTH,
    KNOWN_NATIONALITIES,
    DecreeArg,
    Draw,
    _chance,
    _corpus,
    _decree,
    _pick,
    _today,
)
from amnestyrules.testing._realise import _Context

#: An unknown a lawyer could establish: (charge id or None for the person, fact name).
Unknown = tuple[Optional[str], str]


def unknowns(profile: Profile, catalogue: Optional[Catalogue] = None) -> list[Unknown]:
    """Everything the profile leaves unknown, named as the engine names deciding facts.

    Charge facts by name, ``offence_date``, ``penalty``, ``offence_class`` (when the catalogue
    does not know it and the charge does not state it), ``paragraph`` (when the charge names
    none: where a decree covers one paragraph of an article, which one decides),
    ``hostage_released_on``; person-level ``nationality``, ``born``, ``incurable_illness``
    (charge None).
    """
    from amnestyrules.law.articles import parse_article
    cat = catalogue or default_corpus().catalogue
    out: list[Unknown] = []
    p = profile.person
    if p.nationality == "unknown":
        out.append((None, "nationality"))
    if p.born is UNKNOWN:
        out.append((None, "born"))
    if p.incurable_illness is Tri.UNKNOWN:
        out.append((None, "incurable_illness"))
    for ch in profile.charges:
        # A fact the profile or the catalogue settles is not unknown to the engine (it is never asked).
        settled = effective_facts(ch, p, cat)[0]
        for name in CHARGE_FACTS:
            if settled.get(name, Tri.UNKNOWN) is Tri.UNKNOWN:
                out.append((ch.id, name))
        if ch.offence_date is UNKNOWN:
            out.append((ch.id, "offence_date"))
        if ch.penalty is None:
            out.append((ch.id, "penalty"))
        ref = parse_article(ch.article)
        if ch.offence_class is None and ref is not None and cat.article_info(ch.statute, ref).offence_class is None:
            out.append((ch.id, "offence_class"))
        if ch.paragraph is None and (ref is None or ref.paragraph is None):
            out.append((ch.id, "paragraph"))
        if ch.hostage_released_on is UNKNOWN:
            out.append((ch.id, "hostage_released_on"))
    return out


def fill_unknown(profile: Profile, unknown: Unknown, value: Any) -> Profile:
    """The profile with one unknown replaced by ``value`` (a bool, date, kind or class)."""
    charge_id, name = unknown
    if charge_id is None:
        person = profile.person
        if name == "nationality":
            person = attrs.evolve(person, nationality=value)
        elif name == "born":
            person = attrs.evolve(person, born=value)
        elif name == "incurable_illness":
            person = attrs.evolve(person, incurable_illness=Tri.of(value))
        else:
            raise KeyError(name)
        return attrs.evolve(profile, person=person)
    new = []
    for ch in profile.charges:
        if ch.id == charge_id:
            if name in CHARGE_FACTS:
                ch = attrs.evolve(ch, facts={**ch.facts, name: Tri.of(value)})
            elif name == "offence_date":
                ch = attrs.evolve(ch, offence_date=value)
            elif name == "penalty":
                ch = attrs.evolve(ch, penalty=value)
            elif name == "offence_class":
                ch = attrs.evolve(ch, offence_class=value)
            elif name == "paragraph":
                ch = attrs.evolve(ch, paragraph=value)
            elif name == "hostage_released_on":
                ch = attrs.evolve(ch, hostage_released_on=value)
            else:
                raise KeyError(name)
        new.append(ch)
    return attrs.evolve(profile, charges=tuple(new))


def _fill_value(draw: Draw, profile: Profile, unknown: Unknown, ctx: _Context) -> Any:
    """A value for one unknown that keeps the profile valid (dates after birth, not after today)."""
    charge_id, name = unknown
    today = _today()
    person = profile.person
    if charge_id is None:
        if name == "nationality":
            return _pick(draw, KNOWN_NATIONALITIES)
        if name == "incurable_illness":
            return draw(st.booleans())
        # born: not after any known offence date nor the surrender date
        latest = min([today] + [c.offence_date for c in profile.charges if isinstance(c.offence_date, dt.date)]
                     + ([person.surrendered_on] if person.surrendered_on else []))
        earliest = min(EARLIEST_BIRTH, latest)
        # A stated juvenile fact bounds the birth date (the loader refuses a contradiction).
        for c in profile.charges:
            if isinstance(c.offence_date, dt.date) and c.fact("juvenile") is not Tri.UNKNOWN:
                adult_if_born_by = c.offence_date - relativedelta(years=JUVENILE_AGE)
                if c.fact("juvenile") is Tri.TRUE:
                    first = adult_if_born_by + dt.timedelta(days=1)
                    while age_on(first, c.offence_date) >= JUVENILE_AGE:   # 29 February
                        first += dt.timedelta(days=1)
                    earliest = max(earliest, first)
                else:
                    latest = min(latest, adult_if_born_by)
        near = [(ctx.issued - relativedelta(years=a)).toordinal() for a in ctx.interesting.get("age_at_issue", ())]
        return _pick_date(draw, min(earliest, latest), latest, near, TYPICAL_BIRTHS)
    charge = next(c for c in profile.charges if c.id == charge_id)
    if name in CHARGE_FACTS:
        settled = derived_from_profile(charge, person)   # settled by a date filled just before
        return settled[name].value if name in settled else draw(st.booleans())
    if name == "offence_date":
        lo = person.born if isinstance(person.born, dt.date) else EARLIEST_BIRTH
        if isinstance(person.born, dt.date):
            lo = ctx.catalogue.earliest_offence(charge.statute, person.born) or lo
        hi = min(today, charge.penalty.start) if charge.penalty and charge.penalty.start else today
        if isinstance(person.born, dt.date) and charge.fact("juvenile") is not Tri.UNKNOWN:
            of_age = person.born + relativedelta(years=JUVENILE_AGE)   # first day of adulthood
            if charge.fact("juvenile") is Tri.TRUE:
                hi = min(hi, of_age - dt.timedelta(days=1))
            else:
                lo = max(lo, of_age)
        return _pick_date(draw, min(lo, hi), hi, ctx.interesting.get("offence_day", ()))
    if name == "penalty":   # a kind the article can carry (as the engine explores it) and its class too
        klass = charge.offence_class or _catalogue_class(ctx.catalogue, charge)
        kinds = tuple(k for k in _article_penalties(ctx.catalogue, charge) or ctx.catalogue.penalties
                      if ctx.catalogue.penalty_fits(k, klass))
        kind = _pick(draw, kinds or tuple(ctx.catalogue.penalties))
        years = 5.0 if ctx.catalogue.penalties[kind].temporary else None
        return Penalty(kind, years)
    if name == "offence_class":   # a class that can carry the penalty, when the penalty is known
        classes = tuple(c for c in OFFENCE_CLASSES
                        if charge.penalty is None or ctx.catalogue.penalty_fits(charge.penalty.kind, c))
        return _pick(draw, classes or OFFENCE_CLASSES)
    if name == "paragraph":   # one the decree names (it decides there), or one it does not
        named = sorted(str(v) for v in check_table(ctx.decree).constants.get("paragraph", ())) \
            if ctx.decree is not None else []
        return _pick(draw, named + ["9"])
    if name == "hostage_released_on":
        if _chance(draw, 1, 2):
            return None
        lo = charge.offence_date if isinstance(charge.offence_date, dt.date) else EARLIEST_BIRTH
        return _pick_date(draw, min(lo, today), today, ctx.interesting.get("hostage_released_day", ()))
    raise KeyError(name)


def _catalogue_class(catalogue: Catalogue, charge: Charge) -> Optional[str]:
    from amnestyrules.law.articles import parse_article
    ref = parse_article(charge.article)
    return catalogue.article_info(charge.statute, ref).offence_class if ref is not None else None


def _article_penalties(catalogue: Catalogue, charge: Charge) -> Optional[tuple[str, ...]]:
    """The penalty kinds the catalogue lists for the charged article (None: not listed): an
    unknown penalty is explored only among these, so a completion draws from them too."""
    from amnestyrules.law.articles import parse_article
    ref = parse_article(charge.article)
    return catalogue.article_info(charge.statute, ref).penalties if ref is not None else None


def completions(profile: Profile, *, decree: DecreeArg = None, corpus: Optional[Corpus] = None,
                only: Optional[Sequence[Unknown]] = None) -> st.SearchStrategy[Profile]:
    """The profile with every unknown (or every unknown in ``only``) replaced by a valid value.

    Used to check that an 'undetermined' answer allowed whatever the facts turn out to be,
    and that a determined answer does not move when an unknown becomes known::

        >>> full = completions(profile, decree="LD-7-2022").example()    # doctest: +SKIP
        >>> unknowns(full)                                                 # doctest: +SKIP
        []
    """

    @st.composite
    def build(draw: Draw) -> Profile:
        c = _corpus(corpus)
        d = _decree(decree, c)
        ctx = _Context(c, d, 0.0, _interesting(d, c))
        todo = list(only) if only is not None else unknowns(profile, c.catalogue)
        out = profile
        # The person's birth first: the offence dates drawn next must come after it.
        todo.sort(key=lambda u: (u[0] is not None, u[1] != "born"))
        for u in todo:
            out = fill_unknown(out, u, _fill_value(draw, out, u, ctx))
        return out

    return build()


