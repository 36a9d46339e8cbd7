"""What each decree does to a population: counts kept while the profiles stream past.

Per decree, everyone falls in exactly one of seven groups (:data:`GROUPS`): released, released if
conditions are met, sentence reduced, blocked by exactly one charge, blocked by several, out of
reach (held without charge or on a civil claim), undetermined. The blocked are what researchers
explain in words; here the blocking charges are counted by the article they are brought under,
so "one leftover charge keeps them in" becomes "Counter-Terrorism Law Art. 7 keeps 4,120 in".

The release funnel follows the people in custody through the conditions a release needs, each
stage a subset of the one before: held -> held on criminal charges only (not without charge,
not on a civil claim) -> every charge within the decree's reach (none ``not_covered``, whatever
the unknown facts) -> no exclusion bites (none ``excluded`` either) -> released (outright or
on conditions).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

import attrs

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome, Ruling
from amnestyrules.errors import InputError
from amnestyrules.law.corpus import Corpus
from amnestyrules.population.reported import ReportedRelease, reported_releases

GROUPS = ("released", "released_if", "sentence_reduced", "blocked_one", "blocked_several", "out_of_reach",
          "undetermined")
FUNNEL = ("held", "on_charges", "covered", "not_excluded", "released")
#: Blocking articles listed per decree.
TOP_ARTICLES = 10


def group_of(outcome: Outcome) -> str:
    """The population group of one person's outcome under one decree."""
    if outcome.outcome == "blocked":
        return "blocked_one" if len(outcome.blocking) == 1 else "blocked_several"
    return outcome.outcome


def _may_be(r: Ruling, ruling: str) -> bool:
    return r.ruling == ruling or ruling in r.possible


@attrs.define
class _DecreeTally:
    groups: collections.Counter[str] = attrs.field(factory=collections.Counter)
    blocking: collections.Counter[tuple[str, str]] = attrs.field(factory=collections.Counter)
    funnel: collections.Counter[str] = attrs.field(factory=collections.Counter)


@attrs.frozen
class BlockingArticle:
    statute: str
    article: str
    people: int        # people this article's charges block (a person counts once per article)


@attrs.frozen
class DecreeSummary:
    decree: str
    issued: dt.date
    kind: str
    groups: dict[str, int]
    blocking: tuple[BlockingArticle, ...]
    funnel: dict[str, int]
    reported: Optional[ReportedRelease]

    @property
    def eligible(self) -> int:
        """The people the decree's text frees, outright or on conditions."""
        return self.groups["released"] + self.groups["released_if"]

    @property
    def total(self) -> int:
        return sum(self.groups.values())


@attrs.frozen
class PopulationSummary:
    name: str
    as_of: dt.date
    size: int
    population: dict[str, int]          # custody, held_without_charge, civil_claim, on_charges, at_large
    decrees: tuple[DecreeSummary, ...]
    name_ar: str = ""

    def title(self, lang: str = "en") -> str:
        """The population's name in ``lang`` (the English name when no Arabic one is given)."""
        return self.name_ar if lang == "ar" and self.name_ar else self.name

    def decree(self, decree_id: str) -> DecreeSummary:
        for d in self.decrees:
            if d.decree == decree_id:
                return d
        raise KeyError(decree_id)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "name_ar": self.name_ar, "as_of": self.as_of.isoformat(), "size": self.size,
                "population": self.population,
                "decrees": [{"decree": d.decree, "issued": d.issued.isoformat(), "kind": d.kind,
                             "groups": d.groups, "eligible": d.eligible, "funnel": d.funnel,
                             "blocking_articles": [attrs.asdict(b) for b in d.blocking],
                             "reported": _reported_json(d.reported)} for d in self.decrees]}


def _reported_json(r: Optional[ReportedRelease]) -> Optional[dict[str, Any]]:
    if r is None:
        return None
    return {"figure": r.figure, "counts": r.counts, "counts_ar": r.counts_ar, "who": r.who, "text": r.text,
            "sources": list(r.sources), "by": r.by.isoformat() if r.by else None}


