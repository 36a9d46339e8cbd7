"""The one door to legal answers for every analysis: a decree, a corpus, a backend and a date.

Every analysis asks the engine through :class:`_Engine` (evaluating modified profiles), so it
can never disagree with the evaluation it explains.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union

import attrs

from amnestyrules.case.model import Profile
from amnestyrules.engine.answers import Outcome, Ruling
from amnestyrules.engine.backends import Backend, get_backend
from amnestyrules.engine.budget import Budget
from amnestyrules.engine.checks import CheckTable, check_table
from amnestyrules.engine.evaluate import evaluate, judged_on
from amnestyrules.law.corpus import Corpus, default_corpus
from amnestyrules.law.model import Decree

#: Outcomes in which the person walks free under the decree (possibly once a condition is met).
RELEASING_OUTCOMES = frozenset({"released", "released_if"})
#: Rulings that lift a charge (possibly once a condition is met).
RELEASING_RULINGS = frozenset({"pardoned", "conditional"})
#: Default bound on the sub-profiles the blocking-set search may enumerate: every subset of a
#: profile of up to 16 charges; beyond that, every subset up to the size that fits.
MAX_SUBSETS = 1 << 16
#: How close each verdict is to freedom, for ranking decrees (lower is closer).
VERDICT_ORDER = {"released": 0, "released_if": 1, "undetermined": 2, "sentence_reduced": 3, "blocked": 4,
                 "out_of_reach": 5}
#: Bound on the articles tried when looking for a covered article of the same statute.
MAX_ARTICLE_CANDIDATES = 600

DecreeRef = Union[Decree, str]


# =========================================================================== the engine, as used here

@attrs.frozen
class _Engine:
    """One decree, one corpus, one backend: the only door to legal answers in this module."""

    corpus: Corpus
    decree: Decree
    backend: Backend
    as_of: Optional[dt.date]
    #: the request's work budget, shared by every evaluation an analysis asks for
    budget: Budget = attrs.field(factory=Budget)

    @property
    def table(self) -> CheckTable:
        return check_table(self.decree)

    def outcome(self, profile: Profile) -> Outcome:
        return evaluate(profile, self.decree, corpus=self.corpus, backend=self.backend, as_of=self.as_of,
                        budget=self.budget)

    def ruling(self, profile: Profile, charge_id: str) -> Ruling:
        """The ruling on one charge, from the sub-profile that holds only that charge."""
        charge = next(c for c in profile.charges if c.id == charge_id)
        return self.outcome(attrs.evolve(profile, charges=(charge,))).rulings[0]


def _engine(decree: DecreeRef, corpus: Optional[Corpus], backend: Union[str, Backend],
            as_of: Optional[dt.date], budget: Optional[Budget] = None) -> _Engine:
    corpus = corpus or default_corpus()
    d = corpus.decree(decree) if isinstance(decree, str) else decree
    engine = get_backend(backend) if isinstance(backend, str) else backend
    return _Engine(corpus, d, engine, judged_on(as_of), budget if budget is not None else Budget())


