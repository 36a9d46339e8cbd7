"""The semantics every decree shares: cutoffs, deadlines, ages, exclusions, precedence."""

from __future__ import annotations

import datetime as dt

import pytest

from amnestyrules import evaluate
from support import charge, corpus_with, decree, profile


def _ruling(d, p, cid="c1", **kw):
    """The ruling as of the decree's issue day unless a test asks another day (its windows are open)."""
    kw.setdefault("as_of", d.issued)
    return evaluate(p, d, corpus=corpus_with(d), **kw).ruling_for(cid)


# ---------------------------------------------------------------- cutoff edges

@pytest.mark.parametrize("rule, day, expected", [
    ("before", "2020-01-30", "pardoned"),
    ("before", "2020-01-31", "not_covered"),          # strictly before: the cutoff day itself is out
    ("on_or_before", "2020-01-31", "pardoned"),       # inclusive: the cutoff day is in
    ("on_or_before", "2020-02-01", "not_covered"),
])
def test_cutoff_rule_is_exact(rule: str, day: str, expected: str) -> None:
    d = decree(cutoff={"date": "2020-01-31", "rule": rule, "article": "1"})
    assert _ruling(d, profile([charge(offence_date=day)])).ruling == expected


def test_unknown_offence_date_is_undetermined_not_covered_or_not() -> None:
    d = decree()
    r = _ruling(d, profile([charge(offence_date="unknown")]))
    assert r.ruling == "undetermined"
    assert [(f.charge, f.fact) for f in r.deciding_facts] == [("c1", "offence_date")]
    assert set(r.possible) == {"pardoned", "not_covered"}


def test_unknown_offence_date_does_not_matter_when_nothing_covers_the_charge() -> None:
    d = decree()
    r = _ruling(d, profile([charge(statute="counter-terrorism-law", article="3", offence_date="unknown")]))
    assert r.ruling == "not_covered"
    assert r.deciding_facts == ()


# ---------------------------------------------------------------- surrender deadlines

def _deserter_decree(within: dict) -> object:
    return decree(provisions=[{
        "id": "p1", "article": "1", "paragraph": "a",
        "summary": {"en": "internal desertion", "ar": "الفرار الداخلي"},
        "applies_to": {"statutes": [{"statute": "military-penal-code", "articles": ["100"]}]},
        "benefit": "full",
        "conditions": [{"kind": "surrender", "within": within, "article": "1", "paragraph": "c"}]}])


def test_month_deadline_uses_calendar_months_clipped_to_month_end() -> None:
    # Issued 31 January 2020 + 1 month = 29 February 2020 (leap year), not 2 March.
    d = _deserter_decree({"months": 1})
    p = profile([charge(statute="military-penal-code", article="100")], whereabouts="at_large_abroad")
    r = _ruling(d, p)
    assert r.ruling == "conditional"
    assert r.conditions[0].by == dt.date(2020, 2, 29)
    assert r.conditions[0].citation.paragraph == "c"


def test_day_deadline_counts_days_from_issue() -> None:
    d = _deserter_decree({"days": 30})
    p = profile([charge(statute="military-penal-code", article="100")], whereabouts="at_large_in_syria")
    assert _ruling(d, p).conditions[0].by == dt.date(2020, 3, 1)


@pytest.mark.parametrize("surrendered, expected", [
    ("2020-02-29", "pardoned"),        # last day in time
    ("2020-03-01", "not_covered"),     # first day late
])
def test_surrender_on_the_deadline_counts_and_a_day_late_does_not(surrendered: str, expected: str) -> None:
    d = _deserter_decree({"months": 1})
    p = profile([charge(statute="military-penal-code", article="100")], whereabouts="custody",
                surrendered_on=surrendered)
    assert _ruling(d, p).ruling == expected


def test_as_of_after_a_passed_deadline_turns_conditional_into_not_covered() -> None:
    d = _deserter_decree({"months": 1})
    p = profile([charge(statute="military-penal-code", article="100")], whereabouts="at_large_abroad")
    assert _ruling(d, p, as_of=dt.date(2020, 2, 29)).ruling == "conditional"
    assert _ruling(d, p, as_of=dt.date(2020, 3, 1)).ruling == "not_covered"


def test_person_in_custody_who_never_fled_meets_a_surrender_condition() -> None:
    d = _deserter_decree({"months": 1})
    p = profile([charge(statute="military-penal-code", article="100")], whereabouts="custody")
    assert _ruling(d, p).ruling == "pardoned"


# ---------------------------------------------------------------- ages

def _elderly_decree() -> object:
    return decree(provisions=[{
        "id": "p1", "article": "2", "summary": {"en": "aged 70", "ar": "السبعين"},
        "applies_to": "everything", "benefit": "full",
        "conditions": [{"kind": "min_age_at_issue", "years": 70}]}])


