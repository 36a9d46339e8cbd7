"""Facts that follow from what a profile already says: derived here, once, and never asked.

A lawyer who wrote a birth date and an offence date has said whether the client was a
juvenile; one who wrote that the client is at large abroad has said he was not arrested. Asking
again is noise, and leaving such a fact unknown turns a settled answer into 'undetermined'.
So the engine reads every charge through :func:`effective_facts`, and the profile loader calls
:func:`check_stated` to refuse a stated fact that contradicts a derived one (one line naming
both fields). Three sources of derivation:

* the person and the charge: ``juvenile`` (under 18 on the offence date, Juveniles Law 18/1974
  Art. 1), ``final_judgment`` (false while the person is only accused), ``arrested`` (false for a
  person at large or one who gave himself up);
* the statute catalogue: facts the offence's legal elements rule out (``cannot_involve``: a
  desertion count involves no death and no victim), taken as false unless the profile states
  them, in which case the stated value is used (the catalogue may be wrong; the lawyer decides);
* nothing else: decrees and backends only read facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Optional

import attrs
from dateutil.relativedelta import relativedelta

from amnestyrules.case.model import Charge, Person
from amnestyrules.errors import InputError
from amnestyrules.facts import UNKNOWN, Tri
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue

#: Age below which an offender is a juvenile (حدث): "who has not completed eighteen years when
#: committing the offence" (Juveniles Law No. 18 of 1974, Art. 1(a)).
JUVENILE_AGE = 18
JUVENILE_SOURCE = "Juveniles Law No. 18 of 1974, Art. 1(a)"

#: The reason keys of derivations. Their citations point at what the fact follows from (the
#: Juveniles Law, the catalogue entry, the profile), not at the decree being evaluated.
DERIVATION_KEYS = frozenset({"derived_juvenile", "derived_no_judgment", "derived_at_large",
                             "derived_surrendered", "does_not_arise"})


@attrs.frozen
class Derivation:
    """One derived fact: its value and why (a message key of the catalogue and its parameters)."""

    fact: str
    value: bool
    because: str
    params: Mapping[str, object] = attrs.field(factory=dict)
    #: from the statute catalogue (the explanation cites the entry) rather than from the profile
    catalogue_entry: Optional[str] = None


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (calendar arithmetic: a birthday on 29 February counts on 28 February).

    The engine asks this for every charge and decree, so it is computed directly rather than through
    ``relativedelta(day, born).years`` (ten times slower), which it equals on every day from birth on
    (tests/test_derived.py checks both over two centuries, every 29 February included); before the
    birth, where the two conventions part, relativedelta answers.
    """
    if day < born:
        return relativedelta(day, born).years
    month, mday = born.month, born.day
    if month == 2 and mday == 29 and not _leap(day.year):
        mday = 28
    return day.year - born.year - ((day.month, day.day) < (month, mday))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def derived_from_profile(charge: Charge, person: Person) -> dict[str, Derivation]:
    """What the person's and the charge's own fields settle."""
    out: dict[str, Derivation] = {}
    if person.born is not UNKNOWN and charge.offence_date is not UNKNOWN:
        age = age_on(person.born, charge.offence_date)  # type: ignore[arg-type]
        out["juvenile"] = Derivation("juvenile", age < JUVENILE_AGE, "derived_juvenile",
                                     {"age": age, "born": person.born.isoformat(),  # type: ignore[union-attr]
                                      "date": charge.offence_date.isoformat(),  # type: ignore[union-attr]
                                      "limit": JUVENILE_AGE, "source": JUVENILE_SOURCE})
    if charge.stage == "accused":
        out["final_judgment"] = Derivation("final_judgment", False, "derived_no_judgment", {})
    if person.whereabouts in ("at_large_in_syria", "at_large_abroad"):
        out["arrested"] = Derivation("arrested", False, "derived_at_large", {"whereabouts": person.whereabouts})
    elif person.surrendered_on is not None:
        out["arrested"] = Derivation("arrested", False, "derived_surrendered",
                                     {"date": person.surrendered_on.isoformat()})
    return out


def derived_from_catalogue(charge: Charge, catalogue: Catalogue) -> dict[str, Derivation]:
    """Facts the catalogue says the charged offence cannot involve."""
    ref = parse_article(charge.article)
    if ref is None or charge.statute not in catalogue.statutes:
        return {}
    info = catalogue.article_info(charge.statute, ref)
    out: dict[str, Derivation] = {}
    for fact in info.cannot_involve:
        entry = next(e for e in info.entries if fact in e.cannot_involve)
        out[fact] = Derivation(fact, False, "does_not_arise",
                               {"fact": fact, "statute": charge.statute, "article": charge.article,
                                "entry": entry.label, "topic": entry.topic_en, "confidence": entry.confidence},
                               catalogue_entry=f"{charge.statute} {entry.label}")
    return out


def effective_facts(charge: Charge, person: Person, catalogue: Catalogue) -> tuple[dict[str, Tri], dict[str, Derivation]]:
    """The facts the engine reads (stated ones, then derived ones for what was left unknown) and the
    derivations it used. A stated fact always wins over the catalogue; over a profile derivation it
    cannot differ (:func:`check_stated` refuses that), so stated-first is safe for both."""
    facts = dict(charge.facts)
    used: dict[str, Derivation] = {}
    for d in {**derived_from_catalogue(charge, catalogue), **derived_from_profile(charge, person)}.values():
        if facts.get(d.fact, Tri.UNKNOWN) is Tri.UNKNOWN:
            facts[d.fact] = Tri.of(d.value)
            used[d.fact] = d
    return facts, used


def check_stated(charge: Charge, person: Person, file: Optional[str], path: str) -> None:
    """Refuse a stated fact that contradicts what the profile's own fields settle (one line, both fields)."""
    for d in derived_from_profile(charge, person).values():
        stated = charge.fact(d.fact)
        if stated is Tri.UNKNOWN or (stated is Tri.TRUE) == d.value:
            continue
        raise InputError(file, f"{path}.facts.{d.fact}", f"{str(d.value).lower()} ({_why(d)})",
                         stated.value, "remove the fact or correct the field it follows from")


def _why(d: Derivation) -> str:
    p = d.params
    if d.because == "derived_juvenile":
        return (f"it follows from person.born {p['born']} and offence_date {p['date']}: aged {p['age']} on the "
                f"offence date; a juvenile is under {p['limit']} ({p['source']})")
    if d.because == "derived_no_judgment":
        return "it follows from stage: accused, no judgment has been given"
    if d.because == "derived_at_large":
        return f"it follows from person.whereabouts: {p['whereabouts']}"
    return f"it follows from person.surrendered_on: {p['date']}"
