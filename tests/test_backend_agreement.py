"""The two backends must give identical answers: every example, every golden case, every decree.

The python backend is the oracle; the durable backend runs the same checks in the
durable-rules engine. Since legal meaning lives in :mod:`amnestyrules.rulings` (shared), any
difference here is a matching difference in the engine adapter. Comparison is attrs
equality of the whole :class:`~amnestyrules.model.Outcome`: verdict, rulings, reasons
(traces), deciding facts, conditions, warnings.

Collection globs the directories, so decrees, examples and case files that others add are
checked without editing this file. A case file that fails to load fails its own test only.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Optional

import pytest

from amnestyrules.articles import parse_article
from amnestyrules.cases import load_case_file
from amnestyrules.corpus import default_corpus
from amnestyrules.evaluate import evaluate
from amnestyrules.facts import CHARGE_FACTS
from amnestyrules.model import Outcome, Profile
from amnestyrules.profiles import load_profile, load_profile_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASE_FILES = sorted((ROOT / "tests" / "cases").glob("*.cases.yaml"))
CORPUS = default_corpus()
DECREES = CORPUS.ids()


def difference(a: Outcome, b: Outcome) -> str:
    """Where two outcomes first differ, in words (the assertion message)."""
    for field in ("outcome", "blocking", "deciding_facts", "conditions", "confidence", "reasons", "warnings"):
        if getattr(a, field, None) != getattr(b, field, None):
            return f"{field}: python {getattr(a, field, None)!r} != durable {getattr(b, field, None)!r}"
    for ra, rb in zip(a.rulings, b.rulings):
        if ra != rb:
            return f"ruling of {ra.charge}: python {ra!r} != durable {rb!r}"
    return "outcomes differ"


def both(profile: Profile, decree: str, as_of: Optional[dt.date] = None) -> tuple[Outcome, Outcome]:
    return (evaluate(profile, decree, corpus=CORPUS, backend="python", as_of=as_of),
            evaluate(profile, decree, corpus=CORPUS, backend="durable", as_of=as_of))


def test_the_corpus_and_the_fixtures_are_found() -> None:
    # Guards the globs: an empty parametrisation would pass vacuously.
    assert "LD-7-2022" in DECREES
    assert EXAMPLES and CASE_FILES


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("as_of", [None, dt.date(2031, 1, 1)], ids=["no-as-of", "as-of-2031"])
def test_every_example_under_every_decree(path: Path, as_of: Optional[dt.date]) -> None:
    profile = load_profile_file(path, CORPUS.catalogue)
    for decree in DECREES:
        py, du = both(profile, decree, as_of)
        assert py == du, f"{path.name} under {decree}: {difference(py, du)}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_every_golden_case(path: Path) -> None:
    cases = load_case_file(path, CORPUS)
    compared = 0
    for case in cases:
        for decree in case.decrees:
            py, du = both(case.profile, decree, case.as_of)
            assert py == du, f"{path.name}, case {case.name!r} under {decree}: {difference(py, du)}"
            compared += 1
    assert compared >= len(cases)


# ------------------------------------------------------------------ generated profiles

def random_profile(rng: random.Random, index: int) -> Profile:
    """A plausible profile: catalogue statutes and articles, dates around the decrees, unknowns."""
    cat = CORPUS.catalogue
    statutes = sorted(cat.statutes)
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
    person: dict = {"nationality": rng.choice(["syrian", "syrian", "foreign", "unknown"]),
                    "whereabouts": rng.choice(["custody", "custody", "at_large_in_syria", "at_large_abroad"])}
    if rng.random() < 0.8:
        person["born"] = born.isoformat()
    if rng.random() < 0.5:
        person["incurable_illness"] = rng.random() < 0.2
    if person["whereabouts"] != "custody" and rng.random() < 0.4:
        person["surrendered_on"] = (dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(0, 5400))).isoformat()
    charges = []
    for k in range(rng.randint(1, 4)):
        statute = cat.statutes[rng.choice(statutes)]
        spans = [e for e in statute.articles if e.first is not None and e.last is not None]
        entry = rng.choice(spans) if spans else None
        article = rng.randint(entry.first, entry.last) if entry else rng.randint(1, 400)
        low = max(dt.date(2005, 1, 1), born + dt.timedelta(days=365 * 14))
        offence = low + dt.timedelta(days=rng.randrange(0, max(1, (dt.date(2025, 6, 1) - low).days)))
        charge: dict = {"id": f"c{k + 1}", "statute": statute.id, "article": str(article),
                        "stage": rng.choice(["accused", "convicted", "convicted_in_absentia"]),
                        "offence_date": "unknown" if rng.random() < 0.1 else offence.isoformat()}
        if rng.random() < 0.6:   # a penalty the article's class can carry (the loader refuses others)
            klass = cat.article_info(statute.id, parse_article(str(article))).offence_class  # type: ignore[arg-type]
            kinds = [k for k in sorted(cat.penalties) if cat.penalty_fits(k, klass)]
            charge["penalty"] = {"kind": rng.choice(kinds), "years": rng.randint(1, 20)}
        charge["facts"] = {f: rng.random() < 0.3 for f in CHARGE_FACTS if rng.random() < 0.85}
        charges.append(charge)
    return load_profile({"id": f"gen-{index}", "person": person, "charges": charges}, cat, f"<generated {index}>")


@pytest.mark.parametrize("seed", range(4))
def test_generated_profiles_under_every_decree(seed: int) -> None:
    rng = random.Random(seed)
    for i in range(15):
        profile = random_profile(rng, i)
        for decree in DECREES:
            py, du = both(profile, decree)
            assert py == du, f"seed {seed}, profile {i} under {decree}: {difference(py, du)}"
