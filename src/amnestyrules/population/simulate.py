"""Run a synthetic population through the decrees: generate, evaluate, tally, all streamed.

Nothing holds the population: profiles are drawn as :func:`amnestyrules.evaluate_many` asks for
them and each is dropped once its outcomes are counted, so 132,000 people take the memory of a
few hundred (evaluate_many bounds the work in flight).
"""

from __future__ import annotations

import collections
from typing import Callable, Iterator, Optional

from amnestyrules.case.model import Profile
from amnestyrules.engine.batch import evaluate_many
from amnestyrules.law.corpus import Corpus
from amnestyrules.population.config import PopulationConfig
from amnestyrules.population.generate import generate
from amnestyrules.population.summary import PopulationSummary, Tally


def simulate(config: PopulationConfig, corpus: Corpus, *, jobs: int = 1,
             progress: Optional[Callable[[int], None]] = None) -> PopulationSummary:
    """The summary of the config's population under its decrees (every decree unless it names some).
    ``progress`` is called with the number of profiles counted so far."""
    for d in config.decrees or ():
        corpus.decree(d)
    in_flight: collections.deque[Profile] = collections.deque()

    def profiles() -> Iterator[Profile]:
        for p in generate(config, corpus.catalogue):
            in_flight.append(p)
            yield p

    tally = Tally()
    # 'decrees: all' means every decree of the corpus, those issued after the config's as_of too:
    # a population study asks what each decree's text would do to these people (the summary says
    # which decrees came later), where a lawyer's question is limited to the decrees of its day.
    decrees = config.decrees or tuple(d.id for d in corpus.in_issue_order())
    for outcomes in evaluate_many(profiles(), decrees, corpus=corpus, as_of=config.as_of, jobs=jobs):
        profile = in_flight.popleft()
        assert not outcomes or outcomes[0].profile == profile.id, "evaluate_many keeps input order"
        tally.add(profile, outcomes)
        if progress is not None:
            progress(tally.size)
    return tally.summary(corpus, config.name, name_ar=config.name_ar)
