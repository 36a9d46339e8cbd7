"""From the checks that hold to a ruling per charge and an outcome per person.

This module holds the amnesty semantics that every decree shares, and only those:
  * an offence on or after the cutoff (as the decree defines it) is not covered;
  * an exclusion beats coverage, and every exclusion is evaluated so that all that bite are named;
  * a failed condition (surrendered late) leaves the charge not covered; a condition that can
    still be met (surrender by a date) makes the pardon conditional;
  * of several provisions covering a charge, the most favourable applies (fractions never stack);
  * unknown facts are resolved by trying every value that matters (:mod:`.grounding`): if the
    rulings differ the charge is 'undetermined' and the unknowns that decide it are named;
  * stacked charges: the person walks free only if every charge is pardoned and nothing else
    holds them.
Which predicates hold is the backend's business; what they mean is decided here, once.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Iterable, Mapping, Optional, Sequence

import attrs

from amnestyrules.case import derived
from amnestyrules.case.model import Charge, Person
from amnestyrules.engine import checks as names
from amnestyrules.engine.answers import DecidingFact, PendingCondition, Reason, Ruling, Split
from amnestyrules.engine.assumptions import assumption_text
from amnestyrules.engine.backends import Backend
from amnestyrules.engine.budget import Budget, checks_cost
from amnestyrules.engine.checks import CheckTable
from amnestyrules.engine.grounding import (
    ABSENT,
    Exploration,
    Leaf,
    PartialGround,
    deciding_name,
    explore,
    partial_ground,
)
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.fields import fact_field
from amnestyrules.law.model import Benefit, Citation, Condition, Decree, Provision, lowest_confidence

RANK = {"pardoned": 6, "conditional": 5, "reduced": 4, "commuted": 3, "excluded": 2, "not_covered": 1}
BLOCKING = {"excluded", "not_covered"}
#: Rulings under which the charge no longer holds the person (possibly once a condition is met).
FREEING = {"pardoned", "conditional"}


@attrs.frozen
class GroundRuling:
    """The ruling for one ground completion of a charge."""

    ruling: str
    provision: Optional[Provision]
    citation: Optional[Citation]
    reasons: tuple[Reason, ...]
    pending: tuple[PendingCondition, ...] = ()
    confidence: str = "high"
    rank: float = 0
    others: tuple[Reason, ...] = ()

    @property
    def key(self) -> tuple:
        """What the lawyer's answer depends on: the ruling, the benefit given, what is pending.

        Two completions pardoning through different provisions give the same answer.
        """
        benefit = self.provision.benefit.describe if self.provision and self.ruling in ("reduced", "commuted") \
            else None
        return (self.ruling, benefit, tuple((p.kind, p.by) for p in self.pending))


def _text(en: str, ar: str, citation: Optional[Citation] = None, children: tuple[Reason, ...] = ()) -> Reason:
    return Reason("text", {"en": en, "ar": ar}, citation, children)


def _date_text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "unknown"


def ground_ruling(table: CheckTable, holds: frozenset[str], charge: Charge, person: Person,
                  as_of: Optional[dt.date] = None) -> GroundRuling:
    decree = table.decree
    cutoff_params = {"date": _date_text(charge.offence_date), "cutoff": decree.cutoff.isoformat(),
                     "rule": decree.cutoff_rule, "decree": decree.id}
    # With the offence date unknown, a branch assumes one side of the cutoff: say so, not "unknown is before".
    dateless = cutoff_params["date"] == "unknown"
    if names.cutoff_name() not in holds:
        return GroundRuling("not_covered", None, decree.cutoff_citation,
                            (Reason("after_cutoff_assumed" if dateless else "after_cutoff", cutoff_params,
                                    decree.cutoff_citation),),
                            confidence=decree.confidence, rank=0)
    if decree.window_start is not None and names.window_name() not in holds:
        params = dict(cutoff_params, start=decree.window_start.isoformat())
        return GroundRuling("not_covered", None, decree.cutoff_citation,
                            (Reason("before_window", params, decree.cutoff_citation),),
                            confidence=decree.confidence, rank=0)
    results: list[GroundRuling] = []
    for p in decree.provisions:
        if names.select_name(p.id) not in holds:
            continue
        results.append(_provision_result(decree, p, holds, charge, cutoff_params, person, as_of))
    if results:
        # An exclusion that reaches every provision takes the charge out of the decree as a whole:
        # it is the answer whichever provision would otherwise have applied.
        wide = [x for x in decree.exclusions if x.applies_to is None and names.wide_exclusion_name(x.id) in holds]
        if wide:
            first = results[0].provision
            assert first is not None
            # Name every exclusion that bites, including those scoped to the provisions reaching the charge.
            selected = {r.provision.id for r in results if r.provision}
            biting = wide + [x for x in decree.exclusions if x.applies_to is not None
                             and selected & set(x.applies_to) and names.wide_exclusion_name(x.id) in holds]
            biting += [x for r in results if r.provision for x in r.provision.exclusions
                       if names.own_exclusion_name(r.provision.id, x.id) in holds]
            reasons = (_before_cutoff(cutoff_params, decree.cutoff_citation),
                       Reason("selected", {"provision": first.ref, "summary_en": first.summary_en,
                                           "summary_ar": first.summary_ar}, first.citation)) + tuple(
                Reason("excluded_by", {"en": x.reason_en, "ar": x.reason_ar}, x.citation)
                for x in dict.fromkeys(biting))
            return GroundRuling("excluded", first, wide[0].citation, reasons,
                                confidence=lowest_confidence(first.confidence, *(x.confidence for x in wide)),
                                rank=RANK["excluded"])
    if not results:
        return GroundRuling("not_covered", None, None,
                            (Reason("no_provision", {"decree": decree.id, "statute": charge.statute,
                                                      "article": charge.article}, None),),
                            confidence=decree.confidence, rank=0)
    best = max(results, key=_favour)
    others = tuple(Reason("also_selected", {"provision": r.provision.ref if r.provision else "",
                                            "ruling": r.ruling}, r.provision.citation if r.provision else None)
                   for r in results if r is not best)
    return attrs.evolve(best, others=others)


def _before_cutoff(params: Mapping[str, object], citation: Citation) -> Reason:
    """'offence date D is before the cutoff'; in a branch that assumes the unknown date, 'taken as'."""
    return Reason("before_cutoff_assumed" if params.get("date") == "unknown" else "before_cutoff", params, citation)


def _favour(r: GroundRuling) -> tuple:
    """Most favourable first; among equals, the provision with the fewest things against it
    (a deserter's own desertion clause, failed by a late surrender, explains more than an
    age-70 clause he fails on age and on an exclusion); then file order."""
    fraction = r.provision.benefit.fraction if r.provision and r.provision.benefit.fraction else 0
    against = sum(1 for x in r.reasons if x.key in ("condition_failed", "excluded_by"))
    return (r.rank, fraction, -against)


def _provision_result(decree: Decree, p: Provision, holds: frozenset[str], charge: Charge,
                      cutoff_params: Mapping[str, object], person: Optional[Person] = None,
                      as_of: Optional[dt.date] = None) -> GroundRuling:
    covered = Reason("selected", {"provision": p.ref, "summary_en": p.summary_en, "summary_ar": p.summary_ar},
                     p.citation)
    dated = _before_cutoff(cutoff_params, decree.cutoff_citation)
    biting = [x for x in decree.exclusions
              if (x.applies_to is None or p.id in x.applies_to) and names.wide_exclusion_name(x.id) in holds]
    biting += [x for x in p.exclusions if names.own_exclusion_name(p.id, x.id) in holds]
    excluded_reasons = tuple(Reason("excluded_by", {"en": x.reason_en, "ar": x.reason_ar}, x.citation)
                             for x in biting)
    failed, pending, met = [], [], []
    for i, c in enumerate(p.conditions):
        if names.met_name(p.id, i) in holds:
            met.append(c)
        elif names.pending_name(p.id, i) in holds:
            pending.append(c)
        else:
            failed.append(c)
    met_reasons = tuple(Reason("condition_met", {"en": c.text_en, "ar": c.text_ar}, c.citation) for c in met)
    if failed:
        # A provision whose condition failed covers nothing, so there is no coverage for an
        # exclusion to beat: the failed condition is the reason (exclusions that also bite are named).
        reasons = (dated, covered) + tuple(_failed_reason(c, person, as_of) for c in failed) + excluded_reasons
        return GroundRuling("not_covered", p, failed[0].citation, reasons, confidence=p.confidence,
                            rank=RANK["not_covered"])
    if biting:
        return GroundRuling("excluded", p, biting[0].citation, (dated, covered) + excluded_reasons,
                            confidence=lowest_confidence(p.confidence, *(x.confidence for x in biting)),
                            rank=RANK["excluded"])
    index = {id(c): i for i, c in enumerate(p.conditions)}
    conds = tuple(PendingCondition(charge.id, c.kind, c.text_en, c.text_ar,
                                   c.deadline if c.dated is None or names.dated_name(p.id, index[id(c)]) in holds
                                   else None, c.citation)
                  for c in pending)
    pending_reasons = tuple(Reason("condition_pending", {"en": c.text_en, "ar": c.text_ar}, c.citation)
                            for c in pending)
    if pending and p.benefit.kind in ("full", "measure"):
        reasons = (dated, covered) + met_reasons + pending_reasons
        return GroundRuling("conditional", p, p.citation, reasons, conds, p.confidence, RANK["conditional"])
    ruling = {"full": "pardoned", "measure": "pardoned", "fraction": "reduced",
              "commutation": "commuted"}[p.benefit.kind]
    # A reduction or commutation whose condition is still pending (the victim's waiver) keeps its
    # ruling, carries the condition, and ranks just below the same benefit given outright.
    reasons = (dated, covered) + met_reasons + pending_reasons + (_benefit_reason(p.benefit, charge),)
    rank = RANK[ruling] - (0.5 if pending else 0)
    return GroundRuling(ruling, p, p.citation, reasons, conds, p.confidence, rank)


def _failed_reason(c: Condition, person: Optional[Person], as_of: Optional[dt.date]) -> Reason:
    """Why a condition failed, in the lawyer's terms: a surrender after the deadline, a deadline
    that passed on the day of the question, or the condition itself."""
    params = {"en": c.text_en, "ar": c.text_ar}
    if c.deadline is not None:
        params["deadline"] = c.deadline.isoformat()
        late = person.surrendered_on if person is not None and c.kind == "surrender" else None
        if late is not None and late > c.deadline:
            return Reason("surrendered_late", {**params, "date": late.isoformat()}, c.citation)
        if as_of is not None and as_of > c.deadline and c.kind in ("surrender", "hostage_release", "fact"):
            return Reason("deadline_passed", {**params, "as_of": as_of.isoformat()}, c.citation)
    return Reason("condition_failed", params, c.citation)


def _benefit_reason(benefit: Benefit, charge: Charge) -> Reason:
    params: dict[str, object] = {"kind": benefit.kind, "describe": benefit.describe}
    if benefit.kind == "fraction" and benefit.fraction is not None and charge.penalty and charge.penalty.years:
        params["new_years"] = round(float(charge.penalty.years * (1 - benefit.fraction)), 2)
    if benefit.kind == "commutation" and charge.penalty is not None:
        for c in benefit.commutations:
            if charge.penalty.kind in c.from_kinds:
                params["to"] = c.to
                params["years"] = c.years
    return Reason("benefit", params)


# ------------------------------------------------------------------------- per charge

def rule_charge(table: CheckTable, backend: Backend, catalogue: Catalogue, charge: Charge, person: Person,
                as_of: Optional[dt.date] = None, budget: Optional[Budget] = None) -> Ruling:
    """The ruling of one decree on one charge, resolving unknowns by trying those that matter.

    When the completions disagree, the answer is still given where every possibility agrees on
    what matters: the same ruling and benefit whatever is pending (a reduction that waits on the
    victim's waiver) carries every condition any completion sets; pardoned in some completions and
    pardoned on a condition in the others is 'conditional' (the worst case), with the better route
    noted; not pardoned in any is settled on the strongest blocking ruling. Only otherwise is the
    ruling 'undetermined'.
    """
    pg = partial_ground(charge, person, table.decree, catalogue, as_of)
    budget = budget if budget is not None else Budget()
    open_unknowns = reads_unknown(table, pg)
    cap = budget.cap(open_unknowns)
    try:
        if cap == 0:
            raise OverflowError(0)   # spent: no exploration at all (the charge is named, not guessed)
        if open_unknowns:
            # Exploring starts by simplifying every check with what is known: paid whether the
            # exploration is fresh or remembered, so that the cost never depends on history (and
            # the compiled path, whose memos differ, pays exactly the same).
            budget.charge(checks_cost(table))
        tree, results = _explored(table, backend, pg, cap, budget)
    except OverflowError as exc:
        return starved(table, charge, person, pg, budget, int(exc.args[0]) if exc.args else 0)
    return ruling_from(table, charge, person, pg, tree, results, as_of)


def reads_unknown(table: CheckTable, pg: PartialGround) -> bool:
    """Does the decree read a field this charge leaves unknown (is there anything to explore)?"""
    return not table.fields.isdisjoint(pg.unknown)


def starved(table: CheckTable, charge: Charge, person: Person, pg: PartialGround, budget: Budget,
            spent: int) -> Ruling:
    """The answer for a charge the budget could not explore: undetermined, naming the facts to state."""
    budget.spend(spent)   # the work was done, even if thrown away
    budget.starved.append((table.decree.id, charge.id))
    relevant = [f for f in pg.unknown if f in table.fields]
    facts = _dedupe(DecidingFact(*deciding_name(f, charge.id, person)) for f in relevant)
    return Ruling(charge.id, "undetermined", None, None,
                  (Reason("too_many_unknowns", {"facts": ", ".join(f.fact for f in facts)}),),
                  deciding_facts=facts, confidence=table.decree.confidence,
                  possible=tuple(RANK))


def ruling_from(table: CheckTable, charge: Charge, person: Person, pg: PartialGround, tree: Exploration,
                results: Sequence[frozenset[str]], as_of: Optional[dt.date]) -> Ruling:
    """The ruling, given the completions the exploration tried and the checks that hold at each."""
    # Completions on which the same checks hold get the same ground ruling (most differ only in an
    # unknown no check still reads): each distinct set is ruled once.
    once: dict[object, GroundRuling] = {}
    rulings = [once[h] if h in once else once.setdefault(h, ground_ruling(table, h, charge, person, as_of))
               for h in results]
    deciding = _deciding_fields(tree, rulings)
    if len({r.key for r in rulings}) == 1:
        ruled = _settled(table, charge, person, tree, rulings)
    elif len({r.key[:2] for r in rulings}) == 1:
        ruled = _settled(table, charge, person, tree, rulings, conditional_on=deciding)
    elif all(r.ruling in FREEING for r in rulings):
        ruled = _freed_either_way(table, charge, person, tree, rulings, deciding)
    elif all(r.ruling in BLOCKING for r in rulings):
        # Not pardoned whatever the unknowns: settle on the strongest blocking ruling and show
        # each branch (excluded by X if ..., not covered if ...).
        ruled = _blocked_either_way(table, charge, person, tree, rulings)
    else:
        ruled = _undetermined(table, charge, person, tree, rulings, deciding)
    possible = tuple(sorted({r.ruling for r in rulings}, key=lambda x: -RANK[x]))
    derived_reasons = _derived_reasons([d for name, d in pg.derived.items() if fact_field(name) in table.fields])
    return attrs.evolve(ruled, possible=possible, splits=_splits(tree, rulings, deciding, charge, person),
                        reasons=ruled.reasons + derived_reasons)


def _derived_reasons(found: list[derived.Derivation]) -> tuple[Reason, ...]:
    """Why facts the decree reads were not asked: the profile settles them, or the offence cannot
    involve them (one reason per catalogue entry, naming every such fact)."""
    out: list[Reason] = []
    by_entry: dict[str, list[derived.Derivation]] = {}
    for d in found:
        if d.catalogue_entry:
            by_entry.setdefault(d.catalogue_entry, []).append(d)
        else:
            # Derived from the profile's own fields; the juvenile age cites the law that sets it.
            cite = Citation("Juveniles Law 18/1974", "1", "a") if d.fact == "juvenile" else Citation("profile", None)
            out.append(Reason(d.because, {"fact": d.fact, "value": str(d.value).lower(), **d.params}, cite))
    for entry, ds in by_entry.items():
        params = {**ds[0].params, "fact": ", ".join(d.fact for d in ds)}
        out.append(Reason("does_not_arise", params, Citation("rules/statutes.yaml", entry)))
    return tuple(out)


def _deciding_fields(tree: Exploration, rulings: list[GroundRuling]) -> list[str]:
    """An unknown decides when, at some point where it was tried, its values led to different answers."""
    deciding: list[str] = []
    for field, children in tree.branchings:
        outcomes = {frozenset(rulings[i].key for i in child) for child in children}
        if len(outcomes) > 1 and field not in deciding:
            deciding.append(field)
    deciding.sort(key=tree.relevant.index)
    return deciding


def _provision_id(r: GroundRuling) -> Optional[str]:
    return r.provision.id if r.provision is not None else None


def _exclusions_biting(r: GroundRuling) -> frozenset[tuple]:
    return frozenset(_reason_id(x) for x in r.reasons if x.key == "excluded_by")


def _answer_fields(tree: Exploration, rulings: list[GroundRuling]) -> list[str]:
    """The unknowns whose values lead to differently explained answers (ruling, provision, or the
    exclusions that bite)."""
    out: list[str] = []
    for field, children in tree.branchings:
        kinds = {frozenset((rulings[i].ruling, _provision_id(rulings[i]), _exclusions_biting(rulings[i]))
                           for i in child) for child in children}
        if len(kinds) > 1 and field not in out:
            out.append(field)
    out.sort(key=tree.relevant.index)
    return out


def _splits(tree: Exploration, rulings: list[GroundRuling], deciding: list[str], charge: Charge,
            person: Person) -> tuple[Split, ...]:
    """For each deciding unknown, the rulings each of its values leaves possible (a leaf that never
    fixed the field stands for every value)."""
    out = []
    for field in deciding:
        values: dict[object, set[str]] = {}
        for leaf in tree.leaves:
            if field in leaf.assignment:
                values.setdefault(_value_key(leaf.assignment[field]), set())
        for leaf, r in zip(tree.leaves, rulings):
            for v, found in values.items():
                if field not in leaf.assignment or _value_key(leaf.assignment[field]) == v:
                    found.add(r.ruling)
        sets = tuple(tuple(sorted(found, key=lambda x: -RANK[x])) for found in values.values())
        out.append(Split(DecidingFact(*deciding_name(field, charge.id, person)), field, sets))
    return tuple(out)


def _value_key(value: object) -> object:
    return "(absent)" if value is ABSENT else value


_EXPLORED: "OrderedDict[tuple, tuple[None, Exploration, list[frozenset[str]]]]" = OrderedDict()
#: The memo keeps at most this many completions in all (a completion is a few KB): tens of MB.
_EXPLORED_MAX_LEAVES = 20_000
_EXPLORED_LEAVES = 0


def _explored(table: CheckTable, backend: Backend, pg: PartialGround, max_leaves: int,
              budget: Budget) -> tuple[Exploration, list[frozenset[str]]]:
    """The exploration of a charge's unknowns and the checks that hold at each leaf.

    Memoised on what the engine sees (the decree's checks, the backend, the known fields and
    the unknown ones): analysis and timelines ask the same question many times over. The memo
    is bounded by the completions it holds (:data:`_EXPLORED_MAX_LEAVES`), not by its entries:
    one entry may hold one leaf or thousands.
    """
    global _EXPLORED_LEAVES
    # The charge id is not part of the question (no check reads it): identical charges share one entry.
    key = (table.digest, backend.name, tuple(sorted((k, v) for k, v in pg.known.items() if k != "id")), pg.unknown,
           pg.nullable, pg.penalties)
    hit = _EXPLORED.get(key)
    if hit is not None:
        # A hit saves the exploration, not the rulings built from every completion: it costs the
        # budget as much as the first time (a profile of 200 copies of one charge is no cheaper).
        if len(hit[1].leaves) > max_leaves:
            raise OverflowError(max_leaves)   # what exploring afresh would have spent before giving up
        _EXPLORED.move_to_end(key)
        budget.spend(len(hit[1].leaves))
        return hit[1], hit[2]
    tree = explore(pg, table, max_leaves)
    budget.spend(len(tree.leaves))
    results = backend.evaluate(table, [leaf.ground for leaf in tree.leaves])
    _EXPLORED[key] = (None, tree, results)
    _EXPLORED_LEAVES += len(tree.leaves)
    while _EXPLORED_LEAVES > _EXPLORED_MAX_LEAVES and len(_EXPLORED) > 1:
        _, (_, old, _) = _EXPLORED.popitem(last=False)
        _EXPLORED_LEAVES -= len(old.leaves)
    return tree, results


def _reason_id(r: Reason) -> tuple:
    return (r.key, r.citation, tuple(sorted((k, str(v)) for k, v in r.params.items())))


def _settled(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
             rulings: list[GroundRuling], conditional_on: Sequence[str] = ()) -> Ruling:
    """Every completion gives the same answer; say only what holds in all of them.

    With ``conditional_on`` (the completions agree on the ruling and the benefit and differ only in
    what is still pending): the worst case is the answer, so the ruling carries every condition
    some completion sets, and the unknowns that decide whether a condition applies are its questions.
    """
    if conditional_on:
        worst = max(rulings, key=lambda r: len(r.pending))
        pending = _dedupe_pending(c for r in rulings for c in r.pending)
        facts = _dedupe(DecidingFact(*deciding_name(f, charge.id, person)) for f in conditional_on)
        return Ruling(charge.id, worst.ruling, worst.provision.id if worst.provision else None, worst.citation,
                      worst.reasons + worst.others, pending, facts,
                      worst.provision.benefit if worst.provision else None,
                      lowest_confidence(*(r.confidence for r in rulings)))
    common = set.intersection(*({_reason_id(x) for x in r.reasons + r.others} for r in rulings))
    # Excluded in every completion, but not by one exclusion common to all (by one if the offence is
    # a felony, by another if a misdemeanour): each branch names the exclusion that bites in it.
    excluded_apart = rulings[0].ruling == "excluded" and len({_exclusions_biting(r) for r in rulings}) > 1 \
        and not any(rid[0] == "excluded_by" for rid in common)
    if len({r.provision.id if r.provision else None for r in rulings}) > 1 or not common or excluded_apart:
        # Same answer for different reasons depending on unknowns (through different provisions,
        # or after the cutoff in one case and outside every provision in the other): cite each branch.
        branches = _branches(table, charge, person, tree, rulings, _answer_fields(tree, rulings))
        first = rulings[0]
        return Ruling(charge.id, first.ruling, None, None,
                      (Reason("either_way", {"ruling": first.ruling}, None, tuple(branches)),),
                      first.pending, (), None, lowest_confidence(*(r.confidence for r in rulings)))
    fewest = min(rulings, key=lambda r: len(r.reasons) + len(r.others))
    kept = tuple(x for x in fewest.reasons + fewest.others if _reason_id(x) in common)
    possible = [x for r in rulings for x in r.reasons if x.key == "excluded_by" and _reason_id(x) not in common]
    extra = tuple(Reason("possibly_excluded", dict(x.params), x.citation)
                  for x in {(_reason_id(x)): x for x in possible}.values())
    g = fewest
    return Ruling(charge.id, g.ruling, g.provision.id if g.provision else None, g.citation,
                  kept + extra, g.pending, (), g.provision.benefit if g.provision else None,
                  lowest_confidence(*(r.confidence for r in rulings)))


def _freed_either_way(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
                      rulings: list[GroundRuling], deciding: Sequence[str]) -> Ruling:
    """Pardoned outright in some completions, pardoned on a condition in the others: the person walks
    free on the condition either way, so the answer is 'conditional' with the worst case's
    conditions, and the route to an outright pardon is shown as a branch."""
    conditional = [r for r in rulings if r.ruling == "conditional"]
    worst = max(conditional, key=lambda r: len(r.pending))
    pending = _dedupe_pending(c for r in conditional for c in r.pending)
    outright = [i for i, r in enumerate(rulings) if r.ruling == "pardoned"]
    better = _branches(table, charge, person, Exploration(tuple(tree.leaves[i] for i in outright), (), tree.relevant),
                       [rulings[i] for i in outright], list(deciding))
    facts = _dedupe(DecidingFact(*deciding_name(f, charge.id, person)) for f in deciding)
    return Ruling(charge.id, "conditional", worst.provision.id if worst.provision else None, worst.citation,
                  worst.reasons + worst.others + (Reason("better_route", {}, None, tuple(better)),),
                  pending, facts, worst.provision.benefit if worst.provision else None,
                  lowest_confidence(*(r.confidence for r in rulings)))


def _dedupe_pending(items: Iterable[PendingCondition]) -> tuple[PendingCondition, ...]:
    """Each pending condition once. The same condition can come with a deadline in one completion
    and none in another (the victim's claim window runs only if no claim was filed, and whether one
    was is unknown): it is listed once without a deadline, since no single date binds in every
    case, and the fact that decides the deadline is among the ruling's questions."""
    by_condition: dict[tuple, list[PendingCondition]] = {}
    for c in items:
        by_condition.setdefault((c.charge, c.kind, c.text_en, c.citation), []).append(c)
    return tuple(group[0] if len({c.by for c in group}) == 1 else attrs.evolve(group[0], by=None)
                 for group in by_condition.values())


def _blocked_either_way(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
                        rulings: list[GroundRuling]) -> Ruling:
    ruling = max((r.ruling for r in rulings), key=lambda x: RANK[x])
    branches = _branches(table, charge, person, tree, rulings, _answer_fields(tree, rulings))
    cited = [r for r in rulings if r.ruling == ruling]
    common = {r.provision.id if r.provision else None for r in cited}
    provision = cited[0].provision if len(common) == 1 else None
    return Ruling(charge.id, ruling, provision.id if provision else None,
                  cited[0].citation if provision else None,
                  (Reason("either_way", {"ruling": ruling}, None, tuple(branches)),),
                  (), (), None, lowest_confidence(*(r.confidence for r in rulings)))


def _undetermined(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
                  rulings: list[GroundRuling], deciding: list[str]) -> Ruling:
    facts = _dedupe(DecidingFact(*deciding_name(f, charge.id, person)) for f in deciding)
    branches = _branches(table, charge, person, tree, rulings, deciding)
    possible = tuple(sorted({r.ruling for r in rulings}, key=lambda x: -RANK[x]))
    return Ruling(charge.id, "undetermined", None, None,
                  (Reason("depends_on", {"facts": ", ".join(f.fact for f in facts),
                                         "possible": ", ".join(possible)}, None, tuple(branches)),),
                  deciding_facts=facts, confidence=lowest_confidence(*(r.confidence for r in rulings)),
                  possible=possible)


def _branches(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
              rulings: list[GroundRuling], shown: list[str]) -> list[Reason]:
    """One explanation per distinct answer, with the assumptions that lead to it.

    Only the unknowns that change the answer are stated (an unknown left out holds 'whatever its
    value'); two branches that would read the same are shown once.
    """
    first: dict[tuple, tuple[Leaf, GroundRuling]] = {}
    for leaf, r in zip(tree.leaves, rulings):
        first.setdefault((r.key, r.provision.id if r.provision else None, _exclusions_biting(r)), (leaf, r))
    out: dict[tuple, Reason] = {}
    for leaf, r in first.values():
        assumption = "; ".join(assumption_text(f, leaf.assignment[f], table, charge, person)
                               for f in dict.fromkeys(shown) if f in leaf.assignment)
        node = Reason("if_then", {"assumption": assumption or "otherwise", "ruling": r.ruling,
                                  "provision": r.provision.ref if r.provision else ""}, r.citation, r.reasons)
        out.setdefault((assumption, r.ruling, node.params["provision"], _reason_id(node)), node)
    return list(out.values())


def _dedupe(items) -> tuple[DecidingFact, ...]:
    return tuple(dict.fromkeys(items))
