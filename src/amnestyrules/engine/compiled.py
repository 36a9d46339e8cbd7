"""The compiled engine path: each decree compiled once, each class of charges ruled once.

The reference path (:func:`amnestyrules.engine.rulings.rule_charge` with the python backend)
grounds a charge, explores its unknowns, asks the backend which checks hold at each completion
and builds the ruling with its explanation, for every charge of every profile under every decree.
This path gives the same answers (tests/test_backend_agreement.py, tests/test_properties.py and
scripts/agreement_run.py compare whole Outcomes) doing far less:

* a charge's decree-free ground fields are computed once, not once per decree
  (:func:`~amnestyrules.engine.grounding.charge_ground`), and encoded once into value classes
  (:mod:`amnestyrules.engine.classes`);
* each decree keeps a memo from a charge's classes (plus what the exploration of an unknown
  penalty reads) to its ruling: charges alike to the decree, within a profile (identical charges)
  or across a population, are ruled once. A ruling names its charge; the memo's rulings are
  re-addressed to the charge at hand (:mod:`amnestyrules.engine.served`);
* a charge with nothing unknown to the decree that the memo does not know goes down the decree's
  decision tree (:mod:`amnestyrules.engine.decisions`), which asks only the checks the ruling reads;
* the memo holds rulings without their explanation; a ruling served from it builds its reasons
  when first read (:meth:`~amnestyrules.engine.answers.Ruling.explained_later`), by the reference
  code, for this very charge, and checks that the rest of the ruling agrees;
* what is in no memo is made by the reference functions themselves (exploration,
  :func:`~amnestyrules.engine.rulings.ruling_from`, :func:`~amnestyrules.engine.outcomes.outcome`),
  with the generated check functions of :mod:`amnestyrules.engine.backends.compiled`: there is no
  second copy of the legal semantics;
* a person's outcome under a decree depends on the rulings and on three facts of the profile
  (held without charge, civil claim, in custody): it is memoised on those too.

The work budget is charged exactly as on the reference path (a memo hit costs the completions it
stands for). Memos are bounded (:data:`MEMO_MAX` entries per decree, oldest dropped first), belong
to the decree object (a ruling quotes its decree's citations and texts) and go with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable, Optional, Sequence

import attrs

from amnestyrules.case.model import Charge, Person, Profile
from amnestyrules.engine.answers import Outcome, Reason, Ruling, outcome_of
from amnestyrules.engine.budget import Budget, checks_cost, table_weight
from amnestyrules.engine.checks import CheckTable, check_table
from amnestyrules.engine.classes import UNKNOWN_VALUE, Encoding
from amnestyrules.engine.decisions import Asker, DecisionTree
from amnestyrules.engine.grounding import ChargeGround, PartialGround, at_decree, charge_ground, explore
from amnestyrules.engine.outcomes import outcome
from amnestyrules.engine.rulings import ruling_from, starved
from amnestyrules.engine.served import BACKEND, Kept, Rulings, make_outcome, serve, share
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.model import Decree

#: Entries kept per decree in the memo of rulings (an integer key and a shared ruling: ~100 bytes)
#: and in the memo of outcomes (~1 KB): with every decree, some 100 MB at most.
MEMO_MAX = 20_000
OUTCOMES_MAX = 5_000
#: Compiled decree sets kept (one per catalogue and choice of decrees evaluated together).
SETS_MAX = 32
#: Charges a decree rules by the reference code before its decision tree is built (building it
#: costs about a millisecond: a one-profile command never needs it).
TREE_AFTER = 24
#: Profiles a set evaluates by the reference code before its encoding and memos are built (the
#: encoding of a whole corpus costs tens of milliseconds, more than a one-profile command's work).
ENCODE_AFTER = 1

_OUTCOME_KEPT = tuple(f.name for f in attrs.fields(Outcome) if f.name not in ("profile", "rulings"))
_TOKENS = itertools.count(1)
#: A memo key (a decree's value classes and the extras), and the fields of an Outcome kept in its memo.
MemoKey = tuple[Any, ...]
_LOCK = threading.Lock()


class _Core:
    """A memo entry: completions it stands for, the ruling without reasons (None: only known to
    need more than ``leaves - 1`` completions), and a number naming it for the outcome memo."""

    __slots__ = ("leaves", "ruling", "token")

    def __init__(self, leaves: int, ruling: Optional[Ruling], token: int) -> None:
        self.leaves, self.ruling, self.token = leaves, ruling, token


class _DecreeState:
    """What one decree's compiled form keeps across calls (shared by every set it is part of)."""

    def __init__(self) -> None:
        self.memo: dict[Any, _Core] = {}
        #: each distinct ruling once (many keys lead to the same ruling)
        self.cores: dict[tuple[int, Ruling], _Core] = {}
        self.outcomes: dict[MemoKey, Kept] = {}
        #: each distinct reason of an outcome once
        self.reasons: dict[Any, Reason] = {}
        self.ruled = 0
        self.tree: Optional[DecisionTree] = None