@pytest.mark.parametrize("born, expected", [
    ("1950-01-31", "pardoned"),     # 70th birthday on the issue date itself
    ("1950-02-01", "not_covered"),  # turns 70 the day after the decree
])
def test_age_is_counted_on_the_issue_date(born: str, expected: str) -> None:
    p = profile([charge(statute="counter-terrorism-law", article="3", offence_date="2015-01-01")], born=born)
    assert _ruling(_elderly_decree(), p).ruling == expected


def test_unknown_birth_date_is_a_deciding_fact_for_an_age_clause() -> None:
    p = profile([charge(statute="counter-terrorism-law", article="3", offence_date="2015-01-01")])
    r = _ruling(_elderly_decree(), p)
    assert r.ruling == "undetermined"
    assert ("born" in {f.fact for f in r.deciding_facts}) and all(f.charge is None for f in r.deciding_facts)


# ---------------------------------------------------------------- exclusions and favour

def _decree_with_exclusions() -> object:
    return decree(
        provisions=[
            {"id": "misd", "article": "1", "summary": {"en": "misdemeanours", "ar": "الجنح"},
             "applies_to": {"class": ["misdemeanour"]}, "benefit": "full"},
            {"id": "half", "article": "2", "summary": {"en": "half of felonies", "ar": "نصف"},
             "applies_to": {"class": ["felony"]}, "benefit": {"fraction": "1/2"}},
            {"id": "third", "article": "3", "summary": {"en": "third of felonies", "ar": "ثلث"},
             "applies_to": {"class": ["felony"]}, "benefit": {"fraction": "1/3"}},
        ],
        exclusions=[
            {"id": "death", "article": "4", "reason": {"en": "caused a death", "ar": "أفضى إلى الموت"},
             "when": {"fact": "caused_death"}},
            {"id": "armed", "article": "5", "reason": {"en": "armed", "ar": "مسلح"},
             "when": {"fact": "armed"}, "provisions": ["misd"]},
        ])


def test_exclusion_beats_coverage_and_every_exclusion_that_bites_is_named() -> None:
    p = profile([charge(facts={"caused_death": True, "armed": True})])
    r = _ruling(_decree_with_exclusions(), p)
    assert r.ruling == "excluded"
    keys = [x.key for x in r.reasons]
    assert keys.count("excluded_by") == 2
    assert {x.citation.article for x in r.reasons if x.key == "excluded_by"} == {"4", "5"}


def test_scoped_exclusion_only_reaches_its_provisions() -> None:
    p = profile([charge(article="305", offence_date="2019-01-01", facts={"caused_death": False, "armed": True},
                        penalty={"kind": "temporary-hard-labour", "years": 10})])
    r = _ruling(_decree_with_exclusions(), p)
    assert r.ruling == "reduced" and r.provision == "half"


def test_most_favourable_fraction_wins_and_fractions_do_not_stack() -> None:
    p = profile([charge(article="305", facts={"caused_death": False, "armed": False},
                        penalty={"kind": "temporary-hard-labour", "years": 9})])
    r = _ruling(_decree_with_exclusions(), p)
    assert r.ruling == "reduced"
    assert r.provision == "half"
    assert str(r.benefit.fraction) == "1/2"
    assert any(x.key == "also_selected" for x in r.reasons)


#: A misdemeanour whose legal elements do not rule out a death or a disability (the default
#: charge, Penal Code 287, false news, cannot involve one: the catalogue says so, and the engine
#: never asks about it).
CAN_KILL = "312"


def test_unknown_fact_that_decides_is_named_with_both_branches() -> None:
    p = profile([charge(article=CAN_KILL, facts={"armed": False})])
    r = _ruling(_decree_with_exclusions(), p)
    assert r.ruling == "undetermined"
    assert [(f.charge, f.fact) for f in r.deciding_facts] == [("c1", "caused_death")]
    branches = r.reasons[0].children
    assert {b.params["ruling"] for b in branches} == {"pardoned", "excluded"}


def test_mixed_class_article_without_a_stated_class_is_undetermined_for_class_selectors() -> None:
    p = profile([charge(article="286", facts={"caused_death": False, "armed": False},
                        penalty={"kind": "simple-imprisonment", "years": 1})])
    r = _ruling(_decree_with_exclusions(), p)
    assert r.ruling == "undetermined"
    assert ("c1", "offence_class") in {(f.charge, f.fact) for f in r.deciding_facts}
    stated = profile([charge(article="286", **{"class": "misdemeanour"}, facts={"caused_death": False, "armed": False})])
    assert _ruling(_decree_with_exclusions(), stated).ruling == "pardoned"


# ---------------------------------------------------------------- outcome precedence

def _outcome(charges, detention=None, **person):
    d = _decree_with_exclusions()
    p = profile(charges, detention, **person)
    return evaluate(p, d, corpus=corpus_with(d))


OK = {"caused_death": False, "armed": False}
FELONY = {"article": "305", "facts": OK, "penalty": {"kind": "temporary-hard-labour", "years": 6}}


