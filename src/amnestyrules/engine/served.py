"""Rulings and outcomes served from the compiled path's memos, made whole only when read.

A memo entry is a ruling without its explanation, made for some earlier charge of the same class.
Serving it to another charge means addressing it to that charge (:func:`_for_charge`) and giving
it the recipe for its own reasons (:class:`_Explainer`: the reference ruling of this very charge,
checked against the memo's); an outcome served from the memo gets the recipe for its rulings
(:class:`Rulings`). Both recipes can travel between the processes of one batch, which share the
corpus (:func:`revive`, :func:`revive_outcome`, :func:`memo_parts`): the parent follows them only for
the answers someone reads.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from typing import Any, Callable, Optional

import attrs

from amnestyrules.case.model import Charge, Person, Profile
from amnestyrules.engine.answers import Outcome, Reason, Ruling, outcome_of, ruling_of
from amnestyrules.engine.backends.compiled import CompiledBackend
from amnestyrules.engine.checks import CheckTable, check_table
from amnestyrules.engine.grounding import explore, partial_ground
from amnestyrules.engine.rulings import ruling_from
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import Decree

BACKEND = CompiledBackend()
_CORE_FIELDS = tuple(f.name for f in attrs.fields(Ruling) if f.name not in ("reasons", "_explain"))
_OUTCOME_KEPT = tuple(f.name for f in attrs.fields(Outcome) if f.name not in ("profile", "rulings"))
#: The fields of an Outcome kept in the memo (all but the profile and the rulings), in class order.
Kept = tuple[Any, ...]
_LOCK = threading.Lock()


def serve(table: CheckTable, catalogue: Catalogue, ruling: Ruling, charge: Charge, person: Person,
          as_of: dt.date) -> Ruling:
    """A memo ruling, addressed to this charge, its reasons built when read."""
    if ruling.charge != charge.id and (ruling.conditions or ruling.deciding_facts or ruling.splits):
        ruling = _for_charge(ruling, charge.id)
    return Ruling.explained_later(ruling, _Explainer(table, catalogue, charge, person, as_of, ruling), charge.id)


class Rulings:
    """The recipe for a memo outcome's rulings: each charge's memo ruling, served to it."""

    __slots__ = ("table", "catalogue", "cores", "profile", "as_of", "kept")

    def __init__(self, table: CheckTable, catalogue: Catalogue, cores: tuple[Ruling, ...], profile: Profile,
                 as_of: dt.date, kept: Optional[Kept] = None) -> None:
        self.table, self.catalogue, self.cores, self.profile, self.as_of = table, catalogue, cores, profile, as_of
        #: the memo's other fields of the outcome (what a batch worker sends once, then refers to)
        self.kept = kept

    def __call__(self) -> tuple[Ruling, ...]:
        person = self.profile.person
        return tuple([serve(self.table, self.catalogue, core, charge, person, self.as_of)
                      for core, charge in zip(self.cores, self.profile.charges)])

    def recipe(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """How a batch worker sends the outcome to its parent process (see :func:`revive_outcome`)."""
        return (revive_outcome, (values, id(self.table.decree), id(self.catalogue), self.cores, self.profile,
                                 self.as_of))


def memo_parts(o: Outcome) -> Optional[tuple[Kept, tuple[Ruling, ...]]]:
    """For an outcome served from the memo and not yet read: the memo's values it was made of (its
    fields but the profile and rulings, and each charge's memo ruling), which a batch worker sends
    to its parent once and then refers to. None for any other outcome."""
    build = object.__getattribute__(o, "_build")
    if type(build) is Rulings and build.kept is not None:
        return build.kept, build.cores
    return None


def from_memo_parts(table: CheckTable, catalogue: Catalogue, kept: Kept, cores: tuple[Ruling, ...], profile: Profile,
                    as_of: dt.date) -> Outcome:
    """The outcome :func:`memo_parts` took apart, for this profile (its rulings made when read)."""
    return outcome_of((profile.id,) + kept, Rulings(table, catalogue, cores, profile, as_of, kept))


def _for_charge(core: Ruling, charge_id: str) -> Ruling:
    """A memo ruling addressed to another charge of the same class: the charge id is in the ruling
    itself, its pending conditions and its deciding facts (and nowhere else)."""
    return attrs.evolve(
        core, charge=charge_id,
        conditions=tuple(attrs.evolve(c, charge=charge_id) for c in core.conditions),
        deciding_facts=tuple(attrs.evolve(f, charge=charge_id) if f.charge is not None else f
                             for f in core.deciding_facts),
        splits=tuple(attrs.evolve(s, fact=attrs.evolve(s.fact, charge=charge_id)) if s.fact.charge is not None else s
                     for s in core.splits))


class _Explainer:
    """The recipe for a memo ruling's reasons: the reference ruling of this very charge (built when
    the reasons are first read, then checked against the ruling the memo gave: ``core``, or the
    values of its fields)."""

    __slots__ = ("table", "catalogue", "charge", "person", "as_of", "core")

    def __init__(self, table: CheckTable, catalogue: Catalogue, charge: Charge, person: Person, as_of: dt.date,
                 core: "Ruling | tuple[Any, ...]") -> None:
        self.table, self.catalogue, self.charge, self.person, self.as_of, self.core = \
            table, catalogue, charge, person, as_of, core

    def __call__(self) -> tuple[Reason, ...]:
        table, charge, core = self.table, self.charge, self.core
        pg = partial_ground(charge, self.person, table.decree, self.catalogue, self.as_of)
        tree = explore(pg, table)
        full = ruling_from(table, charge, self.person, pg, tree,
                           BACKEND.evaluate(table, [x.ground for x in tree.leaves]), self.as_of)
        expected = core if isinstance(core, tuple) else tuple(getattr(core, name) for name in _CORE_FIELDS)
        for name, value in zip(_CORE_FIELDS, expected):
            if name != "charge" and getattr(full, name) != value:
                raise AssertionError(f"compiled path: the memo ruling of charge {charge.id} under {table.decree.id} "
                                     f"differs from the reference in {name}: {value!r} != {getattr(full, name)!r} "
                                     "(a dependency the value classes miss)")
        return full.reasons

    def recipe(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """How a batch worker sends the ruling to its parent process, which shares the decrees (see
        :func:`revive`): what to rebuild the reasons from, not the reasons."""
        return (revive, (values, id(self.table.decree), id(self.catalogue), self.charge, self.person, self.as_of))


#: (id(decree), id(catalogue)) -> both, for every compiled set built in this process: a process forked
#: from this one (a batch worker) refers to them by these ids, which are the same in both processes.
_SHARED: "dict[tuple[int, int], tuple[weakref.ref[Decree], weakref.ref[Catalogue]]]" = {}


def share(decree: Decree, catalogue: Catalogue) -> None:
    key = (id(decree), id(catalogue))
    with _LOCK:
        _SHARED[key] = (weakref.ref(decree), weakref.ref(catalogue))
    weakref.finalize(decree, _SHARED.pop, key, None)


def revive(values: tuple[Any, ...], decree_id: int, catalogue_id: int, charge: Charge, person: Person,
           as_of: dt.date) -> Ruling:
    """A ruling sent by a batch worker, explained later here (the decrees are this process's own)."""
    decree, catalogue = _shared(decree_id, catalogue_id)
    return ruling_of(values, _Explainer(check_table(decree), catalogue, charge, person, as_of, values))


def revive_outcome(values: tuple[Any, ...], decree_id: int, catalogue_id: int, cores: tuple[Ruling, ...],
                   profile: Profile, as_of: dt.date) -> Outcome:
    """An outcome sent by a batch worker, its rulings made here when read."""
    decree, catalogue = _shared(decree_id, catalogue_id)
    return outcome_of(values, Rulings(check_table(decree), catalogue, cores, profile, as_of))


def _shared(decree_id: int, catalogue_id: int) -> tuple[Decree, Catalogue]:
    refs = _SHARED.get((decree_id, catalogue_id))
    decree, catalogue = (refs[0](), refs[1]()) if refs is not None else (None, None)
    if decree is None or catalogue is None:
        raise RuntimeError("a batch worker's answer refers to decrees this process does not hold")
    return decree, catalogue


def _outcome_maker() -> Callable[..., Outcome]:
    """Builds an Outcome from a profile id, rulings and the memo's other fields, through the slots."""
    ns: dict[str, Any] = {"_new": object.__new__, "_O": Outcome, "_P": Outcome.profile.__set__,  # type: ignore[attr-defined]
                          "_R": Outcome.rulings.__set__}  # type: ignore[attr-defined]
    lines = ["def make(profile, rulings, kept):", "    o = _new(_O)", "    _P(o, profile)", "    _R(o, rulings)"]
    for i, name in enumerate(_OUTCOME_KEPT):
        ns[f"_S{i}"] = getattr(Outcome, name).__set__
        lines.append(f"    _S{i}(o, kept[{i}])")
    lines.append("    return o")
    exec(compile("\n".join(lines), "<amnestyrules outcome copy>", "exec"), ns)  # noqa: S102 - our own field names
    return ns["make"]


make_outcome = _outcome_maker()