#: id(decree) -> (the decree, its state). Rulings quote the whole decree (citations, texts,
#: confidence), not only its checks, so the state belongs to the decree object; it is released
#: with the decree, and at most STATES_MAX are kept.
_STATES: "OrderedDict[int, tuple[weakref.ref[Decree], _DecreeState]]" = OrderedDict()
STATES_MAX = 256
_SETS: "OrderedDict[MemoKey, tuple[Catalogue, CompiledSet]]" = OrderedDict()


def _state(decree: Decree) -> _DecreeState:
    key = id(decree)
    with _LOCK:
        hit = _STATES.get(key)
        if hit is not None and hit[0]() is decree:
            return hit[1]
        state = _DecreeState()
        _STATES[key] = (weakref.ref(decree), state)
        weakref.finalize(decree, _STATES.pop, key, None)
        while len(_STATES) > STATES_MAX:
            _STATES.popitem(last=False)
        return state


def _interned_reason(state: _DecreeState, reason: Reason) -> Reason:
    """``reason``, or an equal one met before (a reason whose parameters are not hashable: itself)."""
    try:
        key = (reason.key, reason.citation, tuple(reason.params.items()), reason.children)
        found = state.reasons.get(key)
    except TypeError:
        return reason
    if found is None:
        if len(state.reasons) > OUTCOMES_MAX:
            state.reasons.clear()
        found = state.reasons[key] = reason
    return found


def _interned(state: _DecreeState, leaves: int, ruling: Ruling) -> _Core:
    """The memo entry for a ruling (reasons left out), one per distinct ruling."""
    core = attrs.evolve(ruling, reasons=())
    found = state.cores.get((leaves, core))
    if found is None:
        if len(state.cores) > MEMO_MAX:
            state.cores.clear()
        found = state.cores[(leaves, core)] = _Core(leaves, core, next(_TOKENS))
    return found


def _bounded_put(memo: dict[Any, Any], key: Any, value: Any, limit: int = MEMO_MAX) -> None:
    memo[key] = value
    if len(memo) > limit:
        try:
            del memo[next(iter(memo))]
        except (KeyError, StopIteration, RuntimeError):   # another thread got there first
            pass