def test_blocked_beats_everything_and_names_each_blocking_charge() -> None:
    o = _outcome([charge("a", facts=OK), charge("b", facts={"caused_death": True, "armed": False}),
                  charge("c", offence_date="2021-01-01", facts=OK)],  # after the cutoff
                 detention={"civil_claim": True})
    assert o.outcome == "blocked"
    assert o.blocking == ("b", "c")


def test_reduced_sentence_comes_before_out_of_reach() -> None:
    o = _outcome([charge("a", **FELONY)], detention={"civil_claim": True})
    assert o.outcome == "sentence_reduced"


def test_every_charge_pardoned_but_civil_claim_is_out_of_reach() -> None:
    o = _outcome([charge("a", facts=OK)], detention={"civil_claim": True})
    assert o.outcome == "out_of_reach"


def test_held_without_charge_and_no_charges_is_out_of_reach() -> None:
    o = _outcome([], detention={"held_without_charge": True})
    assert o.outcome == "out_of_reach" and o.rulings == ()


def test_undetermined_before_conditional_and_released() -> None:
    o = _outcome([charge("a", article=CAN_KILL, facts={"armed": False}), charge("b", facts=OK)])
    assert o.outcome == "undetermined"
    assert [f.fact for f in o.deciding_facts] == ["caused_death"]
    assert _outcome([charge("a", facts=OK), charge("b", facts=OK)]).outcome == "released"


# ---------------------------------------------------------------- unknowns: pruning and honesty

def _many_exclusions_decree(n: int = 12) -> object:
    from amnestyrules.facts import CHARGE_FACTS
    facts = list(CHARGE_FACTS)[:n]
    return decree(exclusions=[{"id": f"x{i}", "article": str(10 + i), "reason": {"en": f, "ar": f},
                               "when": {"fact": f}} for i, f in enumerate(facts)])


def test_unknowns_that_cannot_matter_are_not_tried() -> None:
    from amnestyrules.engine.checks import check_table
    from amnestyrules.engine.grounding import explore, partial_ground
    d = _many_exclusions_decree()
    p = profile([charge(statute="counter-terrorism-law", article="3")])   # a felony: no provision selects it
    pg = partial_ground(p.charges[0], p.person, d, support_catalogue(), None)
    tree = explore(pg, check_table(d))
    assert len(tree.leaves) == 1 and tree.branchings == ()
    assert _ruling(d, p).ruling == "not_covered"


def test_one_certain_exclusion_settles_the_ruling_without_trying_the_others() -> None:
    d = _many_exclusions_decree()
    r = _ruling(d, profile([charge(facts={"caused_death": True})]))
    assert r.ruling == "excluded"
    certain = [x for x in r.reasons if x.key == "excluded_by"]
    assert [x.params["en"] for x in certain] == ["caused_death"], "only what certainly bites is stated as biting"


def test_all_unknown_exclusion_facts_are_each_deciding() -> None:
    # Twelve exclusions on twelve facts; final_judgment follows from the stage (an accused has no
    # judgment: amnestyrules.case.derived), so it is never asked and eleven remain deciding.
    d = _many_exclusions_decree(12)
    r = _ruling(d, profile([charge(article=CAN_KILL)]))
    assert r.ruling == "undetermined"
    from amnestyrules.facts import CHARGE_FACTS
    assert "final_judgment" in list(CHARGE_FACTS)[:12]
    assert {f.fact for f in r.deciding_facts} == set(list(CHARGE_FACTS)[:12]) - {"final_judgment"}
    assert set(r.possible) == {"pardoned", "excluded"}


def test_same_answer_through_different_provisions_is_settled() -> None:
    d = decree(provisions=[
        {"id": "a", "article": "1", "summary": {"en": "misdemeanours", "ar": "الجنح"},
         "applies_to": {"class": ["misdemeanour"]}, "benefit": "full"},
        {"id": "b", "article": "2", "summary": {"en": "Art. 286", "ar": "المادة 286"},
         "applies_to": {"statutes": [{"statute": "penal-code", "articles": ["286"]}]}, "benefit": "full"}])
    r = _ruling(d, profile([charge(article="286")]))        # class unknown (mixed): pardoned either way
    assert r.ruling == "pardoned" and r.deciding_facts == ()


def support_catalogue():
    from support import CATALOGUE
    return CATALOGUE


def test_fugitives_only_surrender_fails_for_a_person_arrested_without_surrendering() -> None:
    d = decree(provisions=[{
        "id": "p1", "article": "1", "summary": {"en": "armed fugitives who surrender", "ar": "الفارون"},
        "applies_to": {"statutes": [{"statute": "military-penal-code", "articles": ["100"]}]}, "benefit": "full",
        "conditions": [{"kind": "surrender", "within": {"months": 3}, "fugitives_only": True}]}])
    deserter = [charge(statute="military-penal-code", article="100")]
    assert _ruling(d, profile(deserter, whereabouts="custody")).ruling == "not_covered"
    assert _ruling(d, profile(deserter, whereabouts="custody", surrendered_on="2020-03-01")).ruling == "pardoned"
    assert _ruling(d, profile(deserter, whereabouts="at_large_in_syria")).ruling == "conditional"
