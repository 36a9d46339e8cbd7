"""Hypothesis strategies for amnestyrules: charges, persons, profiles and decrees.

Researchers state claims about a decree ("under LD-7-2022 no charge whose act caused a death is
ever pardoned") and let Hypothesis look for a counter-example. These strategies produce the
inputs such a search needs, and they are *derived from the model*, never from hand-kept lists:

* statutes, articles, categories and penalty kinds come from the statute catalogue;
* nationalities, whereabouts, stages and offence classes from :mod:`amnestyrules.model`;
* charge facts from :data:`amnestyrules.facts.CHARGE_FACTS`;
* match keys and condition kinds (for synthetic decrees) from :mod:`amnestyrules.rulefiles`;
* "interesting" dates and ages (cutoffs, deadlines, age limits) from the decree's own compiled
  checks, so boundaries such as "the day of the cutoff" are drawn often.

When a new fact, nationality or statute is added to the model or the catalogue, the strategies
draw it without any change here. Every profile drawn is one the loader would accept: dates are
real calendar dates, an offence is never before the person's birth nor after today, a penalty
never starts before the offence and its kind is one the charge's offence class can carry
(:meth:`~amnestyrules.catalogue.Catalogue.penalty_fits`), charge ids are unique.

Worked example: a claim about LD-7-2022 in a few lines::

    from hypothesis import given
    from amnestyrules import Tri, evaluate
    from amnestyrules.testing import profiles

    @given(profiles(decree="LD-7-2022", max_charges=4))
    def test_no_charge_that_caused_a_death_is_pardoned(profile):
        outcome = evaluate(profile, "LD-7-2022")
        for charge in profile.charges:
            if charge.fact("caused_death") is Tri.TRUE:
                assert outcome.ruling_for(charge.id).ruling != "pardoned"

``profiles(decree=...)`` steers most charges into the decree's scope (a provision selects
them), so the claim is tested on charges the decree actually acts on, not only on charges it
ignores. To draw charges that satisfy a particular rule (an exclusion, a provision's selector,
any predicate of the compiled decree), pass ``matching=``; :func:`truth` then tells whether the
drawn charge satisfies it for certain (unknown facts make the answer unknown)::

    death = decree.exclusions[0]                      # read from the Decree model
    @given(profiles(decree=decree, matching=death.when))
    def test(profile):
        first = profile.charges[0]
        assume(truth(death.when, first, profile.person, decree) is Tri.TRUE)
        ...

The module is public API: import it in your own tests. The strategies need Hypothesis
(``pip install "amnestyrules[testing]"``); they are imported on first use, so the case-file
runner and the pytest plugin in this package work without it.

Layout (a thin face over private modules by topic, as Hypothesis itself does): ``_draw``
(primitives), ``_dates``, ``_solver`` (wants that make a predicate true; three-valued truth),
``_articles``, ``_realise`` (wants -> a valid person and charge), ``_strategies`` (charges,
persons, profiles), ``_unknowns`` (unknowns and completions), ``_signatures``, ``_decrees``
(synthetic decrees); ``cases`` and ``pytest_plugin`` hold the lawyer-readable YAML cases.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the private module that defines it.
_HOME = {
    "charges": "_strategies", "persons": "_strategies", "profiles": "_strategies",
    "decrees": "_decrees", "decree_data": "_decrees",
    "GENERATED_CONDITION_KINDS": "_decrees", "GENERATED_MATCH_KEYS": "_decrees",
    "offence_dates": "_dates", "as_of_dates": "_dates",
    "completions": "_unknowns", "unknowns": "_unknowns", "fill_unknown": "_unknowns",
    "truth": "_solver",
    "to_profile_data": "_signatures", "outcome_signature": "_signatures",
    "KNOWN_NATIONALITIES": "_draw", "EARLIEST_BIRTH": "_draw",
}
__all__ = list(_HOME)

if TYPE_CHECKING:
    from amnestyrules.testing._dates import as_of_dates as as_of_dates
    from amnestyrules.testing._dates import offence_dates as offence_dates
    from amnestyrules.testing._decrees import GENERATED_CONDITION_KINDS as GENERATED_CONDITION_KINDS
    from amnestyrules.testing._decrees import GENERATED_MATCH_KEYS as GENERATED_MATCH_KEYS
    from amnestyrules.testing._decrees import decree_data as decree_data
    from amnestyrules.testing._decrees import decrees as decrees
    from amnestyrules.testing._draw import EARLIEST_BIRTH as EARLIEST_BIRTH
    from amnestyrules.testing._draw import KNOWN_NATIONALITIES as KNOWN_NATIONALITIES
    from amnestyrules.testing._signatures import outcome_signature as outcome_signature
    from amnestyrules.testing._signatures import to_profile_data as to_profile_data
    from amnestyrules.testing._solver import truth as truth
    from amnestyrules.testing._strategies import charges as charges
    from amnestyrules.testing._strategies import persons as persons
    from amnestyrules.testing._strategies import profiles as profiles
    from amnestyrules.testing._unknowns import completions as completions
    from amnestyrules.testing._unknowns import fill_unknown as fill_unknown
    from amnestyrules.testing._unknowns import unknowns as unknowns


def __getattr__(name: str) -> Any:
    """Import a strategy on first use; without Hypothesis, say which extra provides it."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'amnestyrules.testing' has no attribute {name!r}")
    try:
        module = importlib.import_module(f"amnestyrules.testing.{home}")
    except ModuleNotFoundError as exc:
        if exc.name != "hypothesis":
            raise
        raise ImportError("amnestyrules.testing's strategies need Hypothesis: "
                          "pip install 'amnestyrules[testing]'") from exc
    value = getattr(module, name)
    globals()[name] = value
    return value
