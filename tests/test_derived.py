"""Facts the profile already implies are derived in one place (case/derived.py) and never asked."""

from __future__ import annotations

from pathlib import Path

import pytest

import amnestyrules as ar
from amnestyrules.errors import InputError
from amnestyrules.facts import UNKNOWN
from amnestyrules.law.corpus import default_corpus

CORPUS = default_corpus()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _asked(o: ar.Outcome) -> set[tuple[object, str]]:
    return {(f.charge, f.fact) for f in o.deciding_facts} | {(f.charge, f.fact) for r in o.rulings
                                                              for f in r.deciding_facts}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_juvenile_is_never_asked_when_both_dates_are_known(example: Path) -> None:
    profile = ar.load_profile_file(example, CORPUS.catalogue)
    dated = {c.id for c in profile.charges if c.offence_date is not UNKNOWN and profile.person.born is not UNKNOWN}
    for o in ar.evaluate_all(profile, corpus=CORPUS):
        assert not {(c, "juvenile") for c in dated} & _asked(o), o.decree


def _deserter(article: str, **facts: object) -> ar.Profile:
    return ar.load_profile({"id": "d", "person": {"nationality": "syrian", "born": "1990-01-01",
                                                  "whereabouts": "at_large_abroad"},
                            "charges": [{"id": "c1", "statute": "military-penal-code", "article": article,
                                         "offence_date": "2015-01-10", "stage": "accused", "facts": facts}]},
                           CORPUS.catalogue)


@pytest.mark.parametrize("article", ["100", "101"])
def test_a_desertion_charge_is_never_asked_about_a_death_or_a_victim(article: str) -> None:
    for o in ar.evaluate_all(_deserter(article), corpus=CORPUS):
        asked = _asked(o)
        for fact in ("caused_death", "personal_harm", "victim_waived", "claim_filed", "arrested", "final_judgment"):
            assert ("c1", fact) not in asked, (o.decree, fact)


def test_a_stated_fact_is_used_even_where_the_catalogue_rules_it_out() -> None:
    # The catalogue may be wrong; the lawyer decides: a desertion said to have caused a death is
    # excluded by LD-36-2023's death exclusion, where the same charge without the fact is pardoned.
    plain = ar.evaluate(_deserter("100"), "LD-36-2023", corpus=CORPUS, as_of=CORPUS.decree("LD-36-2023").issued)
    stated = ar.evaluate(_deserter("100", caused_death=True), "LD-36-2023", corpus=CORPUS,
                         as_of=CORPUS.decree("LD-36-2023").issued)
    assert plain.rulings[0].ruling in ("pardoned", "conditional")
    assert stated.rulings[0].ruling == "excluded"


def test_a_stated_fact_that_contradicts_a_derived_one_is_refused_naming_both_fields() -> None:
    data = {"id": "j", "person": {"nationality": "syrian", "born": "1979-05-01"},
            "charges": [{"id": "c1", "statute": "penal-code", "article": "286", "offence_date": "2015-03-01",
                         "stage": "accused", "facts": {"juvenile": True}}]}
    with pytest.raises(InputError) as err:
        ar.load_profile(data, CORPUS.catalogue, "client.yaml")
    message = str(err.value)
    assert message.startswith("client.yaml: charges[0].facts.juvenile: expected false")
    assert "person.born 1979-05-01" in message and "offence_date 2015-03-01" in message
    data["charges"][0]["facts"] = {"arrested": True}
    data["person"]["whereabouts"] = "at_large_abroad"
    with pytest.raises(InputError, match=r"charges\[0\]\.facts\.arrested: expected false .*person\.whereabouts"):
        ar.load_profile(data, CORPUS.catalogue, "client.yaml")


def test_derivations_are_explained_in_the_tree() -> None:
    o = ar.evaluate(_deserter("101"), "LD-36-2023", corpus=CORPUS, as_of=CORPUS.decree("LD-36-2023").issued)
    keys = [x.key for x in o.rulings[0].reasons]
    assert "does_not_arise" in keys
    reason = next(x for x in o.rulings[0].reasons if x.key == "does_not_arise")
    assert "caused_death" in str(reason.params["fact"]) and reason.citation is not None
    assert reason.citation.decree == "rules/statutes.yaml" and reason.citation.article == "military-penal-code 101"


def test_age_on_counts_completed_years_as_relativedelta_does() -> None:
    """age_on is computed directly for speed; it must equal the calendar arithmetic of
    relativedelta on every birth date (each 29 February included) and day around it."""
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    from amnestyrules.case.derived import age_on
    births = [dt.date(y, m, d) for y in (1896, 1900, 1903, 1904, 1999, 2000, 2001, 2004)
              for m, d in ((1, 1), (2, 28), (2, 29), (3, 1), (12, 31)) if (m, d) != (2, 29) or y % 4 == 0 and y != 1900]
    checked = 0
    for born in births:
        for offset in range(-400, 365 * 110, 9):
            day = born + dt.timedelta(days=offset)
            for d in (day, day.replace(day=28) if day.month == 2 else day):
                assert age_on(born, d) == relativedelta(d, born).years, (born, d)
                checked += 1
    feb29 = dt.date(2000, 2, 29)
    assert age_on(feb29, dt.date(2019, 2, 28)) == 19 and age_on(feb29, dt.date(2019, 2, 27)) == 18
    assert checked > 50_000
