"""Profiles drawn from a :class:`~amnestyrules.population.config.PopulationConfig`, lazily and
reproducibly (the config's seed fixes the whole population).

Every drawn profile goes through :func:`amnestyrules.case.profiles.load_profile`, the one home of
profile validation, so a synthetic person is held to the same rules as a lawyer's client: no
offence before its statute took effect or before the person could be prosecuted, no penalty a
charge's class cannot carry. Facts the profile itself settles (juvenile from the birth and
offence dates, no final judgment while accused, not arrested while at large) and facts the
catalogue says an offence cannot involve are left for the engine to derive, never drawn.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Iterator, Mapping, Optional, Sequence, TypeVar

from amnestyrules.case.model import Profile
from amnestyrules.case.profiles import load_profile
from amnestyrules.errors import InputError
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.articles import parse_article
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.population.config import ChargeMix, DateRange, PopulationConfig

#: Facts the profile's own fields settle for every drawn charge (see case.derived).
_PROFILE_DERIVED = ("juvenile",)
#: Draws of a charge before the config is declared unable to produce one (no offence date fits).
ATTEMPTS = 50
_T = TypeVar("_T")


def generate(config: PopulationConfig, catalogue: Catalogue, *, today: Optional[dt.date] = None) -> Iterator[Profile]:
    """The config's population, one profile at a time (ids ``p000001``, ``p000002``, ...)."""
    draw = _Draw(config, catalogue, today or dt.date.today())
    width = max(6, len(str(config.size)))
    for i in range(1, config.size + 1):
        pid = f"p{i:0{width}d}"
        yield load_profile(draw.profile(pid), catalogue, f"{config.source_file or '<config>'} ({pid})")


class _Draw:
    def __init__(self, config: PopulationConfig, catalogue: Catalogue, today: dt.date) -> None:
        self.config = config
        self.catalogue = catalogue
        self.today = today
        self.rng = random.Random(config.seed)
        self.mix_weights = [m.share for m in config.charges]
        self.info = {(m.statute, m.article): catalogue.article_info(m.statute, parse_article(m.article))  # type: ignore[arg-type]
                     for m in config.charges}

    def _pick(self, weights: Mapping[_T, float]) -> _T:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def profile(self, pid: str) -> dict[str, Any]:
        c, rng = self.config, self.rng
        born = self._day(c.born.start, c.born.end)
        person: dict[str, Any] = {"nationality": "foreign" if rng.random() < c.foreign else "syrian",
                                  "born": born.isoformat()}
        illness = c.facts.get("incurable_illness")
        person["incurable_illness"] = (rng.random() < illness) if illness is not None else c.unstated_facts
        hold = rng.random()
        if hold < c.held_without_charge:
            return {"id": pid, "person": person, "detention": {"held_without_charge": True}, "charges": []}
        if hold < c.held_without_charge + c.civil_claim:
            return {"id": pid, "person": person, "detention": {"civil_claim": True}, "charges": []}
        where = rng.random()
        whereabouts = ("at_large_abroad" if where < c.at_large_abroad else
                       "at_large_in_syria" if where < c.at_large_abroad + c.at_large_in_syria else "custody")
        person["whereabouts"] = whereabouts
        count = self._pick(c.charge_counts)
        charges = [self._charge(f"c{n}", born, whereabouts) for n in range(1, count + 1)]
        return {"id": pid, "person": person, "charges": charges}

    def _charge(self, cid: str, born: dt.date, whereabouts: str) -> dict[str, Any]:
        for _ in range(ATTEMPTS):
            mix = self.rng.choices(self.config.charges, weights=self.mix_weights)[0]
            window = self._window(mix.statute, born)
            if window is not None:
                break
        else:
            raise InputError(self.config.source_file, "offence_dates",
                             "an offence-date range that fits the statutes of the charge mix and the birth dates "
                             "(after each statute took effect and after the person reached the age of criminal "
                             "responsibility)", hint=f"no date fitted in {ATTEMPTS} draws")
        stage = self._pick(self.config.stages)
        charge: dict[str, Any] = {"id": cid, "statute": mix.statute, "article": mix.article,
                                  "offence_date": self._day(window.start, window.end).isoformat(), "stage": stage}
        if mix.offence_class:
            charge["class"] = mix.offence_class
        penalty = self._penalty(mix, stage)
        if penalty is not None:
            charge["penalty"] = penalty
        charge["facts"] = self._facts(mix, stage, whereabouts)
        return charge

    def _window(self, statute: str, born: dt.date) -> Optional[DateRange]:
        rng = self.config.offence_dates
        start = max(rng.start, self.catalogue.earliest_offence(statute, born) or rng.start)
        end = min(rng.end, self.today)
        return DateRange(start, end) if start <= end else None

    def _penalty(self, mix: ChargeMix, stage: str) -> Optional[dict[str, Any]]:
        sentences = self.config.sentences
        if stage == "accused" or sentences is None:
            return None
        info = self.info[(mix.statute, mix.article)]
        klass = mix.offence_class or info.offence_class or "felony"
        if klass == "contravention":
            return {"kind": "contravention-detention"}
        sentence = sentences[klass]
        kind = self._pick(sentence.kinds)
        allowed: Sequence[str] = info.penalties or ()
        if allowed and kind not in allowed:   # the article's own penalties, where the catalogue lists them
            fitting = sorted(k for k in allowed if self.catalogue.penalty_fits(k, klass))
            kind = self.rng.choice(fitting) if fitting else kind
        penalty: dict[str, Any] = {"kind": kind}
        if self.catalogue.penalties[kind].temporary and kind != "fine":
            penalty["years"] = self.rng.randint(*sentence.years)
        return penalty

    def _facts(self, mix: ChargeMix, stage: str, whereabouts: str) -> dict[str, Any]:
        c = self.config
        settled = set(_PROFILE_DERIVED) | set(self.info[(mix.statute, mix.article)].cannot_involve)
        if stage == "accused":
            settled.add("final_judgment")
        if whereabouts != "custody":
            settled.add("arrested")
        facts: dict[str, Any] = {}
        for fact in CHARGE_FACTS:
            if fact in settled:
                continue
            share = mix.facts.get(fact, c.facts.get(fact))
            facts[fact] = (self.rng.random() < share) if share is not None else c.unstated_facts
        return facts
