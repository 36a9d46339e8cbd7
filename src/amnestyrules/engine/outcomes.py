"""What one decree does to one person, from the rulings on their charges (the stacked-charge verdict).

The precedence (README, "What an answer means"): a charge not covered or excluded blocks; else a
reduced or commuted sentence; else a hold no amnesty reaches (held without charge, a civil
claim); else a condition to meet; else release. With unknowns, the verdict is computed over every
combination of the charges' possible rulings (eight states at most, whatever the number of
charges): the one all combinations agree on, ``released_if`` when every one frees the person,
otherwise ``undetermined``, naming only the facts whose answer changes the verdict.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional, Sequence

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import DecidingFact, Outcome, Reason, Ruling
from amnestyrules.engine.rulings import BLOCKING, RANK
from amnestyrules.law.model import Decree, lowest_confidence

#: How each ruling bears on the person's verdict: blocks, cuts the sentence, frees on a condition, frees.
_CATEGORY = {"pardoned": "free", "conditional": "cond", "reduced": "cut", "commuted": "cut",
             "excluded": "block", "not_covered": "block"}
FREEING_OUTCOMES = frozenset({"released", "released_if"})


def _verdict(blocked: bool, cut: bool, cond: bool, held: bool) -> str:
    """The stacked-charge precedence (README): blocked > sentence_reduced > out_of_reach > released_if > released."""
    if blocked:
        return "blocked"
    if cut:
        return "sentence_reduced"
    if held:
        return "out_of_reach"
    return "released_if" if cond else "released"


State = tuple[bool, bool, bool]   # (some charge blocks, some cuts, some frees on a condition)


def _step(states: set[State], rulings: Iterable[str]) -> set[State]:
    cats = {_CATEGORY[r] for r in rulings}
    return {(b or c == "block", r or c == "cut", k or c == "cond") for (b, r, k) in states for c in cats}


def possible_outcomes(per_charge: Sequence[Iterable[str]], held: bool) -> frozenset[str]:
    """Every verdict some combination of the charges' possible rulings gives.

    Charges are combined independently (a person fact guessed two ways for two charges is an
    impossible combination), which can only widen the set, never hide an outcome. Only whether
    some charge blocks, cuts or frees on a condition matters, so the combination is a walk over at
    most eight states, whatever the number of charges.
    """
    states: set[State] = {(False, False, False)}
    for rulings in per_charge:
        states = _step(states, rulings)
    return frozenset(_verdict(b, r, k, held) for (b, r, k) in states)


def _joined(before: set[State], after: set[State], held: bool) -> frozenset[str]:
    return frozenset(_verdict(b1 or b2, r1 or r2, k1 or k2, held)
                     for (b1, r1, k1) in before for (b2, r2, k2) in after)


def settle(possible: frozenset[str]) -> str:
    """The verdict every possibility agrees on; released_if when every one frees the person."""
    if len(possible) == 1:
        return next(iter(possible))
    if possible <= FREEING_OUTCOMES:
        return "released_if"
    return "undetermined"


def outcome(profile: Profile, decree: Decree, rulings: Sequence[Ruling], as_of: Optional[dt.date] = None) -> Outcome:
    """Stacked charges -> one verdict: the one every possibility of the unknowns agrees on (see
    :func:`possible_outcomes`), in the precedence the project documents (README)."""
    # A charge blocks when every ruling its unknowns allow leaves it unpardoned.
    blocking = tuple(x.charge for x in rulings if x.ruling in BLOCKING
                     or (x.ruling == "undetermined" and x.possible and set(x.possible) <= BLOCKING))
    blocking_set = set(blocking)
    held = profile.detention
    is_held = held.held_without_charge or held.civil_claim
    per_charge = [_possible_of(x) for x in rulings]
    possible = possible_outcomes(per_charge, is_held)
    verdict = settle(possible)
    conditions = tuple(c for x in rulings for c in x.conditions if x.charge not in blocking_set)
    deciding = _outcome_deciding(rulings, per_charge, possible, is_held, blocking_set)
    reasons: list[Reason] = []
    if blocking:
        # "kept inside" only of a person in custody; of one at large the charges still stand.
        key = "blocked_by" if profile.person.whereabouts == "custody" else "blocked_by_at_large"
        reasons.append(Reason(key, {"charges": ", ".join(blocking)}))
    if held.held_without_charge:
        reasons.append(Reason("held_without_charge", {}))
    if held.civil_claim:
        reasons.append(Reason("civil_claim", {}))
    if verdict == "released_if" and "released" in possible:
        reasons.append(Reason("released_outright_possible", {"facts": ", ".join(
            f"{f.charge}.{f.fact}" if f.charge else f.fact for f in deciding)}))
    warnings = _confidence_warnings(decree, rulings)
    confidence = lowest_confidence(*(x.confidence for x in rulings)) if rulings else decree.confidence
    return Outcome(profile.id, decree.id, verdict, tuple(rulings), blocking, deciding, conditions, confidence,
                   tuple(reasons), warnings, tuple(sorted(possible, key=_OUTCOME_ORDER.index)), as_of)


_OUTCOME_ORDER = ("released", "released_if", "sentence_reduced", "out_of_reach", "blocked", "undetermined")


def _possible_of(r: Ruling) -> tuple[str, ...]:
    if r.ruling == "undetermined":
        return r.possible or tuple(RANK)
    return r.possible if r.possible and r.ruling in r.possible else (r.ruling,)


def _outcome_deciding(rulings: Sequence[Ruling], per_charge: list[tuple[str, ...]], possible: frozenset[str],
                      held: bool, blocking: set[str]) -> tuple[DecidingFact, ...]:
    """The unknowns whose answer changes the verdict, the one that settles the most first.

    Rank: the smallest set of outcomes any of its answers leaves (1 = some answer settles the
    verdict), then how many of its answers settle it, then the order of the charges and of the
    engine's exploration. A fact whose every answer leaves the same outcomes is not asked here
    (it may still be a question for its charge's ruling).
    """
    if len(possible) <= 1:
        return ()
    # States of the charges before and after each one, so that changing one charge's possibilities
    # costs a join of two small sets instead of a walk over every charge (200 charges stay cheap).
    empty: set[State] = {(False, False, False)}
    prefix = [empty]
    for vals in per_charge:
        prefix.append(_step(prefix[-1], vals))
    suffix = [empty]
    for vals in reversed(per_charge):
        suffix.append(_step(suffix[-1], vals))
    suffix.reverse()
    scored: dict[DecidingFact, tuple[int, int, int]] = {}
    order = 0
    for i, r in enumerate(rulings):
        if r.charge in blocking:
            continue
        for split in r.splits:
            order += 1
            results = [_joined(_step(prefix[i], vals), suffix[i + 1], held) for vals in split.values]
            if all(res == possible for res in results):
                continue
            score = (min(len(res) for res in results), -sum(1 for res in results if len(res) == 1), order)
            if split.fact not in scored or score < scored[split.fact]:
                scored[split.fact] = score
    return tuple(sorted(scored, key=scored.__getitem__))


def _confidence_warnings(decree: Decree, rulings: Sequence[Ruling]) -> tuple[Reason, ...]:
    """One warning per provision (or, for answers no provision decides, the decree) that a ruling
    below high confidence rests on, at that ruling's confidence: the verdict's confidence is the
    lowest of its rulings', so it is always the lowest of its warnings' and the two never disagree."""
    # Keyed by provision id, not by its label: two provisions may share an unconfirmed label
    # ('Ch. 1 (article number unconfirmed)') with different open questions.
    worst: dict[str, tuple[str, Reason]] = {}
    order = {"low": 0, "medium": 1, "high": 2}
    for r in rulings:
        if r.confidence == "high":
            continue
        if r.provision is not None:
            p = decree.provision(r.provision)
            key, subject, questions, citation = p.id, p.ref, p.open_questions or decree.open_questions[:2], p.citation
        else:
            key, subject, questions, citation = "", decree.id, decree.open_questions[:2], None
        known = worst.get(key)
        if known is None or order[r.confidence] < order[known[0]]:
            worst[key] = (r.confidence, Reason("low_confidence", {
                "provision": subject, "confidence": r.confidence, "questions": " | ".join(questions)}, citation))
    return tuple(reason for _, reason in worst.values())
