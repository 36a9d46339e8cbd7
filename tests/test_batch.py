"""evaluate_many: the same answers as evaluate_all, in input order, streamed, on one or two processes."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Iterator

import pytest

import amnestyrules as ar
from amnestyrules.case.model import Profile

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ar.load_corpus()
AS_OF = dt.date(2026, 12, 1)
EXAMPLES = [ar.load_profile_file(p, CORPUS.catalogue) for p in sorted((ROOT / "examples").glob("*.yaml"))]


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_outcomes_as_evaluate_all_in_input_order(jobs: int) -> None:
    profiles = EXAMPLES * 3   # more than one chunk's worth of work is not needed: order is what matters
    got = list(ar.evaluate_many(profiles, corpus=CORPUS, as_of=AS_OF, jobs=jobs))
    want = [ar.evaluate_all(p, corpus=CORPUS, as_of=AS_OF) for p in profiles]
    assert got == want
    assert [o[0].profile for o in got] == [p.id for p in profiles]


def test_chosen_decrees_come_in_issue_order() -> None:
    got = next(ar.evaluate_many(EXAMPLES[:1], ["LD-7-2022", "LD-34-2011"], corpus=CORPUS, as_of=AS_OF))
    assert [o.decree for o in got] == ["LD-34-2011", "LD-7-2022"]


def test_streams_without_reading_the_whole_input() -> None:
    read = []

    def endless() -> Iterator[Profile]:
        for i in itertools.count():
            read.append(i)
            yield EXAMPLES[i % len(EXAMPLES)]

    first = list(itertools.islice(ar.evaluate_many(endless(), ["LD-7-2022"], corpus=CORPUS, as_of=AS_OF), 5))
    assert len(first) == 5 and len(read) < 10


def test_an_unknown_decree_is_refused_before_any_work() -> None:
    with pytest.raises(ar.AmnestyRulesError):
        next(ar.evaluate_many(EXAMPLES, ["LD-999-2099"], corpus=CORPUS, jobs=2))


def test_workers_send_what_the_reference_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the profiles the parent evaluates itself, worker processes answer: their outcomes (sent
    by reference to memo values, or pickled with recipes for their explanations) equal the
    reference's, explanations included, and come back in input order."""
    import random

    from amnestyrules.engine import batch
    from test_backend_agreement import random_profile
    monkeypatch.setattr(batch, "WARM", 4)
    monkeypatch.setattr(batch, "CHUNK", 8)
    rng = random.Random(9)
    profiles = [random_profile(rng, i) for i in range(60)] + EXAMPLES * 2
    got = list(ar.evaluate_many(profiles, corpus=CORPUS, as_of=AS_OF, jobs=2))
    assert [o[0].profile for o in got] == [p.id for p in profiles]
    for p, outcomes in zip(profiles, got):
        assert outcomes == ar.evaluate_all(p, corpus=CORPUS, as_of=AS_OF, backend="python"), p.id
