"""Sentence arithmetic: what a decree's benefit does to a sentence being served.

The timeline (:mod:`amnestyrules.timeline`) decides *which* benefit a decree gives a charge
(through :func:`amnestyrules.evaluate`); this module decides what that benefit does to the
dates. The legal choices the decrees leave open each live in one place here, so a lawyer who
reads them differently changes one line:

* :data:`FRACTION_BASE` - a fraction ("remission of a third of the penalty") is taken of the
  term as it stands (the imposed term, as earlier decrees left it), not of what remains to be
  served. Decrees say "of the penalty" (من العقوبة), and the penalty is what the court imposed;
  the ministry's practice applies the fraction to the judgment. ``"remainder"`` is the other
  reading and is implemented too.
* :func:`add_term` - how a term in years becomes a date: whole months on the calendar
  (relativedelta, so 31 January + 1 month = 28/29 February), a leftover part of a month as
  days at 30 days a month, part-days dropped (in the prisoner's favour).
* :func:`concurrent_release` - the concurrence rule for several sentences (Penal Code
  Art. 204-205, merger).
* A benefit never releases anyone before the decree's date: a cut or a commutation whose new
  term is already served frees the person on the date the decree takes effect.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Literal, Optional, Sequence

import attrs
from dateutil.relativedelta import relativedelta

#: Which term a fraction is taken of: "imposed_term" (the term as it stands) or "remainder"
#: (what is left to serve on the decree's date). See the module docstring and docs/timeline.md.
FRACTION_BASE: Literal["imposed_term", "remainder"] = "imposed_term"

#: Penalties that keep nobody in custody: they appear in the timeline but never delay release.
NON_CUSTODIAL = frozenset({"fine", "civil-degradation", "banishment"})

#: A month part counts 30 days (the Penal Code family's way of counting a penalty's month).
DAYS_PER_MONTH = 30

#: The Penal Code articles on concurrent offences, cited by the concurrence rule.
CONCURRENCE_ARTICLES = "204-205"


@attrs.frozen
class Sentence:
    """One charge's sentence as it stands: kind, term and the day it ends.

    ``term`` is in years (a Fraction, so a third of ten years is exact) and is None for a
    penalty without an end (death, life). ``end`` is the first day the person is no longer
    held on this sentence, None while the penalty has no end. ``cleared`` is set when a
    decree pardoned the sentence while it was running.
    """

    charge: str
    kind: str
    term: Optional[Fraction]
    start: dt.date
    end: Optional[dt.date]
    custodial: bool = True
    cleared: bool = False

    def running_on(self, day: dt.date) -> bool:
        """Whether the sentence still holds the person on ``day``."""
        return self.end is None or self.end > day


#: What a decree did to one sentence.
Effect = Literal["cleared", "cut", "commuted", "unchanged", "already_ended", "not_applied"]


def split_term(years: Fraction) -> tuple[int, int, int]:
    """A term as (years, months, days): whole calendar months, then a month part at 30 days."""
    months = years * 12
    whole = math.floor(months)
    return whole // 12, whole % 12, math.floor((months - whole) * DAYS_PER_MONTH)


def add_term(start: dt.date, years: Fraction) -> dt.date:
    """The day a term of ``years`` counted from ``start`` ends (see the module docstring)."""
    y, m, d = split_term(years)
    return start + relativedelta(years=y, months=m) + dt.timedelta(days=d)


def as_years(value: float | int | Fraction) -> Fraction:
    """A term from a profile (a float such as 6.5) as an exact Fraction of years."""
    return Fraction(str(value)).limit_denominator(1200) if not isinstance(value, Fraction) else value


def new_sentence(charge: str, kind: str, years: Optional[float], start: dt.date, temporary: bool) -> Sentence:
    """The sentence a court imposed, before any decree."""
    custodial = kind not in NON_CUSTODIAL
    if not temporary:
        return Sentence(charge, kind, None, start, None, custodial)
    term = as_years(years or 0)
    return Sentence(charge, kind, term, start, add_term(start, term), custodial)


def pardon(s: Sentence, on: dt.date) -> tuple[Effect, Sentence]:
    """A full pardon clears the sentence on the decree's date (if it was still running)."""
    if not s.running_on(on):
        return "already_ended", s
    return "cleared", attrs.evolve(s, end=on, cleared=True)


def cut(s: Sentence, fraction: Fraction, on: dt.date, base: Optional[str] = None) -> tuple[Effect, Sentence]:
    """Remit ``fraction`` of the sentence, taken of :data:`FRACTION_BASE` (or ``base``)."""
    if not s.running_on(on):
        return "already_ended", s
    if s.term is None or s.end is None:
        return "not_applied", s          # a fraction of death or life is no term at all
    base = base or FRACTION_BASE
    if base == "imposed_term":
        term = s.term * (1 - fraction)
        end = add_term(s.start, term)
    elif base == "remainder":
        remaining = (s.end - on).days
        end = on + dt.timedelta(days=math.floor(remaining * (1 - fraction)))
        term = s.term - Fraction(remaining, 365) * fraction
    else:
        raise ValueError(f"unknown fraction base {base!r}")
    return "cut", attrs.evolve(s, term=term, end=max(end, on))


def commute(s: Sentence, to: str, years: Optional[float], temporary: bool, on: dt.date) -> tuple[Effect, Sentence]:
    """Replace the penalty: death -> life, life -> N years counted from the sentence's start.

    Time already served counts: the new term runs from the day the sentence started, and
    if that term is already over the person goes free on the decree's date.
    """
    if not s.running_on(on):
        return "already_ended", s
    custodial = to not in NON_CUSTODIAL
    if not temporary or years is None:
        return "commuted", attrs.evolve(s, kind=to, term=None, end=None, custodial=custodial)
    term = as_years(years)
    return "commuted", attrs.evolve(s, kind=to, term=term, end=max(add_term(s.start, term), on),
                                    custodial=custodial)


@attrs.frozen
class Release:
    """When the person leaves prison under the concurrence rule, and which charges decide it.

    ``day`` is None when no custodial sentence is left (nothing holds them) or when one has
    no end (``indefinite``); ``charges`` are the ones that keep the person inside longest.
    """

    day: Optional[dt.date]
    indefinite: bool
    charges: tuple[str, ...]


def concurrent_release(sentences: Sequence[Sentence]) -> Release:
    """Penal Code Art. 204-205, merger: the heaviest sentence absorbs the others.

    The sentences are served at the same time, each counted from its own start, so the
    person is held until the heaviest one - the one that keeps them inside longest - ends:
    a penalty without an end (death, life) first, then the latest end. Cumulation ordered by
    a court (sentences served one after another) is not modelled; a lawyer can approximate it
    by giving the later sentence's start as the earlier one's end. Change this function to
    change the rule for every timeline.
    """
    held = [s for s in sentences if s.custodial]
    if not held:
        return Release(None, False, ())
    endless = tuple(s.charge for s in held if s.end is None)
    if endless:
        return Release(None, True, endless)
    last = max(s.end for s in held if s.end is not None)
    return Release(last, False, tuple(s.charge for s in held if s.end == last))
