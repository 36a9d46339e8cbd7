"""Synthetic decrees drawn from the rule-file language itself (match keys, condition kinds, benefits)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional, Sequence

from hypothesis import reject
from hypothesis import strategies as st

from amnestyrules.errors import DecreeConflictError
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.law.catalogue import Catalogue
from amnestyrules.law.corpus import Corpus
from amnestyrules.law.model import (
    BENEFIT_KINDS,
    CONFIDENCE,
    CUTOFF_RULES,
    DECREE_KINDS,
    OFFENCE_CLASSES,
    STAGES,
    WHEREABOUTS,
    Decree,
)
from amnestyrules.law.rulefiles import AT_LARGE, CONDITION_KINDS, MATCH_KEYS, load_decree
from amnestyrules.loading import Node
from amnestyrules.testing._articles import _catalogued_numbers
from amnestyrules.testing._draw import KNOWN_NATIONALITIES, Draw, _chance, _corpus, _today


def _spans(draw: Draw, catalogue: Catalogue, statute: str) -> Any:
    entries = catalogue.statutes[statute].articles
    labels = [e.label for e in entries] + [str(n) for n in _catalogued_numbers(catalogue, statute)]
    chosen = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3, unique=True))
    return chosen if len(chosen) > 1 or draw(st.booleans()) else chosen[0]


def _one_or_list(draw: Draw, choices: Sequence[str]) -> Any:
    values = draw(st.lists(st.sampled_from(list(choices)), min_size=1, max_size=min(3, len(choices)), unique=True))
    return values[0] if len(values) == 1 and draw(st.booleans()) else values


def _match_statutes(draw: Draw, cat: Catalogue, depth: int) -> Any:
    out = []
    for s in draw(st.lists(st.sampled_from(list(cat.statutes)), min_size=1, max_size=2, unique=True)):
        item: dict[str, Any] = {"statute": s, "articles": "all" if _chance(draw, 1, 3) else _spans(draw, cat, s)}
        if item["articles"] == "all":
            # The loader refuses 'articles: all' narrowed only by facts unless the entry says
            # whole_statute: true; a drawn match may put any fact beside it, so every such entry says so.
            item["whole_statute"] = True
            if _chance(draw, 1, 3):
                item["except"] = [str(draw(st.sampled_from(_catalogued_numbers(cat, s))))]
        out.append(item)
    return out


#: How each match key of the rule-file language is drawn (the keys are the loader's MATCH_KEYS).
_MATCH_VALUES: dict[str, Callable[[Draw, Catalogue, int], Any]] = {
    "statutes": _match_statutes,
    "class": lambda draw, cat, depth: _one_or_list(draw, OFFENCE_CLASSES),
    "categories": lambda draw, cat, depth: _one_or_list(draw, list(cat.categories)),
    "penalty": lambda draw, cat, depth: _one_or_list(draw, list(cat.penalties) + ["temporary", "life"]),
    "stage": lambda draw, cat, depth: _one_or_list(draw, STAGES),
    "fact": lambda draw, cat, depth: draw(st.sampled_from(list(CHARGE_FACTS))),
    "facts": lambda draw, cat, depth: draw(st.dictionaries(st.sampled_from(list(CHARGE_FACTS)), st.booleans(),
                                                            min_size=1, max_size=2)),
    "nationality": lambda draw, cat, depth: _one_or_list(draw, KNOWN_NATIONALITIES),
    "whereabouts": lambda draw, cat, depth: _one_or_list(draw, WHEREABOUTS),
    "all": lambda draw, cat, depth: [_match(draw, cat, depth + 1) for _ in range(draw(st.integers(1, 2)))],
    "any": lambda draw, cat, depth: [_match(draw, cat, depth + 1) for _ in range(draw(st.integers(1, 2)))],
    "not": lambda draw, cat, depth: _match(draw, cat, depth + 1),
    "everything": lambda draw, cat, depth: True,
}
_NESTING = ("all", "any", "not")


def _match(draw: Draw, cat: Catalogue, depth: int = 0) -> Any:
    """A match expression (see docs/rule-format.md, "Match language")."""
    if depth == 0 and _chance(draw, 1, 12):
        return "everything"
    keys = [k for k in MATCH_KEYS if depth < 2 or k not in _NESTING]
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True))
    return {k: _MATCH_VALUES[k](draw, cat, depth) for k in chosen}


def _within(draw: Draw, issued: dt.date) -> dict[str, Any]:
    which = draw(st.sampled_from(("months", "days", "until")))
    if which == "months":
        return {"months": draw(st.integers(1, 12))}
    if which == "days":
        return {"days": draw(st.integers(1, 120))}
    return {"until": draw(st.dates(issued, issued + dt.timedelta(days=365))).isoformat()}


def _condition(draw: Draw, cat: Catalogue, kind: str, issued: dt.date, has_in_force: bool) -> dict[str, Any]:
    c: dict[str, Any] = {"kind": kind}
    if kind in ("surrender", "hostage_release"):
        c["within"] = _within(draw, issued)
        if has_in_force and draw(st.booleans()):
            c["from"] = "in_force"
        if kind == "surrender" and draw(st.booleans()):
            c["whereabouts"] = draw(st.lists(st.sampled_from(AT_LARGE), min_size=1, unique=True))
    elif kind == "victim_waiver":
        if draw(st.booleans()):
            c["when"] = _match(draw, cat, 1)
        if draw(st.booleans()):
            c["claim_window"] = {"days": draw(st.integers(1, 120))}
    elif kind in ("min_age_at_issue", "max_age_at_offence"):
        c["years"] = draw(st.integers(12, 80))
    elif kind == "nationality":
        c["values"] = draw(st.lists(st.sampled_from(KNOWN_NATIONALITIES), min_size=1, unique=True))
    elif kind == "fact":
        c["fact"] = draw(st.sampled_from(list(CHARGE_FACTS)))
        c["value"] = draw(st.booleans())
    if _chance(draw, 1, 4):
        c["article"] = str(draw(st.integers(1, 9)))
    return c


#: Condition kinds whose only field is ``kind`` (all the others are built in _condition).
_PLAIN_CONDITIONS = ("settlement", "incurable_illness", "final_judgment")


def _benefit(draw: Draw, cat: Catalogue) -> Any:
    kind = draw(st.sampled_from(BENEFIT_KINDS))
    if kind in ("full", "measure"):
        return kind
    if kind == "fraction":
        if _chance(draw, 1, 6):
            return {"fraction": "unconfirmed"}
        den = draw(st.integers(2, 6))
        return {"fraction": f"{draw(st.integers(1, den - 1))}/{den}"}
    kinds = list(cat.penalties)
    subs = []
    for _ in range(draw(st.integers(1, 2))):
        to = draw(st.sampled_from(kinds))
        sub: dict[str, Any] = {"from": draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=2, unique=True)),
                               "to": to}
        if cat.penalties[to].temporary:
            sub["years"] = draw(st.sampled_from((5, 10, 15, 20)))
        subs.append(sub)
    return {"commutation": subs}


def _text(draw: Draw, what: str) -> dict[str, str]:
    return {"en": f"synthetic {what}", "ar": f"نص {what}"}


def _exclusion(draw: Draw, cat: Catalogue, xid: str, provision_ids: Optional[list[str]]) -> dict[str, Any]:
    x: dict[str, Any] = {"id": xid, "article": str(draw(st.integers(1, 9))), "reason": _text(draw, xid),
                         "when": _match(draw, cat, 1)}
    if provision_ids and _chance(draw, 1, 3):
        x["provisions"] = draw(st.lists(st.sampled_from(provision_ids), min_size=1, unique=True))
    if _chance(draw, 1, 4):
        x["confidence"] = draw(st.sampled_from(CONFIDENCE))
    return x


def decree_data(*, corpus: Optional[Corpus] = None, max_provisions: int = 4, min_exclusions: int = 0,
                max_exclusions: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """Synthetic but valid rule files (the data of ``rules/decrees/<ID>.yaml``), for testing the engine.

    Every field is drawn from the rule-file vocabulary the loader accepts (match keys,
    condition kinds, benefit kinds, the catalogue's statutes, categories and penalty kinds),
    so the engine meets combinations no real decree has yet. ``min_exclusions`` /
    ``max_exclusions`` bound the decree-wide exclusions (a provision may add its own). Every
    dict drawn loads; one the loader refuses as self-contradictory (a provision that excludes
    exactly what it covers) is never produced::

        >>> data = decree_data().example()                          # doctest: +SKIP
        >>> data["id"], [p["benefit"] for p in data["provisions"]]   # doctest: +SKIP
        ('LD-17-2019', ['full', {'fraction': '1/3'}])
    """

    @st.composite
    def build(draw: Draw) -> dict[str, Any]:
        c = _corpus(corpus)
        data = _decree_dict(draw, c.catalogue, max_provisions, min_exclusions, max(max_exclusions, min_exclusions))
        try:
            load_decree(Node(data, "<synthetic>"), c.catalogue)
        except DecreeConflictError:
            reject()
        return data

    return build()


def _decree_dict(draw: Draw, cat: Catalogue, max_provisions: int, min_exclusions: int,
                 max_exclusions: int) -> dict[str, Any]:
    today = _today()
    year = draw(st.integers(2000, today.year))
    number = draw(st.integers(1, 999))
    issued = draw(st.dates(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)))
    cutoff = draw(st.dates(issued - dt.timedelta(days=3 * 365), issued))
    in_force = draw(st.one_of(st.none(), st.dates(issued, issued + dt.timedelta(days=60))))
    n = draw(st.integers(1, max_provisions))
    pids = [f"p{i}" for i in range(1, n + 1)]
    provisions = []
    for i, pid in enumerate(pids, 1):
        p: dict[str, Any] = {"id": pid, "article": str(i), "summary": _text(draw, pid),
                             "applies_to": _match(draw, cat), "benefit": _benefit(draw, cat)}
        if _chance(draw, 1, 3):
            p["paragraph"] = draw(st.sampled_from(("a", "b", "1")))
        kinds = draw(st.lists(st.sampled_from(CONDITION_KINDS), max_size=2))
        if kinds:
            p["conditions"] = [_condition(draw, cat, k, issued, in_force is not None) for k in kinds]
        own = draw(st.integers(0, 1))
        if own:
            p["exclusions"] = [_exclusion(draw, cat, f"{pid}-x{j}", None) for j in range(own)]
        if _chance(draw, 1, 5):
            p["offence_before"] = {"date": draw(st.dates(cutoff - dt.timedelta(days=3 * 365), cutoff)).isoformat(),
                                   "rule": draw(st.sampled_from(CUTOFF_RULES))}
        if _chance(draw, 1, 4):
            p["confidence"] = draw(st.sampled_from(CONFIDENCE))
        provisions.append(p)
    data: dict[str, Any] = {
        "schema_version": 1, "id": f"LD-{number}-{year}", "number": number, "year": year,
        "kind": draw(st.sampled_from(DECREE_KINDS)), "title": _text(draw, "title"),
        "issued": issued.isoformat(),
        "cutoff": {"date": cutoff.isoformat(), "rule": draw(st.sampled_from(CUTOFF_RULES)), "article": "1"},
        "confidence": draw(st.sampled_from(CONFIDENCE)), "sources": ["synthetic (amnestyrules.testing)"],
        "provisions": provisions,
    }
    if in_force is not None:
        data["in_force"] = in_force.isoformat()
    wide = draw(st.integers(min_exclusions, max_exclusions))
    if wide:
        data["exclusions"] = [_exclusion(draw, cat, f"x{j}", pids) for j in range(wide)]
    return data


def decrees(*, corpus: Optional[Corpus] = None, max_provisions: int = 4, min_exclusions: int = 0,
            max_exclusions: int = 3) -> st.SearchStrategy[Decree]:
    """Synthetic :class:`~amnestyrules.model.Decree` objects (``decree_data`` loaded by the real loader).

    Evaluate profiles against them exactly as against a shipped decree::

        >>> @given(decrees(), st.data())                                   # doctest: +SKIP
        ... def test_engine(decree, data):
        ...     profile = data.draw(profiles(decree=decree))
        ...     evaluate(profile, decree)
    """

    @st.composite
    def build(draw: Draw) -> Decree:
        c = _corpus(corpus)
        data = draw(decree_data(corpus=c, max_provisions=max_provisions, min_exclusions=min_exclusions,
                                max_exclusions=max_exclusions))
        return load_decree(Node(data, f"<synthetic {data['id']}>"), c.catalogue)

    return build()


#: The condition kinds and match keys the synthetic-decree strategy knows how to draw; the
#: test suite checks these equal the loader's vocabulary, so neither drifts from the other.
GENERATED_CONDITION_KINDS = frozenset(("surrender", "hostage_release", "victim_waiver", "min_age_at_issue",
                                       "max_age_at_offence", "nationality", "fact") + _PLAIN_CONDITIONS)
GENERATED_MATCH_KEYS = frozenset(_MATCH_VALUES)
