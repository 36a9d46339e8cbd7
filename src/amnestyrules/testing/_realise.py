"""Turning wants into a valid person and charge: dates the loader accepts, penalties the class can
carry, derived facts stated only as they follow."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Optional, Sequence, Union

import attrs
from dateutil.relativedelta import relativedelta

from amnestyrules.case.derived import derived_from_profile
from amnestyrules.case.model import Charge, Penalty, Person
from amnestyrules.engine.grounding import age_on
from amnestyrules.facts import CHARGE_FACTS, UNKNOWN, Tri
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.fields import fact_field
from amnestyrules.law.model import (
    OFFENCE_CLASSES,
    STAGES,
    WHEREABOUTS,
    Decree,
    Exclusion,
    Provision,
)
from amnestyrules.law.predicates import (
    Predicate,
)
from amnestyrules.testing._articles import _PARAGRAPHS, _choose_article
from amnestyrules.testing._dates import TYPICAL_BIRTHS, _pick_date
from amnestyrules.testing._draw import (
    EARLIEST_BIRTH,
    KNOWN_NATIONALITIES,
    Draw,
    _chance,
    _date_between,
    _pick,
    _rate,
    _today,
)
from amnestyrules.testing._solver import Wants, _Want


@attrs.frozen
class _Context:
    corpus: Corpus
    decree: Optional[Decree]
    unknown_rate: float
    interesting: Mapping[str, tuple[int, ...]]

    @property
    def catalogue(self) -> Catalogue:
        return self.corpus.catalogue

    @property
    def issued(self) -> dt.date:
        return self.decree.issued if self.decree is not None else _today()


def _enum(draw: Draw, w: Optional[_Want], choices: Sequence[Any]) -> Optional[Any]:
    """A value of ``choices`` the want allows (the wanted one if fixed); None if none does."""
    w = w or _Want()
    if w.fixed:
        return w.eq if w.eq in choices else None
    options = [c for c in choices if w.allows(c)]
    return _pick(draw, options) if options else None


def _tri(draw: Draw, w: Optional[_Want], rate: float) -> Optional[Tri]:
    """A three-valued fact: what the witness wants, else unknown at ``rate``, else either."""
    if w is None or (not w.fixed and not w.ne and w.present is None):
        if _rate(draw, rate):
            return Tri.UNKNOWN
        return Tri.of(_chance(draw, 1, 2))
    value = _enum(draw, w, (True, False))
    return None if value is None else Tri.of(value)


def _age_window(day: dt.date, w: Optional[_Want]) -> tuple[dt.date, dt.date]:
    """Birth dates that give an age within the want's bounds on ``day``."""
    lo_age = max(w.lo if w and w.lo is not None else 0, 0)
    hi_age = w.hi if w and w.hi is not None else 120
    if w is not None and w.fixed:
        lo_age = hi_age = int(w.eq)
    latest = day - relativedelta(years=lo_age)
    earliest = day - relativedelta(years=hi_age + 1) + dt.timedelta(days=1)
    return earliest, latest


