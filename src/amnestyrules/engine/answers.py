"""The engine's answer as data: rulings per charge, the outcome per person, and their reasons.

The explanation tree is built from these on demand (:mod:`amnestyrules.present`); nothing
here knows how it is shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

import attrs

from amnestyrules.law.model import Benefit, Citation

RULINGS = ("pardoned", "conditional", "reduced", "commuted", "excluded", "not_covered", "undetermined")
OUTCOMES = ("released", "released_if", "sentence_reduced", "blocked", "out_of_reach", "undetermined")


# --------------------------------------------------------------------------- answers

@attrs.frozen
class Reason:
    """One node of an explanation: a message, its citation, and sub-reasons."""

    key: str                                  # message id in the catalogue (messages/*.yaml)
    params: Mapping[str, object] = attrs.field(factory=dict)
    citation: Optional[Citation] = None
    children: tuple["Reason", ...] = ()


@attrs.frozen
class DecidingFact:
    charge: Optional[str]
    fact: str

    def to_json(self) -> dict[str, object]:
        return {"charge": self.charge, "fact": self.fact}


@attrs.frozen
class PendingCondition:
    """Something that must still happen for a conditional pardon, and by when."""

    charge: str
    kind: str
    text_en: str
    text_ar: str
    by: Optional[dt.date]
    citation: Citation

    def to_json(self) -> dict[str, object]:
        return {"charge": self.charge, "condition": self.kind, "text": self.text_en,
                "by": self.by.isoformat() if self.by else None, "citation": self.citation.to_json()}


@attrs.frozen
class Split:
    """How one unknown divides a charge's possible rulings: for each value tried, the rulings it
    leaves possible. The outcome uses it to keep only the facts that change the verdict and to
    rank them by how much each settles."""

    fact: DecidingFact
    field: str
    values: tuple[tuple[str, ...], ...]


@attrs.frozen
class Ruling:
    """What one decree does to one charge, and why."""

    charge: str
    ruling: str
    provision: Optional[str]                  # provision id that decided
    citation: Optional[Citation]
    reasons: tuple[Reason, ...]
    conditions: tuple[PendingCondition, ...] = ()
    deciding_facts: tuple[DecidingFact, ...] = ()
    benefit: Optional[Benefit] = None
    confidence: str = "high"
    #: every ruling the unknowns allow, most favourable first (one item when nothing is unknown)
    possible: tuple[str, ...] = ()
    splits: tuple[Split, ...] = ()
    #: builds ``reasons`` on first access, for a ruling made without them (see :meth:`explained_later`)
    _explain: Optional[Callable[[], tuple[Reason, ...]]] = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False)

    @classmethod
    def explained_later(cls, core: "Ruling", explain: Callable[[], tuple[Reason, ...]],
                        charge: Optional[str] = None) -> "Ruling":
        """``core`` (for ``charge``, if given) with its reasons built by ``explain()`` when first read.

        Most callers of a batch want the verdict (the ruling, its provision, the deciding facts),
        not the explanation tree; the compiled engine path makes the ruling without the tree and
        leaves this recipe for it. Reading ``reasons`` (directly, or through ==, hash, repr, pickle
        or attrs.evolve) builds it once; the ruling is then indistinguishable from one built whole.
        """
        return _copy_core(core, explain, core.charge if charge is None else charge)

    if not TYPE_CHECKING:   # (mypy would otherwise accept any attribute name on a Ruling)
        def __getattr__(self, name: str) -> Any:
            # Called only for an attribute that is not set: the reasons of a ruling explained later.
            if name == "reasons":
                explain = object.__getattribute__(self, "_explain")
                if explain is not None:
                    reasons = explain()
                    object.__setattr__(self, "reasons", reasons)
                    object.__setattr__(self, "_explain", None)
                    return reasons
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        # The recipe refers to the engine's tables: what travels is the reasons it builds.
        return {name: getattr(self, name) for name in _STATE_FIELDS}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_explain", None)

    def __reduce__(self) -> Any:
        explain = object.__getattribute__(self, "_explain")
        if SEND_RECIPES and explain is not None and hasattr(explain, "recipe"):
            # Between the processes of one batch, which share the corpus: the recipe, not the reasons.
            return explain.recipe(tuple(getattr(self, name) for name in _CORE_FIELDS))
        return (_from_state, (self.__getstate__(),))


_STATE_FIELDS = tuple(f.name for f in attrs.fields(Ruling) if f.name != "_explain")
_CORE_FIELDS = tuple(name for name in _STATE_FIELDS if name != "reasons")


def _core_copier() -> Callable[..., Ruling]:
    """A function copying every field but the reasons through the slots themselves (bypassing the
    frozen __setattr__, which only guards against mutation after construction): a copy costs half
    of what a loop of object.__setattr__ does, and the compiled path makes one per charge and decree."""
    ns: dict[str, Any] = {"_new": object.__new__, "_R": Ruling, "_X": vars(Ruling)["_explain"].__set__}
    lines = ["def copy(core, explain, charge):", "    r = _new(_R)"]
    for i, name in enumerate(_CORE_FIELDS):
        ns[f"_S{i}"] = getattr(Ruling, name).__set__
        lines.append(f"    _S{i}(r, {'charge' if name == 'charge' else 'core.' + name})")
    lines += ["    _X(r, explain)", "    return r"]
    exec(compile("\n".join(lines), "<amnestyrules ruling copy>", "exec"), ns)  # noqa: S102 - our own field names
    return ns["copy"]


_copy_core = _core_copier()

#: Set by a batch worker process around pickling its results (engine/batch.py): a ruling explained
#: later then travels as its recipe, which the parent process (sharing the corpus) can follow.
SEND_RECIPES = False


def _from_state(state: Mapping[str, Any]) -> Ruling:
    ruling = object.__new__(Ruling)
    ruling.__setstate__(state)
    return ruling


def ruling_of(values: tuple[Any, ...], explain: Callable[[], tuple[Reason, ...]]) -> Ruling:
    """A ruling from the values of its fields but the reasons (in the order of the class), explained later."""
    ruling = object.__new__(Ruling)
    for name, value in zip(_CORE_FIELDS, values):
        object.__setattr__(ruling, name, value)
    object.__setattr__(ruling, "_explain", explain)
    return ruling


@attrs.frozen
class Outcome:
    """What one decree does to one person."""

    profile: str
    decree: str
    outcome: str
    rulings: tuple[Ruling, ...]
    blocking: tuple[str, ...] = ()
    deciding_facts: tuple[DecidingFact, ...] = ()
    conditions: tuple[PendingCondition, ...] = ()
    confidence: str = "high"
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()
    #: every outcome the unknowns allow (the verdict is one of them, or released_if when all free)
    possible: tuple[str, ...] = ()
    #: the day the question was judged on (deadlines that passed before it are failed)
    as_of: Optional[dt.date] = None
    #: builds ``rulings`` on first access, for an outcome the compiled path gave from its memo
    _build: Optional[Callable[[], tuple[Ruling, ...]]] = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False)

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            # Called only for an attribute that is not set: the rulings of an outcome built later.
            if name == "rulings":
                build = object.__getattribute__(self, "_build")
                if build is not None:
                    rulings = build()
                    object.__setattr__(self, "rulings", rulings)
                    object.__setattr__(self, "_build", None)
                    return rulings
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _OUTCOME_STATE}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_build", None)

    def __reduce__(self) -> Any:
        build = object.__getattribute__(self, "_build")
        if SEND_RECIPES and build is not None and hasattr(build, "recipe"):
            return build.recipe(tuple(getattr(self, name) for name in _OUTCOME_STATE if name != "rulings"))
        return (_outcome_from_state, (self.__getstate__(),))

    def ruling_for(self, charge_id: str) -> Ruling:
        for r in self.rulings:
            if r.charge == charge_id:
                return r
        raise KeyError(charge_id)


_OUTCOME_STATE = tuple(f.name for f in attrs.fields(Outcome) if f.name != "_build")


def _outcome_from_state(state: Mapping[str, Any]) -> Outcome:
    outcome = object.__new__(Outcome)
    outcome.__setstate__(state)
    return outcome


def outcome_of(values: tuple[Any, ...], build: Callable[[], tuple[Ruling, ...]]) -> Outcome:
    """An outcome from the values of its fields but the rulings (in the order of the class), whose
    rulings ``build()`` makes when first read. Most callers of a batch read the verdict, the blocking
    charges and the deciding facts, not each ruling; the compiled path leaves the rulings to be made."""
    outcome = object.__new__(Outcome)
    for name, value in zip(_OUTCOME_LAZY, values):
        object.__setattr__(outcome, name, value)
    object.__setattr__(outcome, "_build", build)
    return outcome


_OUTCOME_LAZY = tuple(name for name in _OUTCOME_STATE if name != "rulings")