class CompiledSet:
    """A set of decrees evaluated together, compiled: their tables, the encoding, their memos."""

    def __init__(self, catalogue: Catalogue, decrees: Sequence[Decree]) -> None:
        self.catalogue = catalogue
        self.decrees = list(decrees)
        self.tables = [check_table(d) for d in self.decrees]
        #: what one completion of each decree costs (engine/budget.py: a huge user decree costs more)
        self.weights = [table_weight(t) for t in self.tables]
        self.check_costs = [checks_cost(t) for t in self.tables]
        self.states = [_state(d) for d in self.decrees]
        for d in self.decrees:
            share(d, catalogue)
        self.encoding: Optional[Encoding] = None
        self.keys: list[Callable[[tuple[int, ...], Optional[dt.date]], int]] = []
        #: per decree, the classes of the surrender day and the question day (the decision tree's root)
        self.person_classes: list[Callable[[tuple[int, ...]], tuple[int, ...]]] = []
        self.profiles = 0
        self._unfit: dict[Optional[str], frozenset[str]] = {}

    def _encode(self) -> Encoding:
        encoding = Encoding(self.tables)
        self.keys = [encoding.key(t) for t in self.tables]
        self.person_classes = [encoding.classes_of(t, ("surrendered_day", "as_of_day")) for t in self.tables]
        self.encoding = encoding
        return encoding

    def extra(self, base: ChargeGround) -> MemoKey:
        """What a ruling depends on beyond the classes: for an unknown penalty, what its exploration
        tries (the article's penalty kinds, or the kinds its class can carry)."""
        if "penalty" not in base.unknown:
            return ()
        klass = base.known.get("offence_class")
        unfit = self._unfit.get(klass)   # type: ignore[arg-type]
        if unfit is None:
            cat = self.catalogue
            unfit = self._unfit[klass] = frozenset(  # type: ignore[index]
                k for k in cat.penalties if not cat.penalty_fits(k, klass))  # type: ignore[arg-type]
        return (base.penalties, klass, unfit)

    def evaluate(self, profile: Profile, as_of: dt.date, budget: Budget) -> list[Outcome]:
        person = profile.person
        charges = profile.charges
        bases = [charge_ground(c, person, self.catalogue, as_of) for c in charges]
        self.profiles += 1
        encoding = self.encoding
        if encoding is None and self.profiles > ENCODE_AFTER:
            encoding = self._encode()
        codes: list[Optional[tuple[int, ...]]] = []
        for base in bases:
            if encoding is None:   # (no memo yet: every charge is ruled by the reference code)
                codes.append(None)
                continue
            values: dict[str, Any] = dict(base.known)
            for f in base.unknown:
                values[f] = UNKNOWN_VALUE
            codes.append(encoding.encode(values))
        extras = [self.extra(b) for b in bases]
        ids = tuple(c.id for c in charges)
        held = profile.detention
        situation = (ids, held.held_without_charge, held.civil_claim, person.whereabouts == "custody", as_of)
        # A charge with nothing unknown to a decree and a memo entry costs one dict lookup (the fast
        # path below); any other goes through _rule, which may explore, starve or consult the tree.
        unknowns = [frozenset(base.unknown) for base in bases]
        borns = [base.born for base in bases]
        out = []
        outer_weight = budget.weight
        try:
            for i, decree in enumerate(self.decrees):
                budget.weight = self.weights[i]
                out.append(self._evaluate_decree(i, decree, profile, bases, codes, extras, unknowns, borns, situation,
                                                 encoding, as_of, budget))
        finally:
            budget.weight = outer_weight
        return out

    def _evaluate_decree(self, i: int, decree: Decree, profile: Profile, bases: list[ChargeGround],
                         codes: list[Optional[tuple[int, ...]]], extras: list[MemoKey], unknowns: list[frozenset[str]],
                         borns: list[Any], situation: Any, encoding: Any, as_of: dt.date, budget: Budget) -> Outcome:
        """One decree's outcome for the profile (the memo's fast path first)."""
        person, charges = profile.person, profile.charges
        state = self.states[i]
        memo, key, fields = state.memo, self.keys[i] if encoding is not None else None, self.tables[i].fields
        cores: list[Optional[_Core]] = []
        for code, born, unknown, extra in zip(codes, borns, unknowns, extras):
            hit = None
            if code is not None and key is not None and (not unknown or fields.isdisjoint(unknown)):
                k = key(code, born)
                hit = memo.get(k if not extra else (k, extra))
            if hit is not None and hit.leaves == 1:
                budget.spent += budget.weight   # one completion, nothing to explore: never starved (Budget.cap >= 1)
                cores.append(hit)
            else:
                cores.append(None)
        if None not in cores:
            okey = (tuple([c.token for c in cores]), situation)   # type: ignore[union-attr]
            kept = state.outcomes.get(okey)
            if kept is not None:
                build = Rulings(self.tables[i], self.catalogue, tuple([c.ruling for c in cores]),  # type: ignore[union-attr, misc]
                                 profile, as_of, kept)
                return outcome_of((profile.id,) + kept, build)
        rulings = []
        for j, charge in enumerate(charges):
            core = cores[j]
            if core is not None:
                ruling = self._served(self.tables[i], core, charge, person, as_of)
            else:
                ruling, cores[j] = self._rule(i, charge, bases[j], codes[j], extras[j], person, as_of, budget)
            rulings.append(ruling)
        return self._outcome(i, profile, decree, rulings, cores, situation, as_of)

    def _outcome(self, i: int, profile: Profile, decree: Decree, rulings: list[Ruling], cores: list[Optional[_Core]],
                 situation: MemoKey, as_of: dt.date) -> Outcome:
        """The reference outcome, or its memo: the same rulings in the same situation give the same
        verdict, blocking charges, conditions and reasons; only the profile id and rulings differ."""
        outcomes = self.states[i].outcomes
        key = (tuple([c.token for c in cores]), situation) if None not in cores else None  # type: ignore[union-attr]
        kept = outcomes.get(key) if key is not None else None
        if kept is None:
            made = outcome(profile, decree, rulings, as_of)
            if key is None:
                return made
            kept = self._kept(self.states[i], made)
            _bounded_put(outcomes, key, kept, OUTCOMES_MAX)
        else:
            made = make_outcome(profile.id, tuple(rulings), kept)
        # What the outcome was made of, for a batch worker to send by reference (engine/batch.py).
        object.__setattr__(made, "_build", Rulings(self.tables[i], self.catalogue,
                                                    tuple([c.ruling for c in cores]),  # type: ignore[union-attr, misc]
                                                    profile, as_of, kept))
        return made

    @staticmethod
    def _kept(state: _DecreeState, made: Outcome) -> Kept:
        """The outcome's fields but the profile and rulings, its reasons and warnings stored once per
        distinct value (a warning quotes a provision's open questions: the same text every time)."""
        return tuple(tuple(_interned_reason(state, x) for x in getattr(made, name)) if name in ("reasons", "warnings")
                     else getattr(made, name) for name in _OUTCOME_KEPT)

    def _rule(self, i: int, charge: Charge, base: ChargeGround, code: Optional[tuple[int, ...]], extra: MemoKey,
              person: Person, as_of: dt.date, budget: Budget) -> tuple[Ruling, Optional[_Core]]:
        """The ruling of decree ``i`` on one charge, and its memo entry (None: not from the memo)."""
        table, state = self.tables[i], self.states[i]
        open_unknowns = not table.fields.isdisjoint(base.unknown)
        classes = self.keys[i](code, base.born) if code is not None else None
        k = (classes if not extra else (classes, extra)) if classes is not None else None
        hit = state.memo.get(k) if k is not None else None
        if hit is not None and hit.leaves == 1 and not open_unknowns:
            # One completion and nothing to explore: never starved (Budget.cap is at least 1).
            budget.spent += budget.weight
            return self._served(table, hit, charge, person, as_of), hit
        cap = budget.cap(open_unknowns)
        if cap == 0:
            return starved(table, charge, person, at_decree(base, table.decree), budget, 0), None
        if open_unknowns:
            budget.charge(self.check_costs[i])   # as the reference pays (rulings.rule_charge)
        if hit is not None:
            if hit.leaves > cap:
                return starved(table, charge, person, at_decree(base, table.decree), budget, cap), None
            if hit.ruling is not None:
                budget.spend(hit.leaves)
                return self._served(table, hit, charge, person, as_of), hit
        pg = at_decree(base, table.decree)
        if not open_unknowns and code is not None and k is not None:
            return self._decide(i, k, code, extra, charge, pg, person, as_of, budget)
        try:
            tree = explore(pg, table, cap)
        except OverflowError:
            if k is not None:
                _bounded_put(state.memo, k, _Core(cap + 1, None, 0))
            return starved(table, charge, person, pg, budget, cap), None
        budget.spend(len(tree.leaves))
        ruling = ruling_from(table, charge, person, pg, tree, BACKEND.evaluate(table, [x.ground for x in tree.leaves]),
                             as_of)
        if k is None:
            return ruling, None
        core = _interned(state, len(tree.leaves), ruling)
        _bounded_put(state.memo, k, core)
        return ruling, core

    def _decide(self, i: int, k: Any, code: tuple[int, ...], extra: MemoKey, charge: Charge, pg: PartialGround,
                person: Person, as_of: dt.date, budget: Budget) -> tuple[Ruling, Optional[_Core]]:
        """A charge with nothing unknown to the decree (one completion): ruled through the decree's
        decision tree (:mod:`amnestyrules.engine.decisions`), grown by the reference when it has no path."""
        table, state = self.tables[i], self.states[i]
        budget.spend(1)
        state.ruled += 1
        if state.tree is None and state.ruled > TREE_AFTER:
            from amnestyrules.engine.codegen import compile_each
            state.tree = DecisionTree(compile_each(table.checks))
        tree = state.tree
        if tree is None:
            single = explore(pg, table)
            ruling = ruling_from(table, charge, person, pg, single, BACKEND.evaluate(table, [pg.known]), as_of)
            core = _interned(state, 1, ruling)
            _bounded_put(state.memo, k, core)
            return ruling, core
        # The root: what the ruling reads besides the checks (the surrender and question days
        # against the decree's deadlines: see engine/classes.py; an unknown penalty's candidates).
        root = (extra, self.person_classes[i](code))
        found: Optional[_Core] = tree.lookup(root, pg.known)
        if found is not None:
            _bounded_put(state.memo, k, found)
            return self._served(table, found, charge, person, as_of), found
        asker = Asker(tree.tests, pg.known)
        ruling = ruling_from(table, charge, person, pg, explore(pg, table), [asker], as_of)  # type: ignore[list-item]
        core = _interned(state, 1, ruling)
        tree.grow(root, asker.asked, core)
        _bounded_put(state.memo, k, core)
        return ruling, core

    def _served(self, table: CheckTable, core: _Core, charge: Charge, person: Person, as_of: dt.date) -> Ruling:
        assert core.ruling is not None
        return serve(table, self.catalogue, core.ruling, charge, person, as_of)


def compiled_set(catalogue: Catalogue, decrees: Sequence[Decree]) -> CompiledSet:
    """The compiled form of these decrees under this catalogue (built once, then cached)."""
    key = (id(catalogue),) + tuple(id(d) for d in decrees)
    with _LOCK:
        hit = _SETS.get(key)
        if hit is not None and hit[0] is catalogue and all(a is b for a, b in zip(hit[1].decrees, decrees)):
            _SETS.move_to_end(key)
            return hit[1]
    built = CompiledSet(catalogue, decrees)
    with _LOCK:
        _SETS[key] = (catalogue, built)
        while len(_SETS) > SETS_MAX:
            _SETS.popitem(last=False)
    return built


def evaluate_compiled(profile: Profile, decrees: Sequence[Decree], catalogue: Catalogue, as_of: dt.date,
                      budget: Budget) -> list[Outcome]:
    """One outcome per decree, in the order given: the compiled path of evaluate/evaluate_all."""
    return compiled_set(catalogue, decrees).evaluate(profile, as_of, budget)