def _intersect(*windows: tuple[dt.date, dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    lo = max(w[0] for w in windows)
    hi = min(w[1] for w in windows)
    return (lo, hi) if lo <= hi else None


def _day_window(w: Optional[_Want]) -> tuple[dt.date, dt.date]:
    lo, hi = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
    if w is None:
        return lo, hi
    if w.fixed and isinstance(w.eq, int):
        day = dt.date.fromordinal(w.eq)
        return day, day
    if w.lo is not None:
        lo = max(lo, dt.date.fromordinal(max(w.lo, 1)))
    if w.hi is not None:
        hi = min(hi, dt.date.fromordinal(max(w.hi, 1)))
    return lo, hi


def _realise_person(draw: Draw, wants: Wants, ctx: _Context, offence_hint: Optional[dt.date]) -> Optional[Person]:
    """A Person satisfying the person-level wants (nationality, whereabouts, ages, ...)."""
    rate = ctx.unknown_rate
    nw = wants.get("nationality")
    nationality: Optional[str] = "unknown" if nw is None and _rate(draw, rate) \
        else _enum(draw, nw, KNOWN_NATIONALITIES)
    if nationality is None:
        return None
    whereabouts = _enum(draw, wants.get("whereabouts"), WHEREABOUTS)
    if whereabouts is None:
        return None
    illness = _tri(draw, wants.get("person__incurable_illness"), rate)
    if illness is None:
        return None
    today = _today()
    aw_issue, aw_offence = wants.get("age_at_issue"), wants.get("age_at_offence")
    windows = [(EARLIEST_BIRTH, today)]
    if aw_issue is not None:
        windows.append(_age_window(ctx.issued, aw_issue))
    if aw_offence is not None and offence_hint is not None:
        windows.append(_age_window(offence_hint, aw_offence))
    if offence_hint is not None:
        # Born early enough to have reached the age of criminal responsibility (the loader refuses younger).
        windows.append((EARLIEST_BIRTH, ctx.catalogue.latest_birth(offence_hint)))
    window = _intersect(*windows)
    if window is None:
        return None
    if aw_issue is None and aw_offence is None and _rate(draw, rate):
        born: Any = UNKNOWN
    else:
        ages = ctx.interesting.get("age_at_issue", ())
        near = [(ctx.issued - relativedelta(years=a)).toordinal() for a in ages]
        born = _pick_date(draw, window[0], window[1], near, TYPICAL_BIRTHS)
    sw = wants.get("surrendered_day")
    surrendered: Optional[dt.date] = None
    wants_surrender = sw is not None and (sw.present is True or sw.fixed or sw.lo is not None or sw.hi is not None)
    if wants_surrender or (sw is None and _chance(draw, 1, 5)):
        start = born if isinstance(born, dt.date) else EARLIEST_BIRTH
        win = _intersect((start, today), _day_window(sw))
        if win is None:
            return None
        surrendered = _pick_date(draw, win[0], win[1], ctx.interesting.get("surrendered_day", ()))
    return Person(nationality=nationality, born=born, incurable_illness=illness, whereabouts=whereabouts,
                  surrendered_on=surrendered)


def _seed_from_person(person: Person, ctx: _Context) -> Wants:
    """Wants that pin the person-level ground fields a fixed person already determines."""
    wants: Wants = {}
    if person.nationality != "unknown":
        wants["nationality"] = _Want(eq=person.nationality, present=True)
    wants["whereabouts"] = _Want(eq=person.whereabouts, present=True)
    if person.incurable_illness is not Tri.UNKNOWN:
        wants["person__incurable_illness"] = _Want(eq=person.incurable_illness is Tri.TRUE, present=True)
    if isinstance(person.born, dt.date):
        wants["age_at_issue"] = _Want(eq=age_on(person.born, ctx.issued), present=True)
    if person.surrendered_on is None:
        wants["surrendered_day"] = _Want(present=False)
    else:
        wants["surrendered_day"] = _Want(eq=person.surrendered_on.toordinal(), present=True)
    return wants


def _realise(draw: Draw, wants: Wants, ctx: _Context, person: Optional[Person],
             charge_id: str) -> Optional[tuple[Charge, Person]]:
    """A Charge (and, when ``person`` is None, a Person) meeting the witness ``wants``."""
    rate = ctx.unknown_rate
    cat = ctx.catalogue
    today = _today()
    art = _choose_article(draw, cat, wants, ctx.interesting.get("article_num", ()))
    if art is None:
        return None
    sufw = wants.get("article_suffix")
    if sufw is not None and sufw.fixed:
        suffix = str(sufw.eq)
    elif sufw is not None and sufw.ne:
        suffix = "bis" if sufw.allows("bis") else ""
    else:
        suffix = "bis" if _chance(draw, 1, 12) else ""
    if sufw is not None and not sufw.allows(suffix):
        return None
    pw = wants.get("paragraph")
    paragraph: Optional[str]
    if pw is not None and pw.fixed:
        paragraph = str(pw.eq)
    elif pw is not None and pw.present is True:
        paragraph = _enum(draw, pw, _PARAGRAPHS)
        if paragraph is None:
            return None
    elif pw is not None and pw.present is False:
        paragraph = None
    else:
        paragraph = _pick(draw, _PARAGRAPHS) if _chance(draw, 1, 3) else None
        if pw is not None and paragraph is not None and not pw.allows(paragraph):
            paragraph = None
    article_text = f"{art.number}{' ' + suffix if suffix else ''}"
    if paragraph is not None and _chance(draw, 1, 3):
        article_text += f"({paragraph})"

    # Offence class: the catalogue's, unless the witness needs another (a charge may state it).
    cw = wants.get("offence_class")
    klass: Optional[str] = None
    if cw is not None and (cw.fixed or cw.ne):
        if art.offence_class is None or not cw.allows(art.offence_class):
            klass = _enum(draw, cw, OFFENCE_CLASSES)
            if klass is None:
                return None
    elif art.offence_class is None and not _rate(draw, rate):
        klass = _pick(draw, OFFENCE_CLASSES)

    # Stage and penalty (an accused usually has no penalty yet: the penalty is then unknown).
    penw = wants.get("penalty")
    needs_penalty = penw is not None and (penw.fixed or penw.present is True or bool(penw.ne))
    stw = wants.get("stage")
    if needs_penalty and (stw is None or not stw.fixed):
        stage = _enum(draw, stw, tuple(s for s in STAGES if s != "accused")) or _enum(draw, stw, STAGES)
    else:
        stage = _enum(draw, stw, STAGES)
    if stage is None:
        return None
    # The penalty is one the charge's class can carry (Catalogue.penalty_fits: a felony may be
    # mitigated to any penalty, a misdemeanour never carries a felony penalty): the loader
    # refuses other combinations and the engine never explores them.
    kinds = tuple(cat.penalties)
    effective = klass or art.offence_class
    fitting = tuple(k for k in kinds if cat.penalty_fits(k, effective))
    kind: Optional[str]
    if needs_penalty:
        kind = _enum(draw, penw, fitting) if fitting else None
        if kind is None:
            # Only a kind of another class meets the witness: state that class, if it may be.
            kind = _enum(draw, penw, kinds)
            if kind is None or (cw is not None and not cw.allows(cat.penalties[kind].offence_class)):
                return None
            klass = cat.penalties[kind].offence_class
    elif stage == "accused" or _rate(draw, rate) or not fitting:
        kind = None
    else:
        kind = _pick(draw, fitting)

    # Dates: the offence day and ages tie the charge to the person's birth.
    ow = wants.get("offence_day")
    age_off = wants.get("age_at_offence")
    if person is not None:
        born = person.born
    else:
        born = None  # decided with the person below
    lo = born if isinstance(born, dt.date) else EARLIEST_BIRTH
    # Not before the statute took effect, nor before the person could be prosecuted (the loader refuses both).
    floor = cat.earliest_offence(art.statute, born if isinstance(born, dt.date) else None)
    lo = max(lo, floor) if floor is not None else lo
    windows = [(lo, today), _day_window(ow)]
    if isinstance(born, dt.date) and age_off is not None:
        windows.append(_age_window_inverse(born, age_off))
    window = _intersect(*windows)
    if window is None:
        return None
    offence_unknown = ow is None and age_off is None and _rate(draw, rate)
    offence: Any = UNKNOWN if offence_unknown else \
        _pick_date(draw, window[0], window[1], ctx.interesting.get("offence_day", ()))

    if person is None:
        person = _realise_person(draw, wants, ctx, offence if isinstance(offence, dt.date) else None)
        if person is None:
            return None
        if isinstance(offence, dt.date) and isinstance(person.born, dt.date) and \
                offence < (cat.earliest_offence(art.statute, person.born) or person.born):
            return None

    years: Optional[float] = None
    start: Optional[dt.date] = None
    if kind is not None:
        if cat.penalties[kind].temporary:
            years = _pick(draw, (0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0))
        if isinstance(offence, dt.date) and _chance(draw, 1, 2):
            start = _date_between(draw, offence, today)
    penalty = Penalty(kind, years, start) if kind is not None else None

    facts: dict[str, Tri] = {}
    for name in CHARGE_FACTS:
        value = _tri(draw, wants.get(fact_field(name)), rate)
        if value is None:
            return None
        if value is Tri.UNKNOWN and _chance(draw, 1, 2):
            continue  # an absent fact is unknown too; draw both spellings
        facts[name] = value

    hw = wants.get("hostage_released_day")
    hostage: Any
    if hw is not None and hw.present is False:
        hostage = None
    elif hw is not None and (hw.present or hw.fixed or hw.lo is not None or hw.hi is not None):
        start_day = offence if isinstance(offence, dt.date) else lo
        win = _intersect((start_day, today), _day_window(hw))
        if win is None:
            return None
        hostage = _pick_date(draw, win[0], win[1], ctx.interesting.get("hostage_released_day", ()))
    else:
        hostage = UNKNOWN if _rate(draw, max(rate, 0.0)) or _chance(draw, 1, 2) and rate > 0 else \
            _pick(draw, (None, "date"))
        if hostage == "date":
            start_day = offence if isinstance(offence, dt.date) else lo
            hostage = _pick_date(draw, min(start_day, today), today, ctx.interesting.get("hostage_released_day", ()))

    charge = Charge(id=charge_id, statute=art.statute, article=article_text, paragraph=paragraph,
                    offence_date=offence, stage=stage, penalty=penalty, facts=facts, offence_class=klass,
                    hostage_released_on=hostage)
    # Facts the profile's own fields settle (juvenile from the two dates, arrested from the
    # whereabouts, final_judgment from the stage) are stated only as they follow, or left out:
    # the loader refuses a contradiction, and a witness that needs one cannot be realised here.
    settled = derived_from_profile(charge, person)
    if settled:
        fixed = dict(facts)
        for name, d in settled.items():
            w = wants.get(fact_field(name))
            if w is not None and not w.allows(d.value):
                return None
            if fixed.get(name, Tri.UNKNOWN) is not Tri.UNKNOWN and fixed[name] is not Tri.of(d.value):
                fixed[name] = Tri.of(d.value)
        charge = attrs.evolve(charge, facts=fixed)
    return charge, person


def _age_window_inverse(born: dt.date, w: _Want) -> tuple[dt.date, dt.date]:
    """Offence dates at which a person born on ``born`` has an age within the want's bounds."""
    lo_age = max(w.lo if w.lo is not None else 0, 0)
    hi_age = w.hi if w.hi is not None else 120
    if w.fixed:
        lo_age = hi_age = int(w.eq)
    first = born + relativedelta(years=lo_age)
    last = born + relativedelta(years=hi_age + 1) - dt.timedelta(days=1)
    return first, last


def _as_predicate(rule: Union[Predicate, Provision, Exclusion, None]) -> Optional[Predicate]:
    if rule is None:
        return None
    if isinstance(rule, Provision):
        return rule.selector
    if isinstance(rule, Exclusion):
        return rule.when
    return rule


