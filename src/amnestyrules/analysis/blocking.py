"""Minimal blocking sets: the smallest sets of charges whose removal would release the person.

Sub-profiles are enumerated by increasing size, supersets of sets already found are skipped,
and the search is bounded (``max_subsets``); a bounded search says so. A charge's ruling depends
on that charge and the person alone, so each charge is evaluated once and each sub-profile's
verdict is rebuilt with the engine's own ``rulings.outcome``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import attrs

from amnestyrules.analysis.engine import MAX_SUBSETS, RELEASING_OUTCOMES, DecreeRef, _Engine, _engine
from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome, Reason
from amnestyrules.engine.backends import Backend
from amnestyrules.engine.budget import SUBSETS_PER_LEAF, Budget
from amnestyrules.engine.outcomes import _possible_of
from amnestyrules.engine.outcomes import outcome as person_outcome
from amnestyrules.engine.rulings import FREEING
from amnestyrules.law.corpus import Corpus

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
                "why_not": [r.key for r in self.why_not]}   # present/ puts the reasons into words


def _ordered(ids: Iterable[str], order: Sequence[str]) -> list[str]:
    wanted = set(ids)
    return [c for c in order if c in wanted]


class _Removals:
    """The engine's answer to "would removing these charges release the person?".

    Each charge is ruled once (its ruling depends on that charge and the person only); a
    sub-profile's verdict is then the engine's ``rulings.outcome`` over the remaining rulings.
    Whether that verdict frees the person needs less: ``rulings.outcome`` settles on released or
    released_if exactly when no hold keeps the person and every combination of the remaining
    charges' possible rulings frees them (``rulings.possible_outcomes``), that is when every
    remaining charge frees the person in each of its possibilities. So a removal releases exactly
    when nothing holds the person and it takes every charge that does not (:attr:`blockers`): a
    set comparison, where building the sub-profile's whole outcome took milliseconds (a compare of
    20 charges with unknowns took minutes). ``tests/test_analysis.py`` checks the two agree.
    """

    def __init__(self, engine: _Engine, profile: Profile, full: Outcome) -> None:
        self.engine = engine
        self.profile = profile
        self.by_id = {r.charge: r for r in full.rulings}
        self.held = profile.detention.held_without_charge or profile.detention.civil_claim
        self.blockers = frozenset(r.charge for r in full.rulings if not set(_possible_of(r)) <= FREEING)

    def outcome(self, removed: frozenset[str]) -> Outcome:
        kept = tuple(c for c in self.profile.charges if c.id not in removed)
        sub = attrs.evolve(self.profile, charges=kept)
        return person_outcome(sub, self.engine.decree, [self.by_id[c.id] for c in kept])

    def __call__(self, removed: frozenset[str]) -> bool:
        return not self.held and self.blockers <= removed


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
                  max_subsets: int = MAX_SUBSETS, budget: Optional[Budget] = None) -> BlockingSets:
    """The minimal blocking sets with what the search did (see :func:`minimal_blocking_sets`)."""
    engine = _engine(decree, corpus, backend, as_of, budget)
    return _blocking(engine, profile, engine.outcome(profile), max_subsets)


def _blocking(engine: _Engine, profile: Profile, full: Outcome, max_subsets: int) -> BlockingSets:
    removals = _Removals(engine, profile, full)
    ids = [c.id for c in profile.charges]
    budget = engine.budget
    found = search_removals(ids, removals, min(max_subsets, budget.left * SUBSETS_PER_LEAF))
    budget.charge(-(-found.tried // SUBSETS_PER_LEAF))
    next_size = found.searched_size + 1
    if not found.complete and found.tried + math.comb(len(ids), next_size) <= max_subsets:
        budget.skip("blocking_sets", engine.decree.id)      # the budget, not max_subsets, stopped it
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
                          max_subsets: int = MAX_SUBSETS, budget: Optional[Budget] = None) -> list[frozenset[str]]:
    """The smallest sets of charges whose removal would release the person under ``decree``.

    ``[frozenset()]``: nothing blocks release. ``[]``: no removal frees them (held without
    charge, on a civil claim), or, if the search was bounded, none was found among the sets
    searched; :func:`blocking_sets` says which, and gives a set found by elimination.
    """
    return list(blocking_sets(profile, decree, corpus, backend=backend, as_of=as_of,
                              max_subsets=max_subsets, budget=budget).sets)


