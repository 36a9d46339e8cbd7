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
from typing import Mapping, Optional, Sequence

import attrs

from . import checks as names
from .backends import Backend
from .catalogue import Catalogue
from .checks import CheckTable
from .grounding import ABSENT, OTHER, Exploration, Leaf, PartialGround, deciding_name, explore, partial_ground
from .model import (UNKNOWN, Benefit, Charge, Citation, DecidingFact, Decree, Outcome, PendingCondition,
                    Person, Profile, Provision, Reason, Ruling, lowest_confidence)

RANK = {"pardoned": 6, "conditional": 5, "reduced": 4, "commuted": 3, "excluded": 2, "not_covered": 1}
BLOCKING = {"excluded", "not_covered"}


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


def ground_ruling(table: CheckTable, holds: frozenset[str], charge: Charge, person: Person) -> GroundRuling:
    decree = table.decree
    cutoff_params = {"date": _date_text(charge.offence_date), "cutoff": decree.cutoff.isoformat(),
                     "rule": decree.cutoff_rule, "decree": decree.id}
    if names.cutoff_name() not in holds:
        return GroundRuling("not_covered", None, decree.cutoff_citation,
                            (Reason("after_cutoff", cutoff_params, decree.cutoff_citation),),
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
        results.append(_provision_result(decree, p, holds, charge, cutoff_params))
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
            reasons = (Reason("before_cutoff", cutoff_params, decree.cutoff_citation),
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


def _favour(r: GroundRuling) -> tuple:
    """Most favourable first; among equals, the provision with the fewest things against it
    (a deserter's own desertion clause, failed by a late surrender, explains more than an
    age-70 clause he fails on age and on an exclusion); then file order."""
    fraction = r.provision.benefit.fraction if r.provision and r.provision.benefit.fraction else 0
    against = sum(1 for x in r.reasons if x.key in ("condition_failed", "excluded_by"))
    return (r.rank, fraction, -against)


def _provision_result(decree: Decree, p: Provision, holds: frozenset[str], charge: Charge,
                      cutoff_params: Mapping[str, object]) -> GroundRuling:
    covered = Reason("selected", {"provision": p.ref, "summary_en": p.summary_en, "summary_ar": p.summary_ar},
                     p.citation)
    dated = Reason("before_cutoff", cutoff_params, decree.cutoff_citation)
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
        reasons = (dated, covered) + tuple(Reason("condition_failed", {"en": c.text_en, "ar": c.text_ar}, c.citation)
                                           for c in failed) + excluded_reasons
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
                as_of: Optional[dt.date] = None) -> Ruling:
    """The ruling of one decree on one charge, resolving unknowns by trying those that matter."""
    pg = partial_ground(charge, person, table.decree, catalogue, as_of)
    try:
        tree, results = _explored(table, backend, pg)
    except OverflowError:
        relevant = [f for f in pg.unknown if f in table.fields]
        facts = _dedupe(DecidingFact(*deciding_name(f, charge.id, person)) for f in relevant)
        return Ruling(charge.id, "undetermined", None, None,
                      (Reason("too_many_unknowns", {"facts": ", ".join(f.fact for f in facts)}),),
                      deciding_facts=facts, confidence=table.decree.confidence,
                      possible=tuple(RANK))
    rulings = [ground_ruling(table, h, charge, person) for h in results]
    if len({r.key for r in rulings}) == 1:
        return _settled(table, charge, person, tree, rulings)
    if all(r.ruling in BLOCKING for r in rulings):
        # Not pardoned whatever the unknowns: settle on the strongest blocking ruling and show
        # each branch (excluded by X if ..., not covered if ...).
        return _blocked_either_way(table, charge, person, tree, rulings)
    return _undetermined(table, charge, person, tree, rulings)


_EXPLORED: "OrderedDict[tuple, tuple[CheckTable, Exploration, list[frozenset[str]]]]" = OrderedDict()
_EXPLORED_MAX = 20_000


def _explored(table: CheckTable, backend: Backend, pg: PartialGround) -> tuple[Exploration, list[frozenset[str]]]:
    """The exploration of a charge's unknowns and the checks that hold at each leaf.

    Memoised on what the engine sees (the decree's checks, the backend, the known fields and
    the unknown ones): analysis and timelines ask the same question many times over.
    """
    key = (id(table), backend.name, tuple(sorted(pg.known.items())), pg.unknown, pg.nullable)
    hit = _EXPLORED.get(key)
    if hit is not None and hit[0] is table:
        _EXPLORED.move_to_end(key)
        return hit[1], hit[2]
    tree = explore(pg, table)
    results = backend.evaluate(table, [leaf.ground for leaf in tree.leaves])
    _EXPLORED[key] = (table, tree, results)
    if len(_EXPLORED) > _EXPLORED_MAX:
        _EXPLORED.popitem(last=False)
    return tree, results


def _reason_id(r: Reason) -> tuple:
    return (r.key, r.citation, tuple(sorted((k, str(v)) for k, v in r.params.items())))


def _settled(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
             rulings: list[GroundRuling]) -> Ruling:
    """Every completion gives the same answer; say only what holds in all of them."""
    common = set.intersection(*({_reason_id(x) for x in r.reasons + r.others} for r in rulings))
    if len({r.provision.id if r.provision else None for r in rulings}) > 1 or not common:
        # Same answer for different reasons depending on unknowns (through different provisions,
        # or after the cutoff in one case and outside every provision in the other): cite each branch.
        branches = _branches(table, charge, person, tree, rulings, [f for f, _ in tree.branchings])
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


def _blocked_either_way(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
                        rulings: list[GroundRuling]) -> Ruling:
    ruling = max((r.ruling for r in rulings), key=lambda x: RANK[x])
    branches = _branches(table, charge, person, tree, rulings, [f for f, _ in tree.branchings])
    cited = [r for r in rulings if r.ruling == ruling]
    common = {r.provision.id if r.provision else None for r in cited}
    provision = cited[0].provision if len(common) == 1 else None
    return Ruling(charge.id, ruling, provision.id if provision else None,
                  cited[0].citation if provision else None,
                  (Reason("either_way", {"ruling": ruling}, None, tuple(branches)),),
                  (), (), None, lowest_confidence(*(r.confidence for r in rulings)))


def _undetermined(table: CheckTable, charge: Charge, person: Person, tree: Exploration,
                  rulings: list[GroundRuling]) -> Ruling:
    # An unknown decides when, at some point where it was tried, its values led to different answers.
    deciding: list[str] = []
    for field, children in tree.branchings:
        outcomes = {frozenset(rulings[i].key for i in child) for child in children}
        if len(outcomes) > 1 and field not in deciding:
            deciding.append(field)
    deciding.sort(key=tree.relevant.index)
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
    """One explanation per distinct answer, with the assumptions that lead to it."""
    first: dict[tuple, tuple[Leaf, GroundRuling]] = {}
    for leaf, r in zip(tree.leaves, rulings):
        first.setdefault((r.key, r.provision.id if r.provision else None), (leaf, r))
    out = []
    for leaf, r in first.values():
        assumption = "; ".join(f"{deciding_name(f, charge.id, person)[1]} {_assumed(f, leaf.assignment[f], table)}"
                               for f in dict.fromkeys(shown) if f in leaf.assignment)
        out.append(Reason("if_then", {"assumption": assumption or "otherwise", "ruling": r.ruling,
                                      "provision": r.provision.ref if r.provision else ""},
                          r.citation, r.reasons))
    return out


def _assumed(field: str, value: object, table: CheckTable) -> str:
    if value is ABSENT:
        return "= not released" if field == "hostage_released_day" else "= absent"
    if isinstance(value, bool):
        return "= " + str(value).lower()
    if value == OTHER:
        return "= another value"
    if isinstance(value, int) and field.endswith("_day"):
        consts = sorted(int(c) for c in table.constants.get(field, ()))
        nearest = min(consts, key=lambda c: abs(c - value)) if consts else value
        day = dt.date.fromordinal(nearest).isoformat()
        return f"before {day}" if value < nearest else f"after {day}" if value > nearest else f"on {day}"
    if isinstance(value, int):
        consts = sorted(int(c) for c in table.constants.get(field, ()))
        nearest = min(consts, key=lambda c: abs(c - value)) if consts else value
        return f"under {nearest}" if value < nearest else f"{nearest} or over"
    return f"= {value}"


def _dedupe(items) -> tuple[DecidingFact, ...]:
    return tuple(dict.fromkeys(items))


# ------------------------------------------------------------------------- per person

def outcome(profile: Profile, decree: Decree, rulings: Sequence[Ruling]) -> Outcome:
    """Stacked charges -> one verdict, in the precedence the project documents (README)."""
    # A charge blocks when every ruling its unknowns allow leaves it unpardoned.
    blocking = tuple(x.charge for x in rulings if x.ruling in BLOCKING
                     or (x.ruling == "undetermined" and x.possible and set(x.possible) <= BLOCKING))
    blocking_set = set(blocking)
    by = {r: [x for x in rulings if x.ruling == r and x.charge not in blocking_set]
          for r in RANK | {"undetermined": 0}}
    conditions = tuple(c for x in rulings for c in x.conditions)
    deciding = _dedupe(f for x in rulings for f in x.deciding_facts if x.charge not in blocking_set)
    held = profile.detention
    reasons: list[Reason] = []
    if held.held_without_charge:
        reasons.append(Reason("held_without_charge", {}))
    if held.civil_claim:
        reasons.append(Reason("civil_claim", {}))
    if blocking:
        verdict = "blocked"
        reasons.insert(0, Reason("blocked_by", {"charges": ", ".join(blocking)}))
    elif by["reduced"] or by["commuted"]:
        verdict = "sentence_reduced"
    elif held.held_without_charge or held.civil_claim:
        verdict = "out_of_reach"
    elif by["undetermined"]:
        verdict = "undetermined"
    elif by["conditional"]:
        verdict = "released_if"
    else:
        verdict = "released"
    confidence = lowest_confidence(*(x.confidence for x in rulings)) if rulings else decree.confidence
    warnings = _confidence_warnings(decree, rulings)
    return Outcome(profile.id, decree.id, verdict, tuple(rulings), blocking, deciding, conditions, confidence,
                   tuple(reasons), warnings)


def _confidence_warnings(decree: Decree, rulings: Sequence[Ruling]) -> tuple[Reason, ...]:
    out: list[Reason] = []
    seen: set[str] = set()
    for r in rulings:
        if r.provision is None or r.provision in seen:
            continue
        p = decree.provision(r.provision)
        if p.confidence in ("medium", "low"):
            seen.add(p.id)
            out.append(Reason("low_confidence", {"provision": p.ref, "confidence": p.confidence,
                                                 "questions": " | ".join(p.open_questions)}, p.citation))
    if not out and decree.confidence in ("medium", "low") and rulings:
        out.append(Reason("low_confidence", {"provision": decree.id, "confidence": decree.confidence,
                                             "questions": " | ".join(decree.open_questions[:2])}, None))
    return tuple(out)