def load_summary(path: Union[str, os.PathLike[str]]) -> PopulationSummary:
    """A summary written by ``simulate`` (summary.json), to draw its charts again (in another
    language, say) without running the population again. The reported releases are read from
    the file as it was written."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        decrees = tuple(
            DecreeSummary(d["decree"], dt.date.fromisoformat(d["issued"]), d["kind"],
                          {g: int(d["groups"][g]) for g in GROUPS},
                          tuple(BlockingArticle(b["statute"], b["article"], int(b["people"]))
                                for b in d["blocking_articles"]),
                          {s: int(d["funnel"][s]) for s in FUNNEL}, _reported_of(d["decree"], d.get("reported")))
            for d in data["decrees"])
        return PopulationSummary(data["name"], dt.date.fromisoformat(data["as_of"]), int(data["size"]),
                                 {k: int(v) for k, v in data["population"].items()}, decrees, data.get("name_ar", ""))
    except OSError as exc:
        raise InputError(name, None, "a readable summary.json", hint=exc.strerror or type(exc).__name__) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(name, None, "a summary.json written by amnestyrules simulate",
                         hint=f"{type(exc).__name__}: {exc}") from None


def _reported_of(decree: str, r: Optional[dict[str, Any]]) -> Optional[ReportedRelease]:
    if r is None:
        return None
    return ReportedRelease(decree, r["figure"], r["counts"], r.get("counts_ar", r["counts"]), r["who"], r["text"],
                           tuple(r["sources"]), dt.date.fromisoformat(r["by"]) if r.get("by") else None)


class Tally:
    """Counts per decree, fed one profile and its outcomes at a time (memory independent of size)."""

    def __init__(self) -> None:
        self.size = 0
        self.population: collections.Counter[str] = collections.Counter()
        self.by_decree: dict[str, _DecreeTally] = {}
        self.as_of: Optional[dt.date] = None

    def add(self, profile: Profile, outcomes: Sequence[Outcome]) -> None:
        self.size += 1
        d = profile.detention
        custody = profile.person.whereabouts == "custody"
        reachable = not (d.held_without_charge or d.civil_claim) and bool(profile.charges)
        self.population["custody" if custody else "at_large"] += 1
        if d.held_without_charge:
            self.population["held_without_charge"] += 1
        elif d.civil_claim:
            self.population["civil_claim"] += 1
        if reachable:
            self.population["on_charges"] += 1
        charges = {c.id: c for c in profile.charges}
        for o in outcomes:
            self.as_of = self.as_of or o.as_of
            t = self.by_decree.setdefault(o.decree, _DecreeTally())
            t.groups[group_of(o)] += 1
            if o.outcome == "blocked":
                for key in dict.fromkeys((charges[c].statute, charges[c].article) for c in o.blocking):
                    t.blocking[key] += 1
            if custody:
                t.funnel["held"] += 1
                if not reachable:
                    continue
                t.funnel["on_charges"] += 1
                if any(_may_be(r, "not_covered") for r in o.rulings):
                    continue
                t.funnel["covered"] += 1
                if any(_may_be(r, "excluded") for r in o.rulings):
                    continue
                t.funnel["not_excluded"] += 1
                if o.outcome in ("released", "released_if"):
                    t.funnel["released"] += 1

    def summary(self, corpus: Corpus, name: str = "", top: int = TOP_ARTICLES, name_ar: str = "") -> PopulationSummary:
        reported = reported_releases()
        decrees = []
        for decree_id in [d for d in corpus.ids() if d in self.by_decree]:
            t = self.by_decree[decree_id]
            decree = corpus.decree(decree_id)
            blocking = tuple(BlockingArticle(s, a, n) for (s, a), n in
                             sorted(t.blocking.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
            decrees.append(DecreeSummary(decree_id, decree.issued, decree.kind, {g: t.groups[g] for g in GROUPS},
                                         blocking, {s: t.funnel[s] for s in FUNNEL}, reported.get(decree_id)))
        population = {k: self.population[k] for k in ("custody", "held_without_charge", "civil_claim",
                                                       "on_charges", "at_large")}
        return PopulationSummary(name, self.as_of or dt.date.today(), self.size, population, tuple(decrees), name_ar)


def summarise(pairs: Iterable[tuple[Profile, Sequence[Outcome]]], corpus: Corpus, name: str = "") -> PopulationSummary:
    """The summary of (profile, outcomes) pairs, e.g. ``zip(profiles, evaluate_many(profiles))``."""
    tally = Tally()
    for profile, outcomes in pairs:
        tally.add(profile, outcomes)
    return tally.summary(corpus, name)
