"""Round trip to plain data, and an order-free signature of an outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amnestyrules.case.model import Detention, Profile
from amnestyrules.engine.answers import Outcome
from amnestyrules.facts import Tri


def _tri_data(value: Tri) -> Any:
    return {Tri.TRUE: True, Tri.FALSE: False, Tri.UNKNOWN: "unknown"}[value]


def to_profile_data(profile: Profile) -> dict[str, Any]:
    """The profile as the plain data a lawyer would write (YAML/JSON-ready).

    ``load_profile(to_profile_data(p), catalogue)`` gives ``p`` back (with ``source`` set to
    the file name): the round trip is itself a property the test suite checks.
    """
    p = profile.person
    person: dict[str, Any] = {"nationality": p.nationality,
                              "born": p.born.isoformat() if isinstance(p.born, dt.date) else "unknown",
                              "incurable_illness": _tri_data(p.incurable_illness),
                              "whereabouts": p.whereabouts}
    if p.surrendered_on is not None:
        person["surrendered_on"] = p.surrendered_on.isoformat()
    if p.name is not None:
        person["name"] = p.name
    charges_out = []
    for c in profile.charges:
        item: dict[str, Any] = {"id": c.id, "statute": c.statute, "article": c.article, "stage": c.stage,
                                "offence_date": c.offence_date.isoformat() if isinstance(c.offence_date, dt.date)
                                else "unknown"}
        if c.paragraph is not None:
            item["paragraph"] = c.paragraph
        if c.penalty is not None:
            pen: dict[str, Any] = {"kind": c.penalty.kind}
            if c.penalty.years is not None:
                pen["years"] = c.penalty.years
            if c.penalty.start is not None:
                pen["start"] = c.penalty.start.isoformat()
            item["penalty"] = pen
        if c.facts:
            item["facts"] = {k: _tri_data(v) for k, v in c.facts.items()}
        if c.offence_class is not None:
            item["class"] = c.offence_class
        if c.hostage_released_on is None:
            item["hostage_released_on"] = "not_released"
        elif isinstance(c.hostage_released_on, dt.date):
            item["hostage_released_on"] = c.hostage_released_on.isoformat()
        charges_out.append(item)
    data: dict[str, Any] = {"id": profile.id, "person": person, "charges": charges_out}
    if profile.detention != Detention():
        data["detention"] = {"held_without_charge": profile.detention.held_without_charge,
                             "civil_claim": profile.detention.civil_claim}
    return data


def outcome_signature(outcome: Outcome) -> tuple[Any, ...]:
    """An Outcome with every order-dependent part put in a canonical order.

    Two outcomes with equal signatures say the same thing about the same charges; used to
    check that permuting a profile's charges changes nothing but order.
    """
    def reason_key(r: Any) -> tuple[Any, ...]:
        params = dict(r.params)
        if isinstance(params.get("charges"), str):   # blocked_by, blocked_by_at_large: profile order
            params["charges"] = ", ".join(sorted(params["charges"].split(", ")))
        return (r.key, tuple(sorted((k, repr(v)) for k, v in params.items())), repr(r.citation),
                tuple(reason_key(c) for c in r.children))

    return (outcome.profile, outcome.decree, outcome.outcome,
            tuple(sorted((repr(r) for r in outcome.rulings))),
            tuple(sorted(outcome.blocking)),
            tuple(sorted(repr(f) for f in outcome.deciding_facts)),
            tuple(sorted(repr(c) for c in outcome.conditions)),
            outcome.confidence,
            tuple(sorted(reason_key(r) for r in outcome.reasons)),
            tuple(sorted(reason_key(r) for r in outcome.warnings)))


