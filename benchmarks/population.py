"""Generated profiles for the benchmarks, as the plain data a lawyer (or a case database) writes.

Kept as plain dicts, not Profile objects, so that the benchmarks time the profile loader too.
Two kinds of population, from one seed:

* ``known=True``: every fact a decree can read is stated (all charge facts, offence date,
  birth date, nationality, illness, penalty, paragraph, hostage release, and the offence class
  where the catalogue leaves it open), so an evaluation needs no exploration of unknowns;
* ``known=False``: what a lawyer often has: 5 % of offence dates and 10 % of birth dates unknown,
  nationality and illness sometimes unknown, a penalty on 60 % of charges, each fact stated with
  probability 0.85 (an absent fact is unknown), no paragraph unless the article has one.

Facts that follow from others (juvenile from the two dates, final_judgment from the stage, arrested
from whereabouts and surrender) are stated only as they follow, since the loader refuses a
contradiction; offence dates respect the statute's enactment and the age of criminal responsibility.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator

from amnestyrules.case.derived import JUVENILE_AGE, age_on
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue

FIRST_OFFENCE = dt.date(2005, 1, 1)
LAST_OFFENCE = dt.date(2025, 6, 30)


def profile_data(rng: random.Random, index: int, catalogue: Catalogue, *, known: bool,
                 charges: tuple[int, int] = (1, 5)) -> dict[str, Any]:
    """One profile as plain data (see the module docstring)."""
    statutes = sorted(catalogue.statutes)
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
    person: dict[str, Any] = {"nationality": rng.choice(["syrian"] * 6 + ["foreign"] + ([] if known else ["unknown"])),
                              "whereabouts": rng.choice(["custody"] * 3 + ["at_large_in_syria", "at_large_abroad"])}
    born_known = known or rng.random() < 0.9
    if born_known:
        person["born"] = born.isoformat()
    if known or rng.random() < 0.3:
        person["incurable_illness"] = rng.random() < 0.1
    if person["whereabouts"] != "custody" and rng.random() < 0.4:
        person["surrendered_on"] = (dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(0, 5300))).isoformat()
    out = []
    for k in range(rng.randint(*charges)):
        statute = catalogue.statutes[rng.choice(statutes)]
        spans = [e for e in statute.articles if e.first is not None and e.last is not None]
        entry = rng.choice(spans) if spans else None
        article = rng.randint(entry.first, entry.last) if entry else rng.randint(1, 400)  # type: ignore[arg-type]
        low = max(FIRST_OFFENCE, born + dt.timedelta(days=365 * 16 + 4), statute.enacted or dt.date.min)
        offence = low + dt.timedelta(days=rng.randrange(0, max(1, (LAST_OFFENCE - low).days)))
        date_known = known or rng.random() >= 0.05
        stage = rng.choice(["accused", "convicted", "convicted", "convicted_in_absentia"])
        charge: dict[str, Any] = {"id": f"c{k + 1}", "statute": statute.id, "article": str(article), "stage": stage,
                                  "offence_date": offence.isoformat() if date_known else "unknown"}
        info = catalogue.article_info(statute.id, parse_article(str(article)))  # type: ignore[arg-type]
        klass = info.offence_class
        if known and klass is None:   # the catalogue leaves the class open (a 'mixed' article): state it
            klass = charge["class"] = rng.choice(["felony", "misdemeanour"])
        if known or rng.random() < 0.6:   # a penalty the article's class can carry (the loader refuses others)
            kinds = [p for p in (info.penalties or sorted(catalogue.penalties)) if catalogue.penalty_fits(p, klass)]
            charge["penalty"] = {"kind": rng.choice(kinds), "years": rng.randint(1, 20)}
        if known:
            charge["paragraph"] = rng.choice(["1", "2", "a", "b"])
            charge["hostage_released_on"] = "not_released" if rng.random() < 0.7 else offence.isoformat()
        facts: dict[str, Any] = {}
        for f in CHARGE_FACTS:
            if known or rng.random() < 0.85:
                facts[f] = rng.random() < 0.15
        if "juvenile" in facts and born_known and date_known:
            facts["juvenile"] = age_on(born, offence) < JUVENILE_AGE
        if "final_judgment" in facts and stage == "accused":
            facts["final_judgment"] = False
        if "arrested" in facts and (person["whereabouts"] != "custody" or "surrendered_on" in person):
            facts["arrested"] = False
        charge["facts"] = facts
        out.append(charge)
    return {"id": f"p{index}", "person": person, "charges": out}


def population(n: int, seed: int, catalogue: Catalogue, *, known: bool,
               charges: tuple[int, int] = (1, 5)) -> Iterator[dict[str, Any]]:
    """``n`` profiles as plain data, the same for a given seed, kind and catalogue."""
    rng = random.Random(f"{seed}-{'known' if known else 'unknowns'}-{charges}")
    for i in range(n):
        yield profile_data(rng, i, catalogue, known=known, charges=charges)
